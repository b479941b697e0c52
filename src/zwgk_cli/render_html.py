"""Render a site's pages to HTML, with its local assets and the search index (path → bytes)."""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from functools import lru_cache
from html import escape
from typing import Any

from jinja2 import Environment, Template
from markupsafe import Markup

from .law_index import Citation, Law
from .pages import Page, SearchEntry, Site
from .tables import LevelColumn, Row, Table
from .theme import NO_TICK, TICK, escape_text, raw, shipped_html_only
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
    page_bytes = _page_bytes if shipped_html_only(env) else _page_text
    files = {page.path: page_bytes(templates[page.template], site, page) for page in site.pages}
    for name in ASSETS if site.search else ASSETS[:2]:
        files[name] = raw(env, name).encode()
    if site.search:
        files[SEARCH_INDEX] = search_index(site.search_entries)
    return files


# The shipped templates' table rows and laws' sections go into a page as bytes rather than as text. As
# text, Jinja copies the rows of a county's tables half a dozen times over (into Markup, into a macro's
# output, into the page) and the page is then encoded whole; as bytes, they are copied once into the
# page, and a row's bytes are made once for both pages that show it (its domain's and its level's).
# While a page renders, `rows_html` and `laws_html` put their bytes in a slot of the page and return a
# marker; `_page_bytes` then puts the bytes in the marker's place. That is sound only where the marker
# is output as it is, exactly once: so only for pages of the shipped templates alone, which do just that
# (`shipped_html_only`); a project's own templates may filter, cut or test what these globals return,
# and get the text. The marker has a random part, so no catalogue text can pass for one. The slots are
# a context variable, not the render's: Jinja keeps `_macros.html` imported with the globals it first
# saw, and a context variable also keeps renders in other threads, or one inside another, apart.
_SLOT = f"\x00zwgk-slot-{secrets.token_hex(8)}:"
_SLOT_END = "\x00"
_slots: ContextVar[list[list[bytes]] | None] = ContextVar("zwgk_html_slots", default=None)


def _page_text(template: Template, site: Site, page: Page) -> bytes:
    """A page, UTF-8 encoded."""
    return template.render(site=site, page=page).encode()


def _page_bytes(template: Template, site: Site, page: Page) -> bytes:
    """A page of the shipped templates, UTF-8 encoded, its slots' bytes in place of their markers."""
    slots: list[list[bytes]] = []
    token = _slots.set(slots)
    try:
        text = template.render(site=site, page=page)
    finally:
        _slots.reset(token)
    if not slots:
        return text.encode()
    filled = _filled(text, slots)
    # None never with the shipped templates: then the page as text, to be safe.
    return _page_text(template, site, page) if filled is None else filled


def _filled(text: str, slots: list[list[bytes]]) -> bytes | None:
    """`text` encoded with each slot's bytes in place of its marker; None unless each slot's marker is
    there whole, once."""
    head, *rest = text.split(_SLOT)
    unplaced = {str(number): parts for number, parts in enumerate(slots)}
    if len(rest) != len(unplaced):
        return None
    joined = [head.encode()]
    for piece in rest:
        number, end, after = piece.partition(_SLOT_END)
        parts = unplaced.pop(number, None)
        if parts is None or not end:
            return None
        joined += parts
        joined.append(after.encode())
    return b"".join(joined)


def _slot(slots: list[list[bytes]], parts: list[bytes]) -> Markup:
    slots.append(parts)
    return Markup(f"{_SLOT}{len(slots) - 1}{_SLOT_END}")


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
    slots = _slots.get()
    if slots is not None:  # a page of the shipped templates: as bytes (see `_SLOT`)
        return _slot(slots, _laws_bytes(laws, root))
    return Markup("".join([_law(law, root) for law in laws]))


def _law(law: Law, root: str) -> str:
    return f"{_law_start(law)}{_citations(law, root)}{_LAW_END}"


def _law_start(law: Law) -> str:
    anchor = _escaped(law.anchor)
    return (
        f'<section class="law" id="{anchor}" aria-labelledby="{anchor}-title">\n'
        f'<h2 id="{anchor}-title">{_escaped(law.title)}</h2>\n<ul>\n'
    )


_LAW_END = "</ul>\n</section>\n"


def _laws_bytes(laws: Iterable[Law], root: str) -> list[bytes]:
    """`laws_html(laws, root)` UTF-8 encoded, in parts to join; `root` is escaped."""
    parts: list[bytes] = []
    end = _LAW_END.encode()
    # An item is listed under each law it cites: its line is made once, by its row's reference (the
    # laws hold the references while this runs, so no other object takes one's id meanwhile).
    listed: dict[int, bytes] = {}
    articles = _ARTICLES
    root_bytes = root.encode()
    for law in laws:
        parts.append(_law_start(law).encode())
        for ref, article in law.citations:
            line = listed.get(id(ref))
            if line is None:
                line = listed[id(ref)] = _cited_bytes(root_bytes, ref.href, ref.title, ref.domain, ref.where)
            parts += (line, articles[article])
        parts.append(end)
    return parts


