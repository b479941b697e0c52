"""Numbers as catalogues write them: 20, ２０, 二十, 两, 一百零五."""

from __future__ import annotations

NUMBER = r"[0-9０-９]+|[零〇一二两三四五六七八九十百千]+"

_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_UNITS = {"十": 10, "百": 100, "千": 1000}
_CHINESE = "〇一二三四五六七八九"


def to_int(text: str) -> int:
    """`20`, `２０`, `二十`, `一百零五` → the number."""
    if text.isdigit():
        return int(text)
    total, digit = 0, 0
    for char in text:
        if char in _DIGITS:
            digit = _DIGITS[char]
        else:
            total += (digit or 1) * _UNITS[char]
            digit = 0
    return total + digit


def to_chinese(number: int) -> str:
    """0 … 9999 in Chinese numerals as laws number their articles: 二十, 一百零五, 一百一十二."""
    if number < 10:
        return _CHINESE[number]
    if number < 20:
        return "十" + (_CHINESE[number % 10] if number % 10 else "")
    text, zero = "", False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = number // value % 10
        if digit:
            text += ("零" if zero else "") + _CHINESE[digit] + unit
            zero = False
        elif text:
            zero = True
    return text
