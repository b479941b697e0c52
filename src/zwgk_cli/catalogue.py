"""The model stage: read every catalogue file of a project into one `Catalogue`, checking across files."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .diagnostics import Diagnostic, did_you_mean, make
from .layout import CATALOGUE_DIR
from .loader import Document, compose, load_file
from .models import KEY_SPELLINGS, CatalogueFile, Item
from .project import Project
from .validation import validate
from .vocab import clean

YAML_SUFFIXES = (".yaml", ".yml")
IGNORED_SUFFIXES = (".md", ".txt")  # notes kept beside the catalogues
Position = tuple[int, int]
DataPath = tuple[str | int, ...]
_CANONICAL_KEY = {spelling: key for key, spellings in KEY_SPELLINGS.items() for spelling in spellings}


@dataclass(frozen=True)
class Entry:
    """One validated catalogue file: a domain at a level, shared or for one unit."""

    file: str
    level: str
    domain: str
    unit: str | None
    data: CatalogueFile
    source: bytes = field(default=b"", compare=False, repr=False)  # the bytes that were checked

    @cached_property
    def positions(self) -> dict[DataPath, Position]:
        """("事项", i), ("事项", i, key) and ("事项", i, key, n) for list elements, likewise for 不适用;
        (key,) for the header keys → where that value stands.

        Read again from the checked bytes when a diagnostic first asks: a catalogue without problems
        never needs them, and walking every node of every file cost a build a tenth of its time."""
        return _positions(compose(self.source)) if self.source else {}

    def position(self, index: int, key: str = "", section: str = "事项") -> Position:
        """Where item `index` (or its element `key`) stands in the file."""
        path: DataPath = (section, index, key) if key else (section, index)
        return self.positions.get(path) or self.positions.get((section, index), (1, 1))


@dataclass
class Catalogue:
    """All the catalogue files of one project, by (level, domain) and by (level, unit, domain)."""

    project: Project
    shared: dict[tuple[str, str], Entry] = field(default_factory=dict)
    overrides: dict[tuple[str, str, str], Entry] = field(default_factory=dict)
    files: int = 0

    @property
    def entries(self) -> list[Entry]:
        return [*self.shared.values(), *self.overrides.values()]

    @property
    def item_count(self) -> int:
        return sum(len(e.data.items) for e in self.entries)

    def items_for(self, level: str, domain: str, unit: str | None = None) -> list[Item]:
        """The effective list of one unit: the shared file with the unit's own differences applied."""
        base = self.shared.get((level, domain))
        items = list(base.data.items) if base else []
        own = self.overrides.get((level, unit, domain)) if unit else None
        if own is None:
            return items
        dropped = {n.identity for n in own.data.not_applicable}
        replaced = {item.identity: item for item in own.data.items}
        merged = [replaced.pop(i.identity, i) for i in items if i.identity not in dropped]
        return merged + list(replaced.values())


def read(project: Project, files: list[Path] | None = None) -> tuple[Catalogue, list[Diagnostic]]:
    """Load, validate and cross-check every catalogue file of `project`."""
    catalogue = Catalogue(project)
    found, problems = discover(project)
    for path in files if files is not None else found:
        entry, file_problems = check_file(project, path)
        problems.extend(file_problems)
        catalogue.files += 1
        if entry is None:
            continue
        if entry.unit is None:
            catalogue.shared[(entry.level, entry.domain)] = entry
        else:
            catalogue.overrides[(entry.level, entry.unit, entry.domain)] = entry
    problems.extend(_check_overrides(catalogue))
    return catalogue, problems


def catalogue_files(project: Project) -> list[Path]:
    return discover(project)[0]


def discover(project: Project) -> tuple[list[Path], list[Diagnostic]]:
    """The catalogue files under catalogues/, and what stands in the way of reading all of them."""
    base = project.root / CATALOGUE_DIR
    if not base.is_dir():
        return [], [make("ZW313", project.prefix + CATALOGUE_DIR, name=CATALOGUE_DIR)]
    problems: list[Diagnostic] = []

    def unreadable(error: OSError) -> None:
        where = project.display(Path(error.filename)) if error.filename else project.prefix + CATALOGUE_DIR
        problems.append(make("ZW107", where, detail=error.strerror or str(error)))

    files: list[Path] = []
    for folder, dirs, names in os.walk(base, onerror=unreadable):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        where = Path(folder)  # each file's path made from it: cheaper than parsing the folder again
        for name in names:
            suffix = _suffix(name).lower()
            if suffix in YAML_SUFFIXES:
                files.append(where / name)
            elif not name.startswith(".") and suffix not in IGNORED_SUFFIXES:
                problems.append(make("ZW314", project.display(where / name), name=name))
    return sorted(files), problems


def _suffix(name: str) -> str:
    """`Path(name).suffix`, without making a path."""
    dot = name.rfind(".")
    return name[dot:] if 0 < dot < len(name) - 1 else ""


