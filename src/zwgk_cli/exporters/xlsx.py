"""The catalogue as a workbook in the national layout, for colleagues to review and print.

One sheet per catalogue file: a title, a line with 领域/层级/修订日期/版本, two header rows
(公开事项[一级事项|二级事项] … 公开层级[县级|乡级]), √ in the tick columns, merged 一级事项 cells,
drop-down lists, a frozen header and a print setup. `zwgk import` reads it back to the same catalogue.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
import zipfile
from dataclasses import dataclass, field
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, MergedCell
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.merge import MergedCellRange
from openpyxl.worksheet.worksheet import Worksheet

from ..catalogue import Catalogue, Entry
from ..importers.text import display_width
from ..models import Item
from ..vocab import NATIONAL_CHANNELS, Openness

CREATOR = "zwgk"  # the importer takes a workbook with this creator as exact, without clean-up heuristics
LISTS_SHEET = "取值"
TICK = "√"
LINE_HEIGHT = 13.5  # points per line of 10-point 宋体
FONT = "宋体"
_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
_SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")


def _styles() -> list[NamedStyle]:
    """Named styles, set once per workbook: assigning a style by name is far cheaper than per cell."""
    wrap = {"wrap_text": True}
    return [
        NamedStyle(
            "zwgk-text",
            font=Font(name=FONT, size=10),
            border=_BORDER,
            alignment=Alignment(vertical="top", **wrap),
        ),
        NamedStyle(
            "zwgk-tick",
            font=Font(name=FONT, size=10),
            border=_BORDER,
            alignment=Alignment("center", "center", **wrap),
        ),
        NamedStyle(
            "zwgk-category",
            font=Font(name=FONT, size=10),
            border=_BORDER,
            alignment=Alignment(vertical="center", **wrap),
        ),
        NamedStyle(
            "zwgk-header",
            font=Font(name=FONT, size=10, bold=True),
            border=_BORDER,
            fill=_HEADER_FILL,
            alignment=Alignment("center", "center", **wrap),
        ),
        NamedStyle(
            "zwgk-title",
            font=Font(name=FONT, size=16, bold=True),
            alignment=Alignment("center", "center", **wrap),
        ),
        NamedStyle("zwgk-line", font=Font(name=FONT, size=10), alignment=Alignment("left", "center", **wrap)),
    ]


@dataclass(frozen=True)
class Col:
    """One column of the sheet: its header (group and name), width, and how an item fills it."""

    group: str
    name: str
    width: float
    value: Any  # Callable[[Item], str]
    centred: bool = False


@dataclass
class Exported:
    data: bytes
    sheets: int
    items: int
    problems: list[str] = field(default_factory=list)


def export(catalogue: Catalogue) -> Exported:
    """The whole project as one workbook (bytes, deterministic for the same catalogue)."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for style in _styles():
        workbook.add_named_style(style)
    lists_sheet, lists = _lists_sheet(workbook, catalogue)
    names: set[str] = set()
    entries = _ordered(catalogue)
    problems: list[str] = []
    for entry in entries:
        sheet = workbook.create_sheet(_sheet_name(catalogue, entry, names))
        problems += _fill_sheet(sheet, catalogue, entry, lists)
    workbook.move_sheet(lists_sheet, offset=len(workbook.sheetnames))
    revised = max((e.data.revised for e in entries), default=dt.date(2020, 1, 1))
    moment = dt.datetime.combine(revised, dt.time())
    workbook.properties.creator = CREATOR
    workbook.properties.lastModifiedBy = CREATOR
    workbook.properties.title = catalogue.project.title
    workbook.properties.created = moment
    items = sum(len(e.data.items) for e in entries)
    return Exported(_deterministic(workbook, moment), len(entries), items, problems)


def _ordered(catalogue: Catalogue) -> list[Entry]:
    levels = list(catalogue.project.levels)
    units = list(catalogue.project.units)
    order = {d.id: d.order for d in catalogue.project.domains}
    return sorted(
        catalogue.entries,
        key=lambda e: (
            levels.index(e.level),
            e.unit is not None,
            units.index(e.unit) if e.unit else 0,
            order[e.domain],
        ),
    )


