"""Render the Markdown directory: an index and one GFM file per domain per level (and per unit's own list)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from jinja2 import Environment

from .pages import ListPage, Section, Site
from .tables import Row, Table
from .vocab import Scope

MD_DIR = "md"
# Backslash-escaped wherever they stand: inline markup, tables, headings, GitHub math.
_SPECIAL = re.compile(r"([\\`*_\[\]|#~$])")
# What would start a list or a setext heading at the beginning of a line.
_BLOCK_START = re.compile(r"^(\d+)([.)])|^([-+=])")


@dataclass(frozen=True)
class MarkdownList:
    """One Markdown file: a section of a level or unit page, and the way back to the index."""

    path: str
    page: ListPage
    section: Section
    back: str


def md(value: str | Sequence[str]) -> str:
    """Text that reads literally in GFM, even in a table cell: `|`, `<tag>`, `#`, newlines → `<br>`."""
    if not isinstance(value, str):
        return "<br>".join(_md_text(v) for v in value)
    return _md_text(value)


@lru_cache(maxsize=16384)
def _md_text(value: str) -> str:
    # Cached: a catalogue repeats its channels, time limits, bodies and bases in item after item.
    lines = value.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "<br>".join(_line(line) for line in lines)


def md_url(url: str) -> str:
    """A link destination inside `<…>` in a table cell: what would end, escape or split it, percent-encoded."""
    return url.replace("\\", "%5C").replace("<", "%3C").replace(">", "%3E").replace("|", "%7C")


def _line(text: str) -> str:
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _SPECIAL.sub(r"\\\1", text)
    return _BLOCK_START.sub(lambda m: f"{m[1]}\\{m[2]}" if m[1] else f"\\{m[3]}", text)


def md_rows(table: Table) -> str:
    """The GFM lines of a table's rows, each ending in a line break: in code rather than in the
    template for the same reason as `render_html.row_html`."""
    remarks = table.has_remarks
    return "".join(_md_row(row, remarks) for row in table.rows)


def _md_row(row: Row, remarks: bool) -> str:
    scopes = "、".join(
        f"{scope}：{md(row.group_name)}" if scope == Scope.GROUP and row.group_name else str(scope)
        for scope in row.scopes
    )
    cells = (
        str(row.number), md(row.category), md(row.subcategory), md(row.content), md(row.basis),
        md(row.time_limit), md(row.body), md(row.channels), scopes, "、".join(row.methods),
    )  # fmt: skip
    line = "| " + " | ".join(cells) + " |"
    if remarks:
        link = f"[公开栏目](<{md_url(row.url)}>)" if row.url else ""
        line += " " + "<br>".join(p for p in (md(row.remarks), link) if p) + " |"
    return line + "\n"


def render(site: Site, env: Environment) -> dict[str, bytes]:
    """The Markdown index and every list file of `site`."""
    env.globals["md_rows"] = md_rows
    lists = markdown_lists(site)
    files = {f"{MD_DIR}/{m.path}": _render(env, "md/list.md", site=site, md_list=m) for m in lists}
    files[f"{MD_DIR}/README.md"] = _render(env, "md/index.md", site=site, lists=lists)
    return files


def _render(env: Environment, template: str, **context: object) -> bytes:
    return env.get_template(template).render(**context).encode()


def markdown_lists(site: Site) -> list[MarkdownList]:
    """Each level's shared lists, then each unit's lists where the unit has its own differences."""
    found: list[MarkdownList] = []
    pages = [p for p in site.pages if isinstance(p, ListPage)]
    for page in sorted(pages, key=lambda p: (p.unit is not None, p.path)):
        for section in page.sections:
            if page.unit is None:
                found.append(MarkdownList(f"{page.level.id}/{section.domain.id}.md", page, section, "../"))
            elif section.own:
                path = f"{page.level.id}/{page.unit.id}/{section.domain.id}.md"
                found.append(MarkdownList(path, page, section, "../../"))
    return found
