"""Hall-wide tallies on the server (``GET /v1/tallies``): the same engine (:mod:`hallclient.domain.tally`) and
figures as a window's local view, with facts read from the server's tables (an adapter: the server keeps a
case projection and the raw events, not the client's rating/enquiry/complaint tables).

Cases come from the ``cases`` projection, with their intake time as columns (UTC plus the device's
offset, so hours and days are the hall's wall time). Ratings, enquiries and complaints are read from
the stored events by exact type and device time (index ``ix_events_type_time``): each complaint event
carries the complaint's full state, so the last one wins. Department and matter names come from the
catalog published on the server (``hallclient server catalog import``), as the local engine takes them
from the window's catalog.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from hallclient.domain.case import FORWARD_EVENTS
from hallclient.domain.tally import (
    GROUPINGS,
    NEAR_DUE_WORKDAYS,
    Dims,
    Facts,
    Period,
    Tally,
    build_tally,
    integrated_windows,
)
from hallclient.domain.workdays import WorkCalendar
from hallclient.errors import HallError
from hallclient.server.models import FeedChange, ServerCase, ServerUser, StoredEvent

NOT_RUNNING = ("refused", "withdrawn", "suspended")
RATING_EVENT = "rating.given"
ENQUIRY_EVENT = "enquiry.recorded"
# Every event type ``services/complaints.py`` appends; each carries the complaint's whole state.
COMPLAINT_EVENTS = ("complaint.opened", "complaint.advanced", "complaint.appealed", "complaint.appeal_decided")
CASE_MATTER, CASE_CHANNEL = " matter", " channel"  # keys added to a complaint's state: its linked case's


def server_tallies(
    session: Session,
    period: Period,
    groupings: Iterable[str],
    *,
    hall_name: str,
    today: date,
    now: datetime,
    calendar: WorkCalendar | None = None,
) -> dict[str, Tally]:
    groupings = list(groupings)
    for grouping in groupings:
        if grouping not in GROUPINGS:
            raise HallError(f"分组只能是 {'、'.join(GROUPINGS)}，实为 {grouping!r}")
    period.check_not_future(today)
    as_of = min(period.end, today)
    calendar = calendar or WorkCalendar.load_default()
    near_due_limit = calendar.add_workdays(as_of, NEAR_DUE_WORKDAYS)
    facts = load_server_facts(session, period, as_of, near_due_limit)
    notes = [f"期间尚未结束，数据截至 {today.isoformat()}。"] if period.end > today else []
    return {
        grouping: build_tally(facts, period=period, grouping=grouping, as_of=as_of, hall_name=hall_name,
                              scope="全大厅（服务器）", source="server", generated_at=now,
                              near_due_limit=near_due_limit, calendar=calendar, notes=notes)
        for grouping in groupings
    }  # fmt: skip


def _moment(text: Any) -> datetime | None:
    """An ISO timestamp as naive wall time at the device (where the case happened)."""
    if not isinstance(text, str):
        return None
    try:
        return datetime.fromisoformat(text).replace(tzinfo=None)
    except ValueError:
        return None


def _dims(window: Any, clerk: Any, department: Any, matter: Any, channel: Any) -> Dims:
    return (str(window or ""), str(clerk or ""), str(department or ""), str(matter or ""), str(channel or ""))


@dataclass(frozen=True)
class CatalogNames:
    """What the published catalog says: department names, matter names and each matter's department."""

    departments: dict[str, str]
    matters: dict[str, str]
    matter_department: dict[str, str]


def published_catalog(session: Session) -> CatalogNames:
    body = session.scalar(select(FeedChange.body).where(FeedChange.kind == "catalog", FeedChange.key == "catalog"))
    data = json.loads(body) if body else {}
    departments = {str(item["code"]): str(item["name"]) for item in data.get("departments", [])}
    matters = data.get("matters", [])
    return CatalogNames(
        departments=departments,
        matters={str(item["code"]): str(item["name"]) for item in matters},
        matter_department={str(item["code"]): str(item.get("department", "")) for item in matters},
    )


