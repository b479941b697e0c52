"""The theme's output escape: what a template outputs is escaped exactly as Jinja's own escape does."""

from __future__ import annotations

import enum
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from jinja2 import DictLoader, Environment, StrictUndefined, UndefinedError
from markupsafe import Markup, escape

from zwgk_cli import theme

HOSTILE = "<script>alert('x')</script> & \"q\" ' > < &amp; \x00 规划"


@given(st.text())
def test_escape_text_is_markupsafe_escape_as_str(text: str) -> None:
    for escaped in (theme.escape_text(text), theme._escape_text_public(text)):
        assert type(escaped) is str
        assert escaped == str(escape(text))


@pytest.mark.parametrize("text", ["", "plain", HOSTILE, "&#34;&#39;", "<" * 1000, "\ud800"])
def test_escape_text_escapes_what_escape_escapes(text: str) -> None:
    assert theme.escape_text(text) == theme._escape_text_public(text) == str(escape(text))


class _Sub(str):
    pass


class _Kind(enum.StrEnum):
    TAG = "<b>"


class _Html:
    def __html__(self) -> str:
        return "<i>safe</i>"

    def __str__(self) -> str:
        return "<i>unsafe</i>"


class _MarkupSub(Markup):
    def __html__(self) -> Markup:
        return Markup("<u>sub</u>")


VALUES: list[Any] = [
    "", HOSTILE, Markup("<b>kept</b>"), Markup(HOSTILE), _Sub(HOSTILE), _Kind.TAG, _Html(), _MarkupSub("<x>"),
    0, 3, -1.5, Decimal("1.10"), True, None, ["<a>", "'"], ("<",), {"<k>": "&"}, b"<bytes>",
]  # fmt: skip


@pytest.mark.parametrize("value", VALUES, ids=lambda v: type(v).__name__)
def test_the_output_escape_writes_what_escape_writes(value: Any) -> None:
    out = theme._escape_output(value)
    assert out == str(escape(value))
    assert type(out) in (str, Markup)


def test_the_output_escape_refuses_an_undefined_value_as_escape_does() -> None:
    env = theme.environment([])
    undefined = StrictUndefined(name="missing")
    with pytest.raises(UndefinedError):
        escape(undefined)
    with pytest.raises(UndefinedError):
        theme._escape_output(undefined)
    with pytest.raises(UndefinedError):
        env.from_string("{{ missing }}").render()


