"""Appointments (预约) on the server: the portal books, lists and cancels; a kiosk or window checks them in.

Bookings of one category are serialised by a row lock on the category, so a slot is never overfilled; a
booking code checks in once, and only within the hall's early/late window.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hallclient.domain.appointments import (
    check_booking_day,
    check_in_allowed,
    check_room,
    find_slot,
    new_booking_code,
    normalise_booking_code,
)
from hallclient.domain.masking import mask_id_number, mask_name_public
from hallclient.domain.queue import Action, GreenClaim, QueueError, TicketSource, green_channel_reason
from hallclient.domain.workdays import WorkCalendar
from hallclient.protocol.queue import AppointmentOut, AppointmentRequest, CheckInRequest, SlotOut, TicketOut
from hallclient.server.clock import utcnow
from hallclient.server.db import Database
from hallclient.server.queue import (
    QueueNotFound,
    Window,
    announce,
    call_here,
    category_of,
    free_to_take,
    hall_row,
    issue,
    local_now,
    one_holder,
    rules_of,
    slots_of,
    ticket_out,
    to_utc,
    valid_id_number,
)
from hallclient.server.queue_live import Broadcaster
from hallclient.server.queue_models import PortalKey, QueueAppointment, QueueCategory


@dataclass(frozen=True)
class Portal:
    """An authenticated portal key: it acts for one hall only."""

    key_id: str
    hall: str


def _portal_category(session: Session, portal: Portal, code: str, *, lock: bool = False) -> QueueCategory:
    query = select(QueueCategory).where(QueueCategory.code == code.upper())
    row = session.scalar(query.with_for_update() if lock else query)
    if row is None or row.hall != portal.hall:
        raise QueueNotFound(f"没有业务类别「{code}」")
    return row


def _appointment_out(row: QueueAppointment, ticket_number_: str = "") -> AppointmentOut:
    return AppointmentOut(
        code=row.code,
        hall=row.hall,
        category=row.category,
        day=row.day.isoformat(),
        slot=row.slot,
        name=mask_name_public(row.name),
        id_number=mask_id_number(row.id_number),
        state=row.state,  # type: ignore[arg-type]
        ticket=ticket_number_,
    )


def _parse_day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise QueueError(f"日期「{text}」无效") from None


def _taken(session: Session, category: str, day: date, slot: str) -> int:
    return (
        session.scalar(
            select(func.count()).where(
                QueueAppointment.category == category,
                QueueAppointment.day == day,
                QueueAppointment.slot == slot,
                QueueAppointment.state != "cancelled",
            )
        )
        or 0
    )


def book(
    db: Database, portal: Portal, request: AppointmentRequest, calendar: WorkCalendar | None = None
) -> AppointmentOut:
    with db.session() as session:
        # The category row lock serialises bookings of one category, so a slot is never overbooked.
        row = _portal_category(session, portal, request.category, lock=True)
        if not row.open:
            raise QueueError(f"业务类别 {row.code}「{row.name}」已暂停预约")
        hall = hall_row(session, row.hall)
        rules = rules_of(hall)
        today = local_now(hall).date()
        day = _parse_day(request.day)
        is_workday = (calendar or WorkCalendar.load_default()).is_workday(day)
        check_booking_day(day, today, is_workday, rules)
        slot = find_slot(slots_of(row), request.slot)
        id_number = valid_id_number(request.id_number, today)
        existing = session.scalar(
            select(QueueAppointment.code).where(
                QueueAppointment.id_number == id_number,
                QueueAppointment.day == day,
                QueueAppointment.category == row.code,
                QueueAppointment.state == "booked",
            )
        )
        if existing is not None:
            raise QueueError(f"该身份证号当天已预约此类业务（预约码 {existing}），请勿重复预约")
        check_room(slot, _taken(session, row.code, day, slot.label))
        now = utcnow()
        appointment = QueueAppointment(
            code=new_booking_code(),
            hall=row.hall,
            category=row.code,
            day=day,
            slot=slot.label,
            slot_start=to_utc(hall, datetime.combine(day, slot.start)),
            id_number=id_number,
            name=request.name.strip(),
            phone=request.phone.strip(),
            state="booked",
            ticket_id="",
            booked_by=portal.key_id,
            booked_at=now,
            updated_at=now,
        )
        session.add(appointment)
        return _appointment_out(appointment)


def list_appointments(db: Database, portal: Portal, day: str | None, id_number: str | None) -> list[AppointmentOut]:
    if not day and not id_number:
        raise QueueError("请指定日期或身份证号")
    with db.session() as session:
        query = select(QueueAppointment).where(QueueAppointment.hall == portal.hall)
        if day:
            query = query.where(QueueAppointment.day == _parse_day(day))
        if id_number:
            query = query.where(QueueAppointment.id_number == id_number.strip().upper())
        rows = session.scalars(query.order_by(QueueAppointment.day, QueueAppointment.slot).limit(1000)).all()
        return [_appointment_out(row) for row in rows]


def free_slots(db: Database, portal: Portal, category: str, day: str) -> list[SlotOut]:
    with db.session() as session:
        row = _portal_category(session, portal, category)
        when = _parse_day(day)
        return [
            SlotOut(
                category=row.code,
                day=when.isoformat(),
                slot=slot.label,
                capacity=slot.capacity,
                free=max(0, slot.capacity - _taken(session, row.code, when, slot.label)),
            )
            for slot in slots_of(row)
        ]


def cancel(db: Database, portal: Portal, code: str) -> AppointmentOut:
    with db.session() as session:
        row = session.scalar(
            select(QueueAppointment).where(QueueAppointment.code == normalise_booking_code(code)).with_for_update()
        )
        if row is None or row.hall != portal.hall:
            raise QueueNotFound(f"没有预约码「{code}」")
        if row.state != "booked":
            raise QueueError(f"预约 {row.code} 已{'取消' if row.state == 'cancelled' else '签到'}，不能取消")
        row.state = "cancelled"
        row.updated_at = utcnow()
        return _appointment_out(row)


def check_in(db: Database, who: Window, request: CheckInRequest, live: Broadcaster | None = None) -> TicketOut:
    """An appointment becomes a ticket (source appointment); a booking code works once. With ``call_here``
    (the clerk's window) the ticket is called at once for that window when it serves the category, is not
    paused and holds no ticket; otherwise it waits in the queue like any checked-in ticket."""
    if (request.code is None) == (request.id_number is None):
        raise QueueError("签到时请提供预约码或身份证号（二选一）")
    with one_holder(Action.CALL), db.session() as session:
        if request.code is not None:
            appointment = session.scalar(
                select(QueueAppointment)
                .where(QueueAppointment.code == normalise_booking_code(request.code))
                .with_for_update()
            )
            if appointment is None:
                raise QueueNotFound(f"没有预约码「{request.code}」")
        else:
            appointment = _appointment_by_id_number(session, str(request.id_number))
        if appointment.state == "checked_in":
            raise QueueError(f"预约码 {appointment.code} 已签到过，不能重复使用")
        if appointment.state == "cancelled":
            raise QueueError(f"预约 {appointment.code} 已取消")
        hall = hall_row(session, appointment.hall)
        rules = rules_of(hall)
        now = local_now(hall)
        if appointment.day != now.date():
            raise QueueError(f"预约日期为 {appointment.day.isoformat()}，不是今天")
        row = session.get(QueueCategory, appointment.category)
        if row is None:
            raise QueueNotFound(f"没有业务类别「{appointment.category}」")
        check_in_allowed(appointment.day, find_slot(slots_of(row), appointment.slot), now, rules)
        category = category_of(row)
        reason = green_channel_reason(GreenClaim(id_number=appointment.id_number), now.date(), rules)
        ticket = issue(
            session,
            category,
            hall,
            who,
            TicketSource.APPOINTMENT,
            id_number=appointment.id_number,
            name=appointment.name,
            green_reason=reason,
            appointment=appointment,
        )
        appointment.state = "checked_in"
        appointment.ticket_id = ticket.id
        appointment.updated_at = utcnow()
        if request.call_here and free_to_take(session, category, who):
            call_here(session, ticket, who, rules, ticket.issued_at)
        answer = ticket_out(ticket, category.name, who, offset_min=hall.utc_offset_min)
    announce(db, live, hall.code)
    return answer


def _appointment_by_id_number(session: Session, id_number: str) -> QueueAppointment:
    rows = session.scalars(
        select(QueueAppointment)
        .where(QueueAppointment.id_number == id_number.strip().upper(), QueueAppointment.state == "booked")
        .order_by(QueueAppointment.slot_start)
        .with_for_update()
    ).all()
    today = [row for row in rows if row.day == (utcnow() + timedelta(minutes=_offset(session, row.hall))).date()]
    if not today:
        raise QueueNotFound("该身份证号今天没有预约")
    return today[0]


def _offset(session: Session, hall: str) -> int:
    return hall_row(session, hall).utc_offset_min


def portal_of(db: Database, key_digest: str) -> Portal | None:
    with db.session() as session:
        row = session.scalar(select(PortalKey).where(PortalKey.key_hash == key_digest))
        if row is None or row.revoked_at is not None or row.role != "portal":
            return None
        return Portal(row.id, row.hall)
