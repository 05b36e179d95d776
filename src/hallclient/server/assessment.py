"""The hall-wide assessment (考核) on the server: a quarter's or month's scores by department or by staff.

The figures come from the same definitions as the hall-wide tallies: :func:`server.tallies.server_tallies`
grouped by clerk and by department (one read of the facts serves both), read through
``domain.assessment_figures`` — never a second definition. Attendance, findings and queue figures come from
:mod:`hallclient.server.assessment_sources`. A department's attendance and queue figures are its staff's,
summed; a staff member belongs to the department of most of their cases in the period (else the one their
sign-in names), and the notes say so when that was a guess. The engine (:mod:`hallclient.domain.assessment`)
scores, ranks and grades; :func:`drill_down` returns what stands behind one indicator of one subject.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hallclient.domain.assessment import (
    Assessment,
    Evidence,
    Finding,
    IndicatorSet,
    Subject,
    SubjectFacts,
    assess,
    quarter_period,
    score_indicator,
)
from hallclient.domain.assessment_figures import AttendanceSummary, QueueValues, subject_facts
from hallclient.domain.attendance import Attendance, parse_opening_hours
from hallclient.domain.tally import UNLINKED, Figures, Period, Tally
from hallclient.domain.workdays import WorkCalendar
from hallclient.errors import HallError
from hallclient.server import assessment_sources as sources
from hallclient.server.models import ServerCase, ServerUser
from hallclient.server.tallies import published_catalog, server_tallies

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


def server_assessment(
    session: Session, period_text: str, subject: Subject, indicator_set: IndicatorSet, options: Options,
    notes: Iterable[str] = (),
) -> Assessment:  # fmt: skip
    """The assessment of ``period_text`` ("2026Q4" or "2026-10") for one subject, from the server's data."""
    period, label = quarter_period(period_text)
    facts, found_notes = _facts(session, period, subject, options)
    return assess(indicator_set, subject, facts, period=period, period_label=label, computed_at=options.now,
                  source="server", notes=[*notes, *found_notes])  # fmt: skip


def drill_down(
    session: Session, period_text: str, subject: Subject, key: str, indicator_id: str, indicator_set: IndicatorSet,
    options: Options,
) -> tuple[Evidence, ...]:  # fmt: skip
    """What stands behind one indicator of one subject: the findings, the figure, and the cases it counts."""
    period, _label = quarter_period(period_text)
    indicator = next((item for item in indicator_set.for_subject(subject) if item.id == indicator_id), None)
    if indicator is None:
        raise HallError(f"指标集 {indicator_set.version} 中没有{subject.value}指标 {indicator_id[:MAX_KEY]!r}")
    facts, _notes = _facts(session, period, subject, options)
    mine = next((item for item in facts if item.key == key), None)
    if mine is None:
        raise HallError(f"{period.label()} 没有考核对象 {key[:MAX_KEY]!r}")
    scored = score_indicator(indicator, mine)
    return scored.evidence + _cases(session, period, subject, key, indicator.source)


def _facts(
    session: Session, period: Period, subject: Subject, options: Options
) -> tuple[list[SubjectFacts], list[str]]:
    period.check_not_future(options.today)
    notes: list[str] = []
    try:
        sessions = parse_opening_hours(options.opening_hours)
    except HallError as error:
        raise HallError(f"服务器配置 hall.opening_hours 有误：{error}") from None
    calendar = options.calendar or WorkCalendar.load_default()
    last = min(period.end, options.today)
    days = [period.start + timedelta(days=n) for n in range((last - period.start).days + 1)]
    missing_years = sorted({day.year for day in days if day.year not in calendar.years})
    if missing_years:
        notes.append(f"缺少 {'、'.join(map(str, missing_years))} 年工作日历，按周一至周五计工作日")
    working = [day for day in days if calendar.is_workday(day)]
    tallies = server_tallies(session, period, ["clerk", "department"], hall_name=options.hall_name,
                             today=options.today, now=options.now, calendar=calendar)  # fmt: skip
    notes += tallies["clerk"].notes
    people = sources.read_window_events(session, period)
    pauses = sources.queue_pauses(session, period, sources.hall_offset(session), options.now)
    attendance = sources.staff_attendance(people, pauses, sessions, working)
    home, guessed = _departments(session, period, people)
    if guessed:
        notes.append(f"{guessed} 名人员未在签到中注明所属部门，按其本期多数办件的部门计入")
    who = sources.signed_in_at(people)
    queue = sources.queue_values(session, period, options.now,
                                 lambda window, at: (who(window, at), home.get(who(window, at), "")))  # fmt: skip
    if queue is None:
        notes.append("无排队数据：等候时长、过号数、叫号服务数未计分")
    findings = sources.findings_in_force(session, period)
    if subject == Subject.STAFF:
        return _staff(session, tallies["clerk"], people, attendance, home, queue, findings), notes
    return _departments_facts(session, tallies["department"], attendance, home, queue, findings), notes


