"""The index of laws cited: each 《…》 title with the items that cite it (公开依据)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from .rules.citations import parse
from .rules.laws import LawRegistry
from .tables import RowRef


class Citation(NamedTuple):
    """One item citing a law, and the article it cites. A named tuple, as a table's row is: a county's
    items cite laws thousands of times."""

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
    known = _cited_by(laws)
    for ref in refs:
        href = ref.href
        for basis in ref.row.basis:
            titles = known.get(basis)
            if titles is None:
                titles = known[basis] = cited(basis, laws)
            for title, article in titles:
                citing = found.get(title)
                if citing is None:
                    citing = found[title] = {}
                if href not in citing:
                    citing[href] = Citation._make((ref, article))
    ordered = sorted(found.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    return tuple(Law(title, _anchor(title), tuple(citations.values())) for title, citations in ordered)


# What each 公开依据 entry cites, for the last registry asked: every county without laws of its own
# shares the shipped registry, and a province's catalogues cite the same entries county after county.
_cited: tuple[LawRegistry | None, dict[str, list[tuple[str, str]]]] = (None, {})


def _cited_by(laws: LawRegistry) -> dict[str, list[tuple[str, str]]]:
    global _cited
    registry, known = _cited
    if registry is not laws or len(known) > 65536:
        _cited = (laws, {})
    return _cited[1]


@lru_cache(maxsize=4096)
def _anchor(title: str) -> str:
    """Stable across rebuilds whatever else is cited: links to a law keep working. Cached: the counties
    of a province cite the same laws."""
    return "law-" + hashlib.blake2b(title.encode(), digest_size=5).hexdigest()
