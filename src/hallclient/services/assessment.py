"""考核 on one local store: compute, drill down, publish, read back and verify.

The figures come from the local tally engine (``local_tallies`` grouped by department or by clerk over
the period, one read each), attendance from the recorded ``window.*`` marks, findings from the register
(those in force). Queue figures need the hall's server and are None here (the notes say so).

Rules the notes repeat where they apply, so nothing is guessed silently:

* A staff member's department is the department of most of their cases in the period (users carry no
  department locally); a department's attendance is the sum of its staff's.
* The staff assessed are the active clerks and anyone with cases, ratings, complaints, enquiries or findings
  in the period (a supervisor who only signed in at a window is not).
* Attendance counts only from the first day this store recorded any ``window.*`` event, and only days
  already over (today's opening hours are still running); with nothing recorded it is missing.
* Publishing needs the quarter to be over; a later publish of the same quarter and subject needs a reason
  and makes the next version; earlier versions stay. The publisher signs by re-entering the password
  (``signing.password_signature``); the ``assessment.published`` event in the hash chain carries digest and
  signature, so :func:`verify` catches a stored snapshot changed afterwards.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Select, and_, func, select
from sqlalchemy.orm import Session

from hallclient.domain.assessment import (
    FINDING_KINDS,
    FINDING_PREFIX,
    Assessment,
    Evidence,
    IndicatorSet,
    Subject,
    SubjectFacts,
    assess,
    quarter_period,
    snapshot_digest,
)
from hallclient.domain.assessment_figures import FIGURES, AttendanceSummary, subject_facts
from hallclient.domain.attendance import Attendance, compute_attendance, parse_opening_hours
from hallclient.domain.case import Outcome
from hallclient.domain.events import ChainBreak, EventType, canonical_json, new_id
from hallclient.domain.tally import COMPLAINT_SOURCES, Figures, Period
from hallclient.errors import HallError
from hallclient.services.attendance import window_events
from hallclient.services.context import Actor, Services, wall_time
from hallclient.services.findings import findings_in_force
from hallclient.services.roles import Permission, require
from hallclient.services.signing import password_signature
from hallclient.services.tallies import local_tallies
from hallclient.store import eventlog
from hallclient.store.assessment_models import AssessmentSnapshot, AttendanceMark
from hallclient.store.bootstrap import load_calendar
from hallclient.store.models import Case, Department, Event, Rating, User
from hallclient.store.supervision_models import Complaint

GROUPING = {Subject.DEPARTMENT: "department", Subject.STAFF: "clerk"}
NO_QUEUE_NOTE = "本机无排队数据：等候时长、过号等排队指标未计分（全大厅考核请用 --server）"


def _summary(attendance: Attendance) -> AttendanceSummary:
    return AttendanceSummary(
        round(attendance.duty_minutes), round(attendance.absent_minutes), len(attendance.late_starts),
        attendance.pauses,
    )  # fmt: skip


def _attendance_days(services: Services, period: Period, notes: list[str]) -> list[date]:
    """The working days of ``period`` that attendance counts (see the module docstring)."""
    calendar = load_calendar(services.store)
    today = services.now().date()
    with services.store.read() as session:
        first = session.scalar(select(func.min(AttendanceMark.at)))
    if first is None:
        notes.append("本机没有考勤记录（签到、签退、锁屏、暂停服务），考勤指标无数据")
        return []
    start = max(period.start, first.date())
    end = min(period.end, today - timedelta(days=1))
    if start > period.start:
        notes.append(f"考勤自 {start.isoformat()} 起记录，此前的日子不计考勤")
    if period.end >= today:
        notes.append(f"考勤计至 {end.isoformat()}（当天开放时间尚未结束）")
    days = []
    day = start
    while day <= end:
        if calendar.is_workday(day):
            days.append(day)
        day += timedelta(days=1)
    return days


def _staff_departments(services: Services, period: Period) -> dict[str, str]:
    """Each clerk's department: the one of most of their cases received in the period."""
    c = Case.__table__.c
    start, end = period.bounds()
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    query = (
        select(c.clerk_id, c.department_code, func.count())
        .where(c.received_at >= start, c.received_at < end)
        .group_by(c.clerk_id, c.department_code)
    )
    with services.store.read() as session:
        for clerk, department, count in session.execute(query):
            counts[str(clerk)][str(department)] += count
    return {clerk: min(seen.items(), key=lambda item: (-item[1], item[0]))[0] for clerk, seen in counts.items()}