def citations_html(law: Law, root: str) -> Markup:
    """The items citing one law, one list item each: in code, as the table rows are, for the laws
    page of a county lists thousands of them."""
    return Markup(_citations(law, _escaped(root)))


def _citations(law: Law, root: str) -> str:
    return "".join([_citation(citation, root) for citation in law.citations])


def _citation(citation: Citation, root: str) -> str:
    ref = citation.ref
    return _cited(root, ref.href, ref.title, ref.domain, ref.where) + _article(citation.article)


def _cited(root: str, href: str, title: str, domain: str, where: str) -> str:
    """A list item of the laws page up to the article cited: the item citing the law, and where."""
    return (
        f'<li><a href="{root}{_escaped(href)}">{_escaped(title)}</a>'
        f'<span class="where">（{_escaped(domain)} · {_escaped(where)}）</span>'
    )


def _article(article: str) -> str:
    """The rest of the list item: the article cited, if it is known."""
    return f'<span class="article">{_escaped(article)}</span></li>\n' if article else "</li>\n"


def _cited_bytes(root: bytes, href: str, title: str, domain: str, where: str) -> bytes:
    """`_cited(…)` UTF-8 encoded (`root` is escaped and encoded): the parts of an item's own escaped
    and encoded, where it stands made once for all the items that share it."""
    return b"".join(
        (
            b'<li><a href="',
            root,
            escape_text(href).encode(),
            b'">',
            escape_text(title).encode(),
            _WHERE[(domain, where)],
        )
    )


class _Where(dict[tuple[str, str], bytes]):
    """The end of `_cited`'s list item, by the domain and the levels or unit the item belongs to."""

    def __missing__(self, key: tuple[str, str]) -> bytes:
        if len(self) >= 4096:
            self.clear()
        domain, where = key
        made = self[key] = (
            f'</a><span class="where">（{_escaped(domain)} · {_escaped(where)}）</span>'.encode()
        )
        return made


_WHERE = _Where()


class _Articles(dict[str, bytes]):
    """`_article(article)` UTF-8 encoded, by the article: many items cite the same article."""

    def __missing__(self, article: str) -> bytes:
        if len(self) >= 4096:
            self.clear()
        made = self[article] = _article(article).encode()
        return made


_ARTICLES = _Articles()


@lru_cache(maxsize=16384)
def _escaped(text: str) -> str:
    """`text` escaped as Jinja escapes it. Cached: the laws page names the same domains, items and
    articles over and over, and each item under every law it cites."""
    return escape_text(text)


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
    slots = _slots.get()
    if slots is not None:  # a page of the shipped templates: as bytes (see `_SLOT`)
        return _slot(slots, write.rows_bytes(table.rows))
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
        self.tick_bytes: dict[tuple[str, ...], bytes] = {}

    def __call__(self, row: Row) -> str:
        ticks = self.ticks.get(row.levels)
        if ticks is None:
            ticks = self.ticks[row.levels] = self._ticks(row.levels)
        remarks = f"\n{_remarks_cell(row.remarks, row.url)}" if self.remarks else ""
        return f"{_row_start(row)}{ticks}{remarks}\n</tr>"

    def rows_bytes(self, rows: Iterable[Row]) -> list[bytes]:
        """The rows, each followed by a line break, UTF-8 encoded: the parts to join."""
        parts: list[bytes] = []
        tick_bytes = self.tick_bytes
        for row in rows:
            parts.append(_row_start_bytes(row))
            if self.columns:
                ticks = tick_bytes.get(row.levels)
                if ticks is None:
                    ticks = tick_bytes[row.levels] = self._ticks(row.levels).encode()
                parts.append(ticks)
            parts.append(_row_end_bytes(row.remarks, row.url) if self.remarks else b"\n</tr>\n")
        return parts

    def _ticks(self, levels: tuple[str, ...]) -> str:
        return "".join(f"\n{on if level in levels else off}" for level, on, off in self.columns)


def _row_start_parts(row: Row) -> tuple[str, str]:
    """A row up to its 公开层级 cells, in two: up to 公开主体, and the cells after it."""
    # The cells before and after 公开主体 are made once per item (those after it are much the same
    # everywhere): a unit's page shows the shared items with only the body changed.
    head = _head_cells(row.category, row.subcategory, row.content, row.basis, row.time_limit)
    tail, flags = _tail_cells(
        row.channels, row.public, row.group, row.group_name, row.proactive, row.on_request
    )
    return (
        f'<tr id="{row.anchor}" data-levels="{_levels_attribute(row.levels)}" {flags}>\n'
        f'<td class="number" data-label="序号">{row.number}</td>\n'
        f'{head}\n<td data-label="公开主体">{_text(row.body)}</td>\n',
        tail,
    )


