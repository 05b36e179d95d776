"""Server tables of the hall queue: halls, categories, tickets and their events, appointments, window pauses.

On the same :class:`ServerBase` as the other server tables (Alembic revisions ``s0004`` to ``s0006``). Times are naive
UTC like the rest of the server; ``day`` columns are the hall's local day. Every ticket change is a row
in ``queue_ticket_events``; pauses (暂停服务) are the attendance record and are never deleted.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from hallclient.domain.queue import TicketState
from hallclient.server.models import ServerBase

WAITING = text("state = 'waiting'")
# The states in which a window holds a ticket; a window holds at most one (revision s0006).
HOLDING = (TicketState.CALLED.value, TicketState.SERVING.value)
HOLDING_WHERE = text(f"state IN ({', '.join(repr(state) for state in HOLDING)})")
ONE_HOLDER_INDEX = "ux_queue_tickets_window_holding"


class QueueHall(ServerBase):
    __tablename__ = "queue_halls"
    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(64))
    rules: Mapped[str] = mapped_column(Text, default="{}")  # JSON of QueueRules fields that differ from the defaults
    utc_offset_min: Mapped[int] = mapped_column(Integer, default=480)
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class QueueCategory(ServerBase):
    __tablename__ = "queue_categories"
    code: Mapped[str] = mapped_column(String(2), primary_key=True)  # also the ticket prefix
    hall: Mapped[str] = mapped_column(String(32), index=True)
    name: Mapped[str] = mapped_column(String(64))
    matters: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of matter codes
    windows: Mapped[str] = mapped_column(Text, default="{}")  # JSON {window: priority}
    slots: Mapped[str] = mapped_column(Text, default="[]")  # JSON [{"slot": "09:00-10:00", "capacity": 6}]
    open: Mapped[bool] = mapped_column(Boolean, default=True)
    green: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class QueueCounter(ServerBase):
    """The last ticket sequence of a category on a day (row-locked while a ticket is issued)."""

    __tablename__ = "queue_counters"
    category: Mapped[str] = mapped_column(String(2), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    last: Mapped[int] = mapped_column(Integer, default=0)


class QueueTicket(ServerBase):
    __tablename__ = "queue_tickets"
    __table_args__ = (
        # Numbers come from queue_counters (row-locked), so no two issued tickets share one; a transferred
        # ticket's continuation keeps the number printed on the citizen's slip.
        Index("ix_queue_tickets_category_day", "category", "day"),
        Index("ix_queue_tickets_hall_state", "hall", "state"),
        Index("ix_queue_tickets_window_state", "window", "state"),
        # Only the waiting rows (revision s0005): call-next and the waiting counts without a scan of history.
        Index("ix_queue_tickets_waiting", "day", postgresql_where=WAITING, sqlite_where=WAITING),
        # A window holds at most one ticket (revision s0006): the database refuses a second, whatever the code
        # path or the race (two call-next requests of one window, a call-back racing a call-next).
        Index(ONE_HOLDER_INDEX, "window", unique=True, postgresql_where=HOLDING_WHERE, sqlite_where=HOLDING_WHERE),
    )
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    hall: Mapped[str] = mapped_column(String(32))
    category: Mapped[str] = mapped_column(String(2))
    day: Mapped[date] = mapped_column(Date)
    sequence: Mapped[int] = mapped_column(Integer)
    number: Mapped[str] = mapped_column(String(8))
    source: Mapped[str] = mapped_column(String(16))
    state: Mapped[str] = mapped_column(String(16))
    green: Mapped[bool] = mapped_column(Boolean, default=False)
    green_reason: Mapped[str] = mapped_column(String(32), default="")
    applicant_name: Mapped[str] = mapped_column(String(64), default="")
    id_number: Mapped[str] = mapped_column(String(18), default="")
    appointment_code: Mapped[str] = mapped_column(String(16), default="")
    appointment_start: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)  # UTC
    target_window: Mapped[str] = mapped_column(String(16), default="")
    window: Mapped[str] = mapped_column(String(16), default="")  # the window holding it (called or later)
    recalls: Mapped[int] = mapped_column(Integer, default=0)
    transferred_from: Mapped[str] = mapped_column(String(36), default="")
    case_no: Mapped[str] = mapped_column(String(80), default="")
    note: Mapped[str] = mapped_column(String(200), default="")
    waiting_before: Mapped[int] = mapped_column(Integer, default=0)
    issued_by: Mapped[str] = mapped_column(String(36))  # server device row id
    issued_at: Mapped[datetime] = mapped_column(DateTime)
    called_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class QueueTicketEvent(ServerBase):
    __tablename__ = "queue_ticket_events"
    __table_args__ = (Index("ix_queue_ticket_events_ticket", "ticket_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    ticket_id: Mapped[str] = mapped_column(String(36))
    action: Mapped[str] = mapped_column(String(16))
    from_state: Mapped[str] = mapped_column(String(16), default="")
    to_state: Mapped[str] = mapped_column(String(16))
    window: Mapped[str] = mapped_column(String(16), default="")
    device_id: Mapped[str] = mapped_column(String(36), default="")
    detail: Mapped[str] = mapped_column(String(300), default="")
    at: Mapped[datetime] = mapped_column(DateTime)


class QueueAppointment(ServerBase):
    __tablename__ = "queue_appointments"
    __table_args__ = (
        Index("ix_queue_appointments_slot", "category", "day", "slot"),
        Index("ix_queue_appointments_id_number", "id_number", "day"),
    )
    code: Mapped[str] = mapped_column(String(16), primary_key=True)
    hall: Mapped[str] = mapped_column(String(32))
    category: Mapped[str] = mapped_column(String(2))
    day: Mapped[date] = mapped_column(Date)
    slot: Mapped[str] = mapped_column(String(11))
    slot_start: Mapped[datetime] = mapped_column(DateTime)  # UTC
    id_number: Mapped[str] = mapped_column(String(18))
    name: Mapped[str] = mapped_column(String(64))
    phone: Mapped[str] = mapped_column(String(20), default="")
    state: Mapped[str] = mapped_column(String(16))
    ticket_id: Mapped[str] = mapped_column(String(36), default="")
    booked_by: Mapped[str] = mapped_column(String(36))  # api key id
    booked_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class QueueWindowPause(ServerBase):
    """A 暂停服务 interval of one window (open while ``ended_at`` is null): the attendance record."""

    __tablename__ = "queue_window_pauses"
    __table_args__ = (Index("ix_queue_window_pauses_window", "window", "ended_at"),)
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    window: Mapped[str] = mapped_column(String(16))
    device_id: Mapped[str] = mapped_column(String(36))
    reason: Mapped[str] = mapped_column(String(100))
    started_at: Mapped[datetime] = mapped_column(DateTime)
    ended_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)


class PortalKey(ServerBase):
    """An API key of the hall's portal or mini-program: role ``portal`` may only book, list and cancel."""

    __tablename__ = "queue_portal_keys"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    hall: Mapped[str] = mapped_column(String(32))
    label: Mapped[str] = mapped_column(String(128), default="")
    role: Mapped[str] = mapped_column(String(16), default="portal")
    created_at: Mapped[datetime] = mapped_column(DateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