def _sheet_name(catalogue: Catalogue, entry: Entry, taken: set[str]) -> str:
    domain = catalogue.project.domains.domains[entry.domain].name
    where = (
        catalogue.project.units[entry.unit].label
        if entry.unit
        else catalogue.project.levels[entry.level].name
    )
    base = _SHEET_NAME_BAD.sub("", f"{domain}（{where}）")[:31]
    name, n = base, 2
    while name in taken:
        name = f"{base[: 31 - len(str(n)) - 1]}-{n}"
        n += 1
    taken.add(name)
    return name


# ---------------------------------------------------------------- columns


def columns(catalogue: Catalogue, entry: Entry) -> list[Col]:
    """The national layout, with 三级事项, 编号 and the optional elements only where items use them."""
    items = entry.data.items
    used = {key for item in items for key, value in _optional(item).items() if value}
    cols = [Col("", "序号", 5, None, True)]
    if "编号" in used:
        cols.append(Col("", "事项编号", 9, lambda i: i.id or ""))
    cols += [
        Col("公开事项", "一级事项", 10, lambda i: i.category),
        Col("公开事项", "二级事项", 12, lambda i: i.subcategory or ""),
    ]
    if any(i.subsubcategory for i in items):
        cols.append(Col("公开事项", "三级事项", 10, lambda i: i.subsubcategory or ""))
    cols += [
        Col("", "公开内容（要素）", 28, lambda i: i.content),
        Col("", "公开依据", 26, lambda i: "\n".join(i.basis)),
        Col("", "公开时限", 14, lambda i: i.time_limit),
        Col("", "公开主体", 12, lambda i: i.body),
        Col("", "公开渠道和载体", 14, lambda i: "\n".join(i.channels)),
        Col("公开对象", "全社会", 6.5, lambda i: TICK if "全社会" in i.audience.scopes else "", True),
        Col("公开对象", "特定群体", 8.5, _group_cell, True),
        Col("公开方式", "主动", 6.5, lambda i: TICK if "主动" in i.methods else "", True),
        Col("公开方式", "依申请", 6.5, lambda i: TICK if "依申请" in i.methods else "", True),
    ]
    own = catalogue.project.levels[entry.level].name
    for level in catalogue.project.levels.values():
        cols.append(
            Col("公开层级", level.name, 6.5, lambda i, name=level.name: TICK if name == own else "", True)
        )
    labels = {"五公开": ("五公开", 6.5), "链接": ("链接", 16), "备注": ("备注", 12), "豁免": ("豁免", 14)}
    for key, (name, width) in labels.items():
        if key in used:
            cols.append(Col("", name, width, lambda i, key=key: _optional(i)[key]))
    for key in dict.fromkeys(k for item in items for k in item.other_columns):
        cols.append(Col("其他列", key, 12, lambda i, key=key: i.other_columns.get(key, "")))
    return cols


def _optional(item: Item) -> dict[str, str]:
    return {
        "编号": item.id or "",
        "五公开": "、".join(o.value for o in item.openness),
        "链接": item.url or "",
        "备注": item.note or "",
        "豁免": "\n".join(f"{code}：{why}" for code, why in item.exemptions.items()),
    }


def _group_cell(item: Item) -> str:
    if "特定群体" not in item.audience.scopes:
        return ""
    return item.audience.group or TICK


# ---------------------------------------------------------------- one sheet


def _fill_sheet(sheet: Worksheet, catalogue: Catalogue, entry: Entry, lists: dict[str, str]) -> list[str]:
    cols = columns(catalogue, entry)
    header = _preamble(sheet, catalogue, entry, cols)
    _header(sheet, cols, header)
    first = header + 2
    problems = _items(sheet, cols, entry.data.items, first)
    last = first + len(entry.data.items) - 1
    _merge_categories(sheet, cols, entry.data.items, first)
    _not_applicable(sheet, entry, last + 2, len(cols))
    _validations(sheet, cols, first, max(last, first) + 200, lists, entry.level)
    _layout(sheet, cols, header, first)
    return problems


def _items(sheet: Worksheet, cols: list[Col], items: list[Item], first: int) -> list[str]:
    """One row per item, numbered, each row as tall as its longest cell needs."""
    problems: list[str] = []
    for n, item in enumerate(items):
        r = first + n
        values = [str(n + 1) if col.name == "序号" else col.value(item) for col in cols]
        for c, (col, value) in enumerate(zip(cols, values, strict=True), start=1):
            style = "zwgk-tick" if col.centred else "zwgk-text"
            problems += _put(sheet, r, c, value, style)
        sheet.row_dimensions[r].height = _row_height(cols, values)
    return problems


