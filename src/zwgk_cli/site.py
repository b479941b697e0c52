"""The site model: the page contexts of one government's site, built from its checked Catalogue."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from .catalogue import Catalogue, Entry
from .law_index import laws_index
from .models import Item, LevelDecl, Unit
from .pages import (
    CoverageCell,
    CoverageRow,
    Difference,
    DomainPage,
    ElementsPage,
    GovernmentRow,
    HomePage,
    LawsPage,
    Link,
    ListPage,
    Note,
    Page,
    SearchEntry,
    SearchPage,
    Section,
    Site,
    UnitNode,
    Workspace,
    WorkspacePage,
)
from .registry import Domain
from .rules.laws import registry_for
from .tables import LevelColumn, Row, RowMaker, RowRef, Table, merge_levels, own_body
from .vocab import NATIONAL_CHANNELS


def build_site(catalogue: Catalogue, fallback: dt.date | None = None) -> Site:
    """Every page of one government's site, from its checked catalogue."""
    project = catalogue.project
    dated = _dated(catalogue.entries, fallback)
    rows = RowMaker()  # an item's row on its domain page is the same on its level's list
    written = {e.domain for e in catalogue.entries}
    domains = [domain_page(catalogue, d, fallback, rows) for d in project.domains if d.id in written]
    refs = [ref for page in domains for ref in row_refs(page)]
    pages: list[Page] = [*domains, home_page(catalogue, fallback), elements_page(catalogue, fallback)]
    pages += [level_page(catalogue, level, fallback, rows) for level in project.levels.values()]
    pages += [
        unit_page(catalogue, u, fallback, rows) for u in project.units.values() if u is not project.government
    ]
    pages.append(
        LawsPage("laws.html", "公开依据索引", *dated, laws_index(refs, registry_for(project.file.laws)))
    )
    if project.file.site.search:
        pages.append(SearchPage("search.html", "搜索", *dated))
    site = project.file.site
    return Site(
        id=project.government.id,
        title=project.title,
        government=project.government.name,
        publisher=site.publisher or project.government.name,
        contact=site.contact or "",
        updated=dated[0],
        search=site.search,
        pages=tuple(sorted(pages, key=lambda p: p.path)),
        search_entries=tuple(search_entry(ref) for ref in refs),
        catalogue=catalogue,
    )


def _dated(entries: Iterable[Entry], fallback: dt.date | None) -> tuple[dt.date | None, tuple[str, ...]]:
    """The latest 修订日期 of `entries` (or the fallback) and their versions."""
    entries = list(entries)
    dates = [e.data.revised for e in entries]
    versions = sorted({e.data.version for e in entries if e.data.version})
    return (max(dates) if dates else fallback), tuple(versions)


def domain_page(
    catalogue: Catalogue, domain: Domain, fallback: dt.date | None, rows: RowMaker | None = None
) -> DomainPage:
    """The national table of one domain: every level's shared list merged, then units' differences."""
    project = catalogue.project
    shared = [
        (lv, catalogue.shared[(lv, domain.id)])
        for lv in project.levels
        if (lv, domain.id) in catalogue.shared
    ]
    rows = rows or RowMaker()
    merged = merge_levels([(lv, e.data.items) for lv, e in shared])
    if len(shared) == 1 and len(merged) == len(shared[0][1].data.items):  # the rows of its level's list
        level = shared[0][0]
        table_rows = rows.rows(shared[0][1].data.items, (domain.id, level), (level,))
    else:
        where = {lv: (domain.id, lv) for lv, _ in shared}  # a row's anchor is made where it is first written
        table_rows = tuple(rows.row(item, n, where[lvs[0]], lvs) for n, (item, lvs) in enumerate(merged, 1))
    columns = tuple(LevelColumn(lv, project.levels[lv].name) for lv, _ in shared)
    caption = f"{domain.name}领域公开事项（共 {len(table_rows)} 项）"
    table = Table("catalogue", caption, columns, table_rows)
    descriptions = tuple(
        Note(project.levels[lv].name, e.data.description) for lv, e in shared if e.data.description
    )
    own = [e for (_, _, d), e in catalogue.overrides.items() if d == domain.id]
    differences = tuple(_difference(catalogue, e, rows) for e in own)
    return DomainPage(
        f"domains/{domain.id}.html",
        f"{domain.name}领域基层政务公开标准目录",
        *_dated([e for _, e in shared] + own, fallback),
        domain=domain,
        descriptions=descriptions,
        table=table,
        differences=differences,
        downloads=_domain_downloads(domain.id, columns),
    )


