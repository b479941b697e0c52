"""Case folders: each a small project whose expected diagnostics are written beside it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from zwgk_cli.check import check

CASES = Path(__file__).parent / "cases"


def _cases(kind: str) -> list[Path]:
    return sorted(p for p in (CASES / kind).iterdir() if p.is_dir())


def _run(case: Path, tmp_path: Path) -> list[dict[str, object]]:
    root = tmp_path / case.name
    shutil.copytree(case, root, ignore=shutil.ignore_patterns("expected.yaml"))
    if not (root / "zwgk.yaml").exists():
        shutil.copy(CASES / "project.yaml", root / "zwgk.yaml")
    result = check(root)
    return [{"code": d.code, "file": d.file, "line": d.line, "column": d.column} for d in result.diagnostics]


@pytest.mark.parametrize("case", _cases("valid"), ids=lambda p: p.name)
def test_valid_case_has_no_diagnostics(case: Path, tmp_path: Path) -> None:
    assert _run(case, tmp_path) == []


@pytest.mark.parametrize("case", _cases("invalid"), ids=lambda p: p.name)
def test_invalid_case_reports_expected_diagnostics(case: Path, tmp_path: Path) -> None:
    expected = yaml.safe_load((case / "expected.yaml").read_text(encoding="utf-8"))
    assert _run(case, tmp_path) == expected
