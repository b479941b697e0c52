"""The quick reading of a clean file gives exactly what the full reading gives, for any bytes.

`load_bytes` reads most files without a node tree (loader._quick_values) and leaves anything unusual
to `read_fully`. Both must agree on every input: the values (their types and key order too), whether
the file loaded, every diagnostic with its position and wording, and the node tree asked later.
"""

from __future__ import annotations

import codecs
from pathlib import Path
from typing import Any

import pytest
import yaml
import yaml._yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from zwgk_cli import loader
from zwgk_cli.loader import load_bytes, read_fully

REPO = Path(__file__).resolve().parent.parent
CATALOGUES = sorted((REPO / "catalogues").rglob("*.yaml"))
SOURCES = [path.read_bytes() for path in CATALOGUES]
NODE_CLASSES = {"ScalarNode": ScalarNode, "SequenceNode": SequenceNode, "MappingNode": MappingNode}


def _tree(root: Node | None) -> list[Any]:
    """Every node, parents first, with its tag, marks and text or number of children.

    Not recursive: the trees of deeply nested files are compared too."""
    flat: list[Any] = []
    stack = [root]
    while stack:
        node = stack.pop()
        if node is None:
            flat.append(None)
            continue
        marks = (node.start_mark.index, node.start_mark.line, node.start_mark.column, node.end_mark.index)
        if isinstance(node, ScalarNode):
            flat.append(("str", node.tag, marks, node.value, node.style))
            continue
        children = [n for pair in node.value for n in pair] if isinstance(node, MappingNode) else node.value
        flat.append((type(node).__name__, node.tag, marks, len(children)))
        stack.extend(reversed(children))
    return flat


def _outcome(read: Any, raw: bytes) -> tuple[Any, ...]:
    try:
        doc = read(raw, "目录/f.yaml")
    except Exception as exc:  # both readings must fail alike, too
        return ("raised", type(exc).__name__, str(exc))
    # repr: the same types and key order, not only equal values
    return (repr(doc.data), doc.data, doc.loaded, doc.ok, doc.diagnostics, doc.source, _tree(doc.root))


def assert_same(raw: bytes) -> bool:
    """Assert that both readings agree on `raw`; True when the quick reading answered."""
    quick = load_bytes(raw, "目录/f.yaml")
    took_quick = quick.loaded and quick.nodes is None  # no node tree yet: none was composed
    assert _outcome(load_bytes, raw) == _outcome(read_fully, raw)
    assert {name: getattr(yaml._yaml, name) for name in NODE_CLASSES} == NODE_CLASSES
    return took_quick


# ---------------------------------------------------------------- one case for each tricky construct

CLEAN = {
    "block mapping": b"a: b\nc:\n  - d\n  - e: f\n",
    "flow collections": b"a: [b, {c: d}, []]\ne: {}\n",
    "sequence at the top": b"- a\n- [b]\n- {c: d}\n",
    "keys that look like numbers": b"1: a\n010: b\n1e3: c\n0x1F: d\n",
    "keys that look like booleans": b"yes: a\nno: b\ntrue: c\nOn: d\n",
    "plain nulls as values": b"a: ~\nb: null\nc: Null\nd: NULL\ne:\nf: ''\ng: '~'\n",
    "merge key": b"<<: a\nb: c\n",
    "value key": b"=: a\nb: c\n",
    "quoted empty key": b"'': a\nb: c\n",
    "double-quoted empty key": b'"": a\n',
    "quoted null-like keys": b"'~': a\n'null': b\n",
    "non-specific tag": b"a: ! b\nc: ! ~\nd: ! [e]\n",
    "complex key that is text": b"? a\n: b\n",
    "document start": b"---\na: b\n",
    "document end": b"a: b\n...\n",
    "YAML directive": b"%YAML 1.1\n---\na: b\n",
    "TAG directive, unused": b"%TAG !e! tag:example.com,2000:\n---\na: b\n",
    "CRLF line breaks": b"a: b\r\nc:\r\n  - d\r\n",
    "CR line breaks": b"a: b\rc: d\r",
    "NEL line breaks": "a: b\x85c: d\x85".encode(),
    "U+2028 line breaks": "a: b\u2028c: d\u2028".encode(),
    "UTF-8 BOM": codecs.BOM_UTF8 + "领域: 城乡规划\n".encode(),
    "two UTF-8 BOMs": codecs.BOM_UTF8 * 2 + b"a: b\n",
    "BOM inside a value": "a: b\ufeffc\n".encode(),
    "tab inside a value": b"a: b\tc\n",
    "tab after a value": b"a: b\t\n",
    "block scalars": b"a: |\n  one\n  two\nb: >-\n  three\n  four\n",
    "multi-line plain scalar": b"a: one\n  two\n",
    "one-line quoted scalars": b"a: 'b''c'\nd: \"e\\tf\\u4e2d\"\n",
    "comments": b"# c\na: b # c\n# c\n",
    "nested mappings, keys repeated in other mappings": b"a:\n  x: 1\nb:\n  x: 2\n",
    "private-use and astral characters": "a: \ue000\U0001f600\n".encode(),
    "no-break and ideographic spaces": "a: \xa0\u3000\n".encode(),
    "a mapping 64 levels deep": b"{a: " * 64 + b"b" + b"}" * 64,
}

