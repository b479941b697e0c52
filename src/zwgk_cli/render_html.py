"""Render a site's pages to HTML, with its local assets and the search index (path → bytes)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import lru_cache
from html import escape

from jinja2 import Environment
from markupsafe import Markup
from markupsafe import escape as escape_markup  # as Jinja escapes: &#34; and &#39;

from .law_index import Citation, Law
from .pages import SearchEntry, Site
from .tables import LevelColumn, Row, Table
from .theme import NO_TICK, TICK, raw
from .vocab import Method, Scope

ASSETS = ("assets/site.css", "assets/site.js", "assets/search.js")
SEARCH_INDEX = "assets/search-index.js"


def render(site: Site, env: Environment) -> dict[str, bytes]:
    """Every HTML page of `site`, the CSS and JavaScript it uses, and its search index."""
    env.globals["row_html"] = row_html
    env.globals["rows_html"] = rows_html
    env.globals["citations_html"] = citations_html
    env.globals["laws_html"] = laws_html
    env.globals["law_list_html"] = law_list_html
    templates = {page.template: env.get_template(page.template) for page in site.pages}  # looked up once
    files = {page.path: templates[page.template].render(site=site, page=page).encode() for page in site.pages}
    for name in ASSETS if site.search else ASSETS[:2]:
        files[name] = raw(env, name).encode()
    if site.search:
        files[SEARCH_INDEX] = search_index(site.search_entries)
    return files


def law_list_html(laws: Iterable[Law]) -> Markup:
    """The list of laws atop the laws page, one list item each (a county cites hundreds)."""
    return Markup("".join([_law_item(law) for law in laws]))


def _law_item(law: Law) -> str:
    return (
        f'<li><a href="#{_escaped(law.anchor)}">{_escaped(law.title)}</a>（{len(law.citations)} 项）</li>\n'
    )


def laws_html(laws: Iterable[Law], root: str) -> Markup:
    """A section for each law with the items citing it, each section followed by a line break."""
    root = _escaped(root)
    return Markup("".join([_law(law, root) for law in laws]))


def _law(law: Law, root: str) -> str:
    anchor = _escaped(law.anchor)
    return (
        f'<section class="law" id="{anchor}" aria-labelledby="{anchor}-title">\n'
        f'<h2 id="{anchor}-title">{_escaped(law.title)}</h2>\n<ul>\n{_citations(law, root)}</ul>\n</section>\n'
    )


def citations_html(law: Law, root: str) -> Markup:
    """The items citing one law, one list item each: in code, as the table rows are, for the laws
    page of a county lists thousands of them."""
    return Markup(_citations(law, _escaped(root)))


def _citations(law: Law, root: str) -> str:
    return "".join([_citation(citation, root) for citation in law.citations])


def _citation(citation: Citation, root: str) -> str:
    ref = citation.ref
    article = f'<span class="article">{_escaped(citation.article)}</span>' if citation.article else ""
    return (
        f'<li><a href="{root}{_escaped(ref.href)}">{_escaped(ref.title)}</a>'
        f'<span class="where">（{_escaped(ref.domain)} · {_escaped(ref.where)}）</span>{article}</li>\n'
    )


@lru_cache(maxsize=16384)
def _escaped(text: str) -> str:
    """`text` escaped as Jinja escapes it. Cached: the laws page names the same domains, items and
    articles over and over, and each item under every law it cites."""
    return str(escape_markup(text))


def search_index(entries: Iterable[SearchEntry]) -> bytes:
    """A script that sets a global, so the index loads from file:// where fetch() is refused. Each entry
    is a list: title, context, address, text."""
    data = json.dumps(tuple(entries), ensure_ascii=False, separators=(",", ":"))
    # Line and paragraph separators end a line in older JavaScript engines.
    data = data.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return f"window.ZWGK_SEARCH = {data};\n".encode()


@lru_cache(maxsize=16384)
def _text(value: str | tuple[str, ...]) -> str:
    # Cached: a catalogue repeats its channels, time limits, bodies and bases in item after item.
    text = value if isinstance(value, str) else "\n".join(value)
    return escape(text).replace("\n", "<br>")


def _cell(label: str, content: str, css: str = "", tag: str = "td") -> str:
    attrs = f' class="{css}"' if css else ""
    scope = ' scope="row"' if tag == "th" else ""
    return f'<{tag}{scope}{attrs} data-label="{label}">{content}</{tag}>'


def _tick(label: str, on: bool, extra: str = "") -> str:
    return _cell(label, str(TICK if on else NO_TICK) + extra, "tick" if on else "tick off")


def rows_html(table: Table) -> Markup:
    """Every row of a table, each followed by a line break: one call per table rather than per row."""
    write = _RowWriter(table.levels, table.has_remarks)
    return Markup("".join([f"{write(row)}\n" for row in table.rows]))


def row_html(row: Row, levels: tuple[LevelColumn, ...], remarks: bool) -> Markup:
    """One row of the national table. Written here rather than in a template: it runs for every row
    of every page, and a county's pages hold thousands of them."""
    return Markup(_RowWriter(levels, remarks)(row))


