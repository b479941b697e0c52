"""zwgk import on workbooks shaped like the ones county offices keep, one quirk of real sheets at a time."""

from __future__ import annotations

from pathlib import Path

import yaml
from typer.testing import CliRunner

from conftest import SheetSpec, WorkbookMaker
from zwgk_cli.cli import app
from zwgk_cli.loader import TextLoader

DATE = "2026-03-01"
LEGEND = "公开渠道和载体\n（“■”表示必选项，“□”表示可选项）"
CHECKLIST = (
    "■政府网站 □政府公报 ■两微一端 □发布会/听证会 □广播电视\n□纸质媒体 ■公开查阅点 □政务服务中心 □便民服务站"
)


def run(runner: CliRunner, root: Path, *args: object) -> tuple[int, str]:
    result = runner.invoke(app, ["import", *map(str, args), "--into", str(root), "--date", DATE])
    return result.exit_code, result.output


def load(root: Path, relative: str) -> dict:
    return yaml.load((root / relative).read_text(encoding="utf-8"), Loader=TextLoader)


def validate(runner: CliRunner, root: Path) -> str:
    result = runner.invoke(app, ["validate", str(root)])
    assert result.exit_code == 0, result.output
    return result.output


# ---------------------------------------------------------------- the national layout


def national_sheet() -> tuple[list[list[object]], list[str]]:
    """Title, two header rows with groups, a legend in a header cell, merged 一级事项, 同上, ticks."""
    rows: list[list[object]] = [
        ["演示县城乡规划领域基层政务公开标准目录"],
        [
            "序号",
            "公开事项",
            None,
            "公开内容（要素）",
            "公开依据",
            "公 开\n时 限",
            "公开主体",
            LEGEND,
            "公开对象",
            None,
            "公开方式",
            None,
            "公开层级",
            None,
            "咨询电话",
        ],
        [
            None,
            "一级事项",
            "二级事项",
            None,
            None,
            None,
            None,
            None,
            "全社会",
            "特定群体",
            "主动",
            "依申请",
            "县级",
            "乡级",
            None,
        ],
        [
            1,
            "规划编制",
            "城市、镇总体规划",
            "规划批准文件、脱密后的文本及图纸",
            "《中华人民共和国城乡规划法》《中华人民共和国政府信息公开条例》",
            "信息形成或者变更之日起20个工作日内",
            "县自然资源局",
            CHECKLIST,
            "√",
            None,
            "√",
            None,
            "√",
            None,
            "0371-12345678",
        ],
        [
            2,
            None,
            "控制性详细规划",
            "规划批准文件，脱密后的规划文本及图表",
            "同上",
            "同上",
            "县自然资源局",
            "1.政府网站 2.两微一端 3.公开查阅点",
            "√",
            None,
            "√",
            None,
            "√",
            None,
            "***",
        ],
        [
            3,
            None,
            "乡规划和村庄规划",
            "规划批准文件及图纸",
            "《中华人民共和国城乡规划法》第二十二条",
            "信息形成或者变更之日起20个工作日内",
            "乡镇人民政府（街道办事处）",
            "◆政府网站 ▄便民服务站 √社区/企事业单位/村公示栏（电子屏） ■其他：村务公开栏",
            "√",
            None,
            "√",
            None,
            None,
            "√",
            None,
        ],
        [
            4,
            "规划许可",
            "建设项目选址意见书",
            "项目名称、建设单位、选址位置",
            "《中华人民共和国城乡规划法》第三十六条",
            "作出行政决定之日起7个工作日内",
            "县自然资源局",
            "政府网站、其他：项目所在地公示牌",
            None,
            "项目单位",
            "√",
            None,
            "√",
            None,
            None,
        ],
        ["注：“■”表示必选项，“□”表示可选项。"],
    ]
    merges = ["A1:O1", "A2:A3", "B2:C2", "D2:D3", "E2:E3", "F2:F3", "G2:G3", "H2:H3"]
    merges += ["I2:J2", "K2:L2", "M2:N2", "O2:O3", "B4:B6", "A8:O8"]
    return rows, merges