UNUSUAL = {
    "empty": b"",
    "only spaces": b"   \n\n",
    "only comments": b"# a\n# b\n",
    "only Unicode spaces": "\u3000\n".encode(),
    "empty document markers": b"---\n...\n",
    "lone scalar": b"a\n",
    "lone null": b"~\n",
    "two documents": b"a: b\n---\nc: d\n",
    "an empty document, then one": b"---\n---\na: b\n",
    "a document after a scalar one": b"a\n---\nb: c\n",
    "duplicate key": b"a: b\na: c\n",
    "duplicate key in a nested mapping": b"a:\n  b: 1\n  b: 2\n",
    "duplicate key, quoted and plain": b"a: 1\n'a': 2\n",
    "plain null as a key": b"~: a\nb: c\n",
    "plain null word as a key": b"null: a\n",
    "empty key": b": a\n",
    "empty complex key": b"?\n: a\n",
    "flow sequence as a key": b"[a, b]: c\n",
    "flow mapping as a key": b"{a: b}: c\n",
    "complex key that is a mapping": b"? a: b\n: c\n",
    "complex key that is a sequence": b"? - a\n: b\n",
    "explicit str tag": b"a: !!str b\n",
    "explicit null tag": b"a: !!null ''\n",
    "explicit map tag": b"a: !!map {b: c}\n",
    "explicit seq tag": b"!!seq [a]\n",
    "local tag": b"a: !x b\n",
    "local tag on a collection": b"a: !x [b]\n",
    "verbatim tag": b"a: !<tag:yaml.org,2002:int> 1\n",
    "tag on a key": b"!!int 1: a\n",
    "TAG directive, used": b"%TAG !e! tag:example.com,2000:\n---\na: !e!x b\n",
    "anchor and alias": b"a: &x b\nc: *x\n",
    "self-referencing alias": b"a: &a [*a]\n",
    "alias without an anchor": b"a: *x\n",
    "alias bomb": b"a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n",
    "multi-line single-quoted value": b"a: 'b\n  c'\n",
    "multi-line double-quoted value": b'a: "b\n  c"\n',
    "multi-line quoted key": b"? 'a\n  b'\n: c\n",
    "quote left open": '事项:\n  - 公开内容: "规划\n    公开时限: 实时\n'.encode(),
    "tab indentation": b"a:\n\t- b\n",
    "syntax error": b"a: b: c\n",
    "unclosed flow sequence": b"a: [b, c\n",
    "unknown escape": b'a: "\\q"\n',
    "undefined directive": b"%FOO bar\n---\na: b\n",
    "repeated YAML directive": b"%YAML 1.1\n%YAML 1.1\n---\na: b\n",
    "control character": b"a: b\x07c\n",
    "vertical tab": "a: 中文\x0b换行\n".encode(),
    "DEL": b"a: b\x7f\n",
    "C1 control": "a: b\x9f\n".encode(),
    "NUL": b"a: b\x00\n",
    "GBK": "领域: 城乡规划\n".encode("gbk"),
    "cut UTF-8 sequence": "a: 中".encode()[:-1],
    "overlong UTF-8": b"a: \xc0\xaf\n",
    "UTF-8 surrogate": b"a: \xed\xa0\x80\n",
    "beyond U+10FFFF": b"a: \xf4\x90\x80\x80\n",
    "UTF-16 LE": "a: b\n".encode("utf-16-le"),
    "UTF-16 with BOM": "a: b\n".encode("utf-16"),
    "UTF-16 BE with BOM": codecs.BOM_UTF16_BE + "a: b\n".encode("utf-16-be"),
    "UTF-32 LE with BOM": "a: b\n".encode("utf-32"),
    "UTF-32 BE with BOM": codecs.BOM_UTF32_BE + "a: b\n".encode("utf-32-be"),
    "UTF-8 BOM, then a UTF-16 one": codecs.BOM_UTF8 + "a: b\n".encode("utf-16"),
    "UTF-8 BOM, then a UTF-16 BE one": codecs.BOM_UTF8 + codecs.BOM_UTF16_BE + "a: b\n".encode("utf-16-be"),
    "UTF-8 BOM, then UTF-16 text with no NUL byte": codecs.BOM_UTF8 + "领域：城乡".encode("utf-16"),
    "U+2029, a line break to libyaml, in a value": "a: b\u2029c\n".encode(),
    "BOM at the start of a later line": "a: b\n\ufeffc: d\n".encode(),
    "a mapping 65 levels deep": b"{a: " * 65 + b"b" + b"}" * 65,
}


