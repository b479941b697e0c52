"""Shared fixtures: the shipped sample project, a scratch project builder and the CLI runner."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

REPO = Path(__file__).resolve().parent.parent
MINIMAL_PROJECT = """\
政府:
  编号: demo
  名称: 演示县人民政府
  简称: 演示县
  层级: county
  下辖:
    - {编号: town-a, 名称: 甲镇人民政府, 简称: 甲镇, 层级: township}
渠道: [村务公开栏]
"""


@pytest.fixture
def repo() -> Path:
    return REPO


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


ProjectMaker = Callable[..., Path]


@pytest.fixture
def make_project(tmp_path: Path) -> ProjectMaker:
    """Write a project: `files` maps relative paths to text (dedented) or bytes."""

    def make(files: dict[str, str | bytes], project: str = MINIMAL_PROJECT) -> Path:
        root = tmp_path / "project"
        root.mkdir(exist_ok=True)
        (root / "zwgk.yaml").write_text(project, encoding="utf-8")
        for name, content in files.items():
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(textwrap.dedent(content), encoding="utf-8")
        return root

    return make


# ---------------------------------------------------------------- import and export

IMPORT_PROJECT = """\
# 导入测试用的项目：县、一个镇、一个村
政府:
  编号: demo
  名称: 演示县人民政府
  简称: 演示县
  层级: county
  下辖:
    - 编号: town-a
      名称: 甲镇人民政府
      简称: 甲镇
      层级: township
      下辖:
        - {编号: village-a, 名称: 甲村村民委员会, 简称: 甲村, 层级: village}
渠道:
  - 村务公开栏   # 本县的公开栏
"""
# A sheet as the tests write it: its rows (None for an empty cell) and its merged ranges ("B4:B6").
SheetSpec = tuple[list[list[object]], list[str]]
WorkbookMaker = Callable[..., Path]


@pytest.fixture
def import_project(make_project: ProjectMaker) -> Path:
    """An empty project to import into: three levels, one township and one village, one local channel."""
    return make_project({}, project=IMPORT_PROJECT)


@pytest.fixture
def make_workbook(tmp_path: Path) -> WorkbookMaker:
    """Write an .xlsx from {sheet name: (rows, merged ranges)}, the way a county office's sheet looks."""
    from openpyxl import Workbook

    def make(name: str, sheets: dict[str, SheetSpec]) -> Path:
        workbook = Workbook()
        workbook.remove(workbook.active)
        for title, (rows, merges) in sheets.items():
            sheet = workbook.create_sheet(title)
            for row in rows:
                sheet.append(row)
            for merged in merges:
                sheet.merge_cells(merged)
        path = tmp_path / name
        workbook.save(path)
        return path

    return make
