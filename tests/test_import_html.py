"""zwgk import on saved portal pages: several tables under their headings, rowspan/colspan, encodings."""

from __future__ import annotations

import quopri
import zipfile
from pathlib import Path

import yaml
from typer.testing import CliRunner

from zwgk_cli.cli import app
from zwgk_cli.loader import TextLoader

DATE = "2026-03-01"
NATIONAL_HEADER = """
<tr><td rowspan="2">序号</td><td colspan="2">公开事项</td><td rowspan="2">公开内容<br>（要素）</td>
<td rowspan="2">公开依据</td><td rowspan="2">公开时限</td><td rowspan="2">公开主体</td>
<td rowspan="2">公开渠道和载体</td><td colspan="2">公开对象</td><td colspan="2">公开方式</td>
<td colspan="2">公开层级</td></tr>
<tr><th>一级事项</th><th>二级事项</th><th>全社会</th><th>特定群体</th><th>主动</th><th>依申请</th>
<th>县级</th><th>乡级</th></tr>
"""
PORTAL_PAGE = f"""<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>演示县基层政务公开标准目录_演示县人民政府</title>
<script>var 领域 = "城乡规划";</script><style>td {{ color: #333 }}</style></head>
<body><div class="nav">首页 &gt; 政务公开 &gt; 基层政务公开标准目录</div>
<table class="layout" width="100%"><tr><td>
<p align="center"><strong>（一）重大建设项目领域基层政务公开标准目录</strong></p>
<table border="1" cellspacing="0">{NATIONAL_HEADER}
<tr><td>1</td><td rowspan="2">批准服务
信息</td><td>审批结果</td><td>项目名称、审批文号<br/>审批时间</td>
<td>《政府投资条例》第九条<br>《企业投资项目核准和备案管理条例》第十条</td>
<td>作出行政决定之日起7个工作日内</td><td>县发展改革委</td>
<td>■政府网站<br>□两微一端<br>■投资项目在线审批监管平台</td>
<td>√</td><td></td><td>√</td><td></td><td>√</td><td></td></tr>
<tr><td>2</td><td>核准结果</td><td>项目名称、核准文号</td>
<td>《企业投资项目核准和备案管理条例》第十条</td><td>作出行政决定之日起7个工作日内</td>
<td>县发展改革委</td><td>1、政府网站；2、投资项目在线审批监管平台</td>
<td>√</td><td></td><td>√</td><td></td><td>√</td><td></td></tr>
</table>
<p>&nbsp;</p>
<h3>（二）公共资源交易领域基层政务公开标准目录</h3>
<table border="1">
<tr><td>公开事项</td><td>公开
内容</td><td>公开依据</td><td>公开时限</td><td>公开主体</td><td>公开方式</td><td>公开渠道</td>
<td>公开对象</td><td>公开层级</td><td>咨询电话</td></tr>
<tr><td>交易公告</td><td>项目名称、交易方式、
报名条件</td><td>《中华人民共和国招标投标法》第十六条</td><td>信息形成或者变更之日起20个工作日内</td>
<td>县公共资源交易中心</td><td>主动</td><td>政府网站</td><td>全社会</td><td>县级</td>
<td rowspan="2">0371-1234567</td></tr>
<tr><td>交易结果</td><td>中标人、中标金额</td><td>同上</td><td>同上</td><td>县公共资源交易中心</td>
<td>主动</td><td>政府网站</td><td>全社会</td><td>县级</td></tr>
</table>
</td></tr></table>
<div class="footer">主办：演示县人民政府办公室</div></body></html>
"""
TRADITIONAL_PAGE = """<html><head><meta charset="utf-8"><title>城鄉規劃</title></head><body>
<h2>城鄉規劃領域基層政務公開標準目錄</h2>
<table>
<tr><td>一級事項</td><td>二級事項</td><td>公開內容</td><td>公開依據</td><td>公開時限</td><td>公開主體</td>
<td>公開渠道</td><td>公開對象</td><td>公開方式</td></tr>
<tr><td>規劃編制</td><td>總體規劃</td><td>規劃批准文件&nbsp;、脫密後的文本</td>
<td>《中華人民共和國城鄉規劃法》第八條</td><td>資訊形成或者變更之日起20個工作日內</td>
<td>縣自然資源局</td><td>政府網站</td><td>全社會</td><td><ruby>主<rt>zhǔ</rt></ruby>動(dòng)</td></tr>
</table></body></html>
"""


def run(runner: CliRunner, root: Path, *args: object) -> tuple[int, str]:
    result = runner.invoke(app, ["import", *map(str, args), "--into", str(root), "--date", DATE])
    return result.exit_code, result.output


def load(root: Path, relative: str) -> dict:
    return yaml.load((root / relative).read_text(encoding="utf-8"), Loader=TextLoader)


