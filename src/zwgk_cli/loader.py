"""Load stage: bytes → YAML node tree → plain Python values, keeping every node's position.

Every scalar is kept as text (YAML 1.1 would turn `no` into False, `010` into 8 and
`2020-05-31` into a date); the pydantic models convert the few fields that really are dates.
"""

from __future__ import annotations

import codecs
import operator
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .diagnostics import Diagnostic, make

try:
    from yaml import CSafeLoader as _BaseLoader

    C_LOADER = True
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

    C_LOADER = False


class TextLoader(_BaseLoader):  # type: ignore[misc,valid-type]
    """A loader that resolves no implicit types: every untagged scalar stays a string.

    The resolver hooks are replaced by constant-time ones: libyaml calls them once per node.
    """

    yaml_implicit_resolvers: dict[str, list[Any]] = {}  # noqa: RUF012 - class-level table PyYAML reads

    def resolve(self, kind: type[Node], value: Any, implicit: Any) -> str:
        return _DEFAULT_TAGS[kind]

    # Called around every node: C built-ins that ignore what they are given cost no Python frame.
    descend_resolver = staticmethod(operator.is_)  # (parent, index) → a bool nobody reads
    ascend_resolver = staticmethod(tuple)  # () → the empty tuple


_DEFAULT_TAGS = {
    ScalarNode: "tag:yaml.org,2002:str",
    SequenceNode: "tag:yaml.org,2002:seq",
    MappingNode: "tag:yaml.org,2002:map",
}
_STR_TAG, _SEQ_TAG, _MAP_TAG = (_DEFAULT_TAGS[kind] for kind in (ScalarNode, SequenceNode, MappingNode))
_QUOTES = frozenset("'\"")
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_CORE_TAGS = frozenset(
    "tag:yaml.org,2002:" + name
    for name in ("str", "seq", "map", "null", "bool", "int", "float", "timestamp", "binary")
)
# An alias may be expanded this many nodes in all before the file counts as an alias bomb.
ALIAS_BUDGET = 100_000


@dataclass(eq=False)
class Document:
    """One loaded YAML file: its values, and the node tree that remembers where each value stood."""

    file: str
    data: Any
    loaded: bool  # the file read as YAML; if not, the diagnostics say why
    diagnostics: list[Diagnostic] = field(default_factory=list)
    source: bytes = b""  # the file's bytes, when they loaded
    nodes: Node | None = None  # the node tree, once composed

    @property
    def root(self) -> Node | None:
        """The node tree; None when the file did not load.

        A clean file is read without one (see `_quick_values`): it is composed from the bytes only
        when a position is first asked, which a file without problems never does."""
        if self.nodes is None and self.loaded:
            self.nodes = compose(self.source)
        return self.nodes

    @property
    def ok(self) -> bool:
        return self.loaded and not self.diagnostics

    def position(
        self,
        path: tuple[str | int, ...],
        key: bool = False,
        alternates: Mapping[str, Collection[str]] | None = None,
    ) -> tuple[int, int]:
        """1-based line and column of the value at `path` (of its key when `key` is set)."""
        root = self.root
        if root is None:
            return (1, 1)
        node = locate(root, path, key=key, alternates=alternates or {})
        return (node.start_mark.line + 1, node.start_mark.column + 1)


def slow_loader_warning() -> str | None:
    """A message for the user when PyYAML lacks its C extension (everything works, only slower)."""
    if C_LOADER:
        return None
    return "注意：PyYAML 没有带 libyaml（C 扩展），读取会慢很多；可运行 pip install --force-reinstall pyyaml"


def load_file(path: Path, display: str) -> Document:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return _failed(display, make("ZW107", display, 1, 1, detail=exc.strerror or str(exc)))
    return load_bytes(raw, display)


def load_bytes(raw: bytes, display: str) -> Document:
    body = raw.removeprefix(codecs.BOM_UTF8)
    # libyaml reads bytes that begin with a UTF-16 BOM as UTF-16, even after a UTF-8 BOM (which
    # compose drops first); decode() refuses them, so they are left to the full reading.
    if not body.startswith(_UTF16_BOMS):
        data = _quick_values(body)
        if data is not _UNUSUAL:
            return Document(display, data, True, [], raw)
    return read_fully(raw, display)


