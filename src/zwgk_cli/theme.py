"""The theme: the one Jinja environment, over the shipped templates and a project's own overrides."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path

from jinja2 import (
    BytecodeCache,
    ChoiceLoader,
    Environment,
    FileSystemBytecodeCache,
    FileSystemLoader,
    StrictUndefined,
    TemplateError,
    select_autoescape,
)
from jinja2.bccache import Bucket
from markupsafe import Markup, escape

from . import layout
from .render_markdown import md, md_url

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
    loader = ChoiceLoader([_Loader(str(d)) for d in dirs])
    env = Environment(
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
    return env


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
