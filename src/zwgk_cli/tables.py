"""The national table: items become rows with ticks, merged across levels, with a unit's own name."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from .catalogue import split_bodies
from .models import Item, Unit
from .rules.exemptions import exemptions_of
from .vocab import Method, Scope, clean


@dataclass(frozen=True)
class LevelColumn:
    """One 公开层级 tick column."""

    id: str
    name: str


@dataclass(frozen=True)
class Row:
    """One item as the national table prints it: text cells and √ cells."""

    anchor: str
    number: int
    category: str
    subcategory: str
    content: str
    basis: tuple[str, ...]
    time_limit: str
    body: str
    channels: tuple[str, ...]
    public: bool
    group: bool
    group_name: str
    proactive: bool
    on_request: bool
    levels: tuple[str, ...]
    remarks: tuple[str, ...]
    url: str

    @property
    def methods(self) -> tuple[str, ...]:
        return tuple(
            m for m, on in ((Method.PROACTIVE, self.proactive), (Method.ON_REQUEST, self.on_request)) if on
        )

    @property
    def scopes(self) -> tuple[str, ...]:
        return tuple(s for s, on in ((Scope.PUBLIC, self.public), (Scope.GROUP, self.group)) if on)


@dataclass(frozen=True)
class Table:
    """A captioned table; `levels` are its 公开层级 columns (none on a one-level page)."""

    id: str
    caption: str
    levels: tuple[LevelColumn, ...]
    rows: tuple[Row, ...]

    @property
    def has_remarks(self) -> bool:
        return any(row.remarks or row.url for row in self.rows)


@dataclass(frozen=True)
class RowRef:
    """A row where the site shows it: for the search index and the laws index."""

    href: str
    domain: str
    where: str  # the levels, or the unit, the row belongs to
    row: Row
    title: str = field(init=False)

    def __post_init__(self) -> None:
        title = " / ".join(p for p in (self.row.category, self.row.subcategory) if p)
        object.__setattr__(self, "title", title)


def anchor(*parts: str) -> str:
    """A stable fragment id for an item: it survives reordering and needs no escaping."""
    return "i-" + hashlib.sha1("\0".join(parts).encode()).hexdigest()[:10]


def make_row(item: Item, number: int, key: str, levels: tuple[str, ...], body: str | None = None) -> Row:
    """The row of `item`; `body` replaces its 公开主体 on a unit's own page."""
    return Row(
        anchor=key,
        number=number,
        category=item.category,
        subcategory=" / ".join(p for p in (item.subcategory, item.subsubcategory) if p),
        content=item.content,
        basis=tuple(item.basis),
        time_limit=item.time_limit,
        body=body or item.body,
        channels=tuple(item.channels),
        public=Scope.PUBLIC in item.audience.scopes,
        group=Scope.GROUP in item.audience.scopes,
        group_name=item.audience.group or "",
        proactive=Method.PROACTIVE in item.methods,
        on_request=Method.ON_REQUEST in item.methods,
        levels=levels,
        remarks=remarks(item),
        url=item.url or "",
    )


def remarks(item: Item) -> tuple[str, ...]:
    """What the 备注 column shows: the note, columns kept from an imported table, the 五公开 class and
    the reasons of written exemptions."""
    lines = [item.note] if item.note else []
    lines += [f"{name}：{text}" for name, text in item.other_columns.items()]
    if item.openness:
        lines.append("五公开：" + "、".join(item.openness))
    for exemption in exemptions_of(item):
        lines.append(
            f"{exemption.title}的理由：{exemption.reason}" if exemption.title else f"说明：{exemption.reason}"
        )
    return tuple(lines)


def merge_levels(lists: list[tuple[str, list[Item]]]) -> list[tuple[Item, tuple[str, ...]]]:
    """Items of several levels in one list; an item written identically at two levels is one row."""
    merged: list[tuple[Item, list[str]]] = []
    by_identity: dict[str, list[int]] = {}
    for level, items in lists:
        for item in items:
            same = [i for i in by_identity.get(item.identity, []) if merged[i][0] == item]
            if same:
                merged[same[0]][1].append(level)
                continue
            by_identity.setdefault(item.identity, []).append(len(merged))
            merged.append((item, [level]))
    return [(item, tuple(levels)) for item, levels in merged]


def own_body(body: str, generic: str | None, unit: Unit) -> str:
    """`乡镇人民政府（街道办事处）、县自然资源局` → `城关镇人民政府、县自然资源局` on 城关镇's page."""
    if not generic:
        return body
    parts = split_bodies(body)
    wanted = clean(generic)
    if not any(clean(p) == wanted for p in parts):
        return body
    return "、".join(unit.name if clean(p) == wanted else p for p in parts)
