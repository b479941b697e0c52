"""The registry of laws and documents: shipped as data (data/laws.yaml), extended by a project's 法规."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import yaml

from ..loader import TextLoader
from ..models import LawDecl
from .citations import Basis, Citation, number_key, title_key
from .citations import parse as parse_basis

IN_FORCE = "现行有效"
OGI_TITLE = "中华人民共和国政府信息公开条例"
_PRC = "中华人民共和国"
# Law and regulation: what 条例 art. 26 means by 法律、法规 (rules and normative documents are not).
STATUTES = frozenset({"法律", "行政法规", "地方性法规"})


@dataclass(frozen=True)
class Law:
    """One registered law or document."""

    title: str
    names: tuple[str, ...]  # look-up keys: the title, without 中华人民共和国, the short names
    numbers: tuple[str, ...]  # number keys
    kind: str | None
    status: str
    replaced_by: str | None
    ended: str | None

    @property
    def in_force(self) -> bool:
        return self.status == IN_FORCE

    @property
    def shown_numbers(self) -> str:
        return "、".join(self.numbers)


@dataclass(frozen=True)
class Lookup:
    """What the registry says about one citation."""

    law: Law | None = None  # the registered law the citation names
    number_owner: Law | None = None  # another law the written number belongs to
    near: Law | None = None  # a registered law whose title is one or two characters away
    number_mismatch: bool = False  # the written number is not one registered for the law


@dataclass(frozen=True)
class Cited:
    """One citation of an item's 公开依据, where it stands and what the registry says about it."""

    index: int  # which 公开依据 entry
    citation: Citation
    lookup: Lookup


@dataclass(frozen=True)
class BasisFacts:
    """What a list of 公开依据 entries says, worked out once however many items carry the same list."""

    bases: tuple[Basis, ...]
    cited: tuple[Cited, ...]
    statute: bool  # cites a law or regulation in force, other than the 条例, which may set its own periods
    suspect: (
        bool  # something for the 依据 rules to look at: a stale, unknown or misnumbered law, or no citation
    )
    # What rules work out from the list alone, by rule: kept here, with the list read once.
    memo: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)


def _law(decl: LawDecl) -> Law:
    key = title_key(decl.title)
    names = [key, key.removeprefix(_PRC), *(title_key(n) for n in decl.short_names)]
    return Law(
        title=decl.title,
        names=tuple(dict.fromkeys(n for n in names if n)),
        numbers=tuple(number_key(n) for n in decl.numbers),
        kind=decl.kind,
        status=decl.status,
        replaced_by=decl.replaced_by,
        ended=decl.ended.isoformat() if decl.ended else None,
    )


