"""The index of laws cited: each 《…》 title with the items that cite it (公开依据)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

from .rules.citations import parse
from .rules.laws import LawRegistry
from .tables import RowRef


@dataclass(frozen=True)
class Citation:
    """One item citing a law, and the article it cites."""

    ref: RowRef
    article: str


@dataclass(frozen=True)
class Law:
    title: str
    anchor: str
    citations: tuple[Citation, ...]


def cited(basis: str, laws: LawRegistry) -> list[tuple[str, str]]:
    """(《title》, articles) for each law one 公开依据 entry cites; short names fold into the registered title."""
    citations = parse(basis).citations
    if not citations:
        return [(basis, "")]
    found = []
    for citation in citations:
        law = laws.lookup(citation).law
        found.append((f"《{law.title if law else citation.title}》", "、".join(citation.articles)))
    return found


def laws_index(refs: Iterable[RowRef], laws: LawRegistry) -> tuple[Law, ...]:
    """Laws by how many items cite them (most first), then by title; each item once per law."""
    found: dict[str, dict[str, Citation]] = {}
    for ref in refs:
        for basis in ref.row.basis:
            for title, article in cited(basis, laws):
                found.setdefault(title, {}).setdefault(ref.href, Citation(ref, article))
    ordered = sorted(found.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    return tuple(Law(title, _anchor(title), tuple(citations.values())) for title, citations in ordered)


def _anchor(title: str) -> str:
    """Stable across rebuilds whatever else is cited: links to a law keep working."""
    return "law-" + hashlib.blake2b(title.encode(), digest_size=5).hexdigest()
