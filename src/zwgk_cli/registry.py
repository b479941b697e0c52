"""The domain registry: the 26 pilot domains shipped as data, plus the domains a project adds."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

from .loader import TextLoader
from .models import DomainDecl
from .vocab import clean


@dataclass(frozen=True)
class Domain:
    id: str
    name: str
    aliases: tuple[str, ...]
    department: str | None
    guideline_title: str | None
    guideline_url: str | None
    pilot: bool
    order: int


@cache
def pilot_domains() -> tuple[DomainDecl, ...]:
    text = resources.files("zwgk_cli").joinpath("data/domains.yaml").read_text(encoding="utf-8")
    return tuple(DomainDecl.model_validate(entry) for entry in yaml.load(text, Loader=TextLoader))


class DomainRegistry:
    """Look domains up by id, name or alias."""

    def __init__(self, extra: list[DomainDecl]) -> None:
        pilots = pilot_domains()
        self.domains: dict[str, Domain] = {}
        for order, decl in enumerate([*pilots, *extra]):
            self.domains[decl.id] = Domain(
                id=decl.id,
                name=decl.name,
                aliases=tuple(decl.aliases),
                department=decl.department,
                guideline_title=decl.guideline.title if decl.guideline else None,
                guideline_url=decl.guideline.url if decl.guideline else None,
                pilot=order < len(pilots),
                order=order,
            )
        self._names = {clean(n): d for d in self.domains.values() for n in (d.id, d.name, *d.aliases)}
        self._pilots = [d.id for d in self.domains.values() if d.pilot]

    def get(self, id_or_name: str) -> Domain | None:
        return self.domains.get(id_or_name) or self._names.get(clean(id_or_name))

    def pilot_ids(self) -> list[str]:
        return list(self._pilots)

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.domains.values())
