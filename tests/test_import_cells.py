"""The importer's reading of single cells and header texts, as plain functions."""

from __future__ import annotations

import pytest

from zwgk_cli.importers import cells
from zwgk_cli.importers.declare import add_channels
from zwgk_cli.importers.text import join_wraps, looks_traditional, tidy, to_simplified
from zwgk_cli.importers.vocabulary import vocabulary
from zwgk_cli.vocab import NATIONAL_CHANNELS, normalize_channel

LOCAL = {"村务公开栏", "投资项目在线审批监管平台"}


def known(text: str) -> str | None:
    folded = normalize_channel(text)
    return folded if folded in NATIONAL_CHANNELS or folded in LOCAL else None  # type: ignore[return-value]


@pytest.mark.parametrize(
    ("raw", "clean", "kinds"),
    [
        ("公 开 内 容", "公开内容", {"多余空格"}),
        ("第 8 条", "第8条", {"多余空格"}),
        ("主动(dòng)公开（gōng kāi）", "主动公开", {"去除拼音注音"}),
        ("第8条,第14条;第20条", "第8条，第14条；第20条", {"半角标点"}),
        ("(国务院令第711号)", "（国务院令第711号）", {"半角标点"}),
        ("ＡＢＣ１２３号", "ABC123号", {"全角字母数字"}),
        ("http://www.gov.cn/a,b", "http://www.gov.cn/a,b", set()),
        ("GB/T 37668", "GB/T 37668", set()),
        ("县自然资源局\u3000\u3000县财政局", "县自然资源局 县财政局", set()),
        ("\u200b政府网站\u00a0", "政府网站", set()),
        ("第一行\r\n\r\n第二行", "第一行\n第二行", set()),
        ("项目(a)说明", "项目(a)说明", set()),
    ],
)
def test_tidy(raw: str, clean: str, kinds: set[str]) -> None:
    assert tidy(raw) == (clean, kinds)


def test_traditional_script() -> None:
    assert looks_traditional(["主動公開", "政府資訊公開條例"])
    assert not looks_traditional(["主动公开", "《中华人民共和国政府信息公开条例》", "乾坤"])
    assert to_simplified("縣自然資源局") == "县自然资源局"


@pytest.mark.parametrize(
    ("raw", "joined"),
    [
        ("《中华人民共和国城乡规\n划法》第八条", "《中华人民共和国城乡规划法》第八条"),
        ("项目名称、审批文号\n审批时间", "项目名称、审批文号\n审批时间"),  # a deliberate break stays
        (
            "规划批准文件、脱密后的规划文\n本及图表、规划说明、控制指标\n等",
            "规划批准文件、脱密后的规划文本及图表、规划说明、控制指标等",
        ),
        ("1.规划批准文件；\n2.规划文本\n3.图件", "1.规划批准文件；\n2.规划文本\n3.图件"),
    ],
)
def test_line_wraps(raw: str, joined: str) -> None:
    assert join_wraps(raw)[0] == joined


@pytest.mark.parametrize(
    ("raw", "chosen", "offered", "lossy"),
    [
        ("■政府网站 □政府公报 ■两微一端", ["政府网站", "政务新媒体"], ["政府公报"], True),
        ("◆政府网站\n▄公开查阅点\n√入户/现场", ["政府网站", "公开查阅点", "入户/现场"], [], False),
        ("1.政府网站 2.两微一端 3.公开查阅点", ["政府网站", "政务新媒体", "公开查阅点"], [], False),
        ("①政府网站②村务公开栏", ["政府网站", "村务公开栏"], [], False),
        ("政府网站、政务新媒体等", ["政府网站", "政务新媒体"], [], False),
        ("政府网站及两微一端", ["政府网站", "政务新媒体"], [], False),
        ("■其他：_______", ["其他"], [], False),
        ("政府网站；其他（村民微信群、村务公开栏）", ["政府网站", "村民微信群", "村务公开栏"], [], True),
        ("县政府门户网站，微信公众号", ["政府网站", "政务新媒体"], [], True),
    ],
)
def test_channel_cells(raw: str, chosen: list[str], offered: list[str], lossy: bool) -> None:
    found = cells.channels(raw, known, vocabulary(), exact=False)
    assert (found.chosen, found.offered, found.lossy) == (chosen, offered, lossy)


