"""Reading :class:`~hallclient.domain.tally.Facts` for one grouping from the local store's tables (or any
session over tables of the same shape: the queries are SQLAlchemy Core and run on SQLite and PostgreSQL).

Everything is aggregated in SQL by the grouping's key (plus channel and outcome for the case counts);
only the handling-time distribution is fetched value by value, because medians do not roll up.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Integer, and_, case, cast, func, literal, or_, select
from sqlalchemy.orm import Session

from hallclient.domain.tally import DIM_INDEX, Dims, Facts, Period, integrated_windows
from hallclient.services.assistance import assistance_facts
from hallclient.services.bundles import bundle_facts
from hallclient.store.models import (
    Case,
    CaseMaterial,
    Department,
    Enquiry,
    Event,
    EventAck,
    ForwardingStep,
    Matter,
    Rating,
    User,
)
from hallclient.store.supervision_models import Complaint, WindowKind

NOT_RUNNING = ("refused", "withdrawn", "suspended")


def seconds_between(later: Any, earlier: Any, dialect: str) -> ColumnElement[Any]:
    if dialect == "sqlite":
        return (func.julianday(later) - func.julianday(earlier)) * 86400.0
    return func.extract("epoch", later - earlier)


def hour_of(moment: Any, dialect: str) -> ColumnElement[Any]:
    if dialect == "sqlite":
        return cast(func.strftime("%H", moment), Integer)
    return cast(func.extract("hour", moment), Integer)


def _place(grouping: str, key: Any, channel: Any = "") -> Dims:
    """A dimension tuple holding the grouping's key (and the channel, which case counts always carry)."""
    values = ["", "", "", "", str(channel or "")]
    values[DIM_INDEX[grouping]] = str(key or "")
    return (values[0], values[1], values[2], values[3], values[4])


def _day_after(day: date) -> datetime:
    return datetime.combine(day + timedelta(days=1), datetime.min.time())


def _case_key(grouping: str) -> Any:
    c = Case.__table__.c
    return {"window": c.window, "clerk": c.clerk_id, "department": c.department_code, "matter": c.matter_code,
            "channel": c.channel}[grouping]  # fmt: skip


def load_local_facts(
    session: Session,
    period: Period,
    as_of: date,
    near_due_limit: date,
    grouping: str,
    *,
    window: str | None = None,
    durations: bool = True,
) -> Facts:
    """Facts of ``period`` keyed by ``grouping``; ``window`` limits everything to one window; ``durations=False``
    leaves out the handling-time distribution (one row per completed case), which the assessment does not use."""
    dialect = session.get_bind().dialect.name
    start, end = period.bounds()
    facts = Facts()
    c = Case.__table__.c
    key = _case_key(grouping)
    in_period = and_(c.received_at >= start, c.received_at < end)
    if window is not None:
        in_period = and_(in_period, c.window == window)
    facts.window_kinds = {row.window: row.kind for row in session.scalars(select(WindowKind))}
    hour = hour_of(c.received_at, dialect)
    seen: dict[str, set[str]] = {}
    query = select(c.window, c.department_code, hour, func.count()).where(in_period)
    for win, department, h, count in session.execute(query.group_by(c.window, c.department_code, hour)):
        seen.setdefault(str(win), set()).add(str(department))
        if h is not None and 0 <= int(h) < 24:
            facts.hourly[int(h)] += count
    departments = {win: len(codes) for win, codes in seen.items()}
    integrated = sorted(integrated_windows(departments, facts.window_kinds))
    one_window = case((c.window.in_(integrated), 1), else_=0) if integrated else literal(0)
    completed = case((c.completed_at.isnot(None), 1), else_=0)
    late = case((and_(c.completed_at.isnot(None), func.date(c.completed_at) > c.promised_date), 1), else_=0)
    query = (
        select(key, c.channel, c.outcome, func.count(), func.sum(completed), func.sum(cast(c.assisted, Integer)),
               func.sum(cast(c.green_channel, Integer)), func.sum(late), func.sum(one_window))
        .where(in_period)
        .group_by(key, c.channel, c.outcome)
    )  # fmt: skip
    for row in session.execute(query):
        facts.cases.append((_place(grouping, row[0], row[1]), row[2], row[3], int(row[4] or 0), int(row[5] or 0),
                            int(row[6] or 0), int(row[7] or 0), int(row[8] or 0)))  # fmt: skip
    if durations:
        seconds = seconds_between(c.completed_at, c.received_at, dialect)
        query = select(key, seconds).where(in_period, c.completed_at.isnot(None))
        facts.durations = [(_place(grouping, k), max(0.0, float(s))) for k, s in session.execute(query)]
    facts.deadlines = _deadlines(session, key, grouping, as_of, near_due_limit, window)
    facts.ratings = _ratings(session, grouping, start, end, window)
    facts.enquiries, facts.enquiry_handovers = _enquiries(session, grouping, start, end, window)
    facts.complaints = _complaints(session, grouping, start, end, as_of, window)
    facts.forwarded = _forwarded(session, window)
    facts.partner_enquiries = _partner_enquiries(session, start, end, window)
    facts.bundle_cases = bundle_facts(session, start, end, window)
    facts.assistance = assistance_facts(session, period.start, period.end, window)
    facts.certificate_shares = _certificate_shares(session, in_period)
    events = session.scalar(select(func.count()).select_from(Event)) or 0
    acked = session.scalar(select(func.count()).select_from(EventAck)) or 0
    facts.unsynced_events = max(0, events - acked)
    facts.labels = {grouping: _labels(session, grouping)}
    facts.labels.setdefault("department", _labels(session, "department"))  # the 证照共享 rows are by department
    return facts


