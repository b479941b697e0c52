"""The project stage: find and read `zwgk.yaml`, resolve levels, units, domains, channels and bodies."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .diagnostics import Diagnostic, make
from .layout import PROJECT_FILE, workspace_members
from .loader import Document, load_file
from .models import LevelDecl, ProjectFile, Unit
from .registry import DomainRegistry
from .validation import validate
from .vocab import NATIONAL_CHANNELS, clean

DEFAULT_LEVELS = (
    LevelDecl.model_validate({"编号": "county", "名称": "县级", "别名": ["区级", "县（市、区）级"]}),
    LevelDecl.model_validate(
        {
            "编号": "township",
            "名称": "乡级",
            "别名": ["镇级", "乡镇级", "镇街级"],
            "通用主体": "乡镇人民政府（街道办事处）",
        }
    ),
    LevelDecl.model_validate(
        {"编号": "village", "名称": "村级", "别名": ["村（居）级", "社区级"], "通用主体": "村（居）民委员会"}
    ),
)


@dataclass
class Project:
    """One government's catalogue project, resolved and ready for the catalogue files."""

    root: Path
    prefix: str  # how paths are shown: relative to the workspace root
    file: ProjectFile
    government: Unit
    levels: dict[str, LevelDecl]
    domains: DomainRegistry
    channels: frozenset[str]
    bodies: dict[str, frozenset[str]]
    units: dict[str, Unit] = field(default_factory=dict)

    @property
    def title(self) -> str:
        return self.file.site.title or f"{self.government.label}基层政务公开事项标准目录"

    def display(self, path: Path) -> str:
        """`path` (under the root) as shown: relative to the workspace root, with / between parts."""
        root, text = str(self.root), str(path)
        # The paths found under the root start with its text: cut it off rather than ask pathlib,
        # which parses both paths again (a fifth of the time spent on a file's path).
        if text.startswith(root) and text[len(root) : len(root) + 1] == os.sep and root not in (os.sep, "."):
            inside = text[len(root) + 1 :]
            return self.prefix + (inside if os.sep == "/" else inside.replace(os.sep, "/"))
        return self.prefix + path.relative_to(self.root).as_posix()

    def level(self, name: str) -> LevelDecl | None:
        """A level by id, name or alias."""
        wanted = clean(name)
        for level in self.levels.values():
            if wanted in (level.id, clean(level.name), *(clean(a) for a in level.aliases)):
                return level
        return None

    def units_at(self, level_id: str) -> list[Unit]:
        return [u for u in self.units.values() if u.level == level_id]

    def domains_for(self, level_id: str) -> list[str]:
        declared = self.levels[level_id].domains
        return list(declared) if declared is not None else self.domains.pilot_ids()


@dataclass
class Loaded:
    projects: list[Project]
    diagnostics: list[Diagnostic]


def _units_with_paths(
    unit: Unit, path: tuple[str | int, ...]
) -> Iterator[tuple[Unit, tuple[str | int, ...]]]:
    yield unit, path
    for i, child in enumerate(unit.children):
        yield from _units_with_paths(child, (*path, "下辖", i))


def load(root: Path) -> Loaded:
    """Load the project (or the workspace of projects) rooted at `root`."""
    path = root / PROJECT_FILE
    if not path.is_file():
        return Loaded([], [make("ZW001", PROJECT_FILE, name=str(path))])
    doc = load_file(path, PROJECT_FILE)
    if not doc.loaded:
        return Loaded([], doc.diagnostics)
    # A slip the file still reads past (a key written twice, say) is reported with the rest.
    parsed, problems = validate(doc, ProjectFile)
    problems = doc.diagnostics + problems
    if parsed is None:
        return Loaded([], problems)
    if parsed.workspace is not None:
        loaded = _load_workspace(root, parsed, doc.file)
        return Loaded(loaded.projects, problems + loaded.diagnostics)
    project, resolved = resolve(root, "", parsed, doc)
    return Loaded([project] if project else [], problems + resolved)


def workspace_patterns(root: Path) -> list[str] | None:
    """The member patterns of the workspace at `root`; None for a single project or an unreadable file."""
    doc = load_file(root / PROJECT_FILE, PROJECT_FILE)
    parsed = validate(doc, ProjectFile)[0] if doc.loaded else None  # as load() reads it
    return list(parsed.workspace) if parsed and parsed.workspace is not None else None


