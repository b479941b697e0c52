"""Incremental builds: what the cache reuses, what invalidates it, and that it never changes a byte.

Every test compares against a build made without the cache, or, for what an unchanged build loads,
looks at a zwgk process of its own; none measures time.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from zwgk_cli import cache, layout, member, writer
from zwgk_cli.build import BuildError, build
from zwgk_cli.cli import app

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "small"
WORKSPACE = "工作区: [counties/*]\n站点: {标题: 某市基层政务公开标准目录}\n"


@pytest.fixture(autouse=True)
def _no_source_date(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    yield
    cache.fingerprint.cache_clear()  # a test may have changed what zwgk's fingerprint is made of


@pytest.fixture
def small(tmp_path: Path) -> Path:
    root = tmp_path / "small"
    shutil.copytree(FIXTURE, root)
    return root


@pytest.fixture
def city(tmp_path: Path) -> Path:
    """A workspace of three counties, each a copy of the small fixture under its own government id."""
    root = tmp_path / "city"
    for name in ("a", "b", "c"):
        member_root = root / "counties" / name
        shutil.copytree(FIXTURE, member_root)
        edit(member_root / "zwgk.yaml", "编号: xiaoxian", f"编号: county-{name}")
    (root / "zwgk.yaml").write_text(WORKSPACE, encoding="utf-8")
    return root


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def stamps(root: Path) -> dict[str, int]:
    return {p.relative_to(root).as_posix(): p.stat().st_mtime_ns for p in root.rglob("*")}


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def uncached(root: Path, tmp_path: Path, **options: object) -> dict[str, bytes]:
    """What a build from scratch makes of the project as it is now."""
    out = tmp_path / "fresh"
    shutil.rmtree(out, ignore_errors=True)
    build(root, out, cache=False, **options)  # type: ignore[arg-type]
    return tree(out)


def test_an_unchanged_project_is_neither_checked_nor_rendered_again(small: Path) -> None:
    first = build(small)
    before = stamps(small / "dist")
    again = build(small)
    assert first.rendered == [""] and again.rendered == []
    assert not again.changed
    assert stamps(small / "dist") == before
    assert again.files.keys() == first.files.keys()
    assert [d.code for d in again.check.diagnostics] == [d.code for d in first.check.diagnostics]
    assert (again.check.files, again.check.items) == (first.check.files, first.check.items)
    assert cache.manifest_path(small, small / "dist").is_file()


def test_a_changed_catalogue_file_is_rebuilt_and_matches_a_build_without_cache(
    small: Path, tmp_path: Path
) -> None:
    build(small)
    edit(
        small / "catalogues" / "county" / "urban-planning.yaml",
        "修订日期: 2026-03-20",
        "修订日期: 2026-03-22",
    )
    result = build(small)
    assert result.rendered == [""] and result.changed
    assert "2026年3月22日" in result.files["levels/county.html"].decode()
    assert tree(small / "dist") == uncached(small, tmp_path)


def test_a_new_and_a_deleted_catalogue_file_are_noticed(small: Path, tmp_path: Path) -> None:
    build(small)
    (small / "catalogues" / "village" / "village-finance.yaml").unlink()
    assert build(small).rendered == [""]
    assert "domains/village-finance.html" not in tree(small / "dist")
    shutil.copy(FIXTURE / "catalogues" / "village" / "village-finance.yaml", small / "catalogues" / "village")
    assert build(small).rendered == [""]
    assert tree(small / "dist") == uncached(small, tmp_path)


def test_a_project_template_invalidates_the_cache(small: Path, tmp_path: Path) -> None:
    build(small)
    (small / "templates").mkdir()
    (small / "templates" / "elements.html").write_text(
        '{% extends "base.html" %}{% block main %}<h1>本县的说明</h1>{% endblock %}', encoding="utf-8"
    )
    result = build(small)
    assert result.rendered == [""]
    assert "<h1>本县的说明</h1>" in result.files["elements.html"].decode()
    assert tree(small / "dist") == uncached(small, tmp_path)


def test_a_template_edited_between_two_builds_in_one_process_is_read_again(small: Path) -> None:
    page = small / "templates" / "elements.html"
    page.parent.mkdir()
    page.write_text('{% extends "base.html" %}{% block main %}<h1>初稿</h1>{% endblock %}', encoding="utf-8")
    assert "<h1>初稿</h1>" in build(small).files["elements.html"].decode()
    page.write_text('{% extends "base.html" %}{% block main %}<h1>定稿</h1>{% endblock %}', encoding="utf-8")
    assert "<h1>定稿</h1>" in build(small).files["elements.html"].decode()


def test_a_shipped_template_invalidates_the_cache(
    small: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shipped = tmp_path / "shipped"
    shutil.copytree(layout.shipped_templates(), shipped)
    monkeypatch.setattr(layout, "shipped_templates", lambda: shipped)
    cache.fingerprint.cache_clear()
    build(small)
    edit(shipped / "assets" / "site.css", ":root", "/* 新版样式 */\n:root")
    cache.fingerprint.cache_clear()  # a new zwgk process sees the new templates
    result = build(small)
    assert result.rendered == [""]
    assert b"/* \xe6\x96\xb0" in result.files["assets/site.css"]


def test_another_zwgk_version_invalidates_the_cache(small: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    build(small)
    monkeypatch.setattr(cache, "__version__", "99.0.0")
    cache.fingerprint.cache_clear()
    assert build(small).rendered == [""]
    assert build(small).rendered == []


def test_source_date_epoch_is_a_setting_of_the_cache(
    make_project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_project({})
    (root / "catalogues").mkdir()
    assert "未填写" in build(root).files["index.html"].decode()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01
    dated = build(root)
    assert dated.rendered == [""]
    assert "2026年1月1日" in dated.files["index.html"].decode()


def test_a_changed_output_file_is_written_again(small: Path, tmp_path: Path) -> None:
    build(small)
    page = small / "dist" / "laws.html"
    page.write_text("被改过的页面", encoding="utf-8")
    (small / "dist" / "extra.html").write_text("多出来的文件", encoding="utf-8")
    assert build(small).rendered == [""]
    assert tree(small / "dist") == uncached(small, tmp_path)


def test_a_stray_output_file_alone_is_removed_without_rendering(small: Path, tmp_path: Path) -> None:
    build(small)
    (small / "dist" / "extra.html").write_text("多出来的文件", encoding="utf-8")
    result = build(small)
    assert result.rendered == [] and result.changed  # the files were linked into a clean tree
    assert tree(small / "dist") == uncached(small, tmp_path)


def test_no_cache_checks_and_renders_everything(small: Path, runner: CliRunner) -> None:
    build(small)
    assert build(small, cache=False).rendered == [""]
    result = runner.invoke(app, ["build", str(small), "--no-cache"])
    assert result.exit_code == 0, result.output
    assert "没有变化，保留了" in result.stdout


def test_errors_found_by_a_cached_build_leave_the_output_and_the_cache(small: Path) -> None:
    build(small)
    before = tree(small / "dist")
    path = small / "catalogues" / "county" / "urban-planning.yaml"
    good = path.read_text(encoding="utf-8")
    edit(path, "公开方式: 主动", "公开方式: 主动发布")
    refused = build(small)
    assert refused.refused and "ZW204" in {d.code for d in refused.check.diagnostics}
    assert tree(small / "dist") == before
    path.write_text(good, encoding="utf-8")
    assert build(small).rendered == []  # back as the last good build left it: nothing to do


def test_a_broken_template_in_a_cached_build_leaves_the_old_output(small: Path) -> None:
    build(small)
    before = tree(small / "dist")
    (small / "templates").mkdir()
    (small / "templates" / "laws.html").write_text("{{ page.no_such_thing }}", encoding="utf-8")
    with pytest.raises(BuildError, match="no_such_thing"):
        build(small)
    assert tree(small / "dist") == before
    assert not [p for p in small.iterdir() if p.name.startswith(".dist.")]


def test_an_interrupted_workspace_build_leaves_the_old_output(
    city: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build(city)
    before = tree(city / "dist")
    for name in ("a", "b"):
        edit(
            city / "counties" / name / "catalogues" / "county" / "urban-planning.yaml",
            "2026-03-20",
            "2026-03-21",
        )
    calls = []

    def interrupted(job: member.MemberJob) -> member.MemberResult:
        calls.append(job)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return run(job)

    run = member.run
    monkeypatch.setattr(member, "run", interrupted)
    with pytest.raises(KeyboardInterrupt):
        build(city)
    assert tree(city / "dist") == before
    assert not [p for p in city.iterdir() if p.name.startswith(".dist.")]


def test_in_a_workspace_only_the_changed_member_is_rebuilt(city: Path, tmp_path: Path) -> None:
    first = build(city)
    assert first.rendered == ["counties/a", "counties/b", "counties/c"]
    xijie = city / "counties" / "b" / "catalogues" / "township" / "xijie" / "urban-planning.yaml"
    edit(xijie, "修订日期: 2026-04-01", "修订日期: 2026-04-20")
    before = stamps(city / "dist")
    result = build(city)
    assert result.rendered == ["counties/b"]
    after = stamps(city / "dist")
    assert after["county-a/index.html"] == before["county-a/index.html"]  # linked, not written
    assert after["county-b/index.html"] != before["county-b/index.html"]
    assert "2026年4月20日" in result.files["index.html"].decode()  # the workspace index is renewed
    assert tree(city / "dist") == uncached(city, tmp_path)


def test_a_workspace_member_removed_or_added(city: Path, tmp_path: Path) -> None:
    build(city)
    shutil.rmtree(city / "counties" / "c")
    assert build(city).rendered == []
    assert not [name for name in tree(city / "dist") if name.startswith("county-c/")]
    assert tree(city / "dist") == uncached(city, tmp_path)
    shutil.copytree(city / "counties" / "a", city / "counties" / "d")
    edit(city / "counties" / "d" / "zwgk.yaml", "编号: county-a", "编号: county-d")
    assert build(city).rendered == ["counties/d"]
    assert tree(city / "dist") == uncached(city, tmp_path)


def _tamper(out: Path, how: str, folder: str, aside: Path) -> None:
    """Change a built workspace output by hand, in one member's folder ("" for the index)."""
    where = out / folder if folder else out
    if how == "edited":
        with (where / "index.html").open("ab") as page:  # in place: same file, same inode
            page.write(b"<!-- edited -->")
    elif how == "added":
        (where / "extra.html").write_text("多出来的文件", encoding="utf-8")
    elif how == "removed":
        (where / "index.html").unlink()
    elif how == "a link":  # the same files, reached through a link instead of a folder
        where.rename(aside)
        where.symlink_to(aside, target_is_directory=True)


