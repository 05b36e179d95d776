"""Recording attendance: each change of a window's on-duty state is an event (``window.*``) and a mark.

The client app calls one function per change — sign-in, sign-out, lock, unlock, and the queue's 暂停服务
/ 恢复 (after the server accepted it). Each writes the :class:`AttendanceMark` (the local index that
:mod:`hallclient.services.assessment` reads) and appends its event in the same transaction. Users carry
no department locally, so ``department_code`` is empty here; the assessment assigns a staff member to a
department from their cases (and says so in its notes).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from hallclient.domain.attendance import WindowEvent
from hallclient.domain.events import EventType
from hallclient.services.context import Actor, Services, wall_time
from hallclient.store import eventlog
from hallclient.store.assessment_models import AttendanceMark


def _record(services: Services, actor: Actor, type: EventType, reason: str = "") -> None:
    now = services.now()
    window = services.settings.window
    payload: dict[str, str] = {
        "window": window,
        "user_id": actor.user_id,
        "user_name": actor.display_name,
        "department_code": "",
        "at": now.isoformat(timespec="seconds"),
    }
    if type == EventType.WINDOW_PAUSED:
        payload["reason"] = reason
    with services.store.write() as session:
        record = eventlog.append(
            session, device_id=services.device_id, case_id=None, type=type, payload=payload, actor=actor.username,
            at=now,
        )  # fmt: skip
        session.add(
            AttendanceMark(id=record.id, type=type.value, at=wall_time(now), window=window, user_id=actor.user_id,
                           reason=reason)
        )  # fmt: skip


def record_signed_in(services: Services, actor: Actor) -> None:
    _record(services, actor, EventType.WINDOW_SIGNED_IN)


def record_signed_out(services: Services, actor: Actor) -> None:
    _record(services, actor, EventType.WINDOW_SIGNED_OUT)


def record_locked(services: Services, actor: Actor) -> None:
    _record(services, actor, EventType.WINDOW_LOCKED)


def record_unlocked(services: Services, actor: Actor) -> None:
    _record(services, actor, EventType.WINDOW_UNLOCKED)


def record_paused(services: Services, actor: Actor, reason: str) -> None:
    """暂停服务 with its reason, recorded once the queue server accepted the pause."""
    _record(services, actor, EventType.WINDOW_PAUSED, reason)


def record_resumed(services: Services, actor: Actor) -> None:
    _record(services, actor, EventType.WINDOW_RESUMED)


def window_events(services: Services, start: date, end: date) -> dict[str, list[WindowEvent]]:
    """Each staff member's ``window.*`` events of the days ``start``..``end``, in time order."""
    from hallclient.domain.tally import Period

    low, high = Period(start, end).bounds()
    found: dict[str, list[WindowEvent]] = {}
    m = AttendanceMark.__table__.c
    query = select(m.user_id, m.at, m.type, m.window).where(m.at >= low, m.at < high).order_by(m.at, m.id)
    with services.store.read() as session:
        for user_id, at, type_, window in session.execute(query):
            found.setdefault(str(user_id), []).append(WindowEvent(at, str(type_), str(window)))
    return found
