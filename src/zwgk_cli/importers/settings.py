"""The import command's settings: the target project and the fallbacks, checked before anything is read."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from .. import project as project_stage
from ..diagnostics import Severity
from ..project import Project
from .places import Places
from .records import Options


def resolve(
    into: Path, level: str | None, domain: str | None, unit: str | None, revised: str | None
) -> tuple[Project | None, Options, list[str]]:
    """The project to import into and the options; or the reasons they cannot be used."""
    loaded = project_stage.load(into)
    problems = [
        f"{d.file}:{d.line}:{d.column}: {d.code} {d.message}"
        for d in loaded.diagnostics
        if d.severity is Severity.ERROR
    ]
    if problems or not loaded.projects:
        return None, Options(), problems or ["找不到目录项目"]
    project = loaded.projects[0]
    if len(loaded.projects) > 1 or project.root.resolve() != into.resolve():
        return None, Options(), [f"{into} 是工作区：用 --into 指定其中一个成员项目"]
    options, problems = _options(project, level, domain, unit, revised)
    return project, options, problems


def _options(
    project: Project, level: str | None, domain: str | None, unit: str | None, revised: str | None
) -> tuple[Options, list[str]]:
    places = Places(project)
    problems = []
    if level and not places.levels(level):
        names = "、".join(lv.name for lv in project.levels.values())
        problems.append(f"--level：项目没有层级「{level}」（可以写：{names}）")
    if domain and places.domain(domain) is None:
        problems.append(f"--domain：不认识的领域「{domain}」（zwgk domains 列出全部领域）")
    unit_id = places.unit(unit) if unit else None
    if unit and unit_id is None:
        problems.append(f"--unit：项目里没有单位「{unit}」（写 zwgk.yaml 里的单位编号或名称）")
    date = None
    if revised:
        try:
            date = dt.date.fromisoformat(revised)
        except ValueError:
            problems.append(f"--date：「{revised}」不是日期，写成 2026-03-15 这样的形式")
    return Options(level=level, domain=domain, unit=unit_id, revised=date), problems
