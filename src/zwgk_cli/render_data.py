"""The data files: the whole catalogue and each domain as JSON (schema below) and as CSV for Excel."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic_core import to_json

from .catalogue import Catalogue, Entry
from .models import Item, Unit
from .pages import Site
from .tables import anchor
from .vocab import Method, Openness, Scope

DATA_DIR = "data"
FORMAT_VERSION = 1


class Record(BaseModel):
    """Base of the data models: Chinese keys, the same as in the catalogue files."""

    model_config = ConfigDict(extra="forbid", frozen=True, validate_by_alias=True, validate_by_name=True)


class ItemData(Record):
    """一个公开事项：与目录文件的键名相同，取值已规范化（依据、渠道、方式一律为列表）。"""

    identity: str = Field(alias="标识", description="事项标识：编号，或「一级事项/二级事项/三级事项」")
    id: str | None = Field(None, alias="编号", description="稳定的事项编号（目录中写了才有）")
    category: str = Field(alias="一级事项", description="一级事项")
    subcategory: str | None = Field(None, alias="二级事项", description="二级事项")
    subsubcategory: str | None = Field(None, alias="三级事项", description="三级事项")
    content: str = Field(alias="公开内容", description="公开内容（要素）")
    basis: list[str] = Field(alias="公开依据", description="公开依据，每条一项")
    time_limit: str = Field(alias="公开时限", description="公开时限")
    body: str = Field(alias="公开主体", description="公开主体，按目录原文（共用目录中是通用主体名）")
    channels: list[str] = Field(alias="公开渠道", description="公开渠道和载体")
    audience: list[Scope] = Field(alias="公开对象", description="公开对象：全社会、特定群体")
    group: str | None = Field(None, alias="特定群体", description="公开对象为特定群体时，写明的群体")
    methods: list[Method] = Field(alias="公开方式", description="公开方式：主动、依申请")
    openness: list[Openness] = Field(alias="五公开", description="五公开分类")
    url: str | None = Field(None, alias="链接", description="门户网站上发布该事项的栏目地址")
    note: str | None = Field(None, alias="备注", description="备注")
    exemptions: dict[str, str] = Field(alias="豁免", description="对检查规则的书面豁免：{规则编号: 理由}")
    other_columns: dict[str, str] = Field(
        alias="其他列", description="从表格导入时保留的其他列：{列名: 原文}"
    )
    page: str = Field(
        alias="网页", description="网站中显示该事项的位置（相对网站根目录，或站点网址下的完整地址）"
    )


class NotApplicableData(Record):
    identity: str = Field(alias="事项", description="共用目录中对本单位不适用的事项的标识")
    reason: str = Field(alias="理由", description="不适用的理由")


class ListData(Record):
    """一个领域在一个层级的共用目录，或某个单位调整后的完整目录。"""

    level: str = Field(alias="层级", description="层级编号")
    level_name: str = Field(alias="层级名称", description="层级名称")
    unit: str | None = Field(None, alias="单位", description="单位编号；共用目录没有")
    unit_name: str | None = Field(None, alias="单位名称", description="单位名称；共用目录没有")
    file: str = Field(alias="来源文件", description="目录文件在项目中的路径")
    revised: dt.date = Field(alias="修订日期", description="修订日期")
    version: str | None = Field(None, alias="版本", description="版本")
    description: str | None = Field(None, alias="说明", description="说明")
    items: list[ItemData] = Field(alias="事项", description="公开事项（单位目录为调整后的完整目录）")
    not_applicable: list[NotApplicableData] = Field(alias="不适用", description="对本单位不适用的事项")


class GuidelineData(Record):
    title: str = Field(alias="标题", description="标准指引的标题")
    url: str | None = Field(None, alias="网址", description="标准指引的网址")


class DomainData(Record):
    id: str = Field(alias="编号", description="领域编号")
    name: str = Field(alias="名称", description="领域名称")
    department: str | None = Field(None, alias="指导部门", description="负责指导该领域的部门")
    guideline: GuidelineData | None = Field(None, alias="标准指引", description="国务院部门的标准指引")
    lists: list[ListData] = Field(alias="目录", description="各层级的共用目录，和各单位调整后的目录")


class LevelData(Record):
    id: str = Field(alias="编号", description="层级编号")
    name: str = Field(alias="名称", description="层级名称")
    generic_body: str | None = Field(None, alias="通用主体", description="共用目录里的通用主体名")


class UnitData(Record):
    id: str = Field(alias="编号", description="单位编号")
    name: str = Field(alias="名称", description="全称")
    short_name: str | None = Field(None, alias="简称", description="简称")
    code: str | None = Field(None, alias="行政区划代码", description="行政区划代码")
    level: str = Field(alias="层级", description="所属层级的编号")
    parent: str | None = Field(None, alias="上级", description="上级单位的编号；发布政府没有")


class CatalogueData(Record):
    """zwgk build 生成的数据文件（data/catalogue.json 和 data/domains/<领域>.json）。"""

    format: Literal["zwgk-catalogue-data"] = Field(alias="格式", description="固定为 zwgk-catalogue-data")
    format_version: Literal[1] = Field(alias="格式版本", description="数据格式的版本")
    title: str = Field(alias="标题", description="目录标题")
    publisher: str = Field(alias="发布机构", description="发布机构")
    updated: dt.date | None = Field(alias="更新日期", description="各目录文件中最近的修订日期")
    government: UnitData = Field(alias="政府", description="发布目录的政府")
    levels: list[LevelData] = Field(alias="层级", description="项目的层级")
    units: list[UnitData] = Field(alias="单位", description="发布政府和全部下辖单位")
    domains: list[DomainData] = Field(alias="领域", description="有目录的领域（按领域登记表的顺序）")


def render(site: Site) -> dict[str, bytes]:
    """data/catalogue.json and .csv, and the same per domain under data/domains/."""
    head = _json(catalogue_head(site))
    domains = domain_records(site)
    # Each domain is serialised once, and spliced into catalogue.json and into its own file.
    objects = {domain["编号"]: _domain_json(domain) for domain in domains}
    rows = {domain["编号"]: _csv_rows(domain) for domain in domains}
    files = {
        f"{DATA_DIR}/catalogue.json": _with_domains(head, objects.values()),
        f"{DATA_DIR}/catalogue.csv": _csv(rows.values()),
    }
    for domain_id in objects:
        files[f"{DATA_DIR}/domains/{domain_id}.json"] = _with_domains(head, [objects[domain_id]])
        files[f"{DATA_DIR}/domains/{domain_id}.csv"] = _csv([rows[domain_id]])
    return files


def catalogue_head(site: Site) -> CatalogueData:
    """The document without its domains: their records follow (`domain_records`)."""
    project = site.catalogue.project
    units = [_unit(u, None) for u in [project.government]] + [
        _unit(child, parent.id) for parent in project.units.values() for child in parent.children
    ]
    return CatalogueData(
        format="zwgk-catalogue-data",
        format_version=FORMAT_VERSION,
        title=site.title,
        publisher=site.publisher,
        updated=site.updated,
        government=units[0],
        levels=[
            LevelData(id=lv.id, name=lv.name, generic_body=lv.generic_body) for lv in project.levels.values()
        ],
        units=units,
        domains=[],
    )


def _unit(unit: Unit, parent: str | None) -> UnitData:
    return UnitData(
        id=unit.id,
        name=unit.name,
        short_name=unit.short_name,
        code=unit.code,
        level=unit.level,
        parent=parent,
    )


# The domains, their lists and their items are written as plain values, with the keys in the order
# that DomainData, ListData and ItemData give them (the golden tree and the schema test hold them to
# it): they come from a checked catalogue, and validating every item again took longer than writing it.
Record = dict[str, Any]


def domain_records(site: Site) -> list[Record]:
    """Each domain that has catalogue files, in the order of the domain registry, as `DomainData`."""
    catalogue = site.catalogue
    found = (_domain(catalogue, domain.id) for domain in catalogue.project.domains)
    return [domain for domain in found if domain["目录"]]


def _domain(catalogue: Catalogue, domain_id: str) -> Record:
    domain = catalogue.project.domains.domains[domain_id]
    guideline = (
        {"标题": domain.guideline_title, "网址": domain.guideline_url} if domain.guideline_title else None
    )
    lists = [_list(catalogue, e) for e in catalogue.shared.values() if e.domain == domain_id]
    lists += [_list(catalogue, e) for e in catalogue.overrides.values() if e.domain == domain_id]
    return {
        "编号": domain.id,
        "名称": domain.name,
        "指导部门": domain.department,
        "标准指引": guideline,
        "目录": lists,
    }


def _list(catalogue: Catalogue, entry: Entry) -> Record:
    project = catalogue.project
    level = project.levels[entry.level]
    unit = project.units[entry.unit] if entry.unit else None
    page = f"units/{unit.id}.html" if unit else f"levels/{level.id}.html"
    base = project.file.site.base_url
    prefix = base.rstrip("/") + "/" if base else ""
    items = catalogue.items_for(entry.level, entry.domain, entry.unit)
    url = f"{prefix}{page}#"
    return {
        "层级": level.id,
        "层级名称": level.name,
        "单位": unit.id if unit else None,
        "单位名称": unit.name if unit else None,
        "来源文件": entry.file,
        "修订日期": entry.data.revised,
        "版本": entry.data.version,
        "说明": entry.data.description,
        "事项": [_item(item, url, entry.domain, level.id) for item in items],
        "不适用": [{"事项": n.identity, "理由": n.reason} for n in entry.data.not_applicable],
    }


def _item(item: Item, page: str, domain: str, level: str) -> Record:
    """`page` is the address of the list's page; the anchor of the item's row follows it."""
    identity = item.identity
    return {
        "标识": identity,
        "编号": item.id,
        "一级事项": item.category,
        "二级事项": item.subcategory,
        "三级事项": item.subsubcategory,
        "公开内容": item.content,
        "公开依据": item.basis,
        "公开时限": item.time_limit,
        "公开主体": item.body,
        "公开渠道": item.channels,
        "公开对象": _WORDS[tuple(item.audience.scopes)],
        "特定群体": item.audience.group,
        "公开方式": _WORDS[tuple(item.methods)],
        "五公开": _WORDS[tuple(item.openness)],
        "链接": item.url,
        "备注": item.note,
        "豁免": dict(sorted(item.exemptions.items())),
        "其他列": item.other_columns,
        "网页": page + anchor(domain, level, identity),
    }


class _Words(dict[tuple[StrEnum, ...], tuple[str, ...]]):
    """The vocabularies as plain strings, serialised several times faster than enum members: by the
    members, as an item has one of a few combinations of them."""

    def __missing__(self, members: tuple[StrEnum, ...]) -> tuple[str, ...]:
        words = self[members] = tuple(map(str, members))
        return words


_WORDS = _Words()


def _json(data: CatalogueData) -> bytes:
    return data.model_dump_json(by_alias=True, indent=2).encode() + b"\n"


_NO_DOMAINS = '\n  "领域": []\n}\n'.encode()  # how the last key ends a document without domains
_DOMAINS = '\n  "领域": [\n'.encode()
_END = b"\n  ]\n}\n"
# A domain is serialised inside a document of its own whose only key is 领域, as the last key of
# CatalogueData: it comes out indented as in the data files, with no copy made to indent it.
_WRAPPED = len('{\n  "领域": [\n'.encode()), len(b"\n  ]\n}")


def _domain_json(domain: Record) -> memoryview:
    """One domain as it stands in the 领域 list of a document: indented two levels."""
    start, end = _WRAPPED
    return memoryview(to_json({"领域": [domain]}, indent=2))[start:-end]  # as pydantic writes the models


def _with_domains(head: bytes, domains: Iterable[memoryview]) -> bytes:
    """The document `head` (serialised with no domains) with these domains in its 领域 list."""
    parts: list[bytes | memoryview] = [memoryview(head)[: -len(_NO_DOMAINS)], _DOMAINS]
    for domain in domains:
        parts += (domain, b",\n")
    if len(parts) == 2:
        return head
    assert head.endswith(_NO_DOMAINS), "领域 is the last key of CatalogueData"
    parts[-1] = _END  # in place of the comma after the last domain
    return b"".join(parts)  # one copy of each part: the documents are large


CSV_COLUMNS = (
    "领域", "领域编号", "层级", "单位", "序号", "一级事项", "二级事项", "三级事项", "编号", "公开内容",
    "公开依据", "公开时限", "公开主体", "公开渠道", "公开对象", "特定群体", "公开方式", "五公开", "链接",
    "备注", "其他列", "修订日期", "网页",
)  # fmt: skip


def _csv(bodies: Iterable[bytes]) -> bytes:
    """UTF-8 with a BOM so that Excel reads the Chinese; CRLF line ends (RFC 4180)."""
    return b"".join([_CSV_HEADER, *bodies])


_CSV_HEADER = ("\ufeff" + ",".join(CSV_COLUMNS) + "\r\n").encode()  # no column name needs quoting


def _csv_rows(domain: Record) -> bytes:
    """One domain's CSV lines, without the header."""
    lines: list[bytes] = []
    cell = _CELLS
    for listed in domain["目录"]:
        where = (domain["名称"], domain["编号"], listed["层级名称"], listed["单位名称"] or "")
        start = b",".join([cell[value] for value in where])
        revised = listed["修订日期"].isoformat().encode()
        lines += [_csv_item(start, n, item, revised) for n, item in enumerate(listed["事项"], 1)]
    return b"".join(lines)