def _preamble(sheet: Worksheet, catalogue: Catalogue, entry: Entry, cols: list[Col]) -> int:
    """The lines above the table: title, 领域/层级/修订日期/版本, 标准指引, 说明; returns the header row."""
    lines = _preamble_lines(catalogue, entry, sum(col.width for col in cols))
    for r, (text, style, height) in enumerate(lines, start=1):
        _put(sheet, r, 1, text, style)
        _merge(sheet, r, 1, r, len(cols), style)
        sheet.row_dimensions[r].height = height
    return len(lines) + 1


def _preamble_lines(catalogue: Catalogue, entry: Entry, room: float) -> list[tuple[str, str, float]]:
    data, project = entry.data, catalogue.project
    domain = project.domains.domains[entry.domain].name
    where = project.units[entry.unit].label if entry.unit else project.government.label
    title = f"{where}{domain}领域基层政务公开事项标准目录（{project.levels[entry.level].name}）"
    meta = [("领域", data.domain), ("层级", data.level)]
    meta += [("单位", project.units[entry.unit].label)] if entry.unit else []
    meta += [("修订日期", data.revised.isoformat())] + ([("版本", data.version)] if data.version else [])
    lines = [(title, "zwgk-title", 32.0), ("　　".join(f"{k}：{v}" for k, v in meta), "zwgk-line", 20.0)]
    if data.guideline:
        lines.append((f"标准指引：{data.guideline}", "zwgk-line", 20.0))
    if data.description:
        text = f"说明：{data.description}"
        lines.append((text, "zwgk-line", min(LINE_HEIGHT * _lines(text, room) + 6, 409)))
    return lines


def _row_height(cols: list[Col], values: list[str]) -> float:
    """Tall enough for the wrapped text: spreadsheet programs do not size rows written by a program."""
    lines = max(_lines(value, col.width) for col, value in zip(cols, values, strict=True))
    return round(LINE_HEIGHT * lines + 4, 1)


def _lines(text: str, width: float) -> int:
    room = max(width - 1, 1)
    return sum(max(1, math.ceil(display_width(part) / room)) for part in text.split("\n")) if text else 1


def _header(sheet: Worksheet, cols: list[Col], row: int) -> None:
    c = 1
    while c <= len(cols):
        col = cols[c - 1]
        span = 1
        while col.group and c + span <= len(cols) and cols[c + span - 1].group == col.group:
            span += 1
        if col.group:
            _put(sheet, row, c, col.group, "zwgk-header")
            _merge(sheet, row, c, row, c + span - 1, "zwgk-header")
            for k in range(span):
                _put(sheet, row + 1, c + k, cols[c + k - 1].name, "zwgk-header")
        else:
            _put(sheet, row, c, col.name, "zwgk-header")
            _merge(sheet, row, c, row + 1, c, "zwgk-header")
        c += span


def _put(sheet: Worksheet, row: int, col: int, value: str, style: str) -> list[str]:
    """Write text as text: `=…` is not a formula here, and characters Excel cannot hold are reported."""
    problems = []
    clean = ILLEGAL_CHARACTERS_RE.sub("", value)
    if clean != value:
        problems.append(f"{sheet.title}!{get_column_letter(col)}{row}：去掉了 Excel 不能保存的控制字符")
    cell = sheet.cell(row, col)
    cell.value = clean or None
    if clean:
        cell.data_type = "s"
    cell.style = style
    return problems


def _merge(sheet: Worksheet, top: int, left: int, bottom: int, right: int, style: str) -> None:
    """Merge a range, styling the covered cells by name (openpyxl's merge_cells restyles each one slowly)."""
    area = CellRange(min_row=top, min_col=left, max_row=bottom, max_col=right)
    sheet.merged_cells.add(MergedCellRange(sheet, area.coord))
    for row in range(top, bottom + 1):
        for col in range(left, right + 1):
            if (row, col) != (top, left):
                covered = MergedCell(sheet, row, col)
                covered.style = style
                sheet._cells[(row, col)] = covered


def _merge_categories(sheet: Worksheet, cols: list[Col], items: list[Item], first: int) -> None:
    """Consecutive items of the same 一级事项 share one merged cell, as printed catalogues show them."""
    col = next(n for n, c in enumerate(cols, start=1) if c.name == "一级事项")
    start = 0
    for n in range(1, len(items) + 1):
        if n == len(items) or items[n].category != items[start].category:
            if n - start > 1:
                sheet.cell(first + start, col).style = "zwgk-category"
                _merge(sheet, first + start, col, first + n - 1, col, "zwgk-category")
            start = n


