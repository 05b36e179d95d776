"""Local assessment on a hand-made store: scores equal the hand-computed ones, a finding moves exactly its
subject's score, publishing freezes a signed snapshot that verify checks, and refusals store nothing."""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from assessment_seed import OCTOBER, PASSWORD, Hall, evidence_file, indicator_set, seed_hall
from sqlalchemy import func, select, update

from hallclient.domain.assessment import Subject, quarter_period
from hallclient.errors import HallError
from hallclient.paths import evidence_dir
from hallclient.services.assessment import compute_assessment, drill_down, publish, published, verify
from hallclient.services.context import Services
from hallclient.services.findings import (
    FindingInput,
    appeal_finding,
    decide_appeal,
    list_findings,
    record_finding,
)
from hallclient.services.roles import PermissionDenied
from hallclient.store.assessment_models import AssessmentFinding, AssessmentSnapshot
from hallclient.store.models import Event

if TYPE_CHECKING:
    from conftest import FixedClock


@pytest.fixture
def hall(services: Services, clock: FixedClock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Hall:
    monkeypatch.setenv("HALLCLIENT_DATA_DIR", str(tmp_path / "data"))  # evidence files of this test only
    return seed_hall(services, clock)


def scores(hall: Hall, subject: Subject) -> dict[str, float]:
    assessment = compute_assessment(hall.services, indicator_set(), OCTOBER, "2026年10月", subject)
    return {row.label: row.total for row in assessment.rows}


def count(services: Services, model: type) -> int:
    with services.store.read() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_department_scores_equal_hand_computation(hall: Hall) -> None:
    assessment = compute_assessment(hall.services, indicator_set(), OCTOBER, "2026年10月", Subject.DEPARTMENT)
    rows = {row.key: row for row in assessment.rows}
    # 户籍: on time 1/1 → 40; no overdue → 20; no bad review → 20; finding -3 → 17: 97
    # 不动产: on time 1/1 → 40; B overdue → 20 - 5; one bad review → 20 - 10; no finding → 20: 85
    assert (rows["HJ"].total, rows["HJ"].rank, rows["HJ"].grade) == (97, 1, "优秀")
    assert (rows["BDC"].total, rows["BDC"].rank, rows["BDC"].grade) == (85, 2, "合格")
    assert [row.key for row in assessment.rows] == ["HJ", "BDC"]
    assert any("无排队数据" in note for note in assessment.notes) is False  # the set has no queue indicator


def test_staff_scores_equal_hand_computation(hall: Hall) -> None:
    assessment = compute_assessment(hall.services, indicator_set(), OCTOBER, "2026年10月", Subject.STAFF)
    rows = {row.label: row for row in assessment.rows}
    assert set(rows) == {"王芳", "李丽"}  # supervisors without cases are not assessed
    # 王芳: bad review → 30 - 10; absent 20 (late) + 30 (lock) = 50 min × 0.2 → 30 - 10; late once → 20 - 5;
    # no finding → 20: 75
    # 李丽: 30; paused 15 min × 0.2 → 30 - 3; never late → 20; finding -3 → 17: 94
    assert (rows["王芳"].total, rows["李丽"].total) == (75, 94)
    assert (rows["王芳"].department, rows["李丽"].department) == ("BDC", "HJ")
    assert (rows["王芳"].department_name, rows["李丽"].department_name) == ("不动产登记中心", "公安户籍")
    figures = {item.indicator.id: item.value for item in rows["王芳"].breakdown}
    assert (figures["s_absent"], figures["s_late"]) == (50, 1)
    assert any("按其本期办件最多的部门认定" in note for note in assessment.notes)
    assert any("考勤自 2026-10-19 起记录" in note for note in assessment.notes)


def test_a_finding_changes_exactly_its_subjects_score_by_its_points(hall: Hall, tmp_path: Path) -> None:
    before = scores(hall, Subject.STAFF)
    departments_before = scores(hall, Subject.DEPARTMENT)
    recorded = record_finding(hall.services, hall.sup1, FindingInput(
        staff="wangfang", kind="视频抽查", points=-2, note="玩手机", day=date(2026, 10, 21),
        evidence=evidence_file(tmp_path)))  # fmt: skip
    after = scores(hall, Subject.STAFF)
    assert after == {"王芳": before["王芳"] - 2, "李丽": before["李丽"]}
    assert scores(hall, Subject.DEPARTMENT) == {**departments_before, "不动产登记中心": 83}
    assert recorded.department == "BDC" and recorded.department_guessed
    stored = evidence_dir() / f"{recorded.evidence_sha256}.jpg"
    assert hashlib.sha256(stored.read_bytes()).hexdigest() == recorded.evidence_sha256


def test_appeal_upheld_by_another_supervisor_removes_the_finding(hall: Hall) -> None:
    finding_id = list_findings(hall.services)[0].id
    appeal_finding(hall.services, hall.li, finding_id, "当时在指导群众填表")
    with pytest.raises(PermissionDenied, match="登记人不能复核"):
        decide_appeal(hall.services, hall.sup1, finding_id, uphold=True, note="属实")
    with pytest.raises(PermissionDenied):
        decide_appeal(hall.services, hall.li, finding_id, uphold=True, note="属实")
    assert scores(hall, Subject.STAFF)["李丽"] == 94  # an appeal pending does not suspend the finding
    decide_appeal(hall.services, hall.sup2, finding_id, uphold=True, note="经调看录像属实")
    assert scores(hall, Subject.STAFF)["李丽"] == 97
    with pytest.raises(HallError, match="该申诉已复核"):
        decide_appeal(hall.services, hall.sup2, finding_id, uphold=False, note="改判")


def test_drill_down_lists_the_cases_and_days_behind_a_deduction(hall: Hall) -> None:
    overdue = drill_down(hall.services, OCTOBER, Subject.DEPARTMENT, "BDC", "d_overdue", indicator_set())
    with hall.services.store.read() as session:
        case_no = session.scalar(select(Event.payload).where(Event.case_id == hall.case_b).limit(1))
    assert len(overdue) == 1 and overdue[0].kind == "case" and overdue[0].ref in str(case_no)
    late = drill_down(hall.services, OCTOBER, Subject.STAFF, hall.wang.user_id, "s_late", indicator_set())
    assert [(item.ref, item.text) for item in late] == [("2026-10-19 09:00-12:00", "迟到 20 分钟（09:20 签到）")]
    findings = drill_down(hall.services, OCTOBER, Subject.STAFF, hall.li.user_id, "s_findings", indicator_set())
    assert [item.points for item in findings] == [-3]
    bad = drill_down(hall.services, OCTOBER, Subject.DEPARTMENT, "BDC", "d_bad", indicator_set())
    assert len(bad) == 1 and "差评（1 星）" in bad[0].text


def test_published_snapshot_is_immutable_and_versioned(hall: Hall) -> None:
    services = hall.services
    hall.at(datetime(2027, 1, 5, 9, 0))
    with pytest.raises(HallError, match="密码"):
        publish(services, hall.sup1, "wrong", "2026Q4", Subject.DEPARTMENT, indicator_set())
    first = publish(services, hall.sup1, PASSWORD, "2026Q4", Subject.DEPARTMENT, indicator_set())
    assert first.version == 1
    frozen = {row.key: row.total for row in first.assessment.rows}
    assert frozen["HJ"] == 97
    # later data: the finding is overturned on appeal → the live computation changes, the snapshot not
    finding_id = list_findings(services)[0].id
    appeal_finding(services, hall.li, finding_id, "当时在指导群众填表")
    decide_appeal(services, hall.sup2, finding_id, uphold=True, note="属实")
    period, label = quarter_period("2026Q4")
    live = compute_assessment(services, indicator_set(), period, label, Subject.DEPARTMENT)
    assert {row.key: row.total for row in live.rows}["HJ"] == 100
    assert {row.key: row.total for row in published(services, "2026Q4", Subject.DEPARTMENT).assessment.rows} == frozen
    with pytest.raises(HallError, match="再次发布须说明理由"):
        publish(services, hall.sup1, PASSWORD, "2026Q4", Subject.DEPARTMENT, indicator_set())
    second = publish(services, hall.sup1, PASSWORD, "2026Q4", Subject.DEPARTMENT, indicator_set(), "申诉成立，更正")
    assert second.version == 2
    assert {row.key: row.total for row in second.assessment.rows}["HJ"] == 100
    again = published(services, "2026Q4", Subject.DEPARTMENT, version=1)
    assert ({row.key: row.total for row in again.assessment.rows}, again.digest) == (frozen, first.digest)
    assert [item.ok for item in verify(services, "2026Q4")] == [True, True]


def test_verify_catches_a_tampered_snapshot(hall: Hall) -> None:
    services = hall.services
    hall.at(datetime(2027, 1, 5, 9, 0))
    first = publish(services, hall.sup1, PASSWORD, "2026Q4", Subject.DEPARTMENT, indicator_set())
    body = first.assessment.to_dict()
    body["rows"][1]["total"] = 99.0
    from hallclient.domain.assessment import snapshot_digest
    from hallclient.domain.events import canonical_json

    with services.store.write() as session:
        session.execute(update(AssessmentSnapshot).values(body=canonical_json(body)))
    assert "已被改动" in verify(services, "2026Q4")[0].problem
    with services.store.write() as session:  # a careful forger also fixes the digest: the event still differs
        session.execute(update(AssessmentSnapshot).values(digest=snapshot_digest(body)))
    assert "与事件日志中的发布记录不符" in verify(services, "2026Q4")[0].problem


def test_publishing_needs_the_quarter_over_and_a_supervisor(hall: Hall) -> None:
    with pytest.raises(HallError, match="尚未结束"):
        publish(hall.services, hall.sup1, PASSWORD, "2026Q4", Subject.DEPARTMENT, indicator_set())
    hall.at(datetime(2027, 1, 5, 9, 0))
    with pytest.raises(PermissionDenied):
        publish(hall.services, hall.wang, PASSWORD, "2026Q4", Subject.DEPARTMENT, indicator_set())
    with pytest.raises(HallError, match="只能按季度发布"):
        publish(hall.services, hall.sup1, PASSWORD, "2026-10", Subject.DEPARTMENT, indicator_set())
    assert count(hall.services, AssessmentSnapshot) == 0


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"staff": "nobody"}, "没有用户 'nobody'"),
        ({"points": 0}, "不为 0"),
        ({"points": -101}, "-100 到 100"),
        ({"kind": "抽查"}, "发现类型只能是"),
        ({"day": date(2026, 10, 22)}, "在未来"),
        ({"note": " "}, "情况说明"),
        ({"evidence": Path("/nonexistent/photo.jpg")}, "证据文件不存在"),
        ({"department": "XX"}, "没有部门"),
    ],
)
def test_refused_findings_store_nothing(hall: Hall, change: dict[str, object], message: str) -> None:
    values: dict[str, object] = {"staff": "wangfang", "kind": "明察暗访", "points": -2, "note": "态度生硬"}
    events, findings = count(hall.services, Event), count(hall.services, AssessmentFinding)
    with pytest.raises(HallError, match=message) as caught:
        record_finding(hall.services, hall.sup1, FindingInput(**{**values, **change}))  # type: ignore[arg-type]
    assert "\n" not in str(caught.value)
    assert (count(hall.services, Event), count(hall.services, AssessmentFinding)) == (events, findings)
    assert not evidence_dir().exists() or not any(evidence_dir().iterdir())


