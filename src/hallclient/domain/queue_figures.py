"""Queue figures (排队统计) of a period, by service category, hour of the hall's day or window: pure computation.

The server (``server/queue_figures.py``) reduces its queue tables to facts in the hall's wall time; this
module rolls them up. Definitions (also printed in the PDF's notes):

* **Issued (取号)**: tickets taken in the period (kiosk, window or appointment check-in); a transfer's
  continuation keeps the citizen's number and is not a second ticket.
* **Wait (等候)** = issued → first called, of issued tickets that were called.
* **Service (服务)** = began → done, of tickets finished (办结); it began at the latest start (开始办理) or
  call (叫号/回呼) before the finish, so a ticket set aside and called back counts from the call back.
* **Called (叫号)**: tickets a window called (continuations too): under "by window", the tickets per window.
  **No-show rate (过号率)** = no-shows / called. **Transferred (转移)**: tickets a window passed on.
* **Appointments (预约)** of the period's days, not cancelled: **kept (签到)** = checked in; **missed (爽约)**
  = not checked in once the check-in window (slot end + late minutes) has passed.
* **Paused (暂停服务)**: minutes of 暂停服务 inside the period; a pause still open counts until now.
* Medians and P90 as in the tallies (nearest rank). Facts without the grouping's dimension (a pause has
  no category, a ticket not yet called no window) are the group ``（未关联）``, so groups add up to the total.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from hallclient.domain.tally import UNLINKED, UNLINKED_LABEL, Column, Period, median, nearest_rank
from hallclient.errors import HallError

QUEUE_GROUPINGS: dict[str, str] = {"category": "业务类别", "hour": "时段", "window": "窗口"}


@dataclass(frozen=True)
class TicketFact:
    """One ticket row; times are the hall's wall time."""

    category: str
    window: str  # the window that called it, "" when never called
    issued: datetime
    original: bool  # issued, not the continuation of a transfer
    first_called: datetime | None = None
    began: datetime | None = None  # service began (latest start or call before the finish)
    done: datetime | None = None  # finished (办结)
    no_show: bool = False
    transferred: bool = False


@dataclass(frozen=True)
class AppointmentFact:
    category: str
    slot_start: datetime  # hall wall time
    kept: bool
    missed: bool
    window: str = ""  # the window that called its ticket


@dataclass(frozen=True)
class PauseFact:
    """A 暂停服务 interval already clipped to the period (and to now)."""

    window: str
    start: datetime
    end: datetime


@dataclass
class QueueFacts:
    tickets: list[TicketFact] = field(default_factory=list)
    appointments: list[AppointmentFact] = field(default_factory=list)
    pauses: list[PauseFact] = field(default_factory=list)
    category_names: dict[str, str] = field(default_factory=dict)


@dataclass
class QueueFigures:
    """One row: a group, or the total. Times in seconds, pauses in minutes."""

    key: str
    label: str
    issued: int = 0
    waited: int = 0
    wait_median_s: float | None = None
    wait_p90_s: float | None = None
    called: int = 0
    served: int = 0
    service_median_s: float | None = None
    service_p90_s: float | None = None
    no_show: int = 0
    transferred: int = 0
    appointments: int = 0
    appointments_kept: int = 0
    appointments_missed: int = 0
    paused_minutes: float = 0.0

    @property
    def no_show_rate(self) -> float | None:
        return self.no_show / self.called if self.called else None


