"""``hallclient assess indicators check FILE``: the set's summary, or every problem with its line and exit 2."""

from __future__ import annotations

from pathlib import Path

import pytest

from hallclient.cli import main
from hallclient.domain.assessment_file import demo_indicator_set_path


def test_check_the_demo_set(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["assess", "indicators", "check", str(demo_indicator_set_path())]) == 0
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    assert captured.err == ""
    assert lines[0] == "考核指标无误：政务服务中心季度考核指标（演示）（版本 2026.1）"
    assert "部门业务：16 项，合计 100 分；加分项 4 项" in lines
    assert "人员服务：14 项，合计 100 分；加分项 5 项" in lines
    assert "  办件效率\tdept_on_time\t按时办结率\t15 分" in lines
    assert "  表扬（加分）\tstaff_praise\t表扬\t5 分（加分，最多）" in lines
    assert lines[-1] == "等级：优秀 ≥ 90；良好 ≥ 80；合格 ≥ 60；不合格 ≥ 0"


def test_every_problem_with_its_line_and_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = demo_indicator_set_path().read_text(encoding="utf-8")
    lines = text.splitlines()
    wrong_source = lines.index('source = "on_time_rate"') + 1
    text = text.replace('source = "on_time_rate"', 'source = "ontime_rate"', 1)
    text = text.replace('name = "优秀"', 'name = ""', 1)
    empty_name = lines.index('name = "优秀"') + 1
    path = tmp_path / "考核.toml"
    path.write_text(text, encoding="utf-8")
    assert main(["assess", "indicators", "check", str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines() == [
        f"考核.toml: 第 {empty_name} 行：等级名称（name）为空",
        f"考核.toml: 第 {wrong_source} 行：未知的数据项“ontime_rate”（数据项见 docs/assessment-format.md）",
        f"hallclient: 考核指标文件 {path}：2 个问题，未载入",
    ]


def test_a_missing_file_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["assess", "indicators", "check", str(tmp_path / "无.toml")]) == 2
    assert capsys.readouterr().err == f"hallclient: 考核指标文件不存在：{tmp_path / '无.toml'}\n"
