"""What the hall-wide assessment reads besides the tallies: attendance, findings and queue figures per staff member.

* **Attendance** from the stored ``window.*`` events (exact-type reads, index ``ix_events_type_time``), each
  person's pauses merged with the queue's ``queue_window_pauses`` of the window they were signed in at: a pause in
  either is a pause, an interval in both counts once (the union is fed to :mod:`hallclient.domain.attendance`).
* **Findings** from the stored ``assessment.finding_*`` events, which carry the finding's whole state: the last
  state wins (device time, then device and sequence); an overturned finding is not in force. An appeal may come
  from the staff member concerned (see ``server/event_permits.py``), so from an appeal only the appeal and the
  status ``appealed`` are taken (and only for a finding already recorded): the facts stay a supervisor's.
* **Queue figures**: the tickets of the period (:func:`server.queue_figures.load_queue_facts`) attributed to the
  person signed in at the calling window when it was first called, rolled up by the queue engine per key.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hallclient.domain.assessment import Finding
from hallclient.domain.assessment_figures import AttendanceSummary, QueueValues
from hallclient.domain.attendance import (
    PAUSED,
    RESUMED,
    SIGNED_IN,
    SIGNED_OUT,
    WINDOW_EVENTS,
    Attendance,
    OpeningSession,
    WindowEvent,
    compute_attendance,
)
from hallclient.domain.queue_figures import QueueFacts, build_queue_tally
from hallclient.domain.tally import Period
from hallclient.server.models import StoredEvent
from hallclient.server.queue_figures import load_queue_facts
from hallclient.server.queue_models import QueueHall, QueueWindowPause
from hallclient.server.tallies import wall_moment

APPEALED = "assessment.finding_appealed"
FINDING_EVENTS = ("assessment.finding_recorded", APPEALED, "assessment.finding_appeal_decided")
OVERTURNED = "overturned"
Interval = tuple[datetime, datetime]


@dataclass
class People:
    """Who appears in the period's window events: their events, names and stated departments."""

    events: dict[str, list[WindowEvent]] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    departments: dict[str, str] = field(default_factory=dict)


def read_window_events(session: Session, period: Period) -> People:
    start, end = period.start.isoformat(), (period.end + timedelta(days=2)).isoformat()
    e = StoredEvent
    query = (
        select(e.type, e.payload)
        .where(e.type.in_(WINDOW_EVENTS), e.device_time >= start, e.device_time < end)
        .order_by(e.device_time, e.device_id, e.seq)
    )
    people = People()
    low, high = period.bounds()
    for type_, text in session.execute(query):
        payload = json.loads(text)
        user, at = payload.get("user_id"), wall_moment(payload.get("at"))
        if not isinstance(user, str) or not user or at is None or not low <= at < high:
            continue
        people.events.setdefault(user, []).append(WindowEvent(at, type_, str(payload.get("window") or "")))
        people.names[user] = str(payload.get("user_name") or people.names.get(user, ""))
        if payload.get("department_code"):
            people.departments[user] = str(payload["department_code"])
    for events in people.events.values():
        events.sort(key=lambda event: event.at)
    return people


def hall_offset(session: Session) -> timedelta:
    """The hall's UTC offset (the queue tables keep UTC); +08:00 when no hall is set up."""
    offsets = list(session.scalars(select(QueueHall.utc_offset_min)))
    return timedelta(minutes=offsets[0] if len(offsets) == 1 else 480)


def queue_pauses(session: Session, period: Period, offset: timedelta, now_local: datetime) -> dict[str, list[Interval]]:
    """Each window's 暂停服务 intervals overlapping the period, in the hall's wall time (an open one: until now)."""
    low, high = period.bounds()
    p = QueueWindowPause
    rows = session.execute(
        select(p.window, p.started_at, p.ended_at).where(p.started_at < high - offset)
        .where((p.ended_at.is_(None)) | (p.ended_at > low - offset))
    )  # fmt: skip
    found: dict[str, list[Interval]] = defaultdict(list)
    for window, started, ended in rows:
        found[window].append((started + offset, ended + offset if ended is not None else now_local))
    return found


def _union(intervals: Iterable[Interval]) -> list[Interval]:
    merged: list[Interval] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        elif end > start:
            merged.append((start, end))
    return merged


def merge_pauses(events: list[WindowEvent], pauses: Mapping[str, list[Interval]]) -> list[WindowEvent]:
    """One person's events with their pauses replaced by the union of their own (paused → resumed) and the
    queue's pauses of the window they were signed in at, within each signed-in stretch."""
    own: list[Interval] = []
    queue: list[Interval] = []
    paused_at: datetime | None = None
    signed_in: tuple[str, datetime] | None = None
    for event in events:
        if event.type == PAUSED and paused_at is None:
            paused_at = event.at
        elif event.type == RESUMED and paused_at is not None:
            own.append((paused_at, event.at))
            paused_at = None
        if event.type == SIGNED_IN:
            signed_in = (event.window, event.at)
        elif event.type == SIGNED_OUT and signed_in is not None:
            queue += _clip(pauses.get(signed_in[0], []), signed_in[1], event.at)
            signed_in = None
    day_end = datetime.combine(events[-1].at.date() + timedelta(days=1), datetime.min.time()) if events else None
    if paused_at is not None and day_end is not None:
        own.append((paused_at, max(day_end, paused_at)))
    if signed_in is not None and day_end is not None:
        queue += _clip(pauses.get(signed_in[0], []), signed_in[1], day_end)
    if not queue:
        return events  # nothing to merge: exactly what the window recorded
    others = [event for event in events if event.type not in (PAUSED, RESUMED)]
    for start, end in _union(own + queue):
        others += [WindowEvent(start, PAUSED, ""), WindowEvent(end, RESUMED, "")]
    order = {RESUMED: 0, SIGNED_OUT: 1}
    return sorted(others, key=lambda event: (event.at, order.get(event.type, 2)))


