"""Queue figures of a hall over a period (``GET /v1/tallies/queue``): the server's tables reduced to the facts
of :mod:`hallclient.domain.queue_figures`, in the hall's wall time.

Reads only what the figures need: the period's tickets (index ``ix_queue_tickets_category_day``) with their
call, start and finish events, the period's appointments, and the pauses of the hall's windows that overlap
the period. The supervisor's live view of the hall is :func:`hallclient.server.queue.hall_state`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.orm import Session

from hallclient.domain.appointments import check_in_window, parse_slot
from hallclient.domain.queue import Action, QueueError, TicketState
from hallclient.domain.queue_figures import (
    AppointmentFact,
    PauseFact,
    QueueFacts,
    QueueTally,
    TicketFact,
    build_queue_tally,
    check_grouping,
)
from hallclient.domain.tally import Period
from hallclient.server.clock import utcnow
from hallclient.server.queue import CALL_ACTIONS, QueueNotFound, hall_row, rules_of
from hallclient.server.queue_models import (
    QueueAppointment,
    QueueCategory,
    QueueHall,
    QueueTicket,
    QueueTicketEvent,
    QueueWindowPause,
)

FIRST_CALL = Action.CALL.value  # a ticket's first call; recall and call-back come later
BEGINS = (Action.START.value, *CALL_ACTIONS)
SERVICE_EVENTS = (*BEGINS, Action.FINISH.value)


def pick_hall(session: Session, code: str | None) -> QueueHall:
    """The named hall, or the only one when none is named."""
    if code:
        return hall_row(session, code)
    halls = list(session.scalars(select(QueueHall).order_by(QueueHall.code)))
    if not halls:
        raise QueueNotFound("尚未设置大厅（hallclient server queue hall set）")
    if len(halls) > 1:
        raise QueueError(f"服务器上有多个大厅（{'、'.join(h.code for h in halls)}），请指定大厅")
    return halls[0]


def queue_figures(
    session: Session, hall_code: str | None, period: Period, groupings: Iterable[str]
) -> dict[str, QueueTally]:
    groupings = list(groupings)
    for grouping in groupings:
        check_grouping(grouping)
    hall = pick_hall(session, hall_code)
    offset = timedelta(minutes=hall.utc_offset_min)
    now_local = utcnow() + offset
    period.check_not_future(now_local.date())
    facts = load_queue_facts(session, hall, period, now_local)
    _start, end = period.bounds()
    as_of = min(end, now_local)
    notes = [f"期间尚未结束，数据截至 {as_of:%Y-%m-%d %H:%M}。"] if end > now_local else []
    still_paused = sorted({p.window for p in facts.pauses if p.end == now_local})
    if still_paused:
        notes.append(f"{'、'.join(still_paused)} 号窗口仍在暂停服务，暂停时长计至 {now_local:%H:%M}。")
    return {
        grouping: build_queue_tally(facts, hall=hall.code, hall_name=hall.name, period=period, grouping=grouping,
                                    as_of=as_of, generated_at=now_local.replace(microsecond=0), notes=notes)
        for grouping in groupings
    }  # fmt: skip


def load_queue_facts(session: Session, hall: QueueHall, period: Period, now_local: datetime) -> QueueFacts:
    offset = timedelta(minutes=hall.utc_offset_min)
    categories = list(session.execute(select(QueueCategory.code, QueueCategory.name, QueueCategory.windows)
                                      .where(QueueCategory.hall == hall.code)))  # fmt: skip
    facts = QueueFacts(category_names={row.code: row.name for row in categories})
    facts.tickets, windows_of_ticket = _tickets(session, hall.code, period, offset)
    facts.appointments = _appointments(session, hall, period, now_local, windows_of_ticket)
    windows = {str(window) for row in categories for window in json.loads(row.windows)}
    facts.pauses = _pauses(session, windows, period, offset, now_local)
    return facts


def _in_period(hall: str, period: Period) -> ColumnElement[bool]:
    return and_(QueueTicket.hall == hall, QueueTicket.day >= period.start, QueueTicket.day <= period.end)


def _tickets(session: Session, hall: str, period: Period, offset: timedelta) -> tuple[list[TicketFact], dict[str, str]]:
    t, e = QueueTicket, QueueTicketEvent
    first_called: dict[str, datetime] = {}
    began: dict[str, datetime] = {}
    done: dict[str, datetime] = {}
    events = session.execute(
        select(e.ticket_id, e.action, e.at).join(t, t.id == e.ticket_id)
        .where(_in_period(hall, period), e.action.in_(SERVICE_EVENTS)).order_by(e.id)
    )  # fmt: skip
    for ticket_id, action, at in events:
        if action == FIRST_CALL:
            first_called.setdefault(ticket_id, at)
        if action in BEGINS:
            began[ticket_id] = at  # the latest start or call so far
        elif action == Action.FINISH.value:
            done[ticket_id] = at
    rows = session.execute(
        select(t.id, t.category, t.window, t.state, t.issued_at, t.transferred_from).where(_in_period(hall, period))
    )
    facts = []
    windows: dict[str, str] = {}
    for row in rows:
        windows[row.id] = row.window
        finished = done.get(row.id) if row.state == TicketState.DONE.value else None
        start = began.get(row.id)
        facts.append(TicketFact(
            category=row.category, window=row.window, issued=row.issued_at + offset,
            original=not row.transferred_from,
            first_called=first_called[row.id] + offset if row.id in first_called else None,
            began=start + offset if start is not None and finished is not None else None,
            done=finished + offset if finished is not None else None,
            no_show=row.state == TicketState.NO_SHOW.value, transferred=row.state == TicketState.TRANSFERRED.value,
        ))  # fmt: skip
    return facts, windows


def _appointments(
    session: Session, hall: QueueHall, period: Period, now_local: datetime, windows: dict[str, str]
) -> list[AppointmentFact]:
    a = QueueAppointment
    rules = rules_of(hall)
    rows = session.execute(
        select(a.category, a.day, a.slot, a.slot_start, a.state, a.ticket_id).where(
            a.hall == hall.code, a.day >= period.start, a.day <= period.end, a.state != "cancelled")
    )  # fmt: skip
    facts = []
    for row in rows:
        kept = row.state == "checked_in"
        _first, last = check_in_window(row.day, parse_slot(row.slot, 1), rules)
        facts.append(AppointmentFact(
            category=row.category, slot_start=row.slot_start + timedelta(minutes=hall.utc_offset_min), kept=kept,
            missed=not kept and last < now_local, window=windows.get(row.ticket_id, ""),
        ))  # fmt: skip
    return facts


def _pauses(
    session: Session, windows: set[str], period: Period, offset: timedelta, now_local: datetime
) -> list[PauseFact]:
    start, end = period.bounds()
    end = min(end, now_local)
    p = QueueWindowPause
    rows = session.execute(
        select(p.window, p.started_at, p.ended_at).where(
            p.window.in_(sorted(windows)), p.started_at < end - offset,
            or_(p.ended_at.is_(None), p.ended_at > start - offset))
    )  # fmt: skip
    facts = []
    for row in rows:
        began = max(row.started_at + offset, start)
        ended = min(row.ended_at + offset if row.ended_at is not None else now_local, end)
        if ended > began:
            facts.append(PauseFact(row.window, began, ended))
    return facts
