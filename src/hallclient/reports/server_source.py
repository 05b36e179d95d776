"""Facts for the hall-wide tally from the server's tables (an adapter: the server keeps a case projection
and the raw events, not the client's rating/enquiry/complaint tables).

Cases come from the ``cases`` projection; their intake time from the intake snapshot. Ratings,
enquiries and complaints are read from the stored events (``rating.given``, ``enquiry.recorded``,
``complaint.*``): each complaint event carries the complaint's full state, so the last one wins.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from hallclient.reports.tally import Dims, Facts, Period, integrated_windows
from hallclient.server.models import ServerCase, ServerUser, StoredEvent

NOT_RUNNING = ("refused", "withdrawn", "suspended")


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


def load_server_facts(session: Session, period: Period, as_of: date, near_due_limit: date) -> Facts:
    facts = Facts()
    s = ServerCase
    rows = session.execute(
        select(s.case_id, s.window, s.clerk_id, s.department_code, s.matter_code, s.channel, s.outcome, s.assisted,
               s.green_channel, s.promised_date, s.completed_at, s.intake)
        .where(s.received_on >= period.start, s.received_on <= period.end)
    )  # fmt: skip
    grouped: Counter[tuple[Dims, str, int, int, int, int]] = Counter()
    for row in rows:
        dims = _dims(row.window, row.clerk_id, row.department_code, row.matter_code, row.channel)
        intake = json.loads(row.intake) if row.intake else {}
        received = _moment(intake.get("received_at"))
        completed_local = _local_completion(row.completed_at, intake.get("received_at"))
        late = int(bool(completed_local and row.promised_date and completed_local.date() > row.promised_date))
        grouped[(dims, row.outcome, int(completed_local is not None), int(row.assisted), int(row.green_channel),
                 late)] += 1  # fmt: skip
        if received is not None:
            facts.hourly[received.hour] += 1
            if completed_local is not None:
                facts.durations.append((dims, max(0.0, (completed_local - received).total_seconds())))
    departments: defaultdict[str, set[str]] = defaultdict(set)
    for (dims, *_), _count in grouped.items():
        departments[dims[0]].add(dims[2])
    integrated = integrated_windows({window: len(seen) for window, seen in departments.items()}, {})
    for (dims, outcome, completed, assisted, green, late), count in grouped.items():
        one_window = count if dims[0] in integrated else 0
        facts.cases.append((dims, outcome, count, completed * count, assisted * count, green * count, late * count,
                            one_window))  # fmt: skip
    facts.deadlines = _deadlines(session, as_of, near_due_limit)
    start, end = period.start.isoformat(), (period.end + timedelta(days=1)).isoformat()
    case_dims = _case_dims(session, start, end)
    tasks = _complaint_states(session)
    facts.ratings = _ratings(session, start, end, case_dims, tasks)
    facts.enquiries = _enquiries(session, start, end)
    facts.complaints = _complaints(tasks, period, as_of)
    facts.unsynced_events = None
    facts.labels = {
        "clerk": {
            **dict(session.execute(select(s.clerk_id, s.clerk_name).distinct()).all()),
            **{row.id: row.display_name for row in session.scalars(select(ServerUser))},
        },
        "matter": dict(session.execute(select(s.matter_code, s.matter_name).distinct()).all()),
    }
    return facts


def _local_completion(completed_at_utc: datetime | None, received_text: Any) -> datetime | None:
    """The server stores completion in UTC; express it in the device's offset taken from the intake time."""
    if completed_at_utc is None:
        return None
    try:
        offset = datetime.fromisoformat(str(received_text)).utcoffset()
    except ValueError:
        offset = None
    return completed_at_utc + (offset or timedelta(0))


