"""Hostile text in every element reads back literally from the HTML pages and the Markdown tables."""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jinja2 import Environment
from markdown_it import MarkdownIt

from pagereader import Page, lines
from zwgk_cli import layout, render_data, render_html, render_markdown, theme
from zwgk_cli import project as project_stage
from zwgk_cli.catalogue import Catalogue, Entry
from zwgk_cli.models import CatalogueFile, Item
from zwgk_cli.site import build_site

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "small"
PROJECT = project_stage.load(FIXTURE).projects[0]
ENV = theme.environment([])

TOKENS = [
    "<script>alert(1)</script>", "</td>", "<b>", "<!--", "&amp;", "&lt;", "|", "\\|", "\n", "{{ x }}",
    "{% if %}", "{#", "# ", "## ", "- ", "1. ", "> ", "*", "**", "_", "`", "```", "[a](b)", "![i](x)",
    "~~", "$x$", "\\", "---", "===", '"', "'", "http://a.b/c", "<br>", "&#124;", "  ", "　", "规划", "主动",
]  # fmt: skip
TEXT = (
    st.lists(
        st.one_of(
            st.sampled_from(TOKENS),
            st.text(st.characters(blacklist_categories=("Cc", "Cs", "Co", "Cn")), max_size=4),
        ),
        min_size=1,
        max_size=6,
    )
    .map("".join)
    .filter(lambda s: s.strip())
)
URL = st.text(st.sampled_from(list("abc/?=&<>\"'|#()[]\\`*_{}%")), max_size=12).map(
    lambda s: "https://x.cn/" + s
)


@st.composite
def items(draw: st.DrawFn) -> dict[str, Any]:
    return {
        "一级事项": draw(TEXT),
        "二级事项": draw(TEXT),
        "三级事项": draw(st.none() | TEXT),
        "公开内容": draw(TEXT),
        "公开依据": draw(st.lists(TEXT, min_size=1, max_size=3)),
        "公开时限": draw(TEXT),
        "公开主体": draw(TEXT),
        "公开渠道": draw(st.lists(TEXT, min_size=1, max_size=3)),
        "公开对象": draw(st.sampled_from(["全社会", None])) or {"特定群体": draw(TEXT)},
        "公开方式": draw(st.sampled_from([["主动"], ["依申请"], ["主动", "依申请"]])),
        "链接": draw(st.none() | URL),
        "备注": draw(st.none() | TEXT),
        "豁免": {"ZW402": draw(TEXT)} if draw(st.booleans()) else {},
        "其他列": draw(st.dictionaries(TEXT, TEXT, max_size=2)),
    }


def catalogue(item: dict[str, Any], description: str, reason: str) -> tuple[Catalogue, Item]:
    """A county list and a township list holding the item, and one unit that drops it."""
    head = {"领域": "城乡规划", "修订日期": "2026-01-01", "说明": description}
    county = CatalogueFile.model_validate({**head, "层级": "县级", "事项": [item]})
    township = CatalogueFile.model_validate({**head, "层级": "乡级", "事项": [item]})
    own = CatalogueFile.model_validate(
        {**head, "层级": "乡级", "不适用": [{"事项": county.items[0].identity, "理由": reason}]}
    )
    found = Catalogue(PROJECT)
    found.shared[("county", "urban-planning")] = Entry("c.yaml", "county", "urban-planning", None, county)
    found.shared[("township", "urban-planning")] = Entry(
        "t.yaml", "township", "urban-planning", None, township
    )
    found.overrides[("township", "xijie", "urban-planning")] = Entry(
        "x.yaml", "township", "urban-planning", "xijie", own
    )
    return found, county.items[0]


def expected_cells(item: Item) -> list[str]:
    """The text cells of the national table, from the item itself."""
    return [
        item.category,
        " / ".join(p for p in (item.subcategory, item.subsubcategory) if p),
        item.content,
        "\n".join(item.basis),
        item.time_limit,
        item.body,
        "\n".join(item.channels),
    ]


SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(item=items(), description=TEXT, reason=TEXT)
def test_html_reads_back_every_element(item: dict[str, Any], description: str, reason: str) -> None:
    found, parsed = catalogue(item, description, reason)
    files = render_html.render(build_site(found, dt.date(2026, 1, 1)), ENV)
    html = files["domains/urban-planning.html"].decode()
    page = Page(html)
    assert page.tags.get("script") == 1  # only the page's own site.js
    assert not any(a.startswith("on") for a in page.attributes)
    (row,) = page.table("catalogue").rows  # written the same at both levels: one row, two ticks
    cells = row.cells
    assert [lines(c) for c in cells[1:8]] == [lines(c) for c in expected_cells(parsed)]
    assert lines(cells[9]) == ("√是" + lines(parsed.audience.group) if parsed.audience.group else "否")
    assert cells[12:14] == ["√是", "√是"]
    for text in (parsed.note, *parsed.exemptions.values(), *parsed.other_columns.values()):
        assert text is None or lines(text) in lines(cells[14])
    if parsed.url:
        assert ("a", "href", parsed.url) in page.links
    assert lines(description) in lines(visible_text(html))
    unit = files["units/xijie.html"].decode()
    assert lines(reason) in lines(visible_text(unit))
    assert Page(unit).tags.get("script") == 1


@pytest.fixture(scope="module")
def text_env(tmp_path_factory: pytest.TempPathFactory) -> Environment:
    """The shipped templates, one as a project's own copy: its pages get the rows and laws as text."""
    folder = tmp_path_factory.mktemp("templates")
    shutil.copy(layout.shipped_templates() / "_macros.html", folder)
    env = theme.environment([folder])
    assert theme.shipped_html_only(ENV) and not theme.shipped_html_only(env)
    return env