class _RowWriter:
    """Writes the rows of one table: its 公开层级 columns and whether it has the 备注 column."""

    def __init__(self, levels: tuple[LevelColumn, ...], remarks: bool) -> None:
        self.columns = _level_ticks(levels)
        self.remarks = remarks
        self.ticks: dict[tuple[str, ...], str] = {}  # a row's 公开层级 cells, by its levels

    def __call__(self, row: Row) -> str:
        ticks = self.ticks.get(row.levels)
        if ticks is None:
            ticks = "".join(f"\n{on if level in row.levels else off}" for level, on, off in self.columns)
            self.ticks[row.levels] = ticks
        remarks = f"\n{_remarks_cell(row.remarks, row.url)}" if self.remarks else ""
        return f"{_row_start(row)}{ticks}{remarks}\n</tr>"


@lru_cache(maxsize=4096)
def _row_start(row: Row) -> str:
    """A row up to its 公开层级 cells. Cached: an item's domain page and its level's list show the
    same row, one with and one without those cells."""
    # The cells before and after 公开主体 are made once per item (those after it are much the same
    # everywhere): a unit's page shows the shared items with only the body changed.
    head = _head_cells(row.category, row.subcategory, row.content, row.basis, row.time_limit)
    tail, flags = _tail_cells(
        row.channels, row.public, row.group, row.group_name, row.proactive, row.on_request
    )
    return (
        f'<tr id="{row.anchor}" data-levels="{_levels_attribute(row.levels)}" {flags}>\n'
        f'<td class="number" data-label="序号">{row.number}</td>\n'
        f'{head}\n<td data-label="公开主体">{_text(row.body)}</td>\n{tail}'
    )


@lru_cache(maxsize=256)
def _levels_attribute(levels: tuple[str, ...]) -> str:
    return escape(" ".join(levels))


@lru_cache(maxsize=4096)
def _head_cells(
    category: str, subcategory: str, content: str, basis: tuple[str, ...], time_limit: str
) -> str:
    """The cells of an item's row before 公开主体: the same wherever the item is shown. The row header
    is the 二级事项, or the 一级事项 when there is none."""
    tags = ("td", "th") if subcategory else ("th", "td")
    return "\n".join(
        (
            _cell("一级事项", _text(category), "category" if category else "category empty", tags[0]),
            _cell(
                "二级事项", _text(subcategory), "subcategory" if subcategory else "subcategory empty", tags[1]
            ),
            f'<td data-label="公开内容（要素）">{_text(content)}</td>',
            f'<td data-label="公开依据">{_text(basis)}</td>',
            f'<td data-label="公开时限">{_text(time_limit)}</td>',
        )
    )


@lru_cache(maxsize=1024)
def _tail_cells(
    channels: tuple[str, ...], public: bool, group: bool, group_name: str, proactive: bool, on_request: bool
) -> tuple[str, str]:
    """The cells of an item's row after 公开主体, and its data-methods and data-scopes attributes:
    catalogues repeat the same few combinations of channels and ticks."""
    group_cell = f'<span class="group">{_text(group_name)}</span>' if group_name else ""
    cells = (
        _cell("公开渠道和载体", _text(channels)),
        _tick("公开对象：全社会", public),
        _tick("公开对象：特定群体", group, group_cell),
        _tick("公开方式：主动", proactive),
        _tick("公开方式：依申请", on_request),
    )
    methods = " ".join(m for m, on in ((Method.PROACTIVE, proactive), (Method.ON_REQUEST, on_request)) if on)
    scopes = " ".join(s for s, on in ((Scope.PUBLIC, public), (Scope.GROUP, group)) if on)
    return "\n".join(cells), f'data-methods="{methods}" data-scopes="{scopes}"'


def _level_ticks(levels: tuple[LevelColumn, ...]) -> tuple[tuple[str, str, str], ...]:
    """Each 公开层级 column: its id, and its cell with and without a tick."""
    return tuple(
        (
            level.id,
            _tick(f"公开层级：{escape(level.name)}", True),
            _tick(f"公开层级：{escape(level.name)}", False),
        )
        for level in levels
    )


@lru_cache(maxsize=1024)
def _remarks_cell(remarks: tuple[str, ...], url: str) -> str:
    link = f'<a href="{escape(url)}">公开栏目</a>' if url else ""
    text = "<br>".join(p for p in (_text(remarks), link) if p)
    return _cell("备注", text, "remarks" if remarks or url else "remarks empty")