def test_portal_page_with_two_tables(runner: CliRunner, import_project: Path, tmp_path: Path) -> None:
    page = tmp_path / "目录.htm"
    page.write_bytes(PORTAL_PAGE.encode("gb18030"))
    code, output = run(runner, import_project, page)
    assert code == 0, output
    projects = load(import_project, "catalogues/county/major-projects.yaml")["事项"]
    assert [(i["一级事项"], i["二级事项"]) for i in projects] == [
        ("批准服务信息", "审批结果"),
        ("批准服务信息", "核准结果"),
    ]
    first = projects[0]
    assert first["公开内容"] == "项目名称、审批文号\n审批时间"
    assert first["公开依据"] == ["《政府投资条例》第九条", "《企业投资项目核准和备案管理条例》第十条"]
    assert first["公开渠道"] == ["政府网站", "投资项目在线审批监管平台"]
    assert first["其他列"] == {"公开渠道（原文）": "■政府网站\n□两微一端\n■投资项目在线审批监管平台"}
    assert projects[1]["公开渠道"] == ["政府网站", "投资项目在线审批监管平台"]
    trading = load(import_project, "catalogues/county/public-resource-trading.yaml")["事项"]
    assert trading[0]["公开内容"] == "项目名称、交易方式、报名条件"
    assert trading[1]["公开依据"] == ["《中华人民共和国招标投标法》第十六条"]
    assert trading[1]["其他列"] == {"咨询电话": "0371-1234567"}
    assert "表格 2「（一）重大建设项目领域基层政务公开标准目录」：表头在第 1、2 行" in output
    assert "表格 3「（二）公共资源交易领域基层政务公开标准目录」：表头在第 1 行" in output
    assert "网页中另有 1 个表格不是目录（版式、导航等），已跳过" in output
    assert "向下填充 4 格" in output
    assert "投资项目在线审批监管平台" in (import_project / "zwgk.yaml").read_text(encoding="utf-8")
    assert runner.invoke(app, ["validate", str(import_project)]).exit_code == 0


def test_traditional_page_with_pinyin(runner: CliRunner, import_project: Path, tmp_path: Path) -> None:
    page = tmp_path / "mirror.html"
    page.write_text(TRADITIONAL_PAGE, encoding="utf-8")
    code, output = run(runner, import_project, page)
    assert code == 0, output
    (item,) = load(import_project, "catalogues/county/urban-planning.yaml")["事项"]
    assert item["二级事项"] == "总体规划"
    assert item["公开内容"] == "规划批准文件、脱密后的文本"
    assert item["公开依据"] == ["《中华人民共和国城乡规划法》第八条"]
    assert item["公开主体"] == "县自然资源局"
    assert item["公开方式"] == "主动"
    assert "繁体转简体" in output and "去除拼音注音" in output


def test_web_archive(runner: CliRunner, import_project: Path, tmp_path: Path) -> None:
    html = TRADITIONAL_PAGE.replace('<meta charset="utf-8">', "").encode("utf-8")
    archive = (
        b'MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="b"\r\n\r\n--b\r\n'
        b'Content-Type: text/html; charset="utf-8"\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n'
        + quopri.encodestring(html).replace(b"\n", b"\r\n")
        + b"\r\n--b--\r\n"
    )
    page = tmp_path / "保存的网页.mht"
    page.write_bytes(archive)
    code, output = run(runner, import_project, page)
    assert code == 0, output
    assert (
        load(import_project, "catalogues/county/urban-planning.yaml")["事项"][0]["公开主体"] == "县自然资源局"
    )


def docx_table() -> bytes:
    """A Word table: the heading above it, a merged header (gridSpan) and a merged 一级事项 (vMerge)."""

    def cell(text: str, span: int = 1, merge: str | None = None) -> str:
        props = (f'<w:gridSpan w:val="{span}"/>' if span > 1 else "") + (
            f'<w:vMerge w:val="{merge}"/>' if merge == "restart" else "<w:vMerge/>" if merge else ""
        )
        lines = "".join(f"<w:p><w:r><w:t>{line}</w:t></w:r></w:p>" for line in text.split("\n"))
        return f"<w:tc><w:tcPr>{props}</w:tcPr>{lines or '<w:p/>'}</w:tc>"

    def row(*cells: str) -> str:
        return f"<w:tr>{''.join(cells)}</w:tr>"

    law = "《中华人民共和国政府信息公开条例》第二十条"
    limit = "信息形成或者变更之日起20个工作日内"
    header = row(
        cell("公开事项", 2),
        *(cell(t, merge="restart") for t in ("公开内容", "公开依据", "公开时限", "公开主体", "公开渠道")),
        cell("公开对象", 2),
        cell("公开方式", 2),
    )
    sub = row(
        cell("一级事项"),
        cell("二级事项"),
        *(cell("", merge="continue") for _ in range(5)),
        *(cell(t) for t in ("全社会", "特定群体", "主动", "依申请")),
    )
    first = row(
        cell("政策文件", merge="restart"), cell("规范性文件"), cell("文件全文"), cell(law), cell(limit)
    )
    first = (
        first.replace("</w:tr>", "") + cell("县教育局") + cell("政府网站\n两微一端") + cell("√") + cell("")
    )
    first += cell("√") + cell("") + "</w:tr>"
    second = row(cell("", merge="continue"), cell("政策解读"), cell("解读材料"), cell(law), cell(limit))
    second = second.replace("</w:tr>", "") + cell("县教育局") + cell("政府网站") + cell("√") + cell("")
    second += cell("√") + cell("") + "</w:tr>"
    body = (
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
        "<w:p><w:r><w:t>义务教育领域基层政务公开事项标准目录</w:t></w:r></w:p>"
        f"<w:tbl>{header}{sub}{first}{second}</w:tbl></w:body></w:document>"
    )
    return body.encode("utf-8")


