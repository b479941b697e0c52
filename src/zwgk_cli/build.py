"""The build recipe: survey the inputs → reuse what the cache vouches for → check and render the other
members one by one → write the new tree beside the old one and swap it in.

Each member's files depend on that member alone, so the output is the same byte for byte whether a
member comes from the cache or not, and whether members are built in one process or several.

The stages that check and render are imported only once there is something to build: a build that
finds nothing changed loads neither zwgk's pydantic models, the rules nor Jinja, and takes a fraction
of the time.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from . import cache as cache_stage
from . import writer
from .diagnostics import CheckResult, Diagnostic, Severity, sort_diagnostics
from .layout import PROJECT_FILE, TEMPLATE_DIR

if TYPE_CHECKING:  # the render stage is loaded only when there is something to render
    from .member import MemberJob, MemberResult
    from .pages import GovernmentRow, Workspace
    from .project import Project

OUT_DIR = "dist"
Record = cache_stage.MemberRecord


class BuildError(Exception):
    """A build that cannot finish (a project template is broken, the output cannot be written)."""


class Output(Mapping[str, bytes]):
    """The files of a build by relative path, read from the output folder when asked for."""

    def __init__(self, root: Path, names: Iterable[str]) -> None:
        self.root = root
        self.names = sorted(names)
        self._known = set(self.names)

    def __getitem__(self, name: str) -> bytes:
        if name not in self._known:
            raise KeyError(name)
        return (self.root / name).read_bytes()

    def __iter__(self) -> Iterator[str]:
        return iter(self.names)

    def __len__(self) -> int:
        return len(self.names)


@dataclass
class BuildResult:
    check: CheckResult
    out: Path
    files: Mapping[str, bytes] = field(default_factory=dict)
    changed: bool = False  # the output was (re)written; False also when it was already up to date
    rendered: list[str] = field(default_factory=list)  # members checked and rendered, not reused

    @property
    def refused(self) -> bool:
        """The catalogue has errors: nothing was built, the previous output is untouched."""
        return self.check.project_error or self.check.errors > 0


def build(
    root: Path,
    out: Path | None = None,
    source_date: dt.date | None = None,
    *,
    cache: bool = True,
    jobs: int = 1,
) -> BuildResult:
    """Check the project at `root`; unless it has errors, render everything and write it to `out`.

    `cache=False` checks and renders every member afresh (and records a new cache); with `jobs` > 1
    the members of a workspace are built in that many processes."""
    target = out if out is not None else root / OUT_DIR
    if target.is_symlink():  # e.g. dist → the web server's folder: that folder is the one to replace
        target = target.resolve()
    fallback = source_date or source_date_from_env()
    _check_target(target)
    previous = cache_stage.load(root, target) if cache else None
    with cache_stage.output_check(target, previous, parallel=jobs > 1) as output:
        survey = cache_stage.survey(root, target, settings(fallback), previous)
        if survey.inputs_unchanged() and output.intact():
            return _unchanged(root, survey)
        spare = cache_stage.spare_path(root, target)
        if not cache:
            shutil.rmtree(spare, ignore_errors=True)
        try:
            staging = writer.Staging.beside(target, spare)
        except OSError as exc:
            raise BuildError(_unwritable(exc, target)) from None
        try:
            return _build(root, survey, staging, fallback, jobs, output)
        except OSError as exc:
            raise BuildError(_unwritable(exc, target)) from None
        finally:
            _put_away(staging, spare)


def settings(fallback: dt.date | None) -> list[str]:
    """The settings that change the output, as the cache records them."""
    return [f"SOURCE_DATE_EPOCH {fallback.isoformat() if fallback else ''}"]


def _build(
    root: Path,
    survey: cache_stage.Survey,
    staging: writer.Staging,
    fallback: dt.date | None,
    jobs: int,
    output: cache_stage.OutputCheck,
) -> BuildResult:
    """Check and render the members whose inputs changed, link the others' files into the new tree
    (rendering those whose files were changed by hand), swap the new tree in."""
    from . import theme
    from .check import check

    theme.forget_templates()  # the templates may have changed since the last build in this process
    records: dict[str, Record] = {}
    todo = [name for name in survey.members if survey.reusable(name) is None]
    problems = _render(root, survey, staging, fallback, jobs, todo, records)
    edited: list[str] = []
    if problems is not None and len(todo) < len(survey.members):  # the output check has had time
        edited = _reuse(survey, staging, records, output.vouched())
        if edited:
            problems = _render(root, survey, staging, fallback, jobs, edited, records)
    if problems is None:
        return BuildResult(check(root, keep=False, jobs=jobs), survey.target)
    rendered = [name for name in survey.members if name in todo or name in edited]
    records = {name: records[name] for name in survey.members}
    result = _check_result(problems, records.values())
    if result.errors:
        return BuildResult(result, survey.target)
    index = _index(root, survey, records, staging)
    names = [name for record in records.values() for name in record.outputs] + list(index)
    changed = staging.commit(names)
    index[writer.MARKER] = writer.signature(survey.target / writer.MARKER)
    cache_stage.save(root, _manifest(survey, problems, records, index))
    return BuildResult(result, survey.target, Output(survey.target, names), changed, rendered)


def _put_away(staging: writer.Staging, spare: Path) -> None:
    """The tree a build leaves beside the output (the output it replaced, or a staging folder not
    swapped in): kept as the next build's spare when it is mostly links shared with the output,
    so that it costs little disk; else removed."""
    leftover = staging.previous or staging.path
    if leftover.is_dir():
        writer.retire(leftover, spare if staging.written * 2 <= staging.placed else None)


def _reuse(
    survey: cache_stage.Survey, staging: writer.Staging, records: dict[str, Record], vouched: set[str]
) -> list[str]:
    """Link the files of every member whose inputs are unchanged into the new tree (those in `vouched`
    were just found intact: their files are not checked again); the members whose files were changed
    by hand since, to be rendered."""
    edited: list[str] = []
    for name in survey.members:
        record = survey.reusable(name)
        if record is None:
            continue
        if staging.reuse(record.outputs, checked=name in vouched):
            records[name] = record
        else:
            edited.append(name)
    return edited


def _render(
    root: Path,
    survey: cache_stage.Survey,
    staging: writer.Staging,
    fallback: dt.date | None,
    jobs: int,
    names: list[str],
    records: dict[str, Record],
) -> list[Diagnostic] | None:
    """Check and render the members `names` into the new tree and `records`; the diagnostics of the
    project files, None when those have errors (then nothing is rendered)."""
    projects, problems, project_error = _projects(root, survey, names)
    if project_error:
        return None
    work = [_job(root, survey, staging, projects[name], fallback) for name in names]
    for name, job, built in zip(names, work, _run(work, jobs), strict=True):
        records[name] = _record(survey.keys[name], job.site, built)
        staging.count(len(built.outputs), built.written)
    return problems


def _projects(
    root: Path, survey: cache_stage.Survey, todo: list[str]
) -> tuple[dict[str, Project], list[Diagnostic], bool]:
    """The projects of the members to build, the diagnostics of the project files, and whether
    those have errors. When no project file changed, only the members to build are read."""
    from . import project as project_stage

    if survey.previous is not None and survey.project_unchanged():
        found = {name: _load_member(root, name) for name in todo}
        if all(found.values()):
            return found, survey.previous.diagnostics, False  # type: ignore[return-value]
    loaded = project_stage.load(root)
    error = not loaded.projects or any(d.severity is Severity.ERROR for d in loaded.diagnostics)
    return {_member_name(root, p): p for p in loaded.projects}, loaded.diagnostics, error


def _load_member(root: Path, name: str) -> Project | None:
    from . import project as project_stage

    if not name:
        loaded = project_stage.load(root)
        return loaded.projects[0] if loaded.projects else None
    return project_stage.load_member(root, root / name)[0]


def _member_name(root: Path, project: Project) -> str:
    return "" if project.root == root else project.root.relative_to(root).as_posix()


def _job(
    root: Path,
    survey: cache_stage.Survey,
    staging: writer.Staging,
    project: Project,
    fallback: dt.date | None,
) -> MemberJob:
    from .member import MemberJob

    templates = project.root / TEMPLATE_DIR
    if survey.patterns is None:
        return MemberJob(project, "", (templates,), staging.target, staging.path, fallback)
    shared = root / TEMPLATE_DIR
    site = f"{project.government.id}/"
    return MemberJob(project, site, (templates, shared), staging.target, staging.path, fallback)


def _run(work: list[MemberJob], jobs: int) -> list[MemberResult]:
    """Each member in turn; in a pool of processes when there are several to build and cores to use."""
    from . import member as member_stage
    from .check import collect_rarely, few_collections

    if jobs < 2 or len(work) < 2:
        with few_collections():
            return [member_stage.run(job) for job in work]
    from concurrent.futures import ProcessPoolExecutor  # here: a build with nothing to do needs no pool

    with ProcessPoolExecutor(max_workers=min(jobs, len(work)), initializer=collect_rarely) as pool:
        return list(pool.map(member_stage.run, work))


def _record(key: str, site: str, result: MemberResult) -> Record:
    if result.problem and not result.has_errors:
        raise BuildError(result.problem)
    return Record(key, site, result.diagnostics, result.files, result.items, result.outputs, result.row)


def _check_result(problems: list[Diagnostic], records: Iterable[Record]) -> CheckResult:
    """The same result `zwgk validate` gives: every diagnostic, sorted, and what was checked."""
    records = list(records)
    diagnostics = [*problems, *(d for record in records for d in record.diagnostics)]
    result = CheckResult([], sort_diagnostics(diagnostics))
    result.files = sum(record.files for record in records)
    result.items = sum(record.items for record in records)
    return result


def _index(
    root: Path, survey: cache_stage.Survey, records: dict[str, Record], staging: writer.Staging
) -> dict[str, writer.Stat]:
    """A workspace's index over its members, written into the new tree; nothing for one project."""
    from . import theme
    from .render import render_workspace, template_problem

    if survey.patterns is None:
        return {}
    rows = {record.site.rstrip("/"): record.row for record in records.values() if record.row}
    try:
        files = render_workspace(_workspace(root, rows), theme.environment([root / TEMPLATE_DIR]))
    except Exception as exc:  # as in member.run
        problem = template_problem(exc)
        if problem is None:
            raise
        raise BuildError(problem) from None
    return {name: staging.put(name, data) for name, data in files.items()}


