"""The write stage: put a rendered tree in place atomically, so a failed build leaves the last good one.

The new tree is put together beside the output and swapped in at once. Files that have not changed
are hard links to the output's own, so they keep their times. An incremental build may start from
a spare tree (the output before last, kept by the cache): what is already right in it stays, and
only the rest is linked, written or removed.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import shutil
import sys
import tempfile
from collections.abc import Container, Iterable, Iterator, Mapping
from pathlib import Path

# Written into every output, so that a later build knows the folder is its own to replace.
MARKER = ".zwgk-build"
MARKER_TEXT = "此文件夹由 zwgk build 生成，每次构建都会整体替换。\n"

# Why a hard link can fail where a copy would not: another file system, none allowed, too many.
_NO_LINKS = frozenset({errno.EXDEV, errno.EPERM, errno.EMLINK, errno.EOPNOTSUPP, errno.ENOTSUP})
# A file as a build left it: size, modification time (ns) and inode. Linking keeps all three.
Stat = tuple[int, int, int]


class UnsafeTarget(Exception):
    """The output folder holds files that zwgk did not write: replacing it would lose them."""


class Staging:
    """A new output tree put together beside `target`, file by file, then swapped in at once.

    Several processes may fill one staging folder (the members of a workspace); each makes its own
    `Staging` over the same two paths."""

    def __init__(self, target: Path, path: Path, present: dict[str, int] | None = None) -> None:
        self.target = target
        self.path = path
        self.written = 0  # files that are new or differ from the target's
        self.placed = 0  # files put or reused, by this process or (see `count`) by others
        self.previous: Path | None = None  # after the swap: where the replaced output is
        self._present = present or {}  # what a recycled spare tree held at the start: name → inode
        self._from = os.fspath(target) + os.sep
        self._to = os.fspath(path) + os.sep
        self._dirs: set[str] = set()

    @classmethod
    def beside(cls, target: Path, spare: Path | None = None) -> Staging:
        """A staging folder next to `target` (once `target` is known to be ours to replace), made
        from `spare` when there is one."""
        check_target(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        path = Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp-", dir=target.parent))
        if spare is None or not spare.is_dir():
            return cls(target, path)
        try:
            path.rmdir()
            spare.rename(path)
        except OSError:  # on another file system than the output: not worth copying
            path.mkdir(exist_ok=True)
            return cls(target, path)
        present = _files_without_links(path)
        if present is None:  # a link put into the output by hand: writing through it would reach outside
            shutil.rmtree(path)
            path.mkdir()
            return cls(target, path)
        return cls(target, path, present)

    def put(self, name: str, data: bytes) -> Stat:
        """Write one file; one the target already holds byte for byte is linked, and keeps its time."""
        dest = self._prepare(name)
        old = self._from + name
        if _same_bytes(old, data) and _link(old, dest):
            self.count(1, 0)
            return signature(dest)
        stat = _create(dest, data)
        self.count(1, 1)
        return (stat.st_size, stat.st_mtime_ns, stat.st_ino)

    def reuse(self, files: Mapping[str, Stat], checked: bool = False) -> bool:
        """Link an earlier build's files into the new tree if every one is still exactly as that build
        left it in the target (`checked`: just found so); else link none."""
        try:
            for name, (size, mtime, inode) in () if checked else files.items():
                stat = os.stat(self._from + name)
                if stat.st_ino != inode or stat.st_mtime_ns != mtime or stat.st_size != size:
                    return False
        except OSError:
            return False
        for name, (_, _, inode) in files.items():
            if self._present.get(name) != inode:  # a recycled tree may hold it already
                _link(self._from + name, self._prepare(name))
        self.count(len(files), 0)
        return True

    def count(self, placed: int, written: int) -> None:
        """Files placed in the staging folder (`written` of them new), here or by another process."""
        self.placed += placed
        self.written += written

    def commit(self, names: Iterable[str]) -> bool:
        """Swap the new tree (holding `names`) in; False, target untouched, when it holds the same files."""
        wanted = {*names, MARKER}
        if not self.written and _holds_exactly(self.target, wanted):
            return False
        self._remove_leftovers(wanted)
        marker = self.path / MARKER
        if not marker.is_file() or marker.read_text(encoding="utf-8") != MARKER_TEXT:
            marker.unlink(missing_ok=True)
            marker.write_text(MARKER_TEXT, encoding="utf-8")
        os.chmod(self.path, 0o755)  # mkdtemp makes it private; a published site is readable
        self.previous = _swap(self.path, self.target)
        return True

    def discard(self) -> None:
        """Remove the staging folder, if it is still there (an unfinished or unneeded tree)."""
        shutil.rmtree(self.path, ignore_errors=True)

    def _prepare(self, name: str) -> str:
        parent = name.rpartition("/")[0]
        if parent and parent not in self._dirs:
            _make_folder(self.path, parent)
            self._dirs.add(parent)
        return self._to + name

    def _remove_leftovers(self, wanted: set[str]) -> None:
        """What a recycled spare tree held that the new tree does not, and the folders left empty."""
        folders: set[str] = set()
        for name in self._present.keys() - wanted:
            with contextlib.suppress(OSError):
                if os.lstat(self._to + name).st_ino == self._present[name]:  # not what replaced it since
                    os.unlink(self._to + name)
            parts = name.split("/")[:-1]
            folders.update("/".join(parts[:n]) for n in range(1, len(parts) + 1))
        for folder in sorted(folders, key=lambda f: -f.count("/")):
            with contextlib.suppress(OSError):  # not empty: still in use
                os.rmdir(self._to + folder)


def write_atomically(path: Path, text: str | bytes) -> None:
    """One file replaced in a single step: a reader sees the old content or the new, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = text.encode("utf-8") if isinstance(text, str) else text
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_tree(target: Path, files: Mapping[str, bytes]) -> bool:
    """Write `files` (relative path → bytes) to a temporary folder beside `target`, then swap it in.

    Returns False when `target` already holds exactly these files: then nothing is touched."""
    staging = Staging.beside(target)
    try:
        for name, data in files.items():
            staging.put(name, data)
        changed = staging.commit(files)
        if staging.previous is not None:
            shutil.rmtree(staging.previous, ignore_errors=True)
        return changed
    finally:
        staging.discard()


