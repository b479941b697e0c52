"""zwgk export xlsx: the national layout for review and print, and zwgk import reads it back unchanged."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from typer.testing import CliRunner

from zwgk_cli import catalogue as catalogue_stage
from zwgk_cli import project as project_stage
from zwgk_cli.catalogue import Catalogue
from zwgk_cli.cli import app
from zwgk_cli.exporters.catalogue_file import render_model
from zwgk_cli.exporters.xlsx import export
from zwgk_cli.importers import Options, gather, write

PROJECT = """\
政府:
  编号: demo
  名称: 演示县人民政府
  简称: 演示县
  层级: county
  下辖:
    - {编号: town-a, 名称: 甲镇人民政府, 简称: 甲镇, 层级: township}
渠道: [村务公开栏]
主体:
  county: [县自然资源局, 县财政局]
"""
COUNTY = """\
领域: 城乡规划
层级: 县级
修订日期: 2026-03-20
版本: 2026年第1版
标准指引: 自然资源部办公厅关于印发城乡规划领域基层政务公开标准指引的通知
说明: |-
  依据标准指引编制。
  第二段说明。
事项:
  - 编号: UP-1
    一级事项: 规划编制
    二级事项: 总体规划
    三级事项: 批准
    公开内容: |-
      规划批准文件
      脱密后的文本
    公开依据:
      - 《中华人民共和国城乡规划法》第八条
      - 《中华人民共和国政府信息公开条例》第二十条
    公开时限: 信息形成或者变更之日起20个工作日内
    公开主体: 县自然资源局
    公开渠道: [政府网站, 政务新媒体, 村务公开栏]
    公开对象: [全社会, {特定群体: 项目单位}]
    公开方式: [主动, 依申请]
    五公开: [决策, 结果]
    链接: https://www.example.gov.cn/zwgk/ghbz/
    备注: =SUM(A1) 不是公式
    其他列: {咨询电话: 0371-1234567, 责任科室: 规划股}
  - 一级事项: 规划编制
    二级事项: 详细规划
    公开内容: 控制性详细规划
    公开依据: 《中华人民共和国城乡规划法》第十九条
    公开时限: 同上
    公开主体: 县自然资源局
    公开渠道: [政府网站]
    公开对象: 特定群体
    公开方式: 主动
    豁免: {ZW401: 原表如此}
  - 一级事项: 规划许可
    二级事项: 选址意见书
    公开内容: 'yes'
    公开依据: 《中华人民共和国城乡规划法》第三十六条
    公开时限: 作出行政决定之日起7个工作日内
    公开主体: 县自然资源局
    公开渠道: [政府网站]
    公开对象: {特定群体: 项目单位}
    公开方式: 主动
"""
TOWNSHIP = """\
领域: 城乡规划
层级: 乡级
修订日期: 2026-03-01
事项:
  - 一级事项: 乡村规划
    二级事项: 村庄规划
    公开内容: 村庄规划批准文件
    公开依据: 《中华人民共和国城乡规划法》第二十二条
    公开时限: 信息形成或者变更之日起20个工作日内
    公开主体: 乡镇人民政府（街道办事处）
    公开渠道: [政府网站, 便民服务站]
    公开对象: 全社会
    公开方式: 主动
  - 一级事项: 乡村规划
    二级事项: 乡村建设规划许可
    公开内容: 许可结果
    公开依据: 《中华人民共和国城乡规划法》第四十一条
    公开时限: 作出行政决定之日起7个工作日内
    公开主体: 乡镇人民政府（街道办事处）
    公开渠道: [政府网站, 便民服务站]
    公开对象: 全社会
    公开方式: 主动
"""
ECOLOGY = """\
领域: 环境保护
层级: 区级
修订日期: 2026-02-01
事项:
  - 一级事项: 环境质量
    公开内容: 空气质量状况
    公开依据: 《中华人民共和国环境保护法》第五十四条
    公开时限: 实时公开
    公开主体: 县自然资源局
    公开渠道: 政府网站
    公开对象: 全社会
    公开方式: 主动
