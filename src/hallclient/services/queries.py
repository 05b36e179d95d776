"""Read-only queries the screens page through (the UI runs them as ops on the DB thread).

The case list never loads a whole year: it asks for one sorted, filtered page at a time, and the rows
it gets back already carry masked personal data, so full ID numbers never reach a list widget.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import Session

from hallclient.domain.case import OPEN, CaseAction, CaseStatus, Forwarding
from hallclient.domain.forwarding import overdue_steps
from hallclient.domain.masking import mask_id_number, mask_name
from hallclient.domain.workdays import WorkCalendar
from hallclient.services.context import Services
from hallclient.store.models import Case, Enquiry, ForwardingStep, Rating, User

PAGE_SIZE = 200
NEAR_DUE_WORKDAYS = 2


class CaseFilter(StrEnum):
    ALL = "all"
    TODAY = "today"
    MINE = "mine"
    AWAITING_SUPPLEMENT = "awaiting_supplement"
    DEFICIENCY_DUE = "deficiency_due"
    NEAR_DUE = "near_due"
    OVERDUE = "overdue"
    PROVISIONAL = "provisional"  # open cases with a deadline counted over a year the calendar lacks (暂定)
    FORWARDING_OVERDUE = "forwarding_overdue"  # 通办 cases with a forwarding step not done in time


@dataclass(frozen=True)
class CaseRow:
    """One line of the case list, personal data already masked."""

    id: str
    case_no: str
    received_at: datetime
    matter_name: str
    applicant_name: str
    applicant_id: str
    status: CaseStatus
    promised_date: date | None
    due_date: date | None  # what the clerk must watch: supply deadline, notice deadline or promised date
    clerk_name: str
    deficiency_open: bool
    due_provisional: bool = False  # the due date was counted over a year the calendar lacks (暂定)
    forwarding_overdue: bool = False  # a 通办 forwarding step is overdue (domain/forwarding.py)


#: Sortable columns of the case list, in display order.
SORT_COLUMNS: tuple[Any, ...] = (
    Case.case_no,
    Case.received_at,
    Case.matter_name,
    Case.applicant_name,
    Case.applicant_id_number,
    Case.status,
    Case.promised_date,
    Case.clerk_name,
)


def search_condition(text: str) -> ColumnElement[bool] | None:
    """Case number (any part), masked ID number (``5201**********123X``), ID digits, or applicant name."""
    query = text.strip()
    if not query:
        return None
    escaped = query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    if "*" in query:  # the placeholder's promise: * stands for any run of characters, in any field
        pattern = escaped.replace("*", "%")
        return or_(
            Case.applicant_id_number.like(pattern.upper(), escape="\\"),
            Case.case_no.like(pattern, escape="\\"),
            Case.applicant_name.like(pattern, escape="\\"),
        )
    clauses: list[ColumnElement[bool]] = [
        Case.case_no.like(f"%{escaped}%", escape="\\"),
        Case.applicant_name.like(f"%{escaped}%", escape="\\"),
    ]
    if re.fullmatch(r"[0-9Xx]{4,18}", query):
        clauses.append(Case.applicant_id_number.like(f"%{escaped.upper()}%", escape="\\"))
    return or_(*clauses)


def filter_condition(
    kind: CaseFilter, *, today: date, clerk_id: str, calendar: WorkCalendar
) -> ColumnElement[bool] | None:
    if kind is CaseFilter.TODAY:
        start = datetime.combine(today, time.min)
        return and_(Case.received_at >= start, Case.received_at < start + timedelta(days=1))
    if kind is CaseFilter.MINE:
        return Case.clerk_id == clerk_id
    if kind is CaseFilter.AWAITING_SUPPLEMENT:
        return Case.status == CaseStatus.AWAITING_SUPPLEMENT.value
    if kind is CaseFilter.DEFICIENCY_DUE:
        return Case.deficiency_open.is_(True)
    if kind is CaseFilter.NEAR_DUE:
        horizon = calendar.add_workdays(today, NEAR_DUE_WORKDAYS)
        return and_(
            Case.status == CaseStatus.ACCEPTED.value, Case.promised_date >= today, Case.promised_date <= horizon
        )
    if kind is CaseFilter.PROVISIONAL:
        return and_(Case.deadlines_provisional != "", Case.status.in_(sorted(status.value for status in OPEN)))
    if kind is CaseFilter.OVERDUE:
        return or_(
            and_(Case.status == CaseStatus.ACCEPTED.value, Case.promised_date < today),
            and_(Case.deficiency_open.is_(True), Case.supply_deadline < today),
        )
    return None


@dataclass(frozen=True)
class CaseQuery:
    kind: CaseFilter = CaseFilter.TODAY
    search: str = ""
    sort_column: int = 1
    descending: bool = True
    bundle: str = ""  # a 一件事's code: only its cases; "*": the cases of any 一件事; "": no filter


def forwarding_overdue_ids(session: Session, today: date, calendar: WorkCalendar) -> frozenset[str]:
    """The cases with a forwarding step not done within its working days of the step before."""
    steps: dict[str, dict[CaseAction, date]] = {}
    collected: dict[str, bool] = {}
    query = select(ForwardingStep.case_id, ForwardingStep.step, ForwardingStep.on_day, Case.status).join(
        Case, Case.id == ForwardingStep.case_id
    )
    for case_id, step, day, status in session.execute(query):
        steps.setdefault(case_id, {})[CaseAction(step)] = day
        collected[case_id] = status == CaseStatus.COLLECTED.value
    return frozenset(
        case_id
        for case_id, done in steps.items()
        if overdue_steps(Forwarding(done), collected[case_id], today, calendar)
    )


def _conditions(
    session: Session, query: CaseQuery, today: date, clerk_id: str, calendar: WorkCalendar
) -> list[ColumnElement[bool]]:
    found = [
        filter_condition(query.kind, today=today, clerk_id=clerk_id, calendar=calendar),
        search_condition(query.search),
    ]
    if query.kind is CaseFilter.FORWARDING_OVERDUE:
        found.append(Case.id.in_(sorted(forwarding_overdue_ids(session, today, calendar))))
    if query.bundle:
        found.append(Case.bundle_code.is_not(None) if query.bundle == "*" else Case.bundle_code == query.bundle)
    return [condition for condition in found if condition is not None]


def count_cases(session: Session, query: CaseQuery, *, today: date, clerk_id: str, calendar: WorkCalendar) -> int:
    statement = select(func.count()).select_from(Case)
    for condition in _conditions(session, query, today, clerk_id, calendar):
        statement = statement.where(condition)
    return int(session.scalar(statement) or 0)


def _due_field(row: Any) -> str:
    """Which deadline the clerk must watch: supply deadline, notice deadline or promised date."""
    if row.deficiency_open and row.supply_deadline:
        return "supply_deadline"
    if row.status == CaseStatus.AWAITING_SUPPLEMENT.value:
        return "notice_deadline"
    return "promised_date"


def page_of_cases(
    session: Session,
    query: CaseQuery,
    *,
    offset: int,
    today: date,
    clerk_id: str,
    calendar: WorkCalendar,
    limit: int = PAGE_SIZE,
) -> list[CaseRow]:
    column = SORT_COLUMNS[query.sort_column] if 0 <= query.sort_column < len(SORT_COLUMNS) else Case.received_at
    order = column.desc() if query.descending else column.asc()
    tiebreak = Case.id.desc() if query.descending else Case.id.asc()
    statement = select(
        Case.id,
        Case.case_no,
        Case.received_at,
        Case.matter_name,
        Case.applicant_name,
        Case.applicant_id_number,
        Case.status,
        Case.promised_date,
        Case.notice_deadline,
        Case.supply_deadline,
        Case.clerk_name,
        Case.deficiency_open,
        Case.deadlines_provisional,
    )
    for condition in _conditions(session, query, today, clerk_id, calendar):
        statement = statement.where(condition)
    statement = statement.order_by(order, tiebreak).offset(offset).limit(limit)
    late = forwarding_overdue_ids(session, today, calendar)
    return [
        CaseRow(
            id=row.id,
            case_no=row.case_no,
            received_at=row.received_at,
            matter_name=row.matter_name,
            applicant_name=mask_name(row.applicant_name),
            applicant_id=mask_id_number(row.applicant_id_number),
            status=CaseStatus(row.status),
            promised_date=row.promised_date,
            due_date=getattr(row, _due_field(row)),
            clerk_name=row.clerk_name,
            deficiency_open=row.deficiency_open,
            due_provisional=_due_field(row) in row.deadlines_provisional.split(","),
            forwarding_overdue=row.id in late,
        )
        for row in session.execute(statement)
    ]


def matter_usage(session: Session, clerk_id: str, now: datetime, days: int = 90) -> dict[str, float]:
    """The clerk's frequent and recent matters: count over ``days`` plus a bonus that fades with age."""
    since = now - timedelta(days=days)
    rows = session.execute(
        select(Case.matter_code, func.count(), func.max(Case.received_at))
        .where(Case.clerk_id == clerk_id, Case.received_at >= since)
        .group_by(Case.matter_code)
    )
    usage: dict[str, float] = {}
    for code, count, last in rows:
        age_days = max((now - last).total_seconds() / 86400.0, 0.0) if last else float(days)
        usage[code] = float(count) + 10.0 / (1.0 + age_days)
    return usage


