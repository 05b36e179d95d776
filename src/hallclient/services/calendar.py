"""A working-day calendar arriving (server feed, local import, a newer bundle) and the deadlines it settles.

Deadlines counted over a year the calendar lacked are provisional (暂定). When a calendar covering more
years is stored, every open case with provisional deadlines is recounted in the same transaction, each
change recorded as a ``case.deadlines_recomputed`` event in the hash chain (uploaded like any other).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from hallclient.domain import case as lifecycle
from hallclient.domain.events import EventType
from hallclient.domain.workdays import WorkCalendar, load_file
from hallclient.services.cases import append_transition, case_events, state_of, store_state
from hallclient.services.context import Services, wall_time
from hallclient.store.bootstrap import calendar_in, save_calendar
from hallclient.store.models import Case

SYSTEM_ACTOR = "system:calendar"
OPEN_STATUSES = sorted(status.value for status in lifecycle.OPEN)


@dataclass(frozen=True)
class CalendarApplied:
    calendar: WorkCalendar  # the stored calendar after the update
    recomputed: tuple[str, ...]  # case numbers whose deadlines were recounted


def apply_calendar(session: Session, update: WorkCalendar, *, device_id: str, now: datetime) -> CalendarApplied:
    """Merge ``update`` into the stored calendar and recount the provisional deadlines it settles."""
    counted_with = calendar_in(session)
    calendar = counted_with.merged(update)
    save_calendar(session, calendar)
    recomputed: list[str] = []
    for row in session.scalars(provisional_query().order_by(Case.received_at, Case.case_no)):
        transition = lifecycle.recompute_deadlines(state_of(row), counted_with, calendar, pauses(session, row))
        if transition is None:
            continue
        store_state(row, transition.state)
        row.updated_at = wall_time(now)
        head = {"case_no": row.case_no, "calendar_version": calendar.version}
        append_transition(session, device_id, SYSTEM_ACTOR, row, transition, head, now)
        recomputed.append(row.case_no)
    return CalendarApplied(calendar, tuple(recomputed))


def pauses(session: Session, row: Case) -> list[tuple[date, date]]:
    """Each (中止 day, 恢复 day) of the case, from its events: the paused days 恢复 added to its deadlines."""
    spans: list[tuple[date, date]] = []
    suspended_on: date | None = None
    for event in case_events(session, row.id):
        if event.type == EventType.CASE_SUSPENDED:
            suspended_on = date.fromisoformat(event.payload["on"])
        elif event.type == EventType.CASE_RESUMED and suspended_on is not None:
            spans.append((suspended_on, date.fromisoformat(event.payload["on"])))
            suspended_on = None
    return spans


def import_calendar_file(services: Services, path: Path) -> CalendarApplied:
    """``hallclient calendar import``: a validated calendar file applied as if the server had sent it."""
    update = load_file(path)
    with services.store.write() as session:
        return apply_calendar(session, update, device_id=services.device_id, now=services.now())


def provisional_query() -> Select[Case]:
    """Open cases with at least one provisional deadline."""
    return select(Case).where(Case.deadlines_provisional != "", Case.status.in_(OPEN_STATUSES))


def provisional_cases(session: Session) -> list[Case]:
    """Open cases with provisional deadlines, the soonest promised date first (for selftest and supervisors)."""
    query = provisional_query().order_by(Case.promised_date, Case.notice_deadline, Case.case_no)
    return list(session.scalars(query))


def coverage_warning(session: Session, today: date) -> str:
    """The stored calendar's warning for ``today`` ("" when this year and, from November, next year are covered)."""
    return calendar_in(session).coverage_warning(today)