def test_national_layout(runner: CliRunner, import_project: Path, make_workbook: WorkbookMaker) -> None:
    book = make_workbook("城乡规划.xlsx", {"县级目录": national_sheet()})
    code, output = run(runner, import_project, book)
    county = load(import_project, "catalogues/county/urban-planning.yaml")
    township = load(import_project, "catalogues/township/urban-planning.yaml")
    assert county["领域"] == "城乡规划" and county["层级"] == "县级" and county["修订日期"] == DATE
    assert county["说明"] == "注：“■”表示必选项，“□”表示可选项。"
    first, second, permit = county["事项"]
    assert first == {
        "一级事项": "规划编制",
        "二级事项": "城市、镇总体规划",
        "公开内容": "规划批准文件、脱密后的文本及图纸",
        "公开依据": ["《中华人民共和国城乡规划法》", "《中华人民共和国政府信息公开条例》"],
        "公开时限": "信息形成或者变更之日起20个工作日内",
        "公开主体": "县自然资源局",
        "公开渠道": ["政府网站", "政务新媒体", "公开查阅点"],
        "公开对象": "全社会",
        "公开方式": "主动",
        "其他列": {"公开渠道（原文）": CHECKLIST, "咨询电话": "0371-12345678"},
    }
    # merged 一级事项 and 同上 filled down; a numbered list of channels; a masked cell kept as it is
    assert second["一级事项"] == "规划编制"
    assert second["公开依据"] == first["公开依据"] and second["公开时限"] == first["公开时限"]
    assert second["公开渠道"] == ["政府网站", "政务新媒体", "公开查阅点"]
    assert second["其他列"] == {"咨询电话": "***"}
    # text in the 特定群体 column names the group; 其他：… is a local channel, declared for the project
    assert permit["公开对象"] == {"特定群体": "项目单位"}
    assert permit["公开渠道"] == ["政府网站", "项目所在地公示牌"]
    # ◆ ▄ √ ■ all mark a chosen channel; the row ticked 乡级 only goes to the township catalogue
    (village_plan,) = township["事项"]
    assert village_plan["一级事项"] == "规划编制"
    assert village_plan["公开渠道"] == [
        "政府网站",
        "便民服务站",
        "社区/企事业单位/村公示栏（电子屏）",
        "村务公开栏",
    ]
    assert "项目所在地公示牌" in (import_project / "zwgk.yaml").read_text(encoding="utf-8")
    assert "表头在第 2、3 行，读取 5 行（其中标题、说明行 1），得到 4 个事项" in output
    assert "合计：读取 5 行，写出 4 个事项（2 个文件）" in output
    assert "向下填充 4 格" in output
    assert "公开渠道「两微一端」→「政务新媒体」 2 处" in output
    assert "O5：咨询电话被遮盖（***），原样保留" in output
    assert code == 1  # the masked cell needs a human look
    validate(runner, import_project)


def test_fill_down_is_listed_cell_by_cell(
    runner: CliRunner, import_project: Path, make_workbook: WorkbookMaker
) -> None:
    book = make_workbook("城乡规划.xlsx", {"县级目录": national_sheet()})
    _, output = run(runner, import_project, book, "--verbose", "--dry-run")
    assert "B5（公开事项/一级事项）← " in output and "B4（合并单元格）" in output
    assert "B6（公开事项/一级事项）" in output
    assert "E5（公开依据）← " in output and "E4（同上）" in output
    assert not (import_project / "catalogues").exists()


# ---------------------------------------------------------------- other layouts