@pytest.mark.parametrize("raw", CLEAN.values(), ids=CLEAN.keys())
def test_clean_construct_is_read_quickly_and_alike(raw: bytes) -> None:
    assert assert_same(raw)


@pytest.mark.parametrize("raw", UNUSUAL.values(), ids=UNUSUAL.keys())
def test_unusual_construct_is_left_to_the_full_reading(raw: bytes) -> None:
    assert not assert_same(raw)


@pytest.mark.parametrize("depth", [1, 2, 5, 63, 64, 65, 100, 300, 450, 490, 500, 600, 999, 1000, 1001, 1100])
@pytest.mark.parametrize("shape", ["flow mapping", "flow sequence", "block mapping", "block sequence", "mix"])
def test_deep_nesting(depth: int, shape: str) -> None:
    if shape == "flow mapping":
        raw = b"{a: " * depth + b"b" + b"}" * depth
    elif shape == "flow sequence":
        raw = b"[" * depth + b"b" + b"]" * depth
    elif shape == "block mapping":
        raw = b"".join(b" " * i + b"a:\n" for i in range(depth)) + b" " * depth + b"b\n"
    elif shape == "block sequence":
        raw = b"".join(b" " * (2 * i) + b"-\n" for i in range(depth)) + b" " * (2 * depth) + b"b\n"
    else:  # mix
        raw = b"a: " + b"[{a: " * (depth // 2) + b"b" + b"}]" * (depth // 2)
    assert_same(raw)


@pytest.mark.parametrize("path", CATALOGUES, ids=[p.relative_to(REPO).as_posix() for p in CATALOGUES])
def test_shipped_catalogues_are_read_quickly_and_alike(path: Path) -> None:
    raw = path.read_bytes()
    assert assert_same(raw) or b"&" in raw


class _Stop(BaseException):
    pass


def _stop(*args: Any) -> None:
    raise _Stop


def test_node_classes_are_restored_when_the_reading_is_interrupted(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(loader._QUICK_NODES, "MappingNode", _stop)
    with pytest.raises(_Stop):
        load_bytes(b"a: b\n", "f.yaml")
    assert {name: getattr(yaml._yaml, name) for name in NODE_CLASSES} == NODE_CLASSES


def _recursion(*args: Any) -> None:
    raise RecursionError


def test_recursion_error_in_the_composer_falls_back(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(loader._QUICK_NODES, "ScalarNode", _recursion)
    assert not assert_same(b"a: b\n")


# ---------------------------------------------------------------- generated inputs

# Pieces of YAML syntax, the odd characters YAML allows or refuses, and a little Chinese.
FRAGMENTS = [
    *"ab1:-?,[]{}#&*!|>'\"%@`\\~.= \t\n",
    *["领域", "null", "NULL", "yes", "<<", "010", ": ", "- ", "? ", "\n  ", "\n    ", "''", '""'],
    *["!!str ", "! ", "!x ", "!!map ", "&a ", "*a", "---\n", "...\n"],
    *["%YAML 1.1\n", "%TAG !e! tag:e,2000:\n"],
    *["\r\n", "\r", "\x85", "\u2028", "\u2029", "\ufeff", "\xa0", "\u3000", "\ue000", "\U0001f600"],
    *["\x00", "\x07", "\x0b", "\x0c", "\x1b", "\x7f", "\x9f", "\ud7ff", "\ufffd", "\ufffe"],
]
BAD_BYTES = [codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF8, b"\xc0", b"\xe4\xb8"]
FRAGMENT_BYTES = [f.encode() for f in FRAGMENTS] + BAD_BYTES


def assert_same_generated(raw: bytes) -> None:
    """assert_same, counting (for --hypothesis-show-statistics) how often the quick reading answered."""
    event("quick reading" if assert_same(raw) else "full reading")


SOUP = st.lists(st.sampled_from(FRAGMENTS), max_size=40).map("".join)

# Scalars and small collections, clean and unusual, for a line of YAML.
WORDS = st.sampled_from(
    [
        *["a", "b", "领域", "城乡 规划", "1", "yes", "~", "null", "NULL", "<<", "="],
        *["x # c", "\u3000", "a\tb", "''", '""', "'x'", '"y"', "'~'", "'a''b'", '"\\u4e2d\\t"'],
        *["[a, b]", "{a: b}", "[]", "{}", "[~, '']", "!!str s", "! t", "!x u", "! [v]", "*a", "&a w"],
        *["'多\n  行'", '"a\\\n  b"', "|\n  block", ">-\n  fold"],
        *["\ufeffbom", "\x85", "a\u2028b", "\x07", "\\"],
    ]
)
LINE = st.builds(
    lambda indent, dash, key, value: f"{' ' * indent}{'- ' * dash}{f'{key}: ' if key else ''}{value}",
    st.integers(0, 6),
    st.booleans(),
    st.none() | WORDS,
    WORDS | st.just(""),
)
LINES = st.builds(
    lambda head, lines, brk, tail: head + brk.join(lines) + tail,
    st.sampled_from(["", "\ufeff", "---\n", "--- ", "%YAML 1.1\n---\n", "# c\n"]),
    st.lists(LINE, min_size=1, max_size=12),
    st.sampled_from(["\n", "\n", "\n", "\r\n", "\r", "\x85", "\u2028"]),
    st.sampled_from(["", "\n", "\n...\n", "\n---\n", "\n---\nb: c\n", "\n# end"]),
)

# Mostly clean scalars, for documents that are mostly clean. A line break in a scalar is indented
# below the line it belongs to when the document is written out.
PLAIN_WORDS = st.sampled_from(["a", "b", "c", "领域", "公开 内容", "1", "no", "~", "null", "", "'q'", '"d"'])
SCALARS = PLAIN_WORDS | WORDS.map(lambda word: word.replace("\n  ", "\n"))
KEYS = PLAIN_WORDS | SCALARS


class Pairs(tuple):  # type: ignore[type-arg]
    """A mapping as its (key, value) pairs: a key may be written twice."""

    __slots__ = ()


def _rendered(node: Any, indent: int, flow: bool) -> list[str]:
    pad = " " * indent
    if isinstance(node, str):
        return [pad + node.replace("\n", "\n" + pad + "  ")]
    if flow or not node:
        return [pad + _flow(node)]
    lines: list[str] = []
    for entry in node:
        head, value = (f"{pad}{entry[0]}:", entry[1]) if isinstance(node, Pairs) else (f"{pad}-", entry)
        if isinstance(value, str):
            lines.append(f"{head} " + value.replace("\n", "\n" + pad + "  "))
        elif not value:
            lines.append(f"{head} {_flow(value)}")
        else:
            lines.append(head)
            lines.extend(_rendered(value, indent + 2, False))
    return lines


def _flow(node: Any) -> str:
    if isinstance(node, str):
        return node
    if isinstance(node, Pairs):
        return "{" + ", ".join(f"{k}: {_flow(v)}" for k, v in node) + "}"
    return "[" + ", ".join(_flow(v) for v in node) + "]"


TREES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4).map(tuple) | st.lists(st.tuples(KEYS, inner), max_size=4).map(Pairs)
    ),
    max_leaves=15,
)
DOCUMENTS = st.builds(
    lambda tree, flow, head, brk: (head + "\n".join(_rendered(tree, 0, flow)) + "\n").replace("\n", brk),
    TREES.filter(lambda tree: not isinstance(tree, str)),
    st.booleans(),
    st.sampled_from(["", "\ufeff", "---\n", "# c\n"]),
    st.sampled_from(["\n", "\n", "\n", "\r\n", "\r", "\x85", "\u2028"]),
)