def test_unknown_channels_are_new_local_ones() -> None:
    found = cells.channels("政府网站、村民微信群", known, vocabulary(), exact=False)
    assert found.chosen == ["政府网站", "村民微信群"] and found.new == ["村民微信群"]


def test_unknown_channels_in_zwgks_own_workbook_are_new_local_ones_too() -> None:
    found = cells.channels("政府网站\n村民微信群\n村务公开栏\n村民微信群", known, vocabulary(), exact=True)
    assert found.chosen == ["政府网站", "村民微信群", "村务公开栏"] and found.new == ["村民微信群"]


@pytest.mark.parametrize(
    ("raw", "split"),
    [
        (
            "《中华人民共和国城乡规划法》《中华人民共和国政府信息公开条例》",
            ["《中华人民共和国城乡规划法》", "《中华人民共和国政府信息公开条例》"],
        ),
        (
            "1.《城乡规划法》第八条、第十四条；2.《政府信息公开条例》第二十条。",
            ["《城乡规划法》第八条、第十四条", "《政府信息公开条例》第二十条"],
        ),
        ("《A法》第三条、《B条例》", ["《A法》第三条", "《B条例》"]),
        ("《A法》（2019年修订），《B条例》", ["《A法》（2019年修订）", "《B条例》"]),
        ("《A法》和《B条例》", ["《A法》和《B条例》"]),
        ("国务院关于《A》的通知", ["国务院关于《A》的通知"]),
    ],
)
def test_citations(raw: str, split: list[str]) -> None:
    assert cells.citations(raw, exact=False)[0] == split


@pytest.mark.parametrize(
    ("raw", "scopes", "group"),
    [
        ("全社会", ["全社会"], None),
        ("特定群众", ["特定群体"], None),
        ("特定群体（项目单位）", ["特定群体"], "项目单位"),
        ("项目单位", ["特定群体"], "项目单位"),
        ("全社会、特定群体", ["全社会", "特定群体"], None),
    ],
)
def test_audience_in_words(raw: str, scopes: list[str], group: str | None) -> None:
    assert cells.audience(raw) == (scopes, group)


def test_ticks_and_methods() -> None:
    vocab = vocabulary()
    assert [cells.tick(t, vocab) for t in ("√", "✔", "●", "", "×", "/", "项目单位")] == [
        True,
        True,
        True,
        False,
        False,
        False,
        None,
    ]
    assert cells.methods("主动公开") == ["主动"] and cells.methods("依申请公开") == ["依申请"]
    assert cells.methods("主动、依申请") == ["主动", "依申请"] and cells.methods("不公开") == []


@pytest.mark.parametrize(
    ("header", "role"),
    [
        ("公 开 时 限", "公开时限"),
        ("公开渠道和载体\n（“■”表示必选项，“□”表示可选项）", "公开渠道"),
        ("公开内容(要素)", "公开内容"),
        ("事项名称", "公开事项"),
        ("相应领域", "领域"),
        ("演示县城乡规划领域基层政务公开标准目录", None),
        ("公开渠道（原文）", None),
    ],
)
def test_header_words(header: str, role: str | None) -> None:
    assert vocabulary().role(header) == role


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (
            "政府: x\n渠道: [村务公开栏]  # 本地\n主体: {}\n",
            "政府: x\n渠道: [村务公开栏, 村民微信群, 'a, b']  # 本地\n主体: {}\n",
        ),
        ("渠道: []\n", "渠道: [村民微信群, 'a, b']\n"),
        (
            "渠道:\n  - 村务公开栏\n  # 以上是本县的\n主体: {}\n",
            "渠道:\n  - 村务公开栏\n  - 村民微信群\n  - a, b\n  # 以上是本县的\n主体: {}\n",
        ),
        ("渠道:\n- 村务公开栏", "渠道:\n- 村务公开栏\n- 村民微信群\n- a, b\n"),
        ("政府: x\n", "政府: x\n\n渠道:\n  - 村民微信群\n  - a, b\n"),
        ("渠道:\n站点: {}\n", "渠道:\n  - 村民微信群\n  - a, b\n站点: {}\n"),
    ],
)
def test_declaring_local_channels(before: str, after: str) -> None:
    assert add_channels(before, ["村民微信群", "a, b"]) == after


def test_declaring_gives_up_on_odd_files() -> None:
    assert add_channels("- 不是键值对\n", ["村民微信群"]) is None
    assert add_channels("渠道: 村务公开栏\n", ["村民微信群"]) is None