def compute_assessment(
    services: Services, indicator_set: IndicatorSet, period: Period, period_label: str, subject: Subject
) -> Assessment:
    """Score every department (or staff member) of this store over ``period``."""
    notes: list[str] = []
    tally = local_tallies(services, period, [GROUPING[subject]], durations=False)[GROUPING[subject]]
    notes.extend(tally.notes)
    calendar = load_calendar(services.store)
    if not calendar.covers(period.start, period.end):
        notes.append(
            calendar.coverage_warning(period.start) or f"工作日历未覆盖 {period.label()}，工作日按周一至周五计"
        )
    rows: dict[str, Figures] = {row.key: row for row in tally.groups if row.key}
    findings = findings_in_force(services, period)
    sessions = parse_opening_hours(services.settings.opening_hours)
    days = _attendance_days(services, period, notes)
    events = window_events(services, period.start, period.end) if days else {}
    departments = _staff_departments(services, period)
    with services.store.read() as session:
        users = {u.id: u for u in session.scalars(select(User))}
        department_names = {d.code: d.name for d in session.scalars(select(Department))}
    staff_keys = {uid for uid, user in users.items() if user.role == "clerk" and user.active}
    staff_keys |= {key for key in rows if key in users} | {f.staff for f in findings if f.staff}
    staff_attendance: dict[str, AttendanceSummary | None] = {
        uid: _summary(compute_attendance(events.get(uid, []), sessions, days)) if days else None for uid in staff_keys
    }
    uses_queue = any(
        FIGURES[i.source].origin == "queue" for i in indicator_set.for_subject(subject) if i.source in FIGURES
    )
    if uses_queue:
        notes.append(NO_QUEUE_NOTE)
    facts: list[SubjectFacts] = []
    if subject == Subject.STAFF:
        guessed = sorted(uid for uid in staff_keys if uid in departments)
        if guessed:
            notes.append("人员所属部门按其本期办件最多的部门认定（本机用户未登记部门）")
        for uid in sorted(staff_keys):
            user, home = users.get(uid), departments.get(uid, "")
            facts.append(subject_facts(
                subject, key=uid, label=user.display_name if user else uid, department=home,
                department_name=department_names.get(home, ""), row=rows.get(uid), attendance=staff_attendance.get(uid),
                findings=[f for f in findings if f.staff == uid],
            ))  # fmt: skip
    else:
        department_keys = set(rows) | {f.department for f in findings if f.department}
        unassigned = sum(1 for f in findings if not f.department)
        if unassigned:
            notes.append(
                f"有 {unassigned} 条考核发现未归属任何部门（被考核人本期无办件且登记时未指定部门），未计入部门考核"
            )
        summed: dict[str, AttendanceSummary] = {}
        for uid, summary in staff_attendance.items():
            code = departments.get(uid)
            if summary is not None and code:
                summed[code] = summed[code] + summary if code in summed else summary
        if days and staff_attendance:
            notes.append("部门考勤为其人员考勤之和（人员按本期办件最多的部门归属）")
        for code in sorted(department_keys):
            facts.append(subject_facts(
                subject, key=code, label=department_names.get(code, code), department=code,
                department_name=department_names.get(code, ""), row=rows.get(code),
                attendance=summed.get(code, AttendanceSummary(0, 0, 0, 0) if days else None),
                findings=[f for f in findings if f.department == code],
            ))  # fmt: skip
    return assess(
        indicator_set, subject, facts, period=period, period_label=period_label,
        computed_at=services.now().replace(tzinfo=None, microsecond=0), source="local", notes=notes,
    )  # fmt: skip


# --- drill-down --------------------------------------------------------------------------------------

_CASE_OUTCOME_FIGURES = {
    "notified_missing": (Outcome.NOTIFY_MISSING.value, "一次性告知"),
    "deficiency_accepted": (Outcome.ACCEPT_WITH_DEFICIENCY.value, "容缺受理"),
}


