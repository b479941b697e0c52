"""The national table: items become rows with ticks, merged across levels, with a unit's own name."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import NamedTuple

from .catalogue import split_bodies
from .models import Item, Unit
from .rules.exemptions import exemptions_of
from .vocab import Method, Scope, clean


@dataclass(frozen=True)
class LevelColumn:
    """One 公开层级 tick column."""

    id: str
    name: str


class Row(NamedTuple):
    """One item as the national table prints it: text cells and √ cells. The first four fields are the
    table's (where the row stands, its levels, the 公开主体 on this page); the rest are the item's own.
    A named tuple rather than a frozen dataclass: a county's site makes tens of thousands of rows,
    and a tuple is made several times faster."""

    anchor: str
    number: int
    levels: tuple[str, ...]
    body: str
    category: str
    subcategory: str
    content: str
    basis: tuple[str, ...]
    time_limit: str
    channels: tuple[str, ...]
    public: bool
    group: bool
    group_name: str
    proactive: bool
    on_request: bool
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

    @cached_property
    def has_remarks(self) -> bool:
        return any(row.remarks or row.url for row in self.rows)


class RowRef(NamedTuple):
    """A row where the site shows it: for the search index and the laws index. A named tuple: a site
    has one for every row, and a frozen dataclass takes several times as long to make."""

    href: str
    domain: str
    where: str  # the levels, or the unit, the row belongs to
    row: Row

    @property
    def title(self) -> str:
        category, subcategory = self.row.category, self.row.subcategory
        return f"{category} / {subcategory}" if category and subcategory else category or subcategory


@lru_cache(maxsize=16384)
def anchor(*parts: str) -> str:
    """A stable fragment id for an item: it survives reordering and needs no escaping. Cached: the
    domain page, the level's list and the data files all link to the same row."""
    return "i-" + hashlib.sha1("\0".join(parts).encode()).hexdigest()[:10]


ItemFields = tuple[
    str, str, str, tuple[str, ...], str, tuple[str, ...], bool, bool, str, bool, bool, tuple[str, ...], str
]


def item_fields(item: Item) -> ItemFields:
    """What `item` gives every row of it: the fields of `Row` after `body`, in their order."""
    scopes, methods = item.audience.scopes, item.methods
    sub, subsub = item.subcategory, item.subsubcategory
    return (
        item.category,
        f"{sub} / {subsub}" if sub and subsub else sub or subsub or "",
        item.content,
        tuple(item.basis),
        item.time_limit,
        tuple(item.channels),
        _PUBLIC in scopes,
        _GROUP in scopes,
        item.audience.group or "",
        _PROACTIVE in methods,
        _ON_REQUEST in methods,
        remarks(item),
        item.url or "",
    )


# Enum members looked up once: in Python 3.11 a member read from its class takes several times as
# long as a global, and every item's row reads four of them.
_PUBLIC, _GROUP, _PROACTIVE, _ON_REQUEST = Scope.PUBLIC, Scope.GROUP, Method.PROACTIVE, Method.ON_REQUEST


class RowMaker:
    """The rows of one site. An item is shown in several tables (its domain page, its level's list,
    the list of each unit sharing it): what it gives its rows is read once, and a row that comes out
    the same in two tables is made once and shared (rows are immutable)."""

    def __init__(self) -> None:
        # By the item's id; each entry keeps its item, so that no other object takes that id.
        self._items: dict[int, tuple[Item, str, ItemFields]] = {}
        self._rows: dict[tuple[int, int, tuple[str, ...], tuple[str, ...], str], Row] = {}
        self._lists: dict[tuple[object, ...], tuple[Row, ...]] = {}  # by where, levels and items' ids

    def rows(self, items: list[Item], where: tuple[str, ...], levels: tuple[str, ...]) -> tuple[Row, ...]:
        """The rows of a list of items numbered from 1, as `row` makes them. A list is made once: a domain
        written at one level has the same rows on its page as in its level's list."""
        # The items' ids stand for them: once the list is made, each is kept in `_items`.
        made = (where, levels, *map(id, items))
        rows = self._lists.get(made)
        if rows is None:
            rows = self._lists[made] = tuple(
                [self.row(item, n, where, levels) for n, item in enumerate(items, 1)]
            )
        return rows

    def row(
        self,
        item: Item,
        number: int,
        where: tuple[str, ...],
        levels: tuple[str, ...],
        body: str | None = None,
    ) -> Row:
        """The row of `item`, its anchor made of `where` (the domain, the level, a unit) and the item's
        identity; `body` replaces its 公开主体 on a unit's own page."""
        body = body or item.body
        made = (id(item), number, where, levels, body)
        row = self._rows.get(made)
        if row is None:
            known = self._items.get(id(item))
            if known is None:
                known = self._items[id(item)] = (item, item.identity, item_fields(item))
            row = self._rows[made] = Row._make((anchor(*where, known[1]), number, levels, body, *known[2]))
        return row


def remarks(item: Item) -> tuple[str, ...]:
    """What the 备注 column shows: the note, columns kept from an imported table, the 五公开 class and
    the reasons of written exemptions."""
    lines = [item.note] if item.note else []
    if item.other_columns:
        lines += [f"{name}：{text}" for name, text in item.other_columns.items()]
    if item.openness:
        lines.append("五公开：" + "、".join(item.openness))
    if item.exemptions:
        lines += [
            f"{exemption.title}的理由：{exemption.reason}" if exemption.title else f"说明：{exemption.reason}"
            for exemption in exemptions_of(item)
        ]
    return tuple(lines)


def merge_levels(lists: list[tuple[str, list[Item]]]) -> list[tuple[Item, tuple[str, ...]]]:
    """Items of several levels in one list; an item written identically at two levels is one row."""
    merged: list[tuple[Item, tuple[str, ...]]] = []
    by_identity: dict[str, list[int]] = {}
    for level, items in lists:
        for item in items:
            identity = item.identity
            written = by_identity.get(identity)
            if written is None:  # the usual case: nothing merged, no model compared
                by_identity[identity] = [len(merged)]
            else:
                same = next((i for i in written if merged[i][0] == item), None)
                if same is not None:
                    first, levels = merged[same]
                    merged[same] = (first, (*levels, level))
                    continue
                written.append(len(merged))
            merged.append((item, (level,)))
    return merged


def own_body(body: str, generic: str | None, unit: Unit) -> str:
    """`乡镇人民政府（街道办事处）、县自然资源局` → `城关镇人民政府、县自然资源局` on 城关镇's page."""
    parts = _bodies(body, generic) if generic else None
    if parts is None:
        return body
    return "、".join(unit.name if part is None else part for part in parts)


@lru_cache(maxsize=4096)
def _bodies(body: str, generic: str) -> tuple[str | None, ...] | None:
    """The bodies in `body`, None standing for the generic one; None if it is not among them. Cached:
    every unit sharing a list has its own page, with the same bodies in it."""
    wanted = clean(generic)
    parts = tuple(None if clean(part) == wanted else part for part in split_bodies(body))
    return parts if None in parts else None
