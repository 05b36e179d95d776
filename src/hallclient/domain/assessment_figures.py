"""The automatic figures an indicator can score (its ``source``), and how each is read from the data.

A figure is read from three inputs, never from a second SQL definition:

* a **tally row** (``domain.tally.Figures``, grouped by department or by clerk over the period): the case,
  rating, complaint and enquiry figures, with the tally's own definitions and ratios (see ``tally.py``);
* an **attendance summary** (:class:`AttendanceSummary`; None when nothing was recorded): minutes on duty
  and away against the opening hours, late starts, pauses — a department's is the sum of its staff's;
* **queue figures** (a mapping; None locally, where there is no hall queue): the median wait, no-shows
  and tickets served.

A figure whose input is missing, or a rate whose denominator is 0, is None: the engine then scores it as
the indicator's ``missing`` says, and says so.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from hallclient.domain.assessment import Evidence, Finding, Subject, SubjectFacts
from hallclient.domain.case import Outcome
from hallclient.domain.tally import COMPLAINT_SOURCES, Figures

FigureValue = float | int | None
QueueValues = Mapping[str, FigureValue]


@dataclass(frozen=True)
class AttendanceSummary:
    """One staff member's (or a department's summed) attendance over a period, against the opening hours."""

    duty_minutes: int  # 在岗分钟: signed in, not paused, not locked, within opening hours
    absent_minutes: int  # 缺岗分钟: opening-hours minutes of working days not on duty
    late_starts: int  # 迟到次数: working days on duty only after the opening time
    pauses: int  # 暂停服务次数

    def __add__(self, other: AttendanceSummary) -> AttendanceSummary:
        return AttendanceSummary(
            self.duty_minutes + other.duty_minutes,
            self.absent_minutes + other.absent_minutes,
            self.late_starts + other.late_starts,
            self.pauses + other.pauses,
        )


@dataclass(frozen=True)
class FigureInputs:
    """What one subject's figures are read from."""

    row: Figures | None  # the tally row; None: the subject has no cases, ratings, complaints or enquiries
    attendance: AttendanceSummary | None = None
    queue: QueueValues | None = None


BOTH = frozenset({Subject.DEPARTMENT, Subject.STAFF})


@dataclass(frozen=True)
class FigureDef:
    id: str
    label: str  # Chinese, as the breakdown and the 通报 show it
    unit: str  # 件 / % / 分钟 / 次
    subjects: frozenset[Subject]
    read: Callable[[FigureInputs], FigureValue]
    origin: str  # "tally" | "attendance" | "queue": which input it needs
    missing: str  # why it can be None, as the breakdown says it: 无评价数据, 无考勤记录, 无排队数据 …

    @property
    def is_rate(self) -> bool:
        """A fraction in [0, 1], shown as a percentage."""
        return self.unit == "%"


def _tally(read: Callable[[Figures], FigureValue], *, rate: bool = False) -> Callable[[FigureInputs], FigureValue]:
    """A count of an absent row is 0 (nothing happened); a rate of an absent row is None (no data)."""

    def value(inputs: FigureInputs) -> FigureValue:
        if inputs.row is None:
            return None if rate else 0
        return read(inputs.row)

    return value


def _attendance(name: str) -> Callable[[FigureInputs], FigureValue]:
    def value(inputs: FigureInputs) -> FigureValue:
        return None if inputs.attendance is None else int(getattr(inputs.attendance, name))

    return value


def _queue(name: str) -> Callable[[FigureInputs], FigureValue]:
    def value(inputs: FigureInputs) -> FigureValue:
        return None if inputs.queue is None else inputs.queue.get(name)

    return value


def _complaints_from(source: str) -> Callable[[Figures], FigureValue]:
    return lambda row: row.complaints_by_source.get(source, 0)


