"""Text clean-up for cells from real tables: script, pinyin, punctuation width, stray spaces, line wraps."""

from __future__ import annotations

import re
import unicodedata
from functools import cache

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CJK_PUNCT = "，。、；：？！“”‘’（）《》〈〉【】「」『』…—·"
_WIDE = f"{CJK}{CJK_PUNCT}"

_INVISIBLE = re.compile("[\u200b-\u200d\u2060\ufeff\u00ad]")
_SPACE = re.compile("[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_SPACE_BETWEEN_WIDE = re.compile(f"(?<=[{_WIDE}]) (?=[{_WIDE}0-9])|(?<=[{_WIDE}0-9]) (?=[{_WIDE}])")
_FULLWIDTH_ALNUM = {
    c: c - 0xFEE0
    for r in ((0xFF10, 0xFF19), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A))
    for c in range(r[0], r[1] + 1)
}
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
_SYLLABLE = f"[a-zü{_TONED}]+[1-5]?"
# 主動(dòng), 公开（gōng kāi）: pinyin that mirror sites put after a character; it needs a tone to count.
_PINYIN = re.compile(
    f"(?<=[{CJK}])\\s*[(（]\\s*(?=[^)）]*(?:[{_TONED}]|[a-zü][1-5]))({_SYLLABLE}(?:\\s+{_SYLLABLE})*)\\s*[)）]"
)
_HALF_PUNCT = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}
_PUNCT_NEAR_WIDE = re.compile(f"(?<=[{_WIDE}])[,;:?!]|[,;?!](?=[{_WIDE}])|:(?=[{_WIDE}])")
_PARENS = re.compile(r"\(([^()\n]*)\)")
_LIST_MARKER = re.compile(r"^(?:\d{1,2}[.、．)）]|[（(]\d{1,2}[)）]|[①-⑳]|[一二三四五六七八九十]+、|[•·\-—])")
_SENTENCE_END = tuple("。；;！？!?：:")
_OPENERS = {"《": "》", "（": "）", "(": ")", "“": "”", "【": "】"}


def tidy(text: str) -> tuple[str, set[str]]:
    """Clean one cell's text; also say which kinds of change were made (for the report)."""
    changes: set[str] = set()
    text = _INVISIBLE.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    lines = [_tidy_line(line, changes) for line in text.split("\n")]
    return "\n".join(line for line in lines if line), changes


def _tidy_line(line: str, changes: set[str]) -> str:
    # A wide gap (an ideographic space, two spaces) separates on purpose; a single space between two
    # Chinese characters is a stray one.
    line = _SPACE.sub(lambda m: "\x01" if len(m.group()) > 1 or "\u3000" in m.group() else " ", line)
    line = line.strip(" \x01")
    steps = (
        ("多余空格", lambda s: _SPACE_BETWEEN_WIDE.sub("", s)),
        ("去除拼音注音", lambda s: _PINYIN.sub("", s)),
        ("全角字母数字", lambda s: s.translate(_FULLWIDTH_ALNUM)),
        ("半角标点", _widen_punctuation),
    )
    for kind, step in steps:
        changed = step(line)
        if changed != line:
            changes.add(kind)
            line = changed
    return line.replace("\x01", " ")


def _widen_punctuation(line: str) -> str:
    """`第8条,第14条` → `第8条，第14条`; `(国务院令第711号)` → `（国务院令第711号）`."""
    if "://" in line:  # a web address: leave it alone
        return line
    line = _PUNCT_NEAR_WIDE.sub(lambda m: _HALF_PUNCT[m.group()], line)
    return _PARENS.sub(
        lambda m: f"（{m.group(1)}）" if re.search(f"[{CJK}]", m.group(1)) else m.group(), line
    )


def tidy_exact(text: str) -> str:
    """Text from a workbook zwgk wrote: only line endings and surrounding blanks are touched."""
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


@cache
def _converter():  # type: ignore[no-untyped-def]
    import opencc

    return opencc.OpenCC("t2s.json")


def to_simplified(text: str) -> str:
    return _converter().convert(text) if text else text


def looks_traditional(texts: list[str]) -> bool:
    """A table whose characters change under Traditional→Simplified conversion is a Traditional copy."""
    sample = "".join(texts)
    converted = to_simplified(sample)
    changed = sum(a != b for a, b in zip(sample, converted, strict=False))
    cjk = len(re.findall(f"[{CJK}]", sample))
    return changed >= 2 and changed * 100 >= cjk


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def join_wraps(text: str) -> tuple[str, int]:
    """Join lines that a narrow column or a PDF copy broke mid-phrase; count the joins.

    A break inside 《…》 or （…） is always a wrap. Otherwise only a block of three or more lines whose
    lines (but the last) are all as wide as each other reads as wrapped text: a deliberate line break
    rarely leaves lines of one width.
    """
    lines = text.split("\n")
    if len(lines) < 2:
        return text, 0
    block = len(lines) >= 3 and _justified(lines[:-1])
    joined = [lines[0]]
    for line in lines[1:]:
        if _is_wrap(joined[-1], line, block):
            joined[-1] += line
        else:
            joined.append(line)
    return "\n".join(joined), len(lines) - len(joined)


def _justified(lines: list[str]) -> bool:
    widths = [display_width(line) for line in lines]
    return min(widths) >= 8 and max(widths) - min(widths) <= 2


def _is_wrap(before: str, after: str, block: bool) -> bool:
    if _unclosed(before):
        return True
    if not block or not before or not after or _LIST_MARKER.match(after) or after.startswith("《"):
        return False
    if before.endswith(_SENTENCE_END):
        return False
    return bool(re.match(f"[{_WIDE}]", before[-1]) and re.match(f"[{_WIDE}]", after[0]))


def _unclosed(text: str) -> bool:
    return any(text.count(opener) > text.count(closer) for opener, closer in _OPENERS.items())


def join_lines(text: str) -> str:
    """A name never spans lines: join them, with a space only between two Latin words."""
    parts = [p for p in text.split("\n") if p]
    result = parts[0] if parts else ""
    for part in parts[1:]:
        space = " " if result[-1:].isascii() and result[-1:].isalnum() and part[0].isascii() else ""
        result += space + part
    return result


def strip_list_marker(text: str) -> str:
    """`1.政府网站`, `（2）两微一端`, `③公开查阅点` → the text after the number."""
    return _LIST_MARKER.sub("", text, count=1).strip() if _LIST_MARKER.match(text) else text


def is_masked(text: str) -> bool:
    """A cell blacked out in the published copy, like `***`."""
    return bool(re.fullmatch(r"[*＊]{2,}|[xX×]{3,}|■{3,}", text.strip()))
