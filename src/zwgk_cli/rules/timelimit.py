"""Read 公开时限 text into a `TimeLimit`: deadlines, notice periods, extensions, dates and periods.

Real catalogues write time limits as free text (信息形成或者变更之日起20个工作日内, 实时公开,
每年1月31日前, 公告时间不少于30日 …). The parser splits the text into clauses and recognises the
parts it knows in each; a clause with nothing recognised is kept as unread, so a rule can say so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache

from .numerals import NUMBER, to_int


class DayUnit(StrEnum):
    """The unit of a span: working days and calendar days are different things."""

    WORKING_DAY = "工作日"
    DAY = "日"
    MONTH = "月"
    HOUR = "小时"


# Working days in one unit: a week has 5 working days in 7 calendar days.
_WORKING_DAYS_PER = {DayUnit.WORKING_DAY: 1.0, DayUnit.DAY: 5 / 7, DayUnit.MONTH: 21.75, DayUnit.HOUR: 1 / 8}


@dataclass(frozen=True)
class Span:
    """An amount of time as written: 20个工作日, 30日, 3个月."""

    amount: int
    unit: DayUnit
    written: str = ""  # the unit as written (日, 天, 自然日 …): 自然日 is calendar days on purpose

    @property
    def working_days(self) -> float:
        """The span in working days, counting 5 working days to a week."""
        return self.amount * _WORKING_DAYS_PER[self.unit]

    @property
    def explicit_calendar(self) -> bool:
        return self.written in ("自然日", "日历日")

    def __str__(self) -> str:
        if self.unit is DayUnit.WORKING_DAY:
            return f"{self.amount}个工作日"
        if self.unit is DayUnit.MONTH:
            return f"{self.amount}个月"
        return f"{self.amount}{self.written or self.unit.value}"


class Trigger(StrEnum):
    """What a deadline runs from."""

    FORMED = "信息形成或者变更之日"
    REQUEST = "收到申请之日"
    DECISION = "作出决定之日"
    APPROVAL = "批准或印发之日"
    PERIOD_END = "期间结束"
    OTHER = "所述事件"
    NONE = ""


@dataclass(frozen=True)
class Deadline:
    """Publish within a span of a trigger: 作出行政决定之日起7个工作日内."""

    span: Span
    trigger: Trigger
    trigger_text: str = ""
    before: bool = False  # 会议召开3日前, 开始前30日: a lead time before an event, not a time after one

    def describe(self) -> str:
        if self.before and "前" in self.trigger_text:
            return f"{self.trigger_text}{self.span}"
        return f"{self.trigger_text}{self.span}{'前' if self.before else '内'}"


@dataclass(frozen=True)
class Extension:
    """A deadline may be extended by a span: 延长的期限最长不超过20个工作日."""

    span: Span

    def describe(self) -> str:
        return f"可延长{self.span}"


@dataclass(frozen=True)
class NoticePeriod:
    """How long a notice stays up: 公示7日, 公告时间不少于30日."""

    span: Span
    minimum: bool = False

    def describe(self) -> str:
        return f"公示期{'不少于' if self.minimum else ''}{self.span}"


@dataclass(frozen=True)
class AnnualDate:
    """A fixed date each year: 每年1月31日前, 次年3月底前."""

    month: int
    day: int | None
    end_of_month: bool = False
    next_year: bool = False

    def describe(self) -> str:
        year = "次年" if self.next_year else "每年"
        day = f"{self.day}日" if self.day else ("底" if self.end_of_month else "")
        return f"{year}{self.month}月{day}前"


@dataclass(frozen=True)
class Periodic:
    """A regular update: 每月, 每季度, 每年."""

    period: str

    def describe(self) -> str:
        return f"每{self.period}"


@dataclass(frozen=True)
class Immediate:
    """实时 (as it happens) or 及时 (promptly)."""

    word: str

    def describe(self) -> str:
        return self.word


@dataclass(frozen=True)
class Standing:
    """Kept published and current: 长期公开, 常态化公开, 动态更新."""

    word: str

    def describe(self) -> str:
        return self.word


@dataclass(frozen=True)
class Statutory:
    """按法定时限: the period is the one a law sets."""

    def describe(self) -> str:
        return "按法定时限"


Part = Deadline | Extension | NoticePeriod | AnnualDate | Periodic | Immediate | Standing | Statutory


@dataclass(frozen=True)
class TimeLimit:
    """A parsed 公开时限: the parts understood and the clauses that were not."""

    text: str
    parts: tuple[Part, ...]
    unread: tuple[str, ...] = ()
    # Derived once here, since rules ask for them for every item that carries this text:
    deadlines: tuple[Deadline, ...] = field(init=False, compare=False)  # lead times before an event left out
    extensions: tuple[Extension, ...] = field(init=False, compare=False)
    publishing: tuple[Deadline, ...] = field(
        init=False, compare=False
    )  # deadlines not counted from a request

    def __post_init__(self) -> None:
        deadlines = tuple(p for p in self.parts if isinstance(p, Deadline) and not p.before)
        object.__setattr__(self, "deadlines", deadlines)
        object.__setattr__(self, "extensions", tuple(p for p in self.parts if isinstance(p, Extension)))
        object.__setattr__(
            self, "publishing", tuple(d for d in deadlines if d.trigger is not Trigger.REQUEST)
        )

    def understood(self) -> str:
        """What was understood, in words: 自信息形成或者变更之日起20个工作日内；每季度."""
        return "；".join(dict.fromkeys(p.describe() for p in self.parts)) or "无"


# ---------------------------------------------------------------- the patterns

_UNIT = r"(?P<unit>个工作日|工作日|个自然日|自然日|日历日|个月|日|天|小时)"
_SPAN = rf"(?P<n>{NUMBER})\s*{_UNIT}"
_MINIMUM = r"(?P<min>不少于|不得少于|不低于|至少|最少)"

_CLAUSES = re.compile(r"[；;。\n]|[，,](?=其中)")
_ANNUAL = re.compile(
    rf"(?P<year>每年|次年|每一年度|年度)?(?:的)?(?P<m>{NUMBER})月(?:份)?"
    rf"(?:(?P<d>{NUMBER})(?:日|号)|(?P<end>底|末|下旬|中旬|上旬))?(?:前|以前|之前)"
)
_NOTICE = re.compile(
    rf"(?:公示|公告|征求意见|张贴)[^，,；\d满后起内]{{0,8}}?(?:期间|期限|时间|期)?[为:：]?{_MINIMUM}?{_SPAN}"
)
_MINIMUM_SPAN = re.compile(rf"{_MINIMUM}{_SPAN}")
_EXTENSION = re.compile(rf"(?:延长|延期)[^，,；\d]{{0,12}}?{_SPAN}")
_DEADLINE = re.compile(rf"{_SPAN}(?P<tail>以内|之内|内|以前|之前|前)?")
_PERIODIC = re.compile(
    r"每(?:个)?(?P<p>季度|半年|年度|月|季|年|周|星期|旬)|按(?P<q>季度|半年|年度|月|季|年|周)"
)
_IMMEDIATE = re.compile(r"(?P<w>实时|即时|随时|立即|第一时间|及时)")
_STANDING = re.compile(r"(?P<w>长期|常年|常态化|持续|动态(?:更新|调整))")
_STATUTORY = re.compile(r"(?:法定|法律法规规定的?|规定的)(?:时限|期限)")
_MASK = "\x00"

_TRIGGERS: tuple[tuple[Trigger, re.Pattern[str]], ...] = (
    (Trigger.REQUEST, re.compile(r"申请")),
    (Trigger.DECISION, re.compile(r"决定|处罚|许可")),
    (Trigger.FORMED, re.compile(r"形成|变更|产生|制作|生成")),
    (Trigger.PERIOD_END, re.compile(r"结束|期满|终了|届满")),
    (Trigger.APPROVAL, re.compile(r"批准|审批|印发|公布|通过|签发|确定|发布|批复")),
)
_TRIGGER_START = re.compile(r"[，,：:]")


def _span(match: re.Match[str]) -> Span:
    written = match.group("unit").removeprefix("个")
    unit = {
        "工作日": DayUnit.WORKING_DAY,
        "月": DayUnit.MONTH,
        "小时": DayUnit.HOUR,
    }.get(written, DayUnit.DAY)
    return Span(to_int(match.group("n")), unit, written)


# How far back a trigger (信息形成或者变更之日起 …) is looked for: it ends at the last comma anyway.
_TRIGGER_REACH = 120


def _trigger(before: str) -> tuple[Trigger, str]:
    """The trigger of a deadline: the text before the span, back to the last comma."""
    cut = max((m.end() for m in _TRIGGER_START.finditer(before)), default=0)
    text = before[cut:].replace(_MASK, "").strip()
    if not text:
        return Trigger.NONE, ""
    kind = next((trigger for trigger, pattern in _TRIGGERS if pattern.search(text)), Trigger.OTHER)
    return kind, text


class _Clause:
    """One clause being read: recognised spans are masked so later patterns do not read them twice."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.masked = text
        self.parts: list[tuple[int, Part]] = []

    def take(self, pattern: re.Pattern[str], build, keep_before: bool = False) -> None:  # type: ignore[no-untyped-def]
        taken: list[tuple[int, int]] = []
        for match in pattern.finditer(self.masked):
            start, end = match.span()
            part = build(match, self.text[max(0, start - _TRIGGER_REACH) : start])
            if part is not None:
                self.parts.append((start, part))
                taken.append((start, end))
        if taken:  # mask once per pattern: linear in the length of the text
            pieces, last = [], 0
            for start, end in taken:
                pieces += [self.masked[last:start], _MASK * (end - start)]
                last = end
            self.masked = "".join([*pieces, self.masked[last:]])