def test_only_supervisors_record_and_appeals_are_once(hall: Hall) -> None:
    with pytest.raises(PermissionDenied):
        record_finding(hall.services, hall.wang, FindingInput(staff="lili", kind="明察暗访", points=-1, note="x"))
    finding_id = list_findings(hall.services)[0].id
    with pytest.raises(PermissionDenied, match="本人或值班长"):
        appeal_finding(hall.services, hall.wang, finding_id, "不是我")
    appeal_finding(hall.services, hall.li, finding_id, "当时在指导群众填表")
    events = count(hall.services, Event)
    with pytest.raises(HallError, match="该扣分已申诉"):
        appeal_finding(hall.services, hall.li, finding_id, "再申诉")
    assert count(hall.services, Event) == events


def test_every_change_of_a_finding_is_an_event_with_its_whole_state(hall: Hall) -> None:
    import json

    finding_id = list_findings(hall.services)[0].id
    appeal_finding(hall.services, hall.li, finding_id, "当时在指导群众填表")
    decide_appeal(hall.services, hall.sup2, finding_id, uphold=False, note="录像显示确在聊天")
    with hall.services.store.read() as session:
        rows = session.execute(select(Event.type, Event.payload).where(Event.type.like("assessment.%"))
                               .order_by(Event.seq)).all()  # fmt: skip
    assert [row[0] for row in rows] == [
        "assessment.finding_recorded", "assessment.finding_appealed", "assessment.finding_appeal_decided"]  # fmt: skip
    last = json.loads(rows[-1][1])
    assert (last["status"], last["appeal"]["decision"], last["points"], last["staff_name"]) == (
        "upheld", "rejected", -3, "李丽")  # fmt: skip


