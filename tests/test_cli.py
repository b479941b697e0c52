"""The command line as users and CI see it: exact exit codes and output for each format."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from zwgk_cli import __version__
from zwgk_cli.cli import app

GOOD = """\
领域: 财政预决算
层级: 县级
修订日期: 2026-03-15
事项:
  - 一级事项: 预算公开
    二级事项: 政府预算
    公开内容: 经本级人民代表大会批准的政府预算
    公开依据: [《中华人民共和国预算法》第十四条]
    公开时限: 批准后20日内
    公开主体: 演示县财政局
    公开渠道: [政府网站]
    公开对象: 全社会
    公开方式: 主动
"""
BAD = GOOD.replace("公开时限", "公开时间")


def test_version(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output == f"zwgk {__version__}\n"


def test_help_is_chinese(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    assert "基层政务公开事项标准目录" in result.output


def test_clean_project_exits_0(runner: CliRunner, make_project) -> None:  # type: ignore[no-untyped-def]
    root = make_project({"catalogues/county/budget.yaml": GOOD})
    result = runner.invoke(app, ["validate", str(root)])
    assert result.exit_code == 0, result.output
    assert result.output == "检查了 1 个文件、1 项事项：没有发现问题\n"


def test_errors_exit_1_with_location_code_and_hint(runner: CliRunner, make_project) -> None:  # type: ignore[no-untyped-def]
    root = make_project({"catalogues/county/budget.yaml": BAD})
    result = runner.invoke(app, ["validate", str(root)])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == "catalogues/county/budget.yaml:5:5: 错误 ZW202 缺少「公开时限」"
    assert lines[2] == "catalogues/county/budget.yaml:9:5: 错误 ZW201 不认识的键「公开时间」"
    assert lines[3].startswith("  提示：是不是「公开时限」？")
    assert lines[-1] == "检查了 1 个文件、0 项事项：2 个错误，0 个警告"


def test_json_format(runner: CliRunner, make_project) -> None:  # type: ignore[no-untyped-def]
    root = make_project({"catalogues/county/budget.yaml": BAD})
    result = runner.invoke(app, ["validate", str(root), "--format", "json"])
    assert result.exit_code == 1
    document = json.loads(result.output)
    assert document["summary"] == {"files": 1, "items": 0, "errors": 2, "warnings": 0}
    first = document["diagnostics"][0]
    assert first == {
        "file": "catalogues/county/budget.yaml",
        "line": 5,
        "column": 5,
        "path": "事项[1].公开时限",
        "code": "ZW202",
        "severity": "error",
        "message": "缺少「公开时限」",
        "hint": "补上「公开时限」",
    }


def test_github_format_annotates_lines(runner: CliRunner, make_project) -> None:  # type: ignore[no-untyped-def]
    root = make_project({"catalogues/county/budget.yaml": BAD})
    result = runner.invoke(app, ["validate", str(root), "--format", "github"])
    assert result.exit_code == 1
    first = result.output.splitlines()[0]
    assert first == (
        "::error file=catalogues/county/budget.yaml,line=5,col=5,title=ZW202 错误::缺少「公开时限」%0A提示：补上「公开时限」"
    )


def test_missing_project_file_exits_2(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["validate", str(tmp_path)])
    assert result.exit_code == 2
    assert "ZW001" in result.output


def test_broken_project_file_exits_2(runner: CliRunner, make_project) -> None:  # type: ignore[no-untyped-def]
    root = make_project({}, project="政府:\n  编号: Demo County\n  名称: 演示县人民政府\n  层级: county\n")
    result = runner.invoke(app, ["validate", str(root)])
    assert result.exit_code == 2
    assert result.output.startswith("zwgk.yaml:2:7: 错误 ZW205 「编号」的格式不对")


def test_a_key_written_twice_in_the_project_file_does_not_hide_its_other_mistakes(
    runner: CliRunner,
    make_project,  # type: ignore[no-untyped-def]
) -> None:
    project = "政府:\n  编号: Demo County\n  名称: 演示县人民政府\n  名称: 演示县\n  层级: county\n"
    result = runner.invoke(app, ["validate", str(make_project({}, project=project))])
    assert result.exit_code == 2
    lines = result.output.splitlines()
    assert any(line.startswith("zwgk.yaml:4:3: 错误 ZW104") for line in lines)
    assert any(line.startswith("zwgk.yaml:2:7: 错误 ZW205") for line in lines)


def test_unknown_option_is_a_usage_error(runner: CliRunner) -> None:
    result = runner.invoke(app, ["validate", "--format", "xml"])
    assert result.exit_code == 2


def test_shipped_sample_is_clean_under_strict(runner: CliRunner, repo: Path) -> None:
    result = runner.invoke(app, ["validate", str(repo), "--strict"])
    assert result.exit_code == 0, result.output
    assert "没有发现问题" in result.output


def test_rules_lists_every_code() -> None:
    # In a zwgk process of its own: the rules add their codes as they load, and this test process
    # has loaded them long since.
    import zwgk_cli.rules  # noqa: F401
    from zwgk_cli.diagnostics import CODES

    run = subprocess.run(
        [sys.executable, "-m", "zwgk_cli", "rules"], capture_output=True, text=True, check=True
    )
    listed = [line.split()[0] for line in run.stdout.splitlines() if line.startswith("ZW")]
    assert listed == list(CODES)
    assert "ZW401" in listed


def test_domains_lists_the_26_pilot_domains(runner: CliRunner) -> None:
    result = runner.invoke(app, ["domains"])
    assert result.exit_code == 0
    assert len(result.output.splitlines()) == 26
    assert "生态环境（又称环境保护）" in result.output


def test_workspace_checks_every_member_with_prefixed_paths(runner: CliRunner, tmp_path: Path) -> None:
    for name, body in (("a", GOOD), ("b", BAD)):
        member = tmp_path / "counties" / name
        (member / "catalogues" / "county").mkdir(parents=True)
        (member / "zwgk.yaml").write_text(
            f"政府: {{编号: county-{name}, 名称: {name}县人民政府, 层级: county}}\n", encoding="utf-8"
        )
        (member / "catalogues" / "county" / "budget.yaml").write_text(body, encoding="utf-8")
    (tmp_path / "zwgk.yaml").write_text("工作区:\n  - counties/*\n", encoding="utf-8")
    result = runner.invoke(app, ["validate", str(tmp_path)])
    assert result.exit_code == 1
    assert result.output.splitlines()[0].startswith(
        "counties/b/catalogues/county/budget.yaml:5:5: 错误 ZW202"
    )
    assert result.output.splitlines()[-1] == "检查了 2 个文件、1 项事项：2 个错误，0 个警告"


@pytest.mark.parametrize("pattern", ["/srv/counties/*", "../neighbour", "counties/../../x", "C:/counties/*"])
def test_workspace_members_must_lie_inside_the_workspace(
    runner: CliRunner, tmp_path: Path, pattern: str
) -> None:
    (tmp_path / "zwgk.yaml").write_text(f"工作区:\n  - counties/*\n  - '{pattern}'\n", encoding="utf-8")
    result = runner.invoke(app, ["validate", str(tmp_path)])
    assert result.exit_code == 2
    assert result.output.startswith("zwgk.yaml:3:5: 错误 ZW203 「工作区」应当是相对于工作区文件夹的路径")


def test_parallel_and_serial_checks_report_the_same(tmp_path: Path) -> None:
    from zwgk_cli.check import check

    for n in range(4):
        member = tmp_path / f"county-{n}"
        (member / "catalogues" / "county").mkdir(parents=True)
        (member / "zwgk.yaml").write_text(
            f"政府: {{编号: c{n}, 名称: 第{n}县人民政府, 层级: county}}\n", encoding="utf-8"
        )
        (member / "catalogues" / "county" / "budget.yaml").write_text(
            BAD if n % 2 else GOOD, encoding="utf-8"
        )
    (tmp_path / "zwgk.yaml").write_text("工作区: [county-*]\n", encoding="utf-8")
    serial = check(tmp_path, keep=False, jobs=1)
    parallel = check(tmp_path, keep=False, jobs=2)
    assert serial.diagnostics == parallel.diagnostics
    assert len(serial.diagnostics) == 4
    assert (serial.files, serial.items) == (parallel.files, parallel.items) == (4, 2)


def test_checking_leaves_the_garbage_collector_as_it_found_it(make_project) -> None:  # type: ignore[no-untyped-def]
    import gc

    from zwgk_cli.check import check

    before = (gc.get_threshold(), gc.get_freeze_count(), gc.isenabled())
    check(make_project({"catalogues/county/budget.yaml": GOOD}), keep=False)
    assert (gc.get_threshold(), gc.get_freeze_count(), gc.isenabled()) == before


def test_messages_are_chinese_for_common_yaml_slips(runner: CliRunner, make_project) -> None:  # type: ignore[no-untyped-def]
    root = make_project({"catalogues/county/budget.yaml": GOOD.replace("经本级", '"经本级')})
    result = runner.invoke(app, ["validate", str(root)])
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        "catalogues/county/budget.yaml:7:11: 错误 ZW103 YAML 语法错误：引号没有配对：文件结束了，这里开始的引号还没有结束"
    )


def test_a_revision_date_must_be_a_date(runner: CliRunner, make_project) -> None:  # type: ignore[no-untyped-def]
    root = make_project({"catalogues/county/budget.yaml": GOOD.replace("2026-03-15", "0")})
    result = runner.invoke(app, ["validate", str(root)])
    assert (
        result.output.splitlines()[0]
        == "catalogues/county/budget.yaml:3:7: 错误 ZW205 「修订日期」的格式不对：「0」不是日期"
    )
