"""Indicator set files: validated all-or-nothing, every problem with its line; the demo set."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from hallclient.domain.assessment import Bonus, PerOccurrence, Subject, TargetRate
from hallclient.domain.assessment_file import (
    IndicatorFileError,
    load_demo_indicator_set,
    load_indicator_set,
    parse_indicator_set,
    scan_lines,
)
from hallclient.errors import HallError

# Line numbers matter below: line 1 is `version`.
VALID = """\
version = "2026.1"
name = "测试指标"

[[grade]]
name = "优秀"
min_score = 90
consequence = "通报表扬"

[[grade]]
name = "不合格"
min_score = 0
consequence = "约谈"

[[indicator]]
id = "d_rate"
name = "按时办结率"
subject = "department"
group = "办件效率"
source = "on_time_rate"
points = 60
rule = "target_rate"
target = 0.98
floor = 0.9

[[indicator]]
id = "d_mystery"
name = "明察暗访"
subject = "department"
group = "监督检查"
source = "finding:mystery_visit"
points = 40
rule = "deduct"
cap = 40

[[indicator]]
id = "s_late"
name = "迟到"
subject = "staff"
group = "作风纪律"
source = "late_starts"
points = 100
rule = "deduct"
points_each = 2
cap = 20
missing = "full"

[[indicator]]
id = "s_praise"
name = "表扬"
subject = "staff"
group = "加分"
source = "finding:*"
points = 5
rule = "bonus"
cap = 5
"""


def _problems(text: str) -> list[str]:
    with pytest.raises(IndicatorFileError) as caught:
        parse_indicator_set(text.encode("utf-8"), "t.toml")
    return caught.value.problems


def test_valid_file_loads_with_lines_rules_and_digest() -> None:
    indicator_set = parse_indicator_set(VALID.encode(), "t.toml")
    assert (indicator_set.version, indicator_set.name) == ("2026.1", "测试指标")
    assert indicator_set.digest == hashlib.sha256(VALID.encode()).hexdigest()
    assert [(i.id, i.line, i.subject, i.rule, i.missing) for i in indicator_set.indicators] == [
        ("d_rate", 14, Subject.DEPARTMENT, TargetRate(0.98, 0.9), "skip"),
        ("d_mystery", 25, Subject.DEPARTMENT, PerOccurrence(0.0, 40.0), "skip"),
        ("s_late", 35, Subject.STAFF, PerOccurrence(2.0, 20.0), "full"),
        ("s_praise", 47, Subject.STAFF, Bonus(0.0, 5.0), "skip"),
    ]
    assert [i.unit for i in indicator_set.indicators] == ["%", "条", "次", "条"]
    assert [(g.name, g.min_score, g.consequence) for g in indicator_set.grades] == [
        ("优秀", 90, "通报表扬"),
        ("不合格", 0, "约谈"),
    ]


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        ('source = "on_time_rate"', 'source = "on_time"', "第 19 行：未知的数据项“on_time”"),
        (
            'source = "finding:mystery_visit"',
            'source = "finding:secret"',
            "第 30 行：未知的发现类别“secret”（可用：finding:inspection（巡查记录）、"
            "finding:mystery_visit（明察暗访）、finding:video_check（视频抽查）、finding:*）",
        ),
        (
            'rule = "target_rate"',
            'rule = "linear"',
            "第 21 行：未知的计分规则“linear”"
            "（可用：target_rate（达标率（线性））、deduct（按次扣分）、bonus（加分））",
        ),
        ("floor = 0.9", "floor = 0.98", "第 23 行：下限 floor（0.98）应低于目标 target（0.98）"),
        ("target = 0.98", "target = 98", "第 22 行：“按时办结率”是比率，target 应在 0 到 1 之间（如 0.95），实为 98"),
        ("points_each = 2\ncap = 20", "points_each = 2\ncap = 101", "第 44 行：封顶分值 101 超过本项分值 100"),
        ('name = "迟到"', 'name = ""', "第 37 行：指标名称（name）为空"),
        ('id = "d_mystery"', 'id = "d_rate"', "第 26 行：指标编号“d_rate”重复（第 15 行已有）"),
        ('name = "测试指标"', 'name = "  "', "第 2 行：名称（name）应为非空文字，实为 '  '"),
        ('version = "2026.1"\n', "", '第 1 行：文件开头缺少版本（version = "…"）'),
        ("min_score = 0", "min_score = 10", "第 11 行：最后一个等级的最低分应为 0（覆盖所有得分），实为 10"),
        (
            'points = 40\nrule = "deduct"\ncap = 40',
            'points = 35\nrule = "deduct"\ncap = 35',
            "第 14 行：部门业务指标（不含加分项）分值合计 95，应为 100（自本行的第一项起）",
        ),
        ("cap = 40", "cap = 40\npoints_each = 1", "第 34 行：发现按各自登记的分值计，不设每次分值（points_each）"),
        (
            "floor = 0.9",
            "floor = 0.9\ncap = 3",
            "第 24 行：未知的键“cap”（可用：id、name、subject、group、source、points",
        ),
        ('subject = "staff"\ngroup = "作风', 'subject = "人员"\ngroup = "作风', "第 38 行：考核对象（subject）应为"),
        ('missing = "full"', 'missing = "half"', "第 45 行：无数据时的计分（missing）应为 skip（不计分）"),
        ("points = 100", "points = -100", "第 41 行：分值（points）应大于 0，实为 -100"),
        ("points = 100", 'points = "100"', "第 41 行：分值（points）应为数字，实为 '100'"),
        ('name = "测试指标"', 'name = "测试指标"\ncolour = "red"', "第 3 行：未知的键“colour”（可用：version、name"),
        ('[[indicator]]\nid = "s_late"', '[[indicator]\nid = "s_late"', "第 35 行：不是有效的 TOML（第 12 列；"),
    ],
)
def test_each_problem_is_reported_at_its_line(old: str, new: str, problem: str) -> None:
    assert old in VALID
    problems = _problems(VALID.replace(old, new, 1))
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"t.toml: {problem}"), problems


def test_grades_out_of_order_and_not_down_to_zero() -> None:
    assert _problems(VALID.replace("min_score = 0", "min_score = 95")) == [
        "t.toml: 第 11 行：等级应按最低分从高到低排列：95 不低于上一等级的 90",
        "t.toml: 第 11 行：最后一个等级的最低分应为 0（覆盖所有得分），实为 95",
    ]


def test_weights_exclude_bonus_and_a_bonus_cap_above_points_is_refused() -> None:
    problems = _problems(VALID.replace('points = 5\nrule = "bonus"\ncap = 5', 'points = 5\nrule = "bonus"\ncap = 6'))
    assert problems == ["t.toml: 第 55 行：封顶分值 6 超过本项分值 5"]


def test_all_problems_are_listed_in_line_order_and_nothing_is_loaded(tmp_path: Path) -> None:
    text = (
        VALID.replace('source = "on_time_rate"', 'source = "nope"')
        .replace('id = "s_praise"', 'id = "s_late"')
        .replace("floor = 0.9", "floor = 1.5")
    )
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(IndicatorFileError) as caught:
        load_indicator_set(path)
    assert caught.value.problems == [
        "bad.toml: 第 19 行：未知的数据项“nope”（数据项见 docs/assessment-format.md）",
        "bad.toml: 第 23 行：下限 floor（1.5）应低于目标 target（0.98）",
        "bad.toml: 第 48 行：指标编号“s_late”重复（第 36 行已有）",
    ]
    assert str(caught.value).startswith("考核指标文件 bad.toml：3 个问题；第一个：第 19 行：未知的数据项")


def test_a_missing_subject_and_missing_tables() -> None:
    staff_only = VALID.split('[[indicator]]\nid = "d_rate"')[0] + "[[indicator]]" + VALID.split("[[indicator]]", 3)[3]
    assert _problems(staff_only) == ['t.toml: 第 1 行：没有部门业务（subject = "department"）的指标']
    assert _problems('version = "1"\nname = "x"\n') == [
        "t.toml: 第 1 行：没有 [[grade]]（考核等级）",
        "t.toml: 第 1 行：没有 [[indicator]]（考核指标）",
    ]


def test_indicator_written_as_a_plain_table() -> None:
    text = 'version = "1"\nname = "x"\n[[grade]]\nname = "a"\nmin_score = 0\n\n[indicator]\nid = "x"\n'
    assert _problems(text) == ["t.toml: 第 7 行：indicator 应写作 [[indicator]] 表，每项一个"]


def test_overlapping_finding_indicators_would_count_a_finding_twice() -> None:
    text = VALID.replace(
        'source = "finding:mystery_visit"\npoints = 40', 'source = "finding:mystery_visit"\npoints = 20'
    ) + (
        '\n[[indicator]]\nid = "d_all"\nname = "全部发现"\nsubject = "department"\ngroup = "监督检查"\n'
        'source = "finding:*"\npoints = 20\nrule = "deduct"\ncap = 20\n'
    )
    text = text.replace("cap = 40", "cap = 20")
    assert _problems(text) == [
        "t.toml: 第 57 行：指标“全部发现”与第 25 行的“明察暗访”都计明察暗访发现的扣分，同一发现会计两次"
    ]


def test_not_utf8_and_unreadable_files(tmp_path: Path) -> None:
    assert _problems_bytes(b'version = "1"\nname = "' + "测".encode("gbk") + b'"\n') == [
        "t.toml: 第 2 行：不是 UTF-8 编码的文本"
    ]
    with pytest.raises(HallError, match=r"^考核指标文件不存在："):
        load_indicator_set(tmp_path / "none.toml")
    with pytest.raises(HallError, match=r"^考核指标文件是一个文件夹："):
        load_indicator_set(tmp_path)


def _problems_bytes(data: bytes) -> list[str]:
    with pytest.raises(IndicatorFileError) as caught:
        parse_indicator_set(data, "t.toml")
    return caught.value.problems


def test_scan_lines_skips_multiline_strings() -> None:
    text = 'version = "1"\nname = """\nid = "not a key"\n"""\n[[indicator]]\n\nid = "x"\n'
    lines = scan_lines(text)
    assert lines.top == {"version": 1, "name": 2}
    assert lines.tables["indicator"] == [5]
    assert lines.keys["indicator"] == [{"id": 7}]


THEMES = {
    "on_time_rate",  # 按时办结
    "notified_missing",  # 一次性告知
    "deficiency_accepted",  # 容缺
    "satisfaction_rate",  # 满意率
    "bad_reviews",  # 差评
    "bad_review_rectification_rate",  # 差评整改
    "complaints",  # 投诉
    "enquiry_handovers",  # 首问负责/转办
    "absent_minutes",  # 在岗/缺岗
    "late_starts",  # 迟到
    "pauses",  # 暂停服务
    "finding:mystery_visit",  # 明察暗访
    "finding:inspection",  # 巡查
    "finding:video_check",  # 视频抽查
    "wait_median_min",  # 等候时长
    "finding:*",  # 表扬 (bonus)
}


def test_demo_set_loads_and_covers_both_subjects_with_100_points() -> None:
    demo = load_demo_indicator_set()
    for subject in Subject:
        own = demo.for_subject(subject)
        assert sum(i.points for i in own if not i.is_bonus) == 100
        assert {i.source for i in own} >= THEMES, subject
        assert any(i.is_bonus and i.source == "finding:*" and i.name == "表扬" for i in own)
    assert "bad_review_handling_rate" in {i.source for i in demo.for_subject(Subject.DEPARTMENT)}
    assert [(g.name, g.min_score) for g in demo.grades] == [("优秀", 90), ("良好", 80), ("合格", 60), ("不合格", 0)]
    assert demo.grades[0].consequence.startswith("通报表扬")
    assert demo.grades[-1].consequence.startswith("约谈、限期整改")