def _annual(match: re.Match[str], _before: str) -> AnnualDate | None:
    month = to_int(match.group("m"))
    if not 1 <= month <= 12:
        return None
    day = to_int(match.group("d")) if match.group("d") else None
    return AnnualDate(
        month, day, end_of_month=bool(match.group("end")), next_year=match.group("year") == "次年"
    )


def _notice(match: re.Match[str], _before: str) -> NoticePeriod:
    return NoticePeriod(_span(match), minimum=bool(match.group("min")))


def _minimum(match: re.Match[str], before: str) -> NoticePeriod | Deadline:
    """不少于30日 is a notice period; 开始日前至少20日 is a lead time before an event."""
    trigger, text = _trigger(before)
    if text.endswith("前"):
        return Deadline(_span(match), trigger, text + match.group("min"), before=True)
    return _notice(match, before)


def _extension(match: re.Match[str], _before: str) -> Extension:
    return Extension(_span(match))


def _deadline(match: re.Match[str], before: str) -> Deadline:
    tail = match.group("tail") or ""
    trigger, text = _trigger(before)
    lead = text.endswith(("前", "提前")) or (tail.endswith("前") and not text.endswith("起"))
    return Deadline(_span(match), trigger, text, before=lead)


def _periodic(match: re.Match[str], _before: str) -> Periodic:
    period = match.group("p") or match.group("q")
    return Periodic({"季": "季度", "年度": "年", "星期": "周"}.get(period, period))


