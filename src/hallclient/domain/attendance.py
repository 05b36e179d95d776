"""考勤: a staff member's time on duty, computed from the ``window.*`` events against the hall's opening hours.

Pure: the caller passes the events (already read from the event log), the opening sessions and the working
days. The rules, chosen so a supervisor can check any figure by hand:

* Only the opening sessions (``[hall] opening_hours``) of working days count; a non-working day counts nothing.
* Each day starts signed out: a sign-in left open (a crash, a forgotten sign-out) counts until that day's
  closing time, never into the next day.
* **On duty** = signed in, not paused (暂停服务), and not locked — except that a lock of at most
  :data:`LOCK_GRACE_MINUTES` counts as on duty (a short step away from the desk). A longer lock counts as
  absent for its whole length.
* **Absent** (缺岗/不在岗) = opening minutes not on duty: signed out, paused, or a long lock.
* **Late start** (迟到) = an opening session at whose start (plus :data:`LATE_GRACE_MINUTES`) the person was
  not signed in, but who signed in later in that session. A session with no sign-in at all is absence, not
  lateness.
* **Pauses** = 暂停服务 events within the opening sessions of working days.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from itertools import pairwise

from hallclient.domain.events import EventType
from hallclient.errors import HallError

LOCK_GRACE_MINUTES = 10
LATE_GRACE_MINUTES = 5

SIGNED_IN = EventType.WINDOW_SIGNED_IN.value
SIGNED_OUT = EventType.WINDOW_SIGNED_OUT.value
LOCKED = EventType.WINDOW_LOCKED.value
UNLOCKED = EventType.WINDOW_UNLOCKED.value
PAUSED = EventType.WINDOW_PAUSED.value
RESUMED = EventType.WINDOW_RESUMED.value
WINDOW_EVENTS = (SIGNED_IN, SIGNED_OUT, LOCKED, UNLOCKED, PAUSED, RESUMED)

_SESSION = re.compile(r"^(\d{2}):(\d{2})-(\d{2}):(\d{2})$")


@dataclass(frozen=True)
class OpeningSession:
    """One opening session of a working day, e.g. 09:00-12:00."""

    start: time
    end: time

    def on(self, day: date) -> tuple[datetime, datetime]:
        return datetime.combine(day, self.start), datetime.combine(day, self.end)

    def label(self) -> str:
        return f"{self.start:%H:%M}-{self.end:%H:%M}"


def parse_opening_hours(text: str) -> tuple[OpeningSession, ...]:
    """``"09:00-12:00,13:30-17:00"`` → sessions; ordered, non-overlapping, each ending after it starts."""
    sessions: list[OpeningSession] = []
    parts = [part.strip() for part in text.split(",")]
    if not text.strip() or any(not part for part in parts):
        raise HallError(f"开放时间应为 HH:MM-HH:MM，多个时段用逗号分隔，如 09:00-12:00,13:30-17:00，实为 {text!r}")
    for part in parts:
        match = _SESSION.match(part)
        if match is None:
            raise HallError(f"开放时间的时段应为 HH:MM-HH:MM，实为 {part!r}")
        h1, m1, h2, m2 = (int(value) for value in match.groups())
        if h1 > 23 or h2 > 23 or m1 > 59 or m2 > 59:
            raise HallError(f"开放时间的时段 {part} 不是有效的时刻")
        session = OpeningSession(time(h1, m1), time(h2, m2))
        if session.end <= session.start:
            raise HallError(f"开放时间的时段 {part} 结束不晚于开始")
        if sessions and session.start < sessions[-1].end:
            raise HallError(f"开放时间的时段 {part} 与前一时段 {sessions[-1].label()} 重叠或顺序颠倒")
        sessions.append(session)
    return tuple(sessions)


@dataclass(frozen=True)
class WindowEvent:
    """One ``window.*`` event as attendance needs it (``at``: naive local wall time)."""

    at: datetime
    type: str
    window: str = ""


@dataclass(frozen=True)
class LateStart:
    day: date
    session: str  # "09:00-12:00"
    signed_in_at: datetime

    @property
    def minutes(self) -> int:
        start = datetime.combine(self.day, time.fromisoformat(self.session.split("-")[0]))
        return int((self.signed_in_at - start).total_seconds() // 60)


@dataclass
class Attendance:
    """One person's (or, summed, one department's) attendance over some working days."""

    duty_minutes: float = 0.0
    absent_minutes: float = 0.0
    late_starts: list[LateStart] = field(default_factory=list)
    pauses: int = 0
    absent_by_day: dict[date, float] = field(default_factory=dict)  # the drill-down: days with absence

    def add(self, other: Attendance) -> None:
        self.duty_minutes += other.duty_minutes
        self.absent_minutes += other.absent_minutes
        self.late_starts.extend(other.late_starts)
        self.pauses += other.pauses
        for day, minutes in other.absent_by_day.items():
            self.absent_by_day[day] = self.absent_by_day.get(day, 0.0) + minutes


def _on_duty_intervals(events: list[WindowEvent], day_end: datetime) -> list[tuple[datetime, datetime]]:
    """The intervals of one day (events sorted, all on that day) during which the person counts as on duty."""
    signed_in = paused = locked = False
    # (start, end, signed_in, paused, locked) segments between consecutive events
    segments: list[tuple[datetime, datetime, bool, bool, bool]] = []
    moments = [*events, WindowEvent(day_end, "")]
    for current, following in pairwise(moments):
        if current.type == SIGNED_IN:
            signed_in, locked = True, False
        elif current.type == SIGNED_OUT:
            signed_in, locked = False, False
        elif current.type == LOCKED:
            locked = True
        elif current.type == UNLOCKED:
            locked = False
        elif current.type == PAUSED:
            paused = True
        elif current.type == RESUMED:
            paused = False
        if following.at > current.at:
            segments.append((current.at, following.at, signed_in, paused, locked))
    # A lock (a run of locked segments while signed in) of at most the grace counts as on duty.
    grace = timedelta(minutes=LOCK_GRACE_MINUTES)
    intervals: list[tuple[datetime, datetime]] = []
    index = 0
    while index < len(segments):
        start, end, is_in, is_paused, is_locked = segments[index]
        if is_in and is_locked:
            run_end = index
            while run_end + 1 < len(segments) and segments[run_end + 1][2] and segments[run_end + 1][4]:
                run_end += 1
            short = segments[run_end][1] - start <= grace
            for run_start, run_stop, _, run_paused, _ in segments[index : run_end + 1]:
                if short and not run_paused:
                    intervals.append((run_start, run_stop))
            index = run_end + 1
            continue
        if is_in and not is_paused:
            intervals.append((start, end))
        index += 1
    return intervals


def _overlap(intervals: list[tuple[datetime, datetime]], start: datetime, end: datetime) -> float:
    total = 0.0
    for begin, stop in intervals:
        seconds = (min(stop, end) - max(begin, start)).total_seconds()
        total += max(0.0, seconds)
    return total / 60


def _late_start(events: list[WindowEvent], day: date, session: OpeningSession) -> LateStart | None:
    start, end = session.on(day)
    deadline = start + timedelta(minutes=LATE_GRACE_MINUTES)
    signed_in = False
    for event in events:
        if event.at <= deadline:
            if event.type in (SIGNED_IN, SIGNED_OUT):
                signed_in = event.type == SIGNED_IN
        elif signed_in or event.at >= end:
            return None
        elif event.type == SIGNED_IN:
            return LateStart(day, session.label(), event.at)
    return None


def compute_attendance(
    events: Iterable[WindowEvent], sessions: tuple[OpeningSession, ...], working_days: Iterable[date]
) -> Attendance:
    """Attendance of one person over ``working_days`` (events of other days are ignored)."""
    by_day: dict[date, list[WindowEvent]] = {}
    for event in events:
        by_day.setdefault(event.at.date(), []).append(event)
    result = Attendance()
    for day in sorted(set(working_days)):
        day_events = sorted(by_day.get(day, []), key=lambda event: event.at)
        closing = datetime.combine(day, sessions[-1].end) if sessions else datetime.combine(day, time.max)
        intervals = _on_duty_intervals(day_events, max([closing, *(event.at for event in day_events)]))
        day_absent = 0.0
        for session in sessions:
            start, end = session.on(day)
            duty = _overlap(intervals, start, end)
            result.duty_minutes += duty
            day_absent += (end - start).total_seconds() / 60 - duty
            late = _late_start(day_events, day, session)
            if late is not None:
                result.late_starts.append(late)
            result.pauses += sum(1 for event in day_events if event.type == PAUSED and start <= event.at < end)
        result.absent_minutes += day_absent
        if day_absent > 0:
            result.absent_by_day[day] = day_absent
    return result
