"""The catalogue writer: what it writes, zwgk's loader reads back unchanged, for any text."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zwgk_cli.exporters.catalogue_file import render, render_model
from zwgk_cli.loader import load_bytes
from zwgk_cli.models import CatalogueFile
from zwgk_cli.validation import validate

# Strings that YAML 1.1 reads as something else, or that start YAML syntax.
TRICKY = [
    *("yes", "No", "ON", "off", "y", "n", "true", "False", "null", "Null", "~", "NULL"),
    *("010", "0o17", "0x1F", "1e3", "1_000", ".inf", "-.inf", ".nan", "+12", "0b101", "1:20", "12:30:45"),
    *("2020-01-01", "2001-12-14t21:59:43.10-05:00", "2026-3-1"),
    *("-", "- x", "? x", "#x", "a #b", "a: b", "[x]", "{x}", "!tag", "&a", "*a", "|", "> x", "<<", "=", "%x"),
    *(
        "@x",
        "`x",
        "'q'",
        '"q"',
        "\\",
        ",",
        "x\ny",
        "第一行\n\n第三行",
        "行\n  缩进",
        "a\r\nb",
        "\u2028",
        "\x85a",
    ),
    *("\t制表", "x\x07y", "\ufeff开头", "---", "...", "《法》第八条：", "公开内容: 冒号"),
]
TEXT = (
    st.one_of(
        st.sampled_from(TRICKY),
        st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=24),
    )
    .map(str.strip)
    .filter(bool)
)


def _item(texts: list[str], extra: dict[str, str]) -> dict:
    name, second, content, basis, limit, body, channel, group = texts
    return {
        "一级事项": name,
        "二级事项": second,
        "公开内容": content,
        "公开依据": [basis, content],
        "公开时限": limit,
        "公开主体": body,
        "公开渠道": [channel, "政府网站"],
        "公开对象": ["全社会", {"特定群体": group}],
        "公开方式": ["主动", "依申请"],
        "备注": content,
        "豁免": {"ZW402": limit},
        "其他列": extra,
    }


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    texts=st.lists(TEXT, min_size=8, max_size=8),
    extra=st.dictionaries(TEXT, TEXT, max_size=3),
    description=TEXT,
)
def test_any_text_round_trips(texts: list[str], extra: dict[str, str], description: str) -> None:
    data = {
        "领域": "城乡规划",
        "层级": "县级",
        "修订日期": "2026-03-01",
        "说明": description,
        "事项": [_item(texts, extra)],
    }
    model = CatalogueFile.model_validate(data)
    text = render_model(model)
    loaded = load_bytes(text.encode("utf-8"), "x.yaml")
    assert loaded.diagnostics == [], text
    parsed, problems = validate(loaded, CatalogueFile)
    assert problems == [], text
    assert parsed == model, text


def test_layout_of_a_written_file() -> None:
    header = {"领域": "城乡规划", "层级": "县级", "修订日期": dt.date(2026, 3, 1), "说明": "第一行\n第二行"}
    items = [
        {
            "公开方式": "主动",
            "一级事项": "规划编制",
            "公开渠道": ["政府网站", "政务新媒体"],
            "公开依据": ["《中华人民共和国城乡规划法》第八条"],
            "公开内容": "yes",
            "公开时限": "2020-01-01",
            "公开主体": "县自然资源局",
            "公开对象": {"特定群体": "项目单位"},
        },
        {"一级事项": "规划许可", "公开内容": "010", "公开依据": ""},
    ]
    assert render(header, items, depth=3) == (
        "# yaml-language-server: $schema=../../../schemas/catalogue.schema.json\n"
        "领域: 城乡规划\n"
        "层级: 县级\n"
        "修订日期: 2026-03-01\n"
        "说明: |-\n"
        "  第一行\n"
        "  第二行\n"
        "事项:\n"
        "  - 一级事项: 规划编制\n"
        "    公开内容: 'yes'\n"
        "    公开依据:\n"
        "      - 《中华人民共和国城乡规划法》第八条\n"
        "    公开时限: '2020-01-01'\n"
        "    公开主体: 县自然资源局\n"
        "    公开渠道: [政府网站, 政务新媒体]\n"
        "    公开对象: {特定群体: 项目单位}\n"
        "    公开方式: 主动\n"
        "\n"
        "  - 一级事项: 规划许可\n"
        "    公开内容: '010'\n"
        "    公开依据: ''\n"
    )


def test_every_sample_file_round_trips(repo: Path) -> None:
    """The shipped sample, rewritten by the writer, reads back to the same data."""
    files = sorted((repo / "catalogues").rglob("*.yaml"))
    assert files
    for path in files:
        original = load_bytes(path.read_bytes(), path.name)
        model, problems = validate(original, CatalogueFile)
        assert model is not None and not problems, path
        depth = len(path.relative_to(repo).parts) - 1
        written = render_model(model, depth=depth)
        assert written.startswith(
            f"# yaml-language-server: $schema={'../' * depth}schemas/catalogue.schema.json"
        )
        again, problems = validate(load_bytes(written.encode("utf-8"), path.name), CatalogueFile)
        assert again == model, path
