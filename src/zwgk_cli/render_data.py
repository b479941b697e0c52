"""The data files: the whole catalogue and each domain as JSON (schema below) and as CSV for Excel."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from enum import StrEnum
from typing import Any, Literal, NamedTuple

from pydantic import BaseModel, ConfigDict, Field
from pydantic_core import to_json

from .catalogue import Catalogue, Entry
from .models import Item, LevelDecl, Unit
from .pages import Site
from .registry import Domain
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
    catalogue = site.catalogue
    objects: dict[str, bytes] = {}
    rows: dict[str, bytes] = {}
    for domain in catalogue.project.domains:
        lists = _lists(catalogue, domain.id)
        if lists:
            # Each domain is serialised once, and spliced into catalogue.json and into its own file.
            objects[domain.id], rows[domain.id] = _domain_data(domain, lists)
    files = {
        f"{DATA_DIR}/catalogue.json": _with_domains(head, objects.values()),
        f"{DATA_DIR}/catalogue.csv": _csv(rows.values()),
    }
    for domain_id in objects:
        files[f"{DATA_DIR}/domains/{domain_id}.json"] = _with_domains(head, [objects[domain_id]])
        files[f"{DATA_DIR}/domains/{domain_id}.csv"] = _csv([rows[domain_id]])
    return files


def catalogue_head(site: Site) -> CatalogueData:
    """The document without its domains: they follow (`_domain_data`)."""
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


class _Listed(NamedTuple):
    """One list of a domain in the data files: a level's shared list, or a unit's effective list."""

    entry: Entry
    level: LevelDecl
    unit: Unit | None
    items: list[Item]
    page: str  # the address of the list's page, up to the anchor of an item's row


def _lists(catalogue: Catalogue, domain_id: str) -> list[_Listed]:
    """The shared lists of a domain, then the units' own, as the 目录 of `DomainData` orders them."""
    project = catalogue.project
    base = project.file.site.base_url
    prefix = base.rstrip("/") + "/" if base else ""
    lists = []
    for entry in [*catalogue.shared.values(), *catalogue.overrides.values()]:
        if entry.domain == domain_id:
            level = project.levels[entry.level]
            unit = project.units[entry.unit] if entry.unit else None
            page = f"units/{unit.id}.html" if unit else f"levels/{level.id}.html"
            items = catalogue.items_for(entry.level, entry.domain, entry.unit)
            lists.append(_Listed(entry, level, unit, items, f"{prefix}{page}#"))
    return lists


# A domain is written straight to JSON and CSV, in one pass over its items, rather than through
# DomainData and pydantic: its items come from a checked catalogue, and validating or serialising every
# item again took longer than writing it. The JSON is the one `to_json(…, indent=2)` writes of the
# models, its keys in the order DomainData, ListData and ItemData give them (the golden tree, the schema
# test and the escaping tests hold it to that): the frame of a domain and its lists (a few values) by
# `_pretty`, and each item by `_item`, from the JSON of each text, made once for each text.
def _domain_data(domain: Domain, lists: list[_Listed]) -> tuple[bytes, bytes]:
    """A domain as it stands in the 领域 list of a document (indented two levels), and its CSV lines."""
    guideline = (
        {"标题": domain.guideline_title, "网址": domain.guideline_url} if domain.guideline_title else None
    )
    records = []
    lines: list[bytes] = []
    cell = _CELLS
    for listed in lists:
        entry, level, unit = listed.entry, listed.level, listed.unit
        where = (domain.name, domain.id, level.name, unit.name if unit else "")
        start = b",".join([cell[value] for value in where])
        revised = entry.data.revised.isoformat().encode()
        items = []
        for n, item in enumerate(listed.items, 1):
            written, line = _item(item, listed.page, domain.id, level.id, start, n, revised)
            items.append(written)
            lines.append(line)
        records.append(
            {
                "层级": level.id,
                "层级名称": level.name,
                "单位": unit.id if unit else None,
                "单位名称": unit.name if unit else None,
                "来源文件": entry.file,
                "修订日期": entry.data.revised,
                "版本": entry.data.version,
                "说明": entry.data.description,
                "事项": items,
                "不适用": [{"事项": n.identity, "理由": n.reason} for n in entry.data.not_applicable],
            }
        )
    record = {
        "编号": domain.id,
        "名称": domain.name,
        "指导部门": domain.department,
        "标准指引": guideline,
        "目录": records,
    }
    parts = [_INDENTS[_DOMAIN_DEPTH][1:]]
    _pretty(record, _DOMAIN_DEPTH, parts)
    return b"".join(parts), b"".join(lines)


