"""One government's part of a build: check it, then render its site straight into the new tree.

Runs in the build's own process or, for the members of a workspace, in a pool of processes; it
takes and returns plain values, and holds one government's catalogue and pages at a time.
"""

from __future__ import annotations

import datetime as dt
import gc
from dataclasses import dataclass, field
from pathlib import Path

from . import theme, writer
from .check import check_project
from .diagnostics import Diagnostic, Severity
from .pages import GovernmentRow
from .project import Project
from .render import render_site, template_problem
from .site import build_site, government_row


@dataclass(frozen=True)
class MemberJob:
    """What a process needs to build one member into the staging folder."""

    project: Project
    site: str  # the member's folder in the output, with its slash; "" for a single project
    templates: tuple[Path, ...]  # override folders, the first wins; the shipped templates come last
    target: Path
    staging: Path
    fallback: dt.date | None


@dataclass
class MemberResult:
    diagnostics: list[Diagnostic]
    files: int
    items: int
    outputs: dict[str, writer.Stat] = field(default_factory=dict)
    row: GovernmentRow | None = None  # the member's line on a workspace index
    written: int = 0  # files new or changed against the previous output
    problem: str = ""  # a broken template, said for the user

    @property
    def has_errors(self) -> bool:
        return any(d.severity is Severity.ERROR for d in self.diagnostics)


def run(job: MemberJob) -> MemberResult:
    """Check one member; unless it has errors, render its site and write it into the staging folder."""
    result = _run(job)
    # A project template's recursive macro or {% call %} block ties its render context, and through
    # it the member's whole site, into a reference cycle. Left to the collector, which runs rarely
    # during a build, several members' sites stayed in memory at once (a province build peaked 18 MB
    # higher) and were freed in bulk; collected here, each member's objects go as soon as it is done.
    # The shipped templates make no cycle (tests/test_build.py holds them to it): where no template
    # folder exists, the collection, a scan of every young object, is spared.
    if any(folder.is_dir() for folder in job.templates):
        gc.collect(1)
    return result


def _run(job: MemberJob) -> MemberResult:
    catalogue, diagnostics = check_project(job.project)
    result = MemberResult(diagnostics, catalogue.files, catalogue.item_count)
    if result.has_errors:
        return result
    try:
        site = build_site(catalogue, job.fallback)
        files = render_site(site, theme.environment(list(job.templates)))
    except Exception as exc:  # a project template may raise anything; zwgk's own faults go on up
        problem = template_problem(exc)
        if problem is None:
            raise
        result.problem = problem
        return result
    staging = writer.Staging(job.target, job.staging)
    result.outputs = {job.site + name: staging.put(job.site + name, data) for name, data in files.items()}
    result.row = government_row(site)
    result.written = staging.written
    return result