@settings(max_examples=600, deadline=None)
@given(DOCUMENTS)
def test_any_document(text: str) -> None:
    assert_same_generated(text.encode())


# An encoding and the BOM written before the text in it (libyaml reads UTF-16 after its BOM).
ENCODINGS = [
    (b"", "utf-8"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
    (b"", "utf-16-le"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (b"", "gb18030"),
]


@settings(max_examples=300, deadline=None)
@given(DOCUMENTS, st.booleans(), st.sampled_from(ENCODINGS))
def test_any_document_in_any_encoding(text: str, utf8_bom: bool, encoding: tuple[bytes, str]) -> None:
    bom, codec = encoding
    assert_same_generated(codecs.BOM_UTF8 * utf8_bom + bom + text.encode(codec, "replace"))


@settings(max_examples=500, deadline=None)
@given(SOUP)
def test_any_soup_of_yaml_syntax(text: str) -> None:
    assert_same_generated(text.encode("utf-8", "surrogatepass"))


@settings(max_examples=400, deadline=None)
@given(LINES)
def test_any_lines_of_block_yaml(text: str) -> None:
    assert_same_generated(text.encode())


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_any_bytes(raw: bytes) -> None:
    assert_same_generated(raw)


FRAMES = ["a: {}\n", "- {}\n", "a:\n  - b: {}\n", "'{}': a\n", "a: [{}]\n"]  # {}: where the text goes


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=100), st.sampled_from(FRAMES))
def test_any_text_in_a_clean_file(text: str, frame: str) -> None:
    assert_same_generated(frame.replace("{}", text).encode("utf-8", "surrogatepass"))