def test_flat_header_with_domain_column_and_words(
    runner: CliRunner, import_project: Path, make_workbook: WorkbookMaker
) -> None:
    """No 序号, a leading 相应领域 column, 事项名称, 公开方式 before 渠道, words instead of ticks."""
    rows: list[list[object]] = [
        [
            "相应领域",
            "事项名称",
            "公开内容",
            "公开\n依据",
            "公开时限",
            "公开主体",
            "公开方式",
            "公开渠道",
            "公开对象",
            "公开层级",
            "五公开",
            "责任科室",
        ],
        [
            "城乡规划领域",
            "规划公示",
            "规划草案",
            "《中华人民共和国城乡规划法》第二十六条",
            "不少于30日",
            "县自然资源局",
            "主动公开",
            "政府网站、公开查阅点",
            "全社会",
            "县级",
            "决策公开",
            "规划股",
        ],
        [
            None,
            "规划查询",
            "已批准的规划",
            "《中华人民共和国政府信息公开条例》第二十七条",
            "自收到申请之日起20个工作日内予以答复；需要延长答复期限的，延长的期限最长不超过20个工作日",
            "县自然资源局",
            "依申请公开",
            "政府网站",
            "特定群众（申请人）",
            "县级",
            "服务",
            "规划股",
        ],
        [
            "征地补偿",
            "征地告知",
            "拟征收土地的位置、范围、用途",
            "《中华人民共和国土地管理法》第四十七条",
            "信息形成或者变更之日起20个工作日内",
            "乡镇人民政府（街道办事处）、村（居）民委员会",
            "主动",
            "政府网站\n村务公开栏",
            "特定群体（被征收土地所在地的农村集体经济组织和农户）",
            "乡级、村级",
            None,
            None,
        ],
    ]
    book = make_workbook("目录.xlsx", {"Sheet1": (rows, ["A2:A3"])})
    code, output = run(runner, import_project, book)
    assert code == 0, output
    planning = load(import_project, "catalogues/county/urban-planning.yaml")["事项"]
    assert [i["一级事项"] for i in planning] == ["规划公示", "规划查询"]
    assert planning[0]["公开方式"] == "主动" and planning[0]["五公开"] == "决策"
    assert planning[0]["其他列"] == {"责任科室": "规划股"}
    assert planning[1]["公开方式"] == "依申请"
    assert planning[1]["公开对象"] == {"特定群体": "申请人"}
    township = load(import_project, "catalogues/township/land-expropriation.yaml")["事项"]
    village = load(import_project, "catalogues/village/land-expropriation.yaml")["事项"]
    assert township == village
    assert township[0]["公开对象"] == {"特定群体": "被征收土地所在地的农村集体经济组织和农户"}
    assert township[0]["公开渠道"] == ["政府网站", "村务公开栏"]
    assert "公开方式「主动公开」→「主动」" in output
    assert "向下填充 1 格：相应领域 1" in output
    validate(runner, import_project)


def test_three_name_levels_no_level_columns(
    runner: CliRunner, import_project: Path, make_workbook: WorkbookMaker
) -> None:
    """一级/二级/三级目录, no level columns: the level comes from the title; empty 一级 cells follow the row above."""
    rows: list[list[object]] = [
        ["甲镇社会救助领域政务公开事项标准目录（乡级）"],
        [
            "一级目录",
            "二级目录",
            "三级目录",
            "公开要素",
            "依据",
            "时限",
            "主体",
            "载体",
            "全社会",
            "特定群体",
            "主动",
            "依申请",
        ],
        [
            "最低生活保障",
            "办理",
            "申请条件",
            "申请条件、所需材料",
            "《社会救助暂行办法》第九条",
            "信息形成或者变更之日起20个工作日内",
            "乡镇人民政府（街道办事处）",
            "政府网站；便民服务站",
            "√",
            None,
            "√",
            None,
        ],
        [
            None,
            "办理",
            "审核结果",
            "拟保障对象的姓名、保障人数",
            "《社会救助暂行办法》第十一条",
            "信息形成或者变更之日起20个工作日内",
            "乡镇人民政府（街道办事处）",
            "政府网站；村务公开栏",
            None,
            "√",
            "√",
            None,
        ],
    ]
    book = make_workbook("低保.xlsx", {"低保": (rows, ["A1:L1"])})
    code, output = run(runner, import_project, book)
    items = load(import_project, "catalogues/township/social-assistance.yaml")["事项"]
    assert [(i["一级事项"], i["二级事项"], i["三级事项"]) for i in items] == [
        ("最低生活保障", "办理", "申请条件"),
        ("最低生活保障", "办理", "审核结果"),
    ]
    assert items[1]["公开对象"] == "特定群体"
    assert "A4（一级目录）← " in run(runner, import_project, book, "-v", "--dry-run")[1]
    assert "沿用上一行" in run(runner, import_project, book, "-v", "--dry-run")[1]
    assert code == 0, output
    validate(runner, import_project)


