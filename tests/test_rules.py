"""The rules from the regulations: parsers, registry, settings and exemptions, and the reference page.

Each rule's pinned valid and invalid examples are case folders (tests/cases/*/rule-zw4xx-…), run by
tests/test_cases.py; here we check every rule has both, and test the parts below the rules.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from zwgk_cli.check import check
from zwgk_cli.cli import app
from zwgk_cli.diagnostics import CODES, Severity
from zwgk_cli.models import LevelDecl
from zwgk_cli.rules import exemptions_of, markdown, personal_data
from zwgk_cli.rules.citations import Citation, number_key
from zwgk_cli.rules.citations import parse as parse_basis
from zwgk_cli.rules.laws import registry_for, shipped
from zwgk_cli.rules.numerals import to_chinese, to_int
from zwgk_cli.rules.registry import LevelKind, level_kind
from zwgk_cli.rules.timelimit import (
    AnnualDate,
    DayUnit,
    Deadline,
    Extension,
    Immediate,
    NoticePeriod,
    Periodic,
    Trigger,
)
from zwgk_cli.rules.timelimit import parse as parse_time_limit

CASES = Path(__file__).parent / "cases"
RULE_CODES = sorted(code for code in CODES if code.startswith(("ZW4", "ZW5")))


# ---------------------------------------------------------------- every rule is pinned by cases


@pytest.mark.parametrize("code", RULE_CODES)
def test_every_rule_has_a_valid_and_an_invalid_case(code: str) -> None:
    prefix = f"rule-{code.lower()}-"
    valid = [p for p in (CASES / "valid").iterdir() if p.name.startswith(prefix)]
    invalid = [p for p in (CASES / "invalid").iterdir() if p.name.startswith(prefix)]
    assert valid, f"tests/cases/valid/{prefix}… 缺失"
    assert invalid, f"tests/cases/invalid/{prefix}… 缺失"
    for case in invalid:
        expected = yaml.safe_load((case / "expected.yaml").read_text(encoding="utf-8"))
        assert code in {d["code"] for d in expected}, f"{case.name} 没有钉住 {code}"


def test_every_rule_cites_its_source_and_explains_itself() -> None:
    from zwgk_cli.rules.registry import EXPLANATIONS

    for code in RULE_CODES:
        spec = CODES[code]
        assert spec.title and spec.message and spec.hint
        assert EXPLANATIONS[code]
        assert spec.basis or spec.group == "豁免", code


# ---------------------------------------------------------------- 公开时限


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("信息形成或者变更之日起20个工作日内", Deadline),
        ("作出行政决定之日起7个工作日内", Deadline),
        ("批准后20日内", Deadline),
        ("实时公开", Immediate),
        ("每年1月31日前", AnnualDate),
        ("每季度", Periodic),
        ("公示7日", NoticePeriod),
        ("公告时间不少于30日", NoticePeriod),
    ],
)
def test_design_phrasings_are_read(text: str, expected: type) -> None:
    limit = parse_time_limit(text)
    assert limit.unread == ()
    assert isinstance(limit.parts[0], expected)


def test_deadline_carries_span_unit_and_trigger() -> None:
    formed = parse_time_limit("信息形成或者变更之日起20个工作日内").deadlines[0]
    assert (formed.span.amount, formed.span.unit, formed.trigger) == (20, DayUnit.WORKING_DAY, Trigger.FORMED)
    decision = parse_time_limit("作出行政决定之日起7个工作日内").deadlines[0]
    assert (decision.span.amount, decision.trigger) == (7, Trigger.DECISION)
    approval = parse_time_limit("批准后20日内").deadlines[0]
    assert (approval.span.unit, approval.trigger) == (DayUnit.DAY, Trigger.APPROVAL)


def test_working_days_and_calendar_days_differ() -> None:
    twenty_days = parse_time_limit("批准后20日内").deadlines[0].span
    thirty_days = parse_time_limit("批准后30日内").deadlines[0].span
    assert twenty_days.working_days < 20 < thirty_days.working_days


def test_request_period_with_extension() -> None:
    limit = parse_time_limit(
        "自收到申请之日起20个工作日内予以答复；需要延长答复期限的，延长的期限最长不超过20个工作日"
    )
    assert [d.trigger for d in limit.deadlines] == [Trigger.REQUEST]
    assert limit.extensions == (Extension(limit.extensions[0].span),)
    assert str(limit.extensions[0].span) == "20个工作日"


def test_annual_dates_and_periods() -> None:
    assert parse_time_limit("每年1月31日前").parts == (AnnualDate(1, 31),)
    assert parse_time_limit("次年3月底前").parts == (AnnualDate(3, None, end_of_month=True, next_year=True),)
    quarterly = parse_time_limit("每季度结束后15个工作日内")
    assert quarterly.parts[0] == Periodic("季度")
    assert quarterly.deadlines[0].trigger is Trigger.PERIOD_END


def test_notice_periods_are_not_deadlines() -> None:
    for text in (
        "在拟征收土地所在的乡（镇）和村、村民小组范围内公告，公告时间不少于30日",
        "决策前公开征求意见，征求意见期限一般不少于30日",
        "审核后在申请人所在村（社区）公示，公示期为7天",
    ):
        limit = parse_time_limit(text)
        assert limit.deadlines == (), text
        assert any(isinstance(p, NoticePeriod) for p in limit.parts), text


def test_lead_times_before_an_event_are_not_deadlines() -> None:
    for text in ("原则上不晚于采购活动开始前30日", "会议召开3日前", "停止供水前至少24小时"):
        assert parse_time_limit(text).deadlines == (), text


def test_compound_text_reads_every_clause() -> None:
    limit = parse_time_limit("信息形成之日起20个工作日内；其中行政处罚决定7个工作日内")
    assert [d.span.amount for d in limit.deadlines] == [20, 7]
    assert limit.deadlines[1].trigger is Trigger.DECISION


def test_unreadable_text_says_what_was_understood() -> None:
    limit = parse_time_limit("信息形成之日起20个工作日内；按上级要求")
    assert limit.unread == ("按上级要求",)
    assert limit.understood() == "信息形成之日起20个工作日内"
    assert parse_time_limit("依法公开").understood() == "无"


def test_chinese_numerals_and_full_width_digits() -> None:
    assert parse_time_limit("二十个工作日内").deadlines[0].span.amount == 20
    assert parse_time_limit("２０个工作日内").deadlines[0].span.amount == 20


def test_each_text_is_parsed_once() -> None:
    assert parse_time_limit("实时公开") is parse_time_limit("实时公开")


TRIGGERS = {
    "信息形成或者变更之日起": Trigger.FORMED,
    "作出行政决定之日起": Trigger.DECISION,
    "自收到申请之日起": Trigger.REQUEST,
    "批准后": Trigger.APPROVAL,
    "": Trigger.NONE,
}
UNITS = {"个工作日": DayUnit.WORKING_DAY, "日": DayUnit.DAY, "天": DayUnit.DAY, "个月": DayUnit.MONTH}


@given(
    amount=st.integers(1, 999),
    chinese=st.booleans(),
    trigger=st.sampled_from(sorted(TRIGGERS)),
    unit=st.sampled_from(sorted(UNITS)),
)
def test_any_deadline_reads_back(amount: int, chinese: bool, trigger: str, unit: str) -> None:
    number = to_chinese(amount) if chinese else str(amount)
    limit = parse_time_limit(f"{trigger}{number}{unit}内")
    assert limit.unread == ()
    (deadline,) = limit.deadlines
    assert (deadline.span.amount, deadline.span.unit, deadline.trigger) == (
        amount,
        UNITS[unit],
        TRIGGERS[trigger],
    )


@given(st.text(max_size=60))
def test_any_text_parses_without_error(text: str) -> None:
    limit = parse_time_limit(text)
    assert all(clause in text for clause in limit.unread)
    assert isinstance(limit.understood(), str)


@given(st.integers(0, 9999))
def test_chinese_numerals_round_trip(number: int) -> None:
    assert to_int(to_chinese(number)) == number


# ---------------------------------------------------------------- 公开依据


@pytest.mark.parametrize(
    ("text", "citations"),
    [
        (
            "《中华人民共和国政府信息公开条例》（国务院令第711号）第二十条",
            [Citation("中华人民共和国政府信息公开条例", "国务院令第711号", "", ("第二十条",))],
        ),
        (
            "《中华人民共和国土地管理法实施条例》（国务院令第743号）第二十八条、第二十九条",
            [
                Citation(
                    "中华人民共和国土地管理法实施条例", "国务院令第743号", "", ("第二十八条", "第二十九条")
                )
            ],
        ),
        (
            "《中华人民共和国城乡规划法》《中华人民共和国政府信息公开条例》",
            [Citation("中华人民共和国城乡规划法"), Citation("中华人民共和国政府信息公开条例")],
        ),
        (
            "《国务院办公厅印发〈关于全面推进政务公开工作的意见〉实施细则的通知》（国办发〔2016〕80号）",
            [
                Citation(
                    "国务院办公厅印发〈关于全面推进政务公开工作的意见〉实施细则的通知", "国办发〔2016〕80号"
                )
            ],
        ),
        (
            "《养老机构等级划分与评定》（GB/T 37276—2018）",
            [Citation("养老机构等级划分与评定", "GB/T 37276—2018")],
        ),
        ("《社会保险法》第十一章", [Citation("社会保险法", "", "", ("第十一章",))]),
        ("《政府信息公开条例》（2007年）第九条", [Citation("政府信息公开条例", "", "2007年", ("第九条",))]),
        (
            "《关于推进预决算公开的通知》财预[2016]143号",
            [Citation("关于推进预决算公开的通知", "财预[2016]143号")],
        ),
        ("相关法律法规", []),
        ("《中华人民共和国预算法", []),
    ],
)
def test_basis_is_read_into_citations(text: str, citations: list[Citation]) -> None:
    assert list(parse_basis(text).citations) == citations


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("国办发[2019]54号", "国办发〔2019〕54号"),
        ("国办发（2019）第54号", "国办发〔2019〕54号"),
        ("中华人民共和国国务院令 第711号", "国务院令第711号"),
        ("2019年4月3日中华人民共和国国务院令第711号", "国务院令第711号"),
    ],
)
def test_numbers_are_compared_in_one_form(written: str, key: str) -> None:
    assert number_key(written) == key


_TITLE_CHARS = st.text(
    alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), min_size=2, max_size=20
)


@given(
    title=_TITLE_CHARS,
    order=st.one_of(st.none(), st.integers(1, 999)),
    articles=st.lists(st.integers(1, 300), max_size=3),
)
def test_any_citation_reads_back(title: str, order: int | None, articles: list[int]) -> None:
    number = f"国务院令第{order}号" if order else ""
    cited = "、".join(f"第{to_chinese(n)}条" for n in articles)
    text = f"《{title}》" + (f"（{number}）" if number else "") + cited
    (citation,) = parse_basis(text).citations
    assert (citation.title, citation.number) == (title, number)
    assert list(citation.articles) == [f"第{to_chinese(n)}条" for n in articles]


# ---------------------------------------------------------------- the laws registry


def test_shipped_registry_knows_the_replaced_2007_regulation() -> None:
    laws = registry_for([])
    old = laws.lookup(parse_basis("《中华人民共和国政府信息公开条例》（国务院令第492号）").citations[0])
    current = laws.lookup(parse_basis("《政府信息公开条例》").citations[0])
    assert old.law is not None and not old.law.in_force
    assert current.law is not None and current.law.in_force and current.law.numbers == ("国务院令第711号",)


def test_shipped_registry_entries_are_consistent() -> None:
    for law in shipped():
        if law.status != "现行有效":
            assert law.replaced_by or law.ended, law.title
        assert "《" not in law.title, law.title


def test_misspelling_needs_exactly_one_close_title() -> None:
    laws = registry_for([])
    near = laws.near("中华人民共和国政府信息公开条列")
    assert near is not None and near.title == "中华人民共和国政府信息公开条例"
    assert laws.near("中华人民共和国保险法") is None  # a real law, three characters: never guessed


def test_project_laws_extend_and_correct_the_registry(make_project) -> None:  # type: ignore[no-untyped-def]
    catalogue = _catalogue_with_basis(
        ["《城市房屋拆迁管理条例》第八条", "《青禾县预算公开规程》（青政办〔2024〕3号）"]
    )
    project = (
        _PROJECT
        + "法规:\n"
        + "  - {标题: 城市房屋拆迁管理条例, 类别: 行政法规}\n"
        + "  - {标题: 青禾县预算公开规程, 文号: 青政办〔2024〕4号, 类别: 规范性文件}\n"
    )
    root = make_project({"catalogues/county/budget.yaml": catalogue}, project=project)
    assert _codes(root) == ["ZW409"]  # the stale regulation is declared in force; the number is checked


# ---------------------------------------------------------------- personal data


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("张某 11010519491231002X", ["ZW417"]),
        ("张某 110105194912310021", []),  # wrong check digit
        ("张某 410***********1234", []),  # already masked
        ("电话 +86 138-0013-8000", ["ZW418"]),
        ("电话 0398-2852172，12345热线", []),
        ("统一社会信用代码 12410000415802236K", []),
        ("账号 6222021000123456781", ["ZW419"]),
        ("账号 6222021000123456782", []),  # fails the Luhn check
        ("项目代码 2019-419921-48-01-012345", []),
    ],
)
def test_personal_data_is_found(text: str, codes: list[str]) -> None:
    assert [code for code, _masked in personal_data.find(text)] == codes


def test_personal_data_is_masked_in_the_message() -> None:
    ((_, masked),) = personal_data.find("11010519491231002X")
    assert masked == "1101**********002X"


_MOBILE = "13800138000"


@pytest.mark.parametrize(
    ("written", "instead"),
    [
        ("公开内容: 政府预算", f"公开内容: 政府预算，联系{_MOBILE}"),
        ("公开渠道: [政府网站]", f"公开渠道: [政府网站, '{_MOBILE}']"),
        ("公开对象: 全社会", f"公开对象: {{特定群体: 联系人{_MOBILE}}}"),
        ("公开方式: 主动", f"公开方式: 主动\n    备注: 联系{_MOBILE}"),
        ("公开方式: 主动", f"公开方式: 主动\n    其他列: {{咨询电话: '{_MOBILE}'}}"),
        ("公开方式: 主动", f"公开方式: 主动\n    其他列: {{'电话{_MOBILE}': 有}}"),
        ("公开方式: 主动", f"公开方式: 主动\n    豁免: {{ZW402: 联系{_MOBILE}}}"),
    ],
)
def test_personal_data_is_found_in_every_kind_of_field(make_project, written: str, instead: str) -> None:  # type: ignore[no-untyped-def]
    """Every item is first searched as one joined text: a number in any field must still be found."""
    catalogue = _catalogue_with_basis([OGI]).replace(written, instead)
    root = make_project({"catalogues/county/budget.yaml": catalogue}, project=_PROJECT)
    assert _codes(root).count("ZW418") == 1


# ---------------------------------------------------------------- settings and exemptions

_PROJECT = """\
政府:
  编号: demo
  名称: 演示县人民政府
  简称: 演示县
  层级: county