_DOMAIN_DEPTH = 2  # in {"领域": [domain]}
_ITEM_DEPTH = 6  # in a domain's 目录 list, a list's 事项 list
_INDENTS = tuple(b"\n" + b"  " * depth for depth in range(10))  # a line break and the indent of a depth


def _pretty(value: Any, depth: int, parts: list[bytes]) -> None:
    """`value`, at `depth`, as `to_json(…, indent=2)` writes it (serde_json's pretty printer)."""
    if type(value) is dict or type(value) is list:
        if not value:
            parts.append(b"{}" if type(value) is dict else b"[]")
            return
        indent = _INDENTS[depth + 1]
        if type(value) is dict:
            opening = b"{"
            for key, element in value.items():
                parts += (opening, indent, _TEXTS[key][0], b": ")
                _pretty(element, depth + 1, parts)
                opening = b","
            parts += (_INDENTS[depth], b"}")
        else:
            opening = b"["
            for element in value:
                parts += (opening, indent)
                _pretty(element, depth + 1, parts)
                opening = b","
            parts += (_INDENTS[depth], b"]")
    elif type(value) is bytes:  # already written, at this depth
        parts.append(value)
    elif type(value) is str or value is None:
        parts.append(_TEXTS[value][0])
    else:
        parts.append(to_json(value))


class _Texts(dict[str | None, tuple[bytes, bytes]]):
    """A text (or None) as JSON, as pydantic writes it, and as a CSV cell (None as an empty one). A
    catalogue repeats its texts in item after item, and the counties of a province the texts of the
    standard guidelines: each is escaped and encoded once. Bounded, as the CSV cells are."""

    def __missing__(self, value: str | None) -> tuple[bytes, bytes]:
        if len(self) >= 16384:
            self.clear()
        made = self[value] = (to_json(value), _CELLS[value or ""])
        return made


_TEXTS = _Texts()


def _json_keys(*keys: str) -> tuple[bytes, ...]:
    """What comes before each value of an item: the comma after the last value, the line break, the
    indent and the key."""
    indent = _INDENTS[_ITEM_DEPTH + 1]
    return tuple((b"{" if n == 0 else b",") + indent + to_json(key) + b": " for n, key in enumerate(keys))


_ITEM_KEYS = _json_keys(*(field.alias or name for name, field in ItemData.model_fields.items()))
_ITEM_END = _INDENTS[_ITEM_DEPTH] + b"}"