def drill_down(services: Services, period: Period, subject: Subject, key: str, indicator_id: str,
               indicator_set: IndicatorSet | None = None) -> list[Evidence]:  # fmt: skip
    """What stands behind one indicator of one subject, occurrence by occurrence (read on demand).

    ``indicator_id`` is an indicator of ``indicator_set``, or without a set the source itself (a figure id
    or ``finding:<kind>``).
    """
    source = indicator_id
    if indicator_set is not None:
        indicator = next((i for i in indicator_set.for_subject(subject) if i.id == indicator_id), None)
        if indicator is None:
            raise HallError(f"指标集中没有{'部门' if subject == Subject.DEPARTMENT else '人员'}指标 {indicator_id!r}")
        source = indicator.source
    kind = source.removeprefix(FINDING_PREFIX) if source.startswith(FINDING_PREFIX) else None
    if kind is not None:
        return [
            Evidence("finding", f.id, f"{f.day.isoformat()} {FINDING_KINDS.get(f.kind, f.kind)}：{f.note}", f.points)
            for f in findings_in_force(services, period)
            if (kind == "*" or f.kind == kind) and (f.staff if subject == Subject.STAFF else f.department) == key
        ]
    if source in ("late_starts", "absent_minutes", "pauses", "duty_minutes"):
        return _attendance_evidence(services, period, subject, key, source)
    c = Case.__table__.c
    mine = c.clerk_id == key if subject == Subject.STAFF else c.department_code == key
    start, end = period.bounds()
    received = and_(c.received_at >= start, c.received_at < end, mine)
    today = services.now().date()
    as_of = min(period.end, today)
    if source == "overdue":
        cutoff = datetime.combine(as_of + timedelta(days=1), datetime.min.time())
        open_then = and_(c.received_at < cutoff, c.promised_date < as_of, mine,
                         c.status.notin_(("refused", "withdrawn", "suspended")),
                         (c.completed_at.is_(None)) | (c.completed_at >= cutoff))  # fmt: skip
        query = select(c.case_no, c.promised_date).where(open_then).order_by(c.promised_date, c.case_no)
        return _cases(services, query, "在办超期，承诺办结日 {}")
    if source == "completed_late":
        late = and_(received, c.completed_at.isnot(None), func.date(c.completed_at) > c.promised_date)
        query = select(c.case_no, c.promised_date).where(late).order_by(c.received_at)
        return _cases(services, query, "超期办结，承诺办结日 {}")
    if source in _CASE_OUTCOME_FIGURES:
        outcome, label = _CASE_OUTCOME_FIGURES[source]
        query = select(c.case_no, c.received_at).where(received, c.outcome == outcome).order_by(c.received_at)
        return _cases(services, query, label + "，受理于 {}")
    if source == "bad_reviews":
        return _bad_reviews(services, period, subject, key)
    if source == "complaints" or source.removeprefix("complaints_") in COMPLAINT_SOURCES:
        return _complaints(services, period, subject, key, source.removeprefix("complaints_"))
    return []


def _cases(services: Services, query: Select[tuple[str, Any]], text: str) -> list[Evidence]:
    with services.store.read() as session:
        return [Evidence("case", str(no), text.format(str(when)[:10])) for no, when in session.execute(query)]


def _bad_reviews(services: Services, period: Period, subject: Subject, key: str) -> list[Evidence]:
    r, c, k = Rating.__table__.c, Case.__table__.c, Complaint.__table__.c
    start, end = period.bounds()
    mine = r.clerk_id == key if subject == Subject.STAFF else c.department_code == key
    query = (
        select(r.id, r.rated_at, r.level, c.case_no)
        .select_from(
            Rating.__table__.outerjoin(Case.__table__, c.id == r.case_id).outerjoin(
                Complaint.__table__, k.rating_id == r.id
            )
        )
        .where(
            r.rated_at >= start, r.rated_at < end, r.level <= 2, mine, func.coalesce(k.appeal_result, "") != "upheld"
        )
        .order_by(r.rated_at)
    )
    with services.store.read() as session:
        return [Evidence("rating", str(rid), f"{str(at)[:16]} 差评（{level} 星）{case_no or ''}".rstrip())
                for rid, at, level, case_no in session.execute(query)]  # fmt: skip


