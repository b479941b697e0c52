"""The theme: the one Jinja environment, over the shipped templates and a project's own overrides."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Callable, Iterable, MutableMapping, Sequence
from functools import lru_cache
from pathlib import Path
from types import CodeType
from typing import Any

from jinja2 import (
    BytecodeCache,
    ChoiceLoader,
    Environment,
    FileSystemBytecodeCache,
    FileSystemLoader,
    StrictUndefined,
    Template,
    TemplateError,
    select_autoescape,
)
from jinja2.bccache import Bucket
from markupsafe import Markup, escape

from . import layout
from .render_markdown import md, md_url


def _escape_text_public(s: str, /) -> str:
    """`escape_text` as MarkupSafe writes it where its compiled speed-ups are missing."""
    return (
        s.replace("&", "&amp;")
        .replace(">", "&gt;")
        .replace("<", "&lt;")
        .replace("'", "&#39;")
        .replace('"', "&#34;")
    )


# Text escaped as `markupsafe.escape` escapes it, as a str: without the Markup that `escape` wraps it in
# (a Python-level constructor, and a copy of the text). `_escape_inner` is what `escape` itself calls on
# a str, but private to MarkupSafe: the public way stands in where it is missing, and tests/test_theme.py
# holds both to `escape`.
try:
    from markupsafe import _escape_inner as escape_text
except ImportError:  # pragma: no cover
    escape_text = _escape_text_public


# A tick that a screen reader reads as a word, not as a bare glyph; an empty cell reads as 否.
TICK = Markup('<span aria-hidden="true">√</span><span class="visually-hidden">是</span>')
NO_TICK = Markup('<span class="visually-hidden">否</span>')


def environment(overrides: list[Path]) -> Environment:
    """Autoescaped HTML, strict variables; templates in `overrides` win over the shipped ones.

    Templates are read once and not looked at again until `forget_templates`, which a build calls
    before it renders anything: they do not change while it runs."""
    return _environment((*(d.resolve() for d in overrides if d.is_dir()), layout.shipped_templates()))


def forget_templates() -> None:
    """Read templates afresh from now on (the next build's may have changed)."""
    _environment.cache_clear()


@lru_cache(maxsize=16)
def _environment(dirs: tuple[Path, ...]) -> Environment:
    # Shared by the members of a workspace that override nothing: templates compile once.
    loaders = [_Loader(str(d)) for d in dirs]
    loader = ChoiceLoader(loaders)
    env = _Environment(
        loader=loader,
        autoescape=select_autoescape(["html", "xml"], default_for_string=True, default=False),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        bytecode_cache=_bytecode_cache(),
        # Else every page would look up the modification time of its template, of base.html and of
        # _macros.html: tens of thousands of file lookups in a province build.
        auto_reload=False,
    )
    env.filters["cn_date"] = cn_date
    env.filters["br"] = br
    env.filters["md"] = md
    env.filters["md_url"] = md_url
    env.globals["TICK"] = TICK
    env.globals["NO_TICK"] = NO_TICK
    env.shipped_html = not any(n.lower().endswith(".html") for o in loaders[:-1] for n in o.list_templates())
    return env


def shipped_html_only(env: Environment) -> bool:
    """Whether `env` renders HTML with the shipped templates alone: no project folder of it holds an
    HTML template of its own (its CSS and JavaScript may still differ)."""
    return isinstance(env, _Environment) and env.shipped_html


def _escape_output(value: Any) -> str:
    """`markupsafe.escape` for what a template outputs, less the Markup it makes of each value (a
    Python-level constructor, and a copy of the text): the pieces are only joined into the page's text,
    or into a macro's or a block's, which Jinja makes Markup itself."""
    if type(value) is str:
        return escape_text(value)
    if type(value) is Markup:
        return value
    return escape(value)


class _Template(Template):
    """A compiled template whose output goes through `_escape_output`: an HTML page escapes a hundred
    values or more, each through `escape`."""

    @classmethod
    def from_code(
        cls,
        environment: Environment,
        code: CodeType,
        globals: MutableMapping[str, Any],
        uptodate: Callable[[], bool] | None = None,
    ) -> Template:
        template = super().from_code(environment, code, globals, uptodate)
        # Jinja's compiled code escapes output with the `escape` it imports into the template's module.
        namespace = template.root_render_func.__globals__
        if namespace.get("escape") is escape:
            namespace["escape"] = _escape_output
        return template


class _Environment(Environment):
    template_class = _Template
    shipped_html = False  # see `shipped_html_only`

    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        """A template with no globals of its own reads the environment's: the dict itself, where Jinja
        would put a ChainMap over it, whose methods are Python. Each page copies the globals into its
        context and checks them again for each template it imports. Jinja writes to a template's globals
        only when `get_template` is given globals for a template already loaded, which would then be
        the environment's: `get_template` and `select_template` refuse them."""
        return self.globals if not d else super().make_globals(d)

    def get_template(
        self,
        name: str | Template,
        parent: str | None = None,
        globals: MutableMapping[str, Any] | None = None,
    ) -> Template:
        _no_template_globals(globals)
        return super().get_template(name, parent)

    def select_template(
        self,
        names: Iterable[str | Template],
        parent: str | None = None,
        globals: MutableMapping[str, Any] | None = None,
    ) -> Template:
        _no_template_globals(globals)
        return super().select_template(names, parent)


def _no_template_globals(globals: MutableMapping[str, Any] | None) -> None:
    if globals:
        raise TypeError("zwgk's templates share the environment's globals: pass values to render()")


class _Loader(FileSystemLoader):
    """Templates read as UTF-8; one in another encoding is a template error that names the file."""

    def get_source(self, environment: Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        try:
            return super().get_source(environment, template)
        except UnicodeDecodeError as exc:
            found = [Path(d) / template for d in self.searchpath if (Path(d) / template).is_file()]
            name = found[0] if found else template
            raise TemplateError(
                f"{name} 不是 UTF-8 编码（第 {exc.start + 1} 个字节）：请另存为 UTF-8"
            ) from None


class _QuietBytecodeCache(FileSystemBytecodeCache):
    """Compiled templates kept between runs: only a speed-up, so a folder it cannot write is no error.
    Each entry carries its template's checksum, so a changed template is compiled afresh."""

    def dump_bytecode(self, bucket: Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def _bytecode_cache() -> BytecodeCache | None:
    """In the user's own cache folder (never the project's: it holds code that is run)."""
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    folder = base / "zwgk" / "templates"
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError:
        return None
    return _QuietBytecodeCache(str(folder))


def cn_date(value: dt.date | None) -> str:
    """2026-03-20 → 2026年3月20日, the way portals print dates."""
    return f"{value.year}年{value.month}月{value.day}日" if value else "未填写"


def br(value: str | Sequence[str]) -> Markup:
    """Text with its line breaks kept as `<br>`; a list of texts one per line. Everything escaped."""
    text = value if isinstance(value, str) else "\n".join(value)
    return Markup(str(escape(text)).replace("\n", "<br>"))


def raw(env: Environment, name: str) -> str:
    """A template's source, unrendered: for static assets (CSS, JS) a project may override."""
    assert env.loader is not None
    source, _, _ = env.loader.get_source(env, name)
    return source