def _clip(intervals: list[Interval], start: datetime, end: datetime) -> list[Interval]:
    return [(max(a, start), min(b, end)) for a, b in intervals if a < end and b > start]


def summary(attendance: Attendance) -> AttendanceSummary:
    return AttendanceSummary(round(attendance.duty_minutes), round(attendance.absent_minutes),
                             len(attendance.late_starts), attendance.pauses)  # fmt: skip


def attendance_of(
    events: list[WindowEvent], pauses: Mapping[str, list[Interval]], sessions: tuple[OpeningSession, ...],
    working_days: list[date],
) -> Attendance:  # fmt: skip
    """One person's attendance over ``working_days`` (no events: absent all along)."""
    return compute_attendance(merge_pauses(events, pauses), sessions, working_days)


def first_window_day(session: Session) -> date | None:
    """The device date of the hall's first stored ``window.*`` event (the index answers it)."""
    e = StoredEvent
    firsts = [session.scalar(select(func.min(e.device_time)).where(e.type == type_)) for type_ in WINDOW_EVENTS]
    found = [date.fromisoformat(text[:10]) for text in firsts if text]
    return min(found) if found else None


def signed_in_at(people: People) -> Callable[[str, datetime], str]:
    """Who was signed in at a window at a moment ('' when nobody): attributes a queue ticket to a person."""
    stretches: dict[str, list[tuple[datetime, datetime, str]]] = defaultdict(list)
    for user, events in people.events.items():
        opened: tuple[str, datetime] | None = None
        for event in events:
            if event.type == SIGNED_IN:
                opened = (event.window, event.at)
            elif event.type == SIGNED_OUT and opened is not None:
                stretches[opened[0]].append((opened[1], event.at, user))
                opened = None
        if opened is not None:
            day_end = datetime.combine(opened[1].date() + timedelta(days=1), datetime.min.time())
            stretches[opened[0]].append((opened[1], day_end, user))

    def who(window: str, moment: datetime) -> str:
        found = [(start, user) for start, end, user in stretches.get(window, []) if start <= moment < end]
        return max(found)[1] if found else ""  # the latest sign-in wins when two overlap

    return who


def queue_values(
    session: Session, period: Period, now_local: datetime, keys_of: Callable[[str, datetime], Iterable[str]]
) -> dict[str, QueueValues] | None:
    """Wait median (minutes), no-shows and tickets served per key, by the queue engine's own definitions;
    None when the server has no hall (no queue data at all). ``keys_of(window, first called)`` names the keys
    a ticket counts for (a staff member and their department)."""
    halls = list(session.scalars(select(QueueHall)))
    if len(halls) != 1:
        return None
    facts = load_queue_facts(session, halls[0], period, now_local)
    tickets = []
    for ticket in facts.tickets:
        if ticket.first_called is None:
            continue
        tickets += [replace(ticket, window=key) for key in keys_of(ticket.window, ticket.first_called) if key]
    tally = build_queue_tally(QueueFacts(tickets=tickets), hall=halls[0].code, hall_name=halls[0].name, period=period,
                              grouping="window", as_of=now_local, generated_at=now_local)  # fmt: skip
    return {
        row.key: {
            "wait_median_min": None if row.wait_median_s is None else round(row.wait_median_s / 60, 1),
            "no_shows": row.no_show,
            "served": row.served,
        }
        for row in tally.groups
    }


def findings_in_force(session: Session, period: Period) -> list[Finding]:
    """The findings about days of the period whose last state is not overturned."""
    e = StoredEvent
    query = (
        select(e.type, e.payload)
        .where(e.type.in_(FINDING_EVENTS), e.device_time >= period.start.isoformat())
        .order_by(e.device_time, e.device_id, e.seq)
    )
    states: dict[str, dict[str, Any]] = {}
    for type_, text in session.execute(query):
        payload = json.loads(text)
        key = payload.get("finding_id")
        if not isinstance(key, str):
            continue
        if type_ == APPEALED:  # only a request for review of a finding already recorded
            if key in states:
                states[key] = {**states[key], "appeal": payload.get("appeal"), "status": "appealed"}
        else:
            states[key] = payload
    found = []
    for state in states.values():
        try:
            day = date.fromisoformat(str(state.get("day")))
            points = float(state.get("points", 0))
        except (TypeError, ValueError):
            continue
        if state.get("status") == OVERTURNED or not period.start <= day <= period.end:
            continue
        found.append(Finding(
            id=str(state["finding_id"]), kind=str(state.get("kind", "")), day=day, points=points,
            note=str(state.get("note", "")), window=str(state.get("window") or ""),
            staff=str(state.get("staff_id") or ""), department=str(state.get("department_code") or ""),
        ))  # fmt: skip
    return sorted(found, key=lambda finding: (finding.day, finding.id))
