"""The hall queue on the server: issuing, calling and every later step of a ticket, pauses, the hall's state.

Each function is one transaction that decides with :mod:`hallclient.domain.queue` and writes the ticket
together with its event row, so a refusal (a :class:`QueueError`, raised before any write) leaves
nothing half-done. Appointments are in :mod:`hallclient.server.queue_appointments`. Call-next is
atomic: on PostgreSQL the chosen row is taken with ``FOR UPDATE SKIP LOCKED`` in one ordered statement
(a row another window is taking is passed over for the next best); SQLite's single writer (``BEGIN
IMMEDIATE``) serialises callers. Either way no ticket is ever called by two windows, and a unique index
(revision s0006) keeps any window from holding two tickets, whatever request races which.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

from sqlalchemy import and_, case, func, literal, or_, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from hallclient.domain.appointments import (
    Slot,
    parse_slot,
)
from hallclient.domain.events import EventType, new_id
from hallclient.domain.idnumber import InvalidIdNumber, parse_id_number
from hallclient.domain.masking import mask_id_number, mask_name_public
from hallclient.domain.queue import (
    ACTION_NAMES,
    MAX_PRIORITY,
    WINDOW_CODE,
    Action,
    Category,
    GreenClaim,
    QueueError,
    QueueRules,
    TicketSource,
    TicketState,
    green_channel_reason,
    open_category,
    ticket_number,
    transition,
    valid_case_no,
    window_priorities,
)
from hallclient.protocol.queue import (
    CallResult,
    CallShown,
    CategoryCount,
    HallState,
    QueueStatus,
    TicketOut,
    TicketRequest,
    TransferRequest,
    WalkInRequest,
    WindowState,
)
from hallclient.server.clock import iso_utc, utcnow
from hallclient.server.db import Database
from hallclient.server.models import ServerCase, StoredEvent
from hallclient.server.queue_call_pg import call_in_one_statement
from hallclient.server.queue_live import Broadcaster
from hallclient.server.queue_models import (
    HOLDING,
    ONE_HOLDER_INDEX,
    QueueAppointment,
    QueueCategory,
    QueueCounter,
    QueueHall,
    QueueTicket,
    QueueTicketEvent,
    QueueWindowPause,
)
from hallclient.server.queue_notify import notify

RECENT_CALLS = 10
CALL_ACTIONS = (Action.CALL.value, Action.RECALL.value, Action.CALL_BACK.value)


class QueueNotFound(QueueError):
    """Answered 404."""


class QueueForbidden(QueueError):
    """Answered 403: the caller may not act on this (another window's ticket, another hall)."""


@dataclass(frozen=True)
class Window:
    """Who acts: the calling device's server row and its window."""

    device_row: str
    window: str


# ---- reading the configuration ---------------------------------------------------------------------


def rules_of(hall: QueueHall) -> QueueRules:
    known = {item.name for item in fields(QueueRules)}
    stored = json.loads(hall.rules or "{}")
    return QueueRules(**{key: value for key, value in stored.items() if key in known})


def category_of(row: QueueCategory) -> Category:
    windows = {str(window): int(priority) for window, priority in json.loads(row.windows).items()}
    return Category(row.code, row.name, row.hall, tuple(json.loads(row.matters)), windows, row.open, row.green)


def slots_of(row: QueueCategory) -> tuple[Slot, ...]:
    return tuple(parse_slot(item["slot"], int(item["capacity"])) for item in json.loads(row.slots))


def _categories(session: Session) -> dict[str, Category]:
    return {row.code: category_of(row) for row in session.scalars(select(QueueCategory))}


def hall_row(session: Session, code: str) -> QueueHall:
    hall = session.get(QueueHall, code)
    if hall is None:
        raise QueueNotFound(f"没有大厅「{code}」")
    return hall


def local_now(hall: QueueHall) -> datetime:
    return utcnow() + timedelta(minutes=hall.utc_offset_min)


def to_utc(hall: QueueHall, local: datetime) -> datetime:
    return local - timedelta(minutes=hall.utc_offset_min)


def _iso(moment: datetime | None, offset_min: int = 0) -> str:
    """ISO 8601 with the hall's offset, so a kiosk prints the hall's time whatever its own clock zone."""
    if moment is None:
        return ""
    if not offset_min:
        return iso_utc(moment)
    zone = timezone(timedelta(minutes=offset_min))
    return moment.replace(tzinfo=UTC).astimezone(zone).isoformat(timespec="milliseconds")


def ticket_out(
    ticket: QueueTicket,
    category_name: str,
    shown_to: Window,
    cases: list[str] | None = None,
    *,
    offset_min: int = 0,
) -> TicketOut:
    """The ticket as ``shown_to`` receives it: the full ID number only for the window holding the ticket
    (it serves the citizen); a kiosk, a check-in or the window that transferred it away gets it masked.

    Times carry the hall's UTC offset (``offset_min``) when the caller knows the hall, UTC otherwise."""
    holder = bool(ticket.window) and ticket.window == shown_to.window
    return TicketOut(
        id=ticket.id,
        number=ticket.number,
        hall=ticket.hall,
        category=ticket.category,
        category_name=category_name,
        state=ticket.state,  # type: ignore[arg-type]
        source=ticket.source,  # type: ignore[arg-type]
        green=ticket.green,
        green_reason=ticket.green_reason,
        applicant_name=ticket.applicant_name,
        id_number=ticket.id_number if holder else mask_id_number(ticket.id_number),
        window=ticket.window,
        target_window=ticket.target_window,
        recalls=ticket.recalls,
        issued_at=_iso(ticket.issued_at, offset_min),
        called_at=_iso(ticket.called_at, offset_min),
        case_no=ticket.case_no,
        note=ticket.note,
        waiting_before=ticket.waiting_before,
        cases=list(cases or ()),
    )


def linked_cases(session: Session, ticket_id: str) -> list[str]:
    """The case numbers linked to a ticket (its ``link`` events), in the order linked."""
    return list(
        session.scalars(
            select(QueueTicketEvent.detail)
            .where(QueueTicketEvent.ticket_id == ticket_id, QueueTicketEvent.action == Action.LINK.value)
            .order_by(QueueTicketEvent.id)
        )
    )


def _out(session: Session, ticket: QueueTicket, shown_to: Window) -> TicketOut:
    category = session.get(QueueCategory, ticket.category)
    hall = session.get(QueueHall, ticket.hall)
    return ticket_out(
        ticket,
        category.name if category is not None else "",
        shown_to,
        linked_cases(session, ticket.id),
        offset_min=hall.utc_offset_min if hall is not None else 0,
    )


def _record(
    session: Session, ticket: QueueTicket, action: str, before: str, who: Window | None, detail: str = ""
) -> None:
    session.add(
        QueueTicketEvent(
            ticket_id=ticket.id,
            action=action,
            from_state=before,
            to_state=ticket.state,
            window=who.window if who else "",
            device_id=who.device_row if who else "",
            detail=detail[:300],
            at=utcnow(),
        )
    )


def valid_id_number(text: str | None, today: date) -> str:
    if not text:
        return ""
    try:
        return parse_id_number(text, today=today).number
    except InvalidIdNumber as error:
        raise QueueError(f"身份证号无效：{error}") from None


# ---- issuing ---------------------------------------------------------------------------------------


def _next_sequence(session: Session, category: str, day: date) -> int:
    """The next number of ``category`` today; the counter row stays locked until commit."""
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    taken = (
        insert(QueueCounter)
        .values(category=category, day=day, last=1)
        .on_conflict_do_update(index_elements=["category", "day"], set_={"last": QueueCounter.last + 1})
        .returning(QueueCounter.last)
    )
    last = session.scalar(taken)  # one round trip: the row lock is held only from here to the commit
    assert last is not None
    return last


def _waiting_in(session: Session, category: str, day: date) -> int:
    waiting = (QueueTicket.category == category, QueueTicket.day == day, QueueTicket.state == TicketState.WAITING.value)
    return session.scalar(select(func.count()).where(*waiting)) or 0


def issue(
    session: Session,
    category: Category,
    hall: QueueHall,
    who: Window,
    source: TicketSource,
    *,
    id_number: str,
    name: str,
    green_reason: str | None,
    appointment: QueueAppointment | None,
) -> QueueTicket:
    now = utcnow()
    day = local_now(hall).date()
    waiting_before = _waiting_in(session, category.code, day)
    sequence = _next_sequence(session, category.code, day)  # last: the counter stays locked until commit
    reason = green_reason or (category.name if category.green else "")
    ticket = QueueTicket(
        id=new_id(),
        hall=hall.code,
        category=category.code,
        day=day,
        sequence=sequence,
        number=ticket_number(category.code, sequence),
        source=source.value,
        state=TicketState.WAITING.value,
        green=bool(reason),
        green_reason=reason,
        applicant_name=name.strip(),
        id_number=id_number,
        appointment_code=appointment.code if appointment else "",
        appointment_start=appointment.slot_start if appointment else None,
        target_window="",
        window="",
        recalls=0,
        transferred_from="",
        case_no="",
        note="",
        waiting_before=waiting_before,
        issued_by=who.device_row,
        issued_at=now,
        updated_at=now,
    )
    session.add(ticket)
    _record(session, ticket, "issue", "", who, source.value)
    return ticket


def _source(categories: dict[str, Category], window: str) -> TicketSource:
    """A device whose window serves a category issues walk-in tickets; any other device is a kiosk."""
    return TicketSource.WINDOW if any(window in c.windows for c in categories.values()) else TicketSource.KIOSK


def issue_ticket(db: Database, who: Window, request: TicketRequest, live: Broadcaster | None = None) -> TicketOut:
    with db.session() as session:
        categories = _categories(session)
        category = open_category(categories, request.category)
        hall = hall_row(session, category.hall)
        rules = rules_of(hall)
        today = local_now(hall).date()
        id_number = valid_id_number(request.id_number, today)
        claim = GreenClaim(id_number=id_number or None, disabled=request.disabled, pregnant=request.pregnant)
        reason = green_channel_reason(claim, today, rules)
        ticket = issue(
            session,
            category,
            hall,
            who,
            _source(categories, who.window),
            id_number=id_number,
            name=request.name,
            green_reason=reason,
            appointment=None,
        )
        answer = ticket_out(ticket, category.name, who, offset_min=hall.utc_offset_min)
    announce(db, live, category.hall)
    return answer


# ---- calling ---------------------------------------------------------------------------------------


def _open_pause(session: Session, window: str) -> QueueWindowPause | None:
    return session.scalar(
        select(QueueWindowPause).where(QueueWindowPause.window == window, QueueWindowPause.ended_at.is_(None))
    )


def _holding(session: Session, window: str) -> QueueTicket | None:
    return session.scalar(
        select(QueueTicket).where(QueueTicket.window == window, QueueTicket.state.in_(HOLDING)).limit(1)
    )


def _window_categories(categories: dict[str, Category], window: str) -> list[Category]:
    served = sorted((c for c in categories.values() if window in c.windows), key=lambda c: c.code)
    if not served:
        raise QueueForbidden(f"窗口 {window} 未绑定任何业务类别，不能叫号（请管理员配置业务类别）")
    return served


def call_order(window: str, priorities: Mapping[str, int], now: datetime, rules: QueueRules) -> tuple[Any, ...]:
    """:func:`hallclient.domain.queue.call_order_key` as SQL, so the database picks and locks in one statement
    (tests/sync/test_queue_order.py holds the two to the same order)."""
    by_category = (
        case(*((QueueTicket.category == code, rank) for code, rank in priorities.items()), else_=MAX_PRIORITY + 1)
        if priorities
        else literal(MAX_PRIORITY + 1)
    )
    due = now + timedelta(minutes=rules.appointment_priority_minutes)
    return (
        case((QueueTicket.target_window == window, 0), else_=1),
        by_category,
        case((QueueTicket.green.is_(True), 0), else_=1),
        case((and_(QueueTicket.appointment_start.is_not(None), QueueTicket.appointment_start <= due), 0), else_=1),
        QueueTicket.issued_at,
        QueueTicket.sequence,
    )


def _is_second_holder(error: IntegrityError) -> bool:
    text = str(error.orig)
    return ONE_HOLDER_INDEX in text or "queue_tickets.window" in text  # SQLite names the column, not the index


@contextmanager
def one_holder(action: Action) -> Iterator[None]:
    """A window holds at most one ticket, which the database enforces (unique index, revision s0006): a
    request racing another of the same window that got a ticket first — a double key press, two clients with
    one token, a retry after a timeout — fails there, its transaction rolled back whole (the ticket it
    picked still waiting, no event row). It gets the usual "still holding" refusal (409)."""
    try:
        yield
    except IntegrityError as error:
        if not _is_second_holder(error):
            raise
        raise QueueError(
            f"本窗口已有正在叫号或办理的号（同一窗口的另一请求刚刚叫到），请先办结、过号或挂起该号，再{ACTION_NAMES[action]}"
        ) from None


def call_next(db: Database, who: Window, live: Broadcaster | None = None) -> CallResult:
    """Call the best waiting ticket for ``who``'s window (the order of ``domain.queue.call_order_key``).

    On PostgreSQL one statement does it (:mod:`hallclient.server.queue_call_pg`); when that calls nobody,
    and on SQLite, the general path below checks the window and says why, or calls. Either is refused by
    the database when a racing request of the same window got a ticket first (:func:`one_holder`)."""
    if db.dialect == "postgresql":
        with one_holder(Action.CALL), db.autocommit() as connection:
            fast = call_in_one_statement(connection, who.window, who.device_row, utcnow(), HOLDING)
        if fast is not None:  # the statement also notified the listeners
            ticket, category_name, remaining = fast
            return CallResult(ticket=ticket_out(ticket, category_name, who), waiting=remaining)
    with one_holder(Action.CALL), db.session() as session:
        categories = _categories(session)
        served = _window_categories(categories, who.window)
        if (pause := _open_pause(session, who.window)) is not None:
            raise QueueError(f"窗口 {who.window} 已暂停服务（{pause.reason}），请先恢复服务")
        if (current := _holding(session, who.window)) is not None:
            raise QueueError(f"请先办结、过号或挂起 {current.number} 号，再叫下一位")
        hall = hall_row(session, served[0].hall)
        rules = rules_of(hall)
        priorities = window_priorities(served, who.window)
        now = utcnow()
        eligible = (
            QueueTicket.state == TicketState.WAITING.value,
            QueueTicket.day == local_now(hall).date(),  # a ticket left over from an earlier day is never called
            or_(
                QueueTicket.target_window == who.window,
                (QueueTicket.target_window == "") & QueueTicket.category.in_(list(priorities)),
            ),
        )
        # One statement: the best ticket nobody else is taking; rows other windows hold locked are passed over.
        called = session.scalar(
            select(QueueTicket)
            .where(*eligible)
            .order_by(*call_order(who.window, priorities, now, rules))
            .limit(1)
            .with_for_update(skip_locked=True)
        )
        if called is None:
            return CallResult(ticket=None, waiting=0)
        call_here(session, called, who, rules, now)
        session.flush()
        remaining = session.scalar(select(func.count()).where(*eligible)) or 0
        answer = CallResult(ticket=_out(session, called, who), waiting=remaining)
        hall_code = hall.code
    announce(db, live, hall_code)
    return answer


def call_here(session: Session, ticket: QueueTicket, who: Window, rules: QueueRules, now: datetime) -> None:
    """Mark a waiting ticket called for ``who``'s window, with its event row (the caller checked the window)."""
    before = ticket.state
    ticket.state = transition(TicketState(before), Action.CALL, ticket=ticket.number, rules=rules).value
    ticket.window = who.window
    ticket.called_at = now
    ticket.updated_at = now
    _record(session, ticket, Action.CALL.value, before, who)


def free_to_take(session: Session, category: Category, who: Window) -> bool:
    """``who``'s window serves ``category``, is not paused and holds no ticket: a ticket may be called there."""
    return (
        who.window in category.windows
        and _open_pause(session, who.window) is None
        and _holding(session, who.window) is None
    )


def walk_in(db: Database, who: Window, request: WalkInRequest, live: Broadcaster | None = None) -> TicketOut:
    """窗口取号: issue a ticket (source window) for the citizen at the counter and call it for this window in
    the same transaction, so the walk-in counts in the figures with no wait and the cases saved link to it."""
    with one_holder(Action.CALL), db.session() as session:
        categories = _categories(session)
        if not any(who.window in c.windows for c in categories.values()):
            raise QueueForbidden(f"只有服务窗口可以窗口取号（窗口 {who.window} 未绑定任何业务类别）")
        category = open_category(categories, request.category)
        if who.window not in category.windows:
            raise QueueForbidden(f"业务类别 {category.code}「{category.name}」不在窗口 {who.window} 的办理范围内")
        if (pause := _open_pause(session, who.window)) is not None:
            raise QueueError(f"窗口 {who.window} 已暂停服务（{pause.reason}），请先恢复服务")
        if (current := _holding(session, who.window)) is not None:
            raise QueueError(f"请先办结、过号或挂起 {current.number} 号，再为现场群众取号")
        hall = hall_row(session, category.hall)
        rules = rules_of(hall)
        today = local_now(hall).date()
        id_number = valid_id_number(request.id_number, today)
        reason = green_channel_reason(GreenClaim(id_number=id_number or None), today, rules)
        ticket = issue(
            session,
            category,
            hall,
            who,
            TicketSource.WINDOW,
            id_number=id_number,
            name=request.name,
            green_reason=reason,
            appointment=None,
        )
        call_here(session, ticket, who, rules, ticket.issued_at)  # issued and called at once: no wait
        answer = ticket_out(ticket, category.name, who, offset_min=hall.utc_offset_min)
    announce(db, live, category.hall)
    return answer


def _held_ticket(session: Session, ticket_id: str, who: Window) -> QueueTicket:
    ticket = session.scalar(select(QueueTicket).where(QueueTicket.id == ticket_id).with_for_update())
    if ticket is None:
        raise QueueNotFound("没有这张号")
    if ticket.window != who.window:
        where = f"在 {ticket.window} 号窗口" if ticket.window else "尚未被叫"
        raise QueueForbidden(f"{ticket.number} 号不属于本窗口（{where}）")
    return ticket


def act(
    db: Database, who: Window, ticket_id: str, action: Action, *, case_no: str = "", live: Broadcaster | None = None
) -> TicketOut:
    """Recall, start, finish (linking ``case_no`` first when given), no-show, hold or call back a ticket of
    this window."""
    if action in (Action.CALL, Action.TRANSFER, Action.LINK):
        raise ValueError(f"use call_next / transfer / link for {action}")
    to_link = valid_case_no(case_no) if case_no.strip() else ""
    with one_holder(action), db.session() as session:
        ticket = _held_ticket(session, ticket_id, who)
        rules = rules_of(hall_row(session, ticket.hall))
        if to_link:
            _link(session, ticket, who, to_link)
        before = ticket.state
        target = transition(TicketState(before), action, ticket=ticket.number, recalls=ticket.recalls, rules=rules)
        if action is Action.CALL_BACK and (current := _holding(session, who.window)) is not None:
            raise QueueError(f"请先办结、过号或挂起 {current.number} 号，再回呼 {ticket.number} 号")
        ticket.state = target.value
        now = utcnow()
        if action is Action.RECALL:
            ticket.recalls += 1
        if action is Action.CALL_BACK:
            ticket.called_at = now
        if action in (Action.FINISH, Action.NO_SHOW):
            ticket.finished_at = now
        ticket.updated_at = now
        _record(session, ticket, action.value, before, who)
        answer = _out(session, ticket, who)
        hall_code = ticket.hall
    announce(db, live, hall_code)
    return answer


def _link(session: Session, ticket: QueueTicket, who: Window, case_no: str) -> None:
    """Record ``case_no`` for ``ticket`` once: a second request for the same pair (a resend after a lost
    answer) changes nothing, whatever the ticket's state now. ``case_no`` keeps the first case linked."""
    if case_no in linked_cases(session, ticket.id):
        return
    before = ticket.state
    ticket.state = transition(TicketState(before), Action.LINK, ticket=ticket.number).value
    if not ticket.case_no:
        ticket.case_no = case_no
    ticket.updated_at = utcnow()
    _record(session, ticket, Action.LINK.value, before, who, case_no)


def link(db: Database, who: Window, ticket_id: str, case_no: str, live: Broadcaster | None = None) -> TicketOut:
    """Link a case recorded for the citizen this window serves; the ticket stays served (a called one is
    now being served). Only the window holding the ticket may link; idempotent per ticket and case."""
    wanted = valid_case_no(case_no)
    with db.session() as session:
        ticket = _held_ticket(session, ticket_id, who)
        _link(session, ticket, who, wanted)
        answer = _out(session, ticket, who)
        hall_code = ticket.hall
    announce(db, live, hall_code)
    return answer


def _known_windows(categories: dict[str, Category]) -> set[str]:
    return {window for category in categories.values() for window in category.windows}


def transfer(
    db: Database, who: Window, ticket_id: str, request: TransferRequest, live: Broadcaster | None = None
) -> TicketOut:
    """End the ticket here (state transferred, with the note) and queue its continuation — same number,
    same place in line — in another category or for one window. The old ticket can never be called again."""
    if (request.category is None) == (request.window is None):
        raise QueueError("转移时请指定目标业务类别或目标窗口（二选一）")
    with db.session() as session:
        ticket = _held_ticket(session, ticket_id, who)
        categories = _categories(session)
        before = ticket.state
        ticket.state = transition(TicketState(before), Action.TRANSFER, ticket=ticket.number).value
        target_category = ticket.category
        target_window = ""
        if request.category is not None:
            target_category = open_category(categories, request.category).code
            if categories[target_category].hall != ticket.hall:
                raise QueueForbidden(f"业务类别 {target_category} 不在本大厅")
        else:
            assert request.window is not None
            same_hall = {code: c for code, c in categories.items() if c.hall == ticket.hall}
            if request.window not in _known_windows(same_hall) or request.window == who.window:
                raise QueueError(f"不能转移到窗口「{request.window}」（不是本大厅的其他服务窗口）")
            target_window = request.window
        now = utcnow()
        ticket.note = request.note.strip()
        ticket.finished_at = now
        ticket.updated_at = now
        target = f"类别 {target_category}" if not target_window else f"窗口 {target_window}"
        _record(session, ticket, Action.TRANSFER.value, before, who, f"转至{target}：{ticket.note}")
        continuation = QueueTicket(
            **{column: getattr(ticket, column) for column in _COPIED},
            id=new_id(),
            category=target_category,
            state=TicketState.WAITING.value,
            target_window=target_window,
            window="",
            recalls=0,
            transferred_from=ticket.id,
            case_no="",
            note=ticket.note,
            called_at=None,
            finished_at=None,
            updated_at=now,
        )
        session.add(continuation)
        _record(session, continuation, "transfer_in", "", who, f"自 {who.window} 号窗口转入：{ticket.note}")
        answer = _out(session, continuation, who)
        hall_code = ticket.hall
    announce(db, live, hall_code)
    return answer


_COPIED = (
    "hall",
    "day",
    "sequence",
    "number",
    "source",
    "green",
    "green_reason",
    "applicant_name",
    "id_number",
    "appointment_code",
    "appointment_start",
    "waiting_before",
    "issued_by",
    "issued_at",
)


# ---- pauses (暂停服务: the attendance record) -----------------------------------------------------------


def pause(db: Database, who: Window, reason: str, live: Broadcaster | None = None) -> None:
    if not WINDOW_CODE.match(who.window):
        raise QueueError(f"窗口号「{who.window}」无效")
    with db.session() as session:
        if (current := _open_pause(session, who.window)) is not None:
            raise QueueError(f"窗口 {who.window} 已在暂停服务中（{current.reason}）")
        session.add(
            QueueWindowPause(
                id=new_id(),
                window=who.window,
                device_id=who.device_row,
                reason=reason.strip(),
                started_at=utcnow(),
                ended_at=None,
            )
        )
        halls = _halls_of_window(session, who.window)
    for hall in halls:
        announce(db, live, hall)


def resume(db: Database, who: Window, live: Broadcaster | None = None) -> None:
    with db.session() as session:
        current = _open_pause(session, who.window)
        if current is None:
            raise QueueError(f"窗口 {who.window} 未暂停服务")
        current.ended_at = utcnow()
        halls = _halls_of_window(session, who.window)
    for hall in halls:
        announce(db, live, hall)


def _halls_of_window(session: Session, window: str) -> list[str]:
    return sorted({category.hall for category in _categories(session).values() if window in category.windows})


# ---- the hall's state (status, display) ------------------------------------------------------------------


def hall_state(session: Session, code: str) -> HallState:
    hall = hall_row(session, code)
    categories = [category for category in _categories(session).values() if category.hall == code]
    counts = dict(
        session.execute(
            select(QueueTicket.category, func.count())
            .where(
                QueueTicket.hall == code,
                QueueTicket.day == local_now(hall).date(),
                QueueTicket.state == TicketState.WAITING.value,
            )
            .group_by(QueueTicket.category)
        ).all()
    )
    windows = sorted({window for category in categories for window in category.windows})
    holding = {
        row.window: row
        for row in session.scalars(select(QueueTicket).where(QueueTicket.hall == code, QueueTicket.state.in_(HOLDING)))
    }
    pauses = {
        row.window: row.reason
        for row in session.scalars(select(QueueWindowPause).where(QueueWindowPause.ended_at.is_(None)))
    }
    recent = session.execute(
        select(
            QueueTicket.number,
            QueueTicketEvent.window,
            QueueTicket.category,
            QueueTicket.applicant_name,
            QueueTicketEvent.at,
        )
        .join(QueueTicket, QueueTicket.id == QueueTicketEvent.ticket_id)
        .where(QueueTicket.hall == code, QueueTicketEvent.action.in_(CALL_ACTIONS))
        .order_by(QueueTicketEvent.id.desc())
        .limit(RECENT_CALLS)
    ).all()
    return HallState(
        hall=hall.code,
        name=hall.name,
        categories=[
            CategoryCount(category=c.code, name=c.name, waiting=counts.get(c.code, 0), open=c.open)
            for c in sorted(categories, key=lambda c: c.code)
        ],
        windows=[_window_state(window, holding.get(window), pauses.get(window)) for window in windows],
        recent=[
            CallShown(
                number=row.number,
                window=row.window,
                category=row.category,
                name=mask_name_public(row.applicant_name),
                at=iso_utc(row.at),
            )
            for row in recent
        ],
    )


def _window_state(window: str, ticket: QueueTicket | None, pause_reason: str | None) -> WindowState:
    if pause_reason is not None:
        return WindowState(
            window=window, ticket=ticket.number if ticket else "", state="paused", pause_reason=pause_reason
        )
    if ticket is None:
        return WindowState(window=window, ticket="", state="idle", pause_reason="")
    return WindowState(window=window, ticket=ticket.number, state=ticket.state, pause_reason="")


def display_state(db: Database, code: str) -> HallState:
    with db.session() as session:
        return hall_state(session, code)


def announce(db: Database, live: Broadcaster | None, hall: str) -> None:
    """After a committed change: on PostgreSQL notify every worker's listener (:mod:`queue_notify`), which
    rebuilds the state once for its screens; on SQLite (one process) push the new state to this process's
    screens. Either way one read per change, whatever the number of screens."""
    if db.dialect == "postgresql":
        with db.autocommit() as connection:
            notify(connection, hall)
        return
    if live is None or not live.subscribers(hall):
        return
    live.publish(hall, hall_state_json(db, hall))


def hall_state_json(db: Database, hall: str) -> str:
    return display_state(db, hall).model_dump_json()


HELD_SHOWN = 50


def _kiosk_halls(session: Session, hall: str | None) -> list[str]:
    """The hall a device that serves no category (a kiosk) shows: the one it names, else the server's only hall."""
    if hall:
        return [hall_row(session, hall).code]
    codes = list(session.scalars(select(QueueHall.code)))
    return codes if len(codes) == 1 else []


def status(db: Database, who: Window, hall: str | None = None) -> QueueStatus:
    """This window and its hall; a kiosk (no category bound to its window) gets ``hall`` or the only hall."""
    with db.session() as session:
        current = _holding(session, who.window)
        held = session.scalars(
            select(QueueTicket)
            .where(QueueTicket.window == who.window, QueueTicket.state == TicketState.HELD.value)
            .order_by(QueueTicket.updated_at, QueueTicket.id)
            .limit(HELD_SHOWN)
        ).all()
        pause_row = _open_pause(session, who.window)
        halls = _halls_of_window(session, who.window) or _kiosk_halls(session, hall)
        rules = rules_of(hall_row(session, halls[0])) if halls else QueueRules()
        return QueueStatus(
            window=who.window,
            current=_out(session, current, who) if current is not None else None,
            held=[_out(session, ticket, who) for ticket in held],
            max_recalls=rules.max_recalls,
            paused=pause_row is not None,
            pause_reason=pause_row.reason if pause_row is not None else "",
            hall=hall_state(session, halls[0]) if halls else None,
        )


# ---- the join ticket → case → rating ---------------------------------------------------------------------


@dataclass(frozen=True)
class TicketJourney:
    """The ticket a case was linked to: waited (issue → call), served (call → the ticket's end, None while it
    is still served) and the case's ratings. One ticket may carry several cases (one visit, several matters)."""

    number: str
    hall: str
    category: str
    window: str
    case_no: str
    waited_s: int | None
    served_s: int | None
    ratings: tuple[int, ...]  # the levels of the case's ratings (好差评), oldest first


def _seconds(start: datetime | None, end: datetime | None) -> int | None:
    return int((end - start).total_seconds()) if start is not None and end is not None else None


def journeys(db: Database, case_nos: list[str]) -> dict[str, TicketJourney]:
    """Each of these cases joined to the ticket it was linked to (its ``link`` event; the ``case_no`` column
    for tickets finished before links were events) and to its ratings from the uploaded events
    (``rating.given`` of the case's projection row): the join no queue product has."""
    wanted = sorted({no.strip() for no in case_nos if no.strip()})
    if not wanted:
        return {}
    with db.session() as session:
        ticket_of: dict[str, str] = {}
        links = session.execute(
            select(QueueTicketEvent.detail, QueueTicketEvent.ticket_id)
            .where(QueueTicketEvent.action == Action.LINK.value, QueueTicketEvent.detail.in_(wanted))
            .order_by(QueueTicketEvent.id)
        ).all()
        for case_no, ticket_id in links:
            ticket_of.setdefault(case_no, ticket_id)  # the ticket the case was first recorded for
        legacy = session.execute(select(QueueTicket.case_no, QueueTicket.id).where(QueueTicket.case_no.in_(wanted)))
        for case_no, ticket_id in legacy.all():
            ticket_of.setdefault(case_no, ticket_id)
        tickets = {
            ticket.id: ticket
            for ticket in session.scalars(select(QueueTicket).where(QueueTicket.id.in_(set(ticket_of.values()))))
        }
        rated: dict[str, list[int]] = {}
        rows = session.execute(
            select(ServerCase.case_no, StoredEvent.payload)
            .join(StoredEvent, StoredEvent.case_id == ServerCase.case_id)
            .where(ServerCase.case_no.in_(wanted), StoredEvent.type == EventType.RATING_GIVEN.value)
            .order_by(StoredEvent.device_time)
        ).all()
        for case_no, payload in rows:
            level = json.loads(payload).get("level")
            if isinstance(level, int):
                rated.setdefault(case_no, []).append(level)
        return {
            case_no: TicketJourney(
                number=ticket.number,
                hall=ticket.hall,
                category=ticket.category,
                window=ticket.window,
                case_no=case_no,
                waited_s=_seconds(ticket.issued_at, ticket.called_at),
                served_s=_seconds(ticket.called_at, ticket.finished_at),
                ratings=tuple(rated.get(case_no, ())),
            )
            for case_no, ticket_id in sorted(ticket_of.items())
            if (ticket := tickets.get(ticket_id)) is not None
        }
