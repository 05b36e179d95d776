"""The hall-wide assessment on the server, end to end, on SQLite and on a real PostgreSQL.

One seeded hall per backend (module-scoped): two window stores upload through the real sync client and ingest —
cases, ratings, a complaint, attendance events, findings (one later overturned) — and the queue runs a morning
through its HTTP API. The indicator file is imported with ``hallclient server assess indicators import``.

The day, 2026-09-08 (a Tuesday), hall wall time, opening hours 09:00-12:00 and 13:30-17:00:

* 王芳 (window 05, 不动产 BDC): signs in 09:00, takes 4 cases (09:30 受理, 09:40 一次性告知, 10:00 受理, 15:00 受理 and
  completed late at 07:00 on the 16th — the 15th in UTC — promised the 15th), pauses
  10:00-10:30 on the window while the queue has window 05 paused 10:15-10:45 (one pause, 10:00-10:45: 45 min),
  signs out 16:00. Duty = (180 - 45) + 150 = 285 min. Queue: A001 issued 09:10, called 09:20, finished 09:25
  (wait 10 min); A002 issued 11:00, called 11:06 (wait 6), no-show 11:10 → median wait 8.0, 1 no-show, 1 served.
  Ratings: 非常不满意 on case 1, 非常满意 on case 3 → satisfaction 0.5, 1 bad review. A phone complaint on case 1.
  Findings (findings service): 明察暗访 -2 (in force), 巡查记录 -3 (appealed by 王芳, overturned by 钱立).
* 李军 (window 06, 公安户籍 HJ): one 即办 case at 10:00, nothing else.

Staff indicators (points): bad reviews 20 (-5 each), satisfaction 20 (target 0.9, floor 0.4, missing: full),
pauses 10 (-2 each, missing: full), wait 20 (target 5, floor 15, lower is better, missing: full), findings 10,
complaints 20 (-5 each), and a bonus of 0.01 per duty minute (at most 5). By hand:

* 王芳 = 15 + 20 × (0.5 - 0.4) / 0.5 + 8 + 20 × (15 - 8) / 10 + (10 - 2) + 15 = 15 + 4 + 8 + 14 + 8 + 15 = 64,
  plus 285 × 0.01 = 2.85 → 66.85, rank 2, 合格.
* 李军 = 20 + 20 (no ratings: full) + 10 (no pauses) + 20 (no tickets: full) + 10 + 20 = 100, rank 1 (absent all
  day: attendance counts from the hall's first recorded day, 2026-09-08).

The department indicators are the same: BDC (王芳's department) 66.85, HJ 100.
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from sqlalchemy import select, update
from sync_helpers import PERSON, enrol

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from hallclient.cli import main
from hallclient.config import Settings
from hallclient.domain.assessment import Assessment
from hallclient.domain.case import Decision, Outcome
from hallclient.domain.catalog import Catalog, Department, Material, MaterialForm, Matter, MatterKind, MatterType
from hallclient.domain.queue import Category
from hallclient.domain.tally import Period, Tally
from hallclient.domain.workdays import WorkCalendar
from hallclient.server import admin, clock, queue_admin
from hallclient.server.app import create_app
from hallclient.server.assessment_models import AssessmentSnapshot
from hallclient.services import attendance, cases, complaints, findings, ratings
from hallclient.services.cases import IntakeRequest, ReceivedMaterial, record_intake
from hallclient.services.catalog import import_catalog
from hallclient.services.context import Actor, Services
from hallclient.services.users import authenticate
from hallclient.store.bootstrap import device_id, open_store
from hallclient.store.models import Case
from pgtest import create_database
from queue_helpers import HallClock, device_token, ok, serving, window_client
from workday_helpers import SHANGHAI

DAY = date(2026, 9, 8)
PAPERS = ("M1", "M2", "M3", "M4")
INDICATORS = """
version = "test-1"
name = "测试指标"

[[grade]]
name = "优秀"
min_score = 90
consequence = "通报表扬"

[[grade]]
name = "合格"
min_score = 60
consequence = "—"

[[grade]]
name = "不合格"
min_score = 0
consequence = "约谈"
"""
TEMPLATE = """
[[indicator]]
id = "{p}_bad"
name = "差评"
subject = "{subject}"
group = "服务评价"
source = "bad_reviews"
points = 20
rule = "deduct"
points_each = 5
cap = 20

