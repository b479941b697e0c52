"""The check stage: project file → catalogue files → cross-file checks → rules → project rule settings."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from . import catalogue as catalogue_stage
from . import project as project_stage
from .catalogue import Catalogue
from .diagnostics import CODES, CheckResult, Diagnostic, Severity, adjustable, make, sort_diagnostics
from .layout import PROJECT_FILE
from .loader import load_file
from .project import Project

_SETTING = {
    "off": None,
    "关闭": None,
    "warning": Severity.WARNING,
    "警告": Severity.WARNING,
    "error": Severity.ERROR,
    "错误": Severity.ERROR,
}


def check(root: Path, keep: bool = True, jobs: int = 1) -> CheckResult:
    """Check the project or workspace at `root`.

    `keep=False` drops each catalogue once checked (validate); with `jobs` > 1 the members of a
    workspace are checked in that many processes, with identical results.
    """
    with few_collections():
        loaded = project_stage.load(root)
        project_error = not loaded.projects or any(d.severity is Severity.ERROR for d in loaded.diagnostics)
        result = CheckResult([], list(loaded.diagnostics), project_error)
        if jobs > 1 and len(loaded.projects) > 1 and not keep:
            with ProcessPoolExecutor(max_workers=jobs, initializer=collect_rarely) as pool:
                summaries = list(pool.map(_summary, loaded.projects))  # one member a task: even shares
        else:
            summaries = [_summary(project, keep) for project in loaded.projects]
    for summary in summaries:
        result.diagnostics.extend(summary.diagnostics)
        result.files += summary.files
        result.items += summary.items
        if summary.catalogue is not None:
            result.catalogues.append(summary.catalogue)
    result.diagnostics = sort_diagnostics(result.diagnostics)
    return result


# Checking (and rendering) builds many objects that live until their project is done, and almost
# none of them form cycles: the default collector (every 700 objects) spent a quarter of validate's
# time scanning them.
_YOUNG_OBJECTS = 100_000


@contextmanager
def few_collections() -> Iterator[None]:
    """Freeze what is already loaded (modules, registries) and collect young objects rarely."""
    threshold = gc.get_threshold()
    collect_rarely()
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        gc.unfreeze()


def collect_rarely() -> None:
    gc.freeze()
    gc.set_threshold(_YOUNG_OBJECTS, *gc.get_threshold()[1:])


@dataclass
class _Summary:
    diagnostics: list[Diagnostic]
    files: int
    items: int
    catalogue: Catalogue | None


def _summary(project: Project, keep: bool = False) -> _Summary:
    catalogue, diagnostics = check_project(project)
    return _Summary(diagnostics, catalogue.files, catalogue.item_count, catalogue if keep else None)


def check_project(project: Project) -> tuple[Catalogue, list[Diagnostic]]:
    """One project: its catalogue files, the cross-file checks, the rules, then its rule settings."""
    catalogue, problems = catalogue_stage.read(project)
    from .rules import run as run_rules  # here: a build with nothing to check never loads the rules

    problems += run_rules(catalogue, problems)
    return catalogue, apply_settings(catalogue, problems)


def apply_settings(catalogue: Catalogue, diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """The project's rule settings (off / warning / error) and the items' written exemptions."""
    rules = catalogue.project.file.rules
    result = _bad_settings(catalogue.project)
    by_file = {entry.file: entry for entry in catalogue.entries}
    for diagnostic in diagnostics:
        setting = rules.get(diagnostic.code)
        if setting is not None and adjustable(diagnostic.code):
            severity = _SETTING[setting]
            if severity is None:
                continue
            diagnostic = replace(diagnostic, severity=severity)
        if adjustable(diagnostic.code) and _exempted(diagnostic, by_file):
            continue
        result.append(diagnostic)
    return result


def _bad_settings(project: Project) -> list[Diagnostic]:
    """规则 entries naming no rule, or a format check that cannot be switched off."""
    bad = [code for code in project.file.rules if not adjustable(code)]
    if not bad:
        return []
    display = project.prefix + PROJECT_FILE
    doc = load_file(project.root / PROJECT_FILE, display)  # only on this rare error path
    return [
        make(
            "ZW312",
            display,
            *doc.position(("规则", code), key=True),
            ("规则", code),
            rule=code,
            reason="是格式检查，不能关闭或改变级别" if code in CODES else "不是 zwgk 的检查规则",
        )
        for code in bad
    ]


def _exempted(diagnostic: Diagnostic, by_file: dict[str, catalogue_stage.Entry]) -> bool:
    path = diagnostic.path
    if len(path) < 2 or path[0] != "事项" or not isinstance(path[1], int):
        return False
    entry = by_file.get(diagnostic.file)
    if entry is None or path[1] >= len(entry.data.items):
        return False
    return diagnostic.code in entry.data.items[path[1]].exemptions
