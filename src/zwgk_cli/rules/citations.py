"""Read one 公开依据 entry into citations: 《title》 with an optional 文号/令号 and articles.

`《中华人民共和国政府信息公开条例》（国务院令第711号）第二十条、第二十一条` →
Citation(title=中华人民共和国政府信息公开条例, number=国务院令第711号, articles=(第二十条, 第二十一条)).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..vocab import clean
from .numerals import NUMBER


@dataclass(frozen=True)
class Citation:
    """One cited law or document."""

    title: str  # as written, without the outer 《》
    number: str = ""  # 文号 or 令号 as written
    note: str = ""  # another parenthetical: 2019年修订, 试行 …
    articles: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        return title_key(self.title)

    @property
    def number_key(self) -> str:
        return number_key(self.number) if self.number else ""

    def __str__(self) -> str:
        number = f"（{self.number}）" if self.number else ""
        return f"《{self.title}》{number}{''.join(self.articles[:1])}"


@dataclass(frozen=True)
class Basis:
    """One 公开依据 entry: the citations in it and any text that is not part of a citation."""

    text: str
    citations: tuple[Citation, ...]
    rest: str = ""


_OPEN, _CLOSE = "《〈", "》〉"
_PARENS = {"（": "）", "(": ")"}
_ARTICLE_PART = rf"第(?:{NUMBER}|[（(](?:{NUMBER})[）)])[编章节条款项目](?:之[一二三四五六七八九十])?"
_ARTICLE = re.compile(rf"(?:{_ARTICLE_PART})+")
_JOINER = re.compile(r"\s*(?:以及|[、，,和及与至到]|或者|或)\s*(?=第)")
_DATE = r"\d{4}年(?:\d{1,2}月)?(?:\d{1,2}日)?"
_ORDER = rf"(?:{_DATE})?(?:中华人民共和国)?[\u4e00-\u9fff][\u4e00-\u9fff \u3000]{{0,40}}?令\s*(?:第\s*)?[0-9０-９]+\s*号"
_DOCUMENT = r"[\u4e00-\u9fffA-Za-z]{1,15}\s*[〔\[［【（(]\s*\d{4}\s*[〕\]］】）)]\s*(?:第\s*)?\d+\s*号"
_STANDARD = r"(?:GB|DB|[A-Z]{2})(?:\s*\d*\s*/\s*T)?\s*[\d.]+\s*[—–-]+\s*\d{4}"
_NUMBER_RE = re.compile(rf"{_ORDER}|{_DOCUMENT}|{_STANDARD}")
_LEADING_NUMBER = re.compile(rf"\s*(?:{_DOCUMENT}|{_STANDARD})")
_NOISE = r"(?:[\s、，,；;。：:]|以及|和|及|与|等|或|相关|有关的?|规定)+"
_REST_NOISE = re.compile(rf"^{_NOISE}|{_NOISE}$")
_QUOTES = str.maketrans(
    {"《": "〈", "》": "〉", "“": None, "”": None, '"': None, "‘": None, "’": None, "·": None}
)


@lru_cache(maxsize=65536)
def title_key(title: str) -> str:
    """The title with spaces, quotes and bracket variants folded, for look-ups."""
    return clean(title).translate(_QUOTES)


_DATE_PREFIX = re.compile(r"^.*?\d+日")
_DATED = re.compile(rf"^{_DATE}")
_BRACKET_YEAR = re.compile(r"[\[［【（(](\d{4})[\]］】）)]")


@lru_cache(maxsize=65536)
def number_key(number: str) -> str:
    """`国办发[2019]54号`, `国办发（2019）第54号` → `国办发〔2019〕54号`; order numbers lose dates and the 中华人民共和国 prefix."""
    text = re.sub(r"\s+", "", number)
    if "令" in text:
        text = _DATE_PREFIX.sub("", text).removeprefix("中华人民共和国")
        return re.sub(r"令第?(\d+)号.*$", r"令第\1号", text)
    text = _BRACKET_YEAR.sub(r"〔\1〕", text).replace("〕第", "〕")
    return text.replace("—", "-").replace("–", "-")


def _closing(text: str, start: int, opens: str, closes: str) -> int:
    """Index of the bracket closing the one at `start` (nesting counted), or -1."""
    depth = 0
    for i in range(start, len(text)):
        if text[i] in opens:
            depth += 1
        elif text[i] in closes:
            depth -= 1
            if depth == 0:
                return i
    return -1


def _tail(text: str, pos: int) -> tuple[str, str, tuple[str, ...], int]:
    """After a title: parentheticals (number, note), a bare number, then articles. Returns where it stops."""
    number, notes, articles = "", [], []
    while pos < len(text):
        while pos < len(text) and text[pos].isspace():
            pos += 1
        if pos >= len(text):
            break
        char = text[pos]
        if char in _PARENS:
            end = _closing(text, pos, "（(", "）)")
            if end < 0:
                break
            inner = text[pos + 1 : end]
            found = _NUMBER_RE.search(inner)
            if found and not number:
                number = _DATED.sub("", found.group()).strip()
                inner = (inner[: found.start()] + inner[found.end() :]).strip(" ，,、")
            if inner:
                notes.append(inner)
            pos = end + 1
            continue
        bare = _LEADING_NUMBER.match(text, pos)
        if bare and not number:
            number, pos = bare.group().strip(), bare.end()
            continue
        joiner = _JOINER.match(text, pos) if articles else None
        article = _ARTICLE.match(text, joiner.end() if joiner else pos)
        if article:
            articles.append(article.group())
            pos = article.end()
            continue
        break
    return number, "，".join(notes), tuple(articles), pos


@lru_cache(maxsize=65536)
def parse(text: str) -> Basis:
    """Parse one 公开依据 entry; the same text is parsed once however many items carry it."""
    citations: list[Citation] = []
    rest: list[str] = []
    pos = 0
    while pos < len(text):
        start = next((i for i in range(pos, len(text)) if text[i] in _OPEN), -1)
        end = _closing(text, start, _OPEN, _CLOSE) if start >= 0 else -1
        if end < 0:
            rest.append(text[pos:])
            break
        rest.append(text[pos:start])
        number, note, articles, pos = _tail(text, end + 1)
        citations.append(Citation(text[start + 1 : end].strip(), number, note, articles))
    return Basis(text, tuple(citations), _REST_NOISE.sub("", "".join(rest)))