def _deadlines(session: Session, as_of: date, near_due_limit: date) -> list[tuple[Dims, date, int]]:
    """Cases running at the end of ``as_of`` (device wall time; the server keeps completion in UTC)."""
    s = ServerCase
    cutoff = datetime.combine(as_of + timedelta(days=1), datetime.min.time())
    earliest_utc = cutoff - timedelta(hours=14)  # no offset is further ahead of UTC than +14:00
    query = select(s.window, s.clerk_id, s.department_code, s.matter_code, s.channel, s.promised_date,
                   s.completed_at, s.intake).where(
        and_(s.received_on <= as_of, s.promised_date.isnot(None), s.promised_date <= near_due_limit,
             s.status.notin_(NOT_RUNNING)),
        (s.completed_at.is_(None)) | (s.completed_at >= earliest_utc),
    )  # fmt: skip
    counted: Counter[tuple[Dims, date]] = Counter()
    for row in session.execute(query):
        if row.completed_at is not None:
            intake = json.loads(row.intake) if row.intake else {}
            completed = _local_completion(row.completed_at, intake.get("received_at"))
            if completed is not None and completed < cutoff:
                continue
        if row.promised_date is not None:
            counted[(_dims(row[0], row[1], row[2], row[3], row[4]), row.promised_date)] += 1
    return [(dims, promised, count) for (dims, promised), count in counted.items()]


def _events(session: Session, type_prefix: str, start: str | None = None, end: str | None = None) -> list[StoredEvent]:
    query = select(StoredEvent).where(StoredEvent.type.like(f"{type_prefix}%"))
    if start is not None and end is not None:
        query = query.where(StoredEvent.device_time >= start, StoredEvent.device_time < end)
    return list(session.scalars(query.order_by(StoredEvent.device_id, StoredEvent.seq)))


def _case_dims(session: Session, start: str, end: str) -> dict[str, tuple[str, str, str]]:
    ids = {event.case_id for event in _events(session, "rating.given", start, end) if event.case_id}
    if not ids:
        return {}
    s = ServerCase
    rows = session.execute(select(s.case_id, s.department_code, s.matter_code, s.channel).where(s.case_id.in_(ids)))
    return {row[0]: (row[1], row[2], row[3]) for row in rows}


def _complaint_states(session: Session) -> dict[str, dict[str, Any]]:
    states: dict[str, dict[str, Any]] = {}
    for event in _events(session, "complaint."):
        payload = json.loads(event.payload)
        key = payload.get("complaint_id")
        if isinstance(key, str):
            states[key] = payload
    return states


def _ratings(
    session: Session, start: str, end: str, case_dims: dict[str, tuple[str, str, str]],
    tasks: dict[str, dict[str, Any]],
) -> list[tuple[Dims, int, bool, bool, int]]:
    by_rating = {task.get("rating_id"): task for task in tasks.values() if task.get("rating_id")}
    counted: Counter[tuple[Dims, int, bool, bool]] = Counter()
    for event in _events(session, "rating.given", start, end):
        payload = json.loads(event.payload)
        level = payload.get("level")
        if not isinstance(level, int) or not 1 <= level <= 5:
            continue
        department, matter, channel = case_dims.get(event.case_id or "", ("", "", ""))
        dims = _dims(payload.get("window"), payload.get("clerk_id"), department, matter, channel)
        task = by_rating.get(payload.get("rating_id"), {})
        counted[(dims, level, bool(task.get("rectified_at")), task.get("appeal_result") == "upheld")] += 1
    return [(dims, level, rectified, excluded, n) for (dims, level, rectified, excluded), n in counted.items()]


def _enquiries(session: Session, start: str, end: str) -> list[tuple[Dims, int]]:
    counted: Counter[Dims] = Counter()
    for event in _events(session, "enquiry.recorded", start, end):
        payload = json.loads(event.payload)
        counted[_dims(payload.get("window"), payload.get("clerk_id"), "", payload.get("matter_code"), "")] += 1
    return list(counted.items())


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
        dims = _dims(task.get("window"), task.get("clerk_id"), task.get("department_code"), "", "")
        source = str(task.get("source"))
        by_source[source] += 1
        found.append((dims, source, closed, rectified, overdue, task.get("appeal_result") == "upheld", 1))
    return found