# Every construct whose output goes through the module-level `escape` of compiled code, or whose
# output is made Markup afterwards: macros, caller(), filter and set blocks, blocks and super(),
# includes, imports with and without context, and autoescape switched off and on again.
TEMPLATES = {
    "base.html": (
        "<title>{% block title %}{{ v }}{% endblock %}</title>\n"
        "{% block body %}[{{ v }}]{% endblock %}\n"
        "{{ self.title() }}|{{ self.title()|length }}\n"
    ),
    "_m.html": (
        "{% macro show(x, y='<d>') %}<m>{{ x }}{{ y }}{% if caller is defined %}{{ caller() }}{% endif %}</m>{% endmacro %}\n"
        "{% macro plain(x) %}{{ x }}{% endmacro %}\n"
        "{% macro each(xs) %}{% for x in xs %}<e>{{ caller(x) }}</e>{% endfor %}{% endmacro %}\n"
        "{% set top %}<s>{{ v | default('') }}</s>{% endset %}\n"
    ),
    "inc.html": "<inc>{{ v }}{{ values | join(',') }}</inc>\n",
    "page.html": (
        '{% extends "base.html" %}\n'
        '{% import "_m.html" as m %}\n'
        '{% from "_m.html" import show, plain with context %}\n'
        "{% block title %}{{ super() }}/{{ v|upper }}{% endblock %}\n"
        "{% block body %}{{ super() }}\n"
        "{{ m.show(v) }}{{ m.plain(v)|length }}{{ m.plain(v) ~ v }}\n"
        "{% call show(v) %}<c>{{ v }}</c>{% endcall %}\n"
        "{% call(x) m.each(values) %}{{ x }}{{ v }}{% endcall %}\n"
        "{% filter upper %}<f>{{ v }}{{ plain(v) }}</f>{% endfilter %}\n"
        "{% filter replace('&', '+') %}{{ v }}{% endfilter %}\n"
        "{% set captured %}<k>{{ v }}</k>{% endset %}{{ captured }}{{ captured|length }}{{ captured|e }}\n"
        "{% set joined = v ~ '<j>' ~ safe %}{{ joined }}\n"
        "{% for x in values %}{{ loop.index }}:{{ x }};{% else %}none{% endfor %}\n"
        "{{ values }}{{ values|join('<') }}{{ values|first }}{{ values|map('string')|list }}\n"
        "{{ safe }}{{ safe|safe }}{{ v|safe }}{{ v|e }}{{ v|forceescape }}{{ safe ~ v }}{{ v|striptags }}\n"
        "{{ '<const>' }}{{ 1 + 2 }}{{ none }}{{ number }}{{ html }}{{ sub }}{{ kind }}\n"
        "{% include 'inc.html' %}{% include 'inc.html' with context %}\n"
        "{% autoescape false %}{{ v }}{{ plain(v) }}{% include 'inc.html' %}"
        "{% autoescape true %}{{ v }}{% endautoescape %}{% endautoescape %}\n"
        "{{ m.top }}{{ v|truncate(8) }}{{ v|wordwrap(5) }}{{ v|indent(2) }}{{ v|center(60) }}\n"
        "{% endblock %}\n"
    ),
}


def _render(env: Environment, values: dict[str, Any]) -> str:
    return env.get_template("page.html").render(values)


@pytest.mark.parametrize("v", ["plain", HOSTILE, Markup(HOSTILE), _Sub(HOSTILE), _Kind.TAG])
def test_templates_of_the_theme_render_as_jinja_renders_them(v: Any) -> None:
    options: dict[str, Any] = {"autoescape": True, "undefined": StrictUndefined, "trim_blocks": True}
    ours = theme._Environment(loader=DictLoader(TEMPLATES), **options)
    jinja = Environment(loader=DictLoader(TEMPLATES), **options)
    values = {
        "v": v, "values": [HOSTILE, Markup("<ok>"), 7], "safe": Markup("<safe>&amp;</safe>"), "number": 1.5,
        "html": _Html(), "sub": _Sub("<sub>"), "kind": _Kind.TAG,
    }  # fmt: skip
    page = ours.get_template("page.html")
    assert page.root_render_func.__globals__["escape"] is theme._escape_output  # the faster escape is used
    assert _render(ours, values) == _render(jinja, values)
    assert _render(ours, values) == _render(ours, values)  # and again, with the imports cached


def test_the_shipped_templates_are_compiled_with_the_output_escape() -> None:
    env = theme.environment([])
    for name in ("domain.html", "base.html", "_macros.html", "laws.html", "md/list.md"):
        assert env.get_template(name).root_render_func.__globals__["escape"] is theme._escape_output


def test_templates_read_the_environments_globals_and_never_write_to_them() -> None:
    env = theme.environment([])
    before = dict(env.globals)
    assert env.get_template("base.html").globals is env.globals
    with pytest.raises(TypeError):
        env.get_template("base.html", globals={"TICK": "<x>"})
    with pytest.raises(TypeError):
        env.select_template(["nothing.html", "base.html"], globals={"TICK": "<x>"})
    with pytest.raises(TypeError):
        env.get_or_select_template("base.html", globals={"TICK": "<x>"})
    own = env.from_string("{{ TICK }}{{ x }}", globals={"x": "<y>"})
    assert own.render() == str(env.globals["TICK"]) + "&lt;y&gt;"
    assert env.globals == before