def read_fully(raw: bytes, display: str) -> Document:
    """Any file, through its node tree: what `load_bytes` does with a file that is not clean."""
    text, problem = decode(raw, display)
    if problem is not None:
        return _failed(display, problem)
    if not text.strip():
        return _failed(display, make("ZW105", display, 1, 1))
    try:
        root = compose(raw)
    except yaml.MarkedYAMLError as exc:
        # An open quote or bracket is found only at the end of the file: point at where it opened.
        opened = exc.context and exc.context.startswith(("while scanning a quoted", "while parsing a flow"))
        mark = (exc.context_mark if opened else None) or exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        return _failed(display, make("ZW103", display, line, column, problem=_yaml_problem(exc)))
    except yaml.YAMLError:  # ReaderError: a character YAML does not allow
        return _failed(display, _forbidden_character(text, display))
    if root is None:  # only comments
        return _failed(display, make("ZW105", display, 1, 1))
    builder = _Builder(display, anchors="&" in text)
    try:
        data = builder.build(root)
    except _AliasBomb as exc:
        mark = exc.node.start_mark
        return _failed(display, make("ZW106", display, mark.line + 1, mark.column + 1, detail=exc.detail))
    except RecursionError:
        return _failed(display, make("ZW106", display, 1, 1, detail="嵌套层次过深"))
    return Document(display, data, True, builder.diagnostics, raw, root)


def compose(raw: bytes) -> Node | None:
    """The node tree of a file's bytes, every node with its position."""
    # The bytes, not the text: PyYAML would encode the text back to UTF-8 for libyaml, and libyaml
    # counts marks in characters either way.
    return yaml.compose(raw.removeprefix(codecs.BOM_UTF8), Loader=TextLoader)


_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def decode(raw: bytes, display: str) -> tuple[str, Diagnostic | None]:
    """UTF-8 (a BOM is accepted); anything else gets an error that names the likely encoding."""
    if raw.startswith(_UTF16_BOMS):
        return "", make("ZW101", display, 1, 1, guess="（看起来是 UTF-16 编码）")
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8) :]
    nul = raw.find(b"\x00")
    if nul >= 0:
        line = raw.count(b"\n", 0, nul) + 1
        return "", make("ZW102", display, line, 1, detail=f"，第 {nul + 1} 个字节是 NUL")
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = len(raw[raw.rfind(b"\n", 0, exc.start) + 1 : exc.start].decode("utf-8", "replace")) + 1
        return "", make("ZW101", display, line, column, guess=_guess_encoding(raw))


def _guess_encoding(raw: bytes) -> str:
    try:
        raw.decode("gb18030")
    except UnicodeDecodeError:
        return "（也不是 GBK/GB18030，可能是其他编码或已损坏）"
    return "（看起来是 GBK/GB18030 编码，WPS 和 Windows 记事本的默认编码）"