def _complaints(services: Services, period: Period, subject: Subject, key: str, source: str) -> list[Evidence]:
    k = Complaint.__table__.c
    start, end = period.bounds()
    mine = k.clerk_id == key if subject == Subject.STAFF else k.department_code == key
    condition = and_(
        k.received_at >= start, k.received_at < end, k.kind == "complaint", mine, k.appeal_result != "upheld"
    )
    if source in COMPLAINT_SOURCES:
        condition = and_(condition, k.source == source)
    query = select(k.ref, k.received_at, k.source, k.content).where(condition).order_by(k.received_at)
    with services.store.read() as session:
        return [Evidence("complaint", str(ref), f"{str(at)[:10]} {COMPLAINT_SOURCES.get(src, src)}投诉：{text}")
                for ref, at, src, text in session.execute(query)]  # fmt: skip


def _attendance_evidence(services: Services, period: Period, subject: Subject, key: str, source: str) -> list[Evidence]:
    notes: list[str] = []
    days = _attendance_days(services, period, notes)
    events = window_events(services, period.start, period.end) if days else {}
    departments = _staff_departments(services, period)
    people = [key] if subject == Subject.STAFF else sorted(uid for uid, code in departments.items() if code == key)
    sessions = parse_opening_hours(services.settings.opening_hours)
    found: list[Evidence] = []
    for uid in people:
        result = compute_attendance(events.get(uid, []), sessions, days)
        if source == "late_starts":
            found += [
                Evidence(
                    "attendance",
                    f"{late.day.isoformat()} {late.session}",
                    f"迟到 {late.minutes} 分钟（{late.signed_in_at:%H:%M} 签到）",
                )
                for late in result.late_starts
            ]
        elif source in ("absent_minutes", "duty_minutes"):
            found += [Evidence("attendance", day.isoformat(), f"缺岗 {round(minutes)} 分钟")
                      for day, minutes in sorted(result.absent_by_day.items())]  # fmt: skip
        else:
            found += [
                Evidence("attendance", e.at.isoformat(sep=" ", timespec="minutes"), "暂停服务")
                for e in events.get(uid, [])
                if e.type == EventType.WINDOW_PAUSED.value and e.at.date() in days
            ]
    return found


# --- publishing ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Published:
    """One stored version of a published quarter."""

    quarter: str
    subject: Subject
    version: int
    assessment: Assessment
    digest: str
    signature: str
    published_at: datetime
    published_by: str
    reason: str


def _quarter(text: str) -> tuple[str, Period, str]:
    value = text.strip().upper()
    period, label = quarter_period(value)
    if "Q" not in value:
        raise HallError(f"只能按季度发布考核结果（如 2026Q4），实为 {text!r}")
    return value, period, label


def publish(services: Services, actor: Actor, password: str, quarter: str, subject: Subject,
            indicator_set: IndicatorSet, reason: str = "") -> Published:  # fmt: skip
    """Freeze a quarter's assessment as a signed snapshot (version 1, or the next one with a reason)."""
    from hallclient.services.users import authenticate

    signer = authenticate(services, actor.username, password)
    require(signer, Permission.SUPERVISE)
    key, period, label = _quarter(quarter)
    now = services.now()
    if period.end >= now.date():
        raise HallError(f"{label}尚未结束（至 {period.end.isoformat()}），不能发布")
    reason = reason.strip()
    with services.store.read() as session:
        latest = _latest_version(session, key, subject)
    if latest and not reason:
        raise HallError(f"{label}{_subject_label(subject)}已发布第 {latest} 版；再次发布须说明理由（--reason）")
    assessment = compute_assessment(services, indicator_set, period, label, subject)
    body = assessment.to_dict()
    digest = snapshot_digest(body)
    published_at = wall_time(now).replace(microsecond=0)
    signature = password_signature(digest, signer.user_id, published_at)
    with services.store.write() as session:
        version = _latest_version(session, key, subject) + 1
        if version > 1 and not reason:
            raise HallError(
                f"{label}{_subject_label(subject)}已发布第 {version - 1} 版；再次发布须说明理由（--reason）"
            )
        session.add(AssessmentSnapshot(
            id=new_id(), quarter=key, subject=subject.value, version=version, body=canonical_json(body),
            digest=digest, signature=signature, published_at=published_at, published_by=signer.username,
            reason=reason,
        ))  # fmt: skip
        eventlog.append(
            session, device_id=services.device_id, case_id=None, type=EventType.ASSESSMENT_PUBLISHED,
            payload={"quarter": key, "subject": subject.value, "version": version, "digest": digest,
                     "signature": signature, "reason": reason, "published_by": signer.username},
            actor=signer.username, at=now,
        )  # fmt: skip
    return Published(key, subject, version, assessment, digest, signature, published_at, signer.username, reason)


