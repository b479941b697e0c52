"""Read every sheet of an Excel/WPS workbook (.xlsx, .xlsm) as a grid, merged ranges included."""

from __future__ import annotations

import datetime as dt
import warnings
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from .grid import Grid, Merge

EXPORT_CREATOR = "zwgk"  # set by `zwgk export xlsx`: the workbook's text is taken as it is


def read(path: Path, display: str) -> list[Grid]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns about WPS extensions it does not know
        workbook = load_workbook(path, data_only=True)
    exact = (workbook.properties.creator or "").startswith(EXPORT_CREATOR)
    return [
        _grid(sheet, display, exact, path.stem)
        for sheet in workbook.worksheets
        if isinstance(sheet, Worksheet)
        and not (exact and sheet.sheet_state != "visible")  # zwgk's value lists
    ]


def _grid(sheet: Worksheet, display: str, exact: bool, stem: str) -> Grid:
    found = _values(sheet)
    merges = [(m.min_row, m.min_col, m.max_row, m.max_col) for m in sheet.merged_cells.ranges]
    rows = max([r for r, _ in found] + [m[0] for m in merges], default=0)
    cols = max([c for _, c in found] + [m[1] for m in merges], default=0)
    cells = [["" for _ in range(cols)] for _ in range(rows)]
    for (r, c), text in found.items():
        cells[r - 1][c - 1] = text
    return Grid(
        source=display,
        table=f"工作表「{sheet.title}」",
        cells=cells,
        merges=[
            Merge(t - 1, left - 1, min(b, rows) - 1, min(right, cols) - 1) for t, left, b, right in merges
        ],
        context=[sheet.title, stem],
        row_numbers=list(range(1, rows + 1)),
        column_names=[get_column_letter(c) for c in range(1, cols + 1)],
        exact=exact,
        sheet_style=True,
    )


def _values(sheet: Worksheet) -> dict[tuple[int, int], str]:
    """The cells that hold a value; WPS often formats a million empty rows, so never walk the range."""
    cells = getattr(sheet, "_cells", None)
    if cells is None:  # pragma: no cover - openpyxl keeps its cells in _cells since 2.x
        cells = {(c.row, c.column): c for row in sheet.iter_rows() for c in row}
    return {key: _text(cell.value) for key, cell in cells.items() if cell.value is not None}


def _text(value: Any) -> str:
    """A cell's value as the sheet shows it: 20 not 20.0, a date as 2026-03-20."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value)
