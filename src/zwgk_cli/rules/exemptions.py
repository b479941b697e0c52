"""豁免: an item's written exemptions from rules — checked here, and listed with rule titles for the build."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ..diagnostics import CODES, Diagnostic, Severity, adjustable, make
from ..models import Item
from .registry import ProjectFacts, define, review_check

E, W = Severity.ERROR, Severity.WARNING
RULE_PREFIXES = ("ZW4", "ZW5")


@dataclass(frozen=True)
class Exemption:
    """One written exemption, as the published page shows it."""

    code: str
    title: str  # the rule's title, e.g. 主动公开超过20个工作日
    basis: str  # the legal source of the rule
    reason: str


def exemptions_of(item: Item) -> list[Exemption]:
    """The item's exemptions with the titles of the rules they exempt it from, in code order."""
    found = []
    for code, reason in sorted(item.exemptions.items()):
        spec = CODES.get(code)
        found.append(Exemption(code, spec.title if spec else "", spec.basis if spec else "", reason))
    return found


BAD_EXEMPTION = define(
    "ZW420",
    E,
    "豁免的不是检查规则",
    "豁免里的「{rule}」{problem}",
    "{hint}",
    basis="",
    group="豁免",
    explain="「豁免」的键必须是语义检查规则的编号（ZW4xx、ZW5xx）。写错的编号会让豁免悄悄失效；格式错误"
    "（ZW1xx–ZW3xx）意味着内容会丢失或无法发布，不能豁免。",
)
UNUSED_EXEMPTION = define(
    "ZW421",
    W,
    "豁免没有用到",
    "豁免了 {rule}（{title}），但这个事项没有这个问题",
    "删去这条豁免：网页上会显示豁免理由，多余的豁免会误导读者，也会掩盖以后真正出现的问题",
    basis="",
    group="豁免",
    explain="豁免的规则在这个事项上并没有报告问题（可能事项已经改正，或者规则不针对单个事项，如 ZW503、ZW504）。"
    "与 ruff 的 RUF100（多余的 noqa）一样，多余的豁免应当删去。",
)


def _bad(code: str) -> tuple[str, str] | None:
    if code not in CODES:
        return "不是 zwgk 的检查规则", "写规则编号，如 ZW402；运行 zwgk rules 查看全部规则"
    if not adjustable(code):
        return "不能豁免", "改正这个问题；只有 ZW4xx、ZW5xx 语义检查规则（ZW420、ZW421 除外）可以豁免"
    return None


@review_check
def exemptions(facts: ProjectFacts, diagnostics: list[Diagnostic]) -> Iterator[Diagnostic]:
    fired: set[tuple[str, str | int, str]] | None = None  # worked out when an item has exemptions
    for entry in facts.catalogue.entries:
        for index, item in enumerate(entry.data.items):
            if not item.exemptions:
                continue
            if fired is None:
                fired = {
                    (d.file, d.path[1], d.code)
                    for d in diagnostics
                    if len(d.path) > 1 and d.path[0] == "事项"
                }
            for code in sorted(item.exemptions):
                path = ("事项", index, "豁免", code)
                where = (*entry.positions.get(path, entry.position(index, "豁免")), path)
                bad = _bad(code)
                if bad:
                    yield make(BAD_EXEMPTION, entry.file, *where, rule=code, problem=bad[0], hint=bad[1])
                elif (entry.file, index, code) not in fired:
                    yield make(UNUSED_EXEMPTION, entry.file, *where, rule=code, title=CODES[code].title)
