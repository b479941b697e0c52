"""Tables → drafts of catalogue files: each row placed by its domain and levels, with what needs a look."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from ..layout import PROJECT_FILE
from ..project import Project
from .items import Reading, RowReader
from .places import Places, strip_heading_number
from .report import Fill, ImportReport, TableSummary
from .table import NAME_ROLES, Line, Row, Table
from .vocabulary import Vocabulary, vocabulary

REQUIRED = ("一级事项", "公开内容", "公开依据", "公开时限", "公开主体", "公开渠道", "公开对象", "公开方式")
_ELEMENT_OF = {
    "全社会": "公开对象",
    "特定群体": "公开对象",
    "主动": "公开方式",
    "依申请": "公开方式",
    "渠道": "公开渠道",
}
_DATE_KEYS = ("修订日期", "更新日期", "填报日期", "发布日期")
_META = re.compile(f"(?:^|(?<=\\s))(领域|层级|单位|版本|{'|'.join(_DATE_KEYS)})[:：]\\s*")
_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
_NOT_APPLICABLE = re.compile(r"^不适用[:：](.+?)[；;]\s*理由[:：](.+)$", re.S)
Target = tuple[str, str | None, str]  # level, unit, domain


@dataclass
class Options:
    """What the user said on the command line, used where the source does not say it."""

    level: str | None = None
    domain: str | None = None
    unit: str | None = None
    revised: dt.date | None = None


@dataclass
class Draft:
    """One catalogue file to write: its header, its items and where each item came from."""

    level: str
    unit: str | None
    domain: str
    header: dict[str, Any]
    items: list[dict[str, Any]] = field(default_factory=list)
    origins: list[str] = field(default_factory=list)
    not_applicable: list[dict[str, str]] = field(default_factory=list)
    dated: bool = False  # 修订日期 comes from a table, not from --date or today


@dataclass
class Sheet:
    """What a table says about all its rows: domain, default levels, unit, header fields."""

    domain: str | None
    levels: list[str]
    unit: str | None
    header: dict[str, Any]
    not_applicable: list[dict[str, str]]
    stray_unit: str | None = None  # a unit the table names that the project does not have


@dataclass
class Mapper:
    """Collects the drafts of one import run, table by table, reporting as it goes."""

    project: Project
    options: Options
    report: ImportReport
    drafts: dict[Target, Draft] = field(default_factory=dict)
    new_channels: list[str] = field(default_factory=list)
    vocab: Vocabulary = field(default_factory=vocabulary)
    places: Places = field(init=False)
    _gaps: set[tuple[str, str]] = field(default_factory=set, init=False)
    _sheets: dict[int, Sheet] = field(default_factory=dict, init=False)  # by id() of the table
    _homeless: list[int] = field(default_factory=list, init=False)  # rows of no known domain
    # units the tables name and the project does not have: name → (level if written, tables)
    _strays: dict[str, tuple[str | None, list[str]]] = field(default_factory=dict, init=False)

    def __post_init__(self) -> None:
        self.places = Places(self.project)

    def add(self, table: Table) -> None:
        sheet = self._sheets[id(table.continues)] if table.continues else self._sheet(table)
        self._sheets[id(table)] = sheet
        if sheet.stray_unit:
            self._set_aside(table, sheet)
            return
        reader = RowReader(table, self.places, self.report, self.vocab, self.new_channels)
        used: set[int] = set()
        self._homeless = []
        items = sum(self._add_row(table, sheet, row, reader.read(row), used) for row in table.rows)
        if sheet.domain and sheet.not_applicable:
            self._draft(sheet, sheet.levels[0], sheet.domain).not_applicable += sheet.not_applicable
        self._report_homeless(table, sheet)
        self._report_lines(table, used)
        self._report_fills(table)
        self._summarize(table, items)

    def finish(self) -> None:
        """What only the whole run can tell: the units that tables name and the project does not have."""
        for name, (level, tables) in self._strays.items():
            self.report.look(PROJECT_FILE, self._stray_hint(name, level, len(tables)))

    def _summarize(self, table: Table, items: int, skipped: str = "") -> None:
        numbers = "、".join(str(table.grid.row_numbers[r]) for r in table.header_rows)
        header = f"表头在第 {numbers} 行"
        if table.continues is not None:
            header = f"接续{table.continues.grid.table}（没有表头，按它的列读）"
        where = f"{table.grid.source} {table.grid.table}"
        lines = sum(line.part != "preamble" for line in table.lines)
        self.report.rows_read += len(table.rows) + lines
        self.report.tables.append(TableSummary(where, header, len(table.rows) + lines, items, lines, skipped))

    # ------------------------------------------------------------ the table as a whole

    def _sheet(self, table: Table) -> Sheet:
        grid, header, notes, dropped, titles = table.grid, {}, [], [], []
        for line in table.lines:
            if line.part != "body" or self._is_note(line.text):
                _read_line(line, header, notes, dropped, titles, self.vocab)
        if notes:
            header["说明"] = "\n".join(notes)
        context = [*titles, *grid.context]
        domain = self.places.domain(header.get("领域"))
        found = (self.places.domain(text) or self.places.find_domain(text) for text in context)
        domain = domain or next((d for d in found if d), None)
        domain = domain or self.places.domain(self.options.domain)
        written = header.pop("单位", None)
        unit = self._unit(written, table)
        stray = written if written and unit is None else None
        levels = self._default_levels(header.get("层级"), context, unit)
        if levels is None:
            levels = [] if stray else self._top_level(table)
        return Sheet(domain, levels, unit, header, dropped, stray)

    def _unit(self, written: str | None, table: Table) -> str | None:
        """The unit the table names (单位：…), else --unit; None for a unit the project does not have."""
        if not written:
            return self.options.unit
        found = self.places.unit(written)
        if found is None and self.options.unit:
            where = f"{table.grid.source} {table.grid.table}"
            label = self.project.units[self.options.unit].label
            self.report.notes.append(
                f"{where} 写的单位「{written}」项目里没有，按 --unit 作为{label}的差异导入"
            )
            return self.options.unit
        return found

    def _set_aside(self, table: Table, sheet: Sheet) -> None:
        """A unit's own differences, for a unit the project lacks: never merged into the shared catalogue."""
        name, where = sheet.stray_unit or "", f"{table.grid.source} {table.grid.table}"
        items = sum(_names_itself(table, row) for row in table.rows)
        parts = [f"{items} 个事项"] if items else []
        if table.continues is None:  # the lines above and below belong to the first part of a table
            parts += [f"{len(sheet.not_applicable)} 条不适用"] if sheet.not_applicable else []
            parts += ["说明"] if sheet.header.get("说明") else []
        held = f"（{'、'.join(parts)}）" if parts else ""
        self.report.look(where, f"这是「{name}」自己的差异{held}，项目里没有这个单位，没有导入")
        self._strays.setdefault(name, (next(iter(sheet.levels), None), []))[1].append(where)
        self._summarize(table, 0, skipped=f"项目里没有单位「{name}」")

    def _stray_hint(self, name: str, level: str | None, tables: int) -> str:
        """The next step for a unit the project lacks: declare it where it belongs, then import again."""
        order = list(self.project.levels)
        above = order[order.index(level) - 1] if level and order.index(level) > 0 else None
        parent = "「政府」的" if above == self.places.top_level else ""
        if above and above != self.places.top_level:
            parent = f"所属{self.places.level_name(above)}单位的"
        fields = f"编号、名称、简称，层级: {level}" if level else "编号、名称、简称、层级"
        return (
            f"没有单位「{name}」，它自己的 {tables} 张表没有导入：在{parent}「下辖」里加上它（{fields}）"
            "后重新运行这条导入命令（不加 --force 时已写入的文件保持原样，只写出它的差异文件）；"
            "它若就是项目里写法不同的某个单位，把它的表另存为一个工作簿，加 --unit 单位编号 导入"
        )

    def _default_levels(self, written: str | None, context: list[str], unit: str | None) -> list[str] | None:
        """The levels a table is for, by its unit, its 层级 line, --level or its title; None when none says."""
        if unit:
            return [self.project.units[unit].level]
        for text in (written, self.options.level):
            if text and (found := self.places.levels(text)):
                return found
        for text in context:
            if found := self.places.levels_in(text):
                return found
        return None

    def _top_level(self, table: Table) -> list[str]:
        """The project's own level, for a table that says no level; noted unless its rows tick levels."""
        if not any(c.role in ("层级", "公开层级") for c in table.columns):
            where = f"{table.grid.source} {table.grid.table}"
            top = self.places.level_name(self.places.top_level)
            self.report.notes.append(
                f"{where} 没有公开层级列，标题里也没有写层级：按{top}导入（可用 --level 指定）"
            )
        return [self.places.top_level]

    # ------------------------------------------------------------ one row

    def _add_row(self, table: Table, sheet: Sheet, row: Row, reading: Reading, used: set[int]) -> int:
        grid = table.grid
        item = reading.item
        if not _names_itself(table, row):
            own = [f"{grid.column_label(c)}「{v.text[:30]}」" for c, v in row.values.items() if not v.filled]
            self.report.look(grid.where(row.index), f"无法识别为事项的行：{'、'.join(own)[:80]}")
            return 0
        domain = self._row_domain(table, sheet, row, reading, used)
        levels = self._row_levels(table, sheet, row, reading)
        if domain is None or not levels:
            return 0
        self._fill_category(table, row, item, used)
        self._require(table, row, item)
        if reading.other:
            item["其他列"] = reading.other
        self.report.rows_mapped += 1
        for level in levels:
            draft = self._draft(sheet, level, domain)
            draft.items.append(dict(item))
            draft.origins.append(grid.where(row.index))
        return len(levels)

    def _row_domain(
        self, table: Table, sheet: Sheet, row: Row, reading: Reading, used: set[int]
    ) -> str | None:
        if reading.domain:
            found = self.places.domain(reading.domain) or self.places.find_domain(reading.domain)
            if found is None:
                self.report.look(table.grid.where(row.index), f"不认识的领域「{reading.domain}」，没有导入")
            return found
        heading = self._domain_heading(row)
        if heading is not None:
            used.add(heading.row)
            return self.places.find_domain(heading.text)
        if sheet.domain is None:
            self._homeless.append(row.index)
        return sheet.domain

    def _row_levels(self, table: Table, sheet: Sheet, row: Row, reading: Reading) -> list[str]:
        levels = [level for label in reading.levels for level in self.places.levels(label)]
        if sheet.unit:
            return sheet.levels
        if levels:
            return list(dict.fromkeys(levels))
        where = table.grid.where(row.index)
        if reading.unknown_levels:
            names = "、".join(dict.fromkeys(reading.unknown_levels))
            self.report.look(where, f"只勾选了本项目没有的层级（{names}），没有导入")
            return []
        if any(c.role in ("层级", "公开层级") for c in table.columns):
            names = "、".join(self.places.level_name(level) for level in sheet.levels)
            self.report.look(where, f"没有勾选公开层级，按{names}导入")
        return sheet.levels

    def _fill_category(self, table: Table, row: Row, item: dict[str, Any], used: set[int]) -> None:
        """A heading row above the rows (一、政策法规) names their 一级事项 when no cell does."""
        section = self._category_heading(row)
        if item.get("一级事项") or section is None:
            return
        item["一级事项"] = strip_heading_number(section.text)
        used.add(section.row)
        grid = table.grid
        column = next((c for c in table.columns if c.role == "一级事项"), None)
        where = grid.where(row.index, column.index) if column else grid.where(row.index)
        self.report.fills.append(Fill(where, "一级事项", "分类标题行", grid.where(section.row)))

    def _require(self, table: Table, row: Row, item: dict[str, Any]) -> None:
        """A missing element stays visible in the file, empty, and is listed for a human to fill."""
        grid = table.grid
        for key in REQUIRED:
            if item.get(key):
                continue
            item[key] = ""
            column = next((c for c in table.columns if _ELEMENT_OF.get(c.role, c.role) == key), None)
            if column is not None:
                self.report.look(grid.where(row.index, column.index), f"{key}为空，留空待填")
                continue
            gap = (f"{grid.source} {grid.table}", f"表格没有「{key}」列，各事项的{key}留空待填")
            if gap not in self._gaps:
                self._gaps.add(gap)
                self.report.look(*gap)

    def _domain_heading(self, row: Row) -> Line | None:
        return next((h for h in reversed(row.headings) if self.places.is_domain_heading(h.text)), None)

    def _category_heading(self, row: Row) -> Line | None:
        """The nearest heading above the row, unless a domain heading comes after it."""
        last = row.headings[-1] if row.headings else None
        return None if last is None or self.places.is_domain_heading(last.text) else last

    # ------------------------------------------------------------ bookkeeping

    def _draft(self, sheet: Sheet, level: str, domain: str) -> Draft:
        unit = sheet.unit if sheet.unit and self.project.units[sheet.unit].level == level else None
        key = (level, unit, domain)
        if key not in self.drafts:
            header = {
                "领域": self.project.domains.domains[domain].name,
                "层级": self.places.level_name(level),
                "修订日期": self.options.revised or dt.date.today(),
            }
            self.drafts[key] = Draft(level, unit, domain, header)
        draft = self.drafts[key]
        written = dict(sheet.header)
        # The table's own spelling of its domain and level (环境保护, 镇级) stays, if it names this file's.
        if self.places.domain(written.pop("领域", None)) == domain:
            draft.header["领域"] = sheet.header["领域"]
        if level in self.places.levels(written.pop("层级", None) or ""):
            draft.header["层级"] = sheet.header["层级"]
        if date := written.pop("修订日期", None):  # the latest date any of its tables gives
            draft.header["修订日期"] = max(date, draft.header["修订日期"]) if draft.dated else date
            draft.dated = True
        _merge_header(draft.header, written)
        return draft

    def _is_note(self, text: str) -> bool:
        return text.lstrip().startswith(self.vocab.note_starts)

    def _report_homeless(self, table: Table, sheet: Sheet) -> None:
        """Rows whose domain nothing names: one line for a whole table, else one per row."""
        grid, rows = table.grid, self._homeless
        if not rows:
            return
        hint = "没有认出属于哪个领域，没有导入：用 --domain 指定"
        if written := sheet.header.get("领域"):
            hint = (
                f"没有认出属于哪个领域（表格写的「{written}」不是本项目的领域），没有导入："
                "在 zwgk.yaml 的「领域」里声明它后重新导入，或用 --domain 指定"
            )
        if len(rows) == len(table.rows):
            first, last = grid.row_numbers[rows[0]], grid.row_numbers[rows[-1]]
            span = f"第 {first} 行" if first == last else f"第 {first}–{last} 行"
            self.report.look(f"{grid.source} {grid.table}", f"这张表（{span}）{hint}")
        else:
            for row in rows:
                self.report.look(grid.where(row), f"这一行{hint}")

    def _report_lines(self, table: Table, used: set[int]) -> None:
        for line in table.lines:
            if line.part == "body" and line.row not in used and not self._is_note(line.text):
                self.report.look(table.grid.where(line.row), f"无法对应的行：{line.text[:60]}")

    def _report_fills(self, table: Table) -> None:
        grid = table.grid
        for value in table.fills:
            source = grid.where(*value.source) if value.source else ""
            column = table.column(value.col).header
            self.report.fills.append(Fill(grid.where(value.row, value.col), column, value.filled, source))