def _csv_item(start: bytes, n: int, item: Record, revised: bytes) -> bytes:
    """An item's line: `start` (the cells before 序号), its number, and its cells from 一级事项 to 网页."""
    cell = _CELLS
    other = item["其他列"]
    return b",".join((
        start, b"%d" % n, cell[item["一级事项"]], cell[item["二级事项"] or ""], cell[item["三级事项"] or ""],
        cell[item["编号"] or ""], cell[item["公开内容"]], cell["\n".join(item["公开依据"])], cell[item["公开时限"]],
        cell[item["公开主体"]], cell["、".join(item["公开渠道"])], cell["、".join(item["公开对象"])],
        cell[item["特定群体"] or ""], cell["、".join(item["公开方式"])], cell["、".join(item["五公开"])],
        cell[item["链接"] or ""], cell[item["备注"] or ""],
        cell["\n".join(f"{k}：{v}" for k, v in other.items())] if other else b"", revised,
        _csv_field(item["网页"]).encode() + b"\r\n",  # the item's own: not worth keeping
    ))  # fmt: skip


class _CellCache(dict[str, bytes]):
    """CSV cells by field value, encoded. A catalogue repeats its bodies, time limits, channels and
    bases in item after item, and the counties of a province the texts of the standard guidelines.
    A dict rather than lru_cache: a cell found is then no call, for the 20 cells of every line."""

    def __missing__(self, value: str) -> bytes:
        if len(self) >= 16384:
            self.clear()  # the texts still shared come back with the next few counties
        cell = self[value] = _csv_field(value).encode()
        return cell


_CELLS = _CellCache()
_FORMULA_STARTS = "=+-@\t\r"


def _csv_field(value: str) -> str:
    """A cell Excel would run as a formula (=, +, -, @) gets a leading apostrophe and stays text."""
    return _csv_text("'" + value if value and value[0] in _FORMULA_STARTS else value)


# Written here rather than with the csv module, which checks every character of every field with a
# call of its own: the long Chinese texts of a province made that a noticeable part of a build.
def _csv_text(field: str) -> str:
    """RFC 4180, as csv.writer writes a field: with a comma, a quote or a line break it is quoted,
    its quotes doubled."""
    # Four searches for one character (memchr) take half the time of one regular expression's.
    if '"' in field or "," in field or "\n" in field or "\r" in field:
        return '"' + field.replace('"', '""') + '"'
    return field
