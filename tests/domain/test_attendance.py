"""Attendance from hand-made days: each figure checked against minutes counted by hand."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from hallclient import config
from hallclient.domain.attendance import (
    LOCKED,
    PAUSED,
    RESUMED,
    SIGNED_IN,
    SIGNED_OUT,
    UNLOCKED,
    WindowEvent,
    compute_attendance,
    parse_opening_hours,
)
from hallclient.errors import HallError

SESSIONS = parse_opening_hours("09:00-12:00,13:30-17:00")  # 180 + 210 = 390 opening minutes a day
DAY = date(2026, 10, 12)  # a Monday


def at(clock: str, day: date = DAY) -> datetime:
    return datetime.combine(day, datetime.strptime(clock, "%H:%M").time())


def events(*items: tuple[str, str]) -> list[WindowEvent]:
    return [WindowEvent(at(clock), kind, "05") for clock, kind in items]


def test_full_day_on_duty_over_lunch_counts_only_opening_hours() -> None:
    result = compute_attendance(events(("08:50", SIGNED_IN), ("17:10", SIGNED_OUT)), SESSIONS, [DAY])
    assert (result.duty_minutes, result.absent_minutes, result.late_starts, result.pauses) == (390, 0, [], 0)


def test_late_start_in_the_morning_and_after_lunch() -> None:
    result = compute_attendance(
        events(("09:20", SIGNED_IN), ("12:00", SIGNED_OUT), ("13:33", SIGNED_IN), ("13:50", SIGNED_OUT),
               ("13:55", SIGNED_IN), ("17:00", SIGNED_OUT)),
        SESSIONS,
        [DAY],
    )  # fmt: skip
    # morning: 20 min late; afternoon: 13:33 is within the 5-minute grace; 13:50-13:55 signed out
    assert result.absent_minutes == 20 + 3 + 5
    assert result.duty_minutes == 390 - 28
    assert [(late.session, late.minutes) for late in result.late_starts] == [("09:00-12:00", 20)]


def test_pause_counts_absent_and_is_counted() -> None:
    result = compute_attendance(
        events(("09:00", SIGNED_IN), ("10:00", PAUSED), ("10:30", RESUMED), ("17:00", SIGNED_OUT)), SESSIONS, [DAY]
    )
    assert (result.duty_minutes, result.absent_minutes, result.pauses) == (360, 30, 1)


def test_short_lock_is_on_duty_long_lock_is_absent_whole() -> None:
    result = compute_attendance(
        events(("09:00", SIGNED_IN), ("10:00", LOCKED), ("10:08", UNLOCKED), ("11:00", LOCKED), ("11:25", UNLOCKED),
               ("17:00", SIGNED_OUT)),
        SESSIONS,
        [DAY],
    )  # fmt: skip
    assert (result.duty_minutes, result.absent_minutes) == (390 - 25, 25)
    assert result.absent_by_day == {DAY: 25}


def test_sign_out_early_and_forgotten_sign_out_ends_at_closing() -> None:
    early = compute_attendance(events(("09:00", SIGNED_IN), ("16:00", SIGNED_OUT)), SESSIONS, [DAY])
    assert (early.duty_minutes, early.absent_minutes) == (330, 60)
    next_day = date(2026, 10, 13)
    forgotten = compute_attendance(events(("09:00", SIGNED_IN)), SESSIONS, [DAY, next_day])
    assert (forgotten.duty_minutes, forgotten.absent_minutes) == (390, 390)  # not carried into the next day


def test_day_without_sign_in_is_all_absent_and_not_late() -> None:
    result = compute_attendance([], SESSIONS, [DAY])
    assert (result.duty_minutes, result.absent_minutes, result.late_starts) == (0, 390, [])


def test_non_working_day_counts_nothing() -> None:
    saturday = date(2026, 10, 17)
    result = compute_attendance(
        [WindowEvent(at("09:30", saturday), SIGNED_IN), WindowEvent(at("10:00", saturday), PAUSED)], SESSIONS, [DAY]
    )
    assert (result.duty_minutes, result.absent_minutes, result.pauses) == (0, 390, 0)
    assert compute_attendance([], SESSIONS, []).absent_minutes == 0


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("9:00-12:00", "HH:MM-HH:MM"),
        ("09:00-12:00,", "多个时段用逗号分隔"),
        ("12:00-09:00", "结束不晚于开始"),
        ("09:00-12:00,11:30-17:00", "重叠或顺序颠倒"),
        ("13:30-17:00,09:00-12:00", "重叠或顺序颠倒"),
        ("09:00-24:30", "不是有效的时刻"),
    ],
)
def test_bad_opening_hours_refused_in_one_line(text: str, fragment: str) -> None:
    with pytest.raises(HallError, match=fragment) as caught:
        parse_opening_hours(text)
    assert "\n" not in str(caught.value)


def test_config_refuses_bad_opening_hours(tmp_path: object, monkeypatch: pytest.MonkeyPatch) -> None:
    from pathlib import Path

    path = Path(str(tmp_path)) / "config.toml"
    path.write_text('config_version = 2\n[hall]\nopening_hours = "09:00-12:00,11:00-17:00"\n', encoding="utf-8")
    with pytest.raises(HallError, match=r"hall\.opening_hours: .*重叠"):
        config.load(path)
    path.write_text('config_version = 2\n[hall]\nopening_hours = "08:30-12:00"\n', encoding="utf-8")
    assert config.load(path).opening_hours == "08:30-12:00"
