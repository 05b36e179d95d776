"""The tables of an assessment (考核) — one declaration for the 通报 PDF, the XLSX, the CSV and the 考核 screen.

Each column is a :class:`hallclient.domain.tally.Column`: a stable ``key`` (the screen keys its translated
header by it), the Chinese ``label`` the exports print, how to read it from a row, and its ``kind``. The
rows are the ranking (one :class:`SubjectScore` each), the breakdown (a subject × an indicator) and the
evidence (a subject × an indicator × one piece of evidence behind a deduction or bonus).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from hallclient.domain.assessment import (
    FINDING_KINDS,
    SUBJECT_LABELS,
    Assessment,
    Bonus,
    Evidence,
    Indicator,
    IndicatorScore,
    PerOccurrence,
    Subject,
    SubjectScore,
    TargetRate,
)
from hallclient.domain.assessment_figures import FIGURES
from hallclient.domain.tally import Column, format_value

EVIDENCE_KINDS = {
    "case": "办件",
    "finding": "检查记录",
    "complaint": "投诉",
    "rating": "评价",
    "attendance": "考勤",
    "figure": "统计数据",
}

Detail = tuple[SubjectScore, IndicatorScore]
Proof = tuple[SubjectScore, IndicatorScore, Evidence]

_RANK = Column[SubjectScore]("rank", "名次", lambda row: row.rank, "int")
_TOTAL = Column[SubjectScore]("total", "得分", lambda row: row.total, "score")
_GRADE = Column[SubjectScore]("grade", "等次", lambda row: row.grade, "text")
_CONSEQUENCE = Column[SubjectScore]("consequence", "奖惩措施", lambda row: row.consequence, "text")
_DEPARTMENT_NAME = Column[SubjectScore]("department_name", "部门", lambda row: row.label, "text")
_STAFF_NAME = Column[SubjectScore]("staff_name", "姓名", lambda row: row.label, "text")
_STAFF_DEPARTMENT = Column[SubjectScore]("staff_department", "所属部门", lambda row: row.department_shown, "text")

DETAIL_COLUMNS: list[Column[Detail]] = [
    Column("subject", "考核对象", lambda row: row[0].label, "text"),
    Column("group", "指标类别", lambda row: row[1].indicator.group, "text"),
    Column("indicator", "指标", lambda row: row[1].indicator.name, "text"),
    Column("value", "完成值", lambda row: row[1].value, "value"),
    Column("full_points", "分值", lambda row: row[1].indicator.points, "score"),
    Column("points", "得分", lambda row: None if row[1].skipped else row[1].points, "score"),
    Column("change", "扣分/加分", lambda row: change(row[1]), "signed"),
    Column("evidence_count", "依据条数", lambda row: len(row[1].evidence), "int"),
    Column("note", "说明", lambda row: row[1].note, "text"),
]
EVIDENCE_COLUMNS: list[Column[Proof]] = [
    Column("subject", "考核对象", lambda row: row[0].label, "text"),
    Column("indicator", "指标", lambda row: row[1].indicator.name, "text"),
    Column("kind", "依据类型", lambda row: EVIDENCE_KINDS.get(row[2].kind, row[2].kind), "text"),
    Column("ref", "编号", lambda row: row[2].ref, "text"),
    Column("text", "内容", lambda row: row[2].text, "text"),
    Column("points", "分值", lambda row: row[2].points, "signed"),
]


def ranking_columns(subject: Subject) -> list[Column[SubjectScore]]:
    """The ranking table's columns: a staff member's row also names their department."""
    if subject is Subject.STAFF:
        return [_RANK, _STAFF_NAME, _STAFF_DEPARTMENT, _TOTAL, _GRADE, _CONSEQUENCE]
    return [_RANK, _DEPARTMENT_NAME, _TOTAL, _GRADE, _CONSEQUENCE]


def change(score: IndicatorScore) -> float:
    """Points lost (negative) on a scored indicator, or gained (positive) on a bonus."""
    if score.indicator.is_bonus:
        return round(score.points, 2)
    if score.skipped:
        return 0.0
    return round(score.points - score.indicator.points, 2)


def detail_rows(assessment: Assessment) -> Iterator[Detail]:
    for row in assessment.rows:
        for score in row.breakdown:
            yield row, score


def evidence_rows(assessment: Assessment) -> Iterator[Proof]:
    for row in assessment.rows:
        for score in row.breakdown:
            for evidence in score.evidence:
                yield row, score, evidence


def indicator_columns(assessment: Assessment) -> list[Indicator]:
    """The set's indicators of the assessed subject, in file order (the CSV's breakdown columns)."""
    return list(assessment.indicator_set.for_subject(assessment.subject))


def points_of(row: SubjectScore, indicator: Indicator) -> float | None:
    """The points ``row`` got on ``indicator``; None when it was not scored (skipped for missing data)."""
    score = next((score for score in row.breakdown if score.indicator.id == indicator.id), None)
    return None if score is None or score.skipped else score.points


def value_text(score: IndicatorScore, *, unit: bool = True) -> str:
    """A figure as people read it: a rate in per cent, a count as a number (with its Chinese unit unless
    ``unit`` is False, as on the translated screen), ``—`` where there is no data."""
    if score.value is None:
        return "—"
    figure = FIGURES.get(score.indicator.source)
    name = score.indicator.unit or (figure.unit if figure is not None else "")
    if name == "%":
        return format_value(score.value, "pct")
    return number_text(score.value) + (name if unit else "")


def number_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.2f}".rstrip("0")


def cell_text(value: Any, kind: str) -> str:
    """The text of a column's value in the PDF and on screen (the CSV and XLSX keep the number)."""
    if value is None:
        return "—"
    if kind == "score":
        return f"{value:.2f}"
    if kind == "signed":
        return "0" if not value else f"{value:+.2f}"
    if kind == "value":
        return number_text(value)
    return format_value(value, kind)