@lru_cache(maxsize=4096)
def _row_start(row: Row) -> str:
    """A row up to its 公开层级 cells. Cached: an item's domain page and its level's list show the
    same row, one with and one without those cells."""
    head, tail = _row_start_parts(row)
    return head + tail


def _row_start_bytes(row: Row) -> bytes:
    """`_row_start(row)` UTF-8 encoded. Put together from the bytes of its cells, each made and encoded
    once for its text: a province's catalogues repeat their contents, bases, time limits, bodies and
    channels item after item and county after county, and the rows of a county are a large part of
    its pages. Kept for the row itself: an item's domain page and its level's list show the same row."""
    known = _ROW_STARTS.get(id(row))
    if known is not None and known[0] is row:
        return known[1]
    flags, tail = _TAILS[(row.channels, row.public, row.group, row.group_name, row.proactive, row.on_request)]
    subcategory = row.subcategory
    made = b"".join(
        (
            f'<tr id="{row.anchor}" data-levels="{_levels_attribute(row.levels)}" '.encode(),
            flags,
            f"{row.number}</td>\n".encode(),
            (_CATEGORY_TD if subcategory else _CATEGORY_TH)[row.category],
            _SUBCATEGORY_CELLS[subcategory],
            _CONTENT_CELLS[row.content],
            _BASIS_CELLS[row.basis],
            _TIME_LIMIT_CELLS[row.time_limit],
            _BODY_CELLS[row.body],
            tail,
        )
    )
    if len(_ROW_STARTS) >= 4096:
        _ROW_STARTS.clear()
    _ROW_STARTS[id(row)] = (row, made)  # the row kept with it: no other object takes its id meanwhile
    return made


_ROW_STARTS: dict[int, tuple[Row, bytes]] = {}


class _Encoded(dict[Any, bytes]):
    """Pieces of rows by what they show, made by `make` and UTF-8 encoded. A dict rather than lru_cache:
    a piece found is then no call. Bounded, as render_data's cells are."""

    def __init__(self, make: Callable[[Any], str]) -> None:
        super().__init__()
        self.make = make

    def __missing__(self, key: Any) -> bytes:
        if len(self) >= 8192:
            self.clear()  # the pieces still shared come back with the next few counties
        piece = self[key] = self.make(key).encode()
        return piece


# Each cell of a row (as `_row_start_parts` writes it) with the line break after it. The row header
# is the 二级事项, or the 一级事项 when there is none.
_CATEGORY_TH = _Encoded(
    lambda c: _cell("一级事项", _text(c), "category" if c else "category empty", "th") + "\n"
)
_CATEGORY_TD = _Encoded(
    lambda c: _cell("一级事项", _text(c), "category" if c else "category empty", "td") + "\n"
)
_SUBCATEGORY_CELLS = _Encoded(
    lambda s: (
        _cell("二级事项", _text(s), "subcategory" if s else "subcategory empty", "th" if s else "td") + "\n"
    )
)
_CONTENT_CELLS = _Encoded(lambda text: f'<td data-label="公开内容（要素）">{_text(text)}</td>\n')
_BASIS_CELLS = _Encoded(lambda basis: f'<td data-label="公开依据">{_text(basis)}</td>\n')
_TIME_LIMIT_CELLS = _Encoded(lambda text: f'<td data-label="公开时限">{_text(text)}</td>\n')
_BODY_CELLS = _Encoded(lambda text: f'<td data-label="公开主体">{_text(text)}</td>\n')


class _Tails(dict[tuple[tuple[str, ...], bool, bool, str, bool, bool], tuple[bytes, bytes]]):
    """By the fields of `_tail_cells`: a row's data-methods and data-scopes attributes with the start of
    its 序号 cell, and its cells after 公开主体, UTF-8 encoded."""

    def __missing__(self, key: tuple[tuple[str, ...], bool, bool, str, bool, bool]) -> tuple[bytes, bytes]:
        if len(self) >= 1024:
            self.clear()
        cells, flags = _tail_cells(*key)
        made = self[key] = (f'{flags}>\n<td class="number" data-label="序号">'.encode(), cells.encode())
        return made


_TAILS = _Tails()


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
def _row_end_bytes(remarks: tuple[str, ...], url: str) -> bytes:
    """The 备注 cell and the end of the row, with the line break after it."""
    return f"\n{_remarks_cell(remarks, url)}\n</tr>\n".encode()


@lru_cache(maxsize=1024)
def _remarks_cell(remarks: tuple[str, ...], url: str) -> str:
    link = f'<a href="{escape(url)}">公开栏目</a>' if url else ""
    text = "<br>".join(p for p in (_text(remarks), link) if p)
    return _cell("备注", text, "remarks" if remarks or url else "remarks empty")