@pytest.mark.parametrize("jobs", [1, 2])
@pytest.mark.parametrize("how", ["edited", "added", "removed", "a link"])
def test_a_hand_changed_workspace_output_is_noticed_in_every_folder(
    city: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str, jobs: int
) -> None:
    """With more than one job, a child process checks a share of the members' folders while the build
    surveys the inputs: a change is noticed whichever share it falls in."""
    monkeypatch.setattr(cache, "PARALLEL_CHECK", 0)  # share the check however small the output
    children: list[int | None] = []
    answer_in_child = cache._answer_in_child
    monkeypatch.setattr(
        cache, "_answer_in_child", lambda q: children.append(answer_in_child(q)) or children[-1]
    )
    out = tmp_path / "out"
    build(city, out, jobs=jobs)
    fresh = uncached(city, tmp_path)
    set_aside: dict[Path, dict[str, int]] = {}
    for folder in ["", "county-a", "county-b", "county-c"]:
        unchanged = build(city, out, jobs=jobs)
        assert not unchanged.changed and unchanged.rendered == []
        if how == "a link" and not folder:
            continue  # the index is not a folder of its own
        aside = tmp_path / f"aside-{folder}"
        _tamper(out, how, folder, aside)
        if aside.exists():
            set_aside[aside] = {p.name: p.stat().st_ino for p in aside.rglob("*")}
        assert build(city, out, jobs=jobs).changed, (how, folder)
        assert not (out / folder).is_symlink()
        assert tree(out) == fresh, (how, folder)
    for aside, held in set_aside.items():  # no later build wrote through the link into that folder
        assert {p.name: p.stat().st_ino for p in aside.rglob("*")} == held
    if jobs == 1:
        assert children == []
    else:
        assert children and all(children), "the check was never shared with a child process"
        for pid in children:  # every child was waited for, or stopped and waited for
            with pytest.raises(ChildProcessError):
                os.waitpid(pid, os.WNOHANG)


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_hand_changed_output_is_noticed_when_an_input_changed_too(
    city: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: int
) -> None:
    monkeypatch.setattr(cache, "PARALLEL_CHECK", 0)
    build(city, jobs=jobs)
    with (city / "dist" / "county-a" / "laws.html").open("ab") as page:  # in place: same inode
        page.write(b"<!-- edited -->")
    xijie = city / "counties" / "b" / "catalogues" / "township" / "xijie" / "urban-planning.yaml"
    edit(xijie, "修订日期: 2026-04-01", "修订日期: 2026-04-20")
    assert build(city, jobs=jobs).rendered == ["counties/a", "counties/b"]
    assert tree(city / "dist") == uncached(city, tmp_path)