def _yaml_problem(exc: yaml.MarkedYAMLError) -> str:
    problem = exc.problem or exc.context or "无法解析"
    translations = {
        "mapping values are not allowed": "这里不能出现“键: 值”（含“: ”的文字需要加引号）",
        "found character '\\t' that cannot start any token": "不能用 Tab 缩进，请改用空格",
        "found character that cannot start any token": "这里有不能开头的字符（Tab 缩进，或 @、` 开头的文字需要加引号）",
        "expected <block end>, but found '-'": "列表项“-”的缩进与上文不一致",
        "could not find expected ':'": "缺少冒号“:”，或引号没有配对",
        "found undefined alias": "用到了没有定义的别名",
        "expected a single document in the stream": "一个文件只能有一个 YAML 文档（去掉多余的 ---）",
        "found unexpected end of stream": "引号没有配对：文件结束了，这里开始的引号还没有结束",
        "found unknown escape character": "双引号里的反斜杠「\\」开始了不认识的转义（含 \\ 的文字请改用单引号）",
        "did not find expected ',' or ']'": "方括号列表缺少逗号或右括号「]」",
        "did not find expected ',' or '}'": "花括号里缺少逗号或右括号「}」",
        "exceeded maximum nesting depth": "嵌套层次过深",
        "did not find expected key": "缩进不一致：这里应当是一个键（「键: 值」）",
        "did not find expected '-' indicator": "缩进不一致：这里应当是列表项「- 」",
        "expected <block end>": "缩进不一致：这一行的缩进与上文对不齐",
        "block sequence entries are not allowed": "这里不能开始列表「- 」（缩进不对，或上一行冒号后已经写了值）",
        "found a tab character": "不能用 Tab 缩进，请改用空格",
        "expected a comment or a line break": "这里应当换行（值后面多了文字，或引号后还有内容）",
        "did not find expected alphabetic or numeric character": "锚点「&」或别名「*」后面应当是字母或数字（文字以 & 或 * 开头时请加引号）",
        "did not find expected node content": "这里缺少内容",
        "found duplicate anchor": "同一个锚点名用了两次",
        "found unexpected ':'": "多了一个冒号「:」（含冒号的文字请加引号）",
        "while scanning a simple key": "缺少冒号「:」，或这一行不是「键: 值」",
    }
    for english, chinese in translations.items():
        if problem.startswith(english):
            return chinese
    return f"无法解析（{problem}）"


# Characters YAML does not allow in a stream (YAML 1.1 §5.1, as libyaml checks them).
_FORBIDDEN = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _forbidden_character(text: str, display: str) -> Diagnostic:
    found = _FORBIDDEN.search(text)
    position = found.start() if found else 0
    line = text.count("\n", 0, position) + 1
    column = position - (text.rfind("\n", 0, position) + 1) + 1
    code = f"U+{ord(found.group()):04X}" if found else ""
    problem = f"有 YAML 不允许的控制字符 {code}（常见于从 Word、Excel 复制的换行或分页符）"
    # Not the usual hint about indents and quotes: nothing is wrong with those here.
    hint = "删掉这个看不见的字符，需要分行就换成普通的换行"
    return replace(make("ZW103", display, line, column, problem=problem), hint=hint)


def _failed(display: str, diagnostic: Diagnostic) -> Document:
    return Document(display, None, False, [diagnostic])


# ---------------------------------------------------------------- the quick reading of a clean file
#
# PyYAML's C composer builds the node tree by calling the node classes it finds among the globals of
# its module, yaml._yaml, once per node (about 14 000 nodes in a county's catalogues): a Python
# object with two marks for every scalar, and another pass to turn the tree into values. For a
# clean file that tree is never looked at again. So the composer is handed, while it reads one
# file, callables that return the values themselves: a scalar becomes its text (or None), and a
# collection a small holder of its entries. Anything out of the ordinary (a tag, an anchor, a key
# written twice, a quote left open, a key that is not text, deep nesting, a syntax error) stops the
# quick reading, and the file is read the full way above, which reports it exactly as ever
# (tests/test_quick_reading.py holds the two readings to the same result for any bytes).
# The swapped classes are seen by every thread of the process: zwgk reads YAML in one thread only
# (`-j` runs processes), so nothing else composes YAML while a file is read this way.


class _Unusual(Exception):
    """The quick reading met something the full one has to look at."""


_UNUSUAL: Any = _Unusual  # what _quick_values returns when the file must be read the full way
_DEFAULT = object()  # the tag of every untagged node, as _QuickLoader.resolve gives it


def _quick_scalar(tag: Any, value: str, start_mark: Any, end_mark: Any, style: str | None) -> str | None:
    if tag is not _DEFAULT:
        raise _Unusual
    if not style:
        return None if value in _NULLS else value
    if style in _QUOTES and end_mark.line > start_mark.line:
        raise _Unusual  # ZW109
    return value


class _QuickCollection:
    __slots__ = ("end_mark", "value")
    __hash__ = None  # type: ignore[assignment]  # as a mapping key: dict() fails, the full reading reports it

    def __init__(self, tag: Any, value: list[Any], start_mark: Any, end_mark: Any, flow_style: Any) -> None:
        if tag is not _DEFAULT:
            raise _Unusual
        self.value = value


