"""Problems as values: every stage returns diagnostics, only the CLI prints them."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .catalogue import Catalogue


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"

    @property
    def label(self) -> str:
        return "错误" if self is Severity.ERROR else "警告"


@dataclass(frozen=True)
class Code:
    """One stable diagnostic code: its default severity and its Chinese message and hint templates."""

    code: str
    severity: Severity
    title: str
    message: str
    hint: str
    basis: str = ""
    group: str = "格式"


@dataclass(frozen=True)
class Diagnostic:
    code: str
    severity: Severity
    message: str
    hint: str
    file: str
    line: int = 0
    column: int = 0
    path: tuple[str | int, ...] = field(default=())

    @property
    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.file, self.line, self.column, self.code, self.message)

    def path_text(self) -> str:
        return data_path_text(self.path)


def data_path_text(path: Iterable[str | int]) -> str:
    """`事项[3].公开时限`: the data path as users read it (1-based item numbers)."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part + 1}]"
        else:
            text += f".{part}" if text else str(part)
    return text


CODES: dict[str, Code] = {}


def register(*codes: Code) -> None:
    for code in codes:
        if code.code in CODES:
            raise ValueError(f"duplicate diagnostic code {code.code}")
        CODES[code.code] = code


def make(
    code: str,
    file: str,
    line: int = 0,
    column: int = 0,
    path: tuple[str | int, ...] = (),
    severity: Severity | None = None,
    **values: object,
) -> Diagnostic:
    """Build a diagnostic from its registered code, filling the message and hint templates."""
    spec = CODES[code]
    return Diagnostic(
        code=code,
        severity=severity or spec.severity,
        message=spec.message.format(**values),
        hint=spec.hint.format(**values),
        file=file,
        line=line,
        column=column,
        path=path,
    )


# Format problems mean lost or unpublishable content: only the semantic rules may be switched off,
# re-levelled or exempted, and not the two rules that police the exemptions themselves.
_FIXED = frozenset({"ZW420", "ZW421"})


def adjustable(code: str) -> bool:
    """Whether a project's 规则 settings and an item's 豁免 may apply to `code`."""
    return code.startswith(("ZW4", "ZW5")) and code in CODES and code not in _FIXED


def did_you_mean(
    word: str, choices: Iterable[str], otherwise: str, cutoff: float = 0.5, fmt: str = "「{}」"
) -> str:
    """A hint: 「是不是「…」？」 naming the closest choice, followed by `otherwise`."""
    close = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=cutoff)
    return (f"是不是{fmt.format(close[0])}？" if close else "") + otherwise