def test_word_table(runner: CliRunner, import_project: Path, tmp_path: Path) -> None:
    path = tmp_path / "义务教育.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", docx_table())
    code, output = run(runner, import_project, path)
    assert code == 0, output
    items = load(import_project, "catalogues/county/compulsory-education.yaml")["事项"]
    assert [(i["一级事项"], i["二级事项"]) for i in items] == [
        ("政策文件", "规范性文件"),
        ("政策文件", "政策解读"),
    ]
    assert items[0]["公开渠道"] == ["政府网站", "政务新媒体"]
    assert "表格 1「义务教育领域基层政务公开事项标准目录」：表头在第 1、2 行" in output
    assert runner.invoke(app, ["validate", str(import_project)]).exit_code == 0


def test_a_folder_of_saved_pages(runner: CliRunner, import_project: Path, tmp_path: Path) -> None:
    folder = tmp_path / "pages"
    (folder / "page_files").mkdir(parents=True)
    (folder / "page.html").write_text(TRADITIONAL_PAGE, encoding="utf-8")
    (folder / "page_files" / "style.css").write_text("td {}", encoding="utf-8")
    code, output = run(runner, import_project, folder)
    assert code == 0, output
    assert (import_project / "catalogues/county/urban-planning.yaml").is_file()


def test_a_table_split_by_a_page_break_goes_on(
    runner: CliRunner, import_project: Path, tmp_path: Path
) -> None:
    row = (
        "<tr><td>{n}</td><td>部门文件</td><td>{name}</td><td>文件全文</td><td>《中华人民共和国政府信息公开条例》第二十条</td>"
        "<td>信息形成或者变更之日起20个工作日内</td><td>县卫生健康委</td><td>政府网站</td>"
        "<td>√</td><td></td><td>√</td><td></td><td>√</td><td></td></tr>"
    )
    page = (
        "<h2>卫生健康领域基层政务公开标准目录</h2>"
        f"<table>{NATIONAL_HEADER}{row.format(n=1, name='规范性文件')}</table>"
        '<p style="page-break-before: always">第 2 页</p>'
        f"<table>{row.format(n=2, name='政策解读')}</table>"
    )
    path = tmp_path / "卫生健康.html"
    path.write_text(page, encoding="utf-8")
    code, output = run(runner, import_project, path)
    assert code == 0, output
    items = load(import_project, "catalogues/county/health.yaml")["事项"]
    assert [i["二级事项"] for i in items] == ["规范性文件", "政策解读"]
    assert (
        "表格 2「第 2 页」：接续表格 1「卫生健康领域基层政务公开标准目录」（没有表头，按它的列读）" in output
    )


def test_a_units_table_on_a_page_is_set_aside(
    runner: CliRunner, import_project: Path, tmp_path: Path
) -> None:
    """Web pages go through the same mapping: a unit the project lacks never reaches the shared file."""
    row = (
        "<tr><td>乡村规划</td><td>社区规划</td><td>社区规划图</td><td>《中华人民共和国城乡规划法》第二十二条</td>"
        "<td>实时公开</td><td>乡镇人民政府（街道办事处）</td><td>政府网站</td><td>全社会</td><td>主动</td></tr>"
    )
    page = (
        "<h2>乙镇城乡规划领域基层政务公开标准目录</h2><table>"
        '<tr><td colspan="9">领域：城乡规划　层级：乡级　单位：乙镇</td></tr>'
        "<tr><td>一级事项</td><td>二级事项</td><td>公开内容</td><td>公开依据</td><td>公开时限</td>"
        "<td>公开主体</td><td>公开渠道</td><td>公开对象</td><td>公开方式</td></tr>"
        f"{row}"
        '<tr><td colspan="9">不适用：乡村规划/乡村建设规划许可；理由：辖区内无农村集体土地</td></tr>'
        "</table>"
    )
    path = tmp_path / "乙镇.html"
    path.write_text(page, encoding="utf-8")
    code, output = run(runner, import_project, path)
    assert code == 1 and not (import_project / "catalogues").exists()
    assert (
        "表格 1「乙镇城乡规划领域基层政务公开标准目录」：这是「乙镇」自己的差异（1 个事项、1 条不适用）"
        in output
    )
    assert "zwgk.yaml：没有单位「乙镇」" in output
