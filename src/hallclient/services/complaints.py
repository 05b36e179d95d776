"""The complaint and bad-review register: the report's six steps on a working-day clock.

差评受理 → 调查核实 → 差评整改 → 回访反馈 → 举一反三 → 保持长效, then 办结. Every bad rating opens a task
by itself (:func:`open_task_for_bad_rating`, inside the rating's own transaction); complaints from the
other channels are registered by hand. Each step is recorded in order, none skipped, with who, when and
what (a ``complaint_steps`` row); the complaint has a handler (经办人), who is never its subject.

Deadlines: the complaint is due ``complaint_sla_days`` working days (5, 7 or 15) counted from the day
after receipt, and its six steps share that time: step *k* (1…6) is due ``ceil(k × SLA / 6)`` working
days after receipt, so the last step is due on the complaint's own due date (SLA 5: 1, 2, 3, 4, 5, 5).
A step is overdue when it was recorded after its due day, or is still open past it.

Each change is an event appended in the same transaction as the register row, carrying the complaint's
whole state (steps and handler included): the server's tallies read the last one.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hallclient.domain.events import EventType, new_id
from hallclient.domain.rating import LEVELS, is_bad_review
from hallclient.domain.workdays import WorkCalendar
from hallclient.errors import HallError
from hallclient.services.complaint_meetings import Meeting, MeetingFlag, meeting_flags, meetings
from hallclient.services.context import Actor, Services, wall_time
from hallclient.services.roles import Permission, PermissionDenied, may, require, require_not_about
from hallclient.store import eventlog
from hallclient.store.bootstrap import calendar_in, load_calendar
from hallclient.store.models import Case, Rating, User
from hallclient.store.supervision_models import Complaint, ComplaintStep

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

STEPS: tuple[str, ...] = ("accepted", "investigating", "rectifying", "follow_up", "lessons", "lasting")
STAGES: tuple[str, ...] = (*STEPS, "closed")
STAGE_LABELS: dict[str, str] = {
    "accepted": "差评受理",
    "investigating": "调查核实",
    "rectifying": "差评整改",
    "follow_up": "回访反馈",
    "lessons": "举一反三",
    "lasting": "保持长效",
    "closed": "办结",
}
STEP_PROMPTS: dict[str, str] = {  # what each step records
    "accepted": "受理意见",
    "investigating": "调查核实结论",
    "rectifying": "整改措施",
    "follow_up": "回访情况",
    "lessons": "汲取的教训，排查的其他窗口或事项",
    "lasting": "长效措施（制度、培训）",
}
FOLLOW_UP_RESULTS = ("满意", "基本满意", "不满意")
SLA_CHOICES = (5, 7, 15)
SYSTEM_ACTOR = "system:bad_review"
ONE_DAY = timedelta(days=1)


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


def step_due_dates(received_on: date, sla_days: int, final: date, calendar: WorkCalendar) -> dict[str, date]:
    """Each step's due day: step k of 6 at ``ceil(k × SLA / 6)`` working days, never after ``final``."""
    return {
        step: min(final, calendar.add_workdays(received_on, math.ceil(number * sla_days / len(STEPS))))
        for number, step in enumerate(STEPS, start=1)
    }


def is_overdue(row: Complaint, today: date) -> bool:
    """Open past its due date, or closed later than it."""
    if row.closed_at is not None:
        return row.closed_at.date() > row.due_date
    return today > row.due_date


def _next_ref(session: Session, day: date) -> str:
    prefix = f"TS{day:%Y%m%d}-"
    count = session.scalar(select(func.count()).select_from(Complaint).where(Complaint.ref.like(f"{prefix}%"))) or 0
    return f"{prefix}{count + 1:04d}"


def _steps_of(session: Session, complaint_id: str) -> list[ComplaintStep]:
    rows = session.scalars(select(ComplaintStep).where(ComplaintStep.complaint_id == complaint_id))
    return sorted(rows, key=lambda step: STEPS.index(step.step) if step.step in STEPS else len(STEPS))


