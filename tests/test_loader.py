"""The load stage on every class of bad input: a clear diagnostic, never a crash, a hang or a lost value."""

from __future__ import annotations

import codecs

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zwgk_cli.loader import load_bytes


def codes(raw: bytes) -> list[tuple[str, int, int]]:
    return [(d.code, d.line, d.column) for d in load_bytes(raw, "f.yaml").diagnostics]


def test_yaml_11_scalars_keep_their_text() -> None:
    doc = load_bytes(b"a: no\nb: 010\nc: 2020-05-31\nd: yes\ne: 1e3\nf: ~\ng: '~'\n", "f.yaml")
    assert doc.data == {"a": "no", "b": "010", "c": "2020-05-31", "d": "yes", "e": "1e3", "f": None, "g": "~"}


def test_utf8_bom_is_accepted() -> None:
    assert load_bytes(codecs.BOM_UTF8 + "领域: 城乡规划\n".encode(), "f.yaml").data == {"领域": "城乡规划"}


def test_gbk_file_names_the_likely_encoding() -> None:
    doc = load_bytes("领域: 城乡规划\n层级: 县级\n".encode("gbk"), "f.yaml")
    assert [(d.code, d.line, d.column) for d in doc.diagnostics] == [("ZW101", 1, 1)]
    assert "GBK/GB18030" in doc.diagnostics[0].message


def test_bad_byte_position_is_reported() -> None:
    raw = "领域: 城乡规划\n层级: ".encode() + "县级".encode("gbk") + b"\n"
    assert codes(raw) == [("ZW101", 2, 5)]


def test_utf16_is_named() -> None:
    doc = load_bytes("领域: 城乡规划".encode("utf-16"), "f.yaml")
    assert doc.diagnostics[0].code == "ZW101" and "UTF-16" in doc.diagnostics[0].message


def test_binary_file() -> None:
    assert codes(b"PK\x03\x04\x00\x00binary") == [("ZW102", 1, 1)]


@pytest.mark.parametrize("raw", [b"", b"\n\n   \n", b"# just a comment\n"])
def test_empty_file(raw: bytes) -> None:
    assert codes(raw) == [("ZW105", 1, 1)]


def test_tab_indentation_is_a_syntax_error_with_position() -> None:
    doc = load_bytes(b"a:\n\t- b\n", "f.yaml")
    assert [(d.code, d.line) for d in doc.diagnostics] == [("ZW103", 2)]
    assert "Tab" in doc.diagnostics[0].message


def test_recursive_alias_is_reported_not_looped() -> None:
    assert codes(b"a: &a [*a]\n") == [("ZW106", 1, 4)]


def test_deep_nesting_is_reported() -> None:
    assert codes(b"[" * 5000 + b"]" * 5000)[0][0] == "ZW103"


def test_duplicate_keys_keep_the_first_value_and_are_errors() -> None:
    doc = load_bytes(b"a: 1\nb:\n  c: 2\n  c: 3\na: 4\n", "f.yaml")
    assert [(d.code, d.line, d.column) for d in doc.diagnostics] == [("ZW104", 4, 3), ("ZW104", 5, 1)]
    assert doc.data == {"a": "1", "b": {"c": "2"}}


def test_multiple_documents() -> None:
    assert codes(b"a: 1\n---\nb: 2\n")[0][0] == "ZW103"


def test_control_character_is_reported() -> None:
    assert codes(b"a: b\x07c\n")[0][:2] == ("ZW103", 1)


@given(st.binary(max_size=200))
def test_any_bytes_give_data_or_diagnostics_never_an_exception(raw: bytes) -> None:
    doc = load_bytes(raw, "f.yaml")
    assert doc.root is not None or doc.diagnostics


@given(st.text(max_size=200))
def test_any_text_gives_data_or_diagnostics_never_an_exception(text: str) -> None:
    doc = load_bytes(text.encode("utf-8", "surrogatepass"), "f.yaml")
    assert doc.root is not None or doc.diagnostics


def test_quote_left_open_is_reported_where_it_opens() -> None:
    raw = '事项:\n  - 公开内容: "规划批准文件\n    公开时限: 实时\n  - 公开内容: 其他"\n'.encode()
    assert codes(raw) == [("ZW109", 2, 11)]


def test_control_character_position_counts_characters_not_bytes() -> None:
    doc = load_bytes("领域: 城乡规划\n内容: 中文\x0b换行\n".encode(), "f.yaml")
    assert [(d.code, d.line, d.column) for d in doc.diagnostics] == [("ZW103", 2, 7)]
    assert "U+000B" in doc.diagnostics[0].message