def check_file(project: Project, path: Path) -> tuple[Entry | None, list[Diagnostic]]:
    display = project.display(path)
    placed = _placement(project, path, display)
    if isinstance(placed, Diagnostic):
        return None, [placed]
    level, domain, unit = placed
    doc = load_file(path, display)
    if not doc.loaded:
        return None, doc.diagnostics
    parsed, problems = validate(doc, CatalogueFile)
    problems = doc.diagnostics + problems
    if parsed is None:
        return None, problems
    entry = Entry(display, level, domain, unit, parsed, doc.source)
    problems += _check_header(project, entry, doc)
    problems += _check_items(project, entry)
    return entry, problems


def _placement(project: Project, path: Path, display: str) -> tuple[str, str, str | None] | Diagnostic:
    inside = display[len(project.prefix) :]  # `project.display(path)`: read the parts from it
    if display.startswith(project.prefix) and inside.startswith(CATALOGUE_DIR + "/"):
        parts = tuple(inside[len(CATALOGUE_DIR) + 1 :].split("/"))
    else:
        parts = path.relative_to(project.root / CATALOGUE_DIR).parts
    if len(parts) not in (2, 3):
        return make(
            "ZW309",
            display,
            1,
            1,
            detail="目录文件应放在 catalogues/<层级>/ 或 catalogues/<层级>/<单位>/ 下",
            hint="按 docs/format.md 的目录结构移动这个文件",
        )
    level = parts[0]
    if level not in project.levels:
        return make(
            "ZW302", display, 1, 1, level=level, hint=f"文件夹名应是层级编号：{'、'.join(project.levels)}"
        )
    domain = path.stem
    if project.domains.domains.get(domain) is None:
        found = project.domains.get(domain)
        hint = (
            f"文件名应是领域编号：{found.id}.yaml"
            if found
            else did_you_mean(
                domain,
                project.domains.domains,
                "文件名应是领域编号（zwgk domains 列出全部领域）；其他领域先在 zwgk.yaml 的「领域」里声明",
                cutoff=0.6,
                fmt="「{}.yaml」",
            )
        )
        return make("ZW301", display, 1, 1, domain=domain, hint=hint)
    unit = parts[1] if len(parts) == 3 else None
    if unit is not None and (unit not in project.units or project.units[unit].level != level):
        ids = "、".join(u.id for u in project.units_at(level)) or "（无）"
        return make(
            "ZW307", display, 1, 1, unit=unit, level=project.levels[level].name, hint=f"可用的编号：{ids}"
        )
    return level, domain, unit


def _check_header(project: Project, entry: Entry, doc: Document) -> list[Diagnostic]:
    problems: list[Diagnostic] = []
    data = entry.data
    named = project.domains.get(data.domain)
    if named is None:
        problems.append(
            make(
                "ZW301",
                entry.file,
                *doc.position(("领域",), alternates=KEY_SPELLINGS),
                ("领域",),
                domain=data.domain,
                hint="写领域名称，如「城乡规划」；zwgk domains 列出全部领域",
            )
        )
    elif named.id != entry.domain:
        problems.append(
            make(
                "ZW303",
                entry.file,
                *doc.position(("领域",), alternates=KEY_SPELLINGS),
                ("领域",),
                element="领域",
                value=data.domain,
                where="领域",
                expected=project.domains.domains[entry.domain].name,
            )
        )
    level = project.level(data.level)
    if level is None:
        names = "、".join(lv.name for lv in project.levels.values())
        problems.append(
            make(
                "ZW302",
                entry.file,
                *doc.position(("层级",), alternates=KEY_SPELLINGS),
                ("层级",),
                level=data.level,
                hint=f"可以写：{names}",
            )
        )
    elif level.id != entry.level:
        problems.append(
            make(
                "ZW303",
                entry.file,
                *doc.position(("层级",), alternates=KEY_SPELLINGS),
                ("层级",),
                element="层级",
                value=data.level,
                where="层级文件夹",
                expected=project.levels[entry.level].name,
            )
        )
    if entry.unit is None and data.not_applicable:
        problems.append(
            make(
                "ZW309",
                entry.file,
                *doc.position(("不适用",), alternates=KEY_SPELLINGS),
                ("不适用",),
                detail="共用目录里不能写「不适用」",
                hint="「不适用」只用在某个单位自己的差异文件里",
            )
        )
    return problems


