"""The complaint and bad-review register: 受理 → 调查核实 → 整改 → 回访反馈 → 办结, on a working-day clock.

Every bad rating opens a follow-up task by itself (:func:`open_task_for_bad_rating`, called inside the
rating's own transaction); complaints from the other channels are registered by hand. Deadlines are
``complaint_sla_days`` working days (5, 7 or 15) counted from the day after receipt. Each change is an
event appended in the same transaction as the register row, like every other state change.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hallclient.domain.events import EventType, new_id
from hallclient.domain.rating import LEVELS, is_bad_review
from hallclient.domain.workdays import WorkCalendar
from hallclient.errors import HallError
from hallclient.services.context import Actor, Services, wall_time
from hallclient.services.roles import Permission, require, require_not_about
from hallclient.store import eventlog
from hallclient.store.bootstrap import calendar_in, load_calendar
from hallclient.store.models import Case, Rating, User
from hallclient.store.supervision_models import Complaint

SOURCES: dict[str, str] = {
    "on_site": "现场",
    "phone": "电话",
    "suggestion_box": "意见箱/意见簿",
    "online": "网络",
    "transferred": "转接",
}
RATING_SOURCE = "rating"  # bad reviews come from 好差评, not from a complaint channel
SOURCE_LABELS: dict[str, str] = {**SOURCES, RATING_SOURCE: "好差评"}
KIND_LABELS = {"complaint": "投诉", "bad_review": "差评"}

STAGES: tuple[str, ...] = ("accepted", "investigating", "rectifying", "follow_up", "closed")
STAGE_LABELS: dict[str, str] = {
    "accepted": "受理",
    "investigating": "调查核实",
    "rectifying": "整改",
    "follow_up": "回访反馈",
    "closed": "办结",
}
FOLLOW_UP_RESULTS = ("满意", "基本满意", "不满意")
SLA_CHOICES = (5, 7, 15)
SYSTEM_ACTOR = "system:bad_review"


@dataclass(frozen=True)
class ComplaintInput:
    source: str
    content: str
    case_no: str = ""
    window: str = ""
    clerk_id: str = ""
    department_code: str = ""
    complainant: str = ""
    phone: str = ""


def due_date(received_on: date, sla_days: int, calendar: WorkCalendar) -> date:
    """The last working day to close: ``sla_days`` working days counted from the day after receipt."""
    if sla_days not in SLA_CHOICES:
        raise HallError(f"整改时限只能是 {'、'.join(map(str, SLA_CHOICES))} 个工作日，实为 {sla_days}")
    return calendar.add_workdays(received_on, sla_days)


def is_overdue(row: Complaint, today: date) -> bool:
    """Open past its due date, or closed later than it."""
    if row.closed_at is not None:
        return row.closed_at.date() > row.due_date
    return today > row.due_date


def _next_ref(session: Session, day: date) -> str:
    prefix = f"TS{day:%Y%m%d}-"
    count = session.scalar(select(func.count()).select_from(Complaint).where(Complaint.ref.like(f"{prefix}%"))) or 0
    return f"{prefix}{count + 1:04d}"


def _payload(row: Complaint) -> dict[str, Any]:
    return {
        "complaint_id": row.id,
        "ref": row.ref,
        "kind": row.kind,
        "source": row.source,
        "rating_id": row.rating_id,
        "case_no": row.case_no,
        "window": row.window,
        "clerk_id": row.clerk_id,
        "department_code": row.department_code,
        "stage": row.stage,
        "due_date": row.due_date.isoformat(),
        "sla_days": row.sla_days,
        "received_at": row.received_at.isoformat(timespec="seconds"),
        "rectified_at": row.rectified_at.isoformat(timespec="seconds") if row.rectified_at else None,
        "closed_at": row.closed_at.isoformat(timespec="seconds") if row.closed_at else None,
        "appeal": row.appeal,
        "appeal_result": row.appeal_result,
    }


def _append(session: Session, services: Services, row: Complaint, type: str, actor: str, extra: dict[str, Any]) -> None:
    eventlog.append(
        session,
        device_id=services.device_id,
        case_id=row.case_id,
        type=type,
        payload={**_payload(row), **extra},
        actor=actor,
        at=services.now(),
    )


def open_task_for_bad_rating(session: Session, services: Services, rating_id: str) -> str | None:
    """Open the follow-up task of a bad rating inside the caller's transaction; None if not a bad review.

    Idempotent: a rating that already has a task gets no second one.
    """
    rating = session.get(Rating, rating_id)
    if rating is None:
        raise HallError(f"评价不存在：{rating_id}")
    if not is_bad_review(rating.level):
        return None
    existing = session.scalar(select(Complaint.id).where(Complaint.rating_id == rating_id))
    if existing is not None:
        return existing
    case = session.get(Case, rating.case_id) if rating.case_id else None
    clerk = session.get(User, rating.clerk_id)
    now = services.now()
    calendar = calendar_in(session)
    sla = services.settings.complaint_sla_days
    reason = f"：{rating.reason}" if rating.reason else ""
    row = Complaint(
        id=new_id(),
        ref=_next_ref(session, now.date()),
        kind="bad_review",
        source=RATING_SOURCE,
        rating_id=rating.id,
        case_id=rating.case_id,
        case_no=case.case_no if case else "",
        window=rating.window,
        clerk_id=rating.clerk_id,
        clerk_name=clerk.display_name if clerk else (case.clerk_name if case else ""),
        department_code=case.department_code if case else "",
        content=f"差评（{LEVELS[rating.level]}）{reason}",
        stage="accepted",
        received_at=wall_time(now),
        sla_days=sla,
        due_date=due_date(now.date(), sla, calendar),
        appeal=False,
        appeal_reason="",
        appeal_result="",
        updated_at=wall_time(now),
    )
    session.add(row)
    session.flush()
    _append(session, services, row, EventType.COMPLAINT_OPENED, SYSTEM_ACTOR, {"content": row.content})
    return row.id


def open_missing_bad_review_tasks(services: Services) -> int:
    """Open tasks for bad ratings that have none (ratings recorded before the register existed)."""
    with services.store.write() as session:
        missing = session.scalars(
            select(Rating.id)
            .outerjoin(Complaint, Complaint.rating_id == Rating.id)
            .where(Rating.level.in_((1, 2)), Complaint.id.is_(None))
            .order_by(Rating.rated_at)
        ).all()
        for rating_id in missing:
            open_task_for_bad_rating(session, services, rating_id)
    return len(missing)


def register_complaint(services: Services, actor: Actor, complaint: ComplaintInput) -> str:
    """受理 a complaint from one of the five channels, linked to a case, window, clerk or department."""
    require(actor, Permission.SUPERVISE)
    if complaint.source not in SOURCES:
        allowed = f"{'、'.join(SOURCES.values())}（{'/'.join(SOURCES)}）"
        raise HallError(f"投诉来源只能是 {allowed}，实为 {complaint.source!r}")
    if not complaint.content.strip():
        raise HallError("请填写投诉内容")
    now = services.now()
    with services.store.write() as session:
        case = None
        if complaint.case_no.strip():
            case = session.scalar(select(Case).where(Case.case_no == complaint.case_no.strip()))
            if case is None:
                raise HallError(f"办件编号不存在：{complaint.case_no.strip()}")
        clerk_id = complaint.clerk_id or (case.clerk_id if case else "")
        clerk = session.get(User, clerk_id) if clerk_id else None
        if clerk_id and clerk is None:
            raise HallError(f"被投诉人员不存在：{clerk_id}")
        sla = services.settings.complaint_sla_days
        row = Complaint(
            id=new_id(),
            ref=_next_ref(session, now.date()),
            kind="complaint",
            source=complaint.source,
            rating_id=None,
            case_id=case.id if case else None,
            case_no=case.case_no if case else "",
            window=complaint.window.strip() or (case.window if case else ""),
            clerk_id=clerk_id,
            clerk_name=clerk.display_name if clerk else "",
            department_code=complaint.department_code.strip() or (case.department_code if case else ""),
            complainant=complaint.complainant.strip(),
            phone=complaint.phone.strip(),
            content=complaint.content.strip(),
            stage="accepted",
            received_at=wall_time(now),
            sla_days=sla,
            due_date=due_date(now.date(), sla, calendar_in(session)),
            appeal=False,
            appeal_reason="",
            appeal_result="",
            updated_at=wall_time(now),
        )
        session.add(row)
        session.flush()
        _append(
            session,
            services,
            row,
            EventType.COMPLAINT_OPENED,
            actor.username,
            {"content": row.content, "complainant": row.complainant, "phone": row.phone},
        )
        return row.id


def _load(session: Session, complaint_id: str, *, open_for: str = "") -> Complaint:
    """The complaint, or a clear refusal; with ``open_for`` a closed one is refused for that action."""
    row = session.get(Complaint, complaint_id)
    if row is None:
        raise HallError(f"投诉/差评不存在：{complaint_id}")
    if open_for and row.stage == "closed":
        raise HallError(f"{row.ref} 已办结，不能再{open_for}")
    return row


def advance(services: Services, actor: Actor, complaint_id: str, note: str, *, result: str = "") -> str:
    """Move a complaint to its next stage, recording what was found, done or heard; returns the new stage.

    The note is the record of the stage being finished: the finding (调查核实), the rectification (整改),
    the follow-up (回访反馈, with ``result`` 满意/基本满意/不满意).
    """
    require(actor, Permission.SUPERVISE)
    if not note.strip():
        raise HallError("请填写本环节的处理情况")
    now = services.now()
    with services.store.write() as session:
        row = _load(session, complaint_id, open_for="推进")
        require_not_about(actor, row.clerk_id, row.ref)
        if row.appeal and not row.appeal_result:
            raise HallError(f"{row.ref} 申诉复核尚未结论，请先处理复核")
        finished = row.stage
        if finished == "follow_up" and result not in FOLLOW_UP_RESULTS:
            raise HallError(f"回访须记录群众评价：{'、'.join(FOLLOW_UP_RESULTS)}")
        if finished == "accepted":
            pass
        elif finished == "investigating":
            row.finding = note.strip()
        elif finished == "rectifying":
            row.rectification = note.strip()
            row.rectified_at = wall_time(now)
        elif finished == "follow_up":
            row.follow_up = note.strip()
            row.follow_up_result = result
        row.stage = STAGES[STAGES.index(finished) + 1]
        if row.stage == "closed":
            row.closed_at = wall_time(now)
        row.updated_at = wall_time(now)
        _append(
            session,
            services,
            row,
            EventType.COMPLAINT_ADVANCED,
            actor.username,
            {"from": finished, "note": note.strip(), "result": result},
        )
        return row.stage


def flag_appeal(services: Services, actor: Actor, complaint_id: str, reason: str) -> None:
    """申诉复核: the clerk contests a bad review as mistaken or malicious; the task waits for the re-check."""
    if not reason.strip():
        raise HallError("申诉须写明理由")
    now = services.now()
    with services.store.write() as session:
        row = _load(session, complaint_id, open_for="申诉")
        if row.appeal:
            raise HallError(f"{row.ref} 已提出过申诉")
        row.appeal, row.appeal_reason, row.appeal_result = True, reason.strip(), ""
        row.updated_at = wall_time(now)
        _append(session, services, row, EventType.COMPLAINT_APPEALED, actor.username, {"reason": reason.strip()})


def decide_appeal(services: Services, actor: Actor, complaint_id: str, upheld: bool, note: str) -> None:
    """复核结论 (supervisors only): an upheld appeal closes the task and removes it from the rectification rate."""
    require(actor, Permission.SUPERVISE)
    if not note.strip():
        raise HallError("请填写复核意见")
    now = services.now()
    with services.store.write() as session:
        row = _load(session, complaint_id)
        require_not_about(actor, row.clerk_id, row.ref)
        if not row.appeal or row.appeal_result:
            raise HallError(f"{row.ref} 没有待复核的申诉")
        row.appeal_result = "upheld" if upheld else "rejected"
        if upheld:
            row.finding = f"申诉复核成立：{note.strip()}"
            row.stage, row.closed_at = "closed", wall_time(now)
        row.updated_at = wall_time(now)
        _append(
            session,
            services,
            row,
            EventType.COMPLAINT_APPEAL_DECIDED,
            actor.username,
            {"upheld": upheld, "note": note.strip()},
        )


@dataclass(frozen=True)
class RegisterEntry:
    """One line of the register as screens and exports show it."""

    id: str
    ref: str
    kind: str
    source: str
    case_no: str
    window: str
    clerk_name: str
    department_code: str
    content: str
    stage: str
    received_at: datetime
    due_date: date
    overdue: bool
    appeal: bool
    appeal_result: str


def register_entries(
    services: Services,
    *,
    open_only: bool = False,
    window: str | None = None,
    today: date | None = None,
    actor: Actor | None = None,
) -> list[RegisterEntry]:
    """The register, overdue first then by due date; ``window`` limits it to one window.

    With ``actor`` (every screen passes it) only a supervisor may read it; the CLI and reports, run by
    IT staff on the store itself, pass none.
    """
    if actor is not None:
        require(actor, Permission.SUPERVISE)
    today = today or services.now().date()
    with services.store.read() as session:
        query = select(Complaint)
        if open_only:
            query = query.where(Complaint.stage != "closed")
        if window is not None:
            query = query.where(Complaint.window == window)
        rows = list(session.scalars(query))
    entries = [
        RegisterEntry(
            id=row.id, ref=row.ref, kind=row.kind, source=row.source, case_no=row.case_no, window=row.window,
            clerk_name=row.clerk_name, department_code=row.department_code, content=row.content, stage=row.stage,
            received_at=row.received_at, due_date=row.due_date, overdue=is_overdue(row, today), appeal=row.appeal,
            appeal_result=row.appeal_result,
        )
        for row in rows
    ]  # fmt: skip
    entries.sort(key=lambda e: (e.stage == "closed", not e.overdue, e.due_date, e.ref))
    return entries


def calendar_for(services: Services) -> WorkCalendar:
    return load_calendar(services.store)


@dataclass(frozen=True)
class ComplaintDetail:
    """The whole record of one complaint or bad review and its history, for the supervisor's detail view."""

    entry: RegisterEntry
    complainant: str
    phone: str  # masked
    finding: str
    rectification: str
    follow_up: str
    follow_up_result: str
    appeal_reason: str
    history: tuple[tuple[str, str, str, str], ...]  # (time, event type, actor, note or reason)


