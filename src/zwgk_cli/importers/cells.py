"""Read the meaning of one cell: a tick, a channel checklist, a list of citations, 主动/依申请 in words."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from ..vocab import METHOD_ALIASES, OPENNESS_ALIASES, SCOPE_ALIASES, Method, Openness, Scope, clean
from .text import is_masked, join_wraps, strip_list_marker
from .vocabulary import Vocabulary

_SEPARATORS = re.compile(r"[、，,；;\s]+")
_LIST_SEPARATORS = "、，,；; \t"
_NUMBERED = re.compile(r"(?<=\S)(?=\d{1,2}[.、．)）][^\d])|(?=[（(]\d{1,2}[)）])|(?=[①-⑳])")
_ETC = re.compile(r"(?:等|等渠道|等方式|等平台|等载体|等媒体)$")
_OTHER = re.compile(r"^其[他它][：:（(]?(.*?)[)）]?$")
_FILL_IN = re.compile(r"^[_＿\s]*$")
# Where one citation ends and the next begins: 《A》《B》, 《A》第八条、《B》, 《A》（2019年修订），《B》.
_CITATION_SEAM = re.compile(r"(?<=[》条款项号章节则）)])[、，,。；;\s]*(?=《)")
_TRAILING = "、，,；;。 "
_PUBLIC = ("全社会", "社会公众", "全体社会", "不特定对象")
_GROUP = ("特定群体", "特定群众", "特定对象", "特定人群")


def tick(text: str, vocab: Vocabulary) -> bool | None:
    """True for √ and its kin, False for an empty or crossed-out cell, None for other text."""
    text = text.strip()
    if not text or text in vocab.blanks:
        return False
    if text in vocab.ticks:
        return True
    return None


# ---------------------------------------------------------------- channels


@dataclass
class Channels:
    chosen: list[str] = field(default_factory=list)
    offered: list[str] = field(default_factory=list)  # □ in a checklist: offered, not chosen
    renamed: list[tuple[str, str]] = field(default_factory=list)  # (as written, as normalized)
    new: list[str] = field(default_factory=list)  # not a national channel nor a declared local one
    lossy: bool = False  # the list alone does not say everything the cell said

    def add(self, channel: str) -> None:
        if channel not in self.chosen:
            self.chosen.append(channel)


def channels(text: str, known: Callable[[str], str | None], vocab: Vocabulary, exact: bool) -> Channels:
    """A channel cell: a ■/□ checklist, a numbered list, free text, 其他：fill-ins, local channels."""
    result = Channels()
    if exact:  # zwgk's own workbook: one channel a line, as written
        for name in filter(None, (line.strip() for line in text.split("\n"))):
            found = known(name)
            if found is None and name not in result.new:
                result.new.append(name)
            result.add(found or name)
        return result
    marks = vocab.chosen + vocab.offered
    if any(mark in text for mark in marks):
        _checklist(text, marks, vocab, known, result)
    else:
        for fragment in _fragments(text):
            _resolve(fragment, known, vocab, result)
    return result


def _checklist(
    text: str, marks: str, vocab: Vocabulary, known: Callable[[str], str | None], result: Channels
) -> None:
    pieces = re.split(f"([{re.escape(marks)}])", text)
    lead = pieces[0].strip(_TRAILING + "\n")
    if lead:  # text before the first mark: treat it as free text
        for fragment in _fragments(lead):
            _resolve(fragment, known, vocab, result)
    for mark, piece in zip(pieces[1::2], pieces[2::2], strict=True):
        name = re.sub(r"\s+", "", piece).strip(_TRAILING)
        if not name:
            continue
        if mark in vocab.offered:
            result.offered.append(name)
            result.lossy = True
        else:
            _resolve(name, known, vocab, result)


def _fragments(text: str) -> list[str]:
    parts = []
    for line in text.split("\n"):
        for numbered in _NUMBERED.split(line):
            for part in _split(strip_list_marker(numbered.strip()), _LIST_SEPARATORS):
                part = _ETC.sub("", strip_list_marker(part.strip()))
                if part:
                    parts.append(part)
    return parts


def _resolve(fragment: str, known: Callable[[str], str | None], vocab: Vocabulary, result: Channels) -> None:
    other = _OTHER.match(fragment)
    if other:
        filled = other.group(1).strip(_TRAILING + "：:")
        if not filled or _FILL_IN.match(filled):
            result.add("其他")
            return
        result.lossy = True
        for part in _split(filled, _LIST_SEPARATORS):
            _resolve(part, known, vocab, result)
        return
    found = known(fragment)
    if found:
        if clean(fragment) != found:
            result.renamed.append((fragment, found))
        result.add(found)
        return
    parts = re.split("[及和与]", fragment)
    if len(parts) > 1 and all(known(p) for p in parts):
        for part in parts:
            _resolve(part, known, vocab, result)
        return
    hits = _keywords(fragment, vocab)
    if hits:
        result.lossy = True
        for hit in hits:
            result.renamed.append((fragment, hit))
            result.add(hit)
        return
    result.new.append(clean(fragment))
    result.add(clean(fragment))


def _keywords(fragment: str, vocab: Vocabulary) -> list[str]:
    text, hits = clean(fragment), []
    for keyword, channel in vocab.channel_keywords:
        if keyword in text:
            text = text.replace(keyword, "\0")
            if channel not in hits:
                hits.append(channel)
    return hits


# ---------------------------------------------------------------- other elements


def citations(text: str, exact: bool) -> tuple[list[str], int]:
    """公开依据 as a list, one law or document each; also count the line wraps joined."""
    if exact:
        return [line.strip() for line in text.split("\n") if line.strip()], 0
    text, joins = join_wraps(text)
    found: list[str] = []
    for line in text.split("\n"):
        line = strip_list_marker(line.strip())
        for part in _split(line, "；;"):
            found.extend(p.strip(_TRAILING) for p in _split_citations(part))
    return [strip_list_marker(p) for p in found if p.strip(_TRAILING)], joins


def _split(text: str, separators: str) -> list[str]:
    """Split at separators outside brackets: 其他（村民微信群、村务公开栏） stays whole."""
    parts, depth, start = [], 0, 0
    for i, char in enumerate(text):
        if char in "（(《“":
            depth += 1
        elif char in "）)》”" and depth:
            depth -= 1
        elif depth == 0 and char in separators:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return [p for p in parts if p.strip()]


def _split_citations(text: str) -> list[str]:
    parts, start = [], 0
    for seam in _CITATION_SEAM.finditer(text):
        if "》" in text[start : seam.start()]:
            parts.append(text[start : seam.start()])
            start = seam.end()
    return [*parts, text[start:]]


def methods(text: str) -> list[str]:
    """主动 / 依申请 written in words: 主动公开, 依申请公开, 主动、依申请 …"""
    text = clean(text)
    found = [m.value for m in Method if m.value in text]
    if not found and any(alias in text for alias, value in METHOD_ALIASES.items() if value == "依申请"):
        found.append(Method.ON_REQUEST.value)
    return found


def audience(text: str) -> tuple[list[str], str | None]:
    """公开对象 in words: 全社会, 特定群体（项目单位）, or a group named outright (项目单位)."""
    scopes: list[str] = []
    rest = text.strip()
    for word in _PUBLIC:
        if word in rest:
            scopes.append(Scope.PUBLIC.value)
            rest = rest.replace(word, "")
    for word in _GROUP:
        if word in rest:
            scopes.append(Scope.GROUP.value)
            rest = rest.replace(word, "")
    rest = rest.strip("、，,；;/（）()：: ")
    if rest:
        scopes.append(Scope.GROUP.value)
    return list(dict.fromkeys(scopes)), rest or None


def group_name(text: str) -> str | None:
    """The text in a 特定群体 column: a tick, 特定群体 itself, or the group named (项目单位)."""
    scopes, name = audience(text)
    return name if Scope.GROUP.value in scopes else None


def openness(text: str) -> list[str] | None:
    """五公开 in words (决策公开、执行); None when something else is written there."""
    found = []
    for part in _SEPARATORS.split(clean(text)):
        value = OPENNESS_ALIASES.get(part, part)
        if value not in {o.value for o in Openness}:
            return None
        found.append(value)
    return found or None


def level_labels(text: str) -> list[str]:
    """公开层级 in words: 县级、乡级 → [县级, 乡级]."""
    return [p for p in _SEPARATORS.split(clean(text).replace("/", "、")) if p]


def scope_alias(text: str) -> str | None:
    value = SCOPE_ALIASES.get(clean(text), clean(text))
    return value if value in {s.value for s in Scope} else None


def masked(text: str) -> bool:
    return is_masked(text)
