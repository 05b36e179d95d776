"""The hall queue (取号 · 叫号) as pure rules: categories, ticket numbers, the state machine, call-next order.

The server keeps the state; this module only decides. Every refusal is a :class:`QueueError` with a
one-line Chinese reason, raised before anything is written, so a refused action changes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum

from hallclient.domain.idnumber import InvalidIdNumber, age_on, parse_id_number
from hallclient.errors import HallError

CATEGORY_CODE = re.compile(r"^[A-Z]{1,2}$")
WINDOW_CODE = re.compile(r"^[0-9A-Za-z_-]{1,16}$")
HALL_CODE = re.compile(r"^[0-9a-z_-]{1,32}$")
MAX_PRIORITY = 9


class QueueError(HallError):
    """A queue action refused; the message says why (the state is unchanged)."""


class TicketState(StrEnum):
    WAITING = "waiting"
    CALLED = "called"
    SERVING = "serving"
    DONE = "done"
    NO_SHOW = "no_show"
    TRANSFERRED = "transferred"
    HELD = "held"  # 回呼: set aside by the window that called it, to be called back by that window


class TicketSource(StrEnum):
    KIOSK = "kiosk"
    WINDOW = "window"
    APPOINTMENT = "appointment"


STATE_NAMES = {
    TicketState.WAITING: "等候中",
    TicketState.CALLED: "已叫号",
    TicketState.SERVING: "办理中",
    TicketState.DONE: "已办结",
    TicketState.NO_SHOW: "过号",
    TicketState.TRANSFERRED: "已转移",
    TicketState.HELD: "回呼等候",
}


class PauseReason(StrEnum):
    """The usual reasons of 暂停服务 (a clerk may type another): the value is what the server records and
    the hall screen shows, whatever the language of the window that paused."""

    LUNCH = "午休"
    MEETING = "会议"
    TRAINING = "业务培训"
    AWAY = "临时离开"
    EQUIPMENT = "设备故障"


class Action(StrEnum):
    CALL = "call"
    RECALL = "recall"
    START = "start"
    FINISH = "finish"
    NO_SHOW = "no_show"
    TRANSFER = "transfer"
    HOLD = "hold"
    CALL_BACK = "call_back"
    LINK = "link"  # a case recorded for the citizen served: one visit may link several cases


ACTION_NAMES = {
    Action.CALL: "叫号",
    Action.RECALL: "重呼",
    Action.START: "开始办理",
    Action.FINISH: "办结",
    Action.NO_SHOW: "过号",
    Action.TRANSFER: "转移",
    Action.HOLD: "挂起",
    Action.CALL_BACK: "回呼",
    Action.LINK: "关联办件",
}

# action -> (states it may start from, state it leads to)
TRANSITIONS: dict[Action, tuple[frozenset[TicketState], TicketState]] = {
    Action.CALL: (frozenset({TicketState.WAITING}), TicketState.CALLED),
    Action.RECALL: (frozenset({TicketState.CALLED}), TicketState.CALLED),
    Action.START: (frozenset({TicketState.CALLED}), TicketState.SERVING),
    Action.FINISH: (frozenset({TicketState.CALLED, TicketState.SERVING}), TicketState.DONE),
    Action.NO_SHOW: (frozenset({TicketState.CALLED}), TicketState.NO_SHOW),
    Action.TRANSFER: (frozenset({TicketState.CALLED, TicketState.SERVING}), TicketState.TRANSFERRED),
    Action.HOLD: (frozenset({TicketState.CALLED, TicketState.SERVING}), TicketState.HELD),
    Action.CALL_BACK: (frozenset({TicketState.HELD}), TicketState.CALLED),
    # A case recorded for a called citizen means they are at the counter: linking starts serving.
    Action.LINK: (frozenset({TicketState.CALLED, TicketState.SERVING}), TicketState.SERVING),
}
# Actions only the window holding the ticket may take (everything after the call).
HOLDER_ONLY = frozenset(set(Action) - {Action.CALL})


@dataclass(frozen=True)
class QueueRules:
    """Hall-wide settings (configurable per hall by the administrator)."""

    max_recalls: int = 2
    green_age: int = 60  # 0 turns the age rule off
    green_disabled: bool = True
    green_pregnant: bool = True
    appointment_priority_minutes: int = 15  # a kept appointment goes first from this long before its slot
    book_days_ahead: int = 3
    check_in_early_minutes: int = 30
    check_in_late_minutes: int = 15


def transition(
    state: TicketState, action: Action, *, ticket: str, recalls: int = 0, rules: QueueRules = QueueRules()
) -> TicketState:
    """The state after ``action``, or QueueError naming the ticket, its state and the action refused."""
    sources, target = TRANSITIONS[action]
    if state not in sources:
        if state is TicketState.TRANSFERRED:
            raise QueueError(f"{ticket} 号已转移，不能再{ACTION_NAMES[action]}")
        raise QueueError(f"{ticket} 号当前状态为「{STATE_NAMES[state]}」，不能{ACTION_NAMES[action]}")
    if action is Action.RECALL and recalls >= rules.max_recalls:
        raise QueueError(f"{ticket} 号已重呼 {recalls} 次，达到上限 {rules.max_recalls} 次，请按过号处理")
    return target


CASE_NO = re.compile(r"^[^\s\x00-\x1f\x7f]{1,64}$")


def valid_case_no(text: str) -> str:
    """A case number to link: what the window printed (no national format: 1–64 characters, no blanks)."""
    case_no = text.strip()
    if not CASE_NO.match(case_no):
        raise QueueError(f"办件编号「{case_no[:64]}」无效：应为 1–64 个字符，不含空白")
    return case_no


def ticket_number(prefix: str, sequence: int) -> str:
    """``A001``: the category prefix and the day's sequence, at least three digits."""
    if sequence < 1:
        raise ValueError("ticket sequence starts at 1")
    return f"{prefix}{sequence:03d}"


