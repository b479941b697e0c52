"""`zwgk build`: refusing bad catalogues, the output layout, determinism, atomic writes, templates."""

from __future__ import annotations

import csv
import gc
import io
import json
import shutil
from collections.abc import Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from pagereader import Page
from zwgk_cli import project as project_stage
from zwgk_cli import render_html, schema, theme, writer
from zwgk_cli.build import build
from zwgk_cli.check import check_project
from zwgk_cli.cli import app
from zwgk_cli.law_index import cited
from zwgk_cli.models import Item
from zwgk_cli.render import render_site
from zwgk_cli.render_data import CatalogueData, DomainData, ItemData, ListData
from zwgk_cli.rules.laws import registry_for
from zwgk_cli.site import build_site
from zwgk_cli.tables import merge_levels

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "small"


@pytest.fixture
def small(tmp_path: Path) -> Path:
    """A writable copy of the small fixture project."""
    root = tmp_path / "small"
    shutil.copytree(FIXTURE, root)
    return root


@pytest.fixture(autouse=True)
def _no_source_date(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_build_with_no_arguments_writes_dist_in_the_current_project(
    small: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(small)
    result = runner.invoke(app, ["build"])
    assert result.exit_code == 0, result.output
    assert "已生成 dist：12 个网页" in result.output
    built = tree(small / "dist")
    assert {"index.html", "md/README.md", "data/catalogue.json", "data/catalogue.csv"} <= set(built)
    assert "警告 ZW503" in result.stdout  # warnings are shown, and do not stop the build


def test_build_out_option(small: Path, tmp_path: Path, runner: CliRunner) -> None:
    result = runner.invoke(app, ["build", str(small), "--out", str(tmp_path / "site")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "site" / "domains" / "urban-planning.html").is_file()
    assert not (small / "dist").exists()


def test_build_refuses_a_catalogue_with_errors_and_reports_like_validate(
    small: Path, runner: CliRunner
) -> None:
    runner.invoke(app, ["build", str(small)])
    before = tree(small / "dist")
    path = small / "catalogues" / "county" / "urban-planning.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("公开方式: 主动", "公开方式: 主动发布", 1), "utf-8"
    )
    validated = runner.invoke(app, ["validate", str(small)])
    result = runner.invoke(app, ["build", str(small)])
    assert validated.exit_code == result.exit_code == 1
    assert result.stdout == validated.stdout
    assert "错误 ZW204" in result.stdout
    assert "没有生成网站" in result.stderr
    assert tree(small / "dist") == before


def test_build_without_a_project_is_a_usage_error(tmp_path: Path, runner: CliRunner) -> None:
    result = runner.invoke(app, ["build", str(tmp_path)])
    assert result.exit_code == 2
    assert "ZW001" in result.stdout
    assert not (tmp_path / "dist").exists()


def test_two_builds_are_byte_identical(small: Path, tmp_path: Path) -> None:
    build(small, tmp_path / "one")
    build(small, tmp_path / "two")
    assert tree(tmp_path / "one") == tree(tmp_path / "two")


def test_an_unchanged_catalogue_leaves_the_output_untouched(small: Path, runner: CliRunner) -> None:
    assert build(small).changed
    stamps = {p: p.stat().st_mtime_ns for p in (small / "dist").rglob("*")}
    result = runner.invoke(app, ["build", str(small)])
    assert "没有变化，保留了" in result.stdout
    assert {p: p.stat().st_mtime_ns for p in (small / "dist").rglob("*")} == stamps


def test_rebuild_leaves_no_stale_file(small: Path) -> None:
    build(small)
    (small / "dist" / "old-page.html").write_text("旧页面", encoding="utf-8")
    (small / "catalogues" / "village" / "village-finance.yaml").unlink()
    build(small)
    built = tree(small / "dist")
    assert "old-page.html" not in built
    assert "domains/village-finance.html" not in built
    assert not [p for p in small.iterdir() if p.name.startswith(".dist.")]  # no temporary folder left


class FailingFiles(Mapping[str, bytes]):
    """A rendered tree whose writing fails halfway, like a full disk or an interrupted build."""

    def __init__(self, files: dict[str, bytes]) -> None:
        self.files = files
        self.failing = sorted(files)[len(files) // 2]

    def __getitem__(self, key: str) -> bytes:
        if key == self.failing:
            raise OSError(28, "No space left on device")
        return self.files[key]

    def __len__(self) -> int:
        return len(self.files)

    def __iter__(self) -> Iterator[str]:
        return iter(self.files)


def test_a_write_failing_midway_leaves_the_old_output(small: Path) -> None:
    first = build(small)
    before = tree(small / "dist")
    with pytest.raises(OSError):
        writer.write_tree(small / "dist", FailingFiles({**first.files, "new.html": b"new"}))
    assert tree(small / "dist") == before
    assert not [p for p in small.iterdir() if p.name.startswith(".dist.")]


def test_a_broken_project_template_fails_the_build_and_leaves_the_old_output(
    small: Path, runner: CliRunner
) -> None:
    runner.invoke(app, ["build", str(small)])
    before = tree(small / "dist")
    (small / "templates").mkdir()
    (small / "templates" / "domain.html").write_text(
        '{% extends "base.html" %}\n{% block main %}\n{{ page.no_such_thing }}\n{% endblock %}\n',
        encoding="utf-8",
    )
    result = runner.invoke(app, ["build", str(small)])
    assert result.exit_code == 1
    assert "templates/domain.html:3" in result.stderr
    assert "no_such_thing" in result.stderr
    assert "上一次构建的输出没有改动" in result.stderr
    assert tree(small / "dist") == before


@pytest.mark.parametrize(
    ("source", "said"),
    [
        (
            b'{% extends "base.html" %}{% block main %}\n{{ 1 / 0 }}{% endblock %}',
            "ZeroDivisionError",
        ),
        ("{{ page.title }}，测试".encode("gbk"), "不是 UTF-8 编码"),
    ],
)
def test_a_project_template_that_fails_is_the_user_s_to_mend_not_an_internal_error(
    small: Path, runner: CliRunner, source: bytes, said: str
) -> None:
    (small / "templates").mkdir()
    (small / "templates" / "elements.html").write_bytes(source)
    result = runner.invoke(app, ["build", str(small)])
    assert result.exit_code == 1, result.output
    assert "elements.html" in result.stderr and said in result.stderr
    assert "内部错误" not in result.stderr
    assert not (small / "dist").exists()


def test_a_project_template_overrides_one_template(small: Path) -> None:
    (small / "templates").mkdir()
    (small / "templates" / "elements.html").write_text(
        '{% extends "base.html" %}{% block main %}<h1>本县的说明</h1>{% endblock %}', encoding="utf-8"
    )
    built = build(small).files
    assert "<h1>本县的说明</h1>" in built["elements.html"].decode()
    assert "公开内容（要素）" in built["domains/urban-planning.html"].decode()


def test_a_project_copy_of_the_shipped_templates_gets_the_same_pages(small: Path, repo: Path) -> None:
    """With the shipped templates alone, table rows and the laws' sections go into the pages as bytes;
    with a project's own templates, as text: the pages are the same."""
    shipped = dict(build(small).files)  # read now: the next build replaces the output folder
    (small / "templates").mkdir()
    for name in ("_macros.html", "laws.html"):
        shutil.copy(repo / "templates" / name, small / "templates" / name)
    overridden = build(small).files
    assert overridden.keys() == shipped.keys()
    assert [n for n in shipped if n.endswith(".html") and overridden[n] != shipped[n]] == []


def test_a_project_template_may_filter_what_rows_html_and_laws_html_return(small: Path, repo: Path) -> None:
    (small / "templates").mkdir()
    for name, call in [
        ("_macros.html", "rows_html(table)"),
        ("laws.html", "laws_html(page.laws, page.root)"),
    ]:
        source = (repo / "templates" / name).read_text(encoding="utf-8")
        assert "{{ " + call + " }}" in source or "{{ " + call + " -}}" in source
        filtered = f"{call}|replace('√', '✓')|replace('（', '(')"
        (small / "templates" / name).write_text(source.replace(call, filtered), encoding="utf-8")
    built = build(small).files
    domain = built["domains/urban-planning.html"].decode()
    assert domain.count('<span aria-hidden="true">✓</span>') > 1
    assert '<span aria-hidden="true">√</span>' not in domain
    assert '<span class="where">(' in built["laws.html"].decode()
    assert not [n for n, data in built.items() if b"\x00" in data or b"zwgk-slot" in data]


def test_rows_and_laws_are_text_outside_a_render_of_the_shipped_pages(small: Path) -> None:
    site = build_site(check_project(project_stage.load(small).projects[0])[0])
    domain = next(p for p in site.pages if p.template == "domain.html")
    laws = next(p for p in site.pages if p.template == "laws.html")
    rows = render_html.rows_html(domain.table)
    sections = render_html.laws_html(laws.laws, laws.root)
    assert rows.startswith("<tr id=") and rows.count("</tr>\n") == len(domain.table.rows)
    assert sections.startswith('<section class="law"') and "\x00" not in rows + sections
    assert rows in render_html.render(site, theme.environment([]))[domain.path].decode()


def test_a_page_whose_rows_markers_are_missing_changed_or_repeated_is_rendered_as_text(small: Path) -> None:
    """A guard only: the shipped templates output each marker once, whole (a project's own templates
    never get markers, see `theme.shipped_html_only`)."""
    site = build_site(check_project(project_stage.load(small).projects[0])[0])
    domain = next(p for p in site.pages if p.template == "domain.html")
    env = theme.environment([])
    render_html.render(site, env)  # sets the globals
    for source in [
        "{{ rows_html(page.table) }}{{ rows_html(page.table)|upper }}",  # one whole, one changed
        "{% set rows = rows_html(page.table) %}{{ rows }}{{ rows }}",  # twice
        "{{ rows_html(page.table)|truncate(20) }}",  # cut
        "{% if rows_html(page.table) %}some{% endif %}",  # not output
    ]:
        template = env.from_string(source)
        text = template.render(site=site, page=domain).encode()  # no page being rendered: all text
        assert (b"<tr" in text and b"\x00" not in text) or source.startswith("{% if")
        assert render_html._page_bytes(template, site, domain) == text


def test_pages_rendered_in_threads_at_once_are_the_pages_rendered_one_by_one(small: Path) -> None:
    site = build_site(check_project(project_stage.load(small).projects[0])[0])
    env = theme.environment([])
    expected = render_html.render(site, env)
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda _: render_html.render(site, env), range(8)))
    assert all(result == expected for result in results)


def test_the_build_refuses_to_replace_a_folder_it_did_not_write(
    small: Path, tmp_path: Path, runner: CliRunner
) -> None:
    mine = tmp_path / "documents"
    mine.mkdir()
    (mine / "report.docx").write_bytes(b"mine")
    result = runner.invoke(app, ["build", str(small), "--out", str(mine)])
    assert result.exit_code == 1
    assert "不能覆盖" in result.stderr
    assert (mine / "report.docx").read_bytes() == b"mine"


def test_search_can_be_switched_off(small: Path) -> None:
    project = small / "zwgk.yaml"
    project.write_text(
        project.read_text(encoding="utf-8").replace("站点:\n", "站点:\n  搜索: false\n"), "utf-8"
    )
    built = build(small).files
    assert not {"search.html", "assets/search.js", "assets/search-index.js"} & set(built)
    assert "search.html" not in built["index.html"].decode()


def test_unit_pages_name_the_unit_where_the_shared_list_names_the_generic_body(small: Path) -> None:
    built = build(small).files
    level = Page(built["levels/township.html"].decode()).table("t-urban-planning")
    town = Page(built["units/dongzhen.html"].decode()).table("t-urban-planning")
    assert [r.cells[6] for r in level.rows] == ["乡镇人民政府（街道办事处）"] * 2
    assert [r.cells[6] for r in town.rows] == ["东镇人民政府"] * 2
    street = Page(built["units/xijie.html"].decode()).table("t-urban-planning")
    assert [r.cells[2] for r in street.rows] == ["乡规划和村庄规划", "违法建设查处"]
    assert "本街道辖区内没有农村集体土地" in built["units/xijie.html"].decode()
    village = Page(built["units/dongcun.html"].decode()).table("t-village-finance")
    assert village.rows[0].cells[6] == "东村村民委员会"


def test_relative_links_only_and_every_link_resolves(small: Path) -> None:
    out = build(small).out
    for page in out.rglob("*.html"):
        parsed = Page(page.read_text(encoding="utf-8"))
        for tag, _, link in parsed.links:
            if tag == "a" and link.startswith("https://www.example.gov.cn/"):
                continue  # the item's own portal column (链接) in the fixture
            assert not link.startswith(("/", "http:", "https:", "//")), (page, link)
            target, _, fragment = link.partition("#")
            resolved = (page.parent / target.split("?")[0]).resolve() if target else page
            assert resolved.is_file(), (page, link)
            if fragment and resolved.suffix == ".html":
                assert fragment in Page(resolved.read_text(encoding="utf-8")).ids, (page, link)


def test_source_date_epoch_dates_a_catalogue_without_files(
    make_project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_project({})
    (root / "catalogues").mkdir()  # a new project: the folder is there, no catalogue written yet
    undated = build(root, tmp_path / "undated").files["index.html"].decode()
    assert "更新日期：未填写" in undated
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01 00:00 UTC
    dated = build(root, tmp_path / "dated").files["index.html"].decode()
    assert '<time datetime="2026-01-01">2026年1月1日</time>' in dated


def test_workspace_builds_each_member_under_its_government_id(tmp_path: Path, runner: CliRunner) -> None:
    root = tmp_path / "city"
    shutil.copytree(FIXTURE, root / "counties" / "a")
    shutil.copytree(FIXTURE, root / "counties" / "b")
    other = root / "counties" / "b" / "zwgk.yaml"
    other.write_text(other.read_text(encoding="utf-8").replace("编号: xiaoxian", "编号: daxian"), "utf-8")
    (root / "zwgk.yaml").write_text("工作区: [counties/*]\n站点: {标题: 某市基层政务公开标准目录}\n", "utf-8")
    result = runner.invoke(app, ["build", str(root)])
    assert result.exit_code == 0, result.output
    built = tree(root / "dist")
    assert {"xiaoxian/index.html", "daxian/index.html", "xiaoxian/data/catalogue.json", "index.html"} <= set(
        built
    )
    index = Page(built["index.html"].decode())
    assert ("a", "href", "xiaoxian/index.html") in index.links
    assert ("a", "href", "daxian/index.html") in index.links
    assert "某市基层政务公开标准目录" in built["index.html"].decode()


def test_data_files_follow_their_schema(small: Path, repo: Path) -> None:
    built = build(small).files
    assert schema.FORMATS["catalogue-data.schema.json"] is CatalogueData
    committed = json.loads((repo / "schemas" / "catalogue-data.schema.json").read_text(encoding="utf-8"))
    for name in ("data/catalogue.json", "data/domains/urban-planning.json"):
        jsonschema.Draft202012Validator(committed).validate(json.loads(built[name]))
    whole = CatalogueData.model_validate_json(built["data/catalogue.json"])
    assert [d.id for d in whole.domains] == ["urban-planning", "village-finance"]
    lists = {(lst.level, lst.unit): lst for lst in whole.domains[0].lists}
    assert len(lists[("county", None)].items) == 3
    assert [i.identity for i in lists[("township", "xijie")].items] == [
        "规划编制/乡规划和村庄规划",
        "规划实施/违法建设查处",
    ]
    one = json.loads(built["data/domains/village-finance.json"])
    assert [d["编号"] for d in one["领域"]] == ["village-finance"]


def test_data_records_have_the_keys_of_the_models(small: Path) -> None:
    """The domains are written from plain records, not from the models: every key, in their order."""
    whole = json.loads(build(small).files["data/catalogue.json"])

    def keys(model: type[DomainData | ListData | ItemData]) -> list[str | None]:
        return [field.alias for field in model.model_fields.values()]

    for domain in whole["领域"]:
        assert list(domain) == keys(DomainData)
        for listed in domain["目录"]:
            assert list(listed) == keys(ListData)
            assert all(list(item) == keys(ItemData) for item in listed["事项"])


def test_csv_opens_in_excel(small: Path) -> None:
    data = build(small).files["data/catalogue.csv"]
    assert data.startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in data
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows[0][:6] == ["领域", "领域编号", "层级", "单位", "序号", "一级事项"]
    assert len(rows) == 1 + 3 + 2 + 2 + 1  # county, township, 西街道's own list, village
    assert rows[2][15] == "" and rows[3][15] == "建设单位"


def test_search_index_is_a_script_that_sets_a_global(small: Path) -> None:
    script = build(small).files["assets/search-index.js"].decode()
    prefix = "window.ZWGK_SEARCH = "
    assert script.startswith(prefix) and script.endswith(";\n")
    entries = json.loads(script[len(prefix) : -2])
    assert len(entries) == 3 + 2 + 1 + 1  # every row of the domain pages, 西街道's own row included
    assert all(href.startswith("domains/") and "#i-" in href for _, _, href, _ in entries)


def test_identical_items_at_two_levels_are_one_row() -> None:
    item = Item.model_validate(
        {
            "一级事项": "规划编制",
            "公开内容": "批准文件",
            "公开依据": "《中华人民共和国城乡规划法》",
            "公开时限": "实时公开",
            "公开主体": "县自然资源局",
            "公开渠道": ["政府网站"],
            "公开对象": "全社会",
            "公开方式": "主动",
        }
    )
    other = item.model_copy(update={"body": "乡镇人民政府"})
    merged = merge_levels([("county", [item]), ("township", [item, other])])
    assert merged == [(item, ("county", "township")), (other, ("township",))]


def test_laws_are_indexed_by_their_registered_titles() -> None:
    laws = registry_for([])
    assert cited("《中华人民共和国政府信息公开条例》（国务院令第711号）第二十条", laws) == [
        ("《中华人民共和国政府信息公开条例》", "第二十条")
    ]
    # a short name folds into the full title; each law keeps its own article
    assert cited("《城乡规划法》第八条、《政府信息公开条例》第二十条", laws) == [
        ("《中华人民共和国城乡规划法》", "第八条"),
        ("《中华人民共和国政府信息公开条例》", "第二十条"),
    ]
    assert cited("国办发〔2019〕54号", laws) == [("国办发〔2019〕54号", "")]


def test_an_output_folder_that_is_a_symlink_is_followed_not_replaced(small: Path, tmp_path: Path) -> None:
    served = tmp_path / "www" / "zwgk"
    served.mkdir(parents=True)
    (small / "dist").symlink_to(served, target_is_directory=True)
    build(small)
    assert (small / "dist").is_symlink() and (small / "dist").resolve() == served.resolve()
    assert (served / "index.html").is_file()
    edit = small / "catalogues" / "county" / "urban-planning.yaml"
    edit.write_text(edit.read_text(encoding="utf-8").replace("2026-03-20", "2026-12-21"), encoding="utf-8")
    build(small)
    assert (small / "dist").is_symlink()
    assert "2026年12月21日" in (served / "domains" / "urban-planning.html").read_text(encoding="utf-8")


def test_rendering_a_site_leaves_no_reference_cycle(small: Path) -> None:
    """Else a member's whole site waits in memory for the garbage collector (see member.run)."""
    site = build_site(check_project(project_stage.load(small).projects[0])[0])
    env = theme.environment([])
    gc.collect()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        files = render_site(site, env)
        gc.collect()
        assert "下辖单位的目录" in files["index.html"].decode()
        assert gc.garbage == []
    finally:
        gc.set_debug(0)
        gc.garbage.clear()


def test_a_member_is_collected_after_building_only_where_project_templates_may_make_cycles(
    small: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []
    monkeypatch.setattr(gc, "collect", lambda generation=2: calls.append(generation) or 0)
    build(small, jobs=1)
    assert calls == []  # the shipped templates only, which make no cycle (the test above)
    (small / "templates").mkdir()
    (small / "templates" / "domain.html").write_text("{% extends 'base.html' %}", encoding="utf-8")
    build(small, jobs=1, cache=False)
    assert calls == [1]