@dataclass
class QueueTally:
    hall: str
    hall_name: str
    period: Period
    grouping: str
    as_of: datetime  # hall wall time the figures are counted to
    generated_at: datetime
    total: QueueFigures
    groups: list[QueueFigures]
    notes: list[str] = field(default_factory=list)

    @property
    def grouping_label(self) -> str:
        return QUEUE_GROUPINGS[self.grouping]

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["period"] = {"start": self.period.start.isoformat(), "end": self.period.end.isoformat()}
        data["as_of"] = self.as_of.isoformat(timespec="seconds")
        data["generated_at"] = self.generated_at.isoformat(timespec="seconds")
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> QueueTally:
        return cls(
            hall=data["hall"],
            hall_name=data["hall_name"],
            period=Period(date.fromisoformat(data["period"]["start"]), date.fromisoformat(data["period"]["end"])),
            grouping=data["grouping"],
            as_of=datetime.fromisoformat(data["as_of"]),
            generated_at=datetime.fromisoformat(data["generated_at"]),
            total=QueueFigures(**data["total"]),
            groups=[QueueFigures(**item) for item in data["groups"]],
            notes=list(data["notes"]),
        )


def check_grouping(grouping: str) -> None:
    if grouping not in QUEUE_GROUPINGS:
        raise HallError(f"排队统计的分组只能是 {'、'.join(QUEUE_GROUPINGS)}，实为 {grouping!r}")


def hour_key(moment: datetime) -> str:
    return f"{moment.hour:02d}"


def pause_pieces(pause: PauseFact) -> Iterable[tuple[str, float]]:
    """The pause's minutes in each hour of the day it spans: (hour key, minutes)."""
    moment = pause.start
    while moment < pause.end:
        next_hour = moment.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
        piece_end = min(next_hour, pause.end)
        yield hour_key(moment), (piece_end - moment).total_seconds() / 60
        moment = piece_end


def _label(grouping: str, key: str, names: Mapping[str, str]) -> str:
    if key == UNLINKED:
        return UNLINKED_LABEL
    if grouping == "category":
        return f"{key} {names[key]}" if names.get(key) else key
    if grouping == "hour":
        return f"{key}:00-{int(key) + 1:02d}:00"
    return f"{key} 号窗口"


def _set_times(fig: QueueFigures, waits: list[float], services: list[float]) -> None:
    waits.sort()
    services.sort()
    fig.waited, fig.wait_median_s, fig.wait_p90_s = len(waits), median(waits), nearest_rank(waits, 0.9)
    fig.served, fig.service_median_s, fig.service_p90_s = (
        len(services), median(services), nearest_rank(services, 0.9))  # fmt: skip


def build_queue_tally(
    facts: QueueFacts,
    *,
    hall: str,
    hall_name: str,
    period: Period,
    grouping: str,
    as_of: datetime,
    generated_at: datetime,
    notes: Iterable[str] = (),
) -> QueueTally:
    """Roll ``facts`` up to ``grouping`` (category, hour or window) and the total."""
    check_grouping(grouping)
    groups: dict[str, QueueFigures] = {}
    total = QueueFigures(key="", label="合计")
    waits: defaultdict[str, list[float]] = defaultdict(list)
    services: defaultdict[str, list[float]] = defaultdict(list)

    def rows(key: str) -> tuple[QueueFigures, QueueFigures]:
        key = key or UNLINKED
        if key not in groups:
            groups[key] = QueueFigures(key=key, label=_label(grouping, key, facts.category_names))
        return groups[key], total

    pick: Callable[[TicketFact], str] = {
        "category": lambda t: t.category, "hour": lambda t: hour_key(t.issued), "window": lambda t: t.window,
    }[grouping]  # fmt: skip
    for ticket in facts.tickets:
        key = pick(ticket) or UNLINKED
        for fig in rows(key):
            fig.issued += int(ticket.original)
            fig.called += int(ticket.first_called is not None)
            fig.no_show += int(ticket.no_show)
            fig.transferred += int(ticket.transferred)
        if ticket.original and ticket.first_called is not None:
            waits[key].append(max(0.0, (ticket.first_called - ticket.issued).total_seconds()))
        if ticket.done is not None and ticket.began is not None:
            services[key].append(max(0.0, (ticket.done - ticket.began).total_seconds()))
    for appointment in facts.appointments:
        key = {"category": appointment.category, "hour": hour_key(appointment.slot_start),
               "window": appointment.window}[grouping]  # fmt: skip
        for fig in rows(key):
            fig.appointments += 1
            fig.appointments_kept += int(appointment.kept)
            fig.appointments_missed += int(appointment.missed)
    for pause in facts.pauses:
        if grouping == "hour":
            for hour, minutes in pause_pieces(pause):
                for fig in rows(hour):
                    fig.paused_minutes += minutes
        else:
            minutes = (pause.end - pause.start).total_seconds() / 60
            for fig in rows(pause.window if grouping == "window" else UNLINKED):
                fig.paused_minutes += minutes
    for key, fig in groups.items():
        _set_times(fig, waits.get(key, []), services.get(key, []))
    _set_times(total, [s for values in waits.values() for s in values],
               [s for values in services.values() for s in values])  # fmt: skip
    for fig in [*groups.values(), total]:
        fig.paused_minutes = round(fig.paused_minutes, 1)
    all_notes = list(notes)
    if not facts.tickets and not facts.appointments and not facts.pauses:
        all_notes.append("本期间没有取号、预约或暂停服务记录。")
    return QueueTally(
        hall=hall,
        hall_name=hall_name,
        period=period,
        grouping=grouping,
        as_of=as_of,
        generated_at=generated_at,
        total=total,
        groups=sorted(groups.values(), key=lambda fig: (fig.key == UNLINKED, fig.key)),
        notes=all_notes,
    )