def _difference(catalogue: Catalogue, entry: Entry, rows: RowMaker) -> Difference:
    unit = catalogue.project.units[entry.unit or ""]
    generic = catalogue.project.levels[entry.level].generic_body
    own = tuple(
        rows.row(
            item,
            n,
            (entry.domain, entry.level, unit.id),
            (entry.level,),
            own_body(item.body, generic, unit),
        )
        for n, item in enumerate(entry.data.items, 1)
    )
    caption = f"{unit.name}调整或增加的事项（共 {len(own)} 项）"
    table = Table(f"own-{unit.id}", caption, (), own) if own else None
    skipped = tuple(Note(n.identity, n.reason) for n in entry.data.not_applicable)
    return Difference(Link(unit.name, f"units/{unit.id}.html"), table, skipped)


def _domain_downloads(domain: str, levels: tuple[LevelColumn, ...]) -> tuple[Link, ...]:
    links = [
        Link("JSON 数据", f"data/domains/{domain}.json"),
        Link("CSV 表格（Excel）", f"data/domains/{domain}.csv"),
    ]
    return (*links, *(Link(f"Markdown（{lv.name}）", f"md/{lv.id}/{domain}.md") for lv in levels))


def level_page(
    catalogue: Catalogue, level: LevelDecl, fallback: dt.date | None, rows: RowMaker | None = None
) -> ListPage:
    """A level's shared list: every domain at that level, the generic body as written."""
    project = catalogue.project
    units = [u for u in project.units_at(level.id) if u is not project.government]
    rows = rows or RowMaker()
    sections = tuple(
        _section(catalogue, level, domain, None, rows)
        for domain in project.domains
        if (level.id, domain.id) in catalogue.shared
    )
    entries = [catalogue.shared[(level.id, s.domain.id)] for s in sections]
    return ListPage(
        f"levels/{level.id}.html",
        f"{level.name}公开事项目录",
        *_dated(entries, fallback),
        level=level,
        unit=None,
        subtitle=_level_subtitle(project.government, level, units),
        sections=sections,
        units=tuple(Link(u.name, f"units/{u.id}.html") for u in units),
    )


def _level_subtitle(government: Unit, level: LevelDecl, units: list[Unit]) -> str:
    if government.level == level.id:
        return f"{government.name}及其部门的公开事项"
    if units:
        return f"{'、'.join(u.label for u in units)}共用；各单位的差异见单位页面"
    return "本层级各单位共用"


def unit_page(
    catalogue: Catalogue, unit: Unit, fallback: dt.date | None, rows: RowMaker | None = None
) -> ListPage:
    """A unit's effective list: the shared list with its differences and its own name as 公开主体."""
    project = catalogue.project
    level = project.levels[unit.level]
    rows = rows or RowMaker()
    sections = tuple(
        _section(catalogue, level, domain, unit, rows)
        for domain in project.domains
        if (level.id, domain.id) in catalogue.shared or (level.id, unit.id, domain.id) in catalogue.overrides
    )
    entries = [e for e in catalogue.entries if e.level == level.id and e.unit in (None, unit.id)]
    return ListPage(
        f"units/{unit.id}.html",
        f"{unit.name}公开事项目录",
        *_dated(entries, fallback),
        level=level,
        unit=unit,
        subtitle=f"{level.name}目录，公开主体中的“{level.generic_body}”即{unit.name}"
        if level.generic_body
        else "",
        sections=sections,
        units=tuple(Link(c.name, f"units/{c.id}.html") for c in unit.children),
    )


def _section(
    catalogue: Catalogue, level: LevelDecl, domain: Domain, unit: Unit | None, maker: RowMaker
) -> Section:
    shared = catalogue.shared.get((level.id, domain.id))
    override = catalogue.overrides.get((level.id, unit.id, domain.id)) if unit else None
    items = catalogue.items_for(level.id, domain.id, unit.id if unit else None)
    rows = _list_rows(items, domain, level, unit, maker)
    entries = [e for e in (shared, override) if e]
    return Section(
        domain=domain,
        link=Link(domain.name, f"domains/{domain.id}.html"),
        description=entries[-1].data.description or "",
        table=Table(f"t-{domain.id}", f"{domain.name}（{level.name}，共 {len(rows)} 项）", (), rows)
        if rows
        else None,
        not_applicable=tuple(Note(n.identity, n.reason) for n in override.data.not_applicable)
        if override
        else (),
        own=override is not None,
        updated=max(e.data.revised for e in entries),
        versions=tuple(sorted({e.data.version for e in entries if e.data.version})),
    )