@dataclass(frozen=True)
class TodayCounts:
    cases: int
    enquiries: int
    ratings: int


def today_counts(session: Session, clerk_id: str, today: date) -> TodayCounts:
    start = datetime.combine(today, time.min)
    end = start + timedelta(days=1)
    cases = session.scalar(
        select(func.count())
        .select_from(Case)
        .where(Case.clerk_id == clerk_id, Case.received_at >= start, Case.received_at < end)
    )
    enquiries = session.scalar(
        select(func.count())
        .select_from(Enquiry)
        .where(Enquiry.clerk_id == clerk_id, Enquiry.asked_at >= start, Enquiry.asked_at < end)
    )
    ratings = session.scalar(
        select(func.count())
        .select_from(Rating)
        .where(Rating.clerk_id == clerk_id, Rating.rated_at >= start, Rating.rated_at < end)
    )
    return TodayCounts(int(cases or 0), int(enquiries or 0), int(ratings or 0))


def ratings_for_case(session: Session, case_id: str) -> Sequence[Rating]:
    return list(session.scalars(select(Rating).where(Rating.case_id == case_id).order_by(Rating.rated_at)))


def display_names(session: Session, usernames: Iterable[str]) -> dict[str, str]:
    """Display names (陈静) of the given usernames (chenjing); unknown ones, like system actors, are left out."""
    wanted = {name for name in usernames if name}
    if not wanted:
        return {}
    rows = session.execute(select(User.username, User.display_name).where(User.username.in_(wanted)))
    return {username: display_name for username, display_name in rows if display_name}


