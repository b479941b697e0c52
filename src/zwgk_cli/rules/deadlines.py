"""时限 rules: unreadable time limits, and the periods set by 条例 art. 26 and 33 and 国办发〔2015〕51号."""

from __future__ import annotations

import re

from ..diagnostics import Diagnostic, Severity
from .registry import ItemFacts, define, item_check
from .sources import ART26, ART33, DOC51, DOC54
from .timelimit import DayUnit, Deadline, Span, Trigger
from .timelimit import parse as parse_time_limit

E, W = Severity.ERROR, Severity.WARNING
PROACTIVE_LIMIT, REQUEST_LIMIT, DECISION_LIMIT = 20, 20, 7
REQUEST_WORDING = "自收到申请之日起20个工作日内予以答复；需要延长答复期限的，延长的期限最长不超过20个工作日"

# Looked up once: see channels.py.
_REQUEST, _FORMED, _DECISION = Trigger.REQUEST, Trigger.FORMED, Trigger.DECISION
_WORKING_DAY, _DAY = DayUnit.WORKING_DAY, DayUnit.DAY

UNREADABLE = define(
    "ZW401",
    W,
    "公开时限无法识别",
    "公开时限中「{unread}」无法识别（识别出：{understood}）",
    "写成检查规则能核对的写法，如「信息形成或者变更之日起20个工作日内」「作出行政决定之日起7个工作日内」"
    "「实时公开」「每年1月31日前」「每季度结束后15个工作日内」「公示7日」",
    basis=DOC54,
    group="时限",
    explain="公开时限是目录的八要素之一。zwgk 能读懂的写法有：期限（「信息形成或者变更之日起20个工作日内」"
    "「作出行政决定之日起7个工作日内」「批准后20日内」）、实时或及时、每年固定日期（「每年1月31日前」）、"
    "定期（每月、每季度、每年）、公示或公告期（「公示7日」「公告时间不少于30日」）、延长期限、"
    "「按法定时限」，以及用分号连接的组合（「…；其中…」）。读不懂的部分会被指出，并说明读懂了什么。",
)
OVER_ART26 = define(
    "ZW402",
    E,
    "主动公开超过20个工作日",
    "主动公开的期限是「{span}」，超过了条例第二十六条规定的20个工作日，公开依据中也没有另行规定期限的法律、法规",
    "改为「信息形成或者变更之日起20个工作日内」；法律、法规另有规定的，在公开依据中写明该法律、法规，"
    "或用「豁免」写明理由",
    basis=ART26,
    group="时限",
    explain="条例第二十六条：属于主动公开范围的政府信息，应当自该政府信息形成或者变更之日起20个工作日内"
    "及时公开；法律、法规对期限另有规定的，从其规定。主动公开事项的期限（日历日按每周5个工作日折算）"
    "超过20个工作日，而公开依据中没有条例以外现行有效的法律、行政法规或地方性法规时报告。公示期、公告期和"
    "会议前的提前量不是公开期限，不在此列。",
)
REQUEST_PERIOD = define(
    "ZW403",
    E,
    "依申请答复期限不符合条例",
    "依申请公开的答复期限{problem}",
    "写成「" + REQUEST_WORDING + "」{extra}",
    basis=ART33,
    group="时限",
    explain="条例第三十三条：行政机关不能当场答复的，应当自收到申请之日起20个工作日内予以答复；需要延长"
    "答复期限的，延长的期限最长不得超过20个工作日。2007年条例规定的15个工作日、延长15个工作日已经失效，"
    "但仍常被照抄。依申请公开事项的答复期限不是20个工作日、延长期限不是20个工作日，或只依申请公开的事项"
    "写的期限不从收到申请之日起算时报告。",
)
OVER_DECISION = define(
    "ZW404",
    E,
    "许可、处罚决定超过7个工作日",
    "行政许可、行政处罚决定的公开期限是「{span}」，超过了7个工作日",
    "改为「作出行政决定之日起7个工作日内」",
    basis=DOC51,
    group="时限",
    explain="国办发〔2015〕51号要求行政许可、行政处罚等信息自作出行政决定之日起7个工作日内上网公开"
    "（“双公示”）。名称含“许可”或“处罚”、名称或公开内容含“结果”或“决定”的主动公开事项，"
    "期限超过7个工作日时报告。",
)
CALENDAR_DAYS = define(
    "ZW405",
    W,
    "工作日与日混淆",
    "公开时限写的是「{span}」（日历日），但{rule}规定的期限按工作日计算",
    "写成「{fixed}」；确实按日历日计算的，写「{amount}个自然日」，并在公开依据中写明规定日历日的法律、法规",
    basis=f"{ART26}；{DOC51}",
    group="时限",
    explain="工作日和日（日历日）是不同的单位：20个工作日通常是四周，20日不到三周。从「信息形成或者变更之日」"
    "或「作出行政决定之日」起算、却以「日」或「天」计的主动公开期限，多半是把条例第二十六条或国办发〔2015〕"
    "51号的工作日写错了；公开依据中有规定日历日的法律、法规（如《中华人民共和国预算法》的「批准后20日内」），"
    "或明确写了「自然日」的，不报告。",
)


def statute_cited(facts: ItemFacts) -> bool:
    """Does 公开依据 cite a law or regulation in force, other than the 条例 (which may set another period)?"""
    return facts.basis.statute