def _minutes(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds / 60, 1)


#: The table every export and the 排队 tab share (keys stable, labels the Chinese headings exported).
QUEUE_COLUMNS: list[Column[QueueFigures]] = [
    Column("issued", "取号数", lambda f: f.issued, "int"),
    Column("wait_median", "等候时长中位数(分钟)", lambda f: _minutes(f.wait_median_s), "minutes"),
    Column("wait_p90", "等候时长P90(分钟)", lambda f: _minutes(f.wait_p90_s), "minutes"),
    Column("called", "叫号数", lambda f: f.called, "int"),
    Column("served", "办结数", lambda f: f.served, "int"),
    Column("service_median", "服务时长中位数(分钟)", lambda f: _minutes(f.service_median_s), "minutes"),
    Column("service_p90", "服务时长P90(分钟)", lambda f: _minutes(f.service_p90_s), "minutes"),
    Column("no_show", "过号", lambda f: f.no_show, "int"),
    Column("no_show_rate", "过号率", lambda f: None if f.no_show_rate is None else round(f.no_show_rate, 4), "pct"),
    Column("transferred", "转移", lambda f: f.transferred, "int"),
    Column("appointments", "预约", lambda f: f.appointments, "int"),
    Column("appointments_kept", "预约签到", lambda f: f.appointments_kept, "int"),
    Column("appointments_missed", "预约爽约", lambda f: f.appointments_missed, "int"),
    Column("paused_minutes", "暂停服务(分钟)", lambda f: f.paused_minutes, "minutes"),
]

QUEUE_DEFINITIONS = (
    "取号数为本期间取得的号（转移后的续号不重复计）；等候时长＝取号至首次叫号，取已叫号的号。",
    "服务时长＝开始办理（或最后一次叫号/回呼）至办结，取已办结的号；P90 为第 90 百分位（最近秩法）。",
    "叫号数含转入的号，按窗口分组即各窗口接待号数；过号率＝过号÷叫号数。",
    "预约按预约日统计（不含已取消）；爽约＝签到时间（时段结束后的迟到宽限）已过仍未签到。",
    "暂停服务按窗口暂停记录截取到本期间；尚未恢复的暂停计至统计时刻。",
)


def queue_header(tally: QueueTally) -> list[str]:
    return [tally.grouping_label, *[column.label for column in QUEUE_COLUMNS]]


def queue_rows(tally: QueueTally) -> list[list[Any]]:
    """Group rows then the total row, each starting with the group label: what CSV and XLSX hold."""
    return [[fig.label, *[column.value(fig) for column in QUEUE_COLUMNS]] for fig in [*tally.groups, tally.total]]
