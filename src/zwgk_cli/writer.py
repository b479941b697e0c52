"""The write stage: put a rendered tree in place atomically, so a failed build leaves the last good one."""

from __future__ import annotations

import ctypes
import os
import shutil
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path

# Written into every output, so that a later build knows the folder is its own to replace.
MARKER = ".zwgk-build"
MARKER_TEXT = "此文件夹由 zwgk build 生成，每次构建都会整体替换。\n"


class UnsafeTarget(Exception):
    """The output folder holds files that zwgk did not write: replacing it would lose them."""


def write_tree(target: Path, files: Mapping[str, bytes]) -> bool:
    """Write `files` (relative path → bytes) to a temporary folder beside `target`, then swap it in.

    Returns False when `target` already holds exactly these files: then nothing is touched."""
    check_target(target)
    if unchanged(target, files):
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp-", dir=target.parent))
    try:
        for name, data in files.items():
            path = staging / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        (staging / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
        os.chmod(staging, 0o755)  # mkdtemp makes it private; a published site is readable
        _swap(staging, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return True


def unchanged(target: Path, files: Mapping[str, bytes]) -> bool:
    """The output of an earlier build is byte for byte the same (so its files keep their times)."""
    if not (target / MARKER).is_file():
        return False
    existing = {p.relative_to(target).as_posix() for p in target.rglob("*") if p.is_file()}
    if existing != {*files, MARKER}:
        return False
    return all((target / name).read_bytes() == data for name, data in files.items())


def check_target(target: Path) -> None:
    """Refuse to replace a folder that is neither empty nor an earlier build's output."""
    if not target.exists():
        return
    if not target.is_dir():
        raise UnsafeTarget(f"{target} 不是文件夹")
    if (target / MARKER).is_file() or not any(target.iterdir()):
        return
    raise UnsafeTarget(f"{target} 里已有不是 zwgk 生成的文件，不能覆盖；请换一个输出文件夹，或先清空它")


def _swap(staging: Path, target: Path) -> None:
    """Exchange the two folders in one step where the system can; else two renames."""
    if target.exists() and _exchange(staging, target):
        return  # `staging` now holds the old output, removed by the caller
    if not target.exists():
        staging.rename(target)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
    old.rmdir()
    target.rename(old)
    staging.rename(target)
    shutil.rmtree(old, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """Linux renameat2(RENAME_EXCHANGE): both names swap at once, no moment without an output."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    return result == 0
