"""The import recipe: read files → clean cells → find tables → map rows → render files → write them."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..exporters.catalogue_file import render
from ..layout import CATALOGUE_DIR, PROJECT_FILE
from ..project import Project
from ..writer import write_atomically
from . import docx, html, xlsx
from .declare import add_channels
from .grid import Grid
from .records import Draft, Mapper, Options
from .report import ImportReport
from .table import read_table
from .text import looks_traditional, tidy, tidy_exact, to_simplified

Reader = Callable[[Path, str], list[Grid]]
READERS: dict[str, Reader] = {
    ".xlsx": xlsx.read,
    ".xlsm": xlsx.read,
    ".html": html.read,
    ".htm": html.read,
    ".shtml": html.read,
    ".mht": html.read,
    ".mhtml": html.read,
    ".docx": docx.read,
}
SAVE_AS = {
    ".xls": "旧版 Excel 格式：请在 WPS 或 Excel 中“另存为” .xlsx 再导入",
    ".et": "WPS 表格格式：请“另存为” .xlsx 再导入",
    ".doc": "旧版 Word 格式：请在 WPS 或 Word 中“另存为” .docx 再导入",
    ".wps": "WPS 文字格式：请“另存为” .docx 再导入",
    ".pdf": "PDF 里的表格无法可靠还原：请找到原始的 Excel/Word 文件，或把网页另存为 .html",
}


@dataclass
class ImportResult:
    """Everything an import would write, gathered before anything is written."""

    project: Project
    report: ImportReport
    files: dict[Path, tuple[str, int]] = field(default_factory=dict)  # path → (text, items)
    project_text: str | None = None  # zwgk.yaml with the new local channels declared
    unreadable: list[str] = field(default_factory=list)


def gather(paths: list[Path], project: Project, options: Options) -> ImportResult:
    """Read every source and build the text of every catalogue file to write."""
    report = ImportReport()
    result = ImportResult(project, report)
    mapper = Mapper(project, options, report)
    for path in expand(paths):
        previous = None
        for grid in _read(path, project, result):
            table = read_table(clean_grid(grid, report), previous=previous)
            previous = table or previous
            if table is None and grid.layout_likely:
                report.skipped_layout += 1
            elif table is None:
                report.skipped.append(f"{grid.source} {grid.table}")
            else:
                mapper.add(table)
    mapper.finish()
    for draft in mapper.drafts.values():
        _check_duplicates(draft, report)
        path = draft_path(project, draft)
        depth = len(path.relative_to(project.root).parts) - 1
        result.files[path] = (
            render(draft.header, draft.items, draft.not_applicable, depth),
            len(draft.items),
        )
    _declare(result, mapper.new_channels)
    return result


def expand(paths: list[Path]) -> list[Path]:
    """Files as given; a folder stands for the files in it that zwgk can read."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.suffix.lower() in READERS and p.is_file())
        else:
            found.append(path)
    return found


def _read(path: Path, project: Project, result: ImportResult) -> list[Grid]:
    display = _display(path)
    suffix = path.suffix.lower()
    if suffix in SAVE_AS:
        result.unreadable.append(f"{display}：{SAVE_AS[suffix]}")
        return []
    reader = READERS.get(suffix)
    if reader is None:
        result.unreadable.append(f"{display}：不支持的文件类型（可以导入 .xlsx、.html、.htm、.mht、.docx）")
        return []
    try:
        return reader(path, display)
    except FileNotFoundError:
        result.unreadable.append(f"{display}：文件不存在")
    except (OSError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        result.unreadable.append(
            f"{display}：无法读取（{type(exc).__name__}: {exc}），文件可能已损坏或加了密码"
        )
    return []


def _display(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def clean_grid(grid: Grid, report: ImportReport) -> Grid:
    """Every cell cleaned up: Traditional script, pinyin, punctuation width, stray spaces."""
    if grid.exact:
        grid.cells = [[tidy_exact(text) for text in row] for row in grid.cells]
        return grid
    traditional = looks_traditional([t for row in grid.cells for t in row] + grid.context)
    if traditional:
        grid.context = [to_simplified(t) for t in grid.context]
    cleaned = []
    for row in grid.cells:
        cleaned.append([_clean_cell(text, traditional, report) for text in row])
    grid.cells = cleaned
    return grid


def _clean_cell(text: str, traditional: bool, report: ImportReport) -> str:
    if not text:
        return text
    if traditional and (simplified := to_simplified(text)) != text:
        report.cleanups["繁体转简体"] += 1
        text = simplified
    text, changes = tidy(text)
    for kind in changes:
        report.cleanups[kind] += 1
    return text


def _check_duplicates(draft: Draft, report: ImportReport) -> None:
    first: dict[str, str] = {}
    for item, origin in zip(draft.items, draft.origins, strict=True):
        key = item.get("编号") or "/".join(
            item[k] for k in ("一级事项", "二级事项", "三级事项") if item.get(k)
        )
        if key in first:
            report.look(origin, f"事项「{key}」与 {first[key]} 重复：请合并，或用二级、三级事项区分")
        else:
            first[key] = origin


def draft_path(project: Project, draft: Draft) -> Path:
    folder = project.root / CATALOGUE_DIR / draft.level
    if draft.unit:
        folder /= draft.unit
    return folder / f"{draft.domain}.yaml"


def _declare(result: ImportResult, channels: list[str]) -> None:
    if not channels:
        return
    path = result.project.root / PROJECT_FILE
    text = add_channels(path.read_text(encoding="utf-8"), channels)
    if text is None:
        listed = "\n".join(f"  - {c}" for c in channels)
        result.report.look(PROJECT_FILE, f"无法自动声明新的本地渠道，请把它们加到「渠道」里：\n{listed}")
        return
    result.project_text = text
    result.report.declared_channels = list(channels)


def write(result: ImportResult, force: bool = False, dry_run: bool = False) -> None:
    """Write the gathered files (each atomically); an existing file is kept unless `force`."""
    report, root = result.report, result.project.root
    for path, (text, items) in result.files.items():
        shown = path.relative_to(root).as_posix()
        if path.exists() and not force:
            report.not_written.append((shown, "文件已存在（加 --force 覆盖）"))
            continue
        if not dry_run:
            write_atomically(path, text)
        report.written.append((shown, items))
    if result.project_text is not None and report.written and not dry_run:
        write_atomically(root / PROJECT_FILE, result.project_text)
