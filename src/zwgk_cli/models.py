"""Pydantic models of the two file formats: the project file `zwgk.yaml` and a catalogue file.

Keys are the Chinese element names people know (公开内容, 公开时限 …); the English field names are
accepted as keys too. The descriptions are what editors show while people type.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from enum import StrEnum
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import PydanticCustomError

from .vocab import (
    CHANNEL_SPELLINGS,
    METHOD_ALIASES,
    NATIONAL_CHANNELS,
    OPENNESS_ALIASES,
    SCOPE_ALIASES,
    Method,
    Openness,
    Scope,
    Spellings,
    normalize,
)

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$")]


def _inside(pattern: str) -> str:
    """A workspace member pattern stays inside the workspace: relative, and never climbing out."""
    if (
        pattern.startswith(("/", "\\"))
        or (len(pattern) > 1 and pattern[1] == ":")
        or ".." in pattern.split("/")
    ):
        expected = "相对于工作区文件夹的路径，如 counties/*（不能以 / 开头，也不能用 .. 走出工作区）"
        raise PydanticCustomError("zw_shape", "成员路径的写法不对", {"expected": expected})
    return pattern


MemberPattern = Annotated[Text, AfterValidator(_inside)]
ItemId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$")]
DivisionCode = Annotated[str, StringConstraints(pattern=r"^\d{6}(\d{3}){0,2}$")]
Url = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^https?://\S+$")]


_YES = {"是": True, "否": False, "开": True, "关": False, "true": True, "false": False}
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _yes_no(value: Any) -> Any:
    return _YES.get(value.strip().lower(), value) if isinstance(value, str) else value


def _iso_date(value: Any) -> Any:
    """Only 2026-03-15: pydantic would also take a number as a timestamp (修订日期: 0 → 1970-01-01)."""
    if isinstance(value, str) and not _ISO_DATE.match(value.strip()):
        raise PydanticCustomError("date_from_datetime_parsing", "not a date")
    return value


YesNo = Annotated[bool, BeforeValidator(_yes_no, json_schema_input_type=bool | Literal["是", "否"])]
IsoDate = Annotated[dt.date, BeforeValidator(_iso_date)]


def _one_or_many(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


def _vocab(values: type[StrEnum], aliases: dict[str, str]) -> BeforeValidator:
    """Accept one value or a list, in any spelling seen in real tables; the schema lists them all."""

    spelled = Spellings(aliases)

    def convert(value: Any) -> Any:  # `normalize` of each value, read from `spelled`
        if isinstance(value, list):
            return [spelled[v] if isinstance(v, str) else v for v in value]
        if isinstance(value, str):
            return [spelled[value]]
        return [value] if value is not None else value

    spelling = Literal[(*(v.value for v in values), *aliases)]  # type: ignore[valid-type]
    return BeforeValidator(convert, json_schema_input_type=spelling | list[spelling])  # type: ignore[valid-type]


def _channels(value: Any) -> Any:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        return value
    spelled = CHANNEL_SPELLINGS  # `normalize_channel` of each text, the same channels on every item
    return [spelled[v] if isinstance(v, str) else v for v in value]


OneOrMoreTexts = Annotated[list[Text], BeforeValidator(_one_or_many, json_schema_input_type=str | list[str])]


class once:
    """`functools.cached_property` without its lock: in Python 3.11 the first read of every item's
    identity took a lock, which cost more than working the identity out."""

    def __init__(self, func: Callable[[Any], Any]) -> None:
        self.func = func
        self.name = func.__name__
        self.__doc__ = func.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, instance: object, owner: type | None = None) -> Any:
        if instance is None:
            return self
        value = instance.__dict__[self.name] = self.func(instance)  # later reads find it there
        return value


class Element(BaseModel):
    """Base of every model: unknown keys are errors; English field names are accepted as keys."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, validate_by_alias=True, validate_by_name=False, ignored_types=(once,)
    )
    # Other spellings of keys seen in real tables, mapped to the canonical key.
    key_aliases: ClassVar[dict[str, str]] = {}

    @model_validator(mode="before")
    @classmethod
    def _accept_english_keys(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        renames = _RENAMES.get(cls)  # a dict look-up: this runs for every item
        if renames is None:
            renames = _RENAMES[cls] = _key_renames(cls)
        if renames.keys().isdisjoint(data):
            return data
        result: dict[str, Any] = {}
        for key, value in data.items():
            target = renames.get(key)
            # Two spellings of one key: keep the later one as written, so pydantic reports it (→ ZW206).
            result[target if target and target not in data and target not in result else key] = value
        return result


def _key_renames(cls: type[Element]) -> dict[str, str]:
    renames = {name: field.alias for name, field in cls.model_fields.items() if field.alias}
    renames.update(cls.key_aliases)
    return renames


_RENAMES: dict[type[Element], dict[str, str]] = {}  # by model class: worked out on its first item


# ---------------------------------------------------------------- items


def _audience(value: Any) -> Any:
    """`全社会` | `特定群体` | `{特定群体: 群体名称}` | a list of these → {scopes, group}."""
    if isinstance(value, str):
        return _AUDIENCES.get(value) or _one_audience(value)  # nearly always found: no call
    if isinstance(value, dict) and "scopes" in value and set(value) <= {"scopes", "group"}:
        return value  # already in model form (from the importers)
    parts = value if isinstance(value, list) else [value]
    scopes: list[str] = []
    group: str | None = None
    for part in parts:
        if isinstance(part, dict):
            for key, named in part.items():
                scope = _scope(key)
                scopes.append(scope)
                named_group = _group(scope, named)
                group = named_group or group
        else:
            scopes.append(_scope(part))
    return {"scopes": scopes, "group": group}


# The few spellings of a single audience, each read once: nearly every item writes one of them.
_AUDIENCES: dict[str, Audience] = {}


def _one_audience(value: str) -> Audience:
    audience = _AUDIENCES.get(value)
    if audience is None:
        audience = Audience(scopes=(_scope(value),))  # frozen: one instance serves every item
        if len(_AUDIENCES) < 256:
            _AUDIENCES[value] = audience
    return audience


def _group(scope: str, named: Any) -> str | None:
    """The group named after 特定群体; 全社会 takes no value. Anything else would be silently lost."""
    if named is None:
        return None
    if scope == Scope.GROUP and isinstance(named, str):
        return named.strip() or None
    expected = "{特定群体: 群体名称}（群体名称写成一段文字，多个群体用「、」分隔）"
    raise PydanticCustomError("zw_shape", "公开对象的写法不对", {"expected": expected})


def _scope(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise PydanticCustomError(
            "zw_shape", "公开对象的写法不对", {"expected": "全社会 或 {特定群体: 群体名称}"}
        )
    scope = normalize(value, SCOPE_ALIASES)
    if scope not in _SCOPES:
        raise PydanticCustomError(
            "zw_vocab", "公开对象的取值不在可选范围内", {"value": value, "allowed": "全社会、特定群体"}
        )
    return str(scope)


_SCOPES = frozenset(Scope)


class Audience(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    scopes: tuple[Scope, ...] = Field(min_length=1)
    group: str | None = None


AUDIENCE_SCHEMA: dict[str, Any] = {
    "title": "公开对象",
    "description": "全社会；或特定群体，写明群体：{特定群体: 被征收土地所在地的农村集体经济组织和农户}",
    "anyOf": [
        {"type": "string", "enum": [*(s.value for s in Scope), *SCOPE_ALIASES]},
        {
            "type": "object",
            "properties": {
                spelling: {"type": "string"}
                if normalize(spelling, SCOPE_ALIASES) == Scope.GROUP
                else {"type": "null"}
                for spelling in (*(s.value for s in Scope), *SCOPE_ALIASES)
            },
            "additionalProperties": False,
        },
        {"type": "array", "items": {}},
    ],
}


class Item(Element):
    """一个公开事项：八要素和可选的附加信息。"""

    key_aliases: ClassVar[dict[str, str]] = {
        "公开渠道和载体": "公开渠道",
        "公开内容（要素）": "公开内容",
        "事项编号": "编号",
        "method": "公开方式",
    }

    id: ItemId | None = Field(
        None, alias="编号", description="稳定的事项编号（字母、数字、-、_、.）；写了就用它作事项标识"
    )
    category: Text = Field(alias="一级事项", description="公开事项名称：一级事项，如「规划编制」")
    subcategory: Text | None = Field(None, alias="二级事项", description="二级事项，如「城市、镇总体规划」")
    subsubcategory: Text | None = Field(None, alias="三级事项", description="三级事项（少数目录有）")
    content: Text = Field(alias="公开内容", description="公开内容（要素）：具体公开哪些信息")
    basis: OneOrMoreTexts = Field(
        alias="公开依据",
        min_length=1,
        description="公开依据：法律法规和文件，每条一项，如「《中华人民共和国城乡规划法》第八条」",
    )
    time_limit: Text = Field(
        alias="公开时限", description="公开时限，如「信息形成或者变更之日起20个工作日内」「实时公开」"
    )
    body: Text = Field(alias="公开主体", description="公开主体：负责公开的机关，多个用「、」分隔")
    channels: Annotated[list[Text], BeforeValidator(_channels, json_schema_input_type=str | list[str])] = (
        Field(
            alias="公开渠道",
            min_length=1,
            description="公开渠道和载体：全国统一的 13 项渠道，或项目声明的本地渠道",
            json_schema_extra={"examples": [list(NATIONAL_CHANNELS[:3])]},
        )
    )
    audience: Annotated[Audience, BeforeValidator(_audience), WithJsonSchema(AUDIENCE_SCHEMA)] = Field(
        alias="公开对象"
    )
    methods: Annotated[list[Method], _vocab(Method, METHOD_ALIASES)] = Field(
        alias="公开方式", min_length=1, description="公开方式：主动 或 依申请（两者都有时写成列表）"
    )
    openness: Annotated[list[Openness], _vocab(Openness, OPENNESS_ALIASES)] = Field(
        default_factory=list, alias="五公开", description="五公开分类：决策、执行、管理、服务、结果"
    )
    url: Url | None = Field(None, alias="链接", description="门户网站上发布该事项的栏目地址")
    note: Text | None = Field(None, alias="备注", description="备注")
    exemptions: dict[str, Text] = Field(
        default_factory=dict,
        alias="豁免",
        description="对检查规则的书面豁免：{规则编号: 理由}，理由会显示在网页上",
    )
    other_columns: dict[Text, Text] = Field(
        default_factory=dict,
        alias="其他列",
        description="从表格导入时原表中没有对应要素的列，按列名保留原文：{列名: 原文}（如咨询电话、责任科室）",
    )

    @once  # asked for by the checks, the rules and every page the item appears on
    def identity(self) -> str:
        """The item's stable identity within a domain and level."""
        if self.id:
            return self.id
        return "/".join(filter(None, (self.category, self.subcategory, self.subsubcategory)))

    @property
    def title(self) -> str:
        return " / ".join(filter(None, (self.category, self.subcategory, self.subsubcategory)))


class NotApplicable(Element):
    """共用目录中对本单位不适用的事项。"""

    identity: Text = Field(alias="事项", description="事项标识：编号，或「一级事项/二级事项」")
    reason: Text = Field(alias="理由", description="不适用的理由")


class CatalogueFile(Element):
    """一个领域在一个层级的公开事项标准目录（catalogues/<层级>/<领域>.yaml）。"""

    domain: Text = Field(alias="领域", description="领域名称（或别名），须与文件名对应的领域一致")
    level: Text = Field(alias="层级", description="层级名称（或别名），须与所在文件夹一致")
    revised: IsoDate = Field(
        alias="修订日期", description="最近一次修订的日期，如 2026-03-15；网页上的更新日期"
    )
    version: Text | None = Field(None, alias="版本", description="版本，如「2026年第1版」")
    guideline: Text | None = Field(
        None, alias="标准指引", description="依照的国务院部门标准指引；默认取领域登记表"
    )
    description: Text | None = Field(None, alias="说明", description="显示在领域页面表格之前的说明")
    items: list[Item] = Field(default_factory=list, alias="事项", description="公开事项")
    not_applicable: list[NotApplicable] = Field(
        default_factory=list, alias="不适用", description="（仅差异文件）共用目录中对本单位不适用的事项"
    )


# ---------------------------------------------------------------- project file


class Guideline(Element):
    title: Text = Field(alias="标题", description="标准指引的标题")
    url: Url | None = Field(None, alias="网址", description="标准指引的网址")


class DomainDecl(Element):
    """一个领域：26 个试点领域之一，或项目增加的其他领域。"""

    id: Slug = Field(alias="编号", description="稳定的领域编号，用作文件名和网址，如 urban-planning")
    name: Text = Field(alias="名称", description="领域名称，如「城乡规划」")
    aliases: list[Text] = Field(default_factory=list, alias="别名", description="更名前后的其他名称")
    department: Text | None = Field(None, alias="责任单位", description="负责指导该领域的部门")
    guideline: Guideline | None = Field(None, alias="标准指引", description="国务院部门的标准指引")


class LevelDecl(Element):
    """项目使用的一个公开层级。"""

    id: Slug = Field(alias="编号", description="层级编号，也是 catalogues/ 下的文件夹名，如 county")
    name: Text = Field(alias="名称", description="层级在表格中的名称，如「县级」「区级」「镇街级」")
    aliases: list[Text] = Field(default_factory=list, alias="别名", description="这个层级的其他叫法")
    generic_body: Text | None = Field(
        None, alias="通用主体", description="共用目录里的通用主体名，各单位页面上换成该单位的名称"
    )
    domains: list[Slug] | None = Field(
        None, alias="领域", description="本层级应覆盖的领域编号；不写则为全部试点领域"
    )


class Unit(Element):
    """一个政府或下辖单位（乡镇、街道、村、社区）。"""

    id: Slug = Field(alias="编号", description="单位编号，用作文件夹名和网址")
    name: Text = Field(alias="名称", description="全称，如「城关镇人民政府」")
    short_name: Text | None = Field(None, alias="简称", description="简称，如「城关镇」")
    code: DivisionCode | None = Field(None, alias="行政区划代码", description="6、9 或 12 位行政区划代码")
    level: Slug = Field(alias="层级", description="所属层级的编号")
    children: list[Unit] = Field(default_factory=list, alias="下辖", description="下辖单位")

    @property
    def label(self) -> str:
        return self.short_name or self.name


class Site(Element):
    title: Text | None = Field(
        None, alias="标题", description="网站标题；默认为「<简称>基层政务公开事项标准目录」"
    )
    publisher: Text | None = Field(None, alias="发布机构", description="页面上显示的发布机构")
    contact: Text | None = Field(None, alias="联系方式", description="页面底部的联系方式")
    base_url: Url | None = Field(
        None, alias="网址", description="网站发布后的地址（可选，用于数据文件中的链接）"
    )
    search: YesNo = Field(
        True,
        alias="搜索",
        description="是否生成全站搜索页（search.html 和离线可用的搜索索引 assets/search-index.js）",
    )


LawKind = Literal[
    "法律", "行政法规", "地方性法规", "部门规章", "地方政府规章", "规范性文件", "党内法规", "标准"
]
LawStatus = Literal["现行有效", "已废止", "已被取代"]


class LawDecl(Element):
    """法规登记表中的一部法律法规或文件：用来发现公开依据里写错的名称、文号和已失效的法规。"""

    title: Text = Field(alias="标题", description="全称，不带书名号，如「中华人民共和国政府信息公开条例」")
    short_names: list[Text] = Field(
        default_factory=list,
        alias="简称",
        description="常见简称，如「政府信息公开条例」；去掉「中华人民共和国」的简称不必写",
    )
    numbers: OneOrMoreTexts = Field(
        default_factory=list,
        alias="文号",
        description="文号或令号，如「国务院令第711号」「国办发〔2019〕54号」；修订过的可以写多个",
    )
    kind: LawKind | None = Field(
        None, alias="类别", description="法律、行政法规、地方性法规、部门规章、地方政府规章、规范性文件等"
    )
    status: LawStatus = Field("现行有效", alias="状态", description="现行有效、已废止 或 已被取代")
    replaced_by: Text | None = Field(
        None,
        alias="取代为",
        description="已废止或被取代时，应当改引的现行法规，如「《中华人民共和国民法典》」",
    )
    date: IsoDate | None = Field(None, alias="日期", description="公布或最近一次修订的日期")
    ended: IsoDate | None = Field(None, alias="失效日期", description="废止或被取代的日期")


RuleSetting = Literal["off", "warning", "error", "关闭", "警告", "错误"]


class ProjectFile(Element):
    """项目文件 zwgk.yaml：发布政府、层级、渠道、主体、站点设置；或者一个工作区。"""

    government: Unit | None = Field(None, alias="政府", description="发布目录的政府及其下辖单位")
    workspace: list[MemberPattern] | None = Field(
        None, alias="工作区", description="工作区：成员项目所在的文件夹（可用通配符，如 counties/*）"
    )
    levels: list[LevelDecl] | None = Field(
        None, alias="层级", description="项目使用的层级；不写则为县级、乡级、村级"
    )
    site: Site = Field(default_factory=Site, alias="站点", description="网站设置")
    channels: list[Text] = Field(
        default_factory=list, alias="渠道", description="全国 13 项之外的本地公开渠道"
    )
    bodies: dict[Slug, list[Text]] = Field(
        default_factory=dict, alias="主体", description="各层级的公开主体名单（层级编号: [主体…]）"
    )
    domains: list[DomainDecl] = Field(
        default_factory=list, alias="领域", description="试点领域之外的其他领域"
    )
    rules: dict[str, RuleSetting] = Field(
        default_factory=dict, alias="规则", description="调整检查规则：规则编号: off | warning | error"
    )
    laws: list[LawDecl] = Field(
        default_factory=list,
        alias="法规",
        description="法规登记表的补充：本地的法规和文件，或对随附登记表的更正（标题相同的条目取代随附的）",
    )


def _models_below(*roots: type[Element]) -> list[type[Element]]:
    found: list[type[Element]] = []
    pending = list(roots)
    while pending:
        model = pending.pop()
        if model not in found:
            found.append(model)
            for field in model.model_fields.values():
                pending.extend(_element_args(field.annotation))
    return found


def _element_args(annotation: Any) -> list[type[Element]]:
    found = [annotation] if isinstance(annotation, type) and issubclass(annotation, Element) else []
    for arg in getattr(annotation, "__args__", ()) or ():
        found.extend(_element_args(arg))
    return found


def _key_spellings() -> dict[str, frozenset[str]]:
    spellings: dict[str, set[str]] = {}
    for model in _models_below(CatalogueFile, ProjectFile):
        for other, canonical in _key_renames(model).items():
            spellings.setdefault(canonical, {canonical}).add(other)
        for field in model.model_fields.values():
            spellings.setdefault(field.alias or "", {field.alias or ""})
    spellings.pop("", None)
    return {key: frozenset(values) for key, values in spellings.items()}


# Every key of every file format, with the other spellings accepted for it (English, variants).
KEY_SPELLINGS = _key_spellings()