def test_level_columns_with_other_names(
    runner: CliRunner, import_project: Path, make_workbook: WorkbookMaker
) -> None:
    """市级/区级/镇街级/乡、村级 columns; a level the project does not have is kept and reported."""
    header = ["一级事项", "二级事项", "公开内容", "公开依据", "公开时限", "公开主体", "公开渠道", "公开对象"]
    header += ["公开方式", "公开层级", None, None, None]
    sub = [None] * 9 + ["市级", "区级", "镇街级", "乡、村级"]
    body = ["《中华人民共和国政府信息公开条例》第二十条", "信息形成或者变更之日起20个工作日内"]
    rows: list[list[object]] = [
        header,
        sub,
        [
            "政策文件",
            "规范性文件",
            "文件全文",
            *body,
            "县民政局",
            "政府网站",
            "全社会",
            "主动",
            "√",
            "√",
            None,
            None,
        ],
        [
            "政策文件",
            "解读",
            "政策解读",
            *body,
            "市民政局",
            "政府网站",
            "全社会",
            "主动",
            "√",
            None,
            None,
            None,
        ],
        [
            "服务",
            "办事指南",
            "办理流程",
            *body,
            "乡镇人民政府（街道办事处）",
            "政府网站、便民服务站",
            "全社会",
            "主动",
            None,
            None,
            "√",
            "√（有农村的乡镇）",
        ],
    ]
    merges = ["A1:A2", "B1:B2", "C1:C2", "D1:D2", "E1:E2", "F1:F2", "G1:G2", "H1:H2", "I1:I2", "J1:M1"]
    book = make_workbook("养老.xlsx", {"养老服务": (rows, merges)})
    code, output = run(runner, import_project, book)
    assert code == 1
    county = load(import_project, "catalogues/county/elderly-care.yaml")["事项"]
    assert [i["二级事项"] for i in county] == ["规范性文件"]
    assert county[0]["其他列"] == {"公开层级/市级": "√"}
    township = load(import_project, "catalogues/township/elderly-care.yaml")["事项"]
    village = load(import_project, "catalogues/village/elderly-care.yaml")["事项"]
    assert [i["二级事项"] for i in township] == [i["二级事项"] for i in village] == ["办事指南"]
    assert village[0]["其他列"] == {"公开层级/乡、村级": "√（有农村的乡镇）"}
    assert "第 4 行：只勾选了本项目没有的层级（市级），没有导入" in output


