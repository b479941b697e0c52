"""一致性 rules (seed 二(九)): the same matter at county, township and village level reads the same."""

from __future__ import annotations

from collections.abc import Iterator

from ..catalogue import Entry
from ..diagnostics import Diagnostic, Severity, make
from ..models import Item, Unit
from ..vocab import clean
from .laws import edit_distance
from .registry import LevelKind, ProjectFacts, catalogue_check, define
from .sources import DOC54, SEED_9

W = Severity.WARNING
BASIS = f"{SEED_9}；{DOC54}"
_RANK = {LevelKind.COUNTY: 0, LevelKind.TOWNSHIP: 1, LevelKind.VILLAGE: 2}

NAME_DIFFERS = define(
    "ZW501",
    W,
    "同一事项在各层级名称不一致",
    "事项「{title}」与{level}目录中的「{other}」{why}，名称却不同",
    "同一事项在各层级用同一个名称，群众才能对照查找：改成与{level}目录相同的名称",
    basis=BASIS,
    group="一致性",
    explain="同一领域里，下级目录的事项与上级目录的事项编号相同、名称不同，或者一级事项相同、二级事项只差"
    "一两个字（6 个字以上的名称）而两边又各自没有对方的名称时报告。比较的是相邻的层级：村级与乡级"
    "（没有乡级目录时与县级），乡级与县级。",
)
CONTENT_DIFFERS = define(
    "ZW502",
    W,
    "村级与乡级同一事项的公开内容不一致",
    "村级事项「{title}」的公开内容与{level}目录中的同一事项不一致（{level}目录：{other}）",
    "村（居）务公开与政务公开的相同事项，公开内容应当对应一致：改为与{level}目录相同，或者两边一起修改",
    basis=BASIS,
    group="一致性",
    explain="实施方案二（九）要求政务公开与村（居）务公开有效衔接、相同事项的公开内容对应一致。村级目录中"
    "与乡级目录（没有乡级目录时与县级目录）标识相同的事项，公开内容不同时报告。县级与乡级同名事项的内容"
    "可以按层级不同（如乡级写「辖区内…」），不在此列。",
)


def _parents(unit: Unit, parent: Unit | None = None) -> Iterator[tuple[str, Unit | None]]:
    yield unit.id, parent
    for child in unit.children:
        yield from _parents(child, unit)


def _upper(
    facts: ProjectFacts, entry: Entry, parents: dict[str, Unit | None]
) -> tuple[str, list[Item]] | None:
    """The nearest upper level with this domain, and its items (the parent unit's own where it has them)."""
    rank = _RANK.get(facts.kinds[entry.level])
    levels = [
        level
        for level, kind in facts.kinds.items()
        if kind in _RANK
        and rank is not None
        and _RANK[kind] < rank
        and (level, entry.domain) in facts.catalogue.shared
    ]
    if not levels:
        return None
    upper = max(levels, key=lambda level: _RANK[facts.kinds[level]])
    parent = parents.get(entry.unit) if entry.unit else None
    unit = parent.id if parent is not None and parent.level == upper else None
    return upper, facts.catalogue.items_for(upper, entry.domain, unit)


def _pairs(facts: ProjectFacts) -> Iterator[tuple[Entry, str, list[Item]]]:
    parents = dict(_parents(facts.project.government))
    for entry in facts.catalogue.entries:
        found = _upper(facts, entry, parents)
        if found is not None:
            yield entry, *found


def _close(a: str, b: str) -> bool:
    limit = 2 if min(len(a), len(b)) >= 12 else 1
    return min(len(a), len(b)) >= 6 and a != b and edit_distance(a, b, limit) <= limit


def _renamed(lower: list[Item], upper: list[Item]) -> Iterator[tuple[int, Item, str]]:
    """(index, upper item, why) for each lower item that names an upper item differently."""
    by_id = {item.id: item for item in upper if item.id}
    upper_names = {item.identity for item in upper}
    lower_names = {item.identity for item in lower}
    for index, item in enumerate(lower):
        same_id = by_id.get(item.id) if item.id else None
        if same_id is not None:
            if same_id.title != item.title:
                yield index, same_id, f"编号都是「{item.id}」"
            continue
        if item.identity in upper_names or not item.subcategory:
            continue
        close = [
            other
            for other in upper
            if other.category == item.category
            and other.subcategory
            and other.identity not in lower_names
            and _close(item.subcategory, other.subcategory)
        ]
        if len(close) == 1:
            yield index, close[0], "只差一两个字"


@catalogue_check
def names_across_levels(facts: ProjectFacts) -> Iterator[Diagnostic]:
    for entry, level, upper in _pairs(facts):
        name = facts.project.levels[level].name
        for index, other, why in _renamed(entry.data.items, upper):
            key = "二级事项" if entry.data.items[index].subcategory else "一级事项"
            yield make(
                NAME_DIFFERS,
                entry.file,
                *entry.position(index, key),
                ("事项", index, key),
                title=entry.data.items[index].title,
                other=other.title,
                level=name,
                why=why,
            )


def _shortened(text: str, size: int = 40) -> str:
    return text if len(text) <= size else text[:size] + "…"


@catalogue_check
def content_across_levels(facts: ProjectFacts) -> Iterator[Diagnostic]:
    for entry, level, upper in _pairs(facts):
        if facts.kinds[entry.level] is not LevelKind.VILLAGE:
            continue
        by_identity = {item.identity: item for item in upper}
        for index, item in enumerate(entry.data.items):
            other = by_identity.get(item.identity)
            if other is not None and clean(other.content) != clean(item.content):
                yield make(
                    CONTENT_DIFFERS,
                    entry.file,
                    *entry.position(index, "公开内容"),
                    ("事项", index, "公开内容"),
                    title=item.title,
                    level=facts.project.levels[level].name,
                    other=_shortened(other.content),
                )