def _payload(session: Session, row: Complaint) -> dict[str, Any]:
    """The complaint's whole state, as every complaint event carries it."""
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
        "handler_id": row.handler_id,
        "handler_name": row.handler_name,
        "steps": [
            {"step": step.step, "actor_id": step.actor_id, "actor_name": step.actor_name,
             "at": step.at.isoformat(timespec="seconds"), "text": step.text, "result": step.result}
            for step in _steps_of(session, row.id)
        ],
    }  # fmt: skip


def _append(session: Session, services: Services, row: Complaint, type: str, actor: str, extra: dict[str, Any]) -> None:
    session.flush()
    eventlog.append(
        session,
        device_id=services.device_id,
        case_id=row.case_id,
        type=type,
        payload={**_payload(session, row), **extra},
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


def _ratings_without_task() -> Any:
    return (
        select(Rating.id)
        .outerjoin(Complaint, Complaint.rating_id == Rating.id)
        .where(Rating.level.in_((1, 2)), Complaint.id.is_(None))
    )


def count_missing_bad_review_tasks(services: Services) -> int:
    """Bad ratings without their task yet (recorded before the register existed; opened when 统计与督办 loads)."""
    with services.store.read() as session:
        return session.scalar(select(func.count()).select_from(_ratings_without_task().subquery())) or 0


def open_missing_bad_review_tasks(services: Services) -> int:
    """Open tasks for bad ratings that have none (ratings recorded before the register existed)."""
    with services.store.write() as session:
        missing = session.scalars(_ratings_without_task().order_by(Rating.rated_at)).all()
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


def _step_label(step: str) -> str:
    return STAGE_LABELS.get(step, step)


def record_step(services: Services, actor: Actor, complaint_id: str, step: str, text: str, *, result: str = "") -> str:
    """Record one step of a complaint — who (``actor``), when (now), what (``text``) — and return the next stage.

    Steps go in order and none is skipped: ``step`` must be the one in hand. Supervisors and the
    complaint's handler record steps, never the person the complaint is about. Recording 差评受理 on a
    complaint without a handler makes the recorder its handler. 回访反馈 needs the citizen's verdict
    (``result``: 满意/基本满意/不满意); recording 保持长效 closes the complaint (办结).
    """
    if step not in STEPS:
        raise HallError(
            f"环节只能是 {'、'.join(STAGE_LABELS[key] for key in STEPS)}（{'/'.join(STEPS)}），实为 {step!r}"
        )
    if not text.strip():
        raise HallError(f"请填写{_step_label(step)}环节的{STEP_PROMPTS[step]}")
    now = services.now()
    with services.store.write() as session:
        row = _load(session, complaint_id, open_for="记录")
        if not may(actor, Permission.SUPERVISE) and actor.user_id != row.handler_id:
            raise PermissionDenied(f"只有值班长（督办）或本件经办人可以记录 {row.ref} 的处理环节")
        require_not_about(actor, row.clerk_id, row.ref)
        if row.appeal and not row.appeal_result:
            raise HallError(f"{row.ref} 申诉复核尚未结论，请先处理复核")
        if step != row.stage:
            if STAGES.index(step) < STAGES.index(row.stage):
                raise HallError(f"{row.ref} 的{_step_label(step)}环节已记录，不能重复记录")
            raise HallError(f"{row.ref} 须先完成{_step_label(row.stage)}环节，不能跳过")
        if step == "follow_up" and result not in FOLLOW_UP_RESULTS:
            raise HallError(f"回访须记录群众评价：{'、'.join(FOLLOW_UP_RESULTS)}")
        note = text.strip()
        if step == "investigating":
            row.finding = note
        elif step == "rectifying":
            row.rectification, row.rectified_at = note, wall_time(now)
        elif step == "follow_up":
            row.follow_up, row.follow_up_result = note, result
        if step == "accepted" and not row.handler_id:
            row.handler_id, row.handler_name = actor.user_id, actor.display_name
        session.add(
            ComplaintStep(
                id=new_id(), complaint_id=row.id, step=step, actor_id=actor.user_id, actor_name=actor.display_name,
                at=wall_time(now), text=note, result=result if step == "follow_up" else "",
            )
        )  # fmt: skip
        row.stage = STAGES[STAGES.index(step) + 1]
        if row.stage == "closed":
            row.closed_at = wall_time(now)
        row.updated_at = wall_time(now)
        _append(
            session,
            services,
            row,
            EventType.COMPLAINT_ADVANCED,
            actor.username,
            {"from": step, "note": note, "result": result},
        )
        return row.stage


def advance(services: Services, actor: Actor, complaint_id: str, note: str, *, result: str = "") -> str:
    """Record the step in hand (see :func:`record_step`) and return the new stage."""
    with services.store.read() as session:
        stage = _load(session, complaint_id, open_for="推进").stage
    return record_step(services, actor, complaint_id, stage, note, result=result)


def assign_handler(services: Services, actor: Actor, complaint_id: str, handler_id: str) -> None:
    """Assign (or reassign) the complaint's handler: a supervisor or a named staff member, never its subject.

    Supervisors only; each assignment is a ``complaint.assigned`` event naming the previous handler.
    """
    require(actor, Permission.SUPERVISE)
    now = services.now()
    with services.store.write() as session:
        row = _load(session, complaint_id, open_for="指派经办人")
        require_not_about(actor, row.clerk_id, row.ref)
        handler = session.get(User, handler_id) if handler_id else None
        if handler is None or not handler.active:
            raise HallError(f"经办人不存在或已停用：{handler_id}")
        if handler.id == row.clerk_id:
            raise HallError(f"{row.ref} 是针对{handler.display_name}本人的投诉/差评，不能由其本人经办")
        if handler.id == row.handler_id:
            raise HallError(f"{handler.display_name} 已是 {row.ref} 的经办人")
        previous = {"previous_handler_id": row.handler_id, "previous_handler_name": row.handler_name}
        row.handler_id, row.handler_name = handler.id, handler.display_name
        row.updated_at = wall_time(now)
        _append(session, services, row, EventType.COMPLAINT_ASSIGNED, actor.username, previous)


def handler_choices(services: Services, actor: Actor | None = None) -> list[tuple[str, str, str]]:
    """Active accounts that may handle a complaint: (user id, display name, role), supervisors first."""
    if actor is not None:
        require(actor, Permission.SUPERVISE)
    with services.store.read() as session:
        users = session.scalars(select(User).where(User.active.is_(True)))
        found = [(user.id, user.display_name, user.role) for user in users]
    return sorted(found, key=lambda user: (user[2] == "clerk", user[1]))


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
class StepState:
    """One of a complaint's six steps: its due day, and who recorded it, when and what (empty if not yet)."""

    step: str
    due: date
    actor_name: str = ""
    at: datetime | None = None
    text: str = ""
    result: str = ""
    overdue: bool = False  # recorded after its due day, or still open past it

    @property
    def done(self) -> bool:
        return self.at is not None


def step_states(
    row: Complaint, steps: list[ComplaintStep], today: date, calendar: WorkCalendar
) -> tuple[StepState, ...]:
    """The six steps of ``row`` with their due days and overdue flags (a closed complaint's unrecorded
    steps — closed by an upheld appeal, or before the six steps existed — are not overdue)."""
    dues = step_due_dates(row.received_at.date(), row.sla_days, row.due_date, calendar)
    done = {step.step: step for step in steps}
    states = []
    for step in STEPS:
        due, record = dues[step], done.get(step)
        if record is not None:
            states.append(StepState(step, due, record.actor_name, record.at, record.text, record.result,
                                    record.at.date() > due))  # fmt: skip
        else:
            states.append(StepState(step, due, overdue=row.stage != "closed" and today > due))
    return tuple(states)


@dataclass(frozen=True)
class RegisterEntry:
    """One line of the register (and of the ledger) as screens and exports show it."""

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
    handler_id: str = ""
    handler_name: str = ""
    steps: tuple[StepState, ...] = ()
    clerk_id: str = ""
    closed_at: datetime | None = None

    @property
    def overdue_steps(self) -> tuple[str, ...]:
        return tuple(state.step for state in self.steps if state.overdue)


def register_entries(
    services: Services,
    *,
    open_only: bool = False,
    window: str | None = None,
    source: str | None = None,
    received: tuple[date, date] | None = None,
    today: date | None = None,
    actor: Actor | None = None,
) -> list[RegisterEntry]:
    """The register, overdue first then by due date; ``window`` / ``source`` limit it to one window or
    channel, ``received`` to the complaints received in those days (inclusive).

    With ``actor`` (every screen passes it) only a supervisor may read it; the CLI and reports, run by
    IT staff on the store itself, pass none.
    """
    if actor is not None:
        require(actor, Permission.SUPERVISE)
    if source is not None and source not in SOURCE_LABELS:
        raise HallError(
            f"投诉来源只能是 {'、'.join(SOURCE_LABELS.values())}（{'/'.join(SOURCE_LABELS)}），实为 {source!r}"
        )
    today = today or services.now().date()
    with services.store.read() as session:
        query = select(Complaint)
        if open_only:
            query = query.where(Complaint.stage != "closed")
        if window is not None:
            query = query.where(Complaint.window == window)
        if source is not None:
            query = query.where(Complaint.source == source)
        if received is not None:
            first, after = (datetime.combine(day, datetime.min.time()) for day in (received[0], received[1] + ONE_DAY))
            query = query.where(Complaint.received_at >= first, Complaint.received_at < after)
        rows = list(session.scalars(query))
        steps: dict[str, list[ComplaintStep]] = {}
        if rows:
            wanted = [row.id for row in rows]
            for chunk in range(0, len(wanted), 500):
                for step in session.scalars(
                    select(ComplaintStep).where(ComplaintStep.complaint_id.in_(wanted[chunk : chunk + 500]))
                ):
                    steps.setdefault(step.complaint_id, []).append(step)
        calendar = calendar_in(session)
    entries = [
        RegisterEntry(
            id=row.id, ref=row.ref, kind=row.kind, source=row.source, case_no=row.case_no, window=row.window,
            clerk_name=row.clerk_name, department_code=row.department_code, content=row.content, stage=row.stage,
            received_at=row.received_at, due_date=row.due_date, overdue=is_overdue(row, today), appeal=row.appeal,
            appeal_result=row.appeal_result, handler_id=row.handler_id, handler_name=row.handler_name,
            steps=step_states(row, steps.get(row.id, []), today, calendar), closed_at=row.closed_at,
            clerk_id=row.clerk_id,
        )
        for row in rows
    ]  # fmt: skip
    entries.sort(key=lambda e: (e.stage == "closed", not e.overdue, e.due_date, e.ref))
    return entries


def source_counts(entries: list[RegisterEntry]) -> dict[str, int]:
    """Complaints per source (现场 … 转接, then 好差评), every source listed even at zero."""
    counts = dict.fromkeys(SOURCE_LABELS, 0)
    for entry in entries:
        counts[entry.source] = counts.get(entry.source, 0) + 1
    return counts


@dataclass(frozen=True)
class RegisterView:
    """What the register screen shows: its rows, who may be assigned, the departments needing a 专题会."""

    entries: list[RegisterEntry]
    handlers: list[tuple[str, str, str]]
    flags: list[MeetingFlag]
    meetings: list[Meeting]  # the 专题会 recorded, newest first
    today: date


def register_view(services: Services, *, window: str | None = None, actor: Actor | None = None) -> RegisterView:
    today = services.now().date()
    return RegisterView(
        entries=register_entries(services, window=window, today=today, actor=actor),
        handlers=handler_choices(services, actor),
        flags=meeting_flags(services, today=today, actor=actor),
        meetings=meetings(services, actor=actor),
        today=today,
    )


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
            if event.type == EventType.COMPLAINT_ASSIGNED:
                note = f"经办人：{payload.get('handler_name', '')}"
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
