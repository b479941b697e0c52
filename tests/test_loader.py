"""The load stage on every class of bad input: a clear diagnostic, never a crash, a hang or a lost value."""

from __future__ import annotations

import codecs
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from zwgk_cli.loader import TextLoader, load_bytes


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
    assert "看不见的字符" in doc.diagnostics[0].hint and "缩进" not in doc.diagnostics[0].hint


# ---------------------------------------------------------------- the fast paths agree with the plain ones

# Text made of YAML's punctuation, indentation and a little Chinese: mostly broken YAML, often odd valid YAML.
YAMLISH = st.lists(
    st.sampled_from(
        [*"ab: -\n\t'\"[]{},#&*!?|>%@`\\~.0", "领域", "\ufeff", "\x85", "\u2028", "- ", ": ", "\n  ", "null"]
    ),
    max_size=40,
).map("".join)
_NULLS = {"", "~", "null", "Null", "NULL"}


def _plain_values(node: Node) -> Any:
    """The loader's values written the obvious way: text, None for a plain null, the first of equal keys."""
    if isinstance(node, ScalarNode):
        return None if not node.style and node.value in _NULLS else node.value
    if isinstance(node, SequenceNode):
        return [_plain_values(child) for child in node.value]
    assert isinstance(node, MappingNode)
    result: dict[str, Any] = {}
    for key, value in node.value:
        if isinstance(key, ScalarNode) and key.value not in result:
            result[key.value] = _plain_values(value)
    return result


@settings(max_examples=500)
@given(YAMLISH)
def test_values_are_those_of_the_node_tree(text: str) -> None:
    doc = load_bytes(text.encode(), "f.yaml")
    if doc.root is not None:
        assert doc.data == _plain_values(doc.root)


def _documents(leaves: st.SearchStrategy[Any], keys: st.SearchStrategy[str]) -> st.SearchStrategy[Any]:
    return st.recursive(
        leaves,
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=4),
        max_leaves=20,
    )


@given(st.data(), st.sampled_from([None, "'", '"', "|"]), st.booleans())
def test_whatever_pyyaml_writes_reads_back_the_same(
    data: st.DataObject, style: str | None, flow: bool
) -> None:
    # A quoted null is written with an explicit tag, !!null 'null', which the loader keeps as text; PyYAML
    # writes the Unicode line breaks raw inside single quotes, where reading folds them (its own slip).
    text = st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\x85\u2028\u2029"))
    value = data.draw(_documents(st.none() | text if style is None else text, text))
    written = yaml.safe_dump(
        value, allow_unicode=True, default_style=style, default_flow_style=flow, width=10**6
    )
    doc = load_bytes(written.encode(), "f.yaml")
    assert doc.data == value or (value is None and doc.root is None)


def _tree(node: Node | None) -> tuple[Any, ...]:
    if node is None:
        return ("empty",)
    marks = (node.start_mark.index, node.start_mark.line, node.start_mark.column, node.end_mark.line)
    if isinstance(node, MappingNode):
        return ("map", node.tag, marks, [(_tree(k), _tree(v)) for k, v in node.value])
    if isinstance(node, SequenceNode):
        return ("seq", node.tag, marks, [_tree(child) for child in node.value])
    return ("str", node.tag, marks, node.value, node.style)


def _compose(source: str | bytes) -> tuple[Any, ...]:
    try:
        return _tree(yaml.compose(source, Loader=TextLoader))
    except yaml.MarkedYAMLError as exc:
        marks = [(m.line, m.column) if m else None for m in (exc.problem_mark, exc.context_mark)]
        return ("error", exc.problem, exc.context, *marks)
    except yaml.YAMLError:
        return ("reader error",)


@settings(max_examples=500)
@given(YAMLISH)
def test_libyaml_reads_bytes_as_it_reads_text(text: str) -> None:
    """The loader hands libyaml the file's bytes: the same nodes, marks (in characters) and errors."""
    assert _compose(text.encode()) == _compose(text)
