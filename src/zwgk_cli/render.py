"""The render stage: one government's site, or a workspace's index, into memory (path → bytes)."""

from __future__ import annotations

import traceback
from pathlib import Path

from jinja2 import Environment, TemplateError, TemplateNotFound, TemplateSyntaxError, UndefinedError

from . import render_data, render_html, render_markdown, theme
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


def template_problem(exc: TemplateError) -> str:
    """A broken template, said in Chinese with the template's file and line."""
    where = _template_location(exc)
    if isinstance(exc, TemplateSyntaxError):
        what = f"模板语法错误：{exc.message}"
    elif isinstance(exc, TemplateNotFound):
        what = f"找不到模板 {exc.name}"
    elif isinstance(exc, UndefinedError):
        what = f"模板使用了不存在的变量：{exc.message}"
    else:
        what = f"模板出错：{exc}"
    return f"{where}: {what}" if where else what


def _template_location(exc: TemplateError) -> str:
    if isinstance(exc, TemplateSyntaxError) and exc.filename:
        return f"{_display(exc.filename)}:{exc.lineno}"
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename.endswith(TEMPLATE_SUFFIXES):
            return f"{_display(frame.filename)}:{frame.lineno}"
    return ""


def _display(filename: str) -> str:
    path = Path(filename)
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()
