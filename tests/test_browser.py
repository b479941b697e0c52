"""The built site in a real browser: Debian's Chromium, driven by Playwright, opening pages from file://.

The table is read back and compared with the catalogue cell by cell, the filter and the search are
used, and axe-core (shipped inside the axe-playwright-python package, so it works offline) must find
nothing serious or critical.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from pagereader import lines
from zwgk_cli.build import build
from zwgk_cli.check import check
from zwgk_cli.models import Item

sync_api = pytest.importorskip("playwright.sync_api")
axe_module = pytest.importorskip("axe_playwright_python.sync_playwright")

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
REPO = Path(__file__).resolve().parent.parent
FIXTURE = REPO / "tests" / "fixtures" / "small"

if not CHROMIUM.exists():
    if os.environ.get("CI"):
        pytest.fail("CI 需要 Debian 的 chromium（apt-get install chromium）", pytrace=False)
    pytest.skip("没有 /usr/bin/chromium：apt-get install chromium", allow_module_level=True)

READ_TABLE = """table => Array.from(document.querySelectorAll(table + ' tbody tr')).map(
    tr => Array.from(tr.cells).map(c => c.classList.contains('tick') ? c.textContent : c.innerText))"""
VISIBLE_ROWS = "() => document.querySelectorAll('table.catalogue tbody tr:not([hidden])').length"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = tmp_path_factory.mktemp("small") / "project"  # the build's cache stays out of the repository
    shutil.copytree(FIXTURE, project)
    return build(project, project.parent / "dist", source_date=None).out


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    opened = context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    yield opened
    context.close()
    assert not errors, errors


def url(site: Path, name: str, query: str = "") -> str:
    return (site / name).as_uri() + query


def tick(on: bool, extra: str = "") -> str:
    return "√是" + extra if on else "否"


def as_list(value: Any) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


def expected_row(number: int, item: dict[str, Any], levels: list[str], level: str) -> list[str]:
    """One row of the national table, worked out from the YAML as written in the fixture."""
    audience, methods = item["公开对象"], as_list(item["公开方式"])
    group = audience.get("特定群体") if isinstance(audience, dict) else None
    remarks = [item.get("备注"), "五公开：" + item["五公开"] if "五公开" in item else None]
    remarks.append("公开栏目" if "链接" in item else None)
    return [
        str(number),
        item["一级事项"],
        " / ".join(p for p in (item.get("二级事项"), item.get("三级事项")) if p),
        item["公开内容"],
        "\n".join(as_list(item["公开依据"])),
        item["公开时限"],
        item["公开主体"],
        "\n".join(item["公开渠道"]),
        tick(audience == "全社会"),
        tick(group is not None, group or ""),
        tick("主动" in methods),
        tick("依申请" in methods),
        *(tick(lv == level) for lv in levels),
        "\n".join(r for r in remarks if r),
    ]


def test_domain_page_shows_every_cell_of_the_catalogue(site: Path, page: Any) -> None:
    page.goto(url(site, "domains/urban-planning.html"))
    expected: list[list[str]] = []
    for level in ("county", "township"):
        data = yaml.safe_load((FIXTURE / "catalogues" / level / "urban-planning.yaml").read_text("utf-8"))
        for item in data["事项"]:
            expected.append(expected_row(len(expected) + 1, item, ["county", "township"], level))
    assert page.evaluate(READ_TABLE, "#catalogue") == expected
    headers = page.evaluate(
        "() => Array.from(document.querySelectorAll('#catalogue thead th')).map(th => th.scope)"
    )
    assert headers.count("colgroup") == 4
    assert page.locator("#catalogue tbody th[scope=row]").count() == len(expected)


def test_filter_by_text_level_method_and_audience(site: Path, page: Any) -> None:
    page.goto(url(site, "domains/urban-planning.html"))
    status = page.locator(".filter-status")
    assert status.inner_text() == "共 6 项事项"  # the merged table's 5, and 西街道's own row below it
    page.get_by_label("关键词").fill("核实")
    assert page.evaluate(VISIBLE_ROWS) == 1
    assert status.inner_text() == "符合条件的事项 1 项（共 6 项）"
    page.get_by_label("关键词").fill("")
    page.get_by_label("公开层级").select_option("township")
    assert page.evaluate(VISIBLE_ROWS) == 3
    page.get_by_label("公开方式").select_option("依申请")
    assert page.evaluate(VISIBLE_ROWS) == 0
    assert page.locator(".filter-empty").first.is_visible()
    page.get_by_label("公开层级").select_option("")
    page.get_by_label("公开对象").select_option("特定群体")
    assert page.evaluate(VISIBLE_ROWS) == 1
    page.get_by_role("button", name="清除筛选").click()
    page.wait_for_function("() => document.querySelector('.filter-status').textContent === '共 6 项事项'")
    assert page.evaluate(VISIBLE_ROWS) == 6


def test_without_javascript_the_table_is_whole_and_the_filter_hidden(site: Path, browser: Any) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(url(site, "domains/urban-planning.html"))
    assert not page.locator("form.filter").is_visible()
    assert page.locator("#catalogue tbody tr").count() == 5
    assert all(row.is_visible() for row in page.locator("#catalogue tbody tr").all())
    context.close()


def test_search_finds_chinese_text_from_file_urls(site: Path, page: Any) -> None:
    page.goto(url(site, "domains/urban-planning.html"))
    page.locator("#site-search-q").fill("规划 许可")
    page.locator("#site-search-q").press("Enter")
    page.wait_for_url(re.compile(r"search\.html\?q="))
    assert page.locator("#search-status").inner_text() == "找到 2 项事项。"
    titles = page.locator("#search-results h2").all_inner_texts()
    assert titles == ["规划实施 / 建设用地规划许可证 / 核发结果", "规划实施 / 乡村建设规划许可证"]
    page.locator("#search-results a").first.click()
    page.wait_for_url(re.compile(r"urban-planning\.html#i-"))
    assert page.locator("tr:target").inner_text().startswith("2")
    page.goto(url(site, "search.html", "?q=没有这样的词"))
    assert "没有找到" in page.locator("#search-status").inner_text()


SERIOUS = ("serious", "critical")
PAGES = [
    "index.html",
    "domains/urban-planning.html",
    "levels/township.html",
    "units/xijie.html",
    "elements.html",
    "laws.html",
    "search.html?q=规划",
]


@pytest.mark.parametrize("width", [1280, 375])
@pytest.mark.parametrize("name", PAGES)
def test_axe_finds_nothing_serious(site: Path, browser: Any, name: str, width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    path, _, query = name.partition("?")
    page.goto(url(site, path, "?" + query if query else ""))
    results = axe_module.Axe().run(page)
    context.close()
    found = [v for v in results.response["violations"] if v["impact"] in SERIOUS]
    assert not found, [
        (v["id"], v["impact"], v["help"], [n["target"] for n in v["nodes"][:3]]) for v in found
    ]


def test_phone_width_turns_rows_into_cards_without_sideways_scrolling(site: Path, browser: Any) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 800}, device_scale_factor=2)
    page = context.new_page()
    page.goto(url(site, "domains/urban-planning.html"))
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 375
    assert (
        page.evaluate("() => getComputedStyle(document.querySelector('#catalogue tbody tr')).display")
        == "block"
    )
    label = "() => getComputedStyle(document.querySelector('#catalogue tbody td'), '::before').content"
    assert page.evaluate(label) == '"序号"'
    context.close()


def media_box(pdf: bytes) -> tuple[float, float]:
    found = re.search(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    assert found, "no MediaBox in the PDF"
    return float(found[1]), float(found[2])


def test_print_uses_landscape_paper_and_repeats_the_header_row(site: Path, page: Any, tmp_path: Path) -> None:
    page.goto(url(site, "domains/urban-planning.html"))
    width, height = media_box(page.pdf(prefer_css_page_size=True))
    assert (round(width), round(height)) == (1191, 842)  # A3 landscape for the national table
    page.emulate_media(media="print")
    assert page.evaluate("() => getComputedStyle(document.querySelector('#catalogue thead')).display") == (
        "table-header-group"
    )
    assert not page.locator("form.filter").is_visible()
    page.goto(url(site, "levels/county.html"))
    assert [round(v) for v in media_box(page.pdf(prefer_css_page_size=True))] == [842, 595]  # A4 landscape
    if shutil.which("pdftotext"):
        page.goto(url(site, "levels/township.html"))
        page.evaluate(
            "() => document.querySelectorAll('table.catalogue tbody tr').forEach(tr => {"
            " for (let i = 0; i < 12; i++) tr.parentNode.appendChild(tr.cloneNode(true)); })"
        )
        (tmp_path / "print.pdf").write_bytes(page.pdf(prefer_css_page_size=True))
        text = subprocess.run(
            ["pdftotext", str(tmp_path / "print.pdf"), "-"], capture_output=True, check=True
        )
        pages = [p for p in text.stdout.decode().split("\f") if p.strip()]
        assert len(pages) > 1
        assert all("公开内容（要素）" in p for p in pages)


def test_the_shipped_sample_catalogue_reads_back_cell_for_cell(browser: Any, tmp_path: Path) -> None:
    """The repository's own catalogue, the site a fresh clone builds: every domain page, every cell."""
    result = check(REPO)
    if result.errors or result.project_error:
        pytest.fail("随附的示例目录有错误：运行 zwgk validate 查看", pytrace=False)
    out = build(REPO, tmp_path / "dist").out
    catalogue = result.catalogues[0]
    levels = list(catalogue.project.levels)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    for domain in sorted({d for _, d in catalogue.shared}):
        present = [lv for lv in levels if (lv, domain) in catalogue.shared]
        rows: list[tuple[Item, list[str]]] = []
        for level in present:
            for item in catalogue.shared[(level, domain)].data.items:
                same = next((r for r in rows if r[0] == item), None)
                if same:
                    same[1].append(level)
                else:
                    rows.append((item, [level]))
        page.goto((out / "domains" / f"{domain}.html").as_uri())
        shown = page.evaluate(READ_TABLE, "#catalogue")
        assert len(shown) == len(rows), domain
        for n, ((item, at), cells) in enumerate(zip(rows, shown, strict=True), 1):
            expected = model_row(n, item, present, at)
            assert [lines(c) for c in cells[: len(expected)]] == [lines(c) for c in expected], (domain, n)
    context.close()


def model_row(number: int, item: Item, levels: list[str], at: list[str]) -> list[str]:
    """A row worked out from the validated item (aliases already normalised)."""
    scopes, methods, group = item.audience.scopes, item.methods, item.audience.group
    return [
        str(number),
        item.category,
        " / ".join(p for p in (item.subcategory, item.subsubcategory) if p),
        item.content,
        "\n".join(item.basis),
        item.time_limit,
        item.body,
        "\n".join(item.channels),
        tick("全社会" in scopes),
        tick("特定群体" in scopes, group or ""),
        tick("主动" in methods),
        tick("依申请" in methods),
        *(tick(lv in at) for lv in levels),
    ]