def sort_diagnostics(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    unique = {(d.sort_key, d.severity): d for d in diagnostics}
    return [unique[k] for k in sorted(unique)]


@dataclass
class CheckResult:
    """What a check found: every diagnostic, sorted, and how much was checked (the catalogues too,
    when they were kept)."""

    catalogues: list[Catalogue]
    diagnostics: list[Diagnostic]
    project_error: bool = False
    files: int = 0
    items: int = 0

    @property
    def errors(self) -> int:
        return sum(d.severity is Severity.ERROR for d in self.diagnostics)

    @property
    def warnings(self) -> int:
        return sum(d.severity is Severity.WARNING for d in self.diagnostics)


E, W = Severity.ERROR, Severity.WARNING

register(
    # 项目文件和命令行
    Code(
        "ZW001",
        E,
        "找不到项目文件",
        "找不到项目文件 {name}",
        "在目录项目的根目录运行，或把项目目录作为参数：zwgk validate 路径",
        group="项目",
    ),
    Code("ZW002", E, "项目文件有误", "{detail}", "{hint}", group="项目"),
    # 读取文件
    Code(
        "ZW101",
        E,
        "文件不是 UTF-8 编码",
        "文件不是 UTF-8 编码{guess}",
        "用编辑器把文件另存为 UTF-8 编码（WPS/记事本：另存为 → 编码选 UTF-8）",
        group="读取",
    ),
    Code(
        "ZW102",
        E,
        "不是文本文件",
        "这不是文本文件（含有二进制内容{detail}）",
        "目录文件必须是 UTF-8 编码的 YAML 文本；表格请先用 zwgk import 转换",
        group="读取",
    ),
    Code(
        "ZW103",
        E,
        "YAML 语法错误",
        "YAML 语法错误：{problem}",
        "检查这一行的缩进、冒号后的空格和引号是否配对；含冒号、井号的文字可以用引号括起来",
        group="读取",
    ),
    Code(
        "ZW104",
        E,
        "重复的键",
        "键「{key}」重复出现（第 {first} 行已经写过）",
        "同一层里每个键只能写一次，否则前面的值会被悄悄覆盖；合并两处内容，或删去其中一处",
        group="读取",
    ),
    Code(
        "ZW105",
        E,
        "空文件",
        "文件是空的",
        "写上文件头（领域、层级、修订日期）和事项，或者删除这个文件",
        group="读取",
    ),
    Code(
        "ZW106",
        E,
        "别名展开过多",
        "锚点和别名展开得过多或互相引用（{detail}）",
        "目录文件不需要锚点（&）和别名（*）：把内容直接写出来",
        group="读取",
    ),
    Code(
        "ZW107", E, "无法读取文件", "无法读取文件：{detail}", "检查文件是否存在、是否有读取权限", group="读取"
    ),
    Code(
        "ZW108", E, "不支持的 YAML 标签", "不支持的 YAML 标签 {tag}", "去掉 {tag}，直接写文字", group="读取"
    ),
    Code(
        "ZW109",
        E,
        "引号跨行",
        "引号里的文字跨了行，可能是引号没有配对",
        "检查这个引号有没有对应的另一半；多行文字不要用引号，改用「|」块写法（键后写 |，下面各行缩进）",
        group="读取",
    ),
    # 要素的格式
    Code("ZW201", E, "未知的键", "不认识的键「{key}」", "{hint}"),
    Code("ZW202", E, "缺少必填要素", "缺少{element}", "补上「{key}」"),
    Code("ZW203", E, "写法不对", "{element}应当是{expected}", "{hint}"),
    Code("ZW204", E, "不认识的取值", "{element}的取值「{value}」不在可选范围内", "可以写：{allowed}"),
    Code("ZW205", E, "格式不对", "{element}的格式不对：{detail}", "{hint}"),
    Code(
        "ZW206",
        E,
        "同一要素写了两次",
        "「{key}」和「{other}」是同一个要素，写了两次",
        "只保留一个（建议用中文键名「{other}」）",
    ),
    Code("ZW207", E, "内容为空", "{element}是空的", "填写{element}，或者删除这个键"),
    # 跨文件的检查
    Code("ZW301", E, "未知领域", "不认识的领域「{domain}」", "{hint}", group="目录"),
    Code("ZW302", E, "未声明的层级", "项目没有声明层级「{level}」", "{hint}", group="目录"),
    Code(
        "ZW303",
        E,
        "文件头与位置不一致",
        "文件头写的{element}是「{value}」，但文件位于{where}「{expected}」",
        "把文件移到对应的文件夹，或改正文件头",
        group="目录",
    ),
    Code(
        "ZW304",
        E,
        "事项重复",
        "事项「{identity}」在同一领域同一层级里重复（第 {first} 行已有）",
        "同一事项只写一次；确实是两个事项的，用二级事项、三级事项或编号区分",
        group="目录",
    ),
    Code("ZW305", E, "未知渠道", "不认识的公开渠道「{channel}」", "{hint}", group="目录"),
    Code(
        "ZW306",
        E,
        "公开主体不在名单中",
        "公开主体「{body}」不在项目的{level}主体名单中",
        "{hint}",
        group="目录",
    ),
    Code("ZW307", E, "未知的下辖单位", "文件夹「{unit}」不是{level}单位的编号", "{hint}", group="目录"),
    Code("ZW308", E, "不适用的事项不存在", "共用目录中没有事项「{identity}」", "{hint}", group="目录"),
    Code("ZW309", E, "多余的文件", "{detail}", "{hint}", group="目录"),
    Code("ZW310", E, "层级不对应", "{detail}", "{hint}", group="项目"),
    Code("ZW311", E, "编号重复", "{kind}编号「{id}」重复", "每个{kind}的编号必须唯一", group="项目"),
    Code(
        "ZW312",
        E,
        "规则设置有误",
        "规则设置里的「{rule}」{reason}",
        "只有语义检查规则（ZW4xx、ZW5xx，豁免检查 ZW420/ZW421 除外）可以调整；运行 zwgk rules 查看全部规则",
        group="项目",
    ),
    Code(
        "ZW313",
        E,
        "没有目录文件夹",
        "项目里没有 {name}/ 文件夹，一个目录文件也没有",
        "目录文件放在 catalogues/<层级>/<领域>.yaml；文件夹名是否写错了？",
        group="目录",
    ),
    Code(
        "ZW314",
        W,
        "不是目录文件",
        "「{name}」不是 YAML 目录文件，没有读取",
        "目录文件的扩展名是 .yaml；其他文件请移出 catalogues/（说明文字可以用 .md）",
        group="目录",
    ),
    Code(
        "ZW315",
        E,
        "事项既不适用又重写",
        "事项「{identity}」既写在「不适用」里，又在本单位的「事项」里重写了",
        "二者只留其一：不适用就从「事项」里删去，要重写就从「不适用」里删去",
        group="目录",
    ),
)
