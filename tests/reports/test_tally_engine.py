"""Tally figures against expectations computed independently (plain SQL rows + Python) from seeded data."""

from __future__ import annotations

import math
import sqlite3
import statistics
from collections import Counter
from datetime import date, datetime, timedelta
from typing import Any

import pytest

from hallclient.domain.tally import Period
from hallclient.domain.workdays import WorkCalendar
from hallclient.errors import HallError
from hallclient.services.tallies import local_tallies, local_tally

TODAY = date(2026, 3, 13)
PERIOD = Period(date(2026, 3, 9), TODAY)


def _rows(path: Any, sql: str) -> list[sqlite3.Row]:
    connection = sqlite3.connect(path)
    connection.row_factory = sqlite3.Row
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


def _dt(text: str) -> datetime:
    return datetime.fromisoformat(text)


def test_counts_by_clerk_match_plain_python(seeded: Any) -> None:
    cases = _rows(seeded.path, "SELECT * FROM cases")
    users = {row["id"]: row["display_name"] for row in _rows(seeded.path, "SELECT * FROM users")}
    tally = local_tally(seeded.services, PERIOD, "clerk", today=TODAY)
    assert tally.total.cases == len(cases) == 90
    by_label = {fig.label: fig for fig in tally.groups}
    for clerk_id, name in users.items():
        mine = [row for row in cases if row["clerk_id"] == clerk_id]
        if not mine:
            assert name not in by_label
            continue
        fig = by_label[name]
        assert fig.cases == len(mine)
        assert fig.outcomes == {**dict.fromkeys(fig.outcomes, 0), **Counter(row["outcome"] for row in mine)}
        assert fig.assisted == sum(row["assisted"] for row in mine)
        assert fig.green_channel == sum(row["green_channel"] for row in mine)
        assert fig.completed == sum(row["completed_at"] is not None for row in mine)
        channels = Counter(row["channel"] for row in mine)
        assert fig.channels["province_wide"] == channels["province_wide"]
        assert fig.channels["cross_province"] == channels["cross_province"]
        assert fig.channels["id_card_only"] == channels["id_card_only"]
    assert sum(fig.cases for fig in tally.groups) == tally.total.cases


def test_handling_time_median_and_p90(seeded: Any) -> None:
    seconds = sorted(
        (_dt(row["completed_at"]) - _dt(row["received_at"])).total_seconds()
        for row in _rows(seeded.path, "SELECT * FROM cases WHERE completed_at IS NOT NULL")
    )
    tally = local_tally(seeded.services, PERIOD, "window", today=TODAY)
    assert tally.total.handled == len(seconds) > 10
    assert tally.total.handling_median_s == pytest.approx(statistics.median(seconds), abs=1)
    assert tally.total.handling_p90_s == pytest.approx(seconds[math.ceil(0.9 * len(seconds)) - 1], abs=1)


def test_ratings_enquiries_hourly_and_unsynced(seeded: Any) -> None:
    ratings = _rows(seeded.path, "SELECT level FROM ratings")
    tally = local_tally(seeded.services, PERIOD, "matter", today=TODAY)
    assert tally.total.ratings == {level: sum(r["level"] == level for r in ratings) for level in (5, 4, 3, 2, 1)}
    assert tally.total.bad_reviews == sum(r["level"] <= 2 for r in ratings)
    assert tally.total.enquiries == len(_rows(seeded.path, "SELECT id FROM enquiries")) > 0
    hours = Counter(_dt(row["received_at"]).hour for row in _rows(seeded.path, "SELECT received_at FROM cases"))
    assert tally.hourly == [hours.get(hour, 0) for hour in range(24)]
    events = len(_rows(seeded.path, "SELECT id FROM events"))
    assert tally.unsynced_events == events  # nothing was ever uploaded
    assert sum(fig.ratings[5] for fig in tally.groups) == tally.total.ratings[5]


def test_overdue_and_near_due_as_of_the_period_end(seeded: Any) -> None:
    calendar = WorkCalendar.load_default()
    as_of = date(2026, 3, 11)
    limit = calendar.add_workdays(as_of, 2)
    cutoff = datetime.combine(as_of + timedelta(days=1), datetime.min.time())
    overdue = near = 0
    for row in _rows(seeded.path, "SELECT * FROM cases WHERE promised_date IS NOT NULL"):
        running = _dt(row["received_at"]) < cutoff and row["status"] not in ("refused", "withdrawn", "suspended")
        open_then = row["completed_at"] is None or _dt(row["completed_at"]) >= cutoff
        promised = date.fromisoformat(row["promised_date"])
        if running and open_then:
            overdue += promised < as_of
            near += as_of <= promised <= limit
    tally = local_tally(seeded.services, Period(date(2026, 3, 9), as_of), "department", today=TODAY)
    assert tally.as_of == as_of
    assert (tally.total.overdue, tally.total.near_due) == (overdue, near)
    assert near > 0


def test_all_groupings_share_one_total(seeded: Any) -> None:
    tallies = local_tallies(seeded.services, PERIOD, today=TODAY)
    assert set(tallies) == {"window", "clerk", "department", "matter", "channel"}
    totals = {name: (t.total.cases, t.total.rated, t.total.enquiries) for name, t in tallies.items()}
    assert len(set(totals.values())) == 1
    assert tallies["window"].groups[0].label == "05 号窗口"
    assert tallies["window"].total.one_window_share == 1.0  # one window taking many departments' matters
    channels = {fig.label: fig for fig in tallies["channel"].groups}
    assert set(channels) <= {"现场办理", "全省通办", "跨省通办", "一证通办", "（未关联）"}
    unlinked = channels["（未关联）"]  # enquiries have no channel: listed apart, never inside a channel
    assert unlinked.cases == 0 and unlinked.enquiries == tallies["channel"].total.enquiries


def test_single_day_counts_only_that_day(seeded: Any) -> None:
    day = date(2026, 3, 10)
    expected = sum(_dt(r["received_at"]).date() == day for r in _rows(seeded.path, "SELECT received_at FROM cases"))
    assert local_tally(seeded.services, Period.day(day), today=TODAY).total.cases == expected == 18


def test_empty_period_has_zeros_and_a_note(seeded: Any) -> None:
    tally = local_tally(seeded.services, Period(date(2025, 1, 6), date(2025, 1, 10)), "clerk", today=TODAY)
    assert tally.total.cases == 0 and tally.groups == []
    assert tally.total.handling_median_s is None and tally.total.one_window_share is None
    assert "本期间没有受理办件。" in tally.notes


def test_future_and_reversed_periods_are_refused(seeded: Any) -> None:
    with pytest.raises(HallError, match="在未来"):
        local_tally(seeded.services, Period.day(TODAY + timedelta(days=1)), today=TODAY)
    with pytest.raises(HallError, match="早于开始日"):
        Period(TODAY, TODAY - timedelta(days=1))
    running = local_tally(seeded.services, Period(TODAY, TODAY + timedelta(days=5)), today=TODAY)
    assert running.as_of == TODAY and any("尚未结束" in note for note in running.notes)
    with pytest.raises(HallError, match="分组"):
        local_tally(seeded.services, PERIOD, "planet", today=TODAY)


def test_window_scope_sees_only_that_window(seeded: Any) -> None:
    assert local_tally(seeded.services, PERIOD, window="05", today=TODAY).total.cases == 90
    other = local_tally(seeded.services, PERIOD, window="09", today=TODAY)
    assert other.total.cases == 0 and other.total.rated == 0 and other.total.enquiries == 0
