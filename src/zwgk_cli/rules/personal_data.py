"""个人信息 rules: ID card, mobile and bank card numbers in any text of a catalogue (the pages are public)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache

from ..catalogue import Entry
from ..diagnostics import Diagnostic, Severity, make
from ..models import Audience
from .registry import ItemFacts, ProjectFacts, catalogue_check, define, item_check
from .sources import ART15, PIPL28

E = Severity.ERROR
BASIS = f"{ART15}；{PIPL28}"
HINT = "删去或隐去这个号码（如 {masked}）：目录和生成的网页是公开的，不能含有个人信息"

ID_NUMBER = define(
    "ZW417",
    E,
    "含有身份证号",
    "{element}中有一个身份证号「{masked}」",
    HINT,
    basis=BASIS,
    group="个人信息",
    explain="18位、校验码正确、出生日期有效的公民身份号码。条例第十五条：公开会对第三方合法权益造成损害的"
    "个人隐私等政府信息，不得公开；身份证号是个人信息保护法规定的敏感个人信息。目录要素、说明和豁免理由"
    "中的文字都检查；报告里的号码只显示前后几位。",
)
MOBILE_NUMBER = define(
    "ZW418",
    E,
    "含有手机号码",
    "{element}中有一个手机号码「{masked}」",
    HINT + "；对外的咨询电话请用单位的固定电话或服务热线",
    basis=BASIS,
    group="个人信息",
    explain="11位、以13至19开头的手机号码（可带+86、空格或连字符）。个人的手机号码不应出现在公开目录里；"
    "单位确实要公布一个手机号码作为咨询电话的，用「豁免」写明理由。",
)
BANK_CARD = define(
    "ZW419",
    E,
    "含有银行卡号",
    "{element}中有一个银行卡号「{masked}」",
    HINT,
    basis=BASIS,
    group="个人信息",
    explain="16至19位、通过 Luhn 校验、以3到6开头的银行卡号（可用空格或连字符分组）。补贴发放名单等公示"
    "材料中不能出现个人的银行卡号。",
)

# A run of 11 or more digits, single spaces or hyphens allowed between them; an X may end an ID number.
_DIGIT_RUN = re.compile(r"(?<![0-9A-Za-z])(?:\+?86[\s-]?)?\d(?:[\s-]?\d){10,}[Xx]?(?![0-9A-Za-z])")
_SEPARATORS = re.compile(r"[\s-]")
# A cheap first look (eleven digits, spaces or hyphens in a row) before the full pattern.
_CANDIDATE = re.compile(r"[0-9０-９][0-9０-９ \-]{10}")
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_MOBILE = re.compile(r"^(?:86)?(1[3-9]\d{9})$")


def _valid_id(number: str) -> bool:
    if len(number) != 18 or not number[:17].isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(number[:17], _ID_WEIGHTS, strict=True))
    if _ID_CHECK[total % 11] != number[17].upper():
        return False
    try:
        born = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return False
    return dt.date(1900, 1, 1) <= born < dt.date(2100, 1, 1)  # fixed: the same file, the same verdict


def _luhn(number: str) -> bool:
    total = 0
    for i, digit in enumerate(reversed(number)):
        value = int(digit) * (2 if i % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def _mask(number: str) -> str:
    keep = 3 if len(number) <= 11 else 4
    return number[:keep] + "*" * (len(number) - keep - 4) + number[-4:]


@lru_cache(maxsize=65536)
def find(text: str) -> tuple[tuple[str, str], ...]:
    """(code, masked number) for each piece of personal data in `text`."""
    found: list[tuple[str, str]] = []
    for match in _DIGIT_RUN.finditer(text):
        number = _SEPARATORS.sub("", match.group()).removeprefix("+")
        mobile = _MOBILE.match(number)
        if _valid_id(number):
            found.append((ID_NUMBER, _mask(number)))
        elif mobile:
            found.append((MOBILE_NUMBER, _mask(mobile.group(1))))
        elif 16 <= len(number) <= 19 and number.isdigit() and number[0] in "3456" and _luhn(number):
            found.append((BANK_CARD, _mask(number)))
    return tuple(found)


def _item_texts(facts: ItemFacts) -> Iterator[tuple[str, int | None, str]]:
    """(key, list index, text) for every text of an item, whatever field it stands in."""
    item = facts.item
    for name, field in type(item).model_fields.items():
        key = field.alias or name
        value = getattr(item, name)
        if isinstance(value, str):
            yield key, None, value
        elif isinstance(value, list):
            yield from ((key, n, v) for n, v in enumerate(value) if isinstance(v, str))
        elif isinstance(value, dict):  # 豁免, 其他列: a number may hide in a column's name too
            yield from ((key, None, text) for pair in value.items() for text in pair)
        elif isinstance(value, Audience) and value.group:
            yield key, None, value.group


def _all_text(facts: ItemFacts) -> str:
    """Every text of the item in one string; this runs for every item, so it reads the fields directly."""
    parts: list[str] = []
    for value in facts.item.__dict__.values():
        kind = type(value)
        if kind is str:
            parts.append(value)
        elif value is None:
            continue
        elif kind is list:
            parts += value
        elif kind is dict:
            parts += value
            parts += value.values()
        elif kind is not Audience:
            return _slow_all_text(facts)
        elif value.group:
            parts.append(value.group)
    try:
        return "\n".join(parts)
    except TypeError:  # a list or mapping that holds something other than text
        return _slow_all_text(facts)


def _slow_all_text(facts: ItemFacts) -> str:
    return "\n".join(text for _, _, text in _item_texts(facts))


# Texts the first look found no run in. Bodies, time limits, bases and channels recur in item after
# item, and the counties of a province share most of their texts: each distinct text is searched once.
_WITHOUT_RUN: set[str] = set()
_KEPT = 65536


def _first_look(facts: ItemFacts) -> bool:
    """Whether `_CANDIDATE` finds a run in `_all_text(facts)`, searching only the texts not seen
    before: a run cannot cross the line breaks that join the texts there. Like `_all_text`, this
    reads the fields directly: it runs for every item."""
    seen = _WITHOUT_RUN
    for value in facts.item.__dict__.values():
        kind = type(value)
        if kind is str:
            if value in seen:
                continue
            texts: Iterable[object] = (value,)
        elif value is None:
            continue
        elif kind is list:
            if seen.issuperset(value):
                continue
            texts = value
        elif kind is dict:
            if not value:
                continue
            texts = [*value, *value.values()]
        elif kind is Audience:
            if not value.group or value.group in seen:
                continue
            texts = (value.group,)
        else:
            return _CANDIDATE.search(_all_text(facts)) is not None
        for text in texts:
            if type(text) is not str and not isinstance(text, str):
                return _CANDIDATE.search(_all_text(facts)) is not None  # as `_all_text` reads it
            if text in seen:
                continue
            if _CANDIDATE.search(text):
                return True
            if len(seen) >= _KEPT:
                seen.clear()  # the texts still shared come back with the next few counties
            seen.add(text)
    return False


@item_check
def personal_data(facts: ItemFacts) -> list[Diagnostic]:
    if not _first_look(facts):
        return []  # nearly every item: its texts seen before, or a search of each new one
    return [
        facts.make(code, key, n, element=key, masked=masked)
        for key, n, text in _item_texts(facts)
        for code, masked in find(text)
    ]


def _header_texts(entry: Entry) -> Iterator[tuple[tuple[str | int, ...], str]]:
    data = entry.data
    for key, value in (("说明", data.description), ("版本", data.version), ("标准指引", data.guideline)):
        if value:
            yield (key,), value
    for i, dropped in enumerate(data.not_applicable):
        yield ("不适用", i, "理由"), dropped.reason


@catalogue_check
def personal_data_in_headers(facts: ProjectFacts) -> Iterator[Diagnostic]:
    for entry in facts.catalogue.entries:
        for path, text in _header_texts(entry):
            for code, masked in find(text):
                where = entry.positions.get(path) or (1, 1)
                yield make(code, entry.file, *where, path, element=str(path[-1]), masked=masked)