class _QuickSequence(_QuickCollection):
    __slots__ = ()


class _QuickMapping(_QuickCollection):
    __slots__ = ()


class _QuickLoader(TextLoader):
    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        return _DEFAULT


# Collections nested deeper than this are left to the full reading. Its builder recurses twice as
# deep per level as _quick_build and reports a RecursionError (ZW106): near Python's recursion limit
# the two would disagree. Catalogue files nest four levels deep.
_QUICK_DEPTH = 64


def _quick_build(node: _QuickCollection, depth: int = _QUICK_DEPTH) -> Any:
    """The values below a collection of the quick reading."""
    if not depth:
        raise _Unusual
    depth -= 1
    if type(node) is _QuickSequence:
        return [_quick_build(v, depth) if isinstance(v, _QuickCollection) else v for v in node.value]
    pairs = node.value
    result = dict(pairs)
    if len(result) != len(pairs) or None in result:
        raise _Unusual  # a key written twice, or a plain null as a key
    for key, value in pairs:
        if isinstance(value, _QuickCollection):
            result[key] = _quick_build(value, depth)
    return result


_QUICK_NODES = {"ScalarNode": _quick_scalar, "SequenceNode": _QuickSequence, "MappingNode": _QuickMapping}
_COMPOSER = getattr(yaml, "_yaml", None) if C_LOADER else None
if not all(hasattr(_COMPOSER, name) for name in _QUICK_NODES):  # pragma: no cover - another PyYAML
    _COMPOSER = None


def _quick_values(body: bytes) -> Any:
    """The values of a clean file (its bytes after any UTF-8 BOM), read without a node tree;
    _UNUSUAL for any other file."""
    if _COMPOSER is None or b"&" in body:
        return _UNUSUAL  # anchors: the full reading keeps count of aliases (ZW106)
    saved = {name: getattr(_COMPOSER, name) for name in _QUICK_NODES}
    try:
        for name, quick in _QUICK_NODES.items():
            setattr(_COMPOSER, name, quick)
        root = yaml.compose(body, Loader=_QuickLoader)
    # AttributeError: a second document, which PyYAML reports with the first one's start_mark;
    # TypeError: a PyYAML that calls the node classes with other arguments.
    except (_Unusual, yaml.YAMLError, RecursionError, AttributeError, TypeError):
        return _UNUSUAL
    finally:
        for name, node_class in saved.items():
            setattr(_COMPOSER, name, node_class)
    if not isinstance(root, _QuickCollection):
        return _UNUSUAL  # empty, only comments, or a lone scalar (which may be only Unicode spaces)
    try:
        return _quick_build(root)
    except (_Unusual, TypeError, RecursionError):
        return _UNUSUAL


class _AliasBomb(Exception):
    def __init__(self, node: Node, detail: str) -> None:
        super().__init__(detail)
        self.node, self.detail = node, detail