def _item(
    item: Item, page: str, domain: str, level: str, start: bytes, number: int, revised: bytes
) -> tuple[bytes, bytes]:
    """An item as `ItemData`, written at its depth in a domain, and its CSV line: `start` (the cells
    before 序号), its number, its cells from 一级事项 to 备注, `revised` and its 网页. `page` is the
    address of the list's page; the anchor of the item's row follows it."""
    (k_identity, k_id, k_category, k_subcategory, k_subsubcategory, k_content, k_basis, k_time_limit,
     k_body, k_channels, k_audience, k_group, k_methods, k_openness, k_url, k_note, k_exemptions, k_other,
     k_page) = _ITEM_KEYS  # fmt: skip
    texts, words = _TEXTS, _WORDS
    identity = item.identity
    id_, category, subcategory = texts[item.id], texts[item.category], texts[item.subcategory]
    subsubcategory, content = texts[item.subsubcategory], texts[item.content]
    time_limit, body = texts[item.time_limit], texts[item.body]
    url, note = texts[item.url], texts[item.note]
    basis, channels = _BASES[tuple(item.basis)], _CHANNELS[tuple(item.channels)]
    audience = item.audience
    scopes, group = words[audience.scopes], texts[audience.group]
    methods, openness = words[tuple(item.methods)], words[tuple(item.openness)]
    exemptions, other = item.exemptions, item.other_columns
    address = page + anchor(domain, level, identity)
    written = b"".join((
        k_identity, texts[identity][0], k_id, id_[0], k_category, category[0],
        k_subcategory, subcategory[0], k_subsubcategory, subsubcategory[0], k_content, content[0],
        k_basis, basis[0], k_time_limit, time_limit[0], k_body, body[0], k_channels, channels[0],
        k_audience, scopes[0], k_group, group[0], k_methods, methods[0], k_openness, openness[0],
        k_url, url[0], k_note, note[0],
        k_exemptions, _object(dict(sorted(exemptions.items()))) if exemptions else b"{}",
        k_other, _object(other) if other else b"{}",
        k_page, to_json(address), _ITEM_END,
    ))  # fmt: skip
    line = b",".join((
        start, b"%d" % number, category[1], subcategory[1], subsubcategory[1], id_[1], content[1], basis[1],
        time_limit[1], body[1], channels[1], scopes[1], group[1], methods[1], openness[1], url[1], note[1],
        _CELLS["\n".join(f"{k}：{v}" for k, v in other.items())] if other else b"", revised,
        _csv_field(address).encode() + b"\r\n",  # the item's own: not worth keeping
    ))  # fmt: skip
    return written, line


def _object(mapping: dict[str, str]) -> bytes:
    """An item's 豁免 or 其他列, at its depth."""
    parts: list[bytes] = []
    _pretty(mapping, _ITEM_DEPTH + 1, parts)
    return b"".join(parts)


def _json_list(texts: tuple[str, ...]) -> bytes:
    """A list of texts as a value of an item."""
    parts: list[bytes] = []
    _pretty(list(texts), _ITEM_DEPTH + 1, parts)
    return b"".join(parts)


class _TextLists(dict[tuple[str, ...], tuple[bytes, bytes]]):
    """An item's 公开依据 or 公开渠道 by its texts: as JSON, and as a CSV cell (the texts joined by
    `separator`). Catalogues repeat the same bases and the same channels."""

    def __init__(self, separator: str) -> None:
        super().__init__()
        self.separator = separator

    def __missing__(self, texts: tuple[str, ...]) -> tuple[bytes, bytes]:
        if len(self) >= 16384:
            self.clear()
        made = self[texts] = (_json_list(texts), _CELLS[self.separator.join(texts)])
        return made


_BASES = _TextLists("\n")
_CHANNELS = _TextLists("、")


class _WordLists(dict[tuple[StrEnum, ...], tuple[bytes, bytes]]):
    """An item's 公开对象, 公开方式 or 五公开 by its members: as JSON (the plain strings, as pydantic
    writes the members), and as a CSV cell (joined by 、). An item has one of a few combinations."""

    def __missing__(self, members: tuple[StrEnum, ...]) -> tuple[bytes, bytes]:
        words = tuple(map(str, members))
        made = self[members] = (_json_list(words), _CELLS["、".join(words)])
        return made


_WORDS = _WordLists()


def _json(data: CatalogueData) -> bytes:
    return data.model_dump_json(by_alias=True, indent=2).encode() + b"\n"


_NO_DOMAINS = '\n  "领域": []\n}\n'.encode()  # how the last key ends a document without domains
_DOMAINS = '\n  "领域": [\n'.encode()
_END = b"\n  ]\n}\n"


def _with_domains(head: bytes, domains: Iterable[bytes]) -> bytes:
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