def _subject_label(subject: Subject) -> str:
    return "部门业务考核" if subject == Subject.DEPARTMENT else "人员服务考核"


def _latest_version(session: Session, quarter: str, subject: Subject) -> int:
    s = AssessmentSnapshot.__table__.c
    query = select(func.max(s.version)).where(s.quarter == quarter, s.subject == subject.value)
    return int(session.scalar(query) or 0)


def published(services: Services, quarter: str, subject: Subject, version: int | None = None) -> Published:
    """A published version (default: the latest) read back as it was stored."""
    key, _, label = _quarter(quarter)
    s = AssessmentSnapshot
    query = select(s).where(s.quarter == key, s.subject == subject.value)
    query = query.where(s.version == version) if version is not None else query.order_by(s.version.desc()).limit(1)
    with services.store.read() as session:
        row = session.scalar(query)
        if row is None:
            which = f"第 {version} 版" if version is not None else ""
            raise HallError(f"{label}{_subject_label(subject)}没有已发布的{which}结果")
        return _published(row)


def _published(row: AssessmentSnapshot) -> Published:
    return Published(row.quarter, Subject(row.subject), row.version, Assessment.from_dict(json.loads(row.body)),
                     row.digest, row.signature, row.published_at, row.published_by, row.reason)  # fmt: skip


@dataclass(frozen=True)
class Verified:
    quarter: str
    subject: str
    version: int
    problem: str  # "" when the version verifies

    @property
    def ok(self) -> bool:
        return not self.problem


def verify(services: Services, quarter: str) -> list[Verified]:
    """Check every published version of ``quarter``: body vs digest, signature vs signer, and both against the
    ``assessment.published`` event in the (verified) hash chain."""
    key, _, label = _quarter(quarter)
    results: list[Verified] = []
    with services.store.read() as session:
        try:
            eventlog.verify_chain(session)
        except ChainBreak as error:
            raise HallError(f"事件日志校验失败，已发布的考核结果无从核对：{error}") from None
        rows = list(session.scalars(select(AssessmentSnapshot).where(AssessmentSnapshot.quarter == key)
                                    .order_by(AssessmentSnapshot.subject, AssessmentSnapshot.version)))  # fmt: skip
        published_events = [json.loads(payload) for payload in session.scalars(
            select(Event.payload).where(Event.type == EventType.ASSESSMENT_PUBLISHED.value))]  # fmt: skip
        user_ids = {u.username: u.id for u in session.scalars(select(User))}
    if not rows:
        raise HallError(f"{label}没有已发布的考核结果")
    for row in rows:
        results.append(Verified(key, row.subject, row.version, _problem(row, published_events, user_ids)))
    return results


def _problem(row: AssessmentSnapshot, events: Iterable[dict[str, object]], user_ids: dict[str, str]) -> str:
    try:
        body = json.loads(row.body)
    except ValueError:
        return "快照内容已损坏（不是有效的 JSON）"
    if snapshot_digest(body) != row.digest:
        return "快照内容与发布时的校验值不符（已被改动）"
    event = next((e for e in events if (e.get("quarter"), e.get("subject"), e.get("version"))
                  == (row.quarter, row.subject, row.version)), None)  # fmt: skip
    if event is None:
        return "事件日志中没有这一版的发布记录"
    if event.get("digest") != row.digest or event.get("signature") != row.signature:
        return "快照的校验值或签名与事件日志中的发布记录不符（已被改动）"
    signer = user_ids.get(row.published_by, "")
    if password_signature(row.digest, signer, row.published_at) != row.signature:
        return "签名与发布人、发布时间不符"
    return ""