"""
OVERRIDE = """\
领域: 城乡规划
层级: 乡级
修订日期: 2026-03-10
事项: []
不适用:
  - 事项: 乡村规划/乡村建设规划许可
    理由: 本镇辖区内无农村集体土地；由县自然资源局办理
"""


def read(root: Path) -> Catalogue:
    catalogue, problems = catalogue_stage.read(project_stage.load(root).projects[0])
    assert [p for p in problems if p.severity == "error" and p.code < "ZW400"] == []
    return catalogue


def by_file(catalogue: Catalogue) -> dict:
    return {(e.level, e.unit, e.domain): e.data for e in catalogue.entries}


@pytest.fixture
def project(make_project) -> Path:  # type: ignore[no-untyped-def]
    return make_project(
        {
            "catalogues/county/urban-planning.yaml": COUNTY,
            "catalogues/township/urban-planning.yaml": TOWNSHIP,
            "catalogues/township/town-a/urban-planning.yaml": OVERRIDE,
            "catalogues/county/ecology-environment.yaml": ECOLOGY,  # the domain and level by other names
        },
        project=PROJECT,
    )


def round_trip(source: Path, workbook: Path, target: Path) -> Catalogue:
    target.mkdir()
    shutil.copy(source / "zwgk.yaml", target / "zwgk.yaml")
    result = gather([workbook], project_stage.load(target).projects[0], Options())
    write(result)
    assert result.report.findings == []
    return read(target)


def test_layout_of_the_workbook(runner: CliRunner, project: Path, tmp_path: Path) -> None:
    out = tmp_path / "目录.xlsx"
    result = runner.invoke(app, ["export", "xlsx", str(project), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert result.output == f"已导出 {out}：4 个表，6 个事项\n"
    book = load_workbook(out)
    assert book.sheetnames == [
        "城乡规划（县级）",
        "生态环境（县级）",
        "城乡规划（乡级）",
        "城乡规划（甲镇）",
        "取值",
    ]
    assert book["取值"].sheet_state == "hidden"
    assert book.properties.creator == "zwgk"
    sheet = book["城乡规划（县级）"]
    assert sheet["A1"].value == "演示县城乡规划领域基层政务公开事项标准目录（县级）"
    assert sheet["A2"].value == "领域：城乡规划　　层级：县级　　修订日期：2026-03-20　　版本：2026年第1版"
    assert sheet["A4"].value == "说明：依据标准指引编制。\n第二段说明。"
    header = [[c.value for c in row] for row in sheet.iter_rows(min_row=5, max_row=6)]
    assert header[0][:12] == [
        "序号",
        "事项编号",
        "公开事项",
        None,
        None,
        "公开内容（要素）",
        "公开依据",
        "公开时限",
        "公开主体",
        "公开渠道和载体",
        "公开对象",
        None,
    ]
    assert header[1][2:5] == ["一级事项", "二级事项", "三级事项"]
    assert header[1][12:19] == ["主动", "依申请", "县级", "乡级", "村级", None, None]
    assert header[0][14:] == ["公开层级", None, None, "五公开", "链接", "备注", "豁免", "其他列", None]
    assert header[1][-2:] == ["咨询电话", "责任科室"]
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert {"C5:E5", "F5:F6", "K5:L5", "M5:N5", "O5:Q5", "C7:C8", "V5:W5"} <= merged
    first = [c.value for c in sheet[7]]
    assert first[:4] == ["1", "UP-1", "规划编制", "总体规划"]
    assert first[10:17] == ["√", "项目单位", "√", "√", "√", None, None]
    assert sheet["T7"].value == "=SUM(A1) 不是公式" and sheet["T7"].data_type == "s"
    assert sheet.freeze_panes == "F7"
    assert sheet.print_title_rows == "$5:$6"
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.page_setup.fitToWidth == 1 and sheet.page_setup.fitToHeight == 0
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    rules = {str(v.sqref): v for v in sheet.data_validations.dataValidation}
    assert rules["K7:K209"].formula1 == "'取值'!$A$1:$A$1" and rules["K7:K209"].showErrorMessage
    assert not rules["L7:L209"].showErrorMessage  # 特定群体: a tick or the group's name
    assert rules["J7:J209"].formula1.startswith("'取值'!$B$1:$B$")
    assert rules["I7:I209"].formula1 == "'取值'!$D$1:$D$2"  # the county's bodies
    override = book["城乡规划（甲镇）"]
    assert override["A2"].value == "领域：城乡规划　　层级：乡级　　单位：甲镇　　修订日期：2026-03-10"
    column = [c.value for c in override["A"]]
    assert column[2:5] == ["序号", None, None]  # the header, then no items
    assert (
        column[5] == "不适用：乡村规划/乡村建设规划许可；理由：本镇辖区内无农村集体土地；由县自然资源局办理"
    )


def test_export_then_import_gives_the_same_catalogue(
    runner: CliRunner, project: Path, tmp_path: Path
) -> None:
    out = tmp_path / "目录.xlsx"
    assert runner.invoke(app, ["export", "xlsx", str(project), "--out", str(out)]).exit_code == 0
    back = round_trip(project, out, tmp_path / "back")
    assert by_file(back) == by_file(read(project))
    for entry in read(project).entries:
        written = (tmp_path / "back" / entry.file).read_text(encoding="utf-8")
        assert written == render_model(entry.data, depth=entry.file.count("/"))


def test_a_reviewed_workbook_brings_the_changes(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "目录.xlsx"
    out.write_bytes(export(read(project)).data)
    book = load_workbook(out)
    sheet = book["城乡规划（县级）"]
    sheet["G9"] = "《中华人民共和国城乡规划法》第三十六条\n《中华人民共和国行政许可法》第四十条"
    book.save(out)
    back = by_file(round_trip(project, out, tmp_path / "back"))
    assert back[("county", None, "urban-planning")].items[2].basis == [
        "《中华人民共和国城乡规划法》第三十六条",
        "《中华人民共和国行政许可法》第四十条",
    ]


def test_export_is_deterministic(project: Path) -> None:
    assert export(read(project)).data == export(read(project)).data


def test_the_shipped_sample_round_trips(repo: Path, tmp_path: Path) -> None:
    sample = read(repo)
    out = tmp_path / "sample.xlsx"
    exported = export(sample)
    assert exported.sheets == len(sample.entries) and exported.problems == []
    out.write_bytes(exported.data)
    assert by_file(round_trip(repo, out, tmp_path / "back")) == by_file(sample)


def test_export_usage_errors(runner: CliRunner, project: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["export", "pdf", str(project)])
    assert result.exit_code == 2 and "不支持的导出格式「pdf」" in result.output
    result = runner.invoke(app, ["export", "xlsx", str(tmp_path / "nowhere")])
    assert result.exit_code == 2
    blocked = tmp_path / "a-file"
    blocked.write_text("", encoding="utf-8")
    result = runner.invoke(app, ["export", "xlsx", str(project), "--out", str(blocked / "x.xlsx")])
    assert result.exit_code == 2 and f"无法写入 {blocked / 'x.xlsx'}" in result.output


def test_export_into_a_folder_uses_the_default_name(runner: CliRunner, project: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["export", "xlsx", str(project), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    written = [p for p in tmp_path.iterdir() if p.suffix == ".xlsx"]
    assert len(written) == 1 and written[0].stem.endswith("目录")
    assert load_workbook(written[0]).sheetnames


TEXT = (
    st.text(
        st.characters(exclude_categories=("Cs", "Cc", "Zl", "Zp"), exclude_characters="\x85\ufffe\uffff"),
        min_size=1,
        max_size=20,
    )
    .map(str.strip)
    .filter(bool)
)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    texts=st.lists(TEXT.filter(lambda t: t != "√"), min_size=6, max_size=6),
    lines=st.lists(TEXT, min_size=1, max_size=3),
)
def test_any_text_survives_the_workbook(
    make_project, tmp_path: Path, texts: list[str], lines: list[str]
) -> None:  # type: ignore[no-untyped-def]
    name, second, content, limit, body, group = texts
    item = {
        "一级事项": name,
        "二级事项": second,
        "公开内容": "\n".join([content, *lines]),
        "公开依据": lines,
        "公开时限": limit,
        "公开主体": body,
        "公开渠道": ["政府网站"],
        "公开对象": {"特定群体": group},
        "公开方式": "主动",
        "其他列": {name: content},
    }
    from zwgk_cli.exporters.catalogue_file import render

    header = {"领域": "城乡规划", "层级": "县级", "修订日期": "2026-03-01"}
    root = make_project({"catalogues/county/urban-planning.yaml": render(header, [item])})
    original = read(root)
    out = tmp_path / "x.xlsx"
    out.write_bytes(export(original).data)
    target = tmp_path / "back"
    shutil.rmtree(target, ignore_errors=True)
    assert by_file(round_trip(root, out, target)) == by_file(original)


TOWN_OWN = """\
领域: 城乡规划
层级: 乡级
修订日期: 2026-03-12
说明: 甲镇只有一个社区。
事项:
  - 一级事项: 乡村规划
    二级事项: 社区规划
    公开内容: 社区规划图
    公开依据: 《中华人民共和国城乡规划法》第二十二条
    公开时限: 信息形成或者变更之日起20个工作日内
    公开主体: 乡镇人民政府（街道办事处）
    公开渠道: [政府网站, 甲镇微信群]
    公开对象: 全社会
    公开方式: 主动
