"""The figure registry: each figure read from a tally row, an attendance summary and queue figures."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from hallclient.domain.assessment import Finding, Subject
from hallclient.domain.assessment_figures import FIGURES, AttendanceSummary, FigureInputs, figure_values, subject_facts
from hallclient.domain.tally import Facts, Figures, Period, build_tally
from hallclient.domain.workdays import WorkCalendar

DIMS = ("05", "u1", "D1", "M1", "window")


def _row() -> Figures:
    """A department's tally row built by the tally engine itself from a handful of facts."""
    facts = Facts(
        # (dims, outcome, cases, completed, assisted, green, completed late, one window)
        cases=[
            (DIMS, "accept", 8, 6, 0, 0, 1, 8),
            (DIMS, "notify_missing", 3, 0, 0, 0, 0, 3),
            (DIMS, "accept_with_deficiency", 2, 2, 0, 0, 1, 2),
        ],
        deadlines=[(DIMS, date(2026, 12, 1), 2)],  # overdue at the as-of day
        # (dims, level, rectified, handled (task closed), excluded by an upheld appeal, count)
        ratings=[(DIMS, 5, False, False, False, 15), (DIMS, 3, False, False, False, 1), (DIMS, 1, True, True, False, 2),
                 (DIMS, 2, False, False, False, 1), (DIMS, 1, False, False, True, 1)],
        enquiries=[(DIMS, 4)],
        enquiry_handovers=[(DIMS, 1)],
        # (dims, source, closed, rectified, overdue, excluded, count)
        complaints=[(DIMS, "phone", True, True, False, False, 2), (DIMS, "online", False, False, False, False, 1),
                    (DIMS, "phone", True, False, False, True, 1)],
    )  # fmt: skip
    tally = build_tally(
        facts,
        period=Period(date(2026, 10, 1), date(2026, 12, 31)),
        grouping="department",
        as_of=date(2026, 12, 31),
        hall_name="测试",
        scope="本机",
        source="local",
        generated_at=datetime(2027, 1, 2, 9, 0),
        near_due_limit=date(2027, 1, 4),
        calendar=WorkCalendar.load_default(),
    )
    return tally.groups[0]


def test_tally_figures_are_read_with_the_tally_definitions() -> None:
    values = figure_values(FigureInputs(row=_row()), Subject.DEPARTMENT)
    assert {key: values[key] for key in values if FIGURES[key].origin == "tally"} == {
        "cases": 13,
        "completed": 8,
        "on_time_rate": pytest.approx((8 - 2) / 8),
        "overdue": 2,
        "completed_late": 2,
        "notified_missing": 3,
        "deficiency_accepted": 2,
        "satisfaction_rate": pytest.approx(16 / 20),  # levels 5, 4, 3 of all 20 ratings
        "bad_reviews": 3,  # 4 bad reviews, one with an upheld appeal
        "bad_review_handling_rate": pytest.approx(2 / 3),
        "bad_review_rectification_rate": pytest.approx(2 / 3),
        "complaints": 3,  # 4 received, one with an upheld appeal
        "complaints_on_site": 0,
        "complaints_phone": 2,
        "complaints_suggestion_box": 0,
        "complaints_online": 1,
        "complaints_transferred": 0,
        "complaint_handling_rate": pytest.approx(3 / 4),
        "enquiries": 4,
        "enquiry_handovers": 1,
    }


def test_no_row_counts_zero_and_rates_are_missing() -> None:
    values = figure_values(FigureInputs(row=None), Subject.STAFF)
    assert values["cases"] == 0 and values["bad_reviews"] == 0
    assert values["on_time_rate"] is None and values["satisfaction_rate"] is None


def test_rates_with_nothing_to_divide_are_missing() -> None:
    values = figure_values(FigureInputs(row=Figures(key="u1", label="张三")), Subject.STAFF)
    assert [values[key] for key in ("on_time_rate", "satisfaction_rate", "bad_review_handling_rate")] == [None] * 3


def test_attendance_and_queue_figures_are_none_when_not_recorded() -> None:
    values = figure_values(FigureInputs(row=None), Subject.STAFF)
    for key in ("duty_minutes", "absent_minutes", "late_starts", "pauses", "wait_median_min", "no_shows", "served"):
        assert values[key] is None, key


def test_department_attendance_is_the_sum_of_its_staff() -> None:
    wang = AttendanceSummary(duty_minutes=400, absent_minutes=20, late_starts=1, pauses=2)
    li = AttendanceSummary(duty_minutes=380, absent_minutes=40, late_starts=0, pauses=1)
    queue = {"wait_median_min": 12.5, "no_shows": 3, "served": 90}
    facts = subject_facts(
        Subject.DEPARTMENT,
        key="D1",
        label="市场监管局",
        row=None,
        attendance=wang + li,
        queue=queue,
        findings=[Finding("f1", "inspection", date(2026, 11, 3), -1, "工牌未佩戴")],
    )
    assert (facts.key, facts.label, facts.department) == ("D1", "市场监管局", "")
    assert {key: facts.figures[key] for key in ("duty_minutes", "absent_minutes", "late_starts", "pauses")} == {
        "duty_minutes": 780,
        "absent_minutes": 60,
        "late_starts": 1,
        "pauses": 3,
    }
    assert [facts.figures[key] for key in ("wait_median_min", "no_shows", "served")] == [12.5, 3, 90]
    assert [finding.id for finding in facts.findings] == ["f1"]
    assert facts.missing == {  # no tally row: every rate is missing, for want of what it divides by
        "on_time_rate": "无办结件",
        "satisfaction_rate": "无评价数据",
        "bad_review_handling_rate": "无差评",
        "bad_review_rectification_rate": "无差评",
        "complaint_handling_rate": "无投诉",
    }


def test_without_attendance_or_queue_the_facts_say_why() -> None:
    facts = subject_facts(Subject.STAFF, key="u1", label="张三", department="D1", row=_row())
    assert facts.department == "D1"
    assert facts.missing == {
        "duty_minutes": "无考勤记录",
        "absent_minutes": "无考勤记录",
        "late_starts": "无考勤记录",
        "pauses": "无考勤记录",
        "wait_median_min": "无排队数据",
        "no_shows": "无排队数据",
        "served": "无排队数据",
    }


def test_every_figure_has_a_chinese_label_a_unit_and_subjects() -> None:
    assert set(FIGURES) >= {
        "cases", "completed", "on_time_rate", "overdue", "completed_late", "notified_missing", "deficiency_accepted",
        "satisfaction_rate", "bad_reviews", "bad_review_handling_rate", "bad_review_rectification_rate", "complaints",
        "complaint_handling_rate", "enquiries", "enquiry_handovers", "duty_minutes", "absent_minutes", "late_starts",
        "pauses", "wait_median_min", "no_shows", "served",
    }  # fmt: skip
    for figure in FIGURES.values():
        assert figure.unit in ("件", "%", "分钟", "次")
        assert any("\u4e00" <= char <= "\u9fff" for char in figure.label)
        assert figure.subjects == {Subject.DEPARTMENT, Subject.STAFF}


def test_the_format_doc_lists_every_figure() -> None:
    doc = (Path(__file__).resolve().parents[2] / "docs" / "assessment-format.md").read_text(encoding="utf-8")
    assert [figure for figure in FIGURES if f"`{figure}`" not in doc] == []
