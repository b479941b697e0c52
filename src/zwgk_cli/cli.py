"""The command line: parse options, call a pipeline stage, print through a reporter, pick the exit code."""

from __future__ import annotations

import gc
import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from . import __version__
from .diagnostics import CODES, CheckResult
from .reporters import REPORTERS
from .vocab import CHANNEL_ALIASES, METHOD_ALIASES, NATIONAL_CHANNELS, OPENNESS_ALIASES, SCOPE_ALIASES

# Exit codes (docs/diagnostics.md).
EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3

app = typer.Typer(
    name="zwgk",
    help="基层政务公开事项标准目录编译器：校验 YAML 目录（validate），生成可发布的网站、Markdown 和数据文件（build）。",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)

Format = StrEnum("Format", {name: name for name in REPORTERS})  # type: ignore[misc]

ProjectArg = Annotated[
    Path, typer.Argument(help="项目目录（含 zwgk.yaml 的文件夹，或工作区的根目录）", show_default="当前目录")
]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"zwgk {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="显示版本号后退出")
    ] = False,
) -> None:
    """基层政务公开事项标准目录编译器。"""


def warn_about_loader() -> None:
    from .loader import slow_loader_warning  # here: it loads PyYAML, which an unchanged build never needs

    message = slow_loader_warning()
    if message:
        typer.echo(message, err=True)


def exit_code(result: CheckResult, strict: bool) -> int:
    """The one place where a check result becomes an exit code."""
    if result.project_error:
        return EXIT_USAGE
    if result.errors or (strict and result.warnings):
        return EXIT_PROBLEMS
    return EXIT_OK


def report(result: CheckResult, output_format: str) -> None:
    colour = output_format == "text" and sys.stdout.isatty() and "NO_COLOR" not in os.environ
    REPORTERS[output_format](result, sys.stdout, colour)


@app.command()
def validate(
    project: ProjectArg = Path("."),
    output_format: Annotated[
        Format, typer.Option("--format", "-f", help="输出格式：text（默认）、json、github（工作流注释）")
    ] = Format["text"],  # type: ignore[valid-type]
    strict: Annotated[bool, typer.Option("--strict", help="有警告时也以退出码 1 结束")] = False,
    jobs: Annotated[
        int, typer.Option("--jobs", "-j", min=0, help="并行检查工作区成员的进程数；0 表示按 CPU 核数自动选择")
    ] = 0,
) -> None:
    """检查目录项目：报告所有问题（文件:行:列、编号、提示）。"""
    from .check import check

    warn_about_loader()
    result = check(project, keep=False, jobs=jobs or os.cpu_count() or 1)
    report(result, output_format.value)
    raise typer.Exit(exit_code(result, strict))


@app.command()
def build(
    project: ProjectArg = Path("."),
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="输出文件夹", show_default="项目下的 dist/")
    ] = None,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="不用上次构建的缓存（.zwgk-cache/），全部重新检查和生成")
    ] = False,
    jobs: Annotated[
        int, typer.Option("--jobs", "-j", min=0, help="并行构建工作区成员的进程数；0 表示按 CPU 核数自动选择")
    ] = 0,
) -> None:
    """先检查目录，没有错误时生成可发布的网站、Markdown 目录和数据文件。"""
    from . import build as build_stage

    try:
        built = build_stage.build(project, out, cache=not no_cache, jobs=jobs or os.cpu_count() or 1)
    except build_stage.BuildError as exc:
        typer.echo(f"构建失败：{exc}", err=True)
        typer.echo("上一次构建的输出没有改动。", err=True)
        raise typer.Exit(EXIT_PROBLEMS) from None
    if built.rendered or built.refused:  # catalogue files were read: not when nothing changed
        warn_about_loader()
    if built.check.diagnostics or built.refused:
        report(built.check, "text")
    if built.refused:
        typer.echo(
            "目录有错误，没有生成网站（上一次构建的输出没有改动）。改正后重新运行 zwgk build。", err=True
        )
        raise typer.Exit(exit_code(built.check, strict=False))
    pages = sum(name.endswith(".html") for name in built.files)
    done = "已生成" if built.changed else "没有变化，保留了"
    typer.echo(
        f"{done} {built.out}：{pages} 个网页，共 {len(built.files)} 个文件。用浏览器打开 {built.out / 'index.html'} 查看。"
    )


