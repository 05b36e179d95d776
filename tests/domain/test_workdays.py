"""Working-day arithmetic on the official 2025/2026 State Council schedules, worked out by hand."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hallclient.domain.workdays import WorkCalendar
from hallclient.errors import HallError

CAL = WorkCalendar.load_default()
WEEKDAYS_ONLY = WorkCalendar()


def test_bundled_calendar_covers_2025_and_2026_with_every_break_day() -> None:
    assert CAL.years == frozenset({2025, 2026})
    data = CAL.to_dict()
    # 元旦1 + 春节8 + 清明3 + 劳动节5 + 端午3 + 国庆中秋8 = 28
    assert len(data["years"]["2025"]["holidays"]) == 28
    # 元旦3 + 春节9 + 清明3 + 劳动节5 + 端午3 + 中秋3 + 国庆7 = 33
    assert len(data["years"]["2026"]["holidays"]) == 33
    assert data["years"]["2025"]["adjusted_workdays"] == [
        "2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11",
    ]  # fmt: skip
    assert data["years"]["2026"]["adjusted_workdays"] == [
        "2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2025, 10, 8), False),  # Wednesday inside 国庆+中秋
        (date(2025, 10, 11), True),  # Saturday 调休
        (date(2025, 2, 1), False),  # Saturday inside 春节
        (date(2025, 1, 26), True),  # Sunday 调休
        (date(2026, 2, 23), False),  # Monday, last day of 春节
        (date(2026, 2, 28), True),  # Saturday 调休
        (date(2026, 9, 25), False),  # Friday 中秋
        (date(2026, 10, 12), True),  # ordinary Monday
        (date(2026, 10, 11), False),  # ordinary Sunday
    ],
)
def test_is_workday(day: date, expected: bool) -> None:
    assert CAL.is_workday(day) is expected


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        # Oct 1-8 off; Thu 9 (1), Fri 10 (2), Sat 11 调休 (3), Mon 13 (4), Tue 14 (5)
        (date(2025, 9, 30), 5, date(2025, 10, 14)),
        # Fri 13 Feb: Sat 14 调休 (1); 15-23 off; Tue 24 (2); Wed 25 (3)
        (date(2026, 2, 13), 1, date(2026, 2, 14)),
        (date(2026, 2, 13), 3, date(2026, 2, 25)),
        # Fri 24 Jan: Sun 26 调休 (1), Mon 27 (2); Jan 28-Feb 4 off; Wed 5 Feb (3)
        (date(2025, 1, 24), 3, date(2025, 2, 5)),
        # Thu 24 Apr: Fri 25 (1), Sun 27 调休 (2)
        (date(2025, 4, 24), 2, date(2025, 4, 27)),
        # Across the year end: Jan 1-3 2026 off, Sun Jan 4 调休
        (date(2025, 12, 31), 1, date(2026, 1, 4)),
        # Thu 17 Sep 2026: Fri 18 (1), Sun 20 调休 (2)
        (date(2026, 9, 17), 2, date(2026, 9, 20)),
        # Counting starts the next day even when received on a holiday: Oct 1-7 off, Thu 8 (1)
        (date(2026, 10, 3), 1, date(2026, 10, 8)),
        # Statutory 20 workdays from Fri 2025-05-30: Jun 2 off; Jun 3-6 (4), 9-13 (9), 16-20 (14), 23-27 (19), 30 (20)
        (date(2025, 5, 30), 20, date(2025, 6, 30)),
    ],
)
def test_add_workdays_counts_from_the_next_day(start: date, n: int, expected: date) -> None:
    assert CAL.add_workdays(start, n) == expected


def test_zero_workdays_is_the_start_day_itself() -> None:
    assert CAL.add_workdays(date(2025, 10, 1), 0) == date(2025, 10, 1)


def test_negative_workdays_are_refused() -> None:
    with pytest.raises(HallError, match="不能为负数"):
        CAL.add_workdays(date(2025, 10, 1), -1)


def test_uncovered_years_fall_back_to_monday_to_friday() -> None:
    # 2027-01-01 is a Friday; 2027 is not in the bundled calendar.
    assert CAL.is_workday(date(2027, 1, 1))
    assert CAL.add_workdays(date(2027, 1, 1), 1) == date(2027, 1, 4)
    assert WEEKDAYS_ONLY.add_workdays(date(2025, 9, 30), 5) == date(2025, 10, 7)


def test_workdays_between() -> None:
    assert CAL.workdays_between(date(2025, 9, 30), date(2025, 10, 14)) == 5
    assert CAL.workdays_between(date(2025, 10, 1), date(2025, 10, 8)) == 0
    assert CAL.workdays_between(date(2025, 10, 14), date(2025, 9, 30)) == -5
    assert CAL.workdays_between(date(2025, 10, 14), date(2025, 10, 14)) == 0
    # October 2025: 23 weekdays - 6 holiday weekdays + Sat 11 调休 = 18
    assert CAL.workdays_between(date(2025, 9, 30), date(2025, 10, 31)) == 18


def test_whole_year_totals_match_the_published_schedule() -> None:
    # 261 weekdays - 18 holiday weekdays + 5 调休 = 248 (2025); 261 - 19 + 6 = 248 (2026)
    assert CAL.workdays_between(date(2024, 12, 31), date(2025, 12, 31)) == 248
    assert CAL.workdays_between(date(2025, 12, 31), date(2026, 12, 31)) == 248


@given(
    st.dates(min_value=date(2024, 11, 1), max_value=date(2027, 2, 1)),
    st.integers(min_value=0, max_value=60),
)
def test_add_and_between_agree(start: date, n: int) -> None:
    end = CAL.add_workdays(start, n)
    assert CAL.workdays_between(start, end) == n
    if n:
        assert CAL.is_workday(end)
        assert CAL.workdays_between(start, end.fromordinal(end.toordinal() - 1)) == n - 1


def test_dict_round_trip() -> None:
    assert WorkCalendar.from_dict(CAL.to_dict()) == CAL
    assert json.loads(json.dumps(CAL.to_dict())) == CAL.to_dict()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"version": "x"}, "缺少 years"),
        ({"years": {"25": {}}}, "年份键“25”"),
        ({"years": {"2025": {"holidays": ["2026-01-01"]}}}, "出现了其他年份的日期 2026-01-01"),
        ({"years": {"2025": {"holidays": ["2025-02-30"]}}}, "“2025-02-30”无法识别"),
        ({"years": {"2025": {"holidays": "2025-01-01"}}}, "holidays 应为日期列表"),
        ({"years": {"2025": {"holidays": [20250101]}}}, "应为 YYYY-MM-DD 字符串"),
        (
            {"years": {"2025": {"holidays": ["2025-10-11"], "adjusted_workdays": ["2025-10-11"]}}},
            "2025-10-11 同时被列为假日和调休上班日",
        ),
        ({"years": {"2025": {"adjusted_workdays": ["2025-10-10"]}}}, "调休上班日 2025-10-10 不是周末"),
    ],
)
def test_from_dict_names_the_problem(data: dict[str, object], message: str) -> None:
    with pytest.raises(HallError, match=message):
        WorkCalendar.from_dict(data)


def test_merged_update_replaces_covered_years_and_keeps_others() -> None:
    update = WorkCalendar.from_dict(
        {
            "version": "2026-12-01",
            "years": {
                "2026": {"holidays": ["2026-01-01"], "adjusted_workdays": []},
                "2027": {"holidays": ["2027-01-01"], "adjusted_workdays": ["2027-01-02"]},
            },
        }
    )
    merged = CAL.merged(update)
    assert merged.years == frozenset({2025, 2026, 2027})
    assert merged.version == "2026-12-01"
    assert not merged.is_workday(date(2025, 10, 8))  # 2025 kept
    assert merged.is_workday(date(2026, 2, 16))  # old 2026 春节 replaced
    assert not merged.is_workday(date(2026, 2, 14))  # old 2026 调休 Saturday gone
    assert not merged.is_workday(date(2026, 1, 1))
    assert not merged.is_workday(date(2027, 1, 1))
    assert merged.is_workday(date(2027, 1, 2))


def _write(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: str | None) -> Path:
    folder = tmp_path / "calendar"
    folder.mkdir()
    path = folder / "cn_workdays.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    monkeypatch.setenv("HALLCLIENT_RESOURCES", str(tmp_path))
    return path


def test_load_default_reports_invalid_json_with_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _write(tmp_path, monkeypatch, '{"years": {"2025": \n')
    with pytest.raises(HallError, match="工作日历文件已损坏") as caught:
        WorkCalendar.load_default()
    assert str(path) in str(caught.value)
    assert "JSON" in str(caught.value)


def test_load_default_reports_bad_content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _write(tmp_path, monkeypatch, json.dumps({"years": {"2025": {"holidays": ["2025-13-01"]}}}))
    with pytest.raises(HallError, match="2025-13-01") as caught:
        WorkCalendar.load_default()
    assert str(path) in str(caught.value)


def test_load_default_reports_a_missing_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _write(tmp_path, monkeypatch, None)
    with pytest.raises(HallError, match="不存在") as caught:
        WorkCalendar.load_default()
    assert str(path) in str(caught.value)