def _names_itself(table: Table, row: Row) -> bool:
    """Does the row write an item's name or content itself (not only cells filled from above)?"""
    roles = (*NAME_ROLES, "公开内容")
    return any(not v.filled and table.column(c).role in roles for c, v in row.values.items())


def _merge_header(header: dict[str, Any], sheet: dict[str, Any]) -> None:
    for key, value in sheet.items():
        if key == "说明" and header.get("说明") and value not in header["说明"]:
            header["说明"] += "\n" + value
        elif key not in header:
            header[key] = value


def _read_line(
    line: Line,
    header: dict[str, Any],
    notes: list[str],
    dropped: list[dict[str, str]],
    titles: list[str],
    vocab: Vocabulary,
) -> None:
    """A line above or below the table: 修订日期：…, 说明：…, 不适用：…, a title, or a note."""
    text = line.text.strip()
    if match := _NOT_APPLICABLE.match(text):
        dropped.append({"事项": match.group(1).strip(), "理由": match.group(2).strip()})
    elif re.match(r"^说明[:：]", text):
        notes.append(re.sub(r"^说明[:：]\s*", "", text))
    elif re.match(r"^标准指引[:：]", text):
        header["标准指引"] = re.sub(r"^标准指引[:：]\s*", "", text)
    elif _META.match(text):
        _read_meta(text, header, notes)
    elif line.part == "preamble" and not text.startswith(vocab.note_starts) and _looks_like_title(text):
        titles.append(text)
    else:
        notes.append(text)


def _looks_like_title(text: str) -> bool:
    return len(text) <= 60 and not re.search(r"[：:。；;]", text)


def _read_meta(text: str, header: dict[str, Any], notes: list[str]) -> None:
    marks = list(_META.finditer(text))
    for mark, following in zip(marks, [*marks[1:], None], strict=True):
        key = mark.group(1)
        value = text[mark.end() : following.start() if following else len(text)].strip()
        if key not in _DATE_KEYS:
            if value:
                header[key] = value
        elif date := _date(value):
            header["修订日期"] = date
        else:
            notes.append(f"{key}：{value}")


def _date(text: str) -> dt.date | None:
    match = _DATE.search(text)
    if not match:
        return None
    try:
        return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None