@app.command()
def rules(
    markdown: Annotated[
        bool, typer.Option("--markdown", help="输出 Markdown 格式的规则说明（docs/rules.md 由它生成）")
    ] = False,
) -> None:
    """列出全部检查规则：编号、级别、类别、名称和依据。"""
    from .rules import markdown as reference  # loading the rules adds their codes to CODES

    if markdown:
        typer.echo(reference(), nl=False)
        return
    for code in CODES.values():
        basis = f"（{code.basis}）" if code.basis else ""
        typer.echo(f"{code.code}  {code.severity.label}  {code.group}  {code.title}{basis}")


@app.command()
def domains() -> None:
    """列出 26 个试点领域的编号、名称、别名和责任单位。"""
    from .registry import pilot_domains

    for decl in pilot_domains():
        aliases = f"（又称{'、'.join(decl.aliases)}）" if decl.aliases else ""
        typer.echo(f"{decl.id:26} {decl.name}{aliases}  {decl.department or ''}")


@app.command()
def vocab() -> None:
    """列出取值的规范写法和接受的其他写法。"""
    sections = {
        "公开方式": (["主动", "依申请"], METHOD_ALIASES),
        "公开对象": (["全社会", "特定群体"], SCOPE_ALIASES),
        "五公开": (["决策", "执行", "管理", "服务", "结果"], OPENNESS_ALIASES),
        "公开渠道（全国统一的 13 项）": (list(NATIONAL_CHANNELS), CHANNEL_ALIASES),
    }
    for title, (values, aliases) in sections.items():
        typer.echo(f"{title}：")
        for value in values:
            others = [k for k, v in aliases.items() if v == value]
            typer.echo(f"  {value}" + (f"（也可写：{'、'.join(others)}）" if others else ""))


@app.command()
def schema(
    out: Annotated[Path, typer.Option("--out", help="写入的目录")] = Path("schemas"),
    check_only: Annotated[
        bool, typer.Option("--check", help="只检查是否过期，不写文件；过期时退出码为 1")
    ] = False,
) -> None:
    """生成各文件格式的 JSON Schema（供编辑器补全和检查）。"""
    from . import schema as schemas

    if check_only:
        stale = schemas.stale(out)
        for name in stale:
            typer.echo(f"{out / name} 已过期：运行 zwgk schema 重新生成")
        raise typer.Exit(EXIT_PROBLEMS if stale else EXIT_OK)
    for name in schemas.write(out):
        typer.echo(f"已写入 {out / name}")


@app.command("import")
def import_(
    files: Annotated[
        list[Path],
        typer.Argument(
            metavar="文件",
            help="要导入的文件或文件夹：.xlsx 工作簿、另存的网页（.html .htm .mht）、.docx 文档",
        ),
    ],
    into: Annotated[Path, typer.Option("--into", help="写入哪个目录项目（含 zwgk.yaml 的文件夹）")] = Path(
        "."
    ),
    level: Annotated[
        str | None, typer.Option("--level", help="表格既没有公开层级列、标题里也没写层级时，按这个层级导入")
    ] = None,
    domain: Annotated[
        str | None, typer.Option("--domain", help="认不出表格属于哪个领域时，按这个领域导入")
    ] = None,
    unit: Annotated[
        str | None,
        typer.Option("--unit", help="作为某个乡镇（街道）、村（社区）自己的差异文件导入：单位编号或名称"),
    ] = None,
    revised: Annotated[
        str | None,
        typer.Option("--date", help="原表没写修订日期时，文件头的修订日期（默认今天），如 2026-03-15"),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="覆盖已经存在的目录文件")] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="只读取和报告，不写任何文件")] = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="逐格列出向下填充的单元格和全部规范化")
    ] = False,
) -> None:
    """把已有的目录（Excel/WPS 表格、门户网站另存的网页、Word 表格）导入为目录文件，并报告逐行的结果。"""
    from .importers import gather, render, write
    from .importers.settings import resolve

    project, options, problems = resolve(into, level, domain, unit, revised)
    for problem in problems:
        typer.echo(problem, err=True)
    if project is None or problems:
        raise typer.Exit(EXIT_USAGE)
    result = gather(files, project, options)
    write(result, force=force, dry_run=dry_run)
    for problem in result.unreadable:
        typer.echo(problem, err=True)
    typer.echo(render(result.report, verbose=verbose, dry_run=dry_run), nl=False)
    report_ = result.report
    if result.unreadable:
        raise typer.Exit(EXIT_USAGE)
    raise typer.Exit(
        EXIT_PROBLEMS if report_.findings or report_.not_written or not report_.tables else EXIT_OK
    )


