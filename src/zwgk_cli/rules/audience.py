"""公开对象 rules: a 特定群体 is named, and an item is not for 全社会 and a 特定群体 at once."""

from __future__ import annotations

from ..diagnostics import Diagnostic, Severity
from ..vocab import Scope
from .registry import ItemFacts, define, item_check
from .sources import DOC54

W = Severity.WARNING

_GROUP, _PUBLIC = Scope.GROUP, Scope.PUBLIC  # looked up once: see channels.py

UNNAMED_GROUP = define(
    "ZW413",
    W,
    "特定群体没有写明",
    "公开对象是特定群体，但没有写明是哪个群体",
    "写成 {{特定群体: 被征收土地所在地的农村集体经济组织和农户}} 这样的形式",
    basis=DOC54,
    group="公开对象",
    explain="只向特定群体公开的事项，要让群众知道自己是否在公开对象之内：写明群体，如「项目单位」「申请人」"
    "「被征收土地所在地的农村集体经济组织和农户」。",
)
BOTH_SCOPES = define(
    "ZW414",
    W,
    "全社会与特定群体同时选",
    "公开对象同时写了全社会和特定群体",
    "面向全社会公开的只写「全社会」；只向特定群体公开的，写明群体：{{特定群体: 群体名称}}",
    basis=DOC54,
    group="公开对象",
    explain="公开对象是全社会或特定群体之一：面向全社会公开的信息特定群体当然也能看到，两者都选会让发布的"
    "表格自相矛盾。",
)


@item_check
def unnamed_group(facts: ItemFacts) -> list[Diagnostic]:
    audience = facts.item.audience
    scopes = audience.scopes
    if _GROUP in scopes and _PUBLIC not in scopes and not audience.group:
        return [facts.make(UNNAMED_GROUP, "公开对象")]
    return []


@item_check
def both_scopes(facts: ItemFacts) -> list[Diagnostic]:
    scopes = facts.item.audience.scopes
    if _GROUP in scopes and _PUBLIC in scopes:
        return [facts.make(BOTH_SCOPES, "公开对象")]
    return []
