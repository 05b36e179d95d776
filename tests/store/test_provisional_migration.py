"""Stores from before provisional deadlines: cases already carrying dates in an uncovered year are flagged
by migration 0004, and a store that lacks years the program bundles gets them (with their sources)."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime
from pathlib import Path

from alembic import command
from sqlalchemy import select

from hallclient.domain.case import Outcome
from hallclient.domain.workdays import WorkCalendar
from hallclient.services import cases
from hallclient.services.calendar import import_calendar_file
from hallclient.services.cases import Applicant, IntakeRequest, ReceivedMaterial
from hallclient.services.context import Actor, Services
from hallclient.store import migrate
from hallclient.store.bootstrap import calendar_in, load_calendar, open_store, save_calendar
from hallclient.store.models import Case
from workday_helpers import SHANGHAI, SettableClock, write_calendar

PERSON = Applicant(kind="person", name="张三", id_type="id_card", id_number="11010519491231002x")
ALL = tuple(ReceivedMaterial(code, True, 1, 1) for code in ("M1", "M2", "M3", "M4"))


def test_upgrading_flags_open_cases_whose_dates_an_uncovered_year_decided(
    services: Services, clerk: Actor, clock: SettableClock, store_path: Path, tmp_path: Path
) -> None:
    clock.moment = datetime(2026, 12, 28, 9, 0, tzinfo=SHANGHAI)
    request = IntakeRequest("XK0001", PERSON, Outcome.ACCEPT, ALL)
    late = cases.record_intake(services, clerk, request, load_calendar(services.store))
    clock.moment = datetime(2026, 11, 2, 9, 0, tzinfo=SHANGHAI)
    early = cases.record_intake(services, clerk, request, load_calendar(services.store))
    services.store.close()
    # The store as the previous version left it: revision 0003, the late case's 2027 dates unflagged.
    command.downgrade(migrate.alembic_config(store_path), "0003")
    connection = sqlite3.connect(store_path)
    assert connection.execute("SELECT promised_date FROM cases WHERE id = ?", (late.case_id,)).fetchone() == (
        "2027-01-04",
    )
    connection.close()

    store = open_store(store_path)
    with store.read() as session:
        flags = {case_id: value for case_id, value in session.execute(select(Case.id, Case.deadlines_provisional))}
    assert flags == {late.case_id: "promised_date,statutory_date", early.case_id: ""}
    services.store = store
    assert import_calendar_file(services, write_calendar(tmp_path)).recomputed == (late.case_no,)
    with store.read() as session:
        row = session.get(Case, late.case_id)
        assert row is not None and (row.promised_date, row.deadlines_provisional) == (date(2027, 1, 5), "")


def test_a_store_saved_with_2025_and_2026_only_gains_the_bundled_years_and_sources(store_path: Path) -> None:
    store = open_store(store_path)
    bundled = WorkCalendar.load_default()
    old = bundled.only(frozenset({2025, 2026}))
    with store.write() as session:
        save_calendar(session, WorkCalendar(old.holidays, old.adjusted_workdays, old.years, "2025-11-04"))
    store.close()

    store = open_store(store_path)
    with store.read() as session:
        calendar = calendar_in(session)
    store.close()
    assert calendar.years == frozenset(range(2020, 2027))
    assert calendar.version == "2025-11-04"
    assert calendar.sources == bundled.sources
    assert not calendar.is_workday(date(2024, 10, 1)) and calendar.is_workday(date(2024, 2, 4))