def load_server_facts(session: Session, period: Period, as_of: date, near_due_limit: date) -> Facts:
    facts = Facts()
    s = ServerCase
    rows = session.execute(
        select(s.window, s.clerk_id, s.department_code, s.matter_code, s.channel, s.outcome, s.assisted,
               s.green_channel, s.promised_date, s.completed_at, s.received_at, s.received_offset_min)
        .where(s.received_on >= period.start, s.received_on <= period.end)
    )  # fmt: skip
    grouped: Counter[tuple[Dims, str, int, int, int, int]] = Counter()
    for row in rows:
        dims = _dims(row.window, row.clerk_id, row.department_code, row.matter_code, row.channel)
        offset = timedelta(minutes=row.received_offset_min or 0)
        completed_local = row.completed_at + offset if row.completed_at is not None else None
        late = int(bool(completed_local and row.promised_date and completed_local.date() > row.promised_date))
        grouped[(dims, row.outcome, int(completed_local is not None), int(row.assisted), int(row.green_channel),
                 late)] += 1  # fmt: skip
        if row.received_at is not None:
            facts.hourly[(row.received_at + offset).hour] += 1
            if row.completed_at is not None:
                facts.durations.append((dims, max(0.0, (row.completed_at - row.received_at).total_seconds())))
    departments: defaultdict[str, set[str]] = defaultdict(set)
    for (dims, *_), _count in grouped.items():
        departments[dims[0]].add(dims[2])
    integrated = integrated_windows({window: len(seen) for window, seen in departments.items()}, {})
    for (dims, outcome, completed, assisted, green, late), count in grouped.items():
        one_window = count if dims[0] in integrated else 0
        facts.cases.append((dims, outcome, count, completed * count, assisted * count, green * count, late * count,
                            one_window))  # fmt: skip
    facts.deadlines = _deadlines(session, as_of, near_due_limit)
    catalog = published_catalog(session)
    start, end = period.start.isoformat(), (period.end + timedelta(days=1)).isoformat()
    tasks = _complaint_states(session, start)
    facts.ratings = _ratings(session, start, end, tasks)
    facts.enquiries = _enquiries(session, start, end, catalog.matter_department)
    facts.complaints = _complaints(tasks, period, as_of)
    facts.forwarded = _forwarded(session)
    facts.partner_enquiries = _partner_enquiries(session, start, end)
    facts.unsynced_events = None
    facts.labels = {
        "clerk": {
            **dict(session.execute(select(s.clerk_id, s.clerk_name).distinct()).all()),
            **{row.id: row.display_name for row in session.scalars(select(ServerUser))},
        },
        "department": catalog.departments,
        "matter": {**dict(session.execute(select(s.matter_code, s.matter_name).distinct()).all()), **catalog.matters},
    }
    return facts


def _deadlines(session: Session, as_of: date, near_due_limit: date) -> list[tuple[Dims, date, int]]:
    """Cases running at the end of ``as_of`` (device wall time; the server keeps completion in UTC)."""
    s = ServerCase
    cutoff = datetime.combine(as_of + timedelta(days=1), datetime.min.time())
    earliest_utc = cutoff - timedelta(hours=14)  # no offset is further ahead of UTC than +14:00
    query = select(s.window, s.clerk_id, s.department_code, s.matter_code, s.channel, s.promised_date,
                   s.completed_at, s.received_offset_min).where(
        and_(s.received_on <= as_of, s.promised_date.isnot(None), s.promised_date <= near_due_limit,
             s.status.notin_(NOT_RUNNING)),
        (s.completed_at.is_(None)) | (s.completed_at >= earliest_utc),
    )  # fmt: skip
    counted: Counter[tuple[Dims, date]] = Counter()
    for row in session.execute(query):
        if row.completed_at is not None:
            completed = row.completed_at + timedelta(minutes=row.received_offset_min or 0)
            if completed < cutoff:
                continue
        if row.promised_date is not None:
            counted[(_dims(row[0], row[1], row[2], row[3], row[4]), row.promised_date)] += 1
    return [(dims, promised, count) for (dims, promised), count in counted.items()]


def _complaint_states(session: Session, since: str) -> dict[str, dict[str, Any]]:
    """The latest state of every complaint with an event from ``since`` on: a complaint received in the
    period, or the task of a rating given in it, was opened then, so nothing earlier is needed."""
    e, s = StoredEvent, ServerCase
    query = (
        select(e.payload, s.matter_code, s.channel)
        .select_from(e).outerjoin(s, s.case_id == e.case_id)
        .where(e.type.in_(COMPLAINT_EVENTS), e.device_time >= since)
        .order_by(e.device_id, e.seq)
    )  # fmt: skip
    states: dict[str, dict[str, Any]] = {}
    for payload_text, matter, channel in session.execute(query):
        payload = json.loads(payload_text)
        key = payload.get("complaint_id")
        if isinstance(key, str):
            states[key] = {**payload, CASE_MATTER: matter or "", CASE_CHANNEL: channel or ""}
    return states


