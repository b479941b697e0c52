"""主体 rules: a township item is not published by a county body, a village item by a village committee.

Only for levels without a 主体 list in zwgk.yaml: with a list, ZW306 already checks every body.
"""

from __future__ import annotations

import re

from ..catalogue import split_bodies
from ..diagnostics import Diagnostic, Severity
from .registry import ItemFacts, LevelKind, define, item_check
from .sources import DOC54, VILLAGE_LAW30

E = Severity.ERROR
# A county-level organ: 县…局/委/办/中心…, not a station in a township (派出所, 市场监督管理所, 中队).
_ORGAN = re.compile(r"(?:局|委|委员会|办公室|办|人民政府|政府|中心|大队|馆|院)$")
_LEVEL_PREFIXES = ("县", "区", "市", "旗")
_LOCAL_MARK = re.compile(r"乡|镇|街道|派出|驻|所$|站$|中队$")
_VILLAGE_MARK = re.compile(r"村|居|社区|组|集体经济")

_TOWNSHIP, _VILLAGE = LevelKind.TOWNSHIP, LevelKind.VILLAGE  # looked up once: see channels.py

COUNTY_BODY = define(
    "ZW415",
    E,
    "乡级事项的主体是县级机关",
    "乡级事项的公开主体「{body}」是县级机关",
    "乡级目录的事项由乡镇人民政府（街道办事处）或其站所公开；县级部门公开的事项放到县级目录，"
    "或在 zwgk.yaml 的「主体」里列出本层级的主体名单",
    basis=DOC54,
    group="主体",
    explain="乡级目录列的是乡镇人民政府（街道办事处）自己公开的事项。项目没有为乡级列出主体名单时，"
    "公开主体全部是「县…局」「县…委」「县…办」这类县级机关的乡级事项报告（派出所、市场监督管理所等"
    "县级部门派驻乡镇的站所不算）。列了名单的，由 ZW306 按名单检查。",
)
NOT_VILLAGE_BODY = define(
    "ZW416",
    E,
    "村级事项的主体不是村（居）组织",
    "村级事项的公开主体「{body}」不是村（居）民委员会",
    "村（居）务公开的主体是村（居）民委员会，也可以是村务监督委员会、村民小组、村集体经济组织；"
    "乡镇公开的事项放到乡级目录",
    basis=f"{VILLAGE_LAW30}；{DOC54}",
    group="主体",
    explain="村级目录是村（居）务公开：由村（居）民委员会公开（村民委员会组织法第三十条）。项目没有为村级"
    "列出主体名单时，公开主体中没有村（居）民委员会、村务监督委员会、村民小组或村集体经济组织的村级事项报告。"
    "列了名单的，由 ZW306 按名单检查。",
)


def _county_prefixes(facts: ItemFacts) -> tuple[str, ...]:
    """县, 区 … and the county's own names: 青禾县财政局 is as much a county body as 县财政局."""
    government = facts.project.project.government
    names = (government.short_name or "", government.name.removesuffix("人民政府"))
    return _LEVEL_PREFIXES + tuple(n for n in names if n)


def _unlisted(facts: ItemFacts) -> bool:
    return facts.project.project.bodies.get(facts.entry.level) is None


@item_check
def county_body(facts: ItemFacts) -> list[Diagnostic]:
    if facts.kind is not _TOWNSHIP or not _unlisted(facts):
        return []
    bodies = split_bodies(facts.item.body)
    prefixes = _county_prefixes(facts)
    county = [b for b in bodies if b.startswith(prefixes) and _ORGAN.search(b) and not _LOCAL_MARK.search(b)]
    if county and len(county) == len(bodies):
        return [facts.make(COUNTY_BODY, "公开主体", body=county[0])]
    return []


@item_check
def village_body(facts: ItemFacts) -> list[Diagnostic]:
    if facts.kind is not _VILLAGE or not _unlisted(facts):
        return []
    bodies = split_bodies(facts.item.body)
    if bodies and not any(_VILLAGE_MARK.search(b) for b in bodies):
        return [facts.make(NOT_VILLAGE_BODY, "公开主体", body=bodies[0])]
    return []
