"""Grid → rows: find the header by its text, map each column to an element, fill merged cells down.

The header can be one or two rows (three at most), anywhere in the first rows of the table; the
columns can come in any order. What each header text means is data (data/import.yaml).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from ..vocab import NATIONAL_CHANNELS, clean, normalize_channel
from .grid import Grid
from .vocabulary import Vocabulary, vocabulary

HEADER_SEARCH_ROWS = 25
NAME_ROLES = ("一级事项", "二级事项", "三级事项")
TICK_ROLES = ("全社会", "特定群体", "主动", "依申请")
REPEATABLE = frozenset({"层级", "渠道", "其他列"})
# Columns whose empty cell means "as above" even when the cell is not merged: they are headings.
HEADING_ROLES = ("领域", "一级事项")
OTHER_GROUP = "其他列"
_LEVEL_LABEL = re.compile(r"^[\u4e00-\u9fff、（）()]{1,8}级$")


@dataclass(frozen=True)
class Column:
    index: int
    role: str  # an element (公开内容 …), a tick (全社会, 主动 …), 层级, 渠道 or 其他列
    header: str  # as the report shows it: 公开对象/全社会
    label: str = ""  # the level for 层级, the channel for 渠道, the key for 其他列


@dataclass(frozen=True)
class Value:
    text: str
    row: int
    col: int
    filled: str = ""  # how an empty cell got its text: 合并单元格, 同上, 沿用上一行
    source: tuple[int, int] | None = None


@dataclass(frozen=True)
class Line:
    """A row that holds one text only: a title, a note, a section heading."""

    row: int
    text: str
    part: Literal["preamble", "body", "trailer"]


@dataclass
class Row:
    index: int
    values: dict[int, Value]
    headings: tuple[Line, ...] = ()  # the heading rows above it, nearest last


@dataclass
class Table:
    grid: Grid
    columns: list[Column]
    header_rows: list[int]
    rows: list[Row] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    repeated_headers: int = 0
    continues: Table | None = None  # the table this one goes on from (no header of its own)

    def column(self, index: int) -> Column:
        return self.columns[index]

    @property
    def fills(self) -> list[Value]:
        return [v for row in self.rows for v in row.values.values() if v.filled]


def read_table(grid: Grid, vocab: Vocabulary | None = None, previous: Table | None = None) -> Table | None:
    """The rows of a catalogue table, or None when the grid has no catalogue header.

    A headerless table as wide as the `previous` one of the same page or document goes on from it:
    long tables are often split by page breaks into several.
    """
    vocab = vocab or vocabulary()
    header = _find_header(grid, vocab)
    if header is None:
        if previous is None or grid.sheet_style or previous.grid.width != grid.width:
            return None
        table = Table(grid, previous.columns, [], continues=previous)
    else:
        columns = _columns(grid, header, vocab)
        if not any(c.role in (*NAME_ROLES, "公开事项") for c in columns):
            return None
        table = Table(grid, columns, header)
        table.lines = [Line(r, text, "preamble") for r in range(header[0]) if (text := _row_text(grid, r))]
    _read_rows(table, vocab)
    return table if table.rows or header is not None else None


# ---------------------------------------------------------------- header


def _find_header(grid: Grid, vocab: Vocabulary) -> list[int] | None:
    best, best_score = None, 2
    for r in range(min(len(grid.cells), HEADER_SEARCH_ROWS)):
        roles = {vocab.role(text) for text in _own_cells(grid, r).values()} - {None, "序号", "备注"}
        if len(roles) > best_score:
            best, best_score = r, len(roles)
    if best is None:
        return None
    rows = [best]
    while len(rows) < 3 and rows[-1] + 1 < len(grid.cells) and _continues_header(grid, rows[-1], vocab):
        rows.append(rows[-1] + 1)
    return rows


def _continues_header(grid: Grid, above: int, vocab: Vocabulary) -> bool:
    """Is the row below `above` a second header row (一级事项 | 二级事项 under 公开事项 …)?"""
    row = above + 1
    own = [t for t in _own_cells(grid, row).values()]
    if not own:
        return any(grid.origin(row, c)[0] == above for c in range(grid.width))
    if not grid.exact and any(t in vocab.ticks or len(clean(t)) > 16 for t in own):
        return False  # a tick or a long text: the first row of data
    named = any(
        vocab.is_sub_term(t) or vocab.role(t) or _LEVEL_LABEL.match(clean(t)) or _channel(t) for t in own
    )
    return named and _grouped(grid, above)


def _channel(text: str) -> bool:
    return normalize_channel(text) in NATIONAL_CHANNELS


def _grouped(grid: Grid, above: int) -> bool:
    """Does the row have the shape of a group header: a merge, or an empty cell over a sub-header?"""
    for c in range(grid.width):
        span = grid.span(*grid.origin(above, c))
        if span is not None and (span.bottom > above or span.width > 1):
            return True
        if not grid.text(above, c).strip() and grid.cells[above + 1][c].strip():
            return True
    return False


def _header_texts(grid: Grid, rows: list[int], col: int) -> list[str]:
    texts: list[str] = []
    for n, r in enumerate(rows):
        text = grid.text(r, col).strip()
        if not text and n < len(rows) - 1 and grid.origin(r, col) == (r, col):
            text = _left_neighbour(grid, r, col)  # a group header whose merge was lost
        if text and (not texts or clean(text) != clean(texts[-1])):
            texts.append(text)
    return texts


def _left_neighbour(grid: Grid, row: int, col: int) -> str:
    below = row + 1 < len(grid.cells) and grid.cells[row + 1][col]
    for c in range(col - 1, -1, -1):
        if grid.text(row, c).strip():
            return grid.text(row, c).strip() if below else ""
    return ""


def _columns(grid: Grid, rows: list[int], vocab: Vocabulary) -> list[Column]:
    columns: list[Column] = []
    taken: set[str] = set()
    for c in range(grid.width):
        texts = _header_texts(grid, rows, c)
        column = _column(c, texts, grid, vocab)
        if column.role in taken and column.role not in REPEATABLE:
            column = Column(c, "其他列", column.header, _key(texts, grid, c))
        taken.add(column.role)
        columns.append(column)
    return _name_columns(columns)


def _column(c: int, texts: list[str], grid: Grid, vocab: Vocabulary) -> Column:
    if not texts:
        return Column(c, "其他列", grid.column_label(c), f"（无表头的{grid.column_label(c)}）")
    shown = "/".join(clean(t) if not grid.exact else t for t in texts)
    name = texts[-1]
    if len(texts) > 1:
        group = texts[-2].strip() if grid.exact else clean(texts[-2])
        if group == OTHER_GROUP:
            return Column(c, "其他列", shown, name.strip())
        group_role = vocab.role(group)
        sub = vocab.sub_role(group_role or "", name)
        if sub:
            return Column(c, sub, shown)
        if group_role == "公开层级":
            return Column(c, "层级", shown, clean(name))
        if group_role == "公开渠道":  # one tick column per channel
            return Column(c, "渠道", shown, clean(name))
    for group_role in vocab.groups:
        sub = vocab.sub_role(group_role, name)
        if sub and (len(texts) == 1 or vocab.role(texts[-2]) is None):
            return Column(c, sub, shown)
    role = vocab.role(name)
    if role:
        return Column(c, role, shown)
    if _LEVEL_LABEL.match(clean(name)):
        return Column(c, "层级", shown, clean(name))
    return Column(c, "其他列", shown, _key(texts, grid, c))


def _key(texts: list[str], grid: Grid, c: int) -> str:
    if grid.exact:
        return texts[-1].strip()
    return "/".join(clean(t) for t in texts) or f"（无表头的{grid.column_label(c)}）"


def _name_columns(columns: list[Column]) -> list[Column]:
    """A lone 公开事项 / 事项名称 column is the highest name level not given by another column."""
    roles = {c.role for c in columns}
    result = []
    for column in columns:
        if column.role == "公开事项":
            free = [r for r in NAME_ROLES if r not in roles]
            target = "一级事项" if "一级事项" not in roles else free[0] if free else "其他列"
            roles.add(target)
            column = Column(column.index, target, column.header, column.header if target == "其他列" else "")
        result.append(column)
    return result


# ---------------------------------------------------------------- rows


def _row_text(grid: Grid, r: int) -> str:
    seen: set[tuple[int, int]] = set()
    parts = []
    for c in range(grid.width):
        origin = grid.origin(r, c)
        if origin in seen or origin[0] != r:
            continue
        seen.add(origin)
        if text := grid.cells[origin[0]][origin[1]].strip():
            parts.append(text)
    return "  ".join(parts)


def _own_cells(grid: Grid, r: int) -> dict[tuple[int, int], str]:
    """The cells that start in row r and hold text, by merge origin."""
    found: dict[tuple[int, int], str] = {}
    for c in range(grid.width):
        origin = grid.origin(r, c)
        if origin[0] == r and (text := grid.cells[origin[0]][origin[1]].strip()):
            found[origin] = text
    return found


def _from_above(grid: Grid, r: int, first_data: int) -> bool:
    return any(first_data <= grid.origin(r, c)[0] < r and grid.text(r, c).strip() for c in range(grid.width))


def _read_rows(table: Table, vocab: Vocabulary) -> None:
    grid = table.grid
    first = table.header_rows[-1] + 1 if table.header_rows else 0
    header = (
        [clean(grid.text(table.header_rows[-1], c)) for c in range(grid.width)] if table.header_rows else []
    )
    previous: dict[int, Value] = {}
    headings: list[Line] = []
    pending: list[Line] = []
    for r in range(first, len(grid.cells)):
        own = _own_cells(grid, r)
        if not own:
            continue
        if [clean(grid.text(r, c)) for c in range(grid.width)] == header:
            table.repeated_headers += 1
            continue
        if len(own) == 1 and _is_line(table, r, next(iter(own))) and not _from_above(grid, r, first):
            line = Line(r, next(iter(own.values())), "body")
            pending.append(line)
            if not _is_note(line.text, vocab):
                headings.append(line)
                previous = {k: v for k, v in previous.items() if table.column(k).role not in HEADING_ROLES}
            continue
        table.lines.extend(pending)
        pending = []
        row = Row(r, _values(table, r, first, previous, vocab), tuple(headings))
        table.rows.append(row)
        previous = row.values
    table.lines.extend(Line(line.row, line.text, "trailer") for line in pending)


def _is_line(table: Table, r: int, origin: tuple[int, int]) -> bool:
    """A lone text spanning columns, or standing left of the item names, heads the rows below it."""
    span = table.grid.span(*origin)
    names = [c.index for c in table.columns if c.role in NAME_ROLES] or [0]
    return (span is not None and span.width > 1) or origin[1] <= min(names)


def _values(
    table: Table, r: int, first: int, previous: dict[int, Value], vocab: Vocabulary
) -> dict[int, Value]:
    grid = table.grid
    values: dict[int, Value] = {}
    for column in table.columns:
        c = column.index
        r0, c0 = grid.origin(r, c)
        text = grid.cells[r0][c0].strip() if c0 == c else ""
        if r0 < r and text:
            if r0 < first:
                continue
            values[c] = Value(text, r, c, "合并单元格", (r0, c0))
        elif text and not grid.exact and clean(text) in vocab.ditto and c in previous:
            values[c] = Value(previous[c].text, r, c, "同上", (previous[c].row, c))
        elif text:
            values[c] = Value(text, r, c)
        elif column.role in HEADING_ROLES and c in previous and not grid.exact:
            values[c] = Value(previous[c].text, r, c, "沿用上一行", (previous[c].row, c))
    return values


def _is_note(text: str, vocab: Vocabulary) -> bool:
    return text.lstrip().startswith(vocab.note_starts)
