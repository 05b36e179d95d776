"""A calendar arriving recounts the provisional deadlines of open cases, with an event in the hash chain."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from hallclient.domain.case import Outcome
from hallclient.domain.workdays import WorkCalendar
from hallclient.errors import HallError
from hallclient.services import cases
from hallclient.services.calendar import import_calendar_file, provisional_cases
from hallclient.services.cases import Applicant, IntakeRequest, ReceivedMaterial
from hallclient.services.context import Actor, Services
from hallclient.store import eventlog
from hallclient.store.bootstrap import load_calendar
from hallclient.store.models import Case, Event
from workday_helpers import SHANGHAI, SIMULATED_2027, SettableClock, write_calendar

PERSON = Applicant(kind="person", name="张三", id_type="id_card", id_number="11010519491231002x")
ALL = tuple(ReceivedMaterial(code, True, 1, 1) for code in ("M1", "M2", "M3", "M4"))


def accept(services: Services, clerk: Actor) -> cases.CaseResult:
    request = IntakeRequest("XK0001", PERSON, Outcome.ACCEPT, ALL)
    return cases.record_intake(services, clerk, request, load_calendar(services.store))


def row(services: Services, case_id: str) -> Case:
    with services.store.read() as session:
        found = session.get(Case, case_id)
        assert found is not None
        return found


def events(services: Services, case_id: str) -> list[str]:
    with services.store.read() as session:
        return [e.type for e in cases.case_events(session, case_id)]


def test_a_case_accepted_late_in_december_is_recounted_when_2027_arrives(
    services: Services, clerk: Actor, clock: SettableClock, tmp_path: Path
) -> None:
    clock.moment = datetime(2026, 12, 28, 9, 0, tzinfo=SHANGHAI)  # Monday; XK0001 promises 5 workdays
    late = accept(services, clerk)
    clock.moment = datetime(2026, 11, 2, 9, 0, tzinfo=SHANGHAI)
    early = accept(services, clerk)  # promised Nov 9, statutory (30 workdays) Dec 14: final
    before = row(services, late.case_id)
    # Monday-Friday: Dec 29, 30, 31, Jan 1 (!), Jan 4.
    assert before.promised_date == date(2027, 1, 4)
    assert before.deadlines_provisional == "promised_date,statutory_date"
    assert late.event.payload["state"]["deadlines_provisional"] == ["promised_date", "statutory_date"]
    assert row(services, early.case_id).deadlines_provisional == ""
    with services.store.read() as session:
        assert [c.case_no for c in provisional_cases(session)] == [late.case_no]

    clock.moment = datetime(2026, 12, 29, 8, 0, tzinfo=SHANGHAI)
    applied = import_calendar_file(services, write_calendar(tmp_path))

    assert applied.recomputed == (late.case_no,)
    after = row(services, late.case_id)
    assert after.promised_date == date(2027, 1, 5)  # Jan 1 is a holiday in the arriving calendar
    assert after.deadlines_provisional == ""
    assert events(services, late.case_id) == ["case.accepted", "notice.skipped", "case.deadlines_recomputed"]
    assert events(services, early.case_id) == ["case.accepted", "notice.skipped"]  # no phone: said, not silent
    with services.store.read() as session:
        event = session.scalar(select(Event).where(Event.type == "case.deadlines_recomputed"))
        assert event is not None and event.actor == "system:calendar"
        record = eventlog.to_record(event)
        assert record.payload["previous"]["promised_date"] == "2027-01-04"
        assert record.payload["state"]["promised_date"] == "2027-01-05"
        assert record.payload["calendar_version"] == "test-2027"
        assert "deadlines_provisional" not in record.payload["state"]
        eventlog.verify_chain(session)  # raises at the first bad link
        assert provisional_cases(session) == []
    stored = load_calendar(services.store)
    assert 2027 in stored.years and 2020 in stored.years
    assert stored.source(2027) == SIMULATED_2027["years"]["2027"]["source"]

    # The same file again settles nothing new: no second event.
    assert import_calendar_file(services, write_calendar(tmp_path)).recomputed == ()
    assert events(services, late.case_id) == ["case.accepted", "notice.skipped", "case.deadlines_recomputed"]


def test_a_bad_calendar_file_changes_nothing(
    services: Services, clerk: Actor, clock: SettableClock, tmp_path: Path
) -> None:
    clock.moment = datetime(2026, 12, 28, 9, 0, tzinfo=SHANGHAI)
    late = accept(services, clerk)
    bad = write_calendar(tmp_path, {"version": "x", "years": {"2027": {"holidays": ["2027-01-01"]}}})
    with pytest.raises(HallError, match="2027 年的工作日历缺少 source"):
        import_calendar_file(services, bad)
    assert row(services, late.case_id).deadlines_provisional == "promised_date,statutory_date"
    assert load_calendar(services.store).years == WorkCalendar.load_default().years


def test_selftest_lists_coverage_and_provisional_cases_and_warns_from_november(
    services: Services, clerk: Actor, clock: SettableClock, store_path: Path, tmp_path: Path
) -> None:
    from hallclient.selftest import Status, check_calendar, summary

    clock.moment = datetime(2026, 12, 28, 9, 0, tzinfo=SHANGHAI)
    late = accept(services, clerk)
    october = {row.name: row for row in check_calendar(store_path, date(2026, 10, 31))}
    assert (october["calendar"].status, october["calendar"].detail) == (
        Status.OK,
        "覆盖 2020–2026 年（版本 2025-11-04）",
    )
    november = {row.name: row for row in check_calendar(store_path, date(2026, 11, 1))}
    assert november["calendar"].status is Status.WARN and "2027 年" in november["calendar"].detail
    listed = november["calendar.provisional"]
    assert listed.status is Status.WARN and f"{late.case_no}（2027-01-04（暂定））" in listed.detail
    assert summary(list(november.values())) == (
        "selftest: 全部通过（0 项通过，2 项警告：calendar, calendar.provisional）"
    )

    import_calendar_file(services, write_calendar(tmp_path))
    settled = {row.name: row for row in check_calendar(store_path, date(2026, 12, 29))}
    assert {row.status for row in settled.values()} == {Status.OK}
    assert settled["calendar"].detail == "覆盖 2020–2027 年（版本 test-2027）"


def test_a_suspension_over_new_year_is_recounted_from_the_event_log(
    services: Services, clerk: Actor, clock: SettableClock, tmp_path: Path
) -> None:
    from hallclient.domain import case as lifecycle
    from hallclient.services.catalog import get_matter

    clock.moment = datetime(2026, 12, 1, 9, 0, tzinfo=SHANGHAI)
    case = accept(services, clerk)
    clock.moment = datetime(2026, 12, 3, 9, 0, tzinfo=SHANGHAI)
    cases.suspend(services, clerk, case.case_id, "等待现场勘验")
    clock.moment = datetime(2027, 1, 5, 9, 0, tzinfo=SHANGHAI)
    resumed = cases.resume(services, clerk, case.case_id, load_calendar(services.store))
    assert resumed.state.provisional == {"promised_date", "statutory_date"}

    applied = import_calendar_file(services, write_calendar(tmp_path))

    assert applied.recomputed == (case.case_no,)
    full = applied.calendar  # the lifecycle replayed as if 2027 had been known all along
    with services.store.read() as session:
        matter = get_matter(session, "XK0001")
    assert matter is not None
    state = lifecycle.intake(Outcome.ACCEPT, matter, date(2026, 12, 1), full).state
    state = lifecycle.suspend(state, date(2026, 12, 3), "等待现场勘验").state
    truth = lifecycle.resume(state, date(2027, 1, 5), full).state
    after = row(services, case.case_id)
    assert (after.promised_date, after.statutory_date) == (truth.promised_date, truth.statutory_date)
    assert after.deadlines_provisional == ""
