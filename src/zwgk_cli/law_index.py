"""The index of laws cited: each 《…》 title with the items that cite it (公开依据)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .tables import RowRef

_TITLE = re.compile(r"《[^《》]+》")


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


def cited(basis: str) -> list[tuple[str, str]]:
    """`《A》（国务院令第711号）第二十条` → [(《A》, （国务院令第711号）第二十条)]; no title → the whole text."""
    titles = _TITLE.findall(basis)
    if not titles:
        return [(basis, "")]
    article = basis[basis.rfind("》") + 1 :].strip()
    return [(title, article if title == titles[-1] else "") for title in titles]


def laws_index(refs: Iterable[RowRef]) -> tuple[Law, ...]:
    """Laws by how many items cite them (most first), then by title; each item once per law."""
    found: dict[str, dict[str, Citation]] = {}
    for ref in refs:
        for basis in ref.row.basis:
            for title, article in cited(basis):
                found.setdefault(title, {}).setdefault(ref.href, Citation(ref, article))
    ordered = sorted(found.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    return tuple(
        Law(title, f"law-{n}", tuple(citations.values())) for n, (title, citations) in enumerate(ordered, 1)
    )