def test_sections_name_domains_and_categories(
    runner: CliRunner, import_project: Path, make_workbook: WorkbookMaker
) -> None:
    """One sheet for several domains, each under a heading row; heading rows that name the 一级事项."""
    header = ["一级事项", "二级事项", "公开内容", "公开依据", "公开时限", "公开主体", "公开渠道", "公开对象"]
    header += ["公开方式"]
    law = ["《中华人民共和国政府信息公开条例》第二十条", "信息形成或者变更之日起20个工作日内"]
    budget = [*law, "县财政局", "政府网站", "全社会", "主动"]
    insurance = [*law, "县人力资源社会保障局", "政府网站", "全社会", "主动"]
    rows: list[list[object]] = [
        header,
        ["（一）财政预决算领域"],
        ["一、预算"],
        [None, "政府预算", "预算报告和报表", *budget],
        [None, "部门预算", "部门预算报表", *budget],
        ["（二）社会保险领域"],
        ["参保", "参保登记", "登记条件", *insurance],
        ["注：本表由县财政局汇总"],
        ["参保", "待遇", "待遇标准", *insurance],
        ["这一行不知道是什么"],
        ["参保", "转移", "转移接续办法", *insurance],
    ]
    merges = ["A2:I2", "A3:I3", "A6:I6", "A8:I8", "A10:I10"]
    book = make_workbook("汇总.xlsx", {"汇总": (rows, merges)})
    code, output = run(runner, import_project, book)
    budget_file = load(import_project, "catalogues/county/budget.yaml")
    assert [(i["一级事项"], i["二级事项"]) for i in budget_file["事项"]] == [
        ("预算", "政府预算"),
        ("预算", "部门预算"),
    ]
    insurance_file = load(import_project, "catalogues/county/social-insurance.yaml")
    assert [i["二级事项"] for i in insurance_file["事项"]] == ["参保登记", "待遇", "转移"]
    assert insurance_file["说明"] == budget_file["说明"] == "注：本表由县财政局汇总"
    assert "第 10 行：无法对应的行：这一行不知道是什么" in output
    assert "第 2 行" not in output and "第 3 行" not in output
    assert "向下填充 2 格：一级事项 2" in output
    assert code == 1


def test_every_row_is_written_or_listed(
    runner: CliRunner, import_project: Path, make_workbook: WorkbookMaker
) -> None:
    """Nothing is lost: rows in = rows mapped + rows listed for a human look."""
    rows: list[list[object]] = [
        [
            "一级事项",
            "二级事项",
            "公开内容",
            "公开依据",
            "公开时限",
            "公开主体",
            "公开渠道",
            "公开对象",
            "公开方式",
        ],
        [
            "规划编制",
            "总体规划",
            "批准文件",
            "《中华人民共和国城乡规划法》",
            "实时公开",
            "县自然资源局",
            "政府网站",
            "全社会",
            "主动",
        ],
        [None, None, None, "只有依据", None, None, None, None, None],
        ["规划编制", "详细规划", "批准文件", None, "实时公开", "县自然资源局", "政府网站", "全社会", "主动"],
    ]
    book = make_workbook("x.xlsx", {"城乡规划": (rows, [])})
    code, output = run(runner, import_project, book)
    assert code == 1
    assert "读取 3 行，写出 2 个事项" in output
    assert "工作表「城乡规划」 第 3 行：无法识别为事项的行：D列「只有依据」" in output
    assert "D4：公开依据为空，留空待填" in output
    items = load(import_project, "catalogues/county/urban-planning.yaml")["事项"]
    assert items[1]["公开依据"] == ""  # visible as empty, not invented


def test_sheets_without_a_catalogue_and_unknown_domains(
    runner: CliRunner, import_project: Path, make_workbook: WorkbookMaker
) -> None:
    header = [
        "一级事项",
        "二级事项",
        "公开内容",
        "公开依据",
        "公开时限",
        "公开主体",
        "公开渠道",
        "公开对象",
        "公开方式",
    ]
    row = [
        "部门文件",
        "文件",
        "文件全文",
        "《中华人民共和国政府信息公开条例》第二十条",
        "实时公开",
        "县交通运输局",
    ]
    row += ["政府网站", "全社会", "主动"]
    book = make_workbook(
        "杂项.xlsx",
        {"封面": ([["某某县政务公开目录汇编"], ["2026年3月"]], []), "Sheet2": ([header, row], [])},
    )
    code, output = run(runner, import_project, book)
    assert code == 1
    assert "工作表「封面」：没有找到目录表头，跳过" in output
    assert "工作表「Sheet2」：这张表（第 2 行）没有认出属于哪个领域，没有导入：用 --domain 指定" in output
    code, output = run(runner, import_project, book, "--domain", "市政服务")
    assert code == 0, output
    assert load(import_project, "catalogues/county/municipal-services.yaml")["事项"][0]["二级事项"] == "文件"


# ---------------------------------------------------------------- text clean-up