def _check_items(project: Project, entry: Entry) -> list[Diagnostic]:
    problems: list[Diagnostic] = []
    first: dict[str, int] = {}  # identity → index of the item that first has it
    bodies = project.bodies.get(entry.level)
    if bodies is not None:
        generic = project.levels[entry.level].generic_body
        bodies = (
            bodies
            | {clean(u.name) for u in project.units_at(entry.level)}
            | ({clean(generic)} if generic else set())
        )
    channels = project.channels
    for i, item in enumerate(entry.data.items):
        identity = item.identity
        if identity in first:
            problems.append(
                make(
                    "ZW304",
                    entry.file,
                    *entry.position(i),
                    ("事项", i),
                    identity=identity,
                    first=entry.position(first[identity])[0],
                )
            )
        else:
            first[identity] = i
        # All known, for nearly every item: one look-up. What is in `channels` is as clean() leaves it.
        if not channels.issuperset(item.channels):
            for n, channel in enumerate(item.channels):
                if clean(channel) not in channels:
                    problems.append(
                        make(
                            "ZW305",
                            entry.file,
                            *entry.positions.get(("事项", i, "公开渠道", n), entry.position(i, "公开渠道")),
                            ("事项", i, "公开渠道", n),
                            channel=channel,
                            hint=_channel_hint(project, channel),
                        )
                    )
        if bodies is not None:
            for body in split_bodies(item.body):
                if clean(body) not in bodies:
                    problems.append(
                        make(
                            "ZW306",
                            entry.file,
                            *entry.position(i, "公开主体"),
                            ("事项", i, "公开主体"),
                            body=body,
                            level=project.levels[entry.level].name,
                            hint=_body_hint(body, bodies),
                        )
                    )
    return problems


def _channel_hint(project: Project, channel: str) -> str:
    also = "本地渠道先在 zwgk.yaml 的「渠道」里声明；全国统一的 13 项渠道见 zwgk vocab"
    return did_you_mean(clean(channel), project.channels, also)


def _body_hint(body: str, bodies: frozenset[str] | set[str]) -> str:
    return did_you_mean(clean(body), bodies, "新设的主体先加到 zwgk.yaml 的「主体」名单里")


_SEPARATORS = re.compile(r"[、，,；;]")


def split_bodies(text: str) -> list[str]:
    """`县自然资源局、乡镇人民政府（街道办事处）` → its bodies; separators inside brackets do not split."""
    parts: list[str] = []
    depth, start = 0, 0
    for i, char in enumerate(text):
        if char in "（(":
            depth += 1
        elif char in "）)":
            depth = max(depth - 1, 0)
        elif depth == 0 and _SEPARATORS.match(char):
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return [p.strip() for p in parts if p.strip()]


def _check_overrides(catalogue: Catalogue) -> list[Diagnostic]:
    problems: list[Diagnostic] = []
    for (level, _unit, domain), entry in catalogue.overrides.items():
        base = catalogue.shared.get((level, domain))
        known = {item.identity for item in base.data.items} if base else set()
        rewritten = {item.identity for item in entry.data.items}
        for i, dropped in enumerate(entry.data.not_applicable):
            if dropped.identity in rewritten:
                where = entry.position(i, "事项", section="不适用")
                problems.append(
                    make("ZW315", entry.file, *where, ("不适用", i, "事项"), identity=dropped.identity)
                )
            elif dropped.identity not in known:
                hint = did_you_mean(
                    dropped.identity, known, "写共用目录中事项的编号，或「一级事项/二级事项」"
                )
                where = entry.position(i, "事项", section="不适用")
                problems.append(
                    make(
                        "ZW308",
                        entry.file,
                        *where,
                        ("不适用", i, "事项"),
                        identity=dropped.identity,
                        hint=hint,
                    )
                )
    return problems


def _positions(root: Node | None) -> dict[DataPath, Position]:
    """Where each item and each of its elements stands, read once from the node tree."""
    positions: dict[DataPath, Position] = {}
    if not isinstance(root, MappingNode):
        return positions
    for key_node, section in root.value:
        name = _CANONICAL_KEY.get(key_node.value) if isinstance(key_node, ScalarNode) else None
        if name:
            positions[(name,)] = _mark(section)
        if name in ("事项", "不适用") and isinstance(section, SequenceNode):
            for i, item in enumerate(section.value):
                positions[(name, i)] = _mark(item)
                if isinstance(item, MappingNode):
                    _item_positions(positions, name, i, item)
    return positions


def _item_positions(positions: dict[DataPath, Position], section: str, i: int, item: MappingNode) -> None:
    """An item's elements, a list's entries by index (a citation, a channel) and a mapping's keys
    (an exemption's code). Every node of a file passes here: hence one flat loop, no calls."""
    canonical = _CANONICAL_KEY.get
    for k, v in item.value:
        key = canonical(k.value, k.value) if type(k) is ScalarNode else ""
        mark = v.start_mark
        positions[(section, i, key)] = (mark.line + 1, mark.column + 1)
        kind = type(v)
        if kind is SequenceNode:
            for n, element in enumerate(v.value):
                mark = element.start_mark
                positions[(section, i, key, n)] = (mark.line + 1, mark.column + 1)
        elif kind is MappingNode:
            for inner, _ in v.value:
                if type(inner) is ScalarNode:
                    mark = inner.start_mark
                    positions[(section, i, key, inner.value)] = (mark.line + 1, mark.column + 1)


def _mark(node: Node) -> Position:
    return (node.start_mark.line + 1, node.start_mark.column + 1)
