"""Reporters: how a check result is printed. One function per format, chosen from a registry."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TextIO

from .diagnostics import CheckResult, Diagnostic, Severity

Reporter = Callable[[CheckResult, TextIO, bool], None]
REPORTERS: dict[str, Reporter] = {}


def reporter(name: str) -> Callable[[Reporter], Reporter]:
    def register(function: Reporter) -> Reporter:
        REPORTERS[name] = function
        return function

    return register


_COLOURS = {Severity.ERROR: "\033[31m", Severity.WARNING: "\033[33m"}
_BOLD, _DIM, _RESET = "\033[1m", "\033[2m", "\033[0m"


def location(d: Diagnostic) -> str:
    return f"{d.file}:{d.line}:{d.column}" if d.line else d.file


def summary(result: CheckResult) -> str:
    counts = f"{result.errors} 个错误，{result.warnings} 个警告" if result.diagnostics else "没有发现问题"
    return f"检查了 {result.files} 个文件、{result.items} 项事项：{counts}"


@reporter("text")
def text(result: CheckResult, out: TextIO, colour: bool) -> None:
    """`file:line:column: 错误 ZW201 message`, then the data path and the hint, indented."""
    for d in result.diagnostics:
        label = f"{d.severity.label} {d.code}"
        if colour:
            label = f"{_COLOURS[d.severity]}{_BOLD}{label}{_RESET}"
        out.write(f"{location(d)}: {label} {d.message}\n")
        where = f"（{d.path_text()}）" if d.path else ""
        hint = f"  提示：{d.hint}{where}\n"
        out.write(f"{_DIM}{hint}{_RESET}" if colour else hint)
    out.write(summary(result) + "\n")


@reporter("json")
def as_json(result: CheckResult, out: TextIO, colour: bool) -> None:
    """The documented machine-readable shape (docs/diagnostics.md)."""
    document = {
        "version": 1,
        "summary": {
            "files": result.files,
            "items": result.items,
            "errors": result.errors,
            "warnings": result.warnings,
        },
        "diagnostics": [
            {
                "file": d.file,
                "line": d.line,
                "column": d.column,
                "path": d.path_text(),
                "code": d.code,
                "severity": d.severity.value,
                "message": d.message,
                "hint": d.hint,
            }
            for d in result.diagnostics
        ],
    }
    json.dump(document, out, ensure_ascii=False, indent=2)
    out.write("\n")


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


@reporter("github")
def github(result: CheckResult, out: TextIO, colour: bool) -> None:
    """GitHub Actions workflow commands: annotations on the lines in the pull request's diff."""
    for d in result.diagnostics:
        kind = "error" if d.severity is Severity.ERROR else "warning"
        props = [f"file={_escape_property(d.file)}"]
        if d.line:
            props += [f"line={d.line}", f"col={d.column}"]
        props.append(f"title={_escape_property(d.code + ' ' + d.severity.label)}")
        body = _escape_data(f"{d.message}\n提示：{d.hint}")
        out.write(f"::{kind} {','.join(props)}::{body}\n")
    out.write(summary(result) + "\n")