def test_traditional_script_pinyin_punctuation_and_wraps(
    runner: CliRunner, import_project: Path, make_workbook: WorkbookMaker
) -> None:
    rows: list[list[object]] = [
        ["城鄉規劃領域基層政務公開標準目錄"],
        [
            "一級事項",
            "二級事項",
            "公開內容",
            "公開依據",
            "公開時限",
            "公開主體",
            "公開渠道",
            "公開對象",
            "公開方式",
        ],
        [
            "規劃編制",
            "控制性詳細規劃",
            "規劃批准文件,脫密後的規劃文本及圖表",
            "《中華人民共和國城鄉規\n劃法》第十九條",
            "資訊形成或者變更之日起２０個工作日內",
            "縣 自然資源局",
            "政府網站",
            "全社會",
            "主動(dòng)公開(gōng kāi)",
        ],
    ]
    book = make_workbook("繁體.xlsx", {"目錄": (rows, ["A1:I1"])})
    code, output = run(runner, import_project, book, "--verbose")
    assert code == 0, output
    (item,) = load(import_project, "catalogues/county/urban-planning.yaml")["事项"]
    assert item["一级事项"] == "规划编制" and item["二级事项"] == "控制性详细规划"
    assert item["公开内容"] == "规划批准文件，脱密后的规划文本及图表"
    assert item["公开依据"] == ["《中华人民共和国城乡规划法》第十九条"]
    assert item["公开时限"] == "资讯形成或者变更之日起20个工作日内"
    assert item["公开主体"] == "县自然资源局"
    assert item["公开方式"] == "主动"
    for kind in ("繁体转简体", "去除拼音注音", "半角标点", "全角字母数字", "多余空格", "合并折行"):
        assert kind in output


def test_existing_files_are_kept_and_project_comments_survive(
    runner: CliRunner, import_project: Path, make_workbook: WorkbookMaker
) -> None:
    book = make_workbook("城乡规划.xlsx", {"县级目录": national_sheet()})
    run(runner, import_project, book)
    target = import_project / "catalogues/county/urban-planning.yaml"
    target.write_text("# 手改过\n" + target.read_text(encoding="utf-8"), encoding="utf-8")
    code, output = run(runner, import_project, book)
    assert "未写入 catalogues/county/urban-planning.yaml：文件已存在（加 --force 覆盖）" in output
    assert target.read_text(encoding="utf-8").startswith("# 手改过")
    assert code == 1
    run(runner, import_project, book, "--force")
    assert not target.read_text(encoding="utf-8").startswith("# 手改过")
    project = (import_project / "zwgk.yaml").read_text(encoding="utf-8")
    assert (
        "# 导入测试用的项目" in project
        and "  - 村务公开栏   # 本县的公开栏\n  - 项目所在地公示牌\n" in project
    )
    assert project.count("项目所在地公示牌") == 1


def test_usage_errors(runner: CliRunner, import_project: Path, tmp_path: Path) -> None:
    old = tmp_path / "目录.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    result = runner.invoke(app, ["import", str(old), "--into", str(import_project)])
    assert result.exit_code == 2
    assert "旧版 Excel 格式：请在 WPS 或 Excel 中“另存为” .xlsx 再导入" in result.output
    broken = tmp_path / "坏.xlsx"
    broken.write_bytes(b"not a zip")
    result = runner.invoke(app, ["import", str(broken), "--into", str(import_project)])
    assert result.exit_code == 2 and "无法读取" in result.output
    result = runner.invoke(app, ["import", str(broken), "--into", str(tmp_path)])
    assert result.exit_code == 2 and "找不到项目文件" in result.output
    result = runner.invoke(app, ["import", str(broken), "--into", str(import_project), "--level", "省级"])
    assert result.exit_code == 2 and "--level：项目没有层级「省级」" in result.output
    result = runner.invoke(app, ["import", str(broken), "--into", str(import_project), "--date", "昨天"])
    assert result.exit_code == 2 and "--date：「昨天」不是日期" in result.output


