"""The page contexts: one typed, frozen value per page, all a template gets besides the site."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, NamedTuple

if TYPE_CHECKING:  # annotations only: the build cache reads rows and links without the render stage
    from .catalogue import Catalogue
    from .law_index import Law
    from .models import LevelDecl, Unit
    from .registry import Domain
    from .tables import LevelColumn, Table


@dataclass(frozen=True)
class Link:
    text: str
    href: str  # relative to the site root


@dataclass(frozen=True)
class Page:
    """What every page has: where it is written, its title and the dates portals print."""

    template: ClassVar[str] = ""
    path: str
    title: str
    updated: dt.date | None
    versions: tuple[str, ...]

    @property
    def root(self) -> str:
        """The relative way back to the site root, so links work from file:// and any sub-path."""
        return "../" * self.path.count("/")


@dataclass(frozen=True)
class Note:
    """A titled line of text: a level's 说明, or an item that does not apply and why."""

    title: str
    text: str


@dataclass(frozen=True)
class Difference:
    """One unit's own differences from a shared list, shown on the domain page."""

    unit: Link
    table: Table | None
    not_applicable: tuple[Note, ...]


@dataclass(frozen=True)
class DomainPage(Page):
    template: ClassVar[str] = "domain.html"
    domain: Domain
    descriptions: tuple[Note, ...]
    table: Table
    differences: tuple[Difference, ...]
    downloads: tuple[Link, ...]


@dataclass(frozen=True)
class Section:
    """One domain's list on a level or unit page."""

    domain: Domain
    link: Link
    description: str
    table: Table | None
    not_applicable: tuple[Note, ...]
    own: bool  # the unit has its own differences for this domain
    updated: dt.date | None
    versions: tuple[str, ...]


@dataclass(frozen=True)
class ListPage(Page):
    """A level's shared list (`unit` is None) or one unit's effective list."""

    template: ClassVar[str] = "list.html"
    level: LevelDecl
    unit: Unit | None
    subtitle: str
    sections: tuple[Section, ...]
    units: tuple[Link, ...]


@dataclass(frozen=True)
class CoverageCell:
    count: int | None  # None: no file at this level
    required: bool


@dataclass(frozen=True)
class CoverageRow:
    domain: Domain
    href: str  # "" when the domain has no page yet
    cells: tuple[CoverageCell, ...]

    @property
    def total(self) -> int:
        return sum(c.count or 0 for c in self.cells)


@dataclass(frozen=True)
class UnitNode:
    link: Link
    children: tuple[UnitNode, ...]


@dataclass(frozen=True)
class HomePage(Page):
    template: ClassVar[str] = "home.html"
    levels: tuple[LevelColumn, ...]
    coverage: tuple[CoverageRow, ...]
    level_links: tuple[Link, ...]
    units: tuple[UnitNode, ...]
    downloads: tuple[Link, ...]

    @property
    def written(self) -> int:
        return sum(1 for row in self.coverage if row.href)

    @property
    def missing(self) -> int:
        return sum(1 for row in self.coverage for c in row.cells if c.required and c.count is None)

    @property
    def items(self) -> int:
        return sum(row.total for row in self.coverage)


@dataclass(frozen=True)
class ElementsPage(Page):
    template: ClassVar[str] = "elements.html"
    levels: tuple[LevelDecl, ...]
    national_channels: tuple[str, ...]
    local_channels: tuple[str, ...]


@dataclass(frozen=True)
class LawsPage(Page):
    template: ClassVar[str] = "laws.html"
    laws: tuple[Law, ...]


@dataclass(frozen=True)
class SearchPage(Page):
    template: ClassVar[str] = "search.html"


class SearchEntry(NamedTuple):
    """One item in the search index: what is shown and the text that is matched. A named tuple, as
    `RowRef` is: a site has an entry for every row."""

    title: str
    context: str
    href: str
    text: str


_NAV = (Link("首页", "index.html"), Link("要素说明", "elements.html"), Link("依据索引", "laws.html"))
_NAV_WITH_SEARCH = (*_NAV, Link("搜索", "search.html"))


@dataclass(frozen=True)
class Site:
    """One government's site: its pages, its search index and the catalogue behind them."""

    id: str
    title: str
    government: str
    publisher: str
    contact: str
    updated: dt.date | None
    search: bool
    pages: tuple[Page, ...]
    search_entries: tuple[SearchEntry, ...]
    catalogue: Catalogue

    @property
    def nav(self) -> tuple[Link, ...]:
        return _NAV_WITH_SEARCH if self.search else _NAV


@dataclass(frozen=True)
class GovernmentRow:
    """One member government on a workspace's index: its coverage at a glance."""

    link: Link
    updated: dt.date | None
    domains: int
    items: int
    missing: int


@dataclass(frozen=True)
class WorkspacePage(Page):
    template: ClassVar[str] = "workspace.html"
    governments: tuple[GovernmentRow, ...]


@dataclass(frozen=True)
class Workspace:
    """The index over several governments' sites, each built into its own folder."""

    title: str
    publisher: str
    contact: str
    updated: dt.date | None
    pages: tuple[Page, ...]
    search: bool = False

    @property
    def nav(self) -> tuple[Link, ...]:
        return (Link("首页", "index.html"),)