def _deadlines(
    session: Session, key: Any, grouping: str, as_of: date, near_due_limit: date, window: str | None
) -> list[tuple[Dims, date, int]]:
    """Cases running at the end of ``as_of`` with a promised date up to ``near_due_limit``.

    Two halves with small partial indexes (migration 0002): still open, found by promised date; or
    completed after the as-of day, found by completion time (as an id sub-select, so the planner starts there).
    """
    c = Case.__table__.c
    cutoff = _day_after(as_of)
    running = and_(
        c.received_at < cutoff,
        c.promised_date.isnot(None),
        c.promised_date <= near_due_limit,
        c.status.notin_(NOT_RUNNING),
    )
    if window is not None:
        running = and_(running, c.window == window)
    completed_later = c.id.in_(
        select(c.id).where(c.completed_at >= cutoff, c.promised_date <= near_due_limit).scalar_subquery()
    )
    found: list[tuple[Dims, date, int]] = []
    for open_then in (c.completed_at.is_(None), completed_later):
        query = select(key, c.promised_date, func.count()).where(open_then, running).group_by(key, c.promised_date)
        for k, promised, count in session.execute(query):
            day = promised if isinstance(promised, date) else date.fromisoformat(str(promised))
            found.append((_place(grouping, k), day, count))
    return found


def _ratings(
    session: Session, grouping: str, start: datetime, end: datetime, window: str | None
) -> list[tuple[Dims, int, bool, bool, bool, int]]:
    r, c, k = Rating.__table__.c, Case.__table__.c, Complaint.__table__.c
    rectified = case((k.rectified_at.isnot(None), 1), else_=0)
    handled = case((k.closed_at.isnot(None), 1), else_=0)
    excluded = case((k.appeal_result == "upheld", 1), else_=0)
    source: Any = Rating.__table__.outerjoin(Complaint.__table__, k.rating_id == r.id)
    if grouping in ("window", "clerk"):
        key: Any = r.window if grouping == "window" else r.clerk_id
    else:
        key = func.coalesce(_case_key(grouping), "")
        source = source.outerjoin(Case.__table__, c.id == r.case_id)
    condition = and_(r.rated_at >= start, r.rated_at < end)
    if window is not None:
        condition = and_(condition, r.window == window)
    query = (
        select(key, r.level, rectified, handled, excluded, func.count()).select_from(source).where(condition)
        .group_by(key, r.level, rectified, handled, excluded)
    )  # fmt: skip
    return [(_place(grouping, row[0]), int(row[1]), bool(row[2]), bool(row[3]), bool(row[4]), row[5])
            for row in session.execute(query)]  # fmt: skip