def test_one_townships_own_catalogue(
    runner: CliRunner, import_project: Path, make_workbook: WorkbookMaker
) -> None:
    """--unit: the sheet is that township's own differences, whatever its level columns say."""
    book = make_workbook("甲镇城乡规划.xlsx", {"甲镇": national_sheet()})
    _, output = run(runner, import_project, book, "--unit", "甲镇")
    assert "已写入 catalogues/township/town-a/urban-planning.yaml（4 个事项）" in output
    assert load(import_project, "catalogues/township/town-a/urban-planning.yaml")["层级"] == "乡级"


def test_the_file_name_can_name_the_domain(
    runner: CliRunner, import_project: Path, make_workbook: WorkbookMaker
) -> None:
    header = ["一级事项", "公开内容", "公开依据", "公开时限", "公开主体", "公开渠道", "公开对象", "公开方式"]
    row = [
        "养老机构",
        "机构名单",
        "《养老机构管理办法》第六条",
        "实时公开",
        "县民政局",
        "政府网站",
        "全社会",
        "主动",
    ]
    book = make_workbook("养老服务.xlsx", {"Sheet1": ([header, row], [])})
    code, output = run(runner, import_project, book)
    assert code == 0, output
    assert (import_project / "catalogues/county/elderly-care.yaml").is_file()


def test_a_page_without_a_catalogue(runner: CliRunner, import_project: Path, tmp_path: Path) -> None:
    page = tmp_path / "首页.html"
    page.write_text("<table><tr><td>首页</td><td>政务公开</td></tr></table>", encoding="utf-8")
    code, output = run(runner, import_project, page)
    assert code == 1
    assert "没有找到目录表格" in output


def test_channels_as_tick_columns(
    runner: CliRunner, import_project: Path, make_workbook: WorkbookMaker
) -> None:
    """公开渠道和载体 spread over one column per channel, with 其他 written in."""
    header = ["一级事项", "二级事项", "公开内容", "公开依据", "公开时限", "公开主体", "公开渠道和载体"]
    header += [None, None, None, "公开对象", "公开方式"]
    sub = [None] * 6 + ["政府网站", "两微一端", "公示栏", "其他", None, None]
    body = ["《中华人民共和国政府信息公开条例》第二十条", "信息形成或者变更之日起20个工作日内", "县民政局"]
    rows: list[list[object]] = [
        header,
        sub,
        ["政策", "文件", "文件全文", *body, "√", "√", None, "村民微信群", "全社会", "主动"],
        ["政策", "解读", "解读材料", *body, "√", None, "√", None, "全社会", "主动"],
    ]
    merges = ["A1:A2", "B1:B2", "C1:C2", "D1:D2", "E1:E2", "F1:F2", "G1:J1", "K1:K2", "L1:L2"]
    book = make_workbook("社会救助.xlsx", {"社会救助": (rows, merges)})
    code, output = run(runner, import_project, book)
    assert code == 0, output
    items = load(import_project, "catalogues/county/social-assistance.yaml")["事项"]
    assert items[0]["公开渠道"] == ["政府网站", "政务新媒体", "村民微信群"]
    assert items[1]["公开渠道"] == ["政府网站", "社区/企事业单位/村公示栏（电子屏）"]


# ---------------------------------------------------------------- a unit the project does not have


def unit_sheet(unit: str) -> SheetSpec:
    """One unit's own differences, as a county office keeps them: a unit line, an item, 不适用, 说明."""
    header = ["一级事项", "二级事项", "公开内容", "公开依据", "公开时限", "公开主体", "公开渠道"]
    row = ["乡村规划", "社区规划", "社区规划图", "《中华人民共和国城乡规划法》第二十二条", "实时公开"]
    row += ["乡镇人民政府（街道办事处）", "政府网站、村民微信群", "全社会", "主动"]
    rows: list[list[object]] = [
        [f"领域：城乡规划　　层级：乡级　　单位：{unit}"],
        [*header, "公开对象", "公开方式"],
        row,
        ["不适用：乡村规划/乡村建设规划许可；理由：辖区内无农村集体土地"],
        ["说明：本镇的差异。"],
    ]
    return rows, []