# -- what the screens call (each opens its own read session) ---------------------------------------------


@dataclass(frozen=True)
class CasePageRequest:
    """Who asks for which page of the case list, as of which day and calendar."""

    query: CaseQuery
    clerk_id: str
    today: date
    calendar: WorkCalendar


def first_page(services: Services, request: CasePageRequest) -> tuple[int, list[CaseRow]]:
    """The total count and the first page of the case list."""
    with services.store.read() as session:
        total = count_cases(
            session, request.query, today=request.today, clerk_id=request.clerk_id, calendar=request.calendar
        )
        return total, next_page_in(session, request, 0)


def next_page(services: Services, request: CasePageRequest, offset: int) -> list[CaseRow]:
    with services.store.read() as session:
        return next_page_in(session, request, offset)


def next_page_in(session: Session, request: CasePageRequest, offset: int) -> list[CaseRow]:
    return page_of_cases(
        session, request.query, offset=offset, today=request.today, clerk_id=request.clerk_id,
        calendar=request.calendar,
    )  # fmt: skip


def usage_of(services: Services, clerk_id: str) -> dict[str, float]:
    """The clerk's matter usage for the matter search ranking."""
    with services.store.read() as session:
        return matter_usage(session, clerk_id, services.now().replace(tzinfo=None))


def calendar_state(services: Services) -> tuple[tuple[int, ...], int]:
    """The calendar years staff must be warned about and the open provisional cases."""
    from hallclient.services.calendar import provisional_cases
    from hallclient.store.bootstrap import calendar_in

    with services.store.read() as session:
        missing = calendar_in(session).missing_years(services.now().date())
        return missing, len(provisional_cases(session))


@dataclass(frozen=True)
class UserChoice:
    """An active account as a picker shows it (e.g. the staff of a 考核 finding)."""

    user_id: str
    username: str
    display_name: str
    role: str


def active_users(services: Services) -> list[UserChoice]:
    """Active accounts, clerks first, then by username."""
    query = select(User).where(User.active.is_(True))
    with services.store.read() as session:
        users = [UserChoice(u.id, u.username, u.display_name, u.role) for u in session.scalars(query)]
    return sorted(users, key=lambda user: (user.role != "clerk", user.username))