[[indicator]]
id = "{p}_sat"
name = "满意率"
subject = "{subject}"
group = "服务评价"
source = "satisfaction_rate"
points = 20
rule = "target_rate"
target = 0.9
floor = 0.4
missing = "full"

[[indicator]]
id = "{p}_pauses"
name = "暂停服务"
subject = "{subject}"
group = "作风纪律"
source = "pauses"
points = 10
rule = "deduct"
points_each = 2
cap = 10
missing = "full"

[[indicator]]
id = "{p}_wait"
name = "等候时长"
subject = "{subject}"
group = "窗口秩序"
source = "wait_median_min"
points = 20
rule = "target_rate"
target = 5
floor = 15
lower_is_better = true
missing = "full"

[[indicator]]
id = "{p}_findings"
name = "监督检查"
subject = "{subject}"
group = "作风纪律"
source = "finding:*"
points = 10
rule = "deduct"
cap = 10

[[indicator]]
id = "{p}_complaints"
name = "投诉"
subject = "{subject}"
group = "服务评价"
source = "complaints"
points = 20
rule = "deduct"
points_each = 5
cap = 20

[[indicator]]
id = "{p}_duty"
name = "在岗时长"
subject = "{subject}"
group = "加分"
source = "duty_minutes"
points = 5
rule = "bonus"
points_each = 0.01
cap = 5
"""


def small_catalog() -> Catalog:
    """Two departments, one matter each: a promised one of 不动产 (BDC) and an immediate one of 户籍 (HJ)."""
    return Catalog(
        departments=(Department("BDC", "不动产登记中心"), Department("HJ", "公安户籍")),
        matters=(
            Matter(code="XK0001", name="不动产转移登记", department_code="BDC", kind=MatterKind.PROMISED,
                   matter_type=MatterType.CONFIRMATION, statutory_days=30, promised_days=5,
                   materials=tuple(Material(code, code, MaterialForm.ORIGINAL, 1) for code in PAPERS)),
            Matter(code="XK0002", name="居民户口簿补领", department_code="HJ", kind=MatterKind.IMMEDIATE,
                   matter_type=MatterType.PUBLIC_SERVICE, statutory_days=0, promised_days=0,
                   materials=(Material("H1", "居民身份证", MaterialForm.ORIGINAL, 1),)),
        ),
        version="test-1",
    )  # fmt: skip


class FixedClock:
    def __init__(self, moment: datetime) -> None:
        self.moment = moment

    def __call__(self) -> datetime:
        return self.moment


@dataclass
class Hall:
    app: FastAPI
    url: str
    supervisor: dict[str, str]  # device + user token headers of a supervisor
    clerk: dict[str, str]  # of a clerk
    other_device: dict[str, str]  # another enrolled device's token alone
    staff: dict[str, str]  # name -> user id (the staff key)
    window_store: Path  # 王芳's window: the same data computed locally
    finding: str  # the finding in force
    indicators: str = ""


def _window_store(path: Path, window: str, moment: FixedClock) -> Services:
    store = open_store(path)
    services = Services(store, Settings()._replace(window=window), device_id(store), clock=moment)
    import_catalog(store, small_catalog())
    return services


def _intake(services: Services, clerk: Actor, matter: str, outcome: Outcome) -> str:
    codes = PAPERS if matter == "XK0001" else ("H1",)
    missing = "M4" if outcome == Outcome.NOTIFY_MISSING else ""
    materials = tuple(ReceivedMaterial(code, code != missing, 1, 1) for code in codes)
    request = IntakeRequest(matter_code=matter, applicant=PERSON, outcome=outcome, materials=materials)
    return record_intake(services, clerk, request, WorkCalendar.load_default()).case_no


def _seed(app: FastAPI, tmp: Path) -> Hall:
    db = app.state.db
    admin.import_catalog(db, small_catalog())
    moment = FixedClock(datetime(2026, 9, 8, 9, 0, tzinfo=SHANGHAI))
    at = HallClock(DAY)
    clock.source = at

    def now(hhmm: str) -> None:
        at.at(hhmm)
        hours, minutes = (int(part) for part in hhmm.split(":"))
        moment.moment = datetime(2026, 9, 8, hours, minutes, tzinfo=SHANGHAI)

    try:
        now("08:00")
        for username, name, role in (("wangfang", "王芳", "clerk"), ("lijun", "李军", "clerk"),
                                     ("zhaomin", "赵敏", "supervisor"), ("qianli", "钱立", "supervisor")):  # fmt: skip
            admin.add_user(db, username, name, role, "secret123")  # the hall's users, sent to every window
        queue_admin.set_hall(db, "main", "市民中心", rules={})
        queue_admin.set_category(db, Category("A", "企业开办", "main", (), {"05": 1, "06": 1}))
        kiosk, queue05 = window_client(app, "K1"), window_client(app, "05")
        one, two = _window_store(tmp / "a.sqlite3", "05", moment), _window_store(tmp / "b.sqlite3", "06", moment)
        syncers = []
        for window, services in (("05", one), ("06", two)):
            enrolled = enrol(app, services, window)
            services.settings = services.settings._replace(device_token=enrolled.token)
            enrolled.syncer.run_once()  # downloads the users
            syncers.append(enrolled.syncer)
        wang, boss = authenticate(one, "wangfang", "secret123"), authenticate(one, "zhaomin", "secret123")
        reviewer = authenticate(one, "qianli", "secret123")
        li = authenticate(two, "lijun", "secret123")
        now("09:00")
        attendance.record_signed_in(one, wang)
        now("09:10")
        a001 = ok(kiosk.post("/v1/queue/tickets", json={"category": "A"}))
        now("09:20")
        assert ok(queue05.post("/v1/queue/call"))["ticket"]["id"] == a001["id"]
        now("09:25")
        ok(queue05.post(f"/v1/queue/tickets/{a001['id']}/finish", json={}))
        now("09:30")
        first = _intake(one, wang, "XK0001", Outcome.ACCEPT)
        now("09:40")
        _intake(one, wang, "XK0001", Outcome.NOTIFY_MISSING)
        now("10:00")
        third = _intake(one, wang, "XK0001", Outcome.ACCEPT)
        _intake(two, li, "XK0002", Outcome.COMPLETE_IMMEDIATELY)
        attendance.record_paused(one, wang, "会议")
        now("10:15")
        ok(queue05.post("/v1/queue/pause", json={"reason": "会议"}))
        now("10:30")
        attendance.record_resumed(one, wang)
        now("10:45")
        ok(queue05.post("/v1/queue/resume"))
        now("11:00")
        a002 = ok(kiosk.post("/v1/queue/tickets", json={"category": "A"}))
        now("11:06")
        assert ok(queue05.post("/v1/queue/call"))["ticket"]["id"] == a002["id"]
        now("11:10")
        ok(queue05.post(f"/v1/queue/tickets/{a002['id']}/no-show"))
        now("11:20")
        with one.store.read() as session:
            ids = dict(session.execute(select(Case.case_no, Case.id)).all())
        ratings.record_rating(one, wang, level=1, case_id=ids[first], reason="等候太久")
        ratings.record_rating(one, wang, level=5, case_id=ids[third])
        now("11:30")
        complaints.register_complaint(one, boss, complaints.ComplaintInput(source="phone", content="态度生硬",
                                                                           case_no=first))  # fmt: skip
        now("14:00")
        kept = findings.record_finding(
            one,
            boss,
            findings.FindingInput(
                staff="wangfang", kind="mystery_visit", points=-2, note="窗口无人", day=DAY, window="05"
            ),
        ).finding_id
        overturned = findings.record_finding(
            one,
            boss,
            findings.FindingInput(
                staff="wangfang", kind="inspection", points=-3, note="着装不规范", day=DAY, window="05"
            ),
        ).finding_id
        findings.appeal_finding(one, wang, overturned, "当日有请假条")  # by the staff member: accepted
        findings.decide_appeal(one, reviewer, overturned, uphold=True, note="属实，撤销")
        now("15:00")
        late = _intake(one, wang, "XK0001", Outcome.ACCEPT)  # promised 2026-09-15
        now("16:00")
        attendance.record_signed_out(one, wang)
        with one.store.read() as session:
            late_id = session.scalar(select(Case.id).where(Case.case_no == late))
        assert late_id is not None
        # Completed at 07:00 on the 16th in the hall (23:00 on the 15th in UTC): late by the hall's own date.
        moment.moment = datetime(2026, 9, 16, 7, 0, tzinfo=SHANGHAI)
        cases.complete(one, wang, late_id, Decision.APPROVED)
        for syncer in syncers:
            upload = syncer.run_once().upload
            assert upload.rejected == 0, upload
        staff = {"王芳": wang.user_id, "李军": li.user_id}
        one.store.close()
        two.store.close()
    finally:
        clock.source = clock.system_time
    supervisor = _login(app, "90", "zhaomin")  # logged in now: a session is short-lived
    clerk_headers = _login(app, "91", "lijun")
    other = {"Authorization": f"Bearer {device_token(app, '92')}"}
    return Hall(app, "", supervisor, clerk_headers, other, staff, tmp / "a.sqlite3", kept)


def _login(app: FastAPI, window: str, username: str) -> dict[str, str]:
    device = {"Authorization": f"Bearer {device_token(app, window)}"}
    answer = TestClient(app).post("/v1/login", json={"username": username, "password": "secret123"}, headers=device)
    assert answer.status_code == 200, answer.text
    return {**device, "X-User-Token": str(answer.json()["user_token"])}


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def hall(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Hall]:
    tmp = tmp_path_factory.mktemp(f"assess-{request.param}")
    if request.param == "sqlite":
        url = f"sqlite:///{tmp / 'server.sqlite3'}"
    else:
        url = create_database(request.getfixturevalue("pg_cluster"), "assessment")
    app = create_app(url)
    indicators = tmp / "indicators.toml"
    indicators.write_text(INDICATORS + TEMPLATE.format(p="s", subject="staff")
                          + TEMPLATE.format(p="d", subject="department"), encoding="utf-8")  # fmt: skip
    seeded = _seed(app, tmp)
    seeded.indicators = indicators.read_text(encoding="utf-8")
    assert main(["server", "assess", "indicators", "import", str(indicators), "--db", url]) == 0
    seeded.url = url
    yield seeded
    app.state.db.dispose()


def _get(hall: Hall, path: str, headers: dict[str, str] | None = None, **params: Any) -> Any:
    return TestClient(hall.app).get(path, headers=hall.supervisor if headers is None else headers, params=params)


def _assessment(hall: Hall, by: str) -> Assessment:
    answer = _get(hall, "/v1/assessment", quarter="2026Q3", by=by)
    assert answer.status_code == 200, answer.text
    return Assessment.from_dict(answer.json()["assessment"])


def _points(assessment: Assessment, key: str) -> dict[str, float]:
    row = next(row for row in assessment.rows if row.key == key)
    return {item.indicator.id.split("_", 1)[1]: round(item.points, 2) for item in row.breakdown}


def test_staff_scores_equal_the_hand_computed_ones(hall: Hall) -> None:
    found = _assessment(hall, "staff")
    wang, li = hall.staff["王芳"], hall.staff["李军"]
    assert [(row.label, row.total, row.rank, row.grade) for row in found.rows] == [
        ("李军", 100.0, 1, "优秀"), ("王芳", 66.85, 2, "合格")]  # fmt: skip
    assert _points(found, wang) == {"bad": 15, "sat": 4, "pauses": 8, "wait": 14, "findings": 8, "complaints": 15,
                                    "duty": 2.85}  # fmt: skip
    assert _points(found, li) == {"bad": 20, "sat": 20, "pauses": 10, "wait": 20, "findings": 10, "complaints": 20,
                                  "duty": 0}  # fmt: skip
    values = {item.indicator.source: item.value for item in found.rows[1].breakdown}
    assert values["duty_minutes"] == 285  # the window's and the queue's pauses overlap: counted once
    assert values["pauses"] == 1 and values["wait_median_min"] == 8.0 and values["finding:*"] == 1
    assert found.rows[1].department == "BDC" and found.rows[0].department == "HJ"
    assert [row.department_name for row in found.rows] == ["公安户籍", "不动产登记中心"]  # the server's catalog
    assert found.source == "server" and found.period_label == "2026年第三季度"
    assert not any("示例指标" in note for note in found.notes)  # the imported set is in force


@pytest.mark.parametrize("subject", ["staff", "department"])
def test_where_the_sources_overlap_the_server_equals_the_local_computation(hall: Hall, subject: str) -> None:
    """王芳's window computes its own store: the case, rating, complaint and finding figures are the same; the
    duty minutes differ by exactly the queue's pause beyond the window's (10:30-10:45), which only the server has."""
    from hallclient.domain.assessment import Subject, quarter_period
    from hallclient.domain.assessment_file import parse_indicator_set
    from hallclient.services.assessment import compute_assessment

    store = open_store(hall.window_store)
    try:
        moment = FixedClock(datetime(2026, 12, 1, 9, tzinfo=SHANGHAI))
        services = Services(store, Settings(), device_id(store), clock=moment)
        indicator_set = parse_indicator_set(hall.indicators.encode("utf-8"), "indicators.toml")
        period, label = quarter_period("2026Q3")
        local = compute_assessment(services, indicator_set, period, label, Subject(subject))
    finally:
        store.close()
    key = hall.staff["王芳"] if subject == "staff" else "BDC"
    server_row = next(row for row in _assessment(hall, subject).rows if row.key == key)
    local_row = next(row for row in local.rows if row.key == key)
    assert (local_row.label, local_row.department) == (server_row.label, server_row.department)
    server = {item.indicator.source: (item.value, item.points) for item in server_row.breakdown}
    mine = {item.indicator.source: (item.value, item.points) for item in local_row.breakdown}
    for source in ("bad_reviews", "satisfaction_rate", "complaints", "finding:*", "pauses"):
        assert mine[source] == server[source], source
    assert (mine["duty_minutes"][0], server["duty_minutes"][0]) == (300, 285)
    assert mine["wait_median_min"][0] is None and server["wait_median_min"][0] == 8.0


def test_department_scores_and_the_drill_down(hall: Hall) -> None:
    found = _assessment(hall, "department")
    assert [(row.key, row.label, row.total, row.rank) for row in found.rows] == [
        ("HJ", "公安户籍", 100.0, 1), ("BDC", "不动产登记中心", 66.85, 2)]  # fmt: skip
    findings = _get(hall, "/v1/assessment/evidence", quarter="2026Q3", by="department", key="BDC",
                    indicator="d_findings").json()["evidence"]  # fmt: skip
    assert [(item["kind"], item["ref"], item["points"]) for item in findings] == [("finding", hall.finding, -2.0)]
    answer = _get(hall, "/v1/assessment/evidence", month="2026-09", by="staff", key=hall.staff["王芳"],
                  indicator="s_bad")  # fmt: skip
    assert answer.status_code == 200, answer.text
    bad = [item for item in answer.json()["evidence"] if item["kind"] == "rating"]
    assert [item["text"][:16] for item in bad] == ["2026-09-08 11:20"] and "非常不满意" in bad[0]["text"]
    complaints = _get(hall, "/v1/assessment/evidence", quarter="2026Q3", by="department", key="BDC",
                      indicator="d_complaints").json()["evidence"]  # fmt: skip
    assert [(item["kind"], item["text"][:15]) for item in complaints if item["kind"] == "complaint"] == [
        ("complaint", "2026-09-08 电话投诉")]  # fmt: skip
    assert not _get(hall, "/v1/assessment/evidence", quarter="2026Q3", by="department", key="HJ",
                    indicator="d_complaints").json()["evidence"]  # fmt: skip


def test_publishing_is_immutable_and_signed(hall: Hall) -> None:
    http = TestClient(hall.app, headers=hall.supervisor)
    body = {"quarter": "2026Q3", "by": "staff"}
    first = http.post("/v1/assessment/publish", json=body)
    assert first.status_code == 200, first.text
    assert (first.json()["version"], first.json()["verified"]) == (1, True)
    again = http.post("/v1/assessment/publish", json=body)
    assert again.status_code == 400 and "须写明更正原因" in again.json()["detail"]
    second = http.post("/v1/assessment/publish", json={**body, "reason": "补录一条巡查记录"})
    assert (second.json()["version"], second.json()["reason"]) == (2, "补录一条巡查记录")
    kept = http.get("/v1/assessment/published", params={"quarter": "2026Q3", "by": "staff", "version": 1}).json()
    assert (kept["digest"], kept["assessment"], kept["verified"]) == (
        first.json()["digest"], first.json()["assessment"], True)  # fmt: skip
    newest = http.get("/v1/assessment/published", params={"quarter": "2026q3", "by": "staff"}).json()
    assert newest["version"] == 2
    unfinished = http.post("/v1/assessment/publish", json={"quarter": "2099Q4", "by": "staff"})
    assert unfinished.status_code == 400 and "尚未结束" in unfinished.json()["detail"]
    # Someone with database access edits version 1: the signature no longer verifies.
    with hall.app.state.db.session() as session:
        edited = json.loads(kept["assessment"] and json.dumps(kept["assessment"]))
        edited["rows"][0]["total"] = 0.0
        s = AssessmentSnapshot
        session.execute(update(s).where(s.quarter == "2026Q3", s.subject == "staff", s.version == 1)
                        .values(body=json.dumps(edited)))  # fmt: skip
    tampered = http.get("/v1/assessment/published", params={"quarter": "2026Q3", "by": "staff", "version": 1})
    assert tampered.json()["verified"] is False
    missing = http.get("/v1/assessment/published", params={"quarter": "2026Q2", "by": "staff"})
    assert missing.status_code == 404 and "没有已发布" in missing.json()["detail"]


@pytest.mark.parametrize(
    ("headers", "params", "status", "words"),
    [
        ("device", {"quarter": "2026Q3"}, 401, "X-User-Token"),  # no user token
        ("clerk", {"quarter": "2026Q3"}, 403, "无权"),  # a clerk's user token
        ("stolen", {"quarter": "2026Q3"}, 401, "登录已失效"),  # a supervisor's token on another device
        ("none", {"quarter": "2026Q3"}, 401, "设备令牌"),  # no device token at all
        ("supervisor", {"quarter": "2026Q9"}, 422, "请求内容格式错误"),  # bad quarter
        ("supervisor", {"quarter": "2026Q3", "by": "hack"}, 422, "请求内容格式错误"),
        ("supervisor", {"quarter": "2026Q3", "month": "2026-09"}, 400, "只能给出"),
        ("supervisor", {}, 400, "只能给出"),
        ("supervisor", {"month": "2026-13"}, 422, "请求内容格式错误"),
        ("supervisor", {"quarter": "Q" * 10_000}, 422, "请求内容格式错误"),  # huge
    ],
)
def test_refusals(hall: Hall, headers: str, params: dict[str, str], status: int, words: str) -> None:
    chosen = {
        "device": {"Authorization": hall.supervisor["Authorization"]},
        "clerk": hall.clerk,
        "stolen": {**hall.other_device, "X-User-Token": hall.supervisor["X-User-Token"]},
        "none": {},
        "supervisor": hall.supervisor,
    }[headers]
    answer = _get(hall, "/v1/assessment", chosen, **params)
    assert answer.status_code == status, answer.text
    assert words in answer.json()["detail"]


def test_hostile_publish_and_evidence_requests(hall: Hall) -> None:
    http = TestClient(hall.app, headers=hall.supervisor)
    for body in ({"quarter": "2026Q3", "by": "hack"}, {"quarter": "x" * 10_000, "by": "staff"},
                 {"quarter": "2026Q3", "by": "staff", "reason": "理由" * 1000}, {"by": "staff"}):  # fmt: skip
        answer = http.post("/v1/assessment/publish", json=body)
        assert answer.status_code == 422 and "请求内容格式错误" in answer.json()["detail"], answer.text
    clerk = TestClient(hall.app, headers=hall.clerk).post(
        "/v1/assessment/publish", json={"quarter": "2026Q3", "by": "staff"}
    )
    assert clerk.status_code == 403
    unknown = http.get("/v1/assessment/evidence", params={"quarter": "2026Q3", "by": "staff", "key": "nobody",
                                                          "indicator": "s_bad"})  # fmt: skip
    assert unknown.status_code == 400 and "没有考核对象" in unknown.json()["detail"]
    wrong = http.get("/v1/assessment/evidence", params={"quarter": "2026Q3", "by": "staff", "key": "HJ",
                                                        "indicator": "nope" * 100})  # fmt: skip
    assert wrong.status_code == 422


def test_the_client_functions_over_http(hall: Hall) -> None:
    from hallclient.errors import HallError
    from hallclient.reports.server import (
        ServerUnavailable,
        SignInRefused,
        fetch_assessment,
        fetch_assessment_evidence,
        fetch_published,
        publish_on_server,
    )

    device, user = hall.supervisor["Authorization"].removeprefix("Bearer "), hall.supervisor["X-User-Token"]
    with serving(hall.app) as url:
        found = fetch_assessment(url, device, user, "2026Q3", "department")
        assert [(row.key, row.total) for row in found.rows] == [("HJ", 100.0), ("BDC", 66.85)]
        monthly = fetch_assessment(url, device, user, "2026-09", "staff")
        assert monthly.period_label == "2026年9月" and monthly.rows[1].total == 66.85
        evidence = fetch_assessment_evidence(url, device, user, "2026Q3", "department", "BDC", "d_findings")
        assert [item.ref for item in evidence] == [hall.finding]
        first = publish_on_server(url, device, user, "2026Q3", "department")
        assert first["version"] >= 1 and first["verified"] and first["assessment"].rows[0].key == "HJ"
        with pytest.raises(HallError, match="更正原因"):
            publish_on_server(url, device, user, "2026Q3", "department")
        read = fetch_published(url, device, user, "2026Q3", "department", first["version"])
        assert (read["digest"], read["verified"]) == (first["digest"], True)
        with pytest.raises(SignInRefused):
            fetch_assessment(url, device, "not-a-token", "2026Q3", "staff")
        with pytest.raises(HallError, match="请求内容格式错误"):
            fetch_assessment(url, device, user, "2026Q7", "staff")
    with pytest.raises(ServerUnavailable):
        fetch_assessment(url, device, user, "2026Q3", "staff", timeout=2)  # the server is gone


def test_a_bad_indicator_file_is_refused_whole_and_nothing_changes(
    hall: Hall, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from hallclient.server.assessment_models import AssessmentIndicatorSet

    with hall.app.state.db.session() as session:
        before = session.scalars(select(AssessmentIndicatorSet.number)).all()
    bad = tmp_path / "bad.toml"
    staff, department = TEMPLATE.format(p="s", subject="staff"), TEMPLATE.format(p="d", subject="department")
    bad.write_text(INDICATORS + staff.replace("bad_reviews", "no_such_figure") + department, encoding="utf-8")
    assert main(["server", "assess", "indicators", "import", str(bad), "--db", hall.url]) != 0
    err = capsys.readouterr().err
    assert "no_such_figure" in err and "Traceback" not in err
    with hall.app.state.db.session() as session:
        assert session.scalars(select(AssessmentIndicatorSet.number)).all() == before
    assert _assessment(hall, "staff").indicator_set.version == "test-1"


def test_without_an_imported_set_the_demo_set_applies_and_the_notes_say_so(tmp_path: Path) -> None:
    app = create_app(f"sqlite:///{tmp_path / 'empty.sqlite3'}")
    try:
        admin.add_user(app.state.db, "zhaomin", "赵敏", "supervisor", "secret123")
        answer = TestClient(app).get("/v1/assessment", params={"quarter": "2026Q3", "by": "staff"},
                                     headers=_login(app, "90", "zhaomin"))  # fmt: skip
        assert answer.status_code == 200, answer.text
        found = Assessment.from_dict(answer.json()["assessment"])
        assert found.indicator_set.name == "政务服务中心季度考核指标（演示）"
        assert any("尚未导入考核指标集" in note for note in found.notes)
        assert any("无排队数据" in note for note in found.notes)
    finally:
        app.state.db.dispose()


@pytest.mark.parametrize("grouping", ["clerk", "department", "window"])
def test_the_grouped_tally_equals_the_hall_wide_tally(hall: Hall, grouping: str) -> None:
    """One definition of each figure: the SQL-aggregated facts the assessment reads give the tally's own figures
    (all but handling times and the hourly counts, which the grouped read leaves out)."""
    from dataclasses import asdict

    from hallclient.server.tallies import grouped_tally, server_tallies

    period = Period(date(2026, 7, 1), date(2026, 9, 30))
    today, now = date(2026, 12, 1), datetime(2026, 12, 1, 9)
    with hall.app.state.db.session() as session:
        full = server_tallies(session, period, [grouping], hall_name="大厅", today=today, now=now)[grouping]
        grouped = grouped_tally(session, period, grouping, hall_name="大厅", today=today, now=now)
    skip = {"handled", "handling_median_s", "handling_p90_s"}

    def figures(tally: Tally) -> list[dict[str, Any]]:
        return [{k: v for k, v in asdict(row).items() if k not in skip} for row in [*tally.groups, tally.total]]

    assert figures(grouped) == figures(full)
    assert (grouped.total.cases, grouped.total.completed_late, grouped.total.overdue) == (5, 1, 2)
    assert any(row.outcomes["notify_missing"] for row in grouped.groups)


def test_hallclient_assess_with_server_writes_the_hall_wide_ranking(
    hall: Hall, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The supervisor's command line, ``hallclient assess --server``, through the client functions above."""
    import csv

    device, user = hall.supervisor["Authorization"].removeprefix("Bearer "), hall.supervisor["X-User-Token"]
    with serving(hall.app) as url:
        config = tmp_path / "config.toml"
        config.write_text(f'config_version = 2\n[server]\nurl = "{url}"\ndevice_token = "{device}"\n', encoding="utf-8")
        monkeypatch.setenv("HALLCLIENT_CONFIG", str(config))
        out = tmp_path / "staff.csv"
        code = main(["assess", "--quarter", "2026Q3", "--by", "staff", "--server", url, "--user-token", user,
                     "--out", str(out)])  # fmt: skip
        assert code == 0, capsys.readouterr().err
        assert main(["assess", "--quarter", "2026Q3", "--server", url, "--user-token", "wrong", "--out",
                     str(tmp_path / "x.csv")]) != 0  # fmt: skip
    text = out.read_text(encoding="utf-8-sig")
    assert "66.85" in text and "王芳" in text and "李军" in text
    assert "服务器拒绝" in capsys.readouterr().err
    assert list(csv.reader(text.splitlines()))


