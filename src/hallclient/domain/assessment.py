"""The assessment (考核) engine: scores, ranks and grades of departments (部门业务) and staff (人员服务).

No I/O and no SQL: a source (local store or server) reduces its data to one :class:`SubjectFacts` per
department or staff member — figure values (``assessment_figures.FIGURES``) and the manual findings in
force — and :func:`assess` scores them with an :class:`IndicatorSet` (``assessment_file`` reads it).

Scoring, per indicator (the breakdown shows each, with the evidence behind it):

* **TargetRate**: full points at or above ``target``, none at or below ``floor``, linear between (for a
  figure where lower is better, such as a wait time, mirrored: full at or below the target).
* **PerOccurrence**: the points minus ``points_each`` per occurrence, at most ``cap`` deducted.
* **Bonus**: ``points_each`` per occurrence, at most ``cap``, added on top of the 100.
* A **finding source** (``finding:<kind>`` or ``finding:*``) deducts (PerOccurrence) or adds (Bonus) the
  findings' own points, at most ``cap``; each finding is one piece of evidence.
* A **missing figure** (None: no ratings, no attendance record, no queue data) is never scored silently:
  the indicator's ``missing`` says how — ``full`` (full points), ``zero`` (none), or ``skip`` (the
  default: its points leave both the score and the maximum, and the total is rescaled to 100) — and the
  indicator's note says which.

The total is the non-bonus points rescaled to 100 (when something was skipped) plus the bonuses. Ranks
are competition ranks over totals rounded to 2 decimals (1, 2, 2, 4); the label orders ties for display
only. The grade is the first whose ``min_score`` the total reaches.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from hallclient.domain.events import canonical_json
from hallclient.domain.tally import Period
from hallclient.errors import HallError


class Subject(StrEnum):
    DEPARTMENT = "department"  # 部门业务
    STAFF = "staff"  # 人员服务


SUBJECT_LABELS: dict[Subject, str] = {Subject.DEPARTMENT: "部门业务", Subject.STAFF: "人员服务"}

FINDING_KINDS: dict[str, str] = {"inspection": "巡查记录", "mystery_visit": "明察暗访", "video_check": "视频抽查"}
FINDING_PREFIX = "finding:"
ANY_FINDING = "finding:*"

MISSING_POLICIES: dict[str, str] = {"skip": "不计分", "full": "按满分计", "zero": "按零分计"}


@dataclass(frozen=True)
class TargetRate:
    """Full points at >= target, 0 at <= floor, linear between; mirrored when ``lower_is_better``."""

    target: float
    floor: float
    lower_is_better: bool = False


@dataclass(frozen=True)
class PerOccurrence:
    """Deduct ``points_each`` per occurrence, at most ``cap`` (<= the indicator's points)."""

    points_each: float
    cap: float


@dataclass(frozen=True)
class Bonus:
    """Add ``points_each`` per occurrence, at most ``cap``, beyond the 100."""

    points_each: float
    cap: float


Rule = TargetRate | PerOccurrence | Bonus

RULE_NAMES: dict[type, str] = {TargetRate: "target_rate", PerOccurrence: "deduct", Bonus: "bonus"}


@dataclass(frozen=True)
class Indicator:
    id: str
    name: str
    subject: Subject
    group: str  # a heading such as 办件效率, 服务评价, 作风纪律
    source: str  # a figure id, or "finding:<kind>" / "finding:*"
    points: float  # the weight; a subject's non-bonus indicators add up to 100 (a bonus: its most)
    rule: Rule
    line: int = 0  # where it is in its file (for messages)
    missing: str = "skip"  # how a missing figure (None) is scored: skip | full | zero
    unit: str = ""  # the figure's unit (件, %, 分钟, 次; 条 for findings), set by the file loader

    @property
    def is_bonus(self) -> bool:
        return isinstance(self.rule, Bonus)

    @property
    def finding_kind(self) -> str | None:
        """The finding kind the indicator counts ("*": all kinds), or None for a figure."""
        return self.source.removeprefix(FINDING_PREFIX) if self.source.startswith(FINDING_PREFIX) else None


@dataclass(frozen=True)
class Grade:
    name: str
    min_score: float
    consequence: str  # 优秀 ≥ 90 → 通报表扬、评优优先 ...


@dataclass(frozen=True)
class IndicatorSet:
    version: str
    name: str
    indicators: tuple[Indicator, ...]
    grades: tuple[Grade, ...]  # strictly descending min_score, the last at 0
    digest: str  # sha256 of the file

    def for_subject(self, subject: Subject) -> tuple[Indicator, ...]:
        return tuple(indicator for indicator in self.indicators if indicator.subject == subject)

    def grade(self, total: float) -> Grade:
        for grade in self.grades:
            if round(total, 2) >= grade.min_score:
                return grade
        return self.grades[-1]


@dataclass(frozen=True)
class Evidence:
    """What stands behind a deduction or bonus; the drill-down."""

    kind: str  # "case" | "finding" | "complaint" | "rating" | "attendance" | "figure"
    ref: str  # case number, finding id, complaint ref, rating id, "2026-10-09 05" ...
    text: str  # one Chinese line for people
    points: float = 0.0


@dataclass(frozen=True)
class Finding:
    """A manual finding (巡查记录, 明察暗访, 视频抽查) as the engine sees it; ``points`` < 0 deducts, > 0 adds."""

    id: str
    kind: str
    day: date
    points: float
    note: str
    window: str = ""
    staff: str = ""
    department: str = ""


@dataclass(frozen=True)
class SubjectFacts:
    """Everything the engine needs about one department or one staff member."""

    key: str
    label: str
    department: str = ""  # department code (a staff member's own department, for the 人员 table)
    figures: Mapping[str, float | int | None] = field(default_factory=dict)  # None: no data
    findings: tuple[Finding, ...] = ()  # in force (not overturned on appeal), in the period
    evidence: Mapping[str, tuple[Evidence, ...]] = field(default_factory=dict)  # figure id -> what it counts
    missing: Mapping[str, str] = field(default_factory=dict)  # figure id -> why it is None ("无排队数据")
    department_name: str = ""  # that department's name in the catalog ("" when the catalog lacks it)


@dataclass(frozen=True)
class IndicatorScore:
    indicator: Indicator
    value: float | int | None
    points: float  # what the subject got (a bonus: what it adds)
    evidence: tuple[Evidence, ...] = ()
    note: str = ""  # how a missing figure was scored, never silently
    skipped: bool = False  # left out of both the score and the maximum (missing = "skip")


@dataclass(frozen=True)
class SubjectScore:
    key: str
    label: str
    department: str
    total: float
    breakdown: tuple[IndicatorScore, ...]
    rank: int
    grade: str
    consequence: str
    department_name: str = ""  # the department's catalog name; snapshots published before it have none

    @property
    def department_shown(self) -> str:
        """The department as tables show it: its name, else (an older snapshot, a code not in the catalog) its code."""
        return self.department_name or self.department


@dataclass(frozen=True)
class Assessment:
    period: Period
    period_label: str  # "2026年第四季度" / "2026年10月"
    subject: Subject
    indicator_set: IndicatorSet
    rows: tuple[SubjectScore, ...]  # ranked, best first
    computed_at: datetime
    source: str  # "local" | "server"
    notes: tuple[str, ...] = ()  # coverage warnings

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe; round-trips through :meth:`from_dict`."""
        return {
            "period": {"start": self.period.start.isoformat(), "end": self.period.end.isoformat()},
            "period_label": self.period_label,
            "subject": self.subject.value,
            "indicator_set": _set_to_dict(self.indicator_set),
            "rows": [_row_to_dict(row) for row in self.rows],
            "computed_at": self.computed_at.isoformat(),
            "source": self.source,
            "notes": list(self.notes),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Assessment:
        indicator_set = _set_from_dict(data["indicator_set"])
        by_id = {indicator.id: indicator for indicator in indicator_set.indicators}
        return cls(
            period=Period(date.fromisoformat(data["period"]["start"]), date.fromisoformat(data["period"]["end"])),
            period_label=data["period_label"],
            subject=Subject(data["subject"]),
            indicator_set=indicator_set,
            rows=tuple(_row_from_dict(row, by_id) for row in data["rows"]),
            computed_at=datetime.fromisoformat(data["computed_at"]),
            source=data["source"],
            notes=tuple(data["notes"]),
        )


# --- periods ---------------------------------------------------------------------------------------

_QUARTER = re.compile(r"([1-9]\d{3})[Qq]([1-4])")
_MONTH = re.compile(r"([1-9]\d{3})-(\d{2})")
_QUARTER_NAMES = ("一", "二", "三", "四")


def quarter_period(text: str) -> tuple[Period, str]:
    """ "2026Q4" -> (2026-10-01 … 2026-12-31, "2026年第四季度"); "2026-10" -> (that month, "2026年10月")."""
    value = text.strip()
    if quarter := _QUARTER.fullmatch(value):
        year, number = int(quarter[1]), int(quarter[2])
        start = date(year, 3 * number - 2, 1)
        return Period(start, _month_end(year, 3 * number)), f"{year}年第{_QUARTER_NAMES[number - 1]}季度"
    if (month := _MONTH.fullmatch(value)) and 1 <= int(month[2]) <= 12:
        year, number = int(month[1]), int(month[2])
        return Period(date(year, number, 1), _month_end(year, number)), f"{year}年{number}月"
    raise HallError(f"考核期间应写作季度（如 2026Q4）或月份（如 2026-10），实为 {text!r}")


def _month_end(year: int, month: int) -> date:
    following = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return date.fromordinal(following.toordinal() - 1)


# --- scoring ---------------------------------------------------------------------------------------


def _fmt(value: float) -> str:
    """A number as people write it: 2, 2.5, 0.93."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def score_target_rate(rule: TargetRate, points: float, value: float) -> float:
    """Full at the target or better, none at the floor or worse, linear between."""
    target, floor, measured = rule.target, rule.floor, value
    if rule.lower_is_better:  # mirror: lower is better
        target, floor, measured = -target, -floor, -measured
    if measured >= target:
        return points
    if measured <= floor:
        return 0.0
    return points * (measured - floor) / (target - floor)


def missing_reason(indicator: Indicator, facts: SubjectFacts) -> str:
    """Why the subject has no value for the indicator's figure, as people say it (无评价数据, 无排队数据 …)."""
    return facts.missing.get(indicator.source) or f"无{indicator.name}数据"


def _missing_score(indicator: Indicator, facts: SubjectFacts) -> IndicatorScore:
    why = missing_reason(indicator, facts)
    policy = indicator.missing
    if indicator.is_bonus:  # no data adds nothing; nothing to rescale either
        return IndicatorScore(indicator, None, 0.0, note=f"{why}，不加分")
    if policy == "full":
        return IndicatorScore(indicator, None, indicator.points, note=f"{why}，按满分计")
    if policy == "zero":
        return IndicatorScore(indicator, None, 0.0, note=f"{why}，按零分计")
    return IndicatorScore(indicator, None, 0.0, note=f"{why}，本项不计分（总分按其余指标折算为百分制）", skipped=True)


def _finding_score(indicator: Indicator, facts: SubjectFacts) -> IndicatorScore:
    rule = indicator.rule
    bonus = isinstance(rule, Bonus)
    counted = [f for f in facts.findings if _counts(indicator, f)]
    cap = min(rule.cap, indicator.points) if isinstance(rule, PerOccurrence | Bonus) else indicator.points
    raw = sum(abs(f.points) for f in counted)
    applied = min(raw, cap)
    evidence = tuple(
        Evidence("finding", f.id, f"{f.day.isoformat()} {FINDING_KINDS.get(f.kind, f.kind)}：{f.note}", f.points)
        for f in sorted(counted, key=lambda item: (item.day, item.id))
    )
    note = f"{'加' if bonus else '扣'}分合计 {_fmt(raw)} 分，封顶 {_fmt(applied)} 分" if raw > applied else ""
    points = applied if bonus else indicator.points - applied
    return IndicatorScore(indicator, len(counted), points, evidence, note)


def score_indicator(indicator: Indicator, facts: SubjectFacts) -> IndicatorScore:
    """One indicator of one subject, with the evidence behind it and a note on anything not plain."""
    if indicator.finding_kind is not None:
        return _finding_score(indicator, facts)
    value = facts.figures.get(indicator.source)
    if value is None:
        return _missing_score(indicator, facts)
    evidence = tuple(facts.evidence.get(indicator.source, ()))
    rule = indicator.rule
    if isinstance(rule, TargetRate):
        return IndicatorScore(indicator, value, score_target_rate(rule, indicator.points, float(value)), evidence)
    raw = float(value) * rule.points_each
    cap = min(rule.cap, indicator.points)
    applied = min(raw, cap)
    note = f"{'加' if isinstance(rule, Bonus) else '扣'}分 {_fmt(raw)} 分，封顶 {_fmt(cap)} 分" if raw > cap else ""
    if not evidence and value:
        verb = "加" if isinstance(rule, Bonus) else "扣"
        unit = indicator.unit or "次"
        text = f"{indicator.name} {_fmt(float(value))} {unit}，每{unit}{verb} {_fmt(rule.points_each)} 分"
        evidence = (Evidence("figure", indicator.source, text, applied if isinstance(rule, Bonus) else -applied),)
    points = applied if isinstance(rule, Bonus) else indicator.points - applied
    return IndicatorScore(indicator, value, points, evidence, note)


def total_of(breakdown: Iterable[IndicatorScore]) -> float:
    """Non-bonus points rescaled to 100 over what was scored, plus the bonuses; rounded to 2 decimals."""
    earned = maximum = bonus = 0.0
    for item in breakdown:
        if item.indicator.is_bonus:
            bonus += item.points
        elif not item.skipped:
            earned += item.points
            maximum += item.indicator.points
    base = earned * 100 / maximum if maximum else 0.0
    return round(base + bonus, 2)


def score_subject(indicator_set: IndicatorSet, subject: Subject, facts: SubjectFacts) -> SubjectScore:
    """One subject's score, unranked (rank 0) and graded."""
    breakdown = tuple(score_indicator(indicator, facts) for indicator in indicator_set.for_subject(subject))
    total = total_of(breakdown)
    grade = indicator_set.grade(total)
    return SubjectScore(facts.key, facts.label, facts.department, total, breakdown, 0, grade.name, grade.consequence,
                        facts.department_name)  # fmt: skip


def rank(scores: Iterable[SubjectScore]) -> tuple[SubjectScore, ...]:
    """Competition ranking, best first: totals equal after rounding to 2 decimals share a rank, the next
    rank skips (1, 2, 2, 4); ties are listed by label, for display only."""
    ordered = sorted(scores, key=lambda score: (-round(score.total, 2), score.label, score.key))
    ranked: list[SubjectScore] = []
    for position, score in enumerate(ordered, start=1):
        tied = ranked and round(ranked[-1].total, 2) == round(score.total, 2)
        ranked.append(replace(score, rank=ranked[-1].rank if tied else position))
    return tuple(ranked)


def assess(
    indicator_set: IndicatorSet,
    subject: Subject,
    facts: Iterable[SubjectFacts],
    *,
    period: Period,
    period_label: str,
    computed_at: datetime,
    source: str,
    notes: Iterable[str] = (),
) -> Assessment:
    """Score, rank and grade every subject of ``facts``; notes say which indicators went unscored."""
    facts_list = list(facts)
    rows = rank(score_subject(indicator_set, subject, item) for item in facts_list)
    all_notes = [*notes, *_missing_notes(indicator_set.for_subject(subject), facts_list)]
    all_notes += _unscored_findings(indicator_set.for_subject(subject), facts_list)
    if not rows:
        all_notes.append("本期间没有考核对象。")
    return Assessment(
        period=period,
        period_label=period_label,
        subject=subject,
        indicator_set=indicator_set,
        rows=rows,
        computed_at=computed_at,
        source=source,
        notes=tuple(dict.fromkeys(all_notes)),
    )


def _missing_notes(indicators: Iterable[Indicator], facts: list[SubjectFacts]) -> list[str]:
    """One note per indicator and reason: "无排队数据（全部对象）：“等候时长”不计分，总分按其余指标折算为百分制"."""
    notes = []
    for indicator in indicators:
        if indicator.finding_kind is not None:
            continue
        reasons = Counter(
            missing_reason(indicator, item) for item in facts if item.figures.get(indicator.source) is None
        )
        policy = "不加分" if indicator.is_bonus else MISSING_POLICIES.get(indicator.missing, indicator.missing)
        if policy == MISSING_POLICIES["skip"] and not indicator.is_bonus:
            policy += "，总分按其余指标折算为百分制"
        for reason, count in reasons.items():
            whom = "全部对象" if count == len(facts) else f"{count} 个对象"
            notes.append(f"{reason}（{whom}）：“{indicator.name}”{policy}")
    return notes


def _counts(indicator: Indicator, finding: Finding) -> bool:
    """Whether ``indicator`` scores ``finding``: its kind, and a deduction (< 0) or a bonus (> 0) as the rule is."""
    kind = indicator.finding_kind
    if kind is None or kind not in ("*", finding.kind):
        return False
    return finding.points > 0 if indicator.is_bonus else finding.points < 0


def _unscored_findings(indicators: Iterable[Indicator], facts: Iterable[SubjectFacts]) -> list[str]:
    """A note per finding no indicator of the set scores (e.g. a bonus finding and no bonus indicator)."""
    indicators = tuple(indicators)
    notes = []
    for item in facts:
        for finding in item.findings:
            if not any(_counts(indicator, finding) for indicator in indicators):
                kind = FINDING_KINDS.get(finding.kind, finding.kind)
                what = f"{finding.day.isoformat()} 的{kind}发现（{finding.points:+g} 分）"
                notes.append(f"{item.label}：{what}没有对应的指标，未计分")
    return notes


# --- serialisation ---------------------------------------------------------------------------------


def _rule_to_dict(rule: Rule) -> dict[str, Any]:
    if isinstance(rule, TargetRate):
        return {
            "type": "target_rate",
            "target": rule.target,
            "floor": rule.floor,
            "lower_is_better": rule.lower_is_better,
        }
    return {"type": RULE_NAMES[type(rule)], "points_each": rule.points_each, "cap": rule.cap}


def _rule_from_dict(data: Mapping[str, Any]) -> Rule:
    kind = data["type"]
    if kind == "target_rate":
        return TargetRate(float(data["target"]), float(data["floor"]), bool(data.get("lower_is_better", False)))
    rule_type = PerOccurrence if kind == "deduct" else Bonus
    if kind not in ("deduct", "bonus"):
        raise HallError(f"未知的计分规则 {kind!r}")
    return rule_type(float(data["points_each"]), float(data["cap"]))


def _indicator_to_dict(indicator: Indicator) -> dict[str, Any]:
    return {
        "id": indicator.id,
        "name": indicator.name,
        "subject": indicator.subject.value,
        "group": indicator.group,
        "source": indicator.source,
        "points": indicator.points,
        "rule": _rule_to_dict(indicator.rule),
        "line": indicator.line,
        "missing": indicator.missing,
        "unit": indicator.unit,
    }


def _indicator_from_dict(data: Mapping[str, Any]) -> Indicator:
    return Indicator(
        id=data["id"],
        name=data["name"],
        subject=Subject(data["subject"]),
        group=data["group"],
        source=data["source"],
        points=float(data["points"]),
        rule=_rule_from_dict(data["rule"]),
        line=int(data.get("line", 0)),
        missing=data.get("missing", "skip"),
        unit=data.get("unit", ""),
    )


def _set_to_dict(indicator_set: IndicatorSet) -> dict[str, Any]:
    return {
        "version": indicator_set.version,
        "name": indicator_set.name,
        "indicators": [_indicator_to_dict(indicator) for indicator in indicator_set.indicators],
        "grades": [
            {"name": grade.name, "min_score": grade.min_score, "consequence": grade.consequence}
            for grade in indicator_set.grades
        ],
        "digest": indicator_set.digest,
    }


def _set_from_dict(data: Mapping[str, Any]) -> IndicatorSet:
    return IndicatorSet(
        version=data["version"],
        name=data["name"],
        indicators=tuple(_indicator_from_dict(item) for item in data["indicators"]),
        grades=tuple(Grade(g["name"], float(g["min_score"]), g["consequence"]) for g in data["grades"]),
        digest=data["digest"],
    )


def _row_to_dict(row: SubjectScore) -> dict[str, Any]:
    return {
        "key": row.key,
        "label": row.label,
        "department": row.department,
        "department_name": row.department_name,
        "total": row.total,
        "rank": row.rank,
        "grade": row.grade,
        "consequence": row.consequence,
        "breakdown": [
            {
                "indicator": item.indicator.id,
                "value": item.value,
                "points": item.points,
                "note": item.note,
                "skipped": item.skipped,
                "evidence": [{"kind": e.kind, "ref": e.ref, "text": e.text, "points": e.points} for e in item.evidence],
            }
            for item in row.breakdown
        ],
    }


def _row_from_dict(data: Mapping[str, Any], indicators: Mapping[str, Indicator]) -> SubjectScore:
    return SubjectScore(
        key=data["key"],
        label=data["label"],
        department=data["department"],
        department_name=str(data.get("department_name", "")),
        total=float(data["total"]),
        breakdown=tuple(
            IndicatorScore(
                indicator=indicators[item["indicator"]],
                value=item["value"],
                points=float(item["points"]),
                evidence=tuple(Evidence(e["kind"], e["ref"], e["text"], float(e["points"])) for e in item["evidence"]),
                note=item["note"],
                skipped=bool(item.get("skipped", False)),
            )
            for item in data["breakdown"]
        ),
        rank=int(data["rank"]),
        grade=data["grade"],
        consequence=data["consequence"],
    )


# --- snapshots (publishing) ------------------------------------------------------------------------


def snapshot_digest(assessment_dict: Mapping[str, Any]) -> str:
    """sha256 of the snapshot's canonical JSON: the same body always gives the same digest."""
    return hashlib.sha256(canonical_json(assessment_dict).encode("utf-8")).hexdigest()


def sign_snapshot(digest: str, key: bytes) -> str:
    """HMAC-SHA256 (hex) of the digest with the signer's key."""
    return hmac.new(key, digest.encode("ascii"), hashlib.sha256).hexdigest()


def verify_snapshot(assessment_dict: Mapping[str, Any], digest: str, signature: str, key: bytes) -> bool:
    """True when the body still has ``digest`` and ``signature`` is that digest's signature with ``key``."""
    actual = snapshot_digest(assessment_dict)
    return hmac.compare_digest(actual, digest) and hmac.compare_digest(sign_snapshot(actual, key), signature)
