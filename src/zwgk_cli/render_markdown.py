"""Render the Markdown directory: an index and one GFM file per domain per level (and per unit's own list)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from jinja2 import Environment

from .pages import ListPage, Section, Site
from .tables import Row, Table
from .vocab import Method, Scope

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
        return "<br>".join(map(_md_text, value))
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
    # Functions rather than templates as replacements: called only on a match, where a template is
    # looked up on every call, and most lines have nothing to escape.
    text = _SPECIAL.sub(_backslashed, text)
    return _BLOCK_START.sub(_block_start, text)


def _backslashed(match: re.Match[str]) -> str:
    return "\\" + match[1]


def _block_start(match: re.Match[str]) -> str:
    return f"{match[1]}\\{match[2]}" if match[1] else f"\\{match[3]}"


def md_rows(table: Table) -> str:
    """The GFM lines of a table's rows, each ending in a line break: in code rather than in the
    template for the same reason as `render_html.row_html`."""
    remarks = table.has_remarks
    return "".join(_md_row(row, remarks) for row in table.rows)


def _md_row(row: Row, remarks: bool) -> str:
    # As on the web page, the cells before and after 公开主体 are made once per item. The 二级事项
    # is nearly always the item's own: the cells after it are kept apart, as items share them.
    head = _md_text(row.category) + " | " + _md_text(row.subcategory)
    body = _md_body(row.content, row.basis, row.time_limit)
    tail = _md_tail(row.channels, row.public, row.group, row.group_name, row.proactive, row.on_request)
    line = f"| {row.number} | {head} | {body} | {_md_text(row.body)} | {tail} |"
    return f"{line} {_md_remarks(row.remarks, row.url)} |\n" if remarks else f"{line}\n"


@lru_cache(maxsize=4096)
def _md_body(content: str, basis: tuple[str, ...], time_limit: str) -> str:
    return " | ".join((_md_text(content), md(basis), _md_text(time_limit)))


@lru_cache(maxsize=1024)
def _md_tail(
    channels: tuple[str, ...], public: bool, group: bool, group_name: str, proactive: bool, on_request: bool
) -> str:
    scopes = [str(Scope.PUBLIC)] if public else []
    if group:
        scopes.append(f"{Scope.GROUP}：{md(group_name)}" if group_name else str(Scope.GROUP))
    methods = [str(m) for m, on in ((Method.PROACTIVE, proactive), (Method.ON_REQUEST, on_request)) if on]
    return " | ".join((md(channels), "、".join(scopes), "、".join(methods)))


@lru_cache(maxsize=1024)
def _md_remarks(remarks: tuple[str, ...], url: str) -> str:
    link = f"[公开栏目](<{md_url(url)}>)" if url else ""
    return "<br>".join(p for p in (md(remarks), link) if p)


def render(site: Site, env: Environment) -> dict[str, bytes]:
    """The Markdown index and every list file of `site`."""
    env.globals["md_rows"] = md_rows
    lists = markdown_lists(site)
    files: dict[str, bytes] = {}
    if lists:
        template = env.get_template("md/list.md")  # looked up once
        files = {f"{MD_DIR}/{m.path}": template.render(site=site, md_list=m).encode() for m in lists}
    files[f"{MD_DIR}/README.md"] = env.get_template("md/index.md").render(site=site, lists=lists).encode()
    return files


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