def test_labels_read_case_names_only_for_what_users_and_the_catalog_do_not_name(hall: Hall) -> None:
    """Reading every case's clerk and matter name took two passes over the whole ``cases`` table (~0.6 s of a large
    hall's assessment): the grouped tally reads none when the users and the catalog name everything, and a key
    they do not name still gets the name its cases carry."""
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    from hallclient.domain.tally import Facts
    from hallclient.server import tallies

    period = Period(date(2026, 7, 1), date(2026, 9, 30))
    seen: list[str] = []

    def note(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        seen.append(statement)

    event.listen(Engine, "before_cursor_execute", note)
    try:
        with hall.app.state.db.session() as session:
            for grouping in ("clerk", "matter", "department"):
                tally = tallies.grouped_tally(session, period, grouping, hall_name="大厅", today=date(2026, 12, 1),
                                              now=datetime(2026, 12, 1, 9))  # fmt: skip
                assert all(row.label != row.key for row in tally.groups if row.key), grouping
    finally:
        event.remove(Engine, "before_cursor_execute", note)
    assert not [statement for statement in seen if "clerk_name" in statement or "matter_name" in statement]
    with hall.app.state.db.session() as session:
        facts = Facts(cases=[(("", "", "", "XK0001", ""), "accept", 1, 0, 0, 0, 0, 0)])
        nameless = tallies.CatalogNames(departments={}, matters={}, matter_department={})
        assert tallies._labels(session, facts, nameless, {"matter"}) == {"matter": {"XK0001": "不动产转移登记"}}


def test_ratings_by_clerk_do_not_join_the_cases(hall: Hall) -> None:
    """A grouping by clerk or window takes both from the rating itself: joining every rating to its case made
    PostgreSQL read the whole ``cases`` table; a grouping by department still joins (and equals the full tally)."""
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    from hallclient.server import tallies

    period = Period(date(2026, 7, 1), date(2026, 9, 30))
    seen: list[str] = []

    def note(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        seen.append(statement)

    event.listen(Engine, "before_cursor_execute", note)
    try:
        with hall.app.state.db.session() as session:
            for grouping in ("clerk", "department"):
                seen.clear()
                tally = tallies.grouped_tally(session, period, grouping, hall_name="大厅", today=date(2026, 12, 1),
                                              now=datetime(2026, 12, 1, 9))  # fmt: skip
                assert tally.total.bad_reviews >= 1
                joined = [statement for statement in seen if "rating_docs" in statement and "JOIN cases" in statement]
                assert bool(joined) == (grouping == "department"), grouping
    finally:
        event.remove(Engine, "before_cursor_execute", note)
