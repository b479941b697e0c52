"""The rules reference as Markdown (`zwgk rules --markdown`, committed as docs/rules.md)."""

from __future__ import annotations

import string
from collections import defaultdict

from ..diagnostics import CODES, Code
from .exemptions import RULE_PREFIXES
from .laws import shipped
from .registry import EXPLANATIONS, GROUPS

INTRO = """\
# 检查规则

<!-- 本页由 `zwgk rules --markdown > docs/rules.md` 生成，请勿手工修改。 -->

`zwgk validate` 报告的每个问题都有一个稳定的编号。**格式和文件检查**（ZW0xx–ZW3xx）发现的是
内容会丢失或无法发布的问题，不能关闭；**语义检查规则**（ZW4xx 针对单个事项，ZW5xx 针对整个目录）
依据《中华人民共和国政府信息公开条例》等规定检查目录的内容，可以调整。

## 调整规则

在 `zwgk.yaml` 的「规则」里关闭某条规则或改变它的级别（`off` / `warning` / `error`，也可以写
`关闭` / `警告` / `错误`）：

```yaml
规则:
  ZW402: warning      # 主动公开超过20个工作日：只警告
  ZW412: off          # 不检查乡村事项的渠道
```

单个事项确有法律依据或特殊情况的，在事项里写明理由豁免某条规则；构建出的网页会在该事项旁显示豁免理由：

```yaml
  - 一级事项: 征地报批前
    二级事项: 征地补偿安置方案公告
    ……
    豁免:
      ZW402: 《中华人民共和国土地管理法实施条例》第二十七条规定公告时间不少于30日
```

豁免的编号写错（ZW420）或豁免的规则并没有报告问题（ZW421）时，`zwgk validate` 也会指出。
"""

LAWS = """\
## 法规登记表

依据类规则（ZW406–ZW409）使用随 zwgk 发布的法规登记表（`src/zwgk_cli/data/laws.yaml`，
{count} 条，其中已废止或被取代的 {repealed} 条）。项目可以在 `zwgk.yaml` 的「法规」里补充本地的法规和文件，
或更正登记表（标题相同的条目取代随附的）：

```yaml
法规:
  - 标题: 河南省政府信息公开规定
    文号: 河南省人民政府令第…号
    类别: 地方政府规章
  - 标题: 青禾县政务公开工作规则
    文号: 青政办〔2024〕3号
    类别: 规范性文件
```

| 键 | 写法 |
|---|---|
| `标题` | 全称，不带书名号 |
| `简称` | 常见简称的列表；去掉「中华人民共和国」的简称自动识别 |
| `文号` | 文号或令号，修订过的可以写多个；写了就核对引用中的文号 |
| `类别` | 法律、行政法规、地方性法规、部门规章、地方政府规章、规范性文件、党内法规、标准 |
| `状态` | 现行有效（默认）、已废止、已被取代 |
| `取代为` | 已废止或被取代时应当改引的法规，如 `《中华人民共和国民法典》` |
| `日期` / `失效日期` | 公布或最近修订的日期 / 废止或被取代的日期 |

登记表中已失效的法规：

{repealed_list}
"""


def _template(text: str) -> str:
    """A message or hint template with its placeholders shown as …, and literal braces kept."""
    fields = {name for _, name, _, _ in string.Formatter().parse(text) if name}
    return text.format(**dict.fromkeys(fields, "…"))


def _rule_section(code: Code) -> str:
    lines = [
        f'<a id="{code.code.lower()}"></a>',
        "",
        f"### {code.code} {code.title}",
        "",
        f"- 默认级别：{code.severity.label}",
        *([f"- 依据：{code.basis}"] if code.basis else []),
        f"- 消息：{_template(code.message)}",
    ]
    if _template(code.hint) != "…":
        lines.append(f"- 提示：{_template(code.hint)}")
    return "\n".join([*lines, "", EXPLANATIONS.get(code.code, ""), ""])


def _rules(codes: list[Code]) -> str:
    by_group: dict[str, list[Code]] = defaultdict(list)
    for code in codes:
        by_group[code.group].append(code)
    index = ["| 编号 | 级别 | 类别 | 规则 |", "|---|---|---|---|"]
    index += [
        f"| [{c.code}](#{c.code.lower()}) | {c.severity.label} | {c.group} | {c.title} |" for c in codes
    ]
    parts = ["## 语义检查规则（可以调整）", "", *index, ""]
    for group in sorted(by_group, key=lambda g: GROUPS.index(g) if g in GROUPS else len(GROUPS)):
        parts += [f"## {group}", ""] + [_rule_section(code) for code in by_group[group]]
    return "\n".join(parts)


def _format_codes(codes: list[Code]) -> str:
    lines = ["## 格式和文件检查（不能关闭）", "", "| 编号 | 类别 | 问题 | 怎样改 |", "|---|---|---|---|"]
    for code in codes:
        hint = _template(code.hint)
        shown = "" if hint == "…" else hint.replace("|", "\\|")
        lines.append(f"| {code.code} | {code.group} | {code.title} | {shown} |")
    return "\n".join([*lines, ""])


def _laws() -> str:
    laws = shipped()
    repealed = [law for law in laws if law.status != "现行有效"]
    listed = "\n".join(
        f"- 《{law.title}》{'（' + '、'.join(law.numbers) + '）' if law.numbers else ''}：{law.status}"
        + (f"，{law.ended}" if law.ended else "")
        + (f"，改引{law.replaced_by}" if law.replaced_by else "")
        for law in repealed
    )
    return LAWS.format(count=len(laws), repealed=len(repealed), repealed_list=listed)


def markdown() -> str:
    """The whole reference page."""
    codes = sorted(CODES.values(), key=lambda c: c.code)
    rules = [c for c in codes if c.code.startswith(RULE_PREFIXES)]
    others = [c for c in codes if not c.code.startswith(RULE_PREFIXES)]
    return "\n".join([INTRO, _rules(rules), _format_codes(others), _laws()]).rstrip("\n") + "\n"
