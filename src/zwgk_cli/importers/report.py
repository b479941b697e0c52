"""What an import did, as plain data, and its Chinese text for the terminal."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Finding:
    """A row or a cell that needs a human look."""

    where: str
    message: str


@dataclass(frozen=True)
class Fill:
    """An empty cell that was given the text of the cell above it."""

    where: str
    column: str
    how: str  # 合并单元格, 同上, 沿用上一行, 分类标题行
    source: str


@dataclass(frozen=True)
class TableSummary:
    where: str
    header: str  # 表头在第 3、4 行; 接续表格 2（没有表头，按它的列读）
    rows: int
    items: int
    lines: int = 0  # of the rows: headings and notes, not items
    skipped: str = ""  # why none of its rows was imported (a unit the project does not have)


@dataclass
class ImportReport:
    tables: list[TableSummary] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # tables that are not catalogues
    skipped_layout: int = 0  # tables of web pages that are not catalogues (page layout, menus)
    rows_read: int = 0
    rows_mapped: int = 0
    fills: list[Fill] = field(default_factory=list)
    normalized: Counter[tuple[str, str, str]] = field(default_factory=Counter)  # (element, from, to)
    cleanups: Counter[str] = field(default_factory=Counter)  # kind of clean-up → cells
    findings: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # things done that the user should know
    written: list[tuple[str, int]] = field(default_factory=list)  # file, items
    not_written: list[tuple[str, str]] = field(default_factory=list)  # file, why
    declared_channels: list[str] = field(default_factory=list)

    @property
    def items_written(self) -> int:
        return sum(n for _, n in self.written)

    def normalize(self, element: str, before: str, after: str) -> None:
        self.normalized[(element, before, after)] += 1

    def look(self, where: str, message: str) -> None:
        self.findings.append(Finding(where, message))


def render(report: ImportReport, verbose: bool = False, dry_run: bool = False) -> str:
    """The report as the terminal shows it."""
    lines: list[str] = []
    for table in report.tables:
        among = f"（其中标题、说明行 {table.lines}）" if table.lines else ""
        got = f"没有导入（{table.skipped}）" if table.skipped else f"得到 {table.items} 个事项"
        lines.append(f"{table.where}：{table.header}，读取 {table.rows} 行{among}，{got}")
    lines += [f"{where}：没有找到目录表头，跳过" for where in report.skipped]
    if not report.tables:
        lines.append("没有找到目录表格：表头要写明公开内容、公开依据等要素（认识的写法见 docs/import.md）")
    if report.skipped_layout:
        lines.append(f"网页中另有 {report.skipped_layout} 个表格不是目录（版式、导航等），已跳过")
    lines.append("")
    verb = "将写出" if dry_run else "写出"
    lines.append(
        f"合计：读取 {report.rows_read} 行，{verb} {report.items_written} 个事项（{len(report.written)} 个文件）"
    )
    lines += [f"  {'将写入' if dry_run else '已写入'} {path}（{n} 个事项）" for path, n in report.written]
    lines += [f"  未写入 {path}：{why}" for path, why in report.not_written]
    if set_aside := sum(bool(table.skipped) for table in report.tables):
        lines.append(f"  没有导入 {set_aside} 张表（见“需要人工查看”）")
    lines += _fills(report, verbose)
    lines += _normalized(report, verbose)
    if report.declared_channels:
        verb = "将在" if dry_run else "已在"
        lines.append(
            f"{verb} zwgk.yaml 的「渠道」里声明本地渠道：{'、'.join(report.declared_channels)}（请核对）"
        )
    lines += [f"说明：{note}" for note in report.notes]
    if report.findings:
        lines.append(f"需要人工查看 {len(report.findings)} 处：")
        lines += [f"  {f.where}：{f.message}" for f in report.findings]
    else:
        lines.append("没有需要人工查看的行。")
    return "\n".join(lines) + "\n"


def _fills(report: ImportReport, verbose: bool) -> list[str]:
    if not report.fills:
        return []
    by_column = Counter(f.column for f in report.fills)
    summary = "、".join(f"{column} {n}" for column, n in by_column.most_common())
    lines = [f"向下填充 {len(report.fills)} 格：{summary}"]
    if verbose:
        lines += [f"  {f.where}（{f.column}）← {f.source}（{f.how}）" for f in report.fills]
    return lines


def _normalized(report: ImportReport, verbose: bool) -> list[str]:
    total = sum(report.normalized.values()) + sum(report.cleanups.values())
    if not total:
        return []
    lines = [f"规范化 {total} 处："]
    lines += [f"  {kind} {n} 格" for kind, n in report.cleanups.most_common()]
    shown = report.normalized.most_common(None if verbose else 12)
    lines += [f"  {element}「{before}」→「{after}」 {n} 处" for (element, before, after), n in shown]
    if len(report.normalized) > len(shown):
        lines.append(f"  ……另有 {len(report.normalized) - len(shown)} 种（加 --verbose 列出全部）")
    return lines