def _enquiries(
    session: Session, grouping: str, start: datetime, end: datetime, window: str | None
) -> tuple[list[tuple[Dims, int]], list[tuple[Dims, int]]]:
    """Enquiries and, of them, the hand-overs (首问转办), in one grouped read."""
    e, m = Enquiry.__table__.c, Matter.__table__.c
    source: Any = Enquiry.__table__
    key: Any = {"window": e.window, "clerk": e.clerk_id, "matter": func.coalesce(e.matter_code, ""),
                "channel": e.channel}.get(grouping)  # fmt: skip
    if grouping == "department":
        key = func.coalesce(m.department_code, "")
        source = source.outerjoin(Matter.__table__, m.code == e.matter_code)
    condition = and_(e.asked_at >= start, e.asked_at < end)
    if window is not None:
        condition = and_(condition, e.window == window)
    handed_over = func.sum(case((e.handling == "handed_over", 1), else_=0))
    query = select(key, func.count(), handed_over).select_from(source).where(condition).group_by(key)
    enquiries, handovers = [], []
    for row in session.execute(query):
        enquiries.append((_place(grouping, row[0]), row[1]))
        if row[2]:
            handovers.append((_place(grouping, row[0]), int(row[2])))
    return enquiries, handovers


def _forwarded(session: Session, window: str | None) -> list[tuple[str, dict[str, date], bool]]:
    """Every case with a forwarding step: its partner's name, the day of each step, whether it was collected."""
    f = ForwardingStep.__table__.c
    c = Case.__table__.c
    query = select(c.id, c.channel_details, c.status, f.step, f.on_day).join(Case.__table__, c.id == f.case_id)
    if window is not None:
        query = query.where(c.window == window)
    cases: dict[str, tuple[str, dict[str, date], bool]] = {}
    for case_id, details, status, step, day in session.execute(query):
        partner = str((details or {}).get("partner_region", ""))
        cases.setdefault(case_id, (partner, {}, status == "collected"))[1][step] = day
    return list(cases.values())


def _certificate_shares(session: Session, in_period: ColumnElement[bool]) -> list[tuple[str, str, int]]:
    """证照共享: the materials of the period's cases an electronic certificate stood in for, by department and
    month received."""
    c, m = Case.__table__.c, CaseMaterial.__table__.c
    query = (
        select(c.department_code, c.received_at)
        .select_from(CaseMaterial.__table__.join(Case.__table__, m.case_id == c.id))
        .where(in_period, m.certificate_no.isnot(None))
    )
    return [(str(department), received.strftime("%Y-%m"), 1) for department, received in session.execute(query)]


def _partner_enquiries(
    session: Session, start: datetime, end: datetime, window: str | None
) -> list[tuple[str, str, int]]:
    e = Enquiry.__table__.c
    condition = and_(e.asked_at >= start, e.asked_at < end, e.channel != "")
    if window is not None:
        condition = and_(condition, e.window == window)
    query = select(e.partner_region, e.channel, func.count()).where(condition).group_by(e.partner_region, e.channel)
    return [(str(partner), str(channel), int(count)) for partner, channel, count in session.execute(query)]


def _complaints(
    session: Session, grouping: str, start: datetime, end: datetime, as_of: date, window: str | None
) -> list[tuple[Dims, str, bool, bool, bool, bool, int]]:
    """Complaints (not bad reviews) received in the period, their state judged at the end of ``as_of``."""
    k, c = Complaint.__table__.c, Case.__table__.c
    keys: dict[str, Any] = {
        "window": k.window,
        "clerk": k.clerk_id,
        "department": k.department_code,
        "matter": func.coalesce(c.matter_code, ""),
        "channel": func.coalesce(c.channel, ""),
    }
    key = keys[grouping]
    condition = and_(k.received_at >= start, k.received_at < end, k.kind == "complaint")
    if window is not None:
        condition = and_(condition, or_(k.window == window))
    query = (
        select(key, k.source, k.closed_at, k.rectified_at, k.due_date, k.appeal_result)
        .select_from(Complaint.__table__.outerjoin(Case.__table__, c.id == k.case_id))
        .where(condition)
    )
    cutoff = _day_after(as_of)
    found = []
    for row in session.execute(query):
        closed_at, rectified_at, due = row[2], row[3], row[4]
        closed = closed_at is not None and closed_at < cutoff
        rectified = rectified_at is not None and rectified_at < cutoff
        overdue = closed_at.date() > due if closed else as_of > due
        found.append((_place(grouping, row[0]), str(row[1]), closed, rectified, overdue, row[5] == "upheld", 1))
    return found


def _labels(session: Session, grouping: str) -> dict[str, str]:
    if grouping == "window":
        return {row.window: row.label for row in session.scalars(select(WindowKind)) if row.label}
    if grouping == "clerk":
        return {row.id: row.display_name for row in session.scalars(select(User))}
    if grouping == "department":
        return {row.code: row.name for row in session.scalars(select(Department))}
    if grouping == "matter":
        return {str(code): str(name) for code, name in session.execute(select(Matter.code, Matter.name))}
    return {}
