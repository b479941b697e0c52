"""Render a site's pages to HTML, with its local assets and the search index (path → bytes)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import lru_cache
from html import escape

from jinja2 import Environment
from markupsafe import Markup

from .pages import Page, SearchEntry, Site
from .tables import LevelColumn, Row
from .theme import NO_TICK, TICK, raw

ASSETS = ("assets/site.css", "assets/site.js", "assets/search.js")
SEARCH_INDEX = "assets/search-index.js"


def render(site: Site, env: Environment) -> dict[str, bytes]:
    """Every HTML page of `site`, the CSS and JavaScript it uses, and its search index."""
    env.globals["row_html"] = row_html
    files = {page.path: render_page(env, site, page) for page in site.pages}
    for name in ASSETS if site.search else ASSETS[:2]:
        files[name] = raw(env, name).encode()
    if site.search:
        files[SEARCH_INDEX] = search_index(site.search_entries)
    return files


def render_page(env: Environment, site: Site, page: Page) -> bytes:
    return env.get_template(page.template).render(site=site, page=page).encode()


def search_index(entries: Iterable[SearchEntry]) -> bytes:
    """A script that sets a global, so the index loads from file:// where fetch() is refused."""
    rows = [[e.title, e.context, e.href, e.text] for e in entries]
    data = json.dumps(rows, ensure_ascii=False, separators=(",", ":"))
    # Line and paragraph separators end a line in older JavaScript engines.
    data = data.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return f"window.ZWGK_SEARCH = {data};\n".encode()


def _text(value: str | Iterable[str]) -> str:
    text = value if isinstance(value, str) else "\n".join(value)
    return escape(text).replace("\n", "<br>")


def _cell(label: str, content: str, css: str = "", tag: str = "td") -> str:
    attrs = f' class="{css}"' if css else ""
    scope = ' scope="row"' if tag == "th" else ""
    return f'<{tag}{scope}{attrs} data-label="{label}">{content}</{tag}>'


def _tick(label: str, on: bool, extra: str = "") -> str:
    return _cell(label, str(TICK if on else NO_TICK) + extra, "tick" if on else "tick off")


@lru_cache(maxsize=4096)
def row_html(row: Row, levels: tuple[LevelColumn, ...], remarks: bool) -> Markup:
    """One row of the national table. Written here rather than in a template: it runs for every row
    of every page, and a county's pages hold thousands of them."""
    names = (row.category, row.subcategory)
    head = 1 if row.subcategory else 0  # the row header: the 二级事项, or the 一级事项 when there is none
    cells = [_cell("序号", str(row.number), "number")]
    for i, (label, css) in enumerate((("一级事项", "category"), ("二级事项", "subcategory"))):
        empty = "" if names[i] else " empty"
        cells.append(_cell(label, _text(names[i]), css + empty, "th" if i == head else "td"))
    cells += [
        _cell("公开内容（要素）", _text(row.content)),
        _cell("公开依据", _text(row.basis)),
        _cell("公开时限", _text(row.time_limit)),
        _cell("公开主体", _text(row.body)),
        _cell("公开渠道和载体", _text(row.channels)),
        _tick("公开对象：全社会", row.public),
        _tick(
            "公开对象：特定群体",
            row.group,
            f'<span class="group">{_text(row.group_name)}</span>' if row.group_name else "",
        ),
        _tick("公开方式：主动", row.proactive),
        _tick("公开方式：依申请", row.on_request),
    ]
    cells += [_tick(f"公开层级：{escape(level.name)}", level.id in row.levels) for level in levels]
    if remarks:
        cells.append(_cell("备注", _remarks(row), "remarks" if row.remarks or row.url else "remarks empty"))
    attrs = (
        f'id="{row.anchor}" data-levels="{escape(" ".join(row.levels))}" '
        f'data-methods="{" ".join(row.methods)}" data-scopes="{" ".join(row.scopes)}"'
    )
    return Markup(f"<tr {attrs}>\n" + "\n".join(cells) + "\n</tr>")


def _remarks(row: Row) -> str:
    link = f'<a href="{escape(row.url)}">公开栏目</a>' if row.url else ""
    return "<br>".join(p for p in (_text(row.remarks), link) if p)