class _Builder:
    """Turn a node tree into dicts, lists, strings and None, reporting duplicate keys and odd tags.

    Plain untagged scalars, nearly every node, are handled inline by their parent, with no call.
    """

    def __init__(self, display: str, anchors: bool = True) -> None:
        self.display = display
        self.diagnostics: list[Diagnostic] = []
        # Without an anchor in the file no node is reached twice: alias bookkeeping is skipped.
        self.anchors = anchors
        self.seen: set[int] = set()
        self.open: set[int] = set()
        self.expanded = 0
        self.sizes: dict[int, int] = {}

    def build(self, node: Node) -> Any:
        if type(node) is ScalarNode:
            return self._scalar(node)
        if self.anchors:
            self._enter(node)
        try:
            if type(node) is SequenceNode:
                return self._sequence(node)
            return self._mapping(node)
        finally:
            if self.anchors:
                self.open.discard(id(node))

    def _enter(self, node: Node) -> None:
        key = id(node)
        if key in self.open:
            raise _AliasBomb(node, "别名引用了它自己")
        if key in self.seen:
            self.expanded += _size(node, self.sizes)
            if self.expanded > ALIAS_BUDGET:
                raise _AliasBomb(node, f"展开超过 {ALIAS_BUDGET} 个节点")
        self.seen.add(key)
        self.open.add(key)

    def _scalar(self, node: ScalarNode) -> str | None:
        self._check_tag(node)
        style = node.style
        if not style:  # plain style: None (Python parser) or "" (libyaml)
            return None if node.value in _NULLS else node.value
        if style in _QUOTES and node.end_mark.line > node.start_mark.line:
            # Almost always a quote left open: it swallows the lines (and items) after it.
            mark = node.start_mark
            self.diagnostics.append(make("ZW109", self.display, mark.line + 1, mark.column + 1))
        return node.value

    def _sequence(self, node: SequenceNode) -> list[Any]:
        if node.tag is not _SEQ_TAG:
            self._check_tag(node)
        result: list[Any] = []
        for child in node.value:
            if type(child) is ScalarNode and child.tag is _STR_TAG and not child.style:
                value = child.value
                result.append(None if value in _NULLS else value)
            else:
                result.append(self.build(child))
        return result

    def _mapping(self, node: MappingNode) -> dict[str, Any]:
        if node.tag is not _MAP_TAG:
            self._check_tag(node)
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if type(key_node) is not ScalarNode:
                mark = key_node.start_mark
                self.diagnostics.append(
                    make("ZW103", self.display, mark.line + 1, mark.column + 1, problem="键必须是一段文字")
                )
                continue
            key = key_node.value
            if key in result:
                self._duplicate(node, key_node)
            elif type(value_node) is ScalarNode and value_node.tag is _STR_TAG and not value_node.style:
                value = value_node.value
                result[key] = None if value in _NULLS else value
            else:
                result[key] = self.build(value_node)
        return result

    def _duplicate(self, node: MappingNode, key_node: ScalarNode) -> None:
        """A key written twice: the first one's line is looked up only now, on this rare path."""
        key, mark = key_node.value, key_node.start_mark
        first = next(k for k, _ in node.value if type(k) is ScalarNode and k.value == key).start_mark
        self.diagnostics.append(
            make("ZW104", self.display, mark.line + 1, mark.column + 1, key=key, first=first.line + 1)
        )

    def _check_tag(self, node: Node) -> None:
        tag = node.tag
        if (
            tag
            and tag not in _CORE_TAGS
            and not (isinstance(node, MappingNode | SequenceNode) and tag == "!")
        ):
            mark = node.start_mark
            short = tag.replace("tag:yaml.org,2002:", "!!")
            self.diagnostics.append(make("ZW108", self.display, mark.line + 1, mark.column + 1, tag=short))


def _size(node: Node, memo: dict[int, int]) -> int:
    """Nodes in the tree below `node` with aliases expanded, memoized so a bomb costs linear time."""
    if isinstance(node, ScalarNode):
        return 1
    known = memo.get(id(node))
    if known is None:
        children = node.value if isinstance(node, SequenceNode) else [n for pair in node.value for n in pair]
        memo[id(node)] = -1  # a cycle counts as nothing here; build() reports it
        known = memo[id(node)] = 1 + sum(max(_size(child, memo), 0) for child in children)
    return known


def locate(
    root: Node,
    path: tuple[str | int, ...],
    key: bool = False,
    alternates: Mapping[str, Collection[str]] | None = None,
) -> Node:
    """The deepest node along `path`; with `key`, the key node of the last mapping step.

    `alternates` gives the other spellings of a key (the path uses the canonical one).
    """
    node = root
    for depth, part in enumerate(path):
        child: Node | None = None
        if isinstance(node, MappingNode):
            names = alternates.get(part, (part,)) if alternates and isinstance(part, str) else (part,)
            for key_node, value_node in node.value:
                if isinstance(key_node, ScalarNode) and key_node.value in names:
                    last = depth == len(path) - 1
                    child = key_node if key and last else value_node
                    break
        elif isinstance(node, SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
            child = node.value[part]
        if child is None:
            return node
        node = child
    return node
