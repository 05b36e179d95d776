"""The hall-wide assessment (考核) on the server: a quarter's or month's scores by department or by staff.

The figures come from the same definitions as the hall-wide tallies: :func:`server.tallies.grouped_tally`
by clerk or by department (the tally's facts aggregated in SQL, one pass per grouping), read through
``domain.assessment_figures`` — never a second definition. Attendance, findings and queue figures come from
:mod:`hallclient.server.assessment_sources`. A department's attendance and queue figures are its staff's,
summed; a staff member belongs to the department of most of their cases in the period (else the one their
sign-in names), and the notes say so when that was a guess. The engine (:mod:`hallclient.domain.assessment`)
scores, ranks and grades; :func:`drill_down` returns what stands behind one indicator of one subject.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hallclient.domain.assessment import (
    Assessment,
    Evidence,
    IndicatorSet,
    Subject,
    SubjectFacts,
    assess,
    quarter_period,
    score_indicator,
)
from hallclient.domain.assessment_figures import FIGURES, AttendanceSummary, QueueValues, subject_facts
from hallclient.domain.attendance import parse_opening_hours
from hallclient.domain.tally import COMPLAINT_SOURCES, LEVEL_LABELS, UNLINKED, Figures, Period, Tally
from hallclient.domain.workdays import WorkCalendar
from hallclient.errors import HallError
from hallclient.server import assessment_sources as sources
from hallclient.server.models import ServerCase, ServerUser, StoredEvent
from hallclient.server.tallies import RATING_EVENT, complaint_states, grouped_tally, in_sites, published_catalog

SUBJECT_GROUPING = {Subject.DEPARTMENT: "department", Subject.STAFF: "clerk"}
MAX_KEY = 64
EVIDENCE_LIMIT = 200  # cases listed in a drill-down; the count says how many more


def parse_subject(text: str) -> Subject:
    try:
        return Subject(text)
    except ValueError:
        raise HallError(f"考核对象只能是 department（部门）或 staff（人员），实为 {text[:40]!r}") from None


@dataclass(frozen=True)
class Options:
    hall_name: str
    opening_hours: str
    today: date
    now: datetime  # the hall's wall time
    calendar: WorkCalendar | None = None
    site: str | None = None  # that site and its subtree (cases, ratings, complaints); None: every site
    sites: tuple[str, ...] | None = None  # the codes of that subtree (``server.sites.site_codes``)


def server_assessment(
    session: Session, period_text: str, subject: Subject, indicator_set: IndicatorSet, options: Options,
    notes: Iterable[str] = (),
) -> Assessment:  # fmt: skip
    """The assessment of ``period_text`` ("2026Q4" or "2026-10") for one subject, from the server's data."""
    period, label = quarter_period(period_text)
    facts, found_notes = _facts(session, period, subject, indicator_set, options)
    return assess(indicator_set, subject, facts, period=period, period_label=label, computed_at=options.now,
                  source="server", notes=[*notes, *found_notes])  # fmt: skip


def drill_down(
    session: Session, period_text: str, subject: Subject, key: str, indicator_id: str, indicator_set: IndicatorSet,
    options: Options,
) -> tuple[Evidence, ...]:  # fmt: skip
    """What stands behind one indicator of one subject: the findings, the figure, and the cases, bad reviews or
    complaints it counts."""
    period, _label = quarter_period(period_text)
    indicator = next((item for item in indicator_set.for_subject(subject) if item.id == indicator_id), None)
    if indicator is None:
        raise HallError(f"指标集 {indicator_set.version} 中没有{subject.value}指标 {indicator_id[:MAX_KEY]!r}")
    facts, _notes = _facts(session, period, subject, indicator_set, options)
    mine = next((item for item in facts if item.key == key), None)
    if mine is None:
        raise HallError(f"{period.label()} 没有考核对象 {key[:MAX_KEY]!r}")
    scored = score_indicator(indicator, mine)
    source = indicator.source
    if source == "bad_reviews":
        return scored.evidence + _bad_reviews(session, period, subject, key, options.sites)
    if source == "complaints" or source.removeprefix("complaints_") in COMPLAINT_SOURCES:
        kind = source.removeprefix("complaints_")
        return scored.evidence + _complaints(session, period, subject, key, kind, options.sites)
    return scored.evidence + _cases(session, period, subject, key, source, options.sites)


