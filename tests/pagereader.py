"""Read built HTML back the way a browser sees its structure: tables, cells, links, ids, scripts."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Row:
    attrs: dict[str, str]
    cells: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)  # th or td, per cell


@dataclass
class Table:
    attrs: dict[str, str]
    caption: str = ""
    head: list[list[str]] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)


class Page(HTMLParser):
    """Tables with their cell text (`<br>` read as a newline), every link and id, and the tag counts."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[Table] = []
        self.links: list[tuple[str, str, str]] = []  # (tag, attribute, value)
        self.ids: set[str] = set()
        self.tags: dict[str, int] = {}
        self.attributes: set[str] = set()
        self._table: Table | None = None
        self._row: Row | None = None
        self._in_head = False
        self._cell: list[str] | None = None
        self._caption: list[str] | None = None
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        self.tags[tag] = self.tags.get(tag, 0) + 1
        self.attributes.update(values)
        if "id" in values:
            self.ids.add(values["id"])
        for name in ("href", "src"):
            if name in values:
                self.links.append((tag, name, values[name]))
        self._structure(tag, values)

    def _structure(self, tag: str, values: dict[str, str]) -> None:
        if tag == "table":
            self._table = Table(values)
            self.tables.append(self._table)
        elif tag == "caption":
            self._caption = []
        elif tag == "thead":
            self._in_head = True
        elif tag == "tbody":
            self._in_head = False
        elif tag == "tr" and self._table is not None:
            self._row = Row(values)
            if self._in_head:
                self._table.head.append([])
            else:
                self._table.rows.append(self._row)
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []
            self._row.tags.append(tag)
        elif tag == "br" and self._cell is not None:
            self._cell.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None and self._table is not None:
            text = "".join(self._cell)
            if self._in_head:
                self._table.head[-1].append(text)
            elif self._row is not None:
                self._row.cells.append(text)
            self._cell = None
        elif tag == "caption" and self._caption is not None and self._table is not None:
            self._table.caption = "".join(self._caption)
            self._caption = None
        elif tag == "table":
            self._table = None
            self._row = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)
        if self._caption is not None:
            self._caption.append(data)

    def table(self, table_id: str) -> Table:
        return next(t for t in self.tables if t.attrs.get("id") == table_id)


def lines(text: str) -> str:
    """Whitespace as a browser shows it: runs folded to one space, each line trimmed."""
    return "\n".join(" ".join(line.split()) for line in text.split("\n")).strip("\n")
