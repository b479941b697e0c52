"""渠道 rules: proactive items on the government website; township and village items reach people locally."""

from __future__ import annotations

from ..diagnostics import Diagnostic, Severity
from .registry import ItemFacts, LevelKind, define, item_check
from .sources import ART24, DOC54

E, W = Severity.ERROR, Severity.WARNING
WEBSITE = "政府网站"
# National channels that reach the whole county rather than the people of one township or village.
COUNTY_WIDE = frozenset({"政府网站", "政府公报", "政务新媒体", "发布会/听证会", "广播电视", "纸质媒体"})

# Enum members looked up once: in Python 3.11 `LevelKind.COUNTY` costs a slow class attribute look-up
# (the enum metaclass defines __getattr__), and these checks run for every item.
_WEBSITE_LEVELS = frozenset({LevelKind.COUNTY, LevelKind.TOWNSHIP})
_LOCAL_LEVELS = frozenset({LevelKind.TOWNSHIP, LevelKind.VILLAGE})

NO_WEBSITE = define(
    "ZW411",
    E,
    "主动公开没有列入政府网站",
    "主动公开的事项，公开渠道里没有政府网站",
    "在公开渠道中加上「政府网站」：县级政府门户网站是政务公开的第一平台，集中发布本级政府及部门、"
    "乡镇（街道）主动公开的信息",
    basis=f"{ART24}；{DOC54}",
    group="渠道",
    explain="条例第二十四条要求依托政府门户网站公开政府信息；国办发〔2019〕54号和各地实施方案（如市级方案"
    "二（五））明确县级政府门户网站是政务公开第一平台，集中发布本级政府及部门、乡镇（街道）应当主动公开的"
    "政府信息。县级、乡级的主动公开事项没有「政府网站」渠道时报告；村（居）务公开事项不在此列。",
)
COUNTY_WIDE_ONLY = define(
    "ZW412",
    W,
    "乡村事项只有县级渠道",
    "{level}事项只通过{channels}公开，没有群众身边的渠道",
    "加上公示栏、便民服务站、入户/现场、村务公开栏、村（居）民微信群等本乡本村的渠道",
    basis=f"{DOC54}；市级实施方案二（五）、二（九）",
    group="渠道",
    explain="乡镇（街道）和村（居）的事项主要面向本地群众，应当用公示栏、便民服务站、入户/现场、村（居）民"
    "微信群等身边的渠道公开。乡级、村级事项的渠道全部是政府网站、政府公报、政务新媒体、发布会/听证会、"
    "广播电视、纸质媒体这类面向全县的渠道时报告。项目自己声明的本地渠道都算作身边的渠道。",
)


@item_check
def website(facts: ItemFacts) -> list[Diagnostic]:
    if not facts.proactive or facts.kind not in _WEBSITE_LEVELS:
        return []
    if WEBSITE not in facts.item.channels:  # the model has already folded 门户网站 etc. into 政府网站
        return [facts.make(NO_WEBSITE, "公开渠道")]
    return []


@item_check
def county_wide_only(facts: ItemFacts) -> list[Diagnostic]:
    if facts.kind not in _LOCAL_LEVELS:
        return []
    channels = facts.item.channels
    if all(c in COUNTY_WIDE for c in channels):
        level = facts.project.project.levels[facts.entry.level].name
        return [facts.make(COUNTY_WIDE_ONLY, "公开渠道", level=level, channels="、".join(channels))]
    return []