def retire(previous: Path, spare: Path | None) -> None:
    """The output a build replaced: kept as the next build's spare tree, or removed."""
    if spare is not None:
        with contextlib.suppress(OSError):  # another file system, or a spare already there
            previous.rename(spare)
            return
    shutil.rmtree(previous, ignore_errors=True)


def signature(path: str | Path) -> Stat:
    stat = os.stat(path)
    return (stat.st_size, stat.st_mtime_ns, stat.st_ino)


def walk(root: Path, prefix: str = "", skip: Container[str] = ()) -> dict[str, Stat]:
    """Every file under `root` (`prefix` + relative POSIX path → its signature), but for the folders
    directly in `root` that `skip` names; empty when `root` is missing."""
    found: dict[str, Stat] = {}
    for name, entry in entries(root, prefix=prefix, skip=skip):
        info = entry.stat(follow_symlinks=False)
        found[name] = (info.st_size, info.st_mtime_ns, info.st_ino)
    return found


def inodes(root: Path) -> dict[str, int]:
    """Every file under `root` with its inode, which the folder listing gives without a call per file."""
    return {name: entry.inode() for name, entry in entries(root)}


def entries(
    root: Path, follow_symlinks: bool = False, prefix: str = "", skip: Container[str] = ()
) -> Iterator[tuple[str, os.DirEntry[str]]]:
    """Every file under `root` (`prefix` + relative POSIX path, its folder entry), in no set order; none
    when `root` is missing. Linked folders are entered only when `follow_symlinks` is set; the folders
    directly in `root` that `skip` names (real folders, not links) are left out."""
    pending: list[tuple[str, str, Container[str]]] = [(prefix, os.fspath(root), skip)]
    while pending:
        prefix, folder, skipped = pending.pop()
        try:
            found = list(os.scandir(folder))
        except (FileNotFoundError, NotADirectoryError):
            continue
        for entry in found:
            if entry.is_dir(follow_symlinks=follow_symlinks):
                if entry.name not in skipped or not entry.is_dir(follow_symlinks=False):
                    pending.append((f"{prefix}{entry.name}/", entry.path, ()))
            else:
                yield prefix + entry.name, entry


def _files_without_links(root: Path) -> dict[str, int] | None:
    """Every file under `root` with its inode; None when `root` holds a link (to a file or a folder)."""
    found: dict[str, int] = {}
    for name, entry in entries(root):
        if entry.is_symlink():
            return None
        found[name] = entry.inode()
    return found


def _holds_exactly(target: Path, names: set[str]) -> bool:
    return (target / MARKER).is_file() and inodes(target).keys() == names


def _same_bytes(path: str, data: bytes) -> bool:
    try:
        if os.stat(path).st_size != len(data):
            return False
        with open(path, "rb") as existing:
            return existing.read() == data
    except OSError:
        return False


def _create(dest: str, data: bytes) -> os.stat_result:
    """A new file (replacing whatever a recycled tree had there), its bytes, and its stat."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL
    try:
        fd = os.open(dest, flags, 0o666)
    except (FileExistsError, IsADirectoryError):
        _remove(dest)
        fd = os.open(dest, flags, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        return os.fstat(fd)
    finally:
        os.close(fd)


def _link(source: str, dest: str) -> bool:
    """A hard link (replacing whatever a recycled tree had there); a copy, times kept, where the
    file system allows none. False when `source` is gone."""
    try:
        os.link(source, dest)
    except FileExistsError:
        _remove(dest)
        return _link(source, dest)
    except FileNotFoundError:
        return False
    except OSError as exc:
        if exc.errno not in _NO_LINKS:
            raise
        shutil.copy2(source, dest)
    return True


def _remove(path: str) -> None:
    if os.path.isdir(path) and not os.path.islink(path):
        shutil.rmtree(path)
    elif os.path.lexists(path):
        os.unlink(path)


def _make_folder(root: Path, folder: str) -> None:
    """`folder` under `root`, replacing a file that a recycled tree had where a folder now goes."""
    try:
        (root / folder).mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        parts = folder.split("/")
        for n in range(1, len(parts) + 1):
            path = os.path.join(root, *parts[:n])
            if os.path.lexists(path) and not os.path.isdir(path):
                os.unlink(path)
        (root / folder).mkdir(parents=True, exist_ok=True)


def check_target(target: Path) -> None:
    """Refuse to replace a folder that is neither empty nor an earlier build's output."""
    if not target.exists():
        return
    if not target.is_dir():
        raise UnsafeTarget(f"{target} 不是文件夹")
    if (target / MARKER).is_file() or not any(target.iterdir()):
        return
    raise UnsafeTarget(f"{target} 里已有不是 zwgk 生成的文件，不能覆盖；请换一个输出文件夹，或先清空它")


def _swap(staging: Path, target: Path) -> Path | None:
    """Exchange the two folders in one step where the system can, else two renames; returns where
    the previous output now is (None when there was none)."""
    if target.exists() and _exchange(staging, target):
        return staging
    if not target.exists():
        staging.rename(target)
        return None
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
    old.rmdir()
    target.rename(old)
    staging.rename(target)
    return old


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