def _facts(
    session: Session, period: Period, subject: Subject, indicator_set: IndicatorSet, options: Options
) -> tuple[list[SubjectFacts], list[str]]:
    """Every subject's facts; attendance and queue figures only when the set scores one (they cost the most)."""
    period.check_not_future(options.today)
    origins = {FIGURES[item.source].origin for item in indicator_set.for_subject(subject) if item.source in FIGURES}
    notes: list[str] = []
    try:
        sessions = parse_opening_hours(options.opening_hours)
    except HallError as error:
        raise HallError(f"服务器配置 hall.opening_hours 有误：{error}") from None
    calendar = options.calendar or WorkCalendar.load_default()
    if not calendar.covers(period.start, period.end):
        notes.append(
            calendar.coverage_warning(period.start) or f"工作日历未覆盖 {period.label()}，工作日按周一至周五计"
        )
    tally = grouped_tally(session, period, SUBJECT_GROUPING[subject], hall_name=options.hall_name,
                          today=options.today, now=options.now, calendar=calendar, site=options.site)  # fmt: skip
    notes += tally.notes
    if options.site and origins & {"attendance", "queue", "findings"}:
        notes.append(f"按站点 {options.site} 考核：办件、好差评与投诉按站点统计，在岗、排队与巡查扣分按全大厅计")
    days = _attendance_days(session, period, calendar, options.today, notes) if "attendance" in origins else []
    uses_queue = "queue" in origins
    people = sources.read_window_events(session, period) if days or uses_queue else sources.People()
    pauses = sources.queue_pauses(session, period, sources.hall_offset(session), options.now) if days else {}
    home = _departments(session, period, people)
    findings = sources.findings_in_force(session, period)
    rows = _rows(tally)
    clerks = {row.id: row.display_name for row in session.scalars(select(ServerUser).where(ServerUser.active))
              if row.role == "clerk"}  # fmt: skip
    staff = set(clerks) | {f.staff for f in findings if f.staff}  # as locally: not whoever signed in
    staff |= set(rows) if subject == Subject.STAFF else set()
    attendance = {user: sources.attendance_of(people.events.get(user, []), pauses, sessions, days) for user in staff
                  if days}  # fmt: skip
    who = sources.signed_in_at(people)
    queue = sources.queue_values(session, period, options.now,
                                 lambda window, at: (who(window, at), home.get(who(window, at), "")),
                                 ) if uses_queue else None  # fmt: skip
    if uses_queue and queue is None:
        notes.append("服务器无排队数据（未设置大厅）：等候时长、过号数、叫号服务数无数据")
    if subject == Subject.STAFF:
        if any(user in home and user not in people.departments for user in staff):
            notes.append("人员所属部门按其本期办件最多的部门认定（签到记录未注明部门）")
        labels = {row.id: row.display_name for row in session.scalars(select(ServerUser))}
        names = published_catalog(session).departments
        facts = [
            subject_facts(
                Subject.STAFF, key=key,
                label=labels.get(key) or people.names.get(key) or (rows[key].label if key in rows else key),
                department=home.get(key, ""), department_name=names.get(home.get(key, ""), ""), row=rows.get(key),
                attendance=sources.summary(attendance[key]) if days else None,
                queue=None if queue is None else queue.get(key, _NO_TICKETS),
                findings=[f for f in findings if f.staff == key],
            )
            for key in sorted(staff)
        ]  # fmt: skip
        return facts, notes
    summed: dict[str, AttendanceSummary] = {}
    for user, record in attendance.items():
        code = home.get(user, "")
        if days and code:
            summed[code] = summed[code] + sources.summary(record) if code in summed else sources.summary(record)
    if days and attendance:
        notes.append("部门考勤为其人员考勤之和（人员按本期办件最多的部门归属）")
    names = published_catalog(session).departments
    keys = set(rows) | {f.department for f in findings if f.department}
    facts = [
        subject_facts(
            Subject.DEPARTMENT, key=key, label=names.get(key) or (rows[key].label if key in rows else key),
            department=key, department_name=names.get(key, ""), row=rows.get(key),
            attendance=summed.get(key, AttendanceSummary(0, 0, 0, 0)) if days else None,
            queue=None if queue is None else queue.get(key, _NO_TICKETS),
            findings=[f for f in findings if f.department == key],
        )
        for key in sorted(keys)
    ]  # fmt: skip
    return facts, notes


_NO_TICKETS: QueueValues = {"wait_median_min": None, "no_shows": 0, "served": 0}


def _attendance_days(
    session: Session, period: Period, calendar: WorkCalendar, today: date, notes: list[str]
) -> list[date]:
    """The working days attendance counts: from the first day the hall recorded any ``window.*`` event (before
    that there is no record to judge by), through yesterday (today's opening hours are still running)."""
    first = sources.first_window_day(session)
    if first is None:
        notes.append("服务器没有考勤记录（签到、签退、锁屏、暂停服务），考勤指标无数据")
        return []
    start, end = max(period.start, first), min(period.end, today - timedelta(days=1))
    if start > period.start:
        notes.append(f"考勤自 {start.isoformat()} 起记录，此前的日子不计考勤")
    if period.end >= today:
        notes.append(f"考勤计至 {end.isoformat()}（当天开放时间尚未结束）")
    return [start + timedelta(days=n) for n in range((end - start).days + 1)
            if calendar.is_workday(start + timedelta(days=n))]  # fmt: skip


def _rows(tally: Tally) -> dict[str, Figures]:
    return {row.key: row for row in tally.groups if row.key != UNLINKED}


