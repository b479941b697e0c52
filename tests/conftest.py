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
