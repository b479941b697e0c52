"""覆盖 rules: each declared level covers its domains; a township catalogue covers the matters of 条例 art. 21."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..diagnostics import Diagnostic, Severity, make
from ..layout import CATALOGUE_DIR
from ..models import Item
from .registry import LevelKind, ProjectFacts, catalogue_check, define
from .sources import ART21, DOC54, YU5

W = Severity.WARNING

# The matters 条例 art. 21 asks a township government to publish, and words that show an item covers one.
TOWNSHIP_MATTERS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("贯彻落实农业农村政策", re.compile(r"农业农村政策|惠农|强农|涉农|耕地地力保护|农机购置|农业支持保护")),
    ("农田水利工程建设运营", re.compile(r"农田水利|水利工程|高标准农田|灌溉|小型水利")),
    ("农村土地承包经营权流转", re.compile(r"承包经营权|土地流转|土地经营权|土地承包")),
    ("宅基地使用情况审核", re.compile(r"宅基地")),
    ("土地征收", re.compile(r"土地征收|征收土地|征地")),
    ("房屋征收", re.compile(r"房屋征收|征收房屋|拆迁|住宅.{0,20}补偿|房屋.{0,10}补偿")),
    ("筹资筹劳", re.compile(r"筹资筹劳|一事一议")),
    ("社会救助", re.compile(r"社会救助|最低生活保障|低保|特困|临时救助|受灾人员救助")),
)

MISSING_DOMAINS = define(
    "ZW503",
    W,
    "层级没有覆盖应有的领域",
    "{level}目录缺少 {count} 个领域：{names}",
    "在 catalogues/{level_id}/ 下为每个领域写一个目录文件（zwgk domains 列出领域编号）；"
    "本层级只应覆盖部分领域的，在 zwgk.yaml 该层级的「领域」里列出",
    basis=f"{DOC54}；{YU5}",
    group="覆盖",
    explain="基层政府要对照26个试点领域的标准指引编制本级目录（实施方案二（一）），其他领域按二（二）跟进。"
    "zwgk.yaml 声明了「层级」的项目，每个层级应覆盖的领域是该层级「领域」里列出的，没有列出的是全部试点领域；"
    "没有目录文件或文件里没有事项的领域，一并列出。没有声明「层级」、使用默认层级的项目不检查覆盖。",
)
MISSING_ART21 = define(
    "ZW504",
    W,
    "乡级目录缺少条例第二十一条的事项",
    "{level}目录没有涉及条例第二十一条要求乡（镇）人民政府主动公开的：{missing}",
    "在相应领域的乡级目录中增加这些事项（如宅基地使用情况审核、农村土地承包经营权流转放在涉农或乡村振兴领域，"
    "筹资筹劳放在村级财务或乡村振兴领域）",
    basis=ART21,
    group="覆盖",
    explain="条例第二十一条：乡（镇）人民政府还应当根据本地方的具体情况，主动公开贯彻落实农业农村政策、农田水利"
    "工程建设运营、农村土地承包经营权流转、宅基地使用情况审核、土地征收、房屋征收、筹资筹劳、社会救助等方面的"
    "政府信息。声明了「层级」的项目，乡级目录（含各乡镇自己的差异文件）中没有任何事项的名称或公开内容涉及"
    "其中某一方面时报告，列出缺少的方面。",
)


def _checked_levels(facts: ProjectFacts) -> list[str]:
    """Levels the project declared itself: with default levels, coverage is not asked."""
    if facts.project.file.levels is None:
        return []
    return [level for level, kind in facts.kinds.items() if kind is not LevelKind.OTHER]


def _items_at(facts: ProjectFacts, level: str) -> Iterator[tuple[str, Item]]:
    for entry in facts.catalogue.entries:
        if entry.level == level:
            for item in entry.data.items:
                yield entry.domain, item


def _folder(facts: ProjectFacts, level: str) -> str:
    return f"{facts.project.prefix}{CATALOGUE_DIR}/{level}"


@catalogue_check
def missing_domains(facts: ProjectFacts) -> Iterator[Diagnostic]:
    project = facts.project
    for level in _checked_levels(facts):
        covered = {domain for domain, _item in _items_at(facts, level)}
        missing = [d for d in project.domains_for(level) if d not in covered]
        if missing:
            names = "、".join(
                project.domains.domains[d].name for d in missing if d in project.domains.domains
            )
            yield make(
                MISSING_DOMAINS,
                _folder(facts, level),
                level=project.levels[level].name,
                level_id=level,
                count=len(missing),
                names=names,
            )


@catalogue_check
def missing_township_matters(facts: ProjectFacts) -> Iterator[Diagnostic]:
    for level in _checked_levels(facts):
        if facts.kinds[level] is not LevelKind.TOWNSHIP:
            continue
        text = "\n".join(f"{item.title}\n{item.content}" for _domain, item in _items_at(facts, level))
        missing = [name for name, pattern in TOWNSHIP_MATTERS if not pattern.search(text)]
        if missing:
            yield make(
                MISSING_ART21,
                _folder(facts, level),
                level=facts.project.levels[level].name,
                missing="、".join(missing),
            )