def complaint_detail(services: Services, actor: Actor, complaint_id: str) -> ComplaintDetail:
    """Supervisors only; every stage's note comes from the complaint's events in order."""
    from hallclient.domain.masking import mask_phone
    from hallclient.store.models import Event

    require(actor, Permission.SUPERVISE)
    with services.store.read() as session:
        row = _load(session, complaint_id)
        complaint_types = [t.value for t in EventType if t.value.startswith("complaint.")]
        events = session.scalars(select(Event).where(Event.type.in_(complaint_types)).order_by(Event.seq))
        history = []
        for event in events:
            payload = json.loads(event.payload) if isinstance(event.payload, str) else dict(event.payload)
            if payload.get("complaint_id") != complaint_id:
                continue
            note = payload.get("note") or payload.get("reason") or payload.get("content") or ""
            history.append((event.device_time[:16].replace("T", " "), event.type, event.actor, str(note)))
        [entry] = [item for item in register_entries(services, today=services.now().date()) if item.id == row.id]
        return ComplaintDetail(
            entry=entry,
            complainant=row.complainant,
            phone=mask_phone(row.phone) if row.phone else "",
            finding=row.finding,
            rectification=row.rectification,
            follow_up=row.follow_up,
            follow_up_result=row.follow_up_result,
            appeal_reason=row.appeal_reason,
            history=tuple(history),
        )