def test_after_a_changed_input_what_the_child_found_intact_is_linked_unchecked(
    city: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache, "PARALLEL_CHECK", 0)
    children: list[int | None] = []
    answer_in_child = cache._answer_in_child
    monkeypatch.setattr(
        cache, "_answer_in_child", lambda q: children.append(answer_in_child(q)) or children[-1]
    )
    flags: list[bool] = []
    reuse = writer.Staging.reuse

    def spy(self: writer.Staging, files: dict[str, writer.Stat], checked: bool = False) -> bool:
        flags.append(checked)
        return reuse(self, files, checked)

    monkeypatch.setattr(writer.Staging, "reuse", spy)
    build(city, jobs=2)
    edit(city / "counties" / "a" / "zwgk.yaml", "编号: county-a", "编号: county-z")
    assert build(city, jobs=2).rendered == ["counties/a"]
    assert len(children) == 1 and children[0]
    assert len(flags) == 2 and True in flags  # b and c: the child's share linked without a check
    with pytest.raises(ChildProcessError):  # waited for
        os.waitpid(children[0], os.WNOHANG)
    assert tree(city / "dist") == uncached(city, tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # a setting: every member changes
    assert build(city, jobs=2).rendered == ["counties/a", "counties/b", "counties/c"]
    assert len(children) == 2 and children[1]
    with pytest.raises(ChildProcessError):  # its answer not wanted: stopped, and waited for
        os.waitpid(children[1], os.WNOHANG)


def test_parallel_and_serial_builds_are_byte_identical(city: Path, tmp_path: Path) -> None:
    edit(
        city / "counties" / "c" / "catalogues" / "county" / "urban-planning.yaml",
        "公开方式: 主动",
        "公开方式: 主动发布",
    )
    serial_refused = build(city, tmp_path / "serial", cache=False, jobs=1)
    parallel_refused = build(city, tmp_path / "parallel", cache=False, jobs=2)
    assert serial_refused.refused and parallel_refused.refused
    assert serial_refused.check.diagnostics == parallel_refused.check.diagnostics
    edit(
        city / "counties" / "c" / "catalogues" / "county" / "urban-planning.yaml",
        "公开方式: 主动发布",
        "公开方式: 主动",
    )
    serial = build(city, tmp_path / "serial", cache=False, jobs=1)
    parallel = build(city, tmp_path / "parallel", cache=False, jobs=2)
    assert serial.check.diagnostics == parallel.check.diagnostics
    assert tree(tmp_path / "serial") == tree(tmp_path / "parallel")


def test_the_replaced_output_is_kept_as_a_spare_tree_and_reused(small: Path, tmp_path: Path) -> None:
    county = small / "catalogues" / "county" / "urban-planning.yaml"
    spare = cache.spare_path(small, small / "dist")
    build(small)
    for date in ("2026-03-21", "2026-03-22", "2026-03-20"):
        text = county.read_text(encoding="utf-8")
        county.write_text(text.replace(text.split("修订日期: ")[1][:10], date, 1), encoding="utf-8")
        assert build(small).rendered == [""]
        assert spare.is_dir()  # the output before, for the next build to start from
        assert tree(small / "dist") == uncached(small, tmp_path)


def test_whatever_a_spare_tree_holds_the_output_comes_out_right(small: Path, tmp_path: Path) -> None:
    build(small)
    (small / "dist" / "extra.html").write_text("多出来的文件", encoding="utf-8")
    build(small)  # the stray file makes a new tree; the old output becomes the spare
    spare = cache.spare_path(small, small / "dist")
    shutil.rmtree(spare / "domains")
    (spare / "domains").write_text("一个文件占了文件夹的位置", encoding="utf-8")
    (spare / "laws.html").unlink()
    (spare / "laws.html").mkdir()
    (spare / "index.html").write_text("旧的首页", encoding="utf-8")
    (spare / "stale" / "deep").mkdir(parents=True)
    (spare / "stale" / "deep" / "page.html").write_text("过时的页面", encoding="utf-8")
    edit(
        small / "catalogues" / "county" / "urban-planning.yaml",
        "修订日期: 2026-03-20",
        "修订日期: 2026-03-23",
    )
    assert build(small).rendered == [""]
    assert tree(small / "dist") == uncached(small, tmp_path)


def test_a_folder_of_the_output_replaced_by_a_link_is_never_written_through(
    small: Path, tmp_path: Path
) -> None:
    build(small)
    aside = tmp_path / "aside"
    (small / "dist" / "domains").rename(aside)
    (small / "dist" / "domains").symlink_to(aside, target_is_directory=True)
    held = {p.name: (p.stat().st_ino, p.read_bytes()) for p in aside.iterdir()}
    assert build(small).changed  # a folder again; the tree with the link becomes the spare
    edit(
        small / "catalogues" / "county" / "urban-planning.yaml",
        "修订日期: 2026-03-20",
        "修订日期: 2026-03-23",
    )
    assert build(small).rendered == [""]  # starts from the spare tree, or from nothing
    assert {p.name: (p.stat().st_ino, p.read_bytes()) for p in aside.iterdir()} == held
    assert not (small / "dist" / "domains").is_symlink()
    assert tree(small / "dist") == uncached(small, tmp_path)


# Run in a process of its own: what a build imports is what the next zwgk process would import.
_IMPORTS_OF_A_BUILD = """
import sys
from zwgk_cli.cli import main
stages = sys.argv[2:]
sys.argv = ["zwgk", "build", sys.argv[1]]
try:
    main()
except SystemExit as exc:
    code = exc.code
print("exit:", code)
print("loaded:", *(m for m in stages if m in sys.modules))
"""
_STAGES = ["yaml", "jinja2", "zwgk_cli.models", "zwgk_cli.rules", "zwgk_cli.render"]


def test_a_build_that_finds_nothing_changed_loads_neither_the_checks_nor_the_templates(small: Path) -> None:
    def build_in_a_new_process() -> tuple[str, list[str]]:
        run = subprocess.run(
            [sys.executable, "-c", _IMPORTS_OF_A_BUILD, str(small), *_STAGES],
            capture_output=True,
            text=True,
            check=True,
        )
        assert "exit: 0\n" in run.stdout, run.stderr
        return run.stdout, run.stdout.rpartition("loaded:")[2].split()

    assert build_in_a_new_process()[1] == _STAGES  # the first build checks and renders
    said, loaded = build_in_a_new_process()
    assert "没有变化，保留了" in said and loaded == []  # nothing changed: the cache answers
    edit(
        small / "catalogues" / "county" / "urban-planning.yaml",
        "修订日期: 2026-03-20",
        "修订日期: 2026-03-21",
    )
    assert build_in_a_new_process()[1] == _STAGES