不适用:
  - 事项: 乡村规划/乡村建设规划许可
    理由: 本镇辖区内无农村集体土地
"""
NEW_COUNTY = """\
# 新建的县：还没有写下辖单位和本地渠道
政府:
  编号: new
  名称: 新县人民政府
  简称: 新县
  层级: county
"""


def test_a_new_project_with_fewer_units(runner: CliRunner, project: Path, tmp_path: Path) -> None:
    """The shared catalogues arrive exactly; 甲镇's own sheet waits for 甲镇; local channels are declared."""
    (project / "catalogues/township/town-a/urban-planning.yaml").write_text(TOWN_OWN, encoding="utf-8")
    (project / "zwgk.yaml").write_text(
        PROJECT.replace("[村务公开栏]", "[村务公开栏, 甲镇微信群]"), encoding="utf-8"
    )
    original = by_file(read(project))
    workbook = tmp_path / "目录.xlsx"
    workbook.write_bytes(export(read(project)).data)
    target = tmp_path / "new"
    target.mkdir()
    (target / "zwgk.yaml").write_text(NEW_COUNTY, encoding="utf-8")
    result = runner.invoke(app, ["import", str(workbook), "--into", str(target)])
    assert result.exit_code == 1
    assert by_file(read(target)) == {key: data for key, data in original.items() if key[1] is None}
    assert not (target / "catalogues/township/town-a").exists()
    assert (
        "工作表「城乡规划（甲镇）」：这是「甲镇」自己的差异（1 个事项、1 条不适用、说明），"
        "项目里没有这个单位，没有导入" in result.output
    )
    assert "zwgk.yaml：没有单位「甲镇」，它自己的 1 张表没有导入" in result.output
    assert "已在 zwgk.yaml 的「渠道」里声明本地渠道：村务公开栏（请核对）" in result.output
    declared = (target / "zwgk.yaml").read_text(encoding="utf-8")
    assert declared == NEW_COUNTY + "\n渠道:\n  - 村务公开栏\n"  # 甲镇微信群 only in the sheet set aside
    checked = runner.invoke(app, ["validate", str(target)])
    assert checked.exit_code == 0 and "0 个错误" in checked.output, (
        checked.output
    )  # the source's own warnings
    # the next step the report gives: declare the unit, run the same command again
    unit = "  下辖:\n    - {编号: town-a, 名称: 甲镇人民政府, 简称: 甲镇, 层级: township}\n"
    (target / "zwgk.yaml").write_text(declared.replace("  层级: county\n", "  层级: county\n" + unit))
    result = runner.invoke(app, ["import", str(workbook), "--into", str(target)])
    assert "已写入 catalogues/township/town-a/urban-planning.yaml（1 个事项）" in result.output
    assert "已在 zwgk.yaml 的「渠道」里声明本地渠道：甲镇微信群（请核对）" in result.output
    assert by_file(read(target)) == original
    assert runner.invoke(app, ["validate", str(target)]).exit_code == 0