def _not_applicable(sheet: Worksheet, entry: Entry, row: int, width: int) -> None:
    for n, dropped in enumerate(entry.data.not_applicable):
        _put(sheet, row + n, 1, f"不适用：{dropped.identity}；理由：{dropped.reason}", "zwgk-line")
        _merge(sheet, row + n, 1, row + n, width, "zwgk-line")


def _validations(
    sheet: Worksheet, cols: list[Col], first: int, last: int, lists: dict[str, str], level: str
) -> None:
    """Drop-down lists from the vocabularies; the free-text ones warn nothing, they only offer."""
    for c, col in enumerate(cols, start=1):
        source, strict, prompt = _validation_for(col, lists, level)
        if source is None:
            continue
        rule = DataValidation(type="list", formula1=source, allow_blank=True, showErrorMessage=strict)
        rule.error, rule.errorTitle = f"{col.name}只能填 √ 或留空", col.name
        if prompt:
            rule.prompt, rule.promptTitle, rule.showInputMessage = prompt, col.name, True
        letter = get_column_letter(c)
        rule.add(f"{letter}{first}:{letter}{last}")
        sheet.add_data_validation(rule)


def _validation_for(col: Col, lists: dict[str, str], level: str) -> tuple[str | None, bool, str]:
    if col.name == "特定群体":
        return lists["√"], False, "打 √，或写明群体（如：项目单位）"
    if col.centred and col.name != "序号":
        return lists["√"], True, ""
    if col.name == "公开渠道和载体":
        return lists["渠道"], False, "每行一个渠道（Alt+Enter 换行）；可从列表选"
    if col.name == "五公开":
        return lists["五公开"], False, "决策、执行、管理、服务、结果"
    if col.name == "公开主体" and f"主体:{level}" in lists:
        return lists[f"主体:{level}"], False, "多个主体用「、」分隔"
    return None, False, ""


def _lists_sheet(workbook: Workbook, catalogue: Catalogue) -> tuple[Worksheet, dict[str, str]]:
    """A hidden sheet holding the values the drop-down lists offer."""
    project = catalogue.project
    local = [c for c in project.file.channels if c not in NATIONAL_CHANNELS]
    columns = {"√": [TICK], "渠道": [*NATIONAL_CHANNELS, *local], "五公开": [o.value for o in Openness]}
    for level, bodies in project.file.bodies.items():
        columns[f"主体:{level}"] = list(bodies)
    sheet = workbook.create_sheet(LISTS_SHEET)
    sheet.sheet_state = "hidden"
    refs: dict[str, str] = {}
    for c, (name, values) in enumerate(columns.items(), start=1):
        letter = get_column_letter(c)
        for r, value in enumerate(values, start=1):
            sheet.cell(r, c, value).data_type = "s"
        refs[name] = f"'{LISTS_SHEET}'!${letter}$1:${letter}${max(len(values), 1)}"
    return sheet, refs


def _layout(sheet: Worksheet, cols: list[Col], header: int, first: int) -> None:
    for c, col in enumerate(cols, start=1):
        sheet.column_dimensions[get_column_letter(c)].width = col.width
    names = [n for n, c in enumerate(cols, start=1) if c.group == "公开事项"]
    sheet.freeze_panes = sheet.cell(first, names[-1] + 1)
    sheet.print_title_rows = f"{header}:{header + 1}"
    setup = sheet.page_setup
    setup.orientation, setup.paperSize = "landscape", sheet.PAPERSIZE_A4
    setup.fitToWidth, setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.page_margins.top = sheet.page_margins.bottom = 0.6
    sheet.oddFooter.center.text = "第 &P 页，共 &N 页"


# ---------------------------------------------------------------- bytes


def _deterministic(workbook: Workbook, moment: dt.datetime) -> bytes:
    """Save, then pin every timestamp, so that the same catalogue gives byte-identical files."""
    buffer = io.BytesIO()
    workbook.save(buffer)
    stamp = moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    result = io.BytesIO()
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(result, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(
                    rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>" + stamp.encode(), data
                )
            pinned = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            pinned.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(pinned, data)
    return result.getvalue()
