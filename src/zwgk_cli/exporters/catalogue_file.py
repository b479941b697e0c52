"""Write a catalogue file as people write them by hand: Chinese keys in a fixed order, one item per block.

Every value is written so that zwgk's loader reads back exactly the same text: strings that YAML 1.1
would read as booleans, numbers, dates or null are quoted, multi-line text becomes a block scalar.
"""

from __future__ import annotations

from typing import Any

import yaml

from ..models import CatalogueFile, Item

SCHEMA = "schemas/catalogue.schema.json"
HEADER_KEYS = ("领域", "层级", "修订日期", "版本", "标准指引", "说明")
ITEM_KEYS = (
    "编号",
    "一级事项",
    "二级事项",
    "三级事项",
    "公开内容",
    "公开依据",
    "公开时限",
    "公开主体",
    "公开渠道",
    "公开对象",
    "公开方式",
    "五公开",
    "链接",
    "备注",
    "豁免",
    "其他列",
)
FLOW_KEYS = frozenset({"公开渠道", "公开方式", "五公开", "公开对象"})


class _Flow(list):  # type: ignore[type-arg]
    """A short list written on one line: [政府网站, 政务新媒体]."""


class _FlowMap(dict):  # type: ignore[type-arg]
    """A short mapping written on one line: {特定群体: 项目单位}."""


class _Dumper(yaml.SafeDumper):
    """Block lists indented under their key, as the sample catalogue writes them."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        return super().increase_indent(flow, False)


# Line breaks other than \n: only a double-quoted scalar keeps them as they are (YAML 1.1 folds them).
_OTHER_BREAKS = frozenset("\r\x85\u2028\u2029")


def _text(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
    style = '"' if _OTHER_BREAKS.intersection(data) else "|" if "\n" in data else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_Dumper.add_representer(str, _text)
_Dumper.add_representer(_Flow, lambda d, v: d.represent_sequence("tag:yaml.org,2002:seq", v, flow_style=True))
_Dumper.add_representer(
    _FlowMap, lambda d, v: d.represent_mapping("tag:yaml.org,2002:map", v, flow_style=True)
)


def _dump(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1_000_000, indent=2)


def render(
    header: dict[str, Any],
    items: list[dict[str, Any]],
    not_applicable: list[dict[str, str]] | None = None,
    depth: int = 2,
) -> str:
    """The text of a catalogue file; `depth` is how many folders below the project root it sits."""
    head = {key: header[key] for key in HEADER_KEYS if header.get(key) not in (None, "")}
    parts = [f"# yaml-language-server: $schema={'../' * depth}{SCHEMA}\n", _dump(head)]
    if items or not not_applicable:
        parts.append(_section("事项", [_ordered(item) for item in items]))
    if not_applicable:
        parts.append(_section("不适用", [dict(entry) for entry in not_applicable]))
    return "".join(parts)


def _section(key: str, entries: list[dict[str, Any]]) -> str:
    if not entries:
        return f"{key}: []\n"
    blocks = [_indent(_dump([entry])) for entry in entries]
    return f"{key}:\n" + "\n".join(blocks)


def _indent(text: str) -> str:
    return "".join(f"  {line}" if line.strip() else line for line in text.splitlines(keepends=True))


def _ordered(item: dict[str, Any]) -> dict[str, Any]:
    keys = [k for k in ITEM_KEYS if k in item] + [k for k in item if k not in ITEM_KEYS]
    return {key: _styled(key, item[key]) for key in keys}


def _styled(key: str, value: Any) -> Any:
    if key in FLOW_KEYS and isinstance(value, list) and all(_short(v) for v in value):
        return _Flow(_FlowMap(v) if isinstance(v, dict) else v for v in value)
    if key in FLOW_KEYS and isinstance(value, dict) and all(_short(v) for v in value.values()):
        return _FlowMap(value)
    return value


def _short(value: Any) -> bool:
    if isinstance(value, dict):
        return all(_short(v) for v in value.values())
    return isinstance(value, str) and "\n" not in value and len(value) <= 80


# ---------------------------------------------------------------- from the model


def item_data(item: Item) -> dict[str, Any]:
    """An item as the plain values `render` writes, in its shortest accepted spelling."""
    data: dict[str, Any] = {
        "编号": item.id,
        "一级事项": item.category,
        "二级事项": item.subcategory,
        "三级事项": item.subsubcategory,
        "公开内容": item.content,
        "公开依据": list(item.basis),
        "公开时限": item.time_limit,
        "公开主体": item.body,
        "公开渠道": list(item.channels),
        "公开对象": audience_data(item),
        "公开方式": _one_or_list([m.value for m in item.methods]),
        "五公开": _one_or_list([o.value for o in item.openness]) if item.openness else None,
        "链接": item.url,
        "备注": item.note,
        "豁免": dict(item.exemptions) or None,
        "其他列": dict(item.other_columns) or None,
    }
    return {k: v for k, v in data.items() if v is not None}


def audience_data(item: Item) -> Any:
    scopes = [s.value for s in item.audience.scopes]
    group = item.audience.group
    spelled: list[Any] = [{s: group} if s == "特定群体" and group else s for s in dict.fromkeys(scopes)]
    return spelled[0] if len(spelled) == 1 else spelled


def _one_or_list(values: list[str]) -> Any:
    return values[0] if len(values) == 1 else values


def catalogue_data(data: CatalogueFile) -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, str]]]:
    """A validated catalogue file as (header, items, not_applicable) for `render`."""
    header: dict[str, Any] = {
        "领域": data.domain,
        "层级": data.level,
        "修订日期": data.revised,
        "版本": data.version,
        "标准指引": data.guideline,
        "说明": data.description,
    }
    items = [item_data(item) for item in data.items]
    dropped = [{"事项": n.identity, "理由": n.reason} for n in data.not_applicable]
    return header, items, dropped


def render_model(data: CatalogueFile, depth: int = 2) -> str:
    return render(*catalogue_data(data), depth=depth)