def _departments(session: Session, period: Period, people: sources.People) -> dict[str, str]:
    """Each staff member's department: of most of their cases in the period (ties: the first code), else the
    one their sign-in states."""
    s = ServerCase
    counts: defaultdict[str, Counter[str]] = defaultdict(Counter)
    grouped = (
        select(s.clerk_id, s.department_code, func.count())
        .where(s.received_on >= period.start, s.received_on <= period.end)
        .group_by(s.clerk_id, s.department_code)
    )
    for clerk, department, count in session.execute(grouped):
        if clerk and department:
            counts[clerk][department] += count
    home = {clerk: min(seen.items(), key=lambda item: (-item[1], item[0]))[0] for clerk, seen in counts.items()}
    for user, department in people.departments.items():
        home.setdefault(user, department)
    return home


# The figures whose drill-down lists cases, and which of the subject's cases each counts.
_CASE_FILTERS = {
    "cases": lambda s: s.case_id.isnot(None),
    "completed": lambda s: s.completed_at.isnot(None),
    "notified_missing": lambda s: s.outcome == "notify_missing",
    "deficiency_accepted": lambda s: s.outcome == "accept_with_deficiency",
    "completed_late": lambda s: s.completed_at.isnot(None) & s.promised_date.isnot(None),
    "on_time_rate": lambda s: s.completed_at.isnot(None) & s.promised_date.isnot(None),
}


def _cases(
    session: Session, period: Period, subject: Subject, key: str, figure: str, sites: Sequence[str] | None = None
) -> tuple[Evidence, ...]:
    """The subject's cases behind a case figure (at most :data:`EVIDENCE_LIMIT`, then a line saying how many more)."""
    chosen = _CASE_FILTERS.get(figure)
    if chosen is None:
        return ()
    s = ServerCase
    owner = s.clerk_id == key if subject == Subject.STAFF else s.department_code == key
    query = (
        select(s.case_no, s.matter_name, s.received_on, s.promised_date, s.completed_at, s.received_offset_min)
        .where(
            s.received_on >= period.start, s.received_on <= period.end, owner, chosen(s), in_sites(s.site_code, sites)
        )
        .order_by(s.received_on, s.case_no)
    )
    found: list[Evidence] = []
    more = 0
    for row in session.execute(query):
        done = row.completed_at + timedelta(minutes=row.received_offset_min or 0) if row.completed_at else None
        late = done is not None and row.promised_date is not None and done.date() > row.promised_date
        if figure == "completed_late" and not late:
            continue
        if len(found) >= EVIDENCE_LIMIT:
            more += 1
            continue
        state = f"，超期办结（承诺 {row.promised_date}，办结 {done:%Y-%m-%d}）" if late and done else ""
        found.append(Evidence("case", row.case_no, f"{row.received_on} 受理 {row.matter_name}{state}"))
    if more:
        found.append(Evidence("figure", figure, f"另有 {more} 件未列出"))
    return tuple(found)


def _bad_reviews(
    session: Session, period: Period, subject: Subject, key: str, sites: Sequence[str] | None = None
) -> tuple[Evidence, ...]:
    """The subject's bad reviews (不满意, 非常不满意) given in the period, leaving out those cleared on appeal."""
    e, s = StoredEvent, ServerCase
    start, end = period.start.isoformat(), (period.end + timedelta(days=1)).isoformat()
    cleared = {task.get("rating_id") for task in complaint_states(session, start).values()
               if task.get("appeal_result") == "upheld"}  # fmt: skip
    query = (
        select(e.device_time, e.payload, s.case_no, s.department_code)
        .select_from(e).outerjoin(s, s.case_id == e.case_id)
        .where(e.type == RATING_EVENT, e.device_time >= start, e.device_time < end, in_sites(e.site_code, sites))
        .order_by(e.device_time)
    )  # fmt: skip
    found = []
    for at, text, case_no, department in session.execute(query):
        payload = json.loads(text)
        owner = payload.get("clerk_id") if subject == Subject.STAFF else department
        level = payload.get("level")
        if owner == key and isinstance(level, int) and level <= 2 and payload.get("rating_id") not in cleared:
            text = f"{at[:16].replace('T', ' ')} 差评（{LEVEL_LABELS[level]}）{case_no or ''}".rstrip()
            found.append(Evidence("rating", str(payload.get("rating_id", "")), text))
    return tuple(found)


def _complaints(
    session: Session, period: Period, subject: Subject, key: str, source: str, sites: Sequence[str] | None = None
) -> tuple[Evidence, ...]:
    """The subject's complaints received in the period (of one source, or all), leaving out upheld appeals."""
    found = []
    for task in complaint_states(session, period.start.isoformat(), sites).values():
        received = str(task.get("received_at") or "")
        owner = task.get("clerk_id") if subject == Subject.STAFF else task.get("department_code")
        if (task.get("kind") != "complaint" or owner != key or task.get("appeal_result") == "upheld"
                or not period.start.isoformat() <= received[:10] <= period.end.isoformat()
                or (source in COMPLAINT_SOURCES and task.get("source") != source)):  # fmt: skip
            continue
        label = COMPLAINT_SOURCES.get(str(task.get("source")), str(task.get("source")))
        text = f"{received[:10]} {label}投诉{'：' + str(task['content']) if task.get('content') else ''}"
        found.append(Evidence("complaint", str(task.get("ref") or task.get("complaint_id")), text))
    return tuple(sorted(found, key=lambda item: item.text))
