"""The build recipe: check → refuse on errors → site model → render into memory → write atomically."""

from __future__ import annotations

import datetime as dt
import os
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment, TemplateError, TemplateNotFound, TemplateSyntaxError, UndefinedError

from . import render_data, render_html, render_markdown, theme, writer
from .check import CheckResult, check
from .loader import load_file
from .models import ProjectFile
from .pages import Site, Workspace
from .project import PROJECT_FILE
from .site import build_site, build_workspace
from .validation import validate

OUT_DIR = "dist"
TEMPLATE_SUFFIXES = (".html", ".md", ".css", ".js")


class BuildError(Exception):
    """A build that cannot finish (a project template is broken, the output cannot be written)."""


@dataclass
class BuildResult:
    check: CheckResult
    out: Path
    files: dict[str, bytes] = field(default_factory=dict)
    changed: bool = False  # the output was (re)written; False also when it was already up to date

    @property
    def refused(self) -> bool:
        """The catalogue has errors: nothing was built, the previous output is untouched."""
        return self.check.project_error or self.check.errors > 0


def build(root: Path, out: Path | None = None, source_date: dt.date | None = None) -> BuildResult:
    """Check the project at `root`; unless it has errors, render everything and write it to `out`."""
    result = check(root)
    target = out if out is not None else root / OUT_DIR
    if result.project_error or result.errors:
        return BuildResult(result, target)
    files = render(root, result, source_date or source_date_from_env())
    try:
        changed = writer.write_tree(target, files)
    except writer.UnsafeTarget as exc:
        raise BuildError(str(exc)) from None
    except OSError as exc:
        raise BuildError(f"无法写入 {exc.filename or target}：{exc.strerror or exc}") from None
    return BuildResult(result, target, files, changed)


def render(root: Path, result: CheckResult, fallback: dt.date | None) -> dict[str, bytes]:
    """Every output file in memory: one site, or a workspace of sites under their government ids."""
    try:
        sites = [(build_site(c, fallback), c.project.root) for c in result.catalogues]
        if not any(c.project.prefix for c in result.catalogues):
            site, project_root = sites[0]
            return render_site(site, theme.environment([project_root / theme.TEMPLATE_DIR]))
        files: dict[str, bytes] = {}
        for site, project_root in sites:
            env = theme.environment([project_root / theme.TEMPLATE_DIR, root / theme.TEMPLATE_DIR])
            files.update({f"{site.id}/{name}": data for name, data in render_site(site, env).items()})
        workspace = _workspace(root, [site for site, _ in sites])
        files.update(render_workspace(workspace, theme.environment([root / theme.TEMPLATE_DIR])))
        return dict(sorted(files.items()))
    except TemplateError as exc:
        raise BuildError(template_problem(exc)) from None


def render_site(site: Site, env: Environment) -> dict[str, bytes]:
    """HTML pages and assets, the Markdown directory and the data files of one government."""
    files = {**render_html.render(site, env), **render_markdown.render(site, env), **render_data.render(site)}
    return dict(sorted(files.items()))


def render_workspace(workspace: Workspace, env: Environment) -> dict[str, bytes]:
    files = {
        p.path: env.get_template(p.template).render(site=workspace, page=p).encode() for p in workspace.pages
    }
    files.update({name: theme.raw(env, name).encode() for name in render_html.ASSETS[:2]})
    return files


def _workspace(root: Path, sites: list[Site]) -> Workspace:
    """The workspace index, titled from the workspace's own 站点 settings when it has them."""
    parsed, _ = validate(load_file(root / PROJECT_FILE, PROJECT_FILE), ProjectFile)
    settings = parsed.site if parsed else None
    title = settings.title if settings and settings.title else "基层政务公开事项标准目录"
    publisher = settings.publisher if settings and settings.publisher else ""
    contact = (settings.contact or "") if settings else ""
    return build_workspace(sites, title, publisher, contact)


def source_date_from_env() -> dt.date | None:
    """SOURCE_DATE_EPOCH (reproducible-builds.org): the date used where the catalogue gives none."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return None
    try:
        return dt.datetime.fromtimestamp(int(value), dt.UTC).date()
    except (ValueError, OverflowError, OSError):
        raise BuildError(
            f"环境变量 SOURCE_DATE_EPOCH 应是从 1970-01-01 起的秒数，现在是「{value}」"
        ) from None


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
