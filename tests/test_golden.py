"""The small fixture project built into a tree compared byte for byte with tests/golden/small/.

After an intended change to the output, regenerate the golden tree and review its diff:

    ZWGK_UPDATE_GOLDEN=1 pytest tests/test_golden.py
"""

from __future__ import annotations

import difflib
import os
import shutil
from pathlib import Path

import pytest

from zwgk_cli.build import build

REPO = Path(__file__).resolve().parent.parent
FIXTURE = REPO / "tests" / "fixtures" / "small"
GOLDEN = REPO / "tests" / "golden" / "small"


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def first_difference(name: str, expected: bytes, actual: bytes) -> str:
    try:
        old, new = expected.decode().splitlines(), actual.decode().splitlines()
    except UnicodeDecodeError:
        return f"{name}: binary content differs"
    diff = difflib.unified_diff(old, new, f"golden/{name}", f"built/{name}", lineterm="", n=1)
    return "\n".join(list(diff)[:40])


def test_golden_tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    project = tmp_path / "small"  # a copy: the build's cache (.zwgk-cache/) stays out of the repository
    shutil.copytree(FIXTURE, project)
    out = tmp_path / "dist"
    result = build(project, out)
    assert not result.refused, [d.message for d in result.check.diagnostics]
    if os.environ.get("ZWGK_UPDATE_GOLDEN"):
        shutil.rmtree(GOLDEN, ignore_errors=True)
        shutil.copytree(out, GOLDEN)
    expected, actual = tree(GOLDEN), tree(out)
    hint = "若输出的改变是有意的：ZWGK_UPDATE_GOLDEN=1 pytest tests/test_golden.py，然后检查 git diff"
    assert sorted(actual) == sorted(expected), hint
    changed = [name for name in expected if expected[name] != actual[name]]
    details = "\n\n".join(first_difference(n, expected[n], actual[n]) for n in changed[:3])
    assert not changed, f"{len(changed)} 个文件与 golden 不同：{changed}\n{details}\n{hint}"
