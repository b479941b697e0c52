"""Where imported rows go: the project's levels, domains, units and channels looked up by what tables write."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..project import Project
from ..vocab import clean, normalize_channel

_HEADING_NUMBER = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d{1,2}[.、．])\s*"
)
# Words that name a level of government, by depth below the project's government (0 = itself).
_LEVEL_WORDS = {0: ("县", "区", "旗"), 1: ("乡", "镇", "街"), 2: ("村", "居", "社区")}


def strip_heading_number(text: str) -> str:
    """`一、政策法规` → `政策法规`."""
    return _HEADING_NUMBER.sub("", text.strip()).strip()


@dataclass
class Places:
    project: Project
    _depths: dict[int, str] = field(default_factory=dict, init=False)

    def __post_init__(self) -> None:
        pending = [(self.project.government, 0)]
        while pending:
            unit, depth = pending.pop()
            self._depths.setdefault(depth, unit.level)
            pending += [(child, depth + 1) for child in unit.children]

    def domain(self, text: str | None) -> str | None:
        """The domain named exactly (城乡规划, 城乡规划领域, urban-planning)."""
        if not text:
            return None
        found = self.project.domains.get(clean(text).removesuffix("领域"))
        return found.id if found else None

    def find_domain(self, text: str) -> str | None:
        """The domain a title or heading mentions: the longest name or alias in it, the earliest on a tie."""
        text = clean(text)
        best: tuple[int, int, str] | None = None
        for domain in self.project.domains:
            for name in (domain.name, *domain.aliases):
                at = text.find(clean(name))
                if at >= 0 and (best is None or (-len(name), at) < best[:2]):
                    best = (-len(name), at, domain.id)
        return best[2] if best else None

    def is_domain_heading(self, text: str) -> bool:
        """`（一）重大建设项目领域基层政务公开标准目录` heads a domain; `一、规划编制` heads a category."""
        bare = strip_heading_number(clean(text))
        if not self.find_domain(bare):
            return False
        return "领域" in bare or "目录" in bare or self.domain(bare) is not None

    def levels(self, label: str) -> list[str]:
        """The project levels a label names: 县级, 镇街级, 乡、村级 (two levels), 县 …"""
        level = self.project.level(label)
        if level:
            return [level.id]
        found: list[str] = []
        for part in re.split("[、，,/和及]", clean(label).removesuffix("级")):
            level = self.project.level(part + "级") or self.project.level(part)
            found += [level.id] if level else self._level_by_word(part)
        return list(dict.fromkeys(found))

    def levels_in(self, text: str) -> list[str]:
        """A level named somewhere in a title: …标准目录（乡级）."""
        for level in self.project.levels.values():
            if any(name in text for name in (level.name, *level.aliases)):
                return [level.id]
        return []

    def _level_by_word(self, word: str) -> list[str]:
        for depth, words in sorted(_LEVEL_WORDS.items(), reverse=True):
            if depth in self._depths and any(w in word for w in words):
                return [self._depths[depth]]
        return []

    def unit(self, text: str) -> str | None:
        wanted = clean(text)
        for unit in self.project.units.values():
            if unit is not self.project.government and wanted in (
                unit.id,
                clean(unit.name),
                clean(unit.label),
            ):
                return unit.id
        return None

    def channel(self, text: str) -> str | None:
        """A national channel (any accepted spelling) or a declared local one, in its canonical name."""
        folded = normalize_channel(text)
        return folded if isinstance(folded, str) and folded in self.project.channels else None

    @property
    def top_level(self) -> str:
        return self.project.government.level

    def level_name(self, level: str) -> str:
        return self.project.levels[level].name
