"""专题会: departments with repeated bad reviews meet on them, and the supervisor records the meeting.

A department is flagged for a calendar month when its *counted* bad reviews received in that month
(those whose appeal was upheld are left out) reach ``complaint_meeting_threshold`` (default 3), and it
has held no 专题会 on or after that month's first day. The current and the previous month are checked,
so a department flagged at a month's end stays flagged into the next until its meeting is recorded.
Each meeting is a ``complaint.meeting_recorded`` event in the same transaction as its row.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import func, select

from hallclient.domain.events import EventType, new_id
from hallclient.errors import HallError
from hallclient.services.context import Actor, Services, wall_time
from hallclient.services.roles import Permission, require
from hallclient.store import eventlog
from hallclient.store.models import Department
from hallclient.store.supervision_models import Complaint, ComplaintMeeting


@dataclass(frozen=True)
class MeetingFlag:
    """A department that needs a 专题会: its bad reviews counted in ``month`` (the month's first day)."""

    department_code: str
    department_name: str
    month: date
    bad_reviews: int
    complaint_ids: tuple[str, ...]


@dataclass(frozen=True)
class MeetingInput:
    held_on: date
    department_code: str
    attendees: str
    decisions: str
    complaint_ids: tuple[str, ...]


@dataclass(frozen=True)
class Meeting:
    id: str
    held_on: date
    department_code: str
    department_name: str
    attendees: str
    decisions: str
    complaint_refs: tuple[str, ...]
    recorded_by_name: str
    recorded_at: datetime


def _month_start(day: date) -> date:
    return day.replace(day=1)


def _next_month(first: date) -> date:
    return (first + timedelta(days=32)).replace(day=1)


def meeting_flags(services: Services, *, today: date | None = None, actor: Actor | None = None) -> list[MeetingFlag]:
    """Departments needing a 专题会 (see the module docstring), most bad reviews first."""
    if actor is not None:
        require(actor, Permission.SUPERVISE)
    today = today or services.now().date()
    threshold = services.settings.complaint_meeting_threshold
    current = _month_start(today)
    months = (_month_start(current - timedelta(days=1)), current)
    flags: dict[str, MeetingFlag] = {}
    with services.store.read() as session:
        names = {code: name for code, name in session.execute(select(Department.code, Department.name))}
        for month in months:
            start = datetime.combine(month, datetime.min.time())
            end = datetime.combine(_next_month(month), datetime.min.time())
            rows = session.execute(
                select(Complaint.department_code, Complaint.id).where(
                    Complaint.kind == "bad_review", Complaint.department_code != "",
                    Complaint.appeal_result != "upheld", Complaint.received_at >= start, Complaint.received_at < end,
                ).order_by(Complaint.ref)
            )  # fmt: skip
            by_department: dict[str, list[str]] = {}
            for code, complaint_id in rows:
                by_department.setdefault(code, []).append(complaint_id)
            for code, ids in by_department.items():
                if len(ids) < threshold or code in flags:
                    continue
                held = session.scalar(
                    select(func.count())
                    .select_from(ComplaintMeeting)
                    .where(ComplaintMeeting.department_code == code, ComplaintMeeting.held_on >= month)
                )
                if not held:
                    flags[code] = MeetingFlag(code, names.get(code, code), month, len(ids), tuple(ids))
    return sorted(flags.values(), key=lambda flag: (-flag.bad_reviews, flag.department_code))


def record_meeting(services: Services, actor: Actor, meeting: MeetingInput) -> str:
    """Record a 专题会 (supervisors only): date, department, attendees, decisions, the complaints it covered."""
    require(actor, Permission.SUPERVISE)
    now = services.now()
    if meeting.held_on > now.date():
        raise HallError(f"专题会日期 {meeting.held_on.isoformat()} 在未来")
    if not meeting.attendees.strip():
        raise HallError("请填写专题会参会人员")
    if not meeting.decisions.strip():
        raise HallError("请填写专题会议定事项")
    if not meeting.complaint_ids:
        raise HallError("请选择专题会涉及的差评/投诉")
    with services.store.write() as session:
        department = session.get(Department, meeting.department_code.strip())
        if department is None:
            raise HallError(f"部门不存在：{meeting.department_code.strip()}")
        refs = []
        for complaint_id in dict.fromkeys(meeting.complaint_ids):
            complaint = session.get(Complaint, complaint_id)
            if complaint is None:
                raise HallError(f"投诉/差评不存在：{complaint_id}")
            if complaint.department_code != department.code:
                raise HallError(f"{complaint.ref} 不属于{department.name}，不能列入该部门的专题会")
            refs.append(complaint.ref)
        row = ComplaintMeeting(
            id=new_id(), held_on=meeting.held_on, department_code=department.code,
            attendees=meeting.attendees.strip(), decisions=meeting.decisions.strip(),
            complaint_ids=list(dict.fromkeys(meeting.complaint_ids)), recorded_by=actor.user_id,
            recorded_by_name=actor.display_name, recorded_at=wall_time(now),
        )  # fmt: skip
        session.add(row)
        session.flush()
        payload: dict[str, Any] = {
            "meeting_id": row.id, "held_on": row.held_on.isoformat(), "department_code": row.department_code,
            "attendees": row.attendees, "decisions": row.decisions, "complaint_ids": row.complaint_ids,
            "complaint_refs": refs, "recorded_by": row.recorded_by, "recorded_by_name": row.recorded_by_name,
        }  # fmt: skip
        eventlog.append(session, device_id=services.device_id, case_id=None,
                        type=EventType.COMPLAINT_MEETING_RECORDED, payload=payload, actor=actor.username,
                        at=now)  # fmt: skip
        return row.id


def meetings(services: Services, *, held: tuple[date, date] | None = None, actor: Actor | None = None) -> list[Meeting]:
    """Recorded 专题会, newest first; ``held`` limits them to those days (inclusive)."""
    if actor is not None:
        require(actor, Permission.SUPERVISE)
    with services.store.read() as session:
        query = select(ComplaintMeeting)
        if held is not None:
            query = query.where(ComplaintMeeting.held_on >= held[0], ComplaintMeeting.held_on <= held[1])
        rows = list(session.scalars(query.order_by(ComplaintMeeting.held_on.desc(), ComplaintMeeting.recorded_at)))
        names = {code: name for code, name in session.execute(select(Department.code, Department.name))}
        wanted = {complaint_id for row in rows for complaint_id in row.complaint_ids}
        refs = {
            key: ref
            for key, ref in session.execute(select(Complaint.id, Complaint.ref).where(Complaint.id.in_(wanted)))
        }
    return [
        Meeting(id=row.id, held_on=row.held_on, department_code=row.department_code,
                department_name=names.get(row.department_code, row.department_code), attendees=row.attendees,
                decisions=row.decisions, complaint_refs=tuple(refs.get(i, i) for i in row.complaint_ids),
                recorded_by_name=row.recorded_by_name, recorded_at=row.recorded_at)
        for row in rows
    ]  # fmt: skip
