"""The rule registry: each rule module defines its codes and registers pure check functions here.

Three phases, each a list of functions: item checks see one item at a time, catalogue checks see
the whole project, review checks see every diagnostic found so far (to spot unused exemptions).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum

from ..catalogue import Catalogue, Entry
from ..diagnostics import Code, Diagnostic, Severity, make, register
from ..models import Item, LevelDecl
from ..project import Project
from ..vocab import Method
from . import citations, timelimit
from .laws import Cited, LawRegistry, registry_for

GROUPS = ("时限", "依据", "渠道", "公开对象", "主体", "个人信息", "一致性", "覆盖", "豁免")
EXPLANATIONS: dict[str, str] = {}


def define(
    code: str,
    severity: Severity,
    title: str,
    message: str,
    hint: str,
    *,
    basis: str,
    group: str,
    explain: str,
) -> str:
    """Register one rule code with its legal basis and the explanation shown in docs/rules.md."""
    register(Code(code, severity, title, message, hint, basis=basis, group=group))
    EXPLANATIONS[code] = explain
    return code


class LevelKind(StrEnum):
    """What a declared level is, whatever the project calls it."""

    COUNTY = "县级"
    TOWNSHIP = "乡级"
    VILLAGE = "村级"
    OTHER = "其他"


_KIND_BY_ID = {"county": LevelKind.COUNTY, "township": LevelKind.TOWNSHIP, "village": LevelKind.VILLAGE}


def level_kind(level: LevelDecl) -> LevelKind:
    """County, township or village, from the level's id or else its name (村（居）级, 镇街级, 区级 …)."""
    if level.id in _KIND_BY_ID:
        return _KIND_BY_ID[level.id]
    for kind, marks in (
        (LevelKind.VILLAGE, ("村", "居", "社区")),
        (LevelKind.TOWNSHIP, ("乡", "镇", "街")),
        (LevelKind.COUNTY, ("县", "区", "市", "旗")),
    ):
        if any(mark in level.name for mark in marks):
            return kind
    return LevelKind.OTHER


@dataclass
class ProjectFacts:
    """What every rule may need about the project: its catalogue, laws registry and level kinds."""

    catalogue: Catalogue
    laws: LawRegistry
    kinds: dict[str, LevelKind]

    @property
    def project(self) -> Project:
        return self.catalogue.project

    @classmethod
    def of(cls, catalogue: Catalogue) -> ProjectFacts:
        project = catalogue.project
        kinds = {level_id: level_kind(level) for level_id, level in project.levels.items()}
        return cls(catalogue, registry_for(project.file.laws), kinds)


class ItemFacts:
    """One item and what is derived from it; parsed values come from caches shared by equal texts."""

    __slots__ = (
        "basis",
        "entry",
        "index",
        "item",
        "kind",
        "on_request",
        "proactive",
        "project",
        "time_limit",
    )

    def __init__(self, project: ProjectFacts, entry: Entry, index: int, item: Item, kind: LevelKind) -> None:
        self.project, self.entry, self.index, self.item, self.kind = project, entry, index, item, kind
        methods = item.methods
        self.proactive = _PROACTIVE in methods
        self.on_request = _ON_REQUEST in methods
        self.time_limit = timelimit.parse(item.time_limit)
        self.basis = project.laws.basis(tuple(item.basis))

    @property
    def bases(self) -> tuple[citations.Basis, ...]:
        return self.basis.bases

    @property
    def cited(self) -> tuple[Cited, ...]:
        return self.basis.cited

    def at(self, key: str, nth: int | None = None) -> tuple[int, int]:
        """Where the item's element `key` (or the `nth` entry of its list) stands."""
        if nth is not None:
            found = self.entry.positions.get(("事项", self.index, key, nth))
            if found:
                return found
        return self.entry.position(self.index, key)

    def make(self, code: str, key: str, nth: int | None = None, **values: object) -> Diagnostic:
        """A diagnostic on this item's element `key` (on the `nth` entry when it is a list)."""
        path: tuple[str | int, ...] = ("事项", self.index, key)
        if nth is not None:
            path += (nth,)
        return make(code, self.entry.file, *self.at(key, nth), path, **values)


_PROACTIVE, _ON_REQUEST = Method.PROACTIVE, Method.ON_REQUEST  # looked up once: see channels.py

ItemCheck = Callable[[ItemFacts], list[Diagnostic]]  # a list, not a generator: called for every item
CatalogueCheck = Callable[[ProjectFacts], Iterable[Diagnostic]]
ReviewCheck = Callable[[ProjectFacts, list[Diagnostic]], Iterable[Diagnostic]]

ITEM_CHECKS: list[ItemCheck] = []
CATALOGUE_CHECKS: list[CatalogueCheck] = []
REVIEW_CHECKS: list[ReviewCheck] = []


def item_check(check: ItemCheck) -> ItemCheck:
    ITEM_CHECKS.append(check)
    return check


def catalogue_check(check: CatalogueCheck) -> CatalogueCheck:
    CATALOGUE_CHECKS.append(check)
    return check


def review_check(check: ReviewCheck) -> ReviewCheck:
    REVIEW_CHECKS.append(check)
    return check


def run(catalogue: Catalogue, problems: list[Diagnostic]) -> list[Diagnostic]:
    """Every registered rule over one project's catalogue; `problems` are those found before the rules."""
    facts = ProjectFacts.of(catalogue)
    found: list[Diagnostic] = []
    for entry in catalogue.entries:
        kind = facts.kinds.get(entry.level, LevelKind.OTHER)
        for index, item in enumerate(entry.data.items):
            item_facts = ItemFacts(facts, entry, index, item, kind)
            for check in ITEM_CHECKS:
                if problems_found := check(item_facts):  # nearly always none: no call to add them
                    found += problems_found
    for catalogue_rule in CATALOGUE_CHECKS:
        found.extend(catalogue_rule(facts))
    seen = [*problems, *found]
    for review in REVIEW_CHECKS:
        found.extend(review(facts, seen))
    return found
