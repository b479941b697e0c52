"""The fixed vocabularies of a catalogue and the spellings of them seen in real tables."""

from __future__ import annotations

import re
from enum import StrEnum
from functools import lru_cache


class Method(StrEnum):
    """公开方式."""

    PROACTIVE = "主动"
    ON_REQUEST = "依申请"


class Scope(StrEnum):
    """公开对象的范围."""

    PUBLIC = "全社会"
    GROUP = "特定群体"


class Openness(StrEnum):
    """五公开: 决策、执行、管理、服务、结果."""

    DECISION = "决策"
    EXECUTION = "执行"
    MANAGEMENT = "管理"
    SERVICE = "服务"
    RESULT = "结果"


METHOD_ALIASES = {"主动公开": "主动", "依申请公开": "依申请", "申请公开": "依申请"}
SCOPE_ALIASES = {"特定群众": "特定群体", "特定对象": "特定群体", "社会公众": "全社会", "全体社会": "全社会"}
OPENNESS_ALIASES = {f"{o.value}公开": o.value for o in Openness}

# The national checklist of 公开渠道和载体, in its printed order.
NATIONAL_CHANNELS: tuple[str, ...] = (
    "政府网站",
    "政府公报",
    "政务新媒体",
    "发布会/听证会",
    "广播电视",
    "纸质媒体",
    "公开查阅点",
    "政务服务中心",
    "便民服务站",
    "入户/现场",
    "社区/企事业单位/村公示栏（电子屏）",
    "精准推送",
    "其他",
)
CHANNEL_ALIASES = {
    "两微一端": "政务新媒体",
    "政务微博": "政务新媒体",
    "政务微信": "政务新媒体",
    "新媒体": "政务新媒体",
    "政府门户网站": "政府网站",
    "门户网站": "政府网站",
    "政府信息公开网站": "政府网站",
    "发布会": "发布会/听证会",
    "新闻发布会": "发布会/听证会",
    "听证会": "发布会/听证会",
    "发布会听证会": "发布会/听证会",
    "广播": "广播电视",
    "电视": "广播电视",
    "报刊": "纸质媒体",
    "报纸": "纸质媒体",
    "政府信息公开查阅点": "公开查阅点",
    "查阅点": "公开查阅点",
    "政务服务大厅": "政务服务中心",
    "便民服务中心": "便民服务站",
    "入户": "入户/现场",
    "现场": "入户/现场",
    "公示栏": "社区/企事业单位/村公示栏（电子屏）",
    "公示栏（电子屏）": "社区/企事业单位/村公示栏（电子屏）",
    "社区/企事业单位/村公示栏": "社区/企事业单位/村公示栏（电子屏）",
    "社区公示栏": "社区/企事业单位/村公示栏（电子屏）",
    "村公示栏": "社区/企事业单位/村公示栏（电子屏）",
    "电子屏": "社区/企事业单位/村公示栏（电子屏）",
}

_SPACES = re.compile(r"\s+")
_FULLWIDTH = str.maketrans({"／": "/", "（": "（", "(": "（", ")": "）"})


@lru_cache(maxsize=8192)  # the same channels, methods and bodies on every item
def clean(text: str) -> str:
    """Fold the variants that only differ in spaces and bracket or slash width."""
    return _SPACES.sub("", text).translate(_FULLWIDTH)


def normalize(value: object, aliases: dict[str, str]) -> object:
    if isinstance(value, str):
        folded = clean(value)
        return aliases.get(folded, folded)
    return value


def normalize_channel(value: object) -> object:
    return normalize(value, CHANNEL_ALIASES)


class Spellings(dict[str, str]):
    """Spellings as written → `normalize`d. A vocabulary's few spellings recur on every item: each is
    folded once, and a dict rather than lru_cache makes a spelling seen before no call at all."""

    def __init__(self, aliases: dict[str, str]) -> None:
        super().__init__()
        self.aliases = aliases

    def __missing__(self, text: str) -> str:
        if len(self) >= 4096:
            self.clear()  # not in real catalogues: a few dozen spellings at most
        value = self[text] = str(normalize(text, self.aliases))
        return value


CHANNEL_SPELLINGS = Spellings(CHANNEL_ALIASES)
