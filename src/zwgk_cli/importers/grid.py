"""A table as the readers hand it over: a grid of cell texts, its merged ranges and where it came from."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Merge:
    """A merged range in grid coordinates (0-based, inclusive)."""

    top: int
    left: int
    bottom: int
    right: int

    @property
    def width(self) -> int:
        return self.right - self.left + 1


@dataclass
class Grid:
    """One table from a workbook sheet, a page or a document; covered cells of a merge hold ""."""

    source: str  # the file, as shown in the report
    table: str  # 工作表「县级」, 表格 2 …
    cells: list[list[str]]
    merges: list[Merge] = field(default_factory=list)
    # Text that names the table, nearest first: a heading or caption, the sheet name, the page title.
    context: list[str] = field(default_factory=list)
    row_numbers: list[int] = field(default_factory=list)  # 1-based row numbers in the source
    column_names: list[str] = field(default_factory=list)  # C, 第3列 …
    exact: bool = False  # written by zwgk export: take the text as it is, no clean-up heuristics
    sheet_style: bool = False  # cells are cited as C5 (workbooks) rather than 第5行第3列
    layout_likely: bool = False  # a web page's table: most are layout, skipping one is not news

    def __post_init__(self) -> None:
        width = max((len(row) for row in self.cells), default=0)
        self.cells = [row + [""] * (width - len(row)) for row in self.cells]
        if not self.row_numbers:
            self.row_numbers = list(range(1, len(self.cells) + 1))
        if not self.column_names:
            self.column_names = [f"第{c + 1}列" for c in range(width)]
        self._origin = {
            (r, c): (m.top, m.left)
            for m in self.merges
            for r in range(m.top, m.bottom + 1)
            for c in range(m.left, m.right + 1)
            if (r, c) != (m.top, m.left)
        }
        self._span = {(m.top, m.left): m for m in self.merges}

    @property
    def width(self) -> int:
        return len(self.cells[0]) if self.cells else 0

    def column_label(self, col: int) -> str:
        """F列 in a workbook, 第3列 elsewhere."""
        name = self.column_names[col]
        return f"{name}列" if self.sheet_style else name

    def origin(self, row: int, col: int) -> tuple[int, int]:
        """The top-left cell of the merge that covers (row, col), or the cell itself."""
        return self._origin.get((row, col), (row, col))

    def span(self, row: int, col: int) -> Merge | None:
        return self._span.get((row, col))

    def text(self, row: int, col: int) -> str:
        """The text shown at (row, col): a covered cell shows its merge's text."""
        r, c = self.origin(row, col)
        return self.cells[r][c]

    def where(self, row: int, col: int | None = None) -> str:
        """How the report cites a row or a cell: 工作表「县级」C5, 表格 2 第 5 行第 3 列."""
        number = self.row_numbers[row]
        if col is None:
            return f"{self.source} {self.table} 第 {number} 行"
        name = self.column_names[col]
        if self.sheet_style:
            return f"{self.source} {self.table} {name}{number}"
        return f"{self.source} {self.table} 第 {number} 行{name}"


class GridBuilder:
    """Place cells with rowspan and colspan the way browsers and Word lay out a table."""

    def __init__(self) -> None:
        self.cells: dict[tuple[int, int], str] = {}
        self.merges: list[Merge] = []
        self.rows = 0

    def add_row(self, cells: list[tuple[str, int, int]]) -> None:
        """Add one row of (text, rowspan, colspan); cells spanned from rows above are skipped over."""
        row, col = self.rows, 0
        for text, rowspan, colspan in cells:
            while (row, col) in self.cells:
                col += 1
            rowspan, colspan = max(rowspan, 1), max(colspan, 1)
            for r in range(row, row + rowspan):
                for c in range(col, col + colspan):
                    self.cells.setdefault((r, c), "")
            self.cells[(row, col)] = text
            if rowspan > 1 or colspan > 1:
                self.merges.append(Merge(row, col, row + rowspan - 1, col + colspan - 1))
            col += colspan
        self.rows += 1

    def rows_of_text(self) -> list[list[str]]:
        """The grid as rows of text; a rowspan reaching past the last row is cut there."""
        width = max((c + 1 for _, c in self.cells), default=0)
        return [[self.cells.get((r, c), "") for c in range(width)] for r in range(self.rows)]

    def clipped_merges(self) -> list[Merge]:
        last = self.rows - 1
        clipped = (Merge(m.top, m.left, min(m.bottom, last), m.right) for m in self.merges)
        return [m for m in clipped if m.bottom > m.top or m.right > m.left]