def rule_text(indicator: Indicator) -> str:
    """How an indicator scores, in one Chinese line (the 说明 of the PDF and the XLSX)."""
    rule = indicator.rule
    if isinstance(rule, TargetRate):
        figure = FIGURES.get(indicator.source)
        rate = figure is not None and figure.is_rate
        target, floor = (f"{v * 100:g}%" if rate else f"{v:g}{figure.unit if figure else ''}"
                         for v in (rule.target, rule.floor))  # fmt: skip
        if rule.lower_is_better:
            return f"不高于 {target} 得满分 {indicator.points:g} 分，不低于 {floor} 不得分，其间按比例计分"
        return f"达到 {target} 得满分 {indicator.points:g} 分，不高于 {floor} 不得分，其间按比例计分"
    if indicator.finding_kind is not None:
        kind = "各类检查" if indicator.finding_kind == "*" else FINDING_KINDS.get(indicator.finding_kind, "")
        verb = "加" if indicator.is_bonus else "扣"
        cap = min(rule.cap, indicator.points) if isinstance(rule, PerOccurrence | Bonus) else indicator.points
        return f"按{kind}记录所载分值{verb}分，最多{verb} {cap:g} 分"
    if isinstance(rule, PerOccurrence):
        return f"每次扣 {rule.points_each:g} 分，最多扣 {rule.cap:g} 分"
    return f"每次加 {rule.points_each:g} 分，最多加 {rule.cap:g} 分"


def title(assessment: Assessment, hall_name: str) -> str:
    """E.g. 西湖区政务服务中心 2026年第四季度 部门业务考核情况通报."""
    return f"{hall_name} {assessment.period_label} {SUBJECT_LABELS[assessment.subject]}考核情况通报"


def set_line(assessment: Assessment) -> str:
    indicators = assessment.indicator_set
    return f"指标体系：{indicators.name}（版本 {indicators.version}，摘要 {indicators.digest[:12]}）"


def status_text(version: int | None) -> str:
    """The publication state every page shows: a draft is never mistaken for the published ranking."""
    return "未发布（草稿）" if version is None else f"已发布 第 {version} 版"