def _list_rows(
    items: list[Item], domain: Domain, level: LevelDecl, unit: Unit | None, rows: RowMaker
) -> tuple[Row, ...]:
    """The rows of one list; on a unit's page the generic body becomes the unit's own name."""
    where, levels = (domain.id, level.id), (level.id,)
    if unit is None:
        return rows.rows(items, where, levels)
    return tuple(
        rows.row(item, n, where, levels, own_body(item.body, level.generic_body, unit))
        for n, item in enumerate(items, 1)
    )


def home_page(catalogue: Catalogue, fallback: dt.date | None) -> HomePage:
    """Coverage at a glance: every domain's item count at every level, and what is missing."""
    project = catalogue.project
    levels = tuple(LevelColumn(lv.id, lv.name) for lv in project.levels.values())
    written = {e.domain for e in catalogue.entries}
    coverage = tuple(
        _coverage_row(catalogue, domain, levels, domain.id in written) for domain in project.domains
    )
    return HomePage(
        "index.html",
        project.title,
        *_dated(catalogue.entries, fallback),
        levels=levels,
        coverage=coverage,
        level_links=tuple(Link(f"{lv.name}目录", f"levels/{lv.id}.html") for lv in project.levels.values()),
        units=tuple(_unit_node(u) for u in project.government.children),
        downloads=(
            Link("全部事项（JSON）", "data/catalogue.json"),
            Link("全部事项（CSV，可用 Excel 打开）", "data/catalogue.csv"),
            Link("Markdown 目录", "md/README.md"),
        ),
    )


def _coverage_row(
    catalogue: Catalogue, domain: Domain, levels: tuple[LevelColumn, ...], has_page: bool
) -> CoverageRow:
    project = catalogue.project
    href = f"domains/{domain.id}.html" if has_page else ""
    cells = []
    for level in levels:
        entry = catalogue.shared.get((level.id, domain.id))
        count = len(entry.data.items) if entry else None
        cells.append(CoverageCell(count, domain.id in project.domains_for(level.id)))
    return CoverageRow(domain, href, tuple(cells))


def _unit_node(unit: Unit) -> UnitNode:
    return UnitNode(Link(unit.name, f"units/{unit.id}.html"), tuple(_unit_node(c) for c in unit.children))


def elements_page(catalogue: Catalogue, fallback: dt.date | None) -> ElementsPage:
    project = catalogue.project
    return ElementsPage(
        "elements.html",
        "公开事项的要素说明",
        *_dated(catalogue.entries, fallback),
        levels=tuple(project.levels.values()),
        national_channels=NATIONAL_CHANNELS,
        local_channels=tuple(project.file.channels),
    )


def row_refs(page: DomainPage) -> Iterable[RowRef]:
    """Every row of a domain page, the units' own rows included, with its link."""
    names = {column.id: column.name for column in page.table.levels}
    places: dict[tuple[str, ...], str] = {}  # the rows of a page share a few combinations of levels
    for row in page.table.rows:
        where = places.get(row.levels)
        if where is None:
            where = places[row.levels] = "、".join(names[lv] for lv in row.levels)
        yield RowRef(f"{page.path}#{row.anchor}", page.domain.name, where, row)
    for difference in page.differences:
        for row in difference.table.rows if difference.table else ():
            yield RowRef(f"{page.path}#{row.anchor}", page.domain.name, difference.unit.text, row)


def search_entry(ref: RowRef) -> SearchEntry:
    """What the site-wide search shows for a row, and the text it matches in."""
    row, domain, where = ref.row, ref.domain, ref.where
    # The elements searched, then the group, the remarks and where the row stands.
    text = (
        row.content,
        *row.basis,
        row.time_limit,
        row.body,
        *row.channels,
        row.group_name,
        *row.remarks,
        domain,
        where,
    )
    return SearchEntry(ref.title, f"{domain} · {where}", ref.href, "\n".join(filter(None, text)))


def government_row(site: Site) -> GovernmentRow:
    """One member's line on the workspace index: its coverage at a glance."""
    home = next(p for p in site.pages if isinstance(p, HomePage))
    link = Link(site.government, f"{site.id}/index.html")
    return GovernmentRow(link, site.updated, home.written, home.items, home.missing)


def build_workspace(rows: dict[str, GovernmentRow], title: str, publisher: str, contact: str) -> Workspace:
    """The top index of a workspace: every member (by government id) with its coverage."""
    ordered = tuple(rows[site_id] for site_id in sorted(rows))
    dates = [row.updated for row in ordered if row.updated]
    updated = max(dates) if dates else None
    page = WorkspacePage("index.html", title, updated, (), ordered)
    return Workspace(title, publisher, contact, updated, (page,))