def _ratings(
    session: Session, start: str, end: str, tasks: dict[str, dict[str, Any]]
) -> list[tuple[Dims, int, bool, bool, int]]:
    e, s = StoredEvent, ServerCase
    by_rating = {task.get("rating_id"): task for task in tasks.values() if task.get("rating_id")}
    query = (
        select(e.payload, s.department_code, s.matter_code, s.channel)
        .select_from(e).outerjoin(s, s.case_id == e.case_id)
        .where(e.type == RATING_EVENT, e.device_time >= start, e.device_time < end)
    )  # fmt: skip
    counted: Counter[tuple[Dims, int, bool, bool]] = Counter()
    for payload_text, department, matter, channel in session.execute(query):
        payload = json.loads(payload_text)
        level = payload.get("level")
        if not isinstance(level, int) or not 1 <= level <= 5:
            continue
        dims = _dims(payload.get("window"), payload.get("clerk_id"), department, matter, channel)
        task = by_rating.get(payload.get("rating_id"), {})
        counted[(dims, level, bool(task.get("rectified_at")), task.get("appeal_result") == "upheld")] += 1
    return [(dims, level, rectified, excluded, n) for (dims, level, rectified, excluded), n in counted.items()]


def _enquiries(session: Session, start: str, end: str, matter_department: dict[str, str]) -> list[tuple[Dims, int]]:
    e = StoredEvent
    query = select(e.payload).where(e.type == ENQUIRY_EVENT, e.device_time >= start, e.device_time < end)
    counted: Counter[Dims] = Counter()
    for (payload_text,) in session.execute(query):
        payload = json.loads(payload_text)
        matter = payload.get("matter_code") or ""
        counted[_dims(payload.get("window"), payload.get("clerk_id"), matter_department.get(matter, ""), matter,
                      payload.get("channel") or "")] += 1  # fmt: skip
    return list(counted.items())


FORWARD_STEPS_BY_EVENT = {event.value: action.value for action, event in FORWARD_EVENTS.items()}


def _forwarded(session: Session) -> list[tuple[str, dict[str, date], bool]]:
    """Every case with a forwarding event (``case.forward_*``): its partner, each step's day, collected."""
    e, s = StoredEvent, ServerCase
    query = (
        select(e.case_id, e.type, e.payload, s.intake, s.status)
        .join(s, s.case_id == e.case_id)
        .where(e.type.in_(sorted(FORWARD_STEPS_BY_EVENT)))
    )
    cases: dict[str, tuple[str, dict[str, date], bool]] = {}
    for case_id, event_type, payload_text, intake_text, status in session.execute(query):
        day = _day(json.loads(payload_text).get("on"))
        if day is None or case_id is None:
            continue
        if case_id not in cases:
            details = json.loads(intake_text or "{}").get("channel_details") or {}
            cases[case_id] = (str(details.get("partner_region", "")), {}, status == "collected")
        cases[case_id][1][FORWARD_STEPS_BY_EVENT[event_type]] = day
    return list(cases.values())


def _day(value: Any) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _partner_enquiries(session: Session, start: str, end: str) -> list[tuple[str, str, int]]:
    e = StoredEvent
    query = select(e.payload).where(e.type == ENQUIRY_EVENT, e.device_time >= start, e.device_time < end)
    counted: Counter[tuple[str, str]] = Counter()
    for (payload_text,) in session.execute(query):
        payload = json.loads(payload_text)
        if payload.get("channel"):
            counted[(str(payload.get("partner_region") or ""), str(payload["channel"]))] += 1
    return [(partner, channel, count) for (partner, channel), count in counted.items()]


def _complaints(
    tasks: dict[str, dict[str, Any]], period: Period, as_of: date
) -> list[tuple[Dims, str, bool, bool, bool, bool, int]]:
    found = []
    cutoff = datetime.combine(as_of + timedelta(days=1), datetime.min.time())
    by_source: defaultdict[str, int] = defaultdict(int)
    for task in tasks.values():
        received = _moment(task.get("received_at"))
        if task.get("kind") != "complaint" or received is None or not period.start <= received.date() <= period.end:
            continue
        closed_at, rectified_at = _moment(task.get("closed_at")), _moment(task.get("rectified_at"))
        due = date.fromisoformat(str(task.get("due_date")))
        closed = closed_at is not None and closed_at < cutoff
        rectified = rectified_at is not None and rectified_at < cutoff
        overdue = closed_at.date() > due if closed and closed_at else as_of > due
        dims = _dims(task.get("window"), task.get("clerk_id"), task.get("department_code"), task.get(CASE_MATTER),
                     task.get(CASE_CHANNEL))  # fmt: skip
        source = str(task.get("source"))
        by_source[source] += 1
        found.append((dims, source, closed, rectified, overdue, task.get("appeal_result") == "upheld", 1))
    return found
