"""The assessment engine: each rule, findings, missing figures, totals, ranks with ties, grades, snapshots.

Every expected score below is computed by hand in the comment next to it.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from hallclient.domain.assessment import (
    Assessment,
    Bonus,
    Finding,
    Grade,
    Indicator,
    IndicatorSet,
    PerOccurrence,
    Subject,
    SubjectFacts,
    SubjectScore,
    TargetRate,
    assess,
    quarter_period,
    rank,
    score_indicator,
    sign_snapshot,
    snapshot_digest,
    verify_snapshot,
)
from hallclient.domain.tally import Period
from hallclient.errors import HallError

STAFF = Subject.STAFF


def _indicator(ident: str, source: str, points: float, rule: object, missing: str = "skip") -> Indicator:
    return Indicator(ident, ident, STAFF, "组", source, points, rule, 0, missing)  # type: ignore[arg-type]


SATISFACTION = _indicator("满意率", "satisfaction_rate", 40, TargetRate(target=0.95, floor=0.75))
LATE = _indicator("迟到", "late_starts", 20, PerOccurrence(points_each=3, cap=10))
MYSTERY = _indicator("明察暗访", "finding:mystery_visit", 40, PerOccurrence(points_each=0, cap=15))
PRAISE = _indicator("表扬", "finding:*", 4, Bonus(points_each=0, cap=4))
ENQUIRIES = _indicator("首问登记", "enquiries", 2, Bonus(points_each=0.5, cap=2))
GRADES = (Grade("优秀", 90, "通报表扬"), Grade("合格", 60, "—"), Grade("不合格", 0, "约谈、限期整改"))
SET = IndicatorSet("t1", "测试指标", (SATISFACTION, LATE, MYSTERY, PRAISE, ENQUIRIES), GRADES, "d" * 64)
Q4, Q4_LABEL = quarter_period("2026Q4")
AT = datetime(2027, 1, 5, 9, 30, tzinfo=UTC)


def _finding(ident: str, points: float, kind: str = "mystery_visit", day: int = 10) -> Finding:
    return Finding(ident, kind, date(2026, 11, day), points, f"发现 {ident}", window="05", staff=ident[:1])


FACTS = [
    # alice: satisfaction 40 × (0.85 − 0.75)/(0.95 − 0.75) = 20; late 20 − 2 × 3 = 14;
    # mystery 40 − (5 + 4) = 31; enquiries 3 × 0.5 = 1.5 → 20 + 14 + 31 = 65 of 100, + 1.5 = 66.5
    SubjectFacts(
        "alice",
        "Alice",
        "D1",
        {"satisfaction_rate": 0.85, "late_starts": 2, "enquiries": 3},
        (_finding("a1", -5), _finding("a2", -4, day=3)),
    ),
    # bob: satisfaction None → skipped (leaves score and maximum); late 5 × 3 = 15, capped at 10 → 10;
    # mystery −20 capped at 15 → 25; +3 praise → bonus 3; enquiries 0
    # → (10 + 25) of 60 points = 35 × 100 / 60 = 58.33, + 3 = 61.33
    SubjectFacts(
        "bob",
        "Bob",
        "D2",
        {"satisfaction_rate": None, "late_starts": 5, "enquiries": 0},
        (_finding("b1", -20), _finding("b2", 3)),
    ),
    # carol: 0.99 ≥ target → 40; late 0 → 20; no findings → 40; enquiries 10 × 0.5 = 5, capped at 2 → 102
    SubjectFacts("carol", "Carol", "D1", {"satisfaction_rate": 0.99, "late_starts": 0, "enquiries": 10}),
    # dave: 40 × 0.05/0.2 = 10; late 0 → 20; mystery 40 − 3.5 = 36.5; → 66.5, tied with alice;
    # his inspection finding (−2) has no indicator in this set: not scored, and a note says so
    SubjectFacts(
        "dave",
        "Dave",
        "D2",
        {"satisfaction_rate": 0.80, "late_starts": 0, "enquiries": 0},
        (_finding("d1", -3.5), _finding("d2", -2, kind="inspection")),
    ),
]


@pytest.fixture(scope="module")
def result() -> Assessment:
    return assess(SET, STAFF, FACTS, period=Q4, period_label=Q4_LABEL, computed_at=AT, source="local")


def test_totals_ranks_and_grades_match_the_hand_computation(result: Assessment) -> None:
    table = [(row.key, row.total, row.rank, row.grade, row.consequence) for row in result.rows]
    assert table == [
        ("carol", 102.0, 1, "优秀", "通报表扬"),
        ("alice", 66.5, 2, "合格", "—"),
        ("dave", 66.5, 2, "合格", "—"),
        ("bob", 61.33, 4, "合格", "—"),
    ]


def test_breakdown_points_and_values(result: Assessment) -> None:
    alice = {item.indicator.id: (item.value, item.points) for item in result.rows[1].breakdown}
    assert alice == {
        "满意率": (0.85, pytest.approx(20.0)),
        "迟到": (2, 14.0),
        "明察暗访": (2, 31.0),
        "表扬": (0, 0.0),
        "首问登记": (3, 1.5),
    }


def test_a_capped_deduction_says_so_and_keeps_its_evidence(result: Assessment) -> None:
    bob = result.rows[3]
    late, mystery = bob.breakdown[1], bob.breakdown[2]
    assert (late.points, late.note) == (10.0, "扣分 15 分，封顶 10 分")
    assert (mystery.points, mystery.note) == (25.0, "扣分合计 20 分，封顶 15 分")
    assert [(e.kind, e.ref, e.points) for e in mystery.evidence] == [("finding", "b1", -20)]
    praise = bob.breakdown[3]
    assert praise.points == 3.0
    assert [(e.ref, e.text) for e in praise.evidence] == [("b2", "2026-11-10 明察暗访：发现 b2")]


def test_findings_are_evidence_in_date_order(result: Assessment) -> None:
    mystery = result.rows[1].breakdown[2]
    assert [(e.ref, e.points) for e in mystery.evidence] == [("a2", -4), ("a1", -5)]


def test_a_figure_deduction_has_a_figure_evidence_line(result: Assessment) -> None:
    late = result.rows[1].breakdown[1]
    assert [(e.kind, e.ref, e.text, e.points) for e in late.evidence] == [
        ("figure", "late_starts", "迟到 2 次，每次扣 3 分", -6.0)
    ]


def test_figure_evidence_speaks_the_figure_unit() -> None:
    absent = Indicator("缺岗", "缺岗", STAFF, "作风纪律", "absent_minutes", 8, PerOccurrence(0.1, 8), unit="分钟")
    item = score_indicator(absent, SubjectFacts("k", "K", figures={"absent_minutes": 35}))
    assert item.points == pytest.approx(4.5)  # 8 − 35 × 0.1
    assert [(e.text, e.points) for e in item.evidence] == [("缺岗 35 分钟，每分钟扣 0.1 分", pytest.approx(-3.5))]


def test_missing_figure_is_skipped_and_said(result: Assessment) -> None:
    satisfaction = result.rows[3].breakdown[0]
    assert satisfaction.value is None and satisfaction.skipped
    assert satisfaction.note == "无满意率数据，本项不计分（总分按其余指标折算为百分制）"
    assert "无满意率数据（1 个对象）：“满意率”不计分，总分按其余指标折算为百分制" in result.notes


def test_the_source_says_why_a_figure_is_missing() -> None:
    facts = SubjectFacts("k", "K", figures={"satisfaction_rate": None}, missing={"satisfaction_rate": "无评价数据"})
    indicator = _indicator("满意率", "satisfaction_rate", 40, TargetRate(0.95, 0.75), missing="full")
    assert score_indicator(indicator, facts).note == "无评价数据，按满分计"
    wait = _indicator("等候", "wait_median_min", 10, TargetRate(10, 30, lower_is_better=True))
    indicator_set = IndicatorSet("t", "t", (indicator, wait), GRADES, "")
    queue_less = [SubjectFacts(k, k, missing={"wait_median_min": "无排队数据"}) for k in ("a", "b")]
    notes = assess(
        indicator_set, STAFF, queue_less, period=Q4, period_label=Q4_LABEL, computed_at=AT, source="local"
    ).notes
    assert notes == (
        "无满意率数据（全部对象）：“满意率”按满分计",
        "无排队数据（全部对象）：“等候”不计分，总分按其余指标折算为百分制",
    )


def test_a_finding_no_indicator_scores_is_noted(result: Assessment) -> None:
    assert "Dave：2026-11-10 的巡查记录发现（-2 分）没有对应的指标，未计分" in result.notes
    assert not any(note.startswith(("Alice", "Bob")) for note in result.notes)


@pytest.mark.parametrize(
    ("missing", "points", "total", "note"),
    [
        ("full", 40.0, 35 + 40 + 3, "无满意率数据，按满分计"),  # (40 + 10 + 25) of 100 + 3
        ("zero", 0.0, 35 + 3, "无满意率数据，按零分计"),  # (0 + 10 + 25) of 100 + 3
    ],
)
def test_missing_full_and_zero(missing: str, points: float, total: float, note: str) -> None:
    satisfaction = _indicator("满意率", "satisfaction_rate", 40, TargetRate(0.95, 0.75), missing=missing)
    indicator_set = IndicatorSet("t", "t", (satisfaction, LATE, MYSTERY, PRAISE, ENQUIRIES), GRADES, "")
    bob = assess(indicator_set, STAFF, [FACTS[1]], period=Q4, period_label=Q4_LABEL, computed_at=AT, source="local")
    item = bob.rows[0].breakdown[0]
    assert (item.points, item.note, item.skipped) == (points, note, False)
    assert bob.rows[0].total == total


@pytest.mark.parametrize(
    ("value", "expected"),
    [(0.95, 10.0), (1.0, 10.0), (0.75, 0.0), (0.5, 0.0), (0.80, 2.5), (0.90, 7.5)],
)
def test_target_rate_is_linear_and_clamped(value: float, expected: float) -> None:
    indicator = _indicator("r", "satisfaction_rate", 10, TargetRate(0.95, 0.75))
    assert score_indicator(indicator, SubjectFacts("k", "K", figures={"satisfaction_rate": value})).points == (
        pytest.approx(expected)
    )


@pytest.mark.parametrize(("minutes", "expected"), [(5, 8.0), (10, 8.0), (20, 4.0), (30, 0.0), (45, 0.0)])
def test_target_rate_lower_is_better(minutes: float, expected: float) -> None:
    indicator = _indicator("w", "wait_median_min", 8, TargetRate(target=10, floor=30, lower_is_better=True))
    facts = SubjectFacts("k", "K", figures={"wait_median_min": minutes})
    assert score_indicator(indicator, facts).points == pytest.approx(expected)


def test_a_subject_without_a_figure_key_is_missing_not_zero() -> None:
    item = score_indicator(LATE, SubjectFacts("k", "K"))
    assert (item.value, item.points, item.skipped) == (None, 0.0, True)


def test_everything_skipped_scores_zero_with_bonus_only() -> None:
    indicator_set = IndicatorSet("t", "t", (SATISFACTION, ENQUIRIES), GRADES, "")
    facts = SubjectFacts("k", "K", figures={"satisfaction_rate": None, "enquiries": 2})
    row = assess(indicator_set, STAFF, [facts], period=Q4, period_label=Q4_LABEL, computed_at=AT, source="local")
    assert row.rows[0].total == 1.0  # nothing to rescale: 0, + 2 × 0.5


def _score(key: str, total: float) -> SubjectScore:
    return SubjectScore(key, key, "", total, (), 0, "", "")


def test_rank_is_competition_ranking_on_two_decimals() -> None:
    ranked = rank([_score("b", 80.004), _score("a", 80.001), _score("c", 90), _score("d", 80.006), _score("e", 70)])
    assert [(row.key, row.rank) for row in ranked] == [("c", 1), ("d", 2), ("a", 3), ("b", 3), ("e", 5)]


def test_rank_of_three_equal_totals() -> None:
    ranked = rank([_score("z", 50), _score("y", 50), _score("x", 50), _score("w", 60)])
    assert [(row.key, row.rank) for row in ranked] == [("w", 1), ("x", 2), ("y", 2), ("z", 2)]


@pytest.mark.parametrize(
    ("total", "grade"), [(100, "优秀"), (90, "优秀"), (89.999, "优秀"), (89.99, "合格"), (60, "合格"), (0, "不合格")]
)
def test_grade_thresholds(total: float, grade: str) -> None:
    assert SET.grade(total).name == grade  # 89.999 rounds to 90.00: the same rounding as the ranks


@pytest.mark.parametrize(
    ("text", "start", "end", "label"),
    [
        ("2026Q4", date(2026, 10, 1), date(2026, 12, 31), "2026年第四季度"),
        ("2027q1", date(2027, 1, 1), date(2027, 3, 31), "2027年第一季度"),
        ("2026Q2", date(2026, 4, 1), date(2026, 6, 30), "2026年第二季度"),
        ("2026-10", date(2026, 10, 1), date(2026, 10, 31), "2026年10月"),
        ("2028-02", date(2028, 2, 1), date(2028, 2, 29), "2028年2月"),
        (" 2026-12 ", date(2026, 12, 1), date(2026, 12, 31), "2026年12月"),
    ],
)
def test_quarter_period(text: str, start: date, end: date, label: str) -> None:
    assert quarter_period(text) == (Period(start, end), label)


@pytest.mark.parametrize(
    "text", ["2026Q5", "2026Q0", "2026-13", "2026-00", "26Q4", "2026", "", "2026年四季度", "0000Q1", "0000-01"]
)
def test_quarter_period_refuses_anything_else(text: str) -> None:
    with pytest.raises(HallError) as caught:
        quarter_period(text)
    assert str(caught.value) == f"考核期间应写作季度（如 2026Q4）或月份（如 2026-10），实为 {text!r}"


def test_to_dict_round_trips_through_json(result: Assessment) -> None:
    data = json.loads(json.dumps(result.to_dict(), ensure_ascii=False))
    assert Assessment.from_dict(data) == result
    assert Assessment.from_dict(data).to_dict() == result.to_dict()


def test_a_staff_rows_department_name_round_trips_and_older_snapshots_show_the_code(result: Assessment) -> None:
    named = replace(result, rows=tuple(replace(row, department_name=f"{row.department}局") for row in result.rows))
    data = json.loads(json.dumps(named.to_dict(), ensure_ascii=False))
    assert [row.department_shown for row in Assessment.from_dict(data).rows] == [
        f"{row.department}局" for row in result.rows
    ]
    for row in data["rows"]:  # as published before the name was kept
        del row["department_name"]
    assert [row.department_shown for row in Assessment.from_dict(data).rows] == [row.department for row in result.rows]


def test_snapshot_signature_verifies_and_tampering_fails(result: Assessment) -> None:
    body = result.to_dict()
    digest = snapshot_digest(body)
    signature = sign_snapshot(digest, b"server-secret")
    assert verify_snapshot(body, digest, signature, b"server-secret")
    assert not verify_snapshot(body, digest, signature, b"another-key")
    assert not verify_snapshot(body, digest, sign_snapshot(digest, b"another-key"), b"server-secret")
    tampered = json.loads(json.dumps(body))
    tampered["rows"][3]["total"] = 99.0
    assert snapshot_digest(tampered) != digest
    assert not verify_snapshot(tampered, digest, signature, b"server-secret")
    # re-signing a tampered body with a stolen digest does not help without the key
    assert not verify_snapshot(tampered, snapshot_digest(tampered), signature, b"server-secret")


def test_snapshot_digest_does_not_depend_on_key_order(result: Assessment) -> None:
    body = result.to_dict()
    reordered = dict(reversed(list(body.items())))
    assert snapshot_digest(reordered) == snapshot_digest(body)