@app.command()
def export(
    output_format: Annotated[
        str, typer.Argument(metavar="FORMAT", help="导出的格式：xlsx（Excel/WPS 工作簿）")
    ],
    project: ProjectArg = Path("."),
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="写入的文件或文件夹；默认为当前目录下的「<网站标题>.xlsx」"),
    ] = None,
) -> None:
    """把目录导出为国家标准指引样式的工作簿（两行表头、√ 勾选、下拉列表、打印设置），供审阅和打印。"""
    from .check import check
    from .exporters import EXPORTERS
    from .writer import write_atomically

    if output_format not in EXPORTERS:
        typer.echo(f"不支持的导出格式「{output_format}」：可以用 {'、'.join(EXPORTERS)}", err=True)
        raise typer.Exit(EXIT_USAGE)
    exporter, suffix = EXPORTERS[output_format]
    result = check(project)
    if result.project_error:
        report(result, "text")
        raise typer.Exit(EXIT_USAGE)
    broken = 0
    for catalogue in result.catalogues:
        exported = exporter(catalogue)
        target = export_target(out, catalogue.project.title + suffix)
        if len(result.catalogues) > 1:
            target = target.with_name(f"{target.stem}-{catalogue.project.government.id}{target.suffix}")
        try:
            write_atomically(target, exported.data)
        except OSError as exc:
            typer.echo(f"无法写入 {target}：{exc.strerror or exc}", err=True)
            raise typer.Exit(EXIT_USAGE) from None
        broken += catalogue.files - len(catalogue.entries)
        for problem in exported.problems:
            typer.echo(problem, err=True)
        typer.echo(f"已导出 {target}：{exported.sheets} 个表，{exported.items} 个事项")
    if broken:
        typer.echo(f"有 {broken} 个目录文件格式有错，没有导出：运行 zwgk validate 查看", err=True)
    raise typer.Exit(EXIT_PROBLEMS if broken else EXIT_OK)


def export_target(out: Path | None, name: str) -> Path:
    """`--out` as given; an existing folder gets the file under the default name."""
    if out is None:
        return Path(name)
    return out / name if out.is_dir() else out


def tune_garbage_collector() -> None:
    """A check or build makes a great many small objects that live long (node trees, models, rows):
    look for reference cycles less often, and never again among what the imports made so far (the
    check freezes again once it has loaded its own stages: see check.few_collections)."""
    gc.freeze()
    gc.set_threshold(50_000, 20, 20)


# glibc's mallopt() parameters (malloc.h).
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3


def keep_freed_memory() -> None:
    """A build makes and drops large strings (pages, data files) one after another. By default glibc
    gives such blocks back to the system once freed, and the next one is fresh memory that the kernel
    must hand out page by page again; kept for reuse instead, a build of 40 counties took half as many
    page faults and a third less system time. Only on Linux, and only where the C library has
    mallopt() (glibc; musl has none); a speed-up, so nothing fails without it."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes  # here: a Python built without ctypes still runs every command

        mallopt = ctypes.CDLL(None).mallopt
    except (ImportError, OSError, AttributeError):
        return
    mallopt(_M_MMAP_THRESHOLD, 32 * 2**20)  # blocks below this come from the heap, which is reused
    mallopt(_M_TRIM_THRESHOLD, 256 * 2**20)  # the heap shrinks only when this much is free at its top


def main() -> None:
    """Entry point: never a traceback for the user, unless ZWGK_DEBUG asks for one."""
    tune_garbage_collector()
    keep_freed_memory()
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:
        if os.environ.get("ZWGK_DEBUG"):
            raise
        typer.echo(f"zwgk 内部错误：{type(exc).__name__}: {exc}", err=True)
        typer.echo(
            "这是 zwgk 的缺陷，请附上出错的文件报告给维护者；设置 ZWGK_DEBUG=1 可看到详细信息。", err=True
        )
        sys.exit(EXIT_INTERNAL)
