"""The words the importer recognises, read from data/import.yaml: header spellings, tick marks, 同上."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

from ..loader import TextLoader
from ..vocab import clean

# Bracketed legends inside header cells: 公开渠道和载体（“■”表示必选项，“□”表示可选项）.
_BRACKETED = re.compile(r"（[^（）]*）|\([^()]*\)|“[^”]*”表示[^，。；]*[，。；]?")
_LEGEND = re.compile(r"[■□◆√▄☑◇○●“”\"]|表示|必选|可选|注[:：]")
RAW_SUFFIX = "（原文）"  # an 其他列 key that keeps a cell's text beside its normalized value


@dataclass(frozen=True)
class Vocabulary:
    headers: dict[str, str]  # cleaned spelling → role (公开内容, 一级事项 …)
    groups: dict[str, dict[str, str]]  # group role → cleaned sub spelling → sub role
    ticks: frozenset[str]
    blanks: frozenset[str]
    chosen: str  # marks of a chosen channel
    offered: str  # marks of a channel offered but not chosen
    ditto: frozenset[str]
    note_starts: tuple[str, ...]
    channel_keywords: tuple[tuple[str, str], ...]  # longest first

    def role(self, header: str) -> str | None:
        """The element a header cell names, ignoring spaces, line breaks and legends in brackets."""
        text = clean(header)
        if not text or text.endswith(RAW_SUFFIX):
            return None
        found = self.headers.get(text)
        if found is None:
            bare = _BRACKETED.sub("", text)
            found = self.headers.get(bare)
            if found is None and _LEGEND.search(text):
                found = next((r for s, r in self._by_length() if bare.startswith(s) and len(s) > 1), None)
        return found

    def sub_role(self, group: str, header: str) -> str | None:
        subs = self.groups.get(group, {})
        text = clean(header)
        return subs.get(text) or subs.get(_BRACKETED.sub("", text))

    def is_sub_term(self, header: str) -> bool:
        text = clean(header)
        return any(text in subs or _BRACKETED.sub("", text) in subs for subs in self.groups.values())

    def _by_length(self) -> list[tuple[str, str]]:
        return sorted(self.headers.items(), key=lambda pair: -len(pair[0]))


@cache
def vocabulary() -> Vocabulary:
    text = resources.files("zwgk_cli").joinpath("data/import.yaml").read_text(encoding="utf-8")
    data = yaml.load(text, Loader=TextLoader)
    headers = {clean(s): role for role, spellings in data["表头"].items() for s in spellings}
    headers.update({clean(role): role for role in data["表头"]})
    groups = {
        group: {clean(s): sub for sub, spellings in subs.items() for s in [sub, *spellings]}
        for group, subs in data["分组"].items()
    }
    return Vocabulary(
        headers=headers,
        groups=groups,
        ticks=frozenset(data["勾选"]),
        blanks=frozenset(data["未勾选"]),
        chosen="".join(data["渠道选中"]),
        offered="".join(data["渠道可选"]),
        ditto=frozenset(clean(s) for s in data["同上"]),
        note_starts=tuple(data["说明开头"]),
        channel_keywords=tuple(sorted(data["渠道关键词"].items(), key=lambda pair: -len(pair[0]))),
    )