def _rows(tally: Tally) -> dict[str, Figures]:
    return {row.key: row for row in tally.groups if row.key != UNLINKED}


def _departments(session: Session, period: Period, people: sources.People) -> tuple[dict[str, str], int]:
    """Each staff member's department: of most of their cases in the period, else as their sign-in states."""
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
    home = {clerk: max(seen.items(), key=lambda item: (item[1], item[0]))[0] for clerk, seen in counts.items()}
    guessed = 0
    for user, department in people.departments.items():
        home.setdefault(user, department)
    for user in people.events:
        if user in counts and user not in people.departments:
            guessed += 1
    return home, guessed


def _staff(
    session: Session, tally: Tally, people: sources.People, attendance: dict[str, Attendance],
    home: dict[str, str], queue: dict[str, QueueValues] | None, findings: list[Finding],
) -> list[SubjectFacts]:  # fmt: skip
    rows = _rows(tally)
    names = {row.id: row.display_name for row in session.scalars(select(ServerUser))}
    by_staff: defaultdict[str, list[Finding]] = defaultdict(list)
    for finding in findings:
        if finding.staff:
            by_staff[finding.staff].append(finding)
    keys = sorted(set(rows) | set(attendance) | set(by_staff))
    return [
        subject_facts(
            Subject.STAFF, key=key, label=names.get(key) or people.names.get(key) or (rows[key].label if key in rows
                                                                                        else key),
            department=home.get(key, ""), row=rows.get(key),
            attendance=sources.summary(attendance[key]) if key in attendance else None,
            queue=None if queue is None else queue.get(key, _NO_TICKETS), findings=by_staff.get(key, ()),
        )
        for key in keys
    ]  # fmt: skip


_NO_TICKETS: QueueValues = {"wait_median_min": None, "no_shows": 0, "served": 0}


def _departments_facts(
    session: Session, tally: Tally, attendance: dict[str, Attendance], home: dict[str, str],
    queue: dict[str, QueueValues] | None, findings: list[Finding],
) -> list[SubjectFacts]:  # fmt: skip
    rows = _rows(tally)
    catalog = published_catalog(session)
    summed: dict[str, AttendanceSummary] = {}
    for user, record in attendance.items():
        department = home.get(user, "")
        if department:
            one = sources.summary(record)
            summed[department] = summed[department] + one if department in summed else one
    by_department: defaultdict[str, list[Finding]] = defaultdict(list)
    for finding in findings:
        department = finding.department or home.get(finding.staff, "")
        if department:
            by_department[department].append(finding)
    keys = sorted(set(rows) | set(catalog.departments) | set(summed) | set(by_department))
    return [
        subject_facts(
            Subject.DEPARTMENT, key=key, label=catalog.departments.get(key) or (rows[key].label if key in rows
                                                                                 else key),
            department=key, row=rows.get(key), attendance=summed.get(key),
            queue=None if queue is None else queue.get(key, _NO_TICKETS), findings=by_department.get(key, ()),
        )
        for key in keys
    ]  # fmt: skip


# The figures whose drill-down lists cases, and which of the subject's cases each counts.
_CASE_FILTERS = {
    "cases": lambda s: s.case_id.isnot(None),
    "completed": lambda s: s.completed_at.isnot(None),
    "notified_missing": lambda s: s.outcome == "notify_missing",
    "deficiency_accepted": lambda s: s.outcome == "accept_with_deficiency",
    "completed_late": lambda s: s.completed_at.isnot(None) & s.promised_date.isnot(None),
    "on_time_rate": lambda s: s.completed_at.isnot(None) & s.promised_date.isnot(None),
}


def _cases(session: Session, period: Period, subject: Subject, key: str, figure: str) -> tuple[Evidence, ...]:
    """The subject's cases behind a case figure (at most :data:`EVIDENCE_LIMIT`, then a line saying how many more)."""
    chosen = _CASE_FILTERS.get(figure)
    if chosen is None:
        return ()
    s = ServerCase
    owner = s.clerk_id == key if subject == Subject.STAFF else s.department_code == key
    query = (
        select(s.case_no, s.matter_name, s.received_on, s.promised_date, s.completed_at, s.received_offset_min)
        .where(s.received_on >= period.start, s.received_on <= period.end, owner, chosen(s))
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
