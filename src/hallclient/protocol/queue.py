"""Wire DTOs of the queue API (``/v1/queue``): tickets, calls, appointments, the hall's live state.

Shared by the server and the client. Like the sync wire models, every model forbids unknown fields, so
a typo or a hostile extra field is a precise 422, never silently dropped.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

QUEUE_PREFIX = "/queue"
TicketStateName = Literal["waiting", "called", "serving", "done", "no_show", "transferred", "held"]
TicketSourceName = Literal["kiosk", "window", "appointment"]
AppointmentState = Literal["booked", "cancelled", "checked_in"]

CATEGORY = r"^[A-Za-z]{1,2}$"
WINDOW = r"^[0-9A-Za-z_-]{1,16}$"
DAY = r"^\d{4}-\d{2}-\d{2}$"
SLOT = r"^\d{2}:\d{2}-\d{2}:\d{2}$"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class TicketRequest(Strict):
    """Issue a ticket; the ID number (from a card swipe) fills the applicant and decides the 60+ rule."""

    category: str = Field(pattern=CATEGORY)
    id_number: str | None = Field(default=None, min_length=15, max_length=18)
    name: str = Field(default="", max_length=64)
    disabled: bool = False
    pregnant: bool = False


class WalkInRequest(Strict):
    """窗口取号: a ticket issued at the clerk's window and called there at once (the citizen is at the counter)."""

    category: str = Field(pattern=CATEGORY)
    id_number: str | None = Field(default=None, min_length=15, max_length=18)
    name: str = Field(default="", max_length=64)


class TicketOut(Strict):
    id: str
    number: str
    hall: str
    category: str
    category_name: str
    state: TicketStateName
    source: TicketSourceName
    green: bool
    green_reason: str
    applicant_name: str  # the full name for the window; masked names only on the hall screens
    id_number: str
    window: str
    target_window: str
    recalls: int
    issued_at: str
    called_at: str
    case_no: str
    note: str
    waiting_before: int  # people waiting in the same category when it was issued (printed on the slip)
    cases: list[str] = Field(default_factory=list)  # every case linked to it, in the order linked


class CallResult(Strict):
    """``ticket`` is None when nobody waits for this window."""

    ticket: TicketOut | None
    waiting: int


class TransferRequest(Strict):
    category: str | None = Field(default=None, pattern=CATEGORY)
    window: str | None = Field(default=None, pattern=WINDOW)
    note: str = Field(min_length=1, max_length=200)


class FinishRequest(Strict):
    """Finish; a case number given is linked first (as ``LinkRequest``)."""

    case_no: str = Field(default="", max_length=64)


class LinkRequest(Strict):
    """Link a case recorded for the citizen served to their ticket (idempotent per ticket and case)."""

    case_no: str = Field(min_length=1, max_length=64)


class PauseRequest(Strict):
    reason: str = Field(min_length=1, max_length=100)


class CheckInRequest(Strict):
    code: str | None = Field(default=None, min_length=4, max_length=16)
    id_number: str | None = Field(default=None, min_length=15, max_length=18)
    call_here: bool = False  # at a window: call the ticket here when this window serves it and holds none


class CategoryCount(Strict):
    category: str
    name: str
    waiting: int
    open: bool


class WindowState(Strict):
    window: str
    ticket: str  # the number it is serving or calling, "" when none
    state: str  # idle | called | serving | paused
    pause_reason: str


class CallShown(Strict):
    number: str
    window: str
    category: str
    name: str  # masked (王*芳)
    at: str


class HallState(Strict):
    hall: str
    name: str
    categories: list[CategoryCount]
    windows: list[WindowState]
    recent: list[CallShown]  # newest first


class QueueStatus(Strict):
    """This window's state: its current ticket, the tickets it set aside (回呼, to call back), its pause,
    the hall's recall limit (the panel shows the recalls left) and the hall."""

    window: str
    current: TicketOut | None
    held: list[TicketOut] = Field(default_factory=list)
    max_recalls: int = Field(default=0, ge=0)
    paused: bool
    pause_reason: str
    hall: HallState | None  # None when no category is bound to this window


class AppointmentRequest(Strict):
    category: str = Field(pattern=CATEGORY)
    day: str = Field(pattern=DAY)
    slot: str = Field(pattern=SLOT)
    id_number: str = Field(min_length=15, max_length=18)
    name: str = Field(min_length=1, max_length=64)
    phone: str = Field(default="", max_length=20)


class AppointmentOut(Strict):
    code: str
    hall: str
    category: str
    day: str
    slot: str
    name: str  # masked
    id_number: str  # masked
    state: AppointmentState
    ticket: str  # ticket number once checked in


class SlotOut(Strict):
    category: str
    day: str
    slot: str
    capacity: int
    free: int
