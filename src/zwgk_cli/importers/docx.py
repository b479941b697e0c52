"""Read the tables of a Word/WPS document (.docx), each with the paragraphs above it.

A .docx is a zip of XML; its tables need only the standard library (gridSpan for merged columns,
vMerge for merged rows), so no dependency is added for them.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree as ET

from .grid import Grid, Merge

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
RECENT_PARAGRAPHS = 4


@dataclass(frozen=True)
class _Cell:
    text: str
    col: int
    span: int
    continues: bool  # <w:vMerge/> without val: the cell above goes on here


def read(path: Path, display: str) -> list[Grid]:
    with zipfile.ZipFile(path) as archive:
        root = ET.fromstring(archive.read("word/document.xml"))
    body = root.find(f"{W}body")
    grids: list[Grid] = []
    paragraphs: list[str] = []
    for element in _blocks(body if body is not None else root):
        if element.tag == f"{W}p":
            if text := _paragraph(element).strip():
                paragraphs.append(text)
        elif element.tag == f"{W}tbl":
            before = paragraphs[-RECENT_PARAGRAPHS:]
            heading = before[-1] if before else ""
            name = f"表格 {len(grids) + 1}" + (f"「{heading[:40]}」" if heading else "")
            grids.append(_grid(element, display, name, [*reversed(before), path.stem]))
    return grids


def _blocks(parent: ET.Element) -> list[ET.Element]:
    """Paragraphs and tables in document order, looking inside content controls (<w:sdt>)."""
    found: list[ET.Element] = []
    for child in parent:
        if child.tag in (f"{W}p", f"{W}tbl"):
            found.append(child)
        elif child.tag in (f"{W}sdt", f"{W}sdtContent", f"{W}customXml"):
            found += _blocks(child)
    return found


def _paragraph(element: ET.Element) -> str:
    parts: list[str] = []
    for node in element.iter():
        if node.tag == f"{W}t" and node.text:
            parts.append(node.text)
        elif node.tag == f"{W}tab":
            parts.append(" ")
        elif node.tag in (f"{W}br", f"{W}cr"):
            parts.append("\n")
    return "".join(parts)


def _cell_text(cell: ET.Element) -> str:
    return "\n".join(_paragraph(p) for p in cell.iter(f"{W}p")).strip()


def _row_cells(row: ET.Element) -> list[_Cell]:
    col = _int(row.find(f"{W}trPr/{W}gridBefore"))
    found = []
    for cell in row.findall(f"{W}tc"):
        span = max(_int(cell.find(f"{W}tcPr/{W}gridSpan")), 1)
        merge = cell.find(f"{W}tcPr/{W}vMerge")
        continues = merge is not None and merge.get(f"{W}val", "continue") == "continue"
        found.append(_Cell(_cell_text(cell), col, span, continues))
        col += span
    return found


def _grid(table: ET.Element, display: str, name: str, context: list[str]) -> Grid:
    rows = [_row_cells(row) for row in table.findall(f"{W}tr")]
    width = max((c.col + c.span for row in rows for c in row), default=0)
    cells = [["" for _ in range(width)] for _ in rows]
    merges: list[Merge] = []
    for r, row in enumerate(rows):
        for cell in row:
            if cell.continues:
                continue
            cells[r][cell.col] = cell.text
            depth = _continued(rows, r, cell.col)
            if depth or cell.span > 1:
                merges.append(Merge(r, cell.col, r + depth, cell.col + cell.span - 1))
    return Grid(source=display, table=name, cells=cells, merges=merges, context=context)


def _continued(rows: list[list[_Cell]], start: int, col: int) -> int:
    depth = 0
    for row in rows[start + 1 :]:
        if not any(c.col == col and c.continues for c in row):
            break
        depth += 1
    return depth


def _int(element: ET.Element | None) -> int:
    if element is None:
        return 0
    try:
        return int(element.get(f"{W}val", "0"))
    except ValueError:
        return 0