@dataclass
class LawRegistry:
    """Look laws up by title, short name or number; remember the answers (the same citations recur)."""

    laws: list[Law]
    by_name: dict[str, list[Law]] = field(default_factory=dict)
    by_number: dict[str, Law] = field(default_factory=dict)
    _lookups: dict[Citation, Lookup] = field(default_factory=dict)
    _near: dict[str, Law | None] = field(default_factory=dict)
    _bases: dict[tuple[str, ...], BasisFacts] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for law in self.laws:
            for name in law.names:
                self.by_name.setdefault(name, []).append(law)
            for number in law.numbers:
                self.by_number.setdefault(number, law)
        for laws in self.by_name.values():
            laws.sort(key=lambda law: not law.in_force)

    def basis(self, texts: tuple[str, ...]) -> BasisFacts:
        """An item's 公开依据 entries read and looked up; equal lists (the usual case) are read once."""
        found = self._bases.get(texts)
        if found is None:
            found = self._bases[texts] = self._read_basis(texts)
        return found

    def _read_basis(self, texts: tuple[str, ...]) -> BasisFacts:
        bases = tuple(parse_basis(text) for text in texts)
        cited = tuple(
            Cited(n, citation, self.lookup(citation))
            for n, basis in enumerate(bases)
            for citation in basis.citations
        )
        statute = any(
            kind_of(c.citation, c.lookup.law) in STATUTES
            for c in cited
            if not (c.lookup.law and (c.lookup.law.title == OGI_TITLE or not c.lookup.law.in_force))
        )
        suspect = any(not b.citations for b in bases) or any(
            not c.lookup.law or not c.lookup.law.in_force or c.lookup.number_mismatch or c.citation.note
            for c in cited
        )
        return BasisFacts(bases, cited, statute, suspect)

    def lookup(self, citation: Citation) -> Lookup:
        found = self._lookups.get(citation)
        if found is None:
            found = self._lookups[citation] = self._resolve(citation)
        return found

    def _resolve(self, citation: Citation) -> Lookup:
        owner = self.by_number.get(citation.number_key) if citation.number else None
        named = self.by_name.get(citation.key, [])
        if not named:
            return Lookup(None, owner, self.near(citation.key))
        if owner in named:
            return Lookup(owner, owner)
        law = named[0]
        return Lookup(law, owner, number_mismatch=bool(citation.number and law.numbers))

    def near(self, key: str) -> Law | None:
        """The one registered law whose name is within a typo of `key`, if there is exactly one."""
        if key not in self._near:
            self._near[key] = _nearest(key, self.by_name)
        return self._near[key]

    def named_in(self, text: str) -> Law | None:
        """A registered law whose full title appears in `text` without 书名号."""
        key = title_key(text)
        return next((laws[0] for name, laws in self.by_name.items() if len(name) >= 6 and name in key), None)


def _nearest(key: str, by_name: dict[str, list[Law]]) -> Law | None:
    core = key.removeprefix(_PRC)
    limit = 2 if len(core) >= 12 else 1 if len(core) >= 6 else 0
    if not limit:
        return None
    found: set[str] = set()
    best: Law | None = None
    chars = set(core)
    for name, laws in by_name.items():
        other = name.removeprefix(_PRC)
        if abs(len(other) - len(core)) > limit or len(chars - set(other)) > limit:
            continue  # each edit changes at most one character: a cheap bound before the real distance
        if _DIGITS.sub("", other) == _DIGITS.sub("", core):
            continue
        if edit_distance(core, other, limit) <= limit:
            found.add(laws[0].title)
            best = laws[0]
    return best if len(found) == 1 else None


_DIGITS = re.compile(r"\d+")


def edit_distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance, giving up (limit + 1) once it must exceed `limit`."""
    previous = list(range(len(b) + 1))
    for i, char in enumerate(a, 1):
        current = [i]
        for j, other in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char != other)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


@cache
def shipped() -> tuple[LawDecl, ...]:
    """The laws registry shipped with zwgk."""
    text = resources.files("zwgk_cli").joinpath("data/laws.yaml").read_text(encoding="utf-8")
    return tuple(LawDecl.model_validate(entry) for entry in yaml.load(text, Loader=TextLoader))


@cache
def _shipped_registry() -> LawRegistry:
    return LawRegistry([_law(d) for d in shipped()])


def registry_for(project_laws: list[LawDecl]) -> LawRegistry:
    """The shipped registry with a project's own entries; an entry with a shipped title replaces it."""
    if not project_laws:
        return _shipped_registry()
    own = {title_key(d.title) for d in project_laws}
    decls = [*project_laws, *(d for d in shipped() if title_key(d.title) not in own)]
    return LawRegistry([_law(d) for d in decls])


_PROVINCES = re.compile(r"^.{0,4}(?:省|自治区|市|自治州|县|区)")


def kind_of(citation: Citation, law: Law | None) -> str | None:
    """法律, 行政法规 … from the registry, or from the title and number when the law is not registered."""
    if law is not None and law.kind:
        return law.kind
    number, title = citation.number_key, citation.key
    if number.startswith(("GB", "DB")):
        return "标准"
    if "令第" in number:
        return "行政法规" if number.startswith("国务院令") else "规章"
    if number:
        return "规范性文件"
    if title.endswith("法"):
        return "法律"
    if title.endswith("条例"):
        return "地方性法规" if _PROVINCES.match(title) else "行政法规"
    return None