def _workspace(root: Path, rows: dict[str, GovernmentRow]) -> Workspace:
    """The workspace index, titled from the workspace's own 站点 settings when it has them."""
    from .loader import load_file
    from .models import ProjectFile
    from .site import build_workspace
    from .validation import validate

    parsed, _ = validate(load_file(root / PROJECT_FILE, PROJECT_FILE), ProjectFile)
    site = parsed.site if parsed else None
    title = site.title if site and site.title else "基层政务公开事项标准目录"
    publisher = site.publisher if site and site.publisher else ""
    contact = (site.contact or "") if site else ""
    return build_workspace(rows, title, publisher, contact)


def _manifest(
    survey: cache_stage.Survey,
    problems: list[Diagnostic],
    records: dict[str, Record],
    index: dict[str, writer.Stat],
) -> cache_stage.Manifest:
    return cache_stage.Manifest(
        target=os.fspath(survey.target.resolve()),
        project_file=survey.project_file,
        patterns=survey.patterns,
        project_key=survey.project_key,
        diagnostics=problems,
        members=records,
        index=index,
        inputs=survey.hasher.seen,
    )


def _unchanged(root: Path, survey: cache_stage.Survey) -> BuildResult:
    """Nothing changed: the last build's diagnostics, and its output left as it is."""
    previous = survey.previous
    assert previous is not None
    if survey.hasher.seen != previous.inputs:  # files hashed afresh this time are not reread next time
        previous.inputs = survey.hasher.seen
        cache_stage.save(root, previous)
    names = [name for name in previous.files if name != writer.MARKER]
    result = _check_result(previous.diagnostics, previous.members.values())
    return BuildResult(result, survey.target, Output(survey.target, names), False)


def _check_target(target: Path) -> None:
    try:
        writer.check_target(target)
    except writer.UnsafeTarget as exc:
        raise BuildError(str(exc)) from None


def _unwritable(exc: OSError, target: Path) -> str:
    return f"无法写入 {exc.filename or target}：{exc.strerror or exc}"


def source_date_from_env() -> dt.date | None:
    """SOURCE_DATE_EPOCH (reproducible-builds.org): the date used where the catalogue gives none."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return None
    try:
        return dt.datetime.fromtimestamp(int(value), dt.UTC).date()
    except (ValueError, OverflowError, OSError):
        raise BuildError(
            f"环境变量 SOURCE_DATE_EPOCH 应是从 1970-01-01 起的秒数，现在是「{value}」"
        ) from None