# The words of the 双公示 (国办发〔2015〕51号): a licence or penalty, and a result or decision.
_NAMES_LICENSING, _NAMES_RESULT = 1, 2
_WORD_BITS = {
    "许可": _NAMES_LICENSING,
    "处罚": _NAMES_LICENSING,
    "结果": _NAMES_RESULT,
    "决定": _NAMES_RESULT,
}
_WORDS_IN = re.compile("|".join(_WORD_BITS))  # no word overlaps another: findall finds every one


class _Words(dict[str | None, int]):
    """Text → the `_NAMES_…` bits of the words it has. Item names and contents recur across items and
    counties: each distinct text is searched once."""

    def __missing__(self, text: str | None) -> int:
        if len(self) >= 16384:
            self.clear()  # the texts still shared come back with the next few counties
        words = 0
        for word in _WORDS_IN.findall(text) if text else ():
            words |= _WORD_BITS[word]
        self[text] = words
        return words


_WORDS = _Words()


def licensing_or_penalty(facts: ItemFacts) -> bool:
    """许可 or 处罚 in the item's title, and 结果 or 决定 in its title or content. Each level of the
    title is looked at alone: no word can cross the « / » that joins them."""
    item, words = facts.item, _WORDS
    named = words[item.category] | words[item.subcategory] | words[item.subsubcategory]
    return bool(named & _NAMES_LICENSING) and bool((named | words[item.content]) & _NAMES_RESULT)


def _publishing(facts: ItemFacts) -> tuple[Deadline, ...]:
    return facts.time_limit.publishing


class _FirstLonger(dict[str, Span | None]):
    """公开时限 text → the span of its first publishing deadline longer than `days` working days, or
    None. It depends on the text alone, and a province writes a few dozen time limits."""

    def __init__(self, days: int) -> None:
        super().__init__()
        self.days = days

    def __missing__(self, text: str) -> Span | None:
        if len(self) >= 4096:
            self.clear()
        over = [d.span for d in parse_time_limit(text).publishing if d.span.working_days > self.days]
        span = self[text] = over[0] if over else None
        return span


_LONGER_THAN_ART26, _LONGER_THAN_DECISION = _FirstLonger(PROACTIVE_LIMIT), _FirstLonger(DECISION_LIMIT)


@item_check
def unreadable(facts: ItemFacts) -> list[Diagnostic]:
    limit = facts.time_limit
    if not limit.unread:
        return []
    return [
        facts.make(UNREADABLE, "公开时限", unread=clause, understood=limit.understood())
        for clause in limit.unread
    ]


@item_check
def over_twenty_working_days(facts: ItemFacts) -> list[Diagnostic]:
    if not facts.proactive:
        return []
    span = _LONGER_THAN_ART26[facts.time_limit.text]
    if span is not None and not statute_cited(facts):
        return [facts.make(OVER_ART26, "公开时限", span=str(span))]
    return []


@item_check
def request_period(facts: ItemFacts) -> list[Diagnostic]:
    if not facts.on_request:
        return []
    limit = facts.time_limit
    replies = [d for d in limit.deadlines if d.trigger is _REQUEST]
    problem = _request_problem(replies, [e.span for e in limit.extensions])
    if problem is None and not replies and not facts.proactive and _publishing(facts):
        problem = f"「{_publishing(facts)[0].describe()}」不是从收到申请之日起算的"
    if problem:
        stale = any(s.amount == 15 for s in [*(d.span for d in replies), *(e.span for e in limit.extensions)])
        extra = "；15个工作日是2007年条例的规定，2019年修订后已改为20个工作日" if stale else ""
        return [facts.make(REQUEST_PERIOD, "公开时限", problem=problem, extra=extra)]
    return []


def _request_problem(replies: list[Deadline], extensions: list[Span]) -> str | None:
    for reply in replies:
        if not _is_working_days(reply.span, REQUEST_LIMIT):
            return f"是「{reply.span}」，条例第三十三条规定为20个工作日"
    for span in extensions if replies else []:
        if not _is_working_days(span, REQUEST_LIMIT):
            return f"可延长「{span}」，条例第三十三条规定延长的期限最长不超过20个工作日"
    return None


def _is_working_days(span: Span, amount: int) -> bool:
    return span.unit is _WORKING_DAY and span.amount == amount


@item_check
def over_seven_working_days(facts: ItemFacts) -> list[Diagnostic]:
    if not facts.proactive:
        return []
    span = _LONGER_THAN_DECISION[facts.time_limit.text]
    if span is not None and licensing_or_penalty(facts):
        return [facts.make(OVER_DECISION, "公开时限", span=str(span))]
    return []


@item_check
def calendar_days(facts: ItemFacts) -> list[Diagnostic]:
    if not facts.proactive or statute_cited(facts):
        return []
    for deadline in _publishing(facts):
        span = deadline.span
        if span.unit is not _DAY or span.explicit_calendar:
            continue
        if deadline.trigger is _FORMED and span.working_days <= PROACTIVE_LIMIT:
            rule, fixed = "条例第二十六条", f"{deadline.trigger_text}{span.amount}个工作日内"
        elif deadline.trigger is _DECISION and span.working_days <= DECISION_LIMIT:
            rule, fixed = "国办发〔2015〕51号", f"{deadline.trigger_text}{span.amount}个工作日内"
        else:
            continue
        return [
            facts.make(CALENDAR_DAYS, "公开时限", span=str(span), rule=rule, fixed=fixed, amount=span.amount)
        ]
    return []
