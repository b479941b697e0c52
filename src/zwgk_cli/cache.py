"""The build cache: a content hash of everything a government's site is made from, and what the last
build wrote from it.

A member whose hash is unchanged, and whose files in the output are still as that build left them,
is neither checked nor rendered again: its files are linked into the new tree. The cache lives in
`.zwgk-cache/` of the project: a JSON record per output folder, and the output before last as a spare
tree (see writer.py). Deleting it, or `zwgk build --no-cache`, starts afresh.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import signal
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from functools import cached_property, lru_cache, partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from . import __version__, layout, writer
from .diagnostics import Diagnostic, Severity
from .layout import CATALOGUE_DIR, PROJECT_FILE, TEMPLATE_DIR, workspace_members
from .writer import Stat

if TYPE_CHECKING:  # the page models are loaded only by a build that renders the workspace index
    from .pages import GovernmentRow

CACHE_DIR = ".zwgk-cache"
KEEP = 4  # output folders remembered per project
FORMAT = 2
SOURCES = (CATALOGUE_DIR, TEMPLATE_DIR)  # a member's folders whose every file is an input
# A file changed this recently may change again within the same clock tick: hash it next time too.
RACY_NS = 2_000_000_000
# Output files from which checking a share of them in a child process, while this one surveys the
# inputs, pays for the fork (a few milliseconds; a province's 23,600 files take a tenth of a second).
PARALLEL_CHECK = 2_000
SURVEY_COST = 1.5  # the time to survey an input file, in times that of checking an output file


@lru_cache(maxsize=1)
def fingerprint() -> str:
    """zwgk itself: its version, and the content of its code, data and shipped templates."""
    package = Path(__file__).resolve().parent
    digest = hashlib.sha256(f"zwgk {__version__} cache {FORMAT}\n".encode())
    for folder in dict.fromkeys((package, layout.shipped_templates())):
        for name, _ in sorted(_files(folder)):
            if "__pycache__" not in name and not name.endswith(".pyc"):
                digest.update(f"{name}\0".encode() + hashlib.sha256((folder / name).read_bytes()).digest())
    return digest.hexdigest()


def _files(folder: Path) -> list[tuple[str, os.stat_result]]:
    """Every file under `folder` (relative POSIX path, stat), sorted; none when it does not exist."""
    found = [(name, entry.stat()) for name, entry in writer.entries(folder, follow_symlinks=True)]
    return sorted(found, key=lambda pair: pair[0])


class Hasher:
    """Content hashes of input files; a file whose size, times and inode are as the last build saw
    them keeps the hash recorded then (git's index does the same), so nothing unchanged is reread."""

    def __init__(self, root: Path, known: dict[str, list[Any]]) -> None:
        self.root = root
        self.known = known
        self.seen: dict[str, list[Any]] = {}
        self._digests: dict[str, str] = {}
        self._now = time.time_ns()

    def file(self, rel: str, stat: os.stat_result | None = None) -> str:
        """The hash of one file under the root, "" when it is missing."""
        if rel in self._digests:
            return self._digests[rel]
        try:
            stat = stat or os.stat(self.root / rel)
        except OSError:
            return ""
        key = [stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino]
        known = self.known.get(rel)
        if known is not None and known[:4] == key:
            digest = known[4]
        else:
            digest = hashlib.sha256((self.root / rel).read_bytes()).hexdigest()
        if max(stat.st_mtime_ns, stat.st_ctime_ns) < self._now - RACY_NS:
            self.seen[rel] = [*key, digest]
        self._digests[rel] = digest
        return digest

    def folder(self, rel: str) -> list[str]:
        """`path hash` for every file under one folder of the root, in a fixed order."""
        prefix = f"{rel}/" if rel else ""
        return [f"{prefix}{name} {self.file(prefix + name, stat)}" for name, stat in _files(self.root / rel)]


@dataclass
class MemberRecord:
    """What the last build made of one member: its inputs' hash, its diagnostics and its files."""

    key: str
    site: str  # the member's folder in the output ("" for a single project)
    diagnostics: list[Diagnostic]
    files: int
    items: int
    outputs: dict[str, Stat]
    row: GovernmentRow | None = None

    def take_outputs(self, found: dict[str, Stat]) -> bool:
        """Remove this member's files from `found` (a walk of the output); False as soon as one is
        missing or not as this build left it."""
        return all(found.pop(name, None) == stat for name, stat in self.outputs.items())

    def file_names(self) -> list[str]:
        return list(self.outputs)

    @property
    def file_count(self) -> int:
        return len(self.outputs)

    def intact_in(self, target: Path) -> bool:
        """This member's folder of the output `target` holds its files, each as this build left it,
        and nothing else (for a member of a workspace, whose files are all in its folder)."""
        found = writer.walk(target / self.site, prefix=self.site)
        return self.take_outputs(found) and not found


class StoredRecord(MemberRecord):
    """A member's record read back from the cache. Its files and its index row are decoded only when
    a build uses them: finding that nothing changed needs neither."""

    def __init__(self, data: dict[str, Any], names: list[str]) -> None:
        self.key = data["key"]
        self.site = data["site"]
        self.diagnostics = [_diagnostic(d) for d in data["diagnostics"]]
        self.files = data["files"]
        self.items = data["items"]
        self._flat: list[int] = data["outputs"]  # name, size, time, inode, name … (see _member_data)
        self._names = names
        self._row: list[Any] | None = data["row"]

    @cached_property
    def outputs(self) -> dict[str, Stat]:  # type: ignore[override]
        site, names, flat = self.site, self._names, self._flat
        return {
            site + names[flat[n]]: (flat[n + 1], flat[n + 2], flat[n + 3]) for n in range(0, len(flat), 4)
        }

    @cached_property
    def row(self) -> GovernmentRow | None:  # type: ignore[override]
        if self._row is None:
            return None
        from .pages import GovernmentRow, Link

        text, href, updated, *counts = self._row
        return GovernmentRow(Link(text, href), _from_date(updated), *counts)

    def file_names(self) -> list[str]:
        site, names, flat = self.site, self._names, self._flat
        return [site + names[flat[n]] for n in range(0, len(flat), 4)]

    @property
    def file_count(self) -> int:
        return len(self._flat) // 4

    def take_outputs(self, found: dict[str, Stat]) -> bool:
        site, names, flat = self.site, self._names, self._flat
        for n in range(0, len(flat), 4):
            if found.pop(site + names[flat[n]], None) != (flat[n + 1], flat[n + 2], flat[n + 3]):
                return False
        return True


@dataclass
class Manifest:
    """The last successful build into `target`."""

    target: str
    project_file: str  # hash of the root zwgk.yaml
    patterns: list[str] | None  # the workspace's member patterns; None for a single project
    project_key: str  # every zwgk.yaml of the build, and the members found
    diagnostics: list[Diagnostic]  # those of the project files
    members: dict[str, MemberRecord]  # by member folder, relative to the root ("" for a single project)
    index: dict[str, Stat]  # the workspace index, its assets and the marker file
    inputs: dict[str, list[Any]] = field(default_factory=dict)  # Hasher's table

    def holds_exactly(self, found: dict[str, Stat], records: Iterable[MemberRecord]) -> bool:
        """`found` (a walk of the output, emptied on the way) is the index files and those of
        `records`, each as this build left it, and nothing else."""
        if any(found.pop(name, None) != stat for name, stat in self.index.items()):
            return False
        return all(record.take_outputs(found) for record in records) and not found

    @cached_property
    def files(self) -> list[str]:
        """Every file this build left in the output."""
        return [*self.index, *(name for record in self.members.values() for name in record.file_names())]


@dataclass
class Survey:
    """The inputs of a build as they are now, set against the last build's record."""

    target: Path
    hasher: Hasher
    project_file: str
    patterns: list[str] | None
    keys: dict[str, str]  # member folder → the hash of its inputs
    project_key: str
    previous: Manifest | None

    @property
    def members(self) -> list[str]:
        return list(self.keys)

    def reusable(self, member: str) -> MemberRecord | None:
        """The last build's record of `member`, when its inputs are unchanged since."""
        record = self.previous.members.get(member) if self.previous else None
        return record if record is not None and record.key == self.keys[member] else None

    def project_unchanged(self) -> bool:
        """Every project file and the set of members are as in the last build."""
        return self.previous is not None and self.previous.project_key == self.project_key

    def inputs_unchanged(self) -> bool:
        """Every input is as the last build found it (its output is another question: output_check)."""
        return (
            self.previous is not None
            and self.project_unchanged()
            and set(self.previous.members) == set(self.keys)
            and all(self.reusable(member) is not None for member in self.keys)
        )


class Part(NamedTuple):
    """A share of the output check that can be answered apart."""

    files: int
    check: Callable[[], bool]
    member: str | None = None  # the member whose folder it is


class OutputCheck:
    """Is the output still exactly as the last build left it (no file edited, removed or added)?

    The answer takes a stat() of every output file: for a province, more time than surveying the
    inputs. With `parallel`, where the system can fork, a child process checks a share of a large
    output meanwhile and answers by its exit status. If nothing else changed, there is nothing to do
    (`intact`); if something did, the members the child found intact are linked into the new tree
    without checking their files one by one again (`vouched`)."""

    def __init__(self, target: Path, previous: Manifest | None, parallel: bool) -> None:
        parts = _parts(target, previous) if previous is not None else [Part(0, lambda: False)]
        self._mine, self._theirs = (
            _shares(parts, len(previous.inputs)) if previous and parallel else (parts, [])
        )
        self._child = _answer_in_child(lambda: _all_hold(self._theirs)) if self._theirs else None
        if self._child is None:
            self._mine, self._theirs = parts, []
        self._answer: bool | None = None

    def intact(self) -> bool:
        """The whole output is as the last build left it."""
        return _all_hold(self._mine) and self._child_answer()

    def vouched(self) -> set[str]:
        """The members whose folders the child process found as the last build left them."""
        return {part.member for part in self._theirs if part.member} if self._child_answer() else set()

    def stop(self) -> None:
        """Stop a child process whose answer is not wanted."""
        if self._child is not None and self._answer is None:
            with suppress(OSError):
                os.kill(self._child, signal.SIGKILL)
            with suppress(ChildProcessError):
                os.waitpid(self._child, 0)
            self._answer = False

    def _child_answer(self) -> bool:
        if self._child is None:
            return True
        if self._answer is None:
            try:
                _, status = os.waitpid(self._child, 0)
                self._answer = os.waitstatus_to_exitcode(status) == 0
            except ChildProcessError:  # reaped by someone else: ask here instead
                self._answer = _all_hold(self._theirs)
        return self._answer


@contextmanager
def output_check(target: Path, previous: Manifest | None, parallel: bool) -> Iterator[OutputCheck]:
    """An OutputCheck, its child process stopped at the end if its answer was not asked for."""
    check = OutputCheck(target, previous, parallel)
    try:
        yield check
    finally:
        check.stop()


def _parts(target: Path, previous: Manifest) -> list[Part]:
    """The output check in parts that can be answered apart: each member's folder, and what lies
    outside them (a workspace's index). A single project is one part."""
    records = previous.members
    if not all(record.site.endswith("/") and record.site.count("/") == 1 for record in records.values()):
        whole = records.values()
        return [Part(len(previous.files), lambda: previous.holds_exactly(writer.walk(target), whole))]
    folders = {record.site.removesuffix("/") for record in records.values()}
    index = Part(len(previous.index), lambda: previous.holds_exactly(writer.walk(target, skip=folders), ()))
    members = (Part(r.file_count, partial(r.intact_in, target), name) for name, r in records.items())
    return [index, *members]


def _shares(parts: list[Part], inputs: int) -> tuple[list[Part], list[Part]]:
    """The parts this process checks once it has surveyed `inputs` files, and those a child process
    checks meanwhile, so that both take about as long (surveying an input file costs about one and a
    half times as much as checking an output file). All here for a small output."""
    total = sum(part.files for part in parts)
    if total < PARALLEL_CHECK:
        return parts, []
    theirs, taken = 0, 0
    while theirs < len(parts) and taken < (SURVEY_COST * inputs + total) / 2:
        taken += parts[theirs].files
        theirs += 1
    return parts[theirs:], parts[:theirs]


def _all_hold(parts: list[Part]) -> bool:
    return all(part.check() for part in parts)


def _answer_in_child(question: Callable[[], bool]) -> int | None:
    """A child process that answers `question` by its exit status (0 for yes); None where the system
    cannot fork."""
    fork = getattr(os, "fork", None)  # not on Windows
    if fork is None:
        return None
    try:
        pid: int = fork()
    except OSError:
        return None
    if pid == 0:  # the child leaves by os._exit: never back into the parent's code, its files or buffers
        answer = False
        try:
            answer = question()
        finally:
            os._exit(0 if answer else 1)
    return pid


def survey(root: Path, target: Path, settings: list[str], previous: Manifest | None) -> Survey:
    """Hash every input of a build: zwgk itself, the settings, and each member's files."""
    hasher = Hasher(root, previous.inputs if previous else {})
    project_file = hasher.file(PROJECT_FILE)
    if previous is not None and previous.project_file == project_file:
        patterns = previous.patterns  # the same file names the same members
    else:
        from .project import workspace_patterns  # reads the file with its model: only when it changed

        patterns = workspace_patterns(root)
    if patterns is None:
        members, shared = [""], []
    else:
        found = workspace_members(root, patterns)
        members, shared = [p.relative_to(root).as_posix() for p in found], hasher.folder(TEMPLATE_DIR)
    base = _digest([fingerprint(), *settings])
    keys = {member: member_key(base, hasher, member, shared) for member in members}
    project_files = [f"{m} {hasher.file(f'{m}/{PROJECT_FILE}')}" for m in members if m]
    project_key = _digest([base, project_file, *project_files])
    return Survey(target, hasher, project_file, patterns, keys, project_key, previous)


def member_key(base: str, hasher: Hasher, member: str, shared: list[str]) -> str:
    """The hash of everything one member's site is made from (`shared`: the workspace's templates)."""
    prefix = f"{member}/" if member else ""
    lines = [base, member, hasher.file(prefix + PROJECT_FILE), *shared]
    for folder in SOURCES:
        lines += hasher.folder(prefix + folder)
    return _digest(lines)


def _digest(lines: list[str]) -> str:
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()


def manifest_path(root: Path, target: Path) -> Path:
    """One record per output folder, so that building into two folders does not undo the cache."""
    return root / CACHE_DIR / f"build-{_target_id(target)}.json"


def spare_path(root: Path, target: Path) -> Path:
    """Where the output before last is kept, for the next build to start from (see writer.py)."""
    return root / CACHE_DIR / f"spare-{_target_id(target)}"


def _target_id(target: Path) -> str:
    return hashlib.sha256(os.fsencode(target.resolve())).hexdigest()[:16]


def load(root: Path, target: Path) -> Manifest | None:
    """The last build's record, if it was into `target` by this zwgk; None when there is none to trust."""
    try:
        data = json.loads(manifest_path(root, target).read_text(encoding="utf-8"))
        if data.get("format") != FORMAT or data.get("zwgk") != fingerprint():
            return None
        manifest = _manifest(data)
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        return None
    return manifest if manifest.target == os.fspath(target.resolve()) else None


def save(root: Path, manifest: Manifest) -> None:
    """Write the record atomically, and forget the least recently built of too many output folders.

    A project folder that cannot be written just goes uncached."""
    path = manifest_path(root, Path(manifest.target))
    try:
        path.parent.mkdir(exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}")
        temporary.write_text(json.dumps(_plain(manifest), ensure_ascii=False), encoding="utf-8")
        os.replace(temporary, path)
        for old in sorted(path.parent.glob("build-*.json"), key=lambda p: p.stat().st_mtime)[:-KEEP]:
            old.unlink()
            shutil.rmtree(old.with_name(old.stem.replace("build-", "spare-", 1)), ignore_errors=True)
    except OSError:
        pass


def _plain(manifest: Manifest) -> dict[str, Any]:
    names: dict[str, int] = {}  # the members' file names, relative to their folders, each kept once
    members = {name: _member_data(record, names) for name, record in manifest.members.items()}
    return {
        "format": FORMAT,
        "zwgk": fingerprint(),
        "target": manifest.target,
        "project_file": manifest.project_file,
        "patterns": manifest.patterns,
        "project_key": manifest.project_key,
        "diagnostics": [_diagnostic_data(d) for d in manifest.diagnostics],
        "names": list(names),
        "members": members,
        "index": manifest.index,
        "inputs": manifest.inputs,
    }


def _manifest(data: dict[str, Any]) -> Manifest:
    names = data["names"]
    return Manifest(
        target=data["target"],
        project_file=data["project_file"],
        patterns=data["patterns"],
        project_key=data["project_key"],
        diagnostics=[_diagnostic(d) for d in data["diagnostics"]],
        members={name: StoredRecord(record, names) for name, record in data["members"].items()},
        index={name: tuple(stat) for name, stat in data["index"].items()},  # type: ignore[misc]
        inputs=data["inputs"],
    )


def _member_data(record: MemberRecord, names: dict[str, int]) -> dict[str, Any]:
    """A member's record, its files as one flat list of numbers: name, size, time, inode, name …
    (a province has tens of thousands; this is what keeps the cache quick to read)."""
    row = record.row
    outputs: list[int] = []
    for name, stat in record.outputs.items():
        outputs += (names.setdefault(name.removeprefix(record.site), len(names)), *stat)
    return {
        "key": record.key,
        "site": record.site,
        "diagnostics": [_diagnostic_data(d) for d in record.diagnostics],
        "files": record.files,
        "items": record.items,
        "outputs": outputs,
        "row": None
        if row is None
        else [row.link.text, row.link.href, _date(row.updated), row.domains, row.items, row.missing],
    }


def _diagnostic_data(d: Diagnostic) -> list[Any]:
    return [d.code, d.severity.value, d.message, d.hint, d.file, d.line, d.column, list(d.path)]


def _diagnostic(data: list[Any]) -> Diagnostic:
    code, severity, message, hint, file, line, column, path = data
    return Diagnostic(code, Severity(severity), message, hint, file, line, column, tuple(path))


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _from_date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None