@SETTINGS
@given(item=items(), description=TEXT, reason=TEXT)
def test_pages_with_rows_and_laws_as_bytes_are_the_pages_as_text(
    text_env: Environment, item: dict[str, Any], description: str, reason: str
) -> None:
    found, _ = catalogue(item, description, reason)
    site = build_site(found, dt.date(2026, 1, 1))
    files = render_html.render(site, ENV)
    assert files == render_html.render(site, text_env)
    assert not [name for name, data in files.items() if b"\x00" in data or b"zwgk-slot" in data]
    laws = files["laws.html"].decode()
    assert Page(laws).tags.get("script") == 1
    (page,) = [page for page in site.pages if page.path == "laws.html"]
    assert page.laws
    for law in page.laws:
        assert lines(law.title) in lines(visible_text(laws))


def visible_text(html: str) -> str:
    """Every text node of a page, a newline for each `<br>`."""
    chunks: list[str] = []

    class Text(HTMLParser):
        def handle_data(self, data: str) -> None:
            chunks.append(data)

        def handle_starttag(self, tag: str, attrs: object) -> None:
            if tag == "br":
                chunks.append("\n")

    Text(convert_charrefs=True).feed(html)
    return "".join(chunks)


MARKDOWN = MarkdownIt("commonmark", {"html": True}).enable("table")
BLOCKS = {"h1", "ul", "li", "p", "strong", "a", "br"}
TABLE = {"table", "thead", "tbody", "tr", "th", "td"}


@SETTINGS
@given(item=items(), description=TEXT, reason=TEXT)
def test_markdown_tables_survive_every_element(item: dict[str, Any], description: str, reason: str) -> None:
    found, parsed = catalogue(item, description, reason)
    files = render_markdown.render(build_site(found, dt.date(2026, 1, 1)), ENV)
    html = MARKDOWN.render(files["md/county/urban-planning.md"].decode())
    page = Page(html)
    (table,) = page.tables
    (row,) = table.rows
    remarks = parsed.note or parsed.url or parsed.exemptions or parsed.other_columns
    assert len(table.head[0]) == len(row.cells) == (11 if remarks else 10)
    assert [lines(c) for c in row.cells[1:8]] == [lines(c) for c in expected_cells(parsed)]
    if parsed.audience.group:
        assert lines(row.cells[8]) == lines("特定群体：" + parsed.audience.group)
    for text in (parsed.note, *parsed.exemptions.values(), *parsed.other_columns.values()):
        assert text is None or lines(text) in lines(row.cells[10])
    assert set(page.tags) <= BLOCKS | TABLE
    assert page.tags.get("a", 0) == 1 + bool(parsed.url)  # back to the index, and the item's own link
    if parsed.url:  # markdown-it percent-encodes what a URL may not hold, as GitHub does
        assert unquote(parsed.url) in [unquote(href) for _, _, href in page.links]
    assert lines(description) in lines(visible_text(html))
    own = MARKDOWN.render(files["md/township/xijie/urban-planning.md"].decode())
    assert lines(reason) in lines(visible_text(own))
    assert set(Page(own).tags) <= BLOCKS


@SETTINGS
@given(item=items(), description=TEXT, reason=TEXT)
def test_data_files_are_what_pydantic_and_the_csv_module_write(
    item: dict[str, Any], description: str, reason: str
) -> None:
    found, parsed = catalogue(item, description, reason)
    files = render_data.render(build_site(found, dt.date(2026, 1, 1)))
    for name in ("data/catalogue.json", "data/domains/urban-planning.json"):
        whole = render_data.CatalogueData.model_validate_json(files[name])
        assert files[name] == whole.model_dump_json(by_alias=True, indent=2).encode() + b"\n"
    data = files["data/catalogue.csv"].decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(data, newline="")))
    assert len(rows) == 1 + 2  # the unit drops the item
    expected = io.StringIO()
    writer = csv.writer(expected, lineterminator="\r\n")
    writer.writerow(render_data.CSV_COLUMNS)
    for row in rows[1:]:
        cells = [
            parsed.category, parsed.subcategory or "", parsed.subsubcategory or "", parsed.id or "",
            parsed.content, "\n".join(parsed.basis), parsed.time_limit, parsed.body, "、".join(parsed.channels),
            "、".join(parsed.audience.scopes), parsed.audience.group or "", "、".join(parsed.methods),
            "、".join(parsed.openness), parsed.url or "", parsed.note or "",
            "\n".join(f"{k}：{v}" for k, v in parsed.other_columns.items()), "2026-01-01", row[-1],
        ]  # fmt: skip
        writer.writerow(
            row[:5] + ["'" + c if c[:1] in ("=", "+", "-", "@", "\t", "\r") else c for c in cells]
        )
    assert data == expected.getvalue()


@given(st.lists(st.text(alphabet=st.sampled_from("ab中,\"\r\n '=|"), max_size=8), min_size=2, max_size=6))
def test_csv_lines_are_what_the_csv_module_writes_and_read_back(fields: list[str]) -> None:
    expected = io.StringIO()
    csv.writer(expected, lineterminator="\r\n").writerow(fields)
    line = ",".join(map(render_data._csv_text, fields)) + "\r\n"
    assert line == expected.getvalue()
    assert next(csv.reader(io.StringIO(line, newline=""))) == fields