@dataclass(frozen=True)
class Category:
    """A service category (业务类别): its ticket prefix (= code), the windows serving it and their priority.

    ``windows`` maps a window number to that window's priority for this category (1 = served first).
    """

    code: str
    name: str
    hall: str = "main"
    matters: tuple[str, ...] = ()
    windows: Mapping[str, int] = field(default_factory=dict)
    open: bool = True
    green: bool = False  # 绿色通道 category: every ticket of it is a green-channel ticket


def validate_category(category: Category) -> Category:
    if not CATEGORY_CODE.match(category.code):
        raise QueueError(f"业务类别代码「{category.code}」无效：应为 1–2 个大写字母（同时是号码前缀）")
    if not HALL_CODE.match(category.hall):
        raise QueueError(f"大厅代码「{category.hall}」无效：只能用小写字母、数字、- 和 _（最多 32 个）")
    if not category.name.strip() or len(category.name) > 64:
        raise QueueError("业务类别名称不能为空，且不超过 64 个字")
    for window, priority in category.windows.items():
        if not WINDOW_CODE.match(window):
            raise QueueError(f"窗口号「{window}」无效")
        if not 1 <= priority <= MAX_PRIORITY:
            raise QueueError(f"窗口 {window} 的优先级 {priority} 无效：应为 1–{MAX_PRIORITY}（1 最先）")
    return category


def open_category(categories: Mapping[str, Category], code: str) -> Category:
    """The category a ticket may be issued for, or a refusal (unknown, or closed)."""
    category = categories.get(code.strip().upper())
    if category is None:
        raise QueueError(f"没有业务类别「{code}」")
    if not category.open:
        raise QueueError(f"业务类别 {category.code}「{category.name}」已暂停取号")
    return category


@dataclass(frozen=True)
class GreenClaim:
    id_number: str | None = None
    disabled: bool = False
    pregnant: bool = False


def green_channel_reason(claim: GreenClaim, today: date, rules: QueueRules = QueueRules()) -> str | None:
    """Why the applicant gets a green-channel ticket (e.g. "60 周岁以上"), or None.

    The age comes from the ID number's birth date; an invalid number is refused, never guessed around.
    """
    if claim.id_number and rules.green_age > 0:
        try:
            birth = parse_id_number(claim.id_number, today=today).birth_date
        except InvalidIdNumber as error:
            raise QueueError(f"身份证号无效：{error}") from None
        if age_on(birth, today) >= rules.green_age:
            return f"{rules.green_age} 周岁以上"
    if claim.disabled and rules.green_disabled:
        return "残疾人"
    if claim.pregnant and rules.green_pregnant:
        return "孕妇"
    return None


@dataclass(frozen=True)
class WaitingTicket:
    """What call-next needs to know of a waiting ticket."""

    id: str
    category: str
    issued_at: datetime
    sequence: int  # the day's number within its category; breaks ties of equal issue times
    green: bool = False
    appointment_start: datetime | None = None  # slot start of the appointment it was checked in for
    target_window: str | None = None  # set when transferred to one window: only that window may call it


def call_order_key(
    ticket: WaitingTicket, window: str, priorities: Mapping[str, int], now: datetime, rules: QueueRules
) -> tuple[int, int, int, int, datetime, int]:
    """Sort key of call-next: tickets transferred to this window, the window's category priority, green
    channel, appointments whose time has come (within ``appointment_priority_minutes``), then first come."""
    due = ticket.appointment_start is not None and now >= ticket.appointment_start - timedelta(
        minutes=rules.appointment_priority_minutes
    )
    return (
        0 if ticket.target_window == window else 1,
        priorities.get(ticket.category, MAX_PRIORITY + 1),
        0 if ticket.green else 1,
        0 if due else 1,
        ticket.issued_at,
        ticket.sequence,
    )


def window_priorities(categories: Iterable[Category], window: str) -> dict[str, int]:
    """The open categories ``window`` serves, with its priority for each."""
    return {c.code: c.windows[window] for c in categories if c.open and window in c.windows}


def callable_by(ticket: WaitingTicket, window: str, priorities: Mapping[str, int]) -> bool:
    if ticket.target_window is not None:
        return ticket.target_window == window
    return ticket.category in priorities


def choose_next(
    waiting: Iterable[WaitingTicket],
    window: str,
    priorities: Mapping[str, int],
    now: datetime,
    rules: QueueRules = QueueRules(),
) -> WaitingTicket | None:
    """The ticket ``window`` calls next, or None when nobody waits for it."""
    candidates = [ticket for ticket in waiting if callable_by(ticket, window, priorities)]
    if not candidates:
        return None
    return min(candidates, key=lambda ticket: call_order_key(ticket, window, priorities, now, rules))
