"""Working-day arithmetic on the official State Council schedules (2020-2026), worked out by hand and
checked day by day against an independent table (the ``chinesecalendar`` package)."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import chinese_calendar
import pytest
from hypothesis import given
from hypothesis import strategies as st

from hallclient.domain.workdays import Deadline, WorkCalendar
from hallclient.errors import HallError

CAL = WorkCalendar.load_default()
WEEKDAYS_ONLY = WorkCalendar()


def test_bundled_calendar_covers_2020_to_2026_each_year_with_its_notice() -> None:
    assert CAL.years == frozenset(range(2020, 2027))
    for year in CAL.years:
        assert "国办发明电〔" in CAL.source(year), year
    assert "国办发明电〔2019〕16号" in CAL.source(2020)
    assert "国办发明电〔2020〕1号" in CAL.source(2020)  # the 2020 Spring Festival extension
    assert "国办发明电〔2024〕12号" in CAL.source(2025)
    assert "国办发明电〔2025〕7号" in CAL.source(2026)


def _covered_days() -> list[date]:
    days: list[date] = []
    for year in sorted(CAL.years):
        day = date(year, 1, 1)
        while day.year == year:
            days.append(day)
            day += timedelta(days=1)
    return days


def test_every_covered_day_matches_the_independent_table() -> None:
    differences = [day for day in _covered_days() if CAL.is_workday(day) != chinese_calendar.is_workday(day)]
    assert differences == []
    assert len(_covered_days()) == 366 * 2 + 365 * 5  # 2020 and 2024 are leap years


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2024, 10, 1), False),  # 国庆 (Tuesday)
        (date(2024, 2, 4), True),  # Sunday 调休 before 春节
        (date(2024, 2, 16), False),  # Friday inside 春节
        (date(2020, 1, 31), False),  # Friday: the 2020 Spring Festival extension (国办发明电〔2020〕1号)
        (date(2020, 2, 1), False),  # the Saturday 调休 cancelled by the extension
        (date(2022, 4, 2), True),  # Saturday 调休 before 清明
        (date(2023, 4, 5), False),  # 清明 (Wednesday), a single day
    ],
)
def test_earlier_years_follow_their_notices(day: date, expected: bool) -> None:
    assert CAL.is_workday(day) is expected


def test_2024_no_longer_falls_back_to_monday_to_friday() -> None:
    # The old 2025-2026-only calendar counted 2024 Monday-Friday: wrong on its 19 weekday holidays and 8 调休 days.
    wrong = [
        day for day in _covered_days() if day.year == 2024 and CAL.is_workday(day) != WEEKDAYS_ONLY.is_workday(day)
    ]
    assert len(wrong) == 27


def test_bundled_2025_and_2026_keep_every_break_day() -> None:
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


def test_uncovered_years_count_monday_to_friday_and_say_so() -> None:
    # 2027-01-01 is a Friday; 2027 is not in the bundled calendar. Fri 2026-12-18 + 10 workdays:
    # Dec 21-25 (5), Dec 28-31 (9), then Jan 1 (10): only provisionally, until 2027's schedule arrives.
    assert CAL.deadline(date(2026, 12, 18), 10) == Deadline(date(2027, 1, 1), provisional=True)
    assert CAL.deadline(date(2026, 12, 18), 9) == Deadline(date(2026, 12, 31), provisional=False)
    assert CAL.deadline(date(2026, 12, 31), 0) == Deadline(date(2026, 12, 31), provisional=False)
    assert WEEKDAYS_ONLY.deadline(date(2025, 9, 30), 5) == Deadline(date(2025, 10, 7), provisional=True)
    with_2027 = CAL.merged(SIMULATED_2027)
    assert with_2027.deadline(date(2026, 12, 18), 10) == Deadline(date(2027, 1, 4), provisional=False)
    assert with_2027.deadline(date(2027, 12, 20), 10).provisional  # 2028 not covered


# Not the official 2027 schedule (published around November 2026): a test calendar standing in for it.
SIMULATED_2027 = WorkCalendar.from_dict(
    {
        "version": "test-2027",
        "years": {"2027": {"source": "测试用日历（非官方）", "holidays": ["2027-01-01"], "adjusted_workdays": []}},
    }
)


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2026, 10, 31), ""),
        (date(2026, 11, 1), "2027 年"),
        (date(2026, 12, 31), "2027 年"),
        (date(2027, 1, 4), "未包含 2027 年的"),  # this year itself missing; 2028 not asked for yet
    ],
)
def test_coverage_warning_from_the_first_of_november(today: date, expected: str) -> None:
    warning = CAL.coverage_warning(today)
    assert (expected in warning and "暂定" in warning) if expected else warning == ""
    assert CAL.merged(SIMULATED_2027).coverage_warning(date(2026, 11, 20)) == ""


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
        ({"years": {"2025": {"holidays": ["2025-01-01"]}}}, "2025 年的工作日历缺少 source"),
        ({"years": {"2025": {"source": " ", "holidays": []}}}, "2025 年的工作日历缺少 source"),
        ({"years": {"2025": {"source": "x", "holidays": ["2026-01-01"]}}}, "出现了其他年份的日期 2026-01-01"),
        ({"years": {"2025": {"source": "x", "holidays": ["2025-02-30"]}}}, "“2025-02-30”无法识别"),
        ({"years": {"2025": {"source": "x", "holidays": "2025-01-01"}}}, "holidays 应为日期列表"),
        ({"years": {"2025": {"source": "x", "holidays": [20250101]}}}, "应为 YYYY-MM-DD 字符串"),
        (
            {"years": {"2025": {"source": "x", "holidays": ["2025-10-11"], "adjusted_workdays": ["2025-10-11"]}}},
            "2025-10-11 同时被列为假日和调休上班日",
        ),
        ({"years": {"2025": {"source": "x", "adjusted_workdays": ["2025-10-10"]}}}, "调休上班日 2025-10-10 不是周末"),
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
                "2026": {"source": "更正", "holidays": ["2026-01-01"], "adjusted_workdays": []},
                "2027": {"source": "测试", "holidays": ["2027-01-01"], "adjusted_workdays": ["2027-01-02"]},
            },
        }
    )
    merged = CAL.merged(update)
    assert merged.years == frozenset(range(2020, 2028))
    assert (merged.source(2025), merged.source(2026), merged.source(2027)) == (CAL.source(2025), "更正", "测试")
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
    path = _write(tmp_path, monkeypatch, json.dumps({"years": {"2025": {"source": "x", "holidays": ["2025-13-01"]}}}))
    with pytest.raises(HallError, match="2025-13-01") as caught:
        WorkCalendar.load_default()
    assert str(path) in str(caught.value)


def test_load_default_reports_a_missing_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _write(tmp_path, monkeypatch, None)
    with pytest.raises(HallError, match="不存在") as caught:
        WorkCalendar.load_default()
    assert str(path) in str(caught.value)
