"""Validate a loaded document against a pydantic model; map each pydantic error to a diagnostic."""

from __future__ import annotations

import re
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from .diagnostics import Diagnostic, did_you_mean, make
from .loader import Document
from .models import KEY_SPELLINGS

M = TypeVar("M", bound=BaseModel)
_QUOTED = re.compile(r"'([^']*)'")

_EXPECTED = {
    "string_type": "一段文字",
    "list_type": "列表（每项一行，以「- 」开头）",
    "dict_type": "键值对（「键: 值」）",
    "model_type": "键值对（「键: 值」）",
    "model_attributes_type": "键值对（「键: 值」）",
    "bool_type": "「是」或「否」",
    "bool_parsing": "「是」或「否」",
    "tuple_type": "列表",
    "set_type": "列表",
    "zw_shape": "{expected}",
}
_PATTERN_HINTS = {
    "编号": "编号只能用小写英文字母、数字和连字符（事项编号还可以用大写字母、_ 和 .），如 urban-planning",
    "层级": "层级编号只能用小写英文字母、数字和连字符，如 county",
    "行政区划代码": '行政区划代码是 6、9 或 12 位数字，写在引号里，如 "419921"',
    "链接": "写完整的网址，以 http:// 或 https:// 开头",
    "网址": "写完整的网址，以 http:// 或 https:// 开头",
}


def validate(doc: Document, model: type[M]) -> tuple[M | None, list[Diagnostic]]:
    try:
        return model.model_validate(doc.data), []
    except ValidationError as exc:
        return None, [to_diagnostic(doc, error) for error in exc.errors(include_url=False)]


def to_diagnostic(doc: Document, error: ErrorDetails) -> Diagnostic:
    path = tuple(error["loc"])
    kind = error["type"]
    key = _last_key(path)
    element = f"「{key}」" if key else "文件内容"
    value = error.get("input")
    ctx = error.get("ctx") or {}

    if kind == "extra_forbidden":
        line, column = doc.position(path, key=True, alternates=KEY_SPELLINGS)
        canonical = _canonical(str(path[-1]))
        if canonical is not None:
            return make("ZW206", doc.file, line, column, path, key=path[-1], other=canonical)
        return make("ZW201", doc.file, line, column, path, key=path[-1], hint=_suggest(str(path[-1])))
    if kind == "missing":
        line, column = doc.position(path[:-1], alternates=KEY_SPELLINGS)
        return make("ZW202", doc.file, line, column, path, element=element, key=key)
    line, column = doc.position(path, alternates=KEY_SPELLINGS)
    if value is None or kind in ("string_too_short", "too_short"):
        return make("ZW207", doc.file, line, column, path, element=element)
    if kind in _EXPECTED:
        expected = _EXPECTED[kind].format(**ctx)
        hint = (
            "按 docs/format.md 中的写法修改"
            if kind != "string_type"
            else "把这一项写成一段文字；多段内容用「、」或「；」连接"
        )
        return make("ZW203", doc.file, line, column, path, element=element, expected=expected, hint=hint)
    if kind in ("enum", "zw_vocab", "literal_error"):
        allowed = ctx.get("allowed") or "、".join(_QUOTED.findall(str(ctx.get("expected", ""))))
        return make("ZW204", doc.file, line, column, path, element=element, value=value, allowed=allowed)
    if kind.startswith("date") or kind.startswith("datetime"):
        return make(
            "ZW205",
            doc.file,
            line,
            column,
            path,
            element=element,
            detail=f"「{value}」不是日期",
            hint="日期写成 2026-03-15 这样的形式",
        )
    if kind == "string_pattern_mismatch":
        hint = _PATTERN_HINTS.get(key, "按 docs/format.md 中的写法修改")
        return make("ZW205", doc.file, line, column, path, element=element, detail=f"「{value}」", hint=hint)
    return make(
        "ZW205",
        doc.file,
        line,
        column,
        path,
        element=element,
        detail=f"「{value}」不符合要求",
        hint="按 docs/format.md 中的写法修改",
    )


def _last_key(path: tuple[Any, ...]) -> str:
    """The element as users know it: the last key in the path that is a key of the format."""
    keys = [part for part in path if isinstance(part, str)]
    known = [part for part in keys if part in KEY_SPELLINGS]
    return (known or keys or [""])[-1]


def _canonical(key: str) -> str | None:
    return next((c for c, spellings in KEY_SPELLINGS.items() if key in spellings and key != c), None)


def _suggest(key: str) -> str:
    return did_you_mean(key, KEY_SPELLINGS, "可用的键见 docs/format.md；不需要的键请删去", cutoff=0.4)