def _load_workspace(root: Path, parsed: ProjectFile, display: str) -> Loaded:
    projects: list[Project] = []
    problems: list[Diagnostic] = []
    members = workspace_members(root, list(parsed.workspace or []))
    if not members:
        problems.append(
            make(
                "ZW002",
                display,
                1,
                1,
                detail="工作区里没有找到成员项目",
                hint="工作区的每一项是一个含有 zwgk.yaml 的文件夹，可用通配符",
            )
        )
    for member in members:
        project, member_problems = load_member(root, member)
        problems.extend(member_problems)
        if project:
            projects.append(project)
    ids = [p.government.id for p in projects]
    for dup in sorted({i for i in ids if ids.count(i) > 1}):
        problems.append(make("ZW311", display, 1, 1, kind="政府", id=dup))
    return Loaded(projects, problems)


def load_member(root: Path, member: Path) -> tuple[Project | None, list[Diagnostic]]:
    """One member project of the workspace at `root`, its paths shown relative to the workspace."""
    prefix = member.relative_to(root).as_posix() + "/"
    doc = load_file(member / PROJECT_FILE, prefix + PROJECT_FILE)
    if not doc.loaded:
        return None, doc.diagnostics
    member_file, problems = validate(doc, ProjectFile)
    problems = doc.diagnostics + problems
    if member_file is None:
        return None, problems
    if member_file.workspace is not None:
        nested = make(
            "ZW002", doc.file, 1, 1, detail="工作区不能嵌套", hint="成员项目的 zwgk.yaml 里不要写「工作区」"
        )
        return None, [*problems, nested]
    project, resolved = resolve(member, prefix, member_file, doc)
    return project, problems + resolved


def resolve(
    root: Path, prefix: str, parsed: ProjectFile, doc: Document
) -> tuple[Project | None, list[Diagnostic]]:
    """Check the project file's own consistency and build the resolved project."""
    problems: list[Diagnostic] = []
    display = doc.file

    def at(*path: str | int) -> tuple[int, int]:
        return doc.position(tuple(path))

    if parsed.government is None:
        return None, [make("ZW202", display, 1, 1, ("政府",), element="「政府」", key="政府")]
    levels = {level.id: level for level in (parsed.levels or DEFAULT_LEVELS)}
    if len(levels) != len(parsed.levels or DEFAULT_LEVELS):
        problems.append(
            make(
                "ZW311",
                display,
                *at("层级"),
                kind="层级",
                id=_first_duplicate([lv.id for lv in parsed.levels or []]),
            )
        )
    registry = DomainRegistry(parsed.domains)
    declared = [d.id for d in parsed.domains]
    for i, decl in enumerate(parsed.domains):
        if decl.id in registry.pilot_ids() or decl.id in declared[:i]:
            problems.append(make("ZW311", display, *at("领域", i, "编号"), kind="领域", id=decl.id))
    units: dict[str, Unit] = {}
    for unit, path in _units_with_paths(parsed.government, ("政府",)):
        if unit.id in units:
            problems.append(make("ZW311", display, *at(*path, "编号"), kind="单位", id=unit.id))
        units[unit.id] = unit
        if unit.level not in levels:
            problems.append(
                make(
                    "ZW310",
                    display,
                    *at(*path, "层级"),
                    detail=f"单位「{unit.name}」的层级「{unit.level}」没有在「层级」中声明",
                    hint=f"已声明的层级：{'、'.join(levels)}",
                )
            )
    for level_id in parsed.bodies:
        if level_id not in levels:
            problems.append(
                make(
                    "ZW302",
                    display,
                    *at("主体", level_id),
                    level=level_id,
                    hint=f"已声明的层级：{'、'.join(levels)}",
                )
            )
    for n, level in enumerate(parsed.levels or []):
        for i, domain_id in enumerate(level.domains or []):
            if registry.get(domain_id) is None:
                where = ("层级", n, "领域", i)
                problems.append(
                    make(
                        "ZW301",
                        display,
                        *at(*where),
                        where,
                        domain=domain_id,
                        hint="运行 zwgk domains 查看领域编号",
                    )
                )
    project = Project(
        root=root,
        prefix=prefix,
        file=parsed,
        government=parsed.government,
        levels=levels,
        domains=registry,
        channels=frozenset((*NATIONAL_CHANNELS, *(clean(c) for c in parsed.channels))),
        bodies={level: frozenset(clean(b) for b in names) for level, names in parsed.bodies.items()},
        units=units,
    )
    return project, problems


def _first_duplicate(values: list[str]) -> str:
    return next((v for i, v in enumerate(values) if v in values[:i]), "")