def test_a_units_sheet_is_never_merged_into_the_shared_catalogue(
    runner: CliRunner, import_project: Path, make_workbook: WorkbookMaker
) -> None:
    """The project has 甲镇 only: 乙镇's items, 不适用 and 说明 are set aside, with the next step."""
    book = make_workbook("乙镇城乡规划.xlsx", {"乙镇": unit_sheet("乙镇")})
    code, output = run(runner, import_project, book)
    assert code == 1
    assert not (import_project / "catalogues").exists()
    assert (
        "工作表「乙镇」：表头在第 2 行，读取 3 行（其中标题、说明行 2），没有导入（项目里没有单位「乙镇」）"
        in output
    )
    assert "合计：读取 3 行，写出 0 个事项（0 个文件）\n  没有导入 1 张表（见“需要人工查看”）" in output
    assert (
        "工作表「乙镇」：这是「乙镇」自己的差异（1 个事项、1 条不适用、说明），项目里没有这个单位，没有导入"
        in output
    )
    assert (
        "zwgk.yaml：没有单位「乙镇」，它自己的 1 张表没有导入：在「政府」的「下辖」里加上它"
        "（编号、名称、简称，层级: township）后重新运行这条导入命令" in output
    )
    assert "按共用目录导入" not in output
    # the set-aside sheet's channels are not declared: none of its items was imported
    assert "村民微信群" not in (import_project / "zwgk.yaml").read_text(encoding="utf-8")
    # a sheet that names its unit but no level: no level guessed for it, nothing noted as imported
    rows = [["单位：丙镇"], *unit_sheet("丙镇")[0][1:3]]
    book = make_workbook("丙镇.xlsx", {"丙镇": (rows, [])})
    _, output = run(runner, import_project, book)
    assert (
        "zwgk.yaml：没有单位「丙镇」，它自己的 1 张表没有导入：在「下辖」里加上它（编号、名称、简称、层级）"
        in output
    )
    assert "按县级导入" not in output


def test_unit_option_places_a_sheet_whose_unit_is_spelled_otherwise(
    runner: CliRunner, import_project: Path, make_workbook: WorkbookMaker
) -> None:
    book = make_workbook("甲镇城乡规划.xlsx", {"甲镇": unit_sheet("甲镇政府")})
    _, output = run(runner, import_project, book, "--unit", "town-a")
    assert "工作表「甲镇」 写的单位「甲镇政府」项目里没有，按 --unit 作为甲镇的差异导入" in output
    assert "已写入 catalogues/township/town-a/urban-planning.yaml（1 个事项）" in output
    own = load(import_project, "catalogues/township/town-a/urban-planning.yaml")
    assert own["说明"] == "本镇的差异。"
    assert own["不适用"] == [{"事项": "乡村规划/乡村建设规划许可", "理由": "辖区内无农村集体土地"}]
    assert own["事项"][0]["公开渠道"] == ["政府网站", "村民微信群"]
    assert not (import_project / "catalogues/township/urban-planning.yaml").exists()
    assert "  - 村民微信群\n" in (import_project / "zwgk.yaml").read_text(encoding="utf-8")


def test_a_domain_the_project_does_not_declare(
    runner: CliRunner, import_project: Path, make_workbook: WorkbookMaker
) -> None:
    rows = [["领域：村级财务　　层级：村级"], *unit_sheet("甲镇")[0][1:3]]
    book = make_workbook("村级财务.xlsx", {"村级目录": (rows, [])})
    code, output = run(runner, import_project, book)
    assert code == 1 and not (import_project / "catalogues").exists()
    assert (
        "这张表（第 3 行）没有认出属于哪个领域（表格写的「村级财务」不是本项目的领域），没有导入："
        "在 zwgk.yaml 的「领域」里声明它后重新导入，或用 --domain 指定" in output
    )