@st.composite
def mutated_catalogue(draw: st.DrawFn) -> bytes:
    """A shipped catalogue file with a few bytes changed, pieces inserted, ranges cut or lines doubled."""
    raw = bytearray(draw(st.sampled_from(SOURCES)))
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(raw)))
        how = draw(st.sampled_from(["value", "value", "key", "byte", "piece", "cut", "line", "indent"]))
        if how in ("value", "key"):  # another text for the value or the key of the line at `at`
            start = raw.rfind(b"\n", 0, at) + 1
            end = raw.find(b"\n", at)
            end = len(raw) if end < 0 else end
            colon = raw.find(b": ", start, end)
            if colon >= 0:
                word = draw(SCALARS).encode()
                if how == "value":
                    raw[colon + 2 : end] = word
                else:  # the key starts after the indent and any "- "
                    raw[colon - len(raw[start:colon].lstrip(b" -")) : colon] = word
        elif how == "byte":
            raw[at : at + 1] = bytes([draw(st.integers(0, 255))])
        elif how == "piece":
            raw[at:at] = draw(st.sampled_from(FRAGMENT_BYTES))
        elif how == "cut":
            del raw[at : at + draw(st.integers(1, 40))]
        else:  # double the line at `at` (a key written twice), or shift it by a space
            start = raw.rfind(b"\n", 0, at) + 1
            end = raw.find(b"\n", at)
            end = len(raw) if end < 0 else end + 1
            raw[start:start] = raw[start:end] if how == "line" else b" "
    return bytes(raw)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_catalogue())
def test_any_mutated_catalogue(raw: bytes) -> None:
    assert_same_generated(raw)