def test_published_quarter_refuses_new_findings(hall: Hall) -> None:
    hall.at(datetime(2027, 1, 5, 9, 0))
    publish(hall.services, hall.sup1, PASSWORD, "2026Q4", Subject.STAFF, indicator_set())
    events = count(hall.services, Event)
    with pytest.raises(HallError, match="该季度已发布考核结果，不能再登记；如需更正请发布新版本"):
        record_finding(hall.services, hall.sup1, FindingInput(
            staff="wangfang", kind="明察暗访", points=-2, note="态度生硬", day=date(2026, 12, 30)))  # fmt: skip
    assert count(hall.services, Event) == events
    record_finding(hall.services, hall.sup1, FindingInput(
        staff="wangfang", kind="明察暗访", points=-2, note="态度生硬", day=date(2027, 1, 4)))  # fmt: skip


def test_enquiry_hand_overs_reach_the_local_tally_and_the_figure(hall: Hall) -> None:
    from hallclient.domain.assessment_figures import FigureInputs, figure_values
    from hallclient.services.enquiries import EnquiryInput, record_enquiry
    from hallclient.services.tallies import local_tally

    hall.at(datetime(2026, 10, 21, 11, 0))
    record_enquiry(hall.services, hall.wang, EnquiryInput(subject="咨询户口迁移", matter_code="XK0002"))
    handed = EnquiryInput(subject="公积金提取", handling="handed_over", phone="13800000001", handed_to="公积金窗口",
                          matter_code="XK0002")  # fmt: skip
    record_enquiry(hall.services, hall.wang, handed)
    record_enquiry(hall.services, hall.li, handed)
    by_clerk = {row.key: row for row in local_tally(hall.services, OCTOBER, "clerk").groups}
    assert (by_clerk[hall.wang.user_id].enquiries, by_clerk[hall.wang.user_id].enquiry_handovers) == (2, 1)
    assert by_clerk[hall.li.user_id].enquiry_handovers == 1
    department = {row.key: row for row in local_tally(hall.services, OCTOBER, "department").groups}["HJ"]
    assert figure_values(FigureInputs(row=department), Subject.DEPARTMENT)["enquiry_handovers"] == 2