"""


def _catalogue_with_basis(basis: list[str], extra: str = "") -> str:
    lines = "\n".join(f"      - {b}" for b in basis)
    return (
        "领域: 财政预决算\n层级: 县级\n修订日期: 2026-03-15\n事项:\n"
        "  - 一级事项: 预算公开\n    二级事项: 政府预算\n    公开内容: 政府预算\n"
        f"    公开依据:\n{lines}\n"
        "    公开时限: 信息形成或者变更之日起30个工作日内\n    公开主体: 县财政局\n"
        "    公开渠道: [政府网站]\n    公开对象: 全社会\n    公开方式: 主动\n" + extra
    )


def _codes(root: Path) -> list[str]:
    return [d.code for d in check(root).diagnostics]


OGI = "《中华人民共和国政府信息公开条例》（国务院令第711号）第二十条"


def test_rule_severity_can_be_changed_or_switched_off(make_project) -> None:  # type: ignore[no-untyped-def]
    files = {"catalogues/county/budget.yaml": _catalogue_with_basis([OGI])}
    (found,) = check(make_project(files, project=_PROJECT)).diagnostics
    assert (found.code, found.severity) == ("ZW402", Severity.ERROR)
    (found,) = check(make_project(files, project=_PROJECT + "规则: {ZW402: warning}\n")).diagnostics
    assert (found.code, found.severity) == ("ZW402", Severity.WARNING)
    assert check(make_project(files, project=_PROJECT + "规则: {ZW402: 关闭}\n")).diagnostics == []


def test_written_exemption_drops_the_diagnostic(make_project) -> None:  # type: ignore[no-untyped-def]
    exempt = "    豁免:\n      ZW402: 《河南省政府信息公开规定》另有规定\n"
    root = make_project(
        {"catalogues/county/budget.yaml": _catalogue_with_basis([OGI], exempt)}, project=_PROJECT
    )
    assert _codes(root) == []


def test_exemptions_are_listed_with_rule_titles(make_project) -> None:  # type: ignore[no-untyped-def]
    exempt = "    豁免:\n      ZW402: 另有规定\n      ZW999: 写错的编号\n"
    root = make_project(
        {"catalogues/county/budget.yaml": _catalogue_with_basis([OGI], exempt)}, project=_PROJECT
    )
    result = check(root)
    assert [d.code for d in result.diagnostics] == ["ZW420"]
    item = result.catalogues[0].entries[0].data.items[0]
    shown = [(e.code, e.title, e.reason) for e in exemptions_of(item)]
    assert shown == [("ZW402", "主动公开超过20个工作日", "另有规定"), ("ZW999", "", "写错的编号")]


# ---------------------------------------------------------------- levels


@pytest.mark.parametrize(
    ("decl", "kind"),
    [
        ({"编号": "county", "名称": "县级"}, LevelKind.COUNTY),
        ({"编号": "district", "名称": "区级"}, LevelKind.COUNTY),
        ({"编号": "street", "名称": "镇街级"}, LevelKind.TOWNSHIP),
        ({"编号": "community", "名称": "村（居）级"}, LevelKind.VILLAGE),
        ({"编号": "other", "名称": "专项"}, LevelKind.OTHER),
    ],
)
def test_level_kind_from_id_or_name(decl: dict[str, str], kind: LevelKind) -> None:
    assert level_kind(LevelDecl.model_validate(decl)) is kind


# ---------------------------------------------------------------- the sample and the reference page


def test_shipped_sample_has_no_rule_findings(repo: Path) -> None:
    result = check(repo)
    assert [f"{d.file}:{d.line} {d.code} {d.message}" for d in result.diagnostics] == []
    assert result.items > 500


def test_rules_reference_page_is_current(repo: Path) -> None:
    committed = (repo / "docs" / "rules.md").read_text(encoding="utf-8")
    assert committed == markdown(), "运行 zwgk rules --markdown > docs/rules.md 重新生成"


def test_rules_markdown_from_the_cli(runner: CliRunner) -> None:
    result = runner.invoke(app, ["rules", "--markdown"])
    assert result.exit_code == 0
    assert result.output == markdown()
    for code in RULE_CODES:
        assert f"### {code} {CODES[code].title}" in result.output


def test_personal_data_in_other_columns_is_found(make_project) -> None:  # type: ignore[no-untyped-def]
    from zwgk_cli.check import check

    root = make_project(
        {
            "catalogues/county/budget.yaml": """\
                领域: 财政预决算
                层级: 县级
                修订日期: 2026-03-15
                事项:
                  - 一级事项: 预算公开
                    二级事项: 政府预算
                    公开内容: 经本级人民代表大会批准的政府预算
                    公开依据: [《中华人民共和国预算法》第十四条]
                    公开时限: 批准后20日内
                    公开主体: 县财政局
                    公开渠道: [政府网站]
                    公开对象: 全社会
                    公开方式: 主动
                    其他列:
                      联系人手机: "13912345678"
                """
        }
    )
    found = [(d.code, d.line, d.path) for d in check(root).diagnostics if d.code.startswith("ZW41")]
    assert found == [("ZW418", 15, ("事项", 0, "其他列"))]
