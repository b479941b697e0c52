"""The render stage: one government's site, or a workspace's index, into memory (path → bytes)."""

from __future__ import annotations

import traceback
from pathlib import Path

from jinja2 import Environment, TemplateError, TemplateNotFound, TemplateSyntaxError, UndefinedError

from . import layout, render_data, render_html, render_markdown, theme
from .pages import Site, Workspace

TEMPLATE_SUFFIXES = (".html", ".md", ".css", ".js")


def render_site(site: Site, env: Environment) -> dict[str, bytes]:
    """HTML pages and assets, the Markdown directory and the data files of one government."""
    files = {**render_html.render(site, env), **render_markdown.render(site, env), **render_data.render(site)}
    return dict(sorted(files.items()))


def render_workspace(workspace: Workspace, env: Environment) -> dict[str, bytes]:
    """The index over a workspace's members, and the assets it uses."""
    files = {
        p.path: env.get_template(p.template).render(site=workspace, page=p).encode() for p in workspace.pages
    }
    files.update({name: theme.raw(env, name).encode() for name in render_html.ASSETS[:2]})
    return files


def template_problem(exc: Exception) -> str | None:
    """A broken template, said in Chinese with the template's file and line. None when `exc` is no
    template's fault: an error raised in zwgk's own code or shipped templates is zwgk's defect."""
    frame = _template_frame(exc)
    where = f"{_display(frame[0])}:{frame[1]}" if frame else ""
    if not isinstance(exc, TemplateError):
        if frame is None or Path(frame[0]).resolve().is_relative_to(layout.shipped_templates().resolve()):
            return None
        return f"{where}: 模板运行出错：{type(exc).__name__}: {exc}"
    if isinstance(exc, TemplateSyntaxError):
        what = f"模板语法错误：{exc.message}"
    elif isinstance(exc, TemplateNotFound):
        what = f"找不到模板 {exc.name}"
    elif isinstance(exc, UndefinedError):
        what = f"模板使用了不存在的变量：{exc.message}"
    else:
        what = f"模板出错：{exc}"
    return f"{where}: {what}" if where else what


def _template_frame(exc: Exception) -> tuple[str, int] | None:
    """The template file and line the error arose in, if it arose in one."""
    if isinstance(exc, TemplateSyntaxError) and exc.filename:
        return exc.filename, exc.lineno
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename.endswith(TEMPLATE_SUFFIXES):
            return frame.filename, frame.lineno or 0
    return None


def _display(filename: str) -> str:
    path = Path(filename)
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()
