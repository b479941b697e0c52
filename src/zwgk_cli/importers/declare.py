"""Declare new local channels in zwgk.yaml by inserting lines, so that its comments and layout stay."""

from __future__ import annotations

import yaml
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from ..loader import TextLoader

KEYS = ("渠道", "channels")


def add_channels(text: str, names: list[str]) -> str | None:
    """`text` with `names` appended to its 渠道 list; None when the file's shape is too unusual to edit."""
    if not names:
        return text
    try:
        root = yaml.compose(text, Loader=TextLoader)
    except yaml.YAMLError:
        return None
    if not isinstance(root, MappingNode):
        return None
    for key, value in root.value:
        if isinstance(key, ScalarNode) and key.value in KEYS:
            return _extend(text, key, value, names)
    return text.rstrip("\n") + "\n\n渠道:\n" + "".join(f"  - {_scalar(n)}\n" for n in names)


def _extend(text: str, key: ScalarNode, value: object, names: list[str]) -> str | None:
    lines = text.splitlines(keepends=True)
    if isinstance(value, SequenceNode) and value.flow_style:
        end = value.end_mark
        line = lines[end.line]
        close = end.column - 1  # the "]"
        joined = ", ".join(_scalar(n, flow=True) for n in names)
        sep = ", " if value.value else ""
        lines[end.line] = line[:close].rstrip() + sep + joined + line[close:]
        return "".join(lines)
    if isinstance(value, SequenceNode) and value.value:
        first, last = value.value[0], value.value[-1]
        indent = " " * (first.start_mark.column - 2)
        after = last.end_mark.line + (1 if last.end_mark.column > 0 else 0)
        new = [f"{indent}- {_scalar(n)}\n" for n in names]
        if after > 0 and not lines[after - 1].endswith("\n"):
            lines[after - 1] += "\n"
        return "".join(lines[:after] + new + lines[after:])
    if isinstance(value, ScalarNode) and value.value in ("", "~", "null"):
        line = key.start_mark.line
        lines[line] = lines[line][: key.end_mark.column] + ":\n"
        new = [f"  - {_scalar(n)}\n" for n in names]
        return "".join(lines[: line + 1] + new + lines[line + 1 :])
    return None


def _scalar(name: str, flow: bool = False) -> str:
    dumped = yaml.safe_dump(
        [name] if flow else name, allow_unicode=True, width=1_000_000, default_flow_style=flow
    )
    text = dumped.strip()
    if flow:
        return text[1:-1]
    return text.removesuffix("\n...").strip()
