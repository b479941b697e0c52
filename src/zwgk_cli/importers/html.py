"""Read the tables of a saved web page (.html, .htm, .mht), each with the heading above it."""

from __future__ import annotations

import codecs
import email
import email.policy
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from .grid import Grid, GridBuilder

_SKIP = frozenset({"script", "style", "noscript", "template", "rt", "rp", "head"})
_BLOCKS = frozenset(
    {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "center", "font"}
)
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "p", "div", "center", "strong", "b", "span"})
_WHITESPACE = re.compile(r"[ \t\r\n\f]+")
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.I)
_GBK = {"gb2312", "gbk", "gb_2312-80", "x-gbk", "cp936", "euc-cn", "hz-gb-2312"}
MAX_SPAN = 1000  # rowspan="65535" is seen in the wild: a span that long only means "to the end"
RECENT_BLOCKS = 4


def read(path: Path, display: str) -> list[Grid]:
    raw = path.read_bytes()
    if path.suffix.lower() in (".mht", ".mhtml"):
        raw = _mht_html(raw)
    parser = _PageParser()
    parser.feed(decode(raw))
    parser.close()
    grids = []
    for n, found in enumerate(sorted(parser.tables, key=lambda t: t.order), start=1):
        context = [t for t in (found.caption, *reversed(found.before), parser.title, path.stem) if t]
        heading = found.caption or (found.before[-1] if found.before else "")
        name = f"表格 {n}" + (f"「{heading[:40]}」" if heading else "")
        grids.append(
            Grid(
                source=display,
                table=name,
                cells=found.builder.rows_of_text(),
                merges=found.builder.clipped_merges(),
                context=context,
                layout_likely=True,
            )
        )
    return grids


def decode(raw: bytes) -> str:
    """The page's text: a BOM, then the charset its <meta> declares, then UTF-8, then GB18030."""
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if raw.startswith(bom):
            return raw.decode(encoding, errors="replace")
    declared = _CHARSET.search(raw[:8192])
    names = [declared.group(1).decode("ascii", "ignore").lower()] if declared else []
    names = ["gb18030" if n in _GBK else n for n in names] + ["utf-8", "gb18030"]
    for name in names:
        try:
            return raw.decode(name)
        except (LookupError, UnicodeDecodeError):
            continue
    return raw.decode("utf-8", errors="replace")


def _mht_html(raw: bytes) -> bytes:
    """The HTML part of a web archive saved by IE or WPS ("单个文件网页")."""
    message = email.message_from_bytes(raw, policy=email.policy.default)
    for part in message.walk():
        if part.get_content_type() == "text/html":
            payload = part.get_payload(decode=True)
            charset = part.get_content_charset()
            if isinstance(payload, bytes):
                if charset and not _CHARSET.search(payload[:8192]):
                    payload = f'<meta charset="{charset}">'.encode("ascii") + payload
                return payload
    return raw


@dataclass
class _Table:
    before: list[str]  # the text blocks above the table, nearest last
    builder: GridBuilder = field(default_factory=GridBuilder)
    row: list[tuple[str, int, int]] | None = None
    cell: list[str] | None = None
    spans: tuple[int, int] = (1, 1)
    caption: str = ""
    in_caption: bool = False
    order: int = 0  # tables are numbered as they open, as a reader counts them


class _PageParser(HTMLParser):
    """Collect every <table> as rows of (text, rowspan, colspan), and the headings above each."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[_Table] = []
        self.open: list[_Table] = []
        self.blocks: list[str] = []
        self.block: list[str] = []
        self.title = ""
        self.in_title = False
        self.skipping = 0
        self.opened = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self.in_title = True
        if tag in _SKIP and tag != "head":
            self.skipping += 1
            return
        table = self.open[-1] if self.open else None
        if tag == "table":
            self._flush_block()
            self.opened += 1
            self.open.append(_Table(before=self._recent(table), order=self.opened))
        elif table is None:
            if tag in _BLOCKS or tag == "br":
                self._flush_block()
        elif tag == "caption":
            table.in_caption = True
        elif tag == "tr":
            self._end_row(table)
            table.row = []
        elif tag in ("td", "th"):
            self._end_cell(table)
            if table.row is None:
                table.row = []
            table.cell = []
            table.spans = (_span(attrs, "rowspan"), _span(attrs, "colspan"))
        elif tag == "br" or tag in _BLOCKS:
            self._text(table, "\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        if tag in _SKIP and tag != "head":
            self.skipping = max(self.skipping - 1, 0)
            return
        table = self.open[-1] if self.open else None
        if table is None:
            if tag in _BLOCKS or tag in _HEADINGS:
                self._flush_block()
            return
        if tag == "caption":
            table.in_caption = False
        elif tag in ("td", "th"):
            self._end_cell(table)
        elif tag == "tr":
            self._end_row(table)
        elif tag == "table":
            self._end_row(table)
            self.open.pop()
            self.tables.append(table)
        elif tag in _BLOCKS:
            self._text(table, "\n")

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title += _WHITESPACE.sub(" ", data).strip()
            return
        if self.skipping:
            return
        text = _WHITESPACE.sub(" ", data)
        if self.open:
            self._text(self.open[-1], text)
        else:
            self.block.append(text)

    def close(self) -> None:
        super().close()
        while self.open:
            self.handle_endtag("table")

    def _text(self, table: _Table, text: str) -> None:
        if table.in_caption:
            table.caption += text.strip()
        elif table.cell is not None:
            table.cell.append(text)

    def _end_cell(self, table: _Table) -> None:
        if table.cell is None:
            return
        text = "\n".join(line.strip() for line in "".join(table.cell).split("\n"))
        if table.row is None:
            table.row = []
        table.row.append((text.strip("\n"), *table.spans))
        table.cell = None

    def _end_row(self, table: _Table) -> None:
        self._end_cell(table)
        if table.row is not None:
            table.builder.add_row(table.row)
            table.row = None

    def _recent(self, outer: _Table | None) -> list[str]:
        """The text above a table, nearest last; inside a layout table, the text above it in its cell."""
        inside = [line.strip() for line in "".join(outer.cell).split("\n")] if outer and outer.cell else []
        return [*self.blocks, *(line for line in inside if line)][-RECENT_BLOCKS:]

    def _flush_block(self) -> None:
        text = "".join(self.block).strip()
        self.block = []
        if text:
            self.blocks.append(text)


def _span(attrs: list[tuple[str, str | None]], name: str) -> int:
    value = dict(attrs).get(name) or "1"
    digits = re.match(r"\s*(\d+)", value)
    return min(int(digits.group(1)), MAX_SPAN) if digits else 1