def _immediate(match: re.Match[str], _before: str) -> Immediate:
    word = match.group("w")
    return Immediate("及时" if word == "及时" else "实时")


def _standing(match: re.Match[str], _before: str) -> Standing:
    return Standing(match.group("w"))


def _statutory(_match: re.Match[str], _before: str) -> Statutory:
    return Statutory()


_READERS = (
    (_ANNUAL, _annual),
    (_NOTICE, _notice),
    (_MINIMUM_SPAN, _minimum),
    (_EXTENSION, _extension),
    (_DEADLINE, _deadline),
    (_PERIODIC, _periodic),
    (_IMMEDIATE, _immediate),
    (_STANDING, _standing),
    (_STATUTORY, _statutory),
)


def _read_clause(text: str) -> list[Part]:
    clause = _Clause(text)
    for pattern, build in _READERS:
        clause.take(pattern, build)
    return [part for _, part in sorted(clause.parts, key=lambda p: p[0])]


@lru_cache(maxsize=65536)
def parse(text: str) -> TimeLimit:
    """Parse one 公开时限; the same text is parsed once however many items carry it."""
    parts: list[Part] = []
    unread: list[str] = []
    for clause in _CLAUSES.split(text):
        clause = clause.strip(" ，,、")
        if not clause:
            continue
        found = _read_clause(clause)
        parts.extend(found)
        if not found:
            unread.append(clause)
    return TimeLimit(text, tuple(parts), tuple(unread))
