"""SMS notices of a case, appended to the event log in the caller's transaction (the log is the outbox).

Each notice is a ``notice.queued`` event (:mod:`hallclient.domain.notices`): it travels to the server with
the window's exactly-once sync, and the server renders and sends it. A notice that cannot be sent (no
valid mobile number, or the applicant ticked 不接收短信 at intake) is a ``notice.skipped`` event instead,
with the reason the case timeline shows: never a silent gap.

:func:`queue_notice` is the one entry point for a step that sends a notice (the 通办 register calls it
when a parcel is posted); :func:`notices_for_event` is what every case command runs after its event.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from hallclient.domain.events import EventRecord, new_id
from hallclient.domain.notices import (
    DEFAULT_REMINDER_DAYS,
    NOTICES_FOR_EVENT,
    OPT_OUT_KEY,
    NoticeKind,
    case_notice,
    completion_params,
)
from hallclient.store import eventlog
from hallclient.store.models import Case


def queue_notice(
    session: Session,
    *,
    device_id: str,
    actor: str,
    row: Case,
    kind: NoticeKind,
    params: dict[str, Any],
    at: datetime,
    hall_phone: str = "",
    not_before: datetime | None = None,
) -> EventRecord:
    """Queue one notice of ``kind`` for the case in the caller's transaction; returns the event appended.

    ``params`` are the kind's own facts (e.g. ``carrier`` and ``waybill_no`` for ``POSTED``); the common ones
    (case number, matter, name, hall phone) are added here. Without a valid mobile number, or when the
    applicant opted out, the event is ``notice.skipped`` with the reason the timeline shows.
    """
    kind_of_event, payload = case_notice(
        notice_id=new_id(),
        kind=kind,
        case_id=row.id,
        case_no=row.case_no,
        matter=row.matter_name,
        name=row.applicant_name,
        phone=row.applicant_phone or "",
        opted_out=bool((row.applicant or {}).get(OPT_OUT_KEY)),
        hall_phone=hall_phone,
        params=params,
        not_before=not_before.isoformat(timespec="seconds") if not_before is not None else None,
    )
    return eventlog.append(
        session, device_id=device_id, case_id=row.id, type=kind_of_event, payload=payload, actor=actor, at=at
    )


def notices_for_event(
    session: Session,
    *,
    device_id: str,
    actor: str,
    row: Case,
    event: EventRecord,
    hall_phone: str,
    reminder_days: int = DEFAULT_REMINDER_DAYS,
) -> list[EventRecord]:
    """The notices a case event causes (none for most), appended right after it in the same transaction."""
    appended = []
    for kind in NOTICES_FOR_EVENT.get(event.type, ()):
        params = _params(row, kind, event)
        if params is None:
            continue
        at = datetime.fromisoformat(event.device_time)
        not_before = (
            _reminder_time(row.supply_deadline, reminder_days, at) if kind is NoticeKind.DEFICIENCY_REMINDER else None
        )
        appended.append(
            queue_notice(
                session,
                device_id=device_id,
                actor=actor,
                row=row,
                kind=kind,
                params=params,
                at=at,
                hall_phone=hall_phone,
                not_before=not_before,
            )
        )
    return appended


def _params(row: Case, kind: NoticeKind, event: EventRecord) -> dict[str, Any] | None:
    """The kind's own facts from the case and its event; None when this event does not warrant the kind."""
    if kind is NoticeKind.ACCEPTED:
        return {"promised_date": row.promised_date.isoformat() if row.promised_date else ""}
    if kind is NoticeKind.MISSING:
        return {"materials": _material_names(row, lambda item: not item.received and not item.deficient)}
    if kind is NoticeKind.DEFICIENCY_REMINDER:
        if row.supply_deadline is None:
            return None
        return {
            "materials": _material_names(row, lambda item: item.deficient and not item.received),
            "supply_deadline": row.supply_deadline.isoformat(),
        }
    if kind in (NoticeKind.READY, NoticeKind.RATING_INVITE):
        return completion_params(kind, row.decision)
    return None


def _material_names(row: Case, wanted: Any) -> str:
    return "、".join(item.name for item in sorted(row.materials, key=lambda item: item.position) if wanted(item))


def _reminder_time(deadline: date | None, days: int, at: datetime) -> datetime | None:
    """09:00 ``days`` calendar days before the deadline, at the window's offset; never before now."""
    if deadline is None:
        return None
    moment = datetime.combine(deadline - timedelta(days=days), datetime.min.time()).replace(hour=9, tzinfo=at.tzinfo)
    return max(moment, at)