def _defs() -> list[FigureDef]:
    # (id, label, unit, read, why a rate can be None: nothing to divide by)
    tally: list[tuple[str, str, str, Callable[[Figures], FigureValue], str]] = [
        ("cases", "办件量", "件", lambda r: r.cases, ""),
        ("completed", "办结量", "件", lambda r: r.completed, ""),
        ("on_time_rate", "按时办结率", "%", lambda r: r.on_time, "无办结件"),
        ("overdue", "在办超期件", "件", lambda r: r.overdue, ""),
        ("completed_late", "超期办结件", "件", lambda r: r.completed_late, ""),
        ("notified_missing", "一次性告知件", "件", lambda r: r.outcomes.get(Outcome.NOTIFY_MISSING.value, 0), ""),
        (
            "deficiency_accepted",
            "容缺受理件",
            "件",
            lambda r: r.outcomes.get(Outcome.ACCEPT_WITH_DEFICIENCY.value, 0),
            "",
        ),
        ("satisfaction_rate", "满意率", "%", lambda r: r.satisfaction, "无评价数据"),
        ("bad_reviews", "差评数", "件", lambda r: r.bad_reviews_counted, ""),
        ("bad_review_handling_rate", "差评处理率", "%", lambda r: r.bad_review_handling, "无差评"),
        ("bad_review_rectification_rate", "差评整改率", "%", lambda r: r.bad_review_rectification, "无差评"),
        ("complaints", "投诉数", "件", lambda r: r.complaints_counted, ""),
        *[
            (f"complaints_{source}", f"投诉数（{label}）", "件", _complaints_from(source), "")
            for source, label in COMPLAINT_SOURCES.items()
        ],
        ("complaint_handling_rate", "投诉办结率", "%", lambda r: r.complaint_handling, "无投诉"),
        ("enquiries", "首问登记", "件", lambda r: r.enquiries, ""),
        ("enquiry_handovers", "首问转办", "件", lambda r: r.enquiry_handovers, ""),
    ]
    defs = [
        FigureDef(id, label, unit, BOTH, _tally(read, rate=unit == "%"), "tally", why or f"无{label}数据")
        for id, label, unit, read, why in tally
    ]
    attendance = [("duty_minutes", "在岗分钟", "分钟"), ("absent_minutes", "缺岗分钟", "分钟"),
                  ("late_starts", "迟到次数", "次"), ("pauses", "暂停服务次数", "次")]  # fmt: skip
    defs += [
        FigureDef(id, label, unit, BOTH, _attendance(id), "attendance", "无考勤记录") for id, label, unit in attendance
    ]
    queue = [
        ("wait_median_min", "等候时长中位数", "分钟"),
        ("no_shows", "过号数", "次"),
        ("served", "叫号服务数", "次"),
    ]
    defs += [FigureDef(id, label, unit, BOTH, _queue(id), "queue", "无排队数据") for id, label, unit in queue]
    return defs


FIGURES: dict[str, FigureDef] = {figure.id: figure for figure in _defs()}


def figure_values(inputs: FigureInputs, subject: Subject) -> dict[str, FigureValue]:
    """Every figure that applies to ``subject``, read from ``inputs``."""
    return {figure.id: figure.read(inputs) for figure in FIGURES.values() if subject in figure.subjects}


def subject_facts(
    subject: Subject,
    *,
    key: str,
    label: str,
    department: str = "",
    department_name: str = "",
    row: Figures | None,
    attendance: AttendanceSummary | None = None,
    queue: QueueValues | None = None,
    findings: Iterable[Finding] = (),
    evidence: Mapping[str, tuple[Evidence, ...]] | None = None,
) -> SubjectFacts:
    """The engine's view of one department or staff member (``key``: department code or user id)."""
    figures = figure_values(FigureInputs(row=row, attendance=attendance, queue=queue), subject)
    return SubjectFacts(
        key=key,
        label=label,
        department=department,
        department_name=department_name,
        figures=figures,
        findings=tuple(findings),
        evidence=dict(evidence or {}),
        missing={key: FIGURES[key].missing for key, value in figures.items() if value is None},
    )
