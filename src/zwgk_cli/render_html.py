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
from .pages import Page, SearchEntry, Site
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
    files = {page.path: render_page(env, site, page) for page in site.pages}
    for name in ASSETS if site.search else ASSETS[:2]:
        files[name] = raw(env, name).encode()
    if site.search:
        files[SEARCH_INDEX] = search_index(site.search_entries)
    return files


def render_page(env: Environment, site: Site, page: Page) -> bytes:
    return env.get_template(page.template).render(site=site, page=page).encode()


def citations_html(law: Law, root: str) -> Markup:
    """The items citing one law, one list item each: in code, as the table rows are, for the laws
    page of a county lists thousands of them."""
    return Markup("".join(_citation(citation, escape_markup(root)) for citation in law.citations))


def _citation(citation: Citation, root: str) -> str:
    ref = citation.ref
    article = f'<span class="article">{escape_markup(citation.article)}</span>' if citation.article else ""
    return (
        f'<li><a href="{root}{escape_markup(ref.href)}">{escape_markup(ref.title)}</a>'
        f'<span class="where">（{escape_markup(ref.domain)} · {escape_markup(ref.where)}）</span>{article}</li>\n'
    )


def search_index(entries: Iterable[SearchEntry]) -> bytes:
    """A script that sets a global, so the index loads from file:// where fetch() is refused."""
    rows = [[e.title, e.context, e.href, e.text] for e in entries]
    data = json.dumps(rows, ensure_ascii=False, separators=(",", ":"))
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
    levels = _level_ticks(table.levels)
    remarks = table.has_remarks
    return Markup("".join(_row(row, levels, remarks) + "\n" for row in table.rows))


def row_html(row: Row, levels: tuple[LevelColumn, ...], remarks: bool) -> Markup:
    """One row of the national table. Written here rather than in a template: it runs for every row
    of every page, and a county's pages hold thousands of them."""
    return Markup(_row(row, _level_ticks(levels), remarks))


def _row(row: Row, levels: tuple[tuple[str, str, str], ...], remarks: bool) -> str:
    number = _cell("序号", str(row.number), "number")
    cells, methods, scopes = _item_cells(
        row.category, row.subcategory, row.content, row.basis, row.time_limit, row.body, row.channels,
        row.public, row.group, row.group_name, row.proactive, row.on_request,
    )  # fmt: skip
    ticks = "".join(f"\n{on if level in row.levels else off}" for level, on, off in levels)
    if remarks:
        css = "remarks" if row.remarks or row.url else "remarks empty"
        ticks += "\n" + _cell("备注", _remarks(row), css)
    attrs = f'id="{row.anchor}" data-levels="{escape(" ".join(row.levels))}" {methods} {scopes}'
    return f"<tr {attrs}>\n{number}\n{cells}{ticks}\n</tr>"


@lru_cache(maxsize=4096)
def _item_cells(
    category: str,
    subcategory: str,
    content: str,
    basis: tuple[str, ...],
    time_limit: str,
    body: str,
    channels: tuple[str, ...],
    public: bool,
    group: bool,
    group_name: str,
    proactive: bool,
    on_request: bool,
) -> tuple[str, str, str]:
    """The cells an item's row has wherever it is shown (its domain page, its level page), made once,
    and its data-methods and data-scopes attributes."""
    names = (category, subcategory)
    head = 1 if subcategory else 0  # the row header: the 二级事项, or the 一级事项 when there is none
    cells = []
    for i, (label, css) in enumerate((("一级事项", "category"), ("二级事项", "subcategory"))):
        empty = "" if names[i] else " empty"
        cells.append(_cell(label, _text(names[i]), css + empty, "th" if i == head else "td"))
    group_cell = f'<span class="group">{_text(group_name)}</span>' if group_name else ""
    cells += [
        _cell("公开内容（要素）", _text(content)),
        _cell("公开依据", _text(basis)),
        _cell("公开时限", _text(time_limit)),
        _cell("公开主体", _text(body)),
        _cell("公开渠道和载体", _text(channels)),
        _tick("公开对象：全社会", public),
        _tick("公开对象：特定群体", group, group_cell),
        _tick("公开方式：主动", proactive),
        _tick("公开方式：依申请", on_request),
    ]
    methods = " ".join(m for m, on in ((Method.PROACTIVE, proactive), (Method.ON_REQUEST, on_request)) if on)
    scopes = " ".join(s for s, on in ((Scope.PUBLIC, public), (Scope.GROUP, group)) if on)
    return "\n".join(cells), f'data-methods="{methods}"', f'data-scopes="{scopes}"'


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


def _remarks(row: Row) -> str:
    link = f'<a href="{escape(row.url)}">公开栏目</a>' if row.url else ""
    return "<br>".join(p for p in (_text(row.remarks), link) if p)