def test_a_finding_without_department_is_said_to_count_for_no_department(hall: Hall) -> None:
    from hallclient.services.users import add_user

    add_user(hall.services, "newbie", "新人", "clerk", PASSWORD)  # no cases: no department to guess
    record_finding(hall.services, hall.sup1, FindingInput(staff="newbie", kind="明察暗访", points=-1, note="迟到",
                                                          day=date(2026, 10, 20)))  # fmt: skip
    assessment = compute_assessment(hall.services, indicator_set(), OCTOBER, "2026年10月", Subject.DEPARTMENT)
    assert any("1 条考核发现未归属任何部门" in note for note in assessment.notes)
    assert {row.key: row.total for row in assessment.rows} == {"HJ": 97, "BDC": 85}
    staff = compute_assessment(hall.services, indicator_set(), OCTOBER, "2026年10月", Subject.STAFF)
    newbie = next(row for row in staff.rows if row.label == "新人")
    assert [item.points for item in newbie.breakdown if item.indicator.id == "s_findings"] == [19]


def test_verify_refuses_in_one_line_when_the_event_chain_is_broken(hall: Hall) -> None:
    hall.at(datetime(2027, 1, 5, 9, 0))
    publish(hall.services, hall.sup1, PASSWORD, "2026Q4", Subject.DEPARTMENT, indicator_set())
    with hall.services.store.write() as session:
        session.execute(update(Event).where(Event.type == "assessment.published")
                        .values(payload=func.replace(Event.payload, '"version":1', '"version":2')))  # fmt: skip
    with pytest.raises(HallError, match="事件日志校验失败") as caught:
        verify(hall.services, "2026Q4")
    assert "\n" not in str(caught.value)


def test_a_supervisor_signing_in_at_a_window_is_not_assessed_as_staff(hall: Hall) -> None:
    from hallclient.services.attendance import record_signed_in

    hall.at(datetime(2026, 10, 20, 9, 0))
    record_signed_in(hall.services, hall.sup1)
    hall.at(datetime(2026, 10, 21, 10, 0))
    assert set(scores(hall, Subject.STAFF)) == {"王芳", "李丽"}
