"""A small hand-made store for the assessment tests: two departments, two clerks, two supervisors, cases with
known outcomes, a bad review, attendance on two days, and an indicator set whose scores can be worked out
by hand (each expected figure is spelled out in the tests)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from hallclient.domain.assessment import IndicatorSet, quarter_period
from hallclient.domain.assessment_file import parse_indicator_set
from hallclient.domain.case import Channel, Decision, Outcome
from hallclient.domain.tally import Period
from hallclient.domain.workdays import WorkCalendar
from hallclient.services import attendance, cases
from hallclient.services.cases import Applicant, IntakeRequest, ReceivedMaterial
from hallclient.services.context import Actor, Services
from hallclient.services.findings import FindingInput, record_finding
from hallclient.services.ratings import record_rating
from hallclient.services.users import add_user

SHANGHAI = ZoneInfo("Asia/Shanghai")
PERSON = Applicant(kind="person", name="张三", id_type="id_card", id_number="11010519491231002x", phone="13800000000")
PASSWORD = "secret123"

INDICATORS = """
version = "t1"
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

[[indicator]]
id = "d_on_time"
name = "按时办结率"
subject = "department"
group = "办件效率"
source = "on_time_rate"
points = 40
rule = "target_rate"
target = 1.0
floor = 0.5

[[indicator]]
id = "d_overdue"
name = "在办超期件"
subject = "department"
group = "办件效率"
source = "overdue"
points = 20
rule = "deduct"
points_each = 5
cap = 20

[[indicator]]
id = "d_bad"
name = "差评"
subject = "department"
group = "服务评价"
source = "bad_reviews"
points = 20
rule = "deduct"
points_each = 10
cap = 20

[[indicator]]
id = "d_findings"
name = "监督检查"
subject = "department"
group = "监督检查"
source = "finding:*"
points = 20
rule = "deduct"
cap = 20

[[indicator]]
id = "s_bad"
name = "差评"
subject = "staff"
group = "服务评价"
source = "bad_reviews"
points = 30
rule = "deduct"
points_each = 10
cap = 30

[[indicator]]
id = "s_absent"
name = "缺岗"
subject = "staff"
group = "作风纪律"
source = "absent_minutes"
points = 30
rule = "deduct"
points_each = 0.2
cap = 30

[[indicator]]
id = "s_late"
name = "迟到"
subject = "staff"
group = "作风纪律"
source = "late_starts"
points = 20
rule = "deduct"
points_each = 5
cap = 20

[[indicator]]
id = "s_findings"
name = "监督检查"
subject = "staff"
group = "监督检查"
source = "finding:*"
points = 20
rule = "deduct"
cap = 20
"""


def indicator_set() -> IndicatorSet:
    return parse_indicator_set(INDICATORS.encode("utf-8"), "test.toml")


@dataclass
class Hall:
    services: Services
    clock: object
    wang: Actor  # clerk of 不动产 (BDC)
    li: Actor  # clerk of 户籍 (HJ)
    sup1: Actor
    sup2: Actor
    case_b: str  # wang's case left open past its promised date

    def at(self, moment: datetime) -> None:
        self.clock.moment = moment.replace(tzinfo=SHANGHAI)  # type: ignore[attr-defined]


Q4 = quarter_period("2026Q4")
OCTOBER: Period = quarter_period("2026-10")[0]


def seed_hall(services: Services, clock: object) -> Hall:
    """Cases on Mon 2026-10-12; A completed on time, B left open (promised 10-19), C done on the spot; a bad
    review of A; attendance recorded on 10-19 and 10-20; 'today' is Wed 2026-10-21."""
    calendar = WorkCalendar.load_default()
    wang = add_user(services, "wangfang", "王芳", "clerk", PASSWORD)
    li = add_user(services, "lili", "李丽", "clerk", PASSWORD)
    sup1 = add_user(services, "zhao", "赵督办", "supervisor", PASSWORD)
    sup2 = add_user(services, "qian", "钱值班", "supervisor", PASSWORD)
    hall = Hall(services, clock, wang, li, sup1, sup2, "")
    hall.at(datetime(2026, 10, 12, 10, 30))
    materials = tuple(ReceivedMaterial(code, True, 1, 2) for code in ("M1", "M2", "M3", "M4"))
    accept = IntakeRequest("XK0001", PERSON, Outcome.ACCEPT, materials)
    case_a = cases.record_intake(services, wang, accept, calendar)
    case_b = cases.record_intake(services, wang, accept, calendar)
    immediate = IntakeRequest("XK0002", PERSON, Outcome.COMPLETE_IMMEDIATELY, (ReceivedMaterial("H1", True, 1, 0),),
                              channel=Channel.ID_CARD_ONLY)  # fmt: skip
    cases.record_intake(services, li, immediate, calendar)
    hall.case_b = case_b.case_id
    hall.at(datetime(2026, 10, 16, 11, 0))
    cases.complete(services, wang, case_a.case_id, Decision.APPROVED)
    record_rating(services, wang, level=1, case_id=case_a.case_id, reason="态度差")
    for moment, record, who in (
        (datetime(2026, 10, 19, 9, 20), attendance.record_signed_in, wang),  # 20 minutes late
        (datetime(2026, 10, 19, 17, 0), attendance.record_signed_out, wang),
        (datetime(2026, 10, 20, 9, 0), attendance.record_signed_in, wang),
        (datetime(2026, 10, 20, 10, 0), attendance.record_locked, wang),  # 30 minutes locked: absent
        (datetime(2026, 10, 20, 10, 30), attendance.record_unlocked, wang),
        (datetime(2026, 10, 20, 17, 0), attendance.record_signed_out, wang),
        (datetime(2026, 10, 19, 9, 0), attendance.record_signed_in, li),
        (datetime(2026, 10, 19, 17, 0), attendance.record_signed_out, li),
        (datetime(2026, 10, 20, 9, 0), attendance.record_signed_in, li),
        (datetime(2026, 10, 20, 17, 0), attendance.record_signed_out, li),
    ):
        hall.at(moment)
        record(services, who)
    hall.at(datetime(2026, 10, 20, 14, 0))
    attendance.record_paused(services, li, "系统故障")  # 15 minutes paused: absent, one pause
    hall.at(datetime(2026, 10, 20, 14, 15))
    attendance.record_resumed(services, li)
    hall.at(datetime(2026, 10, 21, 10, 0))
    record_finding(services, sup1, FindingInput(staff="lili", kind="巡查记录", points=-3, note="脱岗聊天",
                                                day=date(2026, 10, 20), window="06"))  # fmt: skip
    return hall


def evidence_file(folder: Path) -> Path:
    path = folder / "照片.jpg"
    path.write_bytes(b"\xff\xd8\xff\xe0 fake jpeg for the test")
    return path
