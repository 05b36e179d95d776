"""The 通办 forwarding register through the real services and store: the partner picked from the published
list, each step an event and a row in one transaction, out-of-order steps and bad input storing nothing."""

from __future__ import annotations

import hashlib
import json
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import func, select

from hallclient.domain.case import CaseAction, Channel, Decision, IllegalTransition, Outcome
from hallclient.domain.waybill import Carrier, WaybillError
from hallclient.domain.workdays import WorkCalendar
from hallclient.services import cases, forwarding, queries
from hallclient.services.cases import Applicant, FieldError, IntakeRequest, ReceivedMaterial
from hallclient.services.context import Actor, Services
from hallclient.services.enquiries import EnquiryInput, record_enquiry
from hallclient.services.partners import apply_partner, partners_for
from hallclient.store.models import Case, Event, ForwardingStep

if TYPE_CHECKING:
    from conftest import FixedClock

PERSON = Applicant(kind="person", name="张三", id_type="id_card", id_number="11010519491231002x", phone="13800000000")
CONTACT = [{"name": "李敏", "phone": "028-12345678"}]
PARTNERS = {
    "p-cd": {"name": "四川省成都市", "province": "四川省", "matters": ["XK0001"], "contacts": CONTACT, "active": True},
    "p-nb": {"name": "浙江省宁波市", "province": "浙江省", "matters": ["XK0001"], "contacts": CONTACT, "active": True},
    "p-gy": {"name": "贵州省贵阳市", "province": "贵州省", "matters": ["XK0002"], "contacts": CONTACT, "active": True},
    "p-km": {"name": "云南省昆明市", "province": "云南省", "matters": ["XK0001"], "contacts": [], "active": False},
}


@pytest.fixture
def partners(services: Services) -> None:
    with services.store.write() as session:
        for key, data in PARTNERS.items():
            apply_partner(session, key, data)


def intake(services: Services, clerk: Actor, calendar: WorkCalendar, partner: str) -> cases.CaseResult:
    req = IntakeRequest(
        matter_code="XK0001",
        applicant=PERSON,
        outcome=Outcome.ACCEPT,
        materials=tuple(ReceivedMaterial(code, True, 1, 2) for code in ("M1", "M2", "M3", "M4")),
        channel=Channel.CROSS_PROVINCE,
        channel_details={"partner_region": partner, "forwarding": "post"},
    )
    return cases.record_intake(services, clerk, req, calendar)


def counts(services: Services) -> tuple[int, int, int]:
    with services.store.read() as session:
        return tuple(  # type: ignore[return-value]
            int(session.scalar(select(func.count()).select_from(model)) or 0) for model in (Case, Event, ForwardingStep)
        )


@pytest.mark.usefixtures("partners")
def test_the_intake_list_is_filtered_by_matter_channel_and_province(services: Services) -> None:
    with services.store.read() as session:  # the hall is 330106: 浙江省
        cross = [p.name for p in partners_for(session, "XK0001", Channel.CROSS_PROVINCE, "330106")]
        province = [p.name for p in partners_for(session, "XK0001", Channel.PROVINCE_WIDE, "330106")]
    assert cross == ["四川省成都市"]  # not 宁波 (same province), 贵阳 (other matter), 昆明 (retired)
    assert province == ["浙江省宁波市"]


@pytest.mark.usefixtures("partners")
@pytest.mark.parametrize(
    ("partner", "reason"),
    [("四川成都", "“四川成都”不在本事项的协议地区名单中"), ("云南省昆明市", "不在本事项的协议地区名单中")],
)
def test_a_partner_not_on_the_list_is_refused_and_nothing_stored(
    services: Services, clerk: Actor, calendar: WorkCalendar, partner: str, reason: str
) -> None:
    before = counts(services)
    with pytest.raises(FieldError, match=reason) as caught:
        intake(services, clerk, calendar, partner)
    assert caught.value.field == "channel.partner_region"
    assert counts(services) == before


def test_without_any_published_partner_the_reason_says_to_sync(
    services: Services, clerk: Actor, calendar: WorkCalendar
) -> None:
    before = counts(services)
    with pytest.raises(FieldError, match="请先同步"):
        intake(services, clerk, calendar, "四川省成都市")
    assert counts(services) == before


@pytest.mark.usefixtures("partners")
def test_post_steps_in_order_each_an_event_and_a_row(
    services: Services, clerk: Actor, calendar: WorkCalendar, clock: FixedClock
) -> None:
    case = intake(services, clerk, calendar, "四川省成都市")
    with services.store.read() as session:
        row = session.get(Case, case.case_id)
        assert row is not None
        assert row.channel_details["partner_id"] == "p-cd"
    before = counts(services)
    with pytest.raises(IllegalTransition, match="须先登记“原件已寄出”"):
        forwarding.record_step(services, clerk, case.case_id, CaseAction.FORWARD_RECEIVED)
    with pytest.raises(WaybillError):
        forwarding.record_step(
            services, clerk, case.case_id, CaseAction.FORWARD_POST, carrier=Carrier.SF, waybill="SF123"
        )
    assert counts(services) == before
    forwarding.record_step(services, clerk, case.case_id, CaseAction.FORWARD_POST, carrier=Carrier.EMS,
                           waybill="EA123456785CN")  # fmt: skip
    clock.moment += timedelta(days=2)
    forwarding.record_step(services, clerk, case.case_id, CaseAction.FORWARD_RECEIVED)
    cases.complete(services, clerk, case.case_id, Decision.APPROVED)
    with pytest.raises(IllegalTransition, match="须先登记“办理结果已返回”"):
        cases.collect(services, clerk, case.case_id)
    forwarding.record_step(services, clerk, case.case_id, CaseAction.FORWARD_RESULT)
    with pytest.raises(WaybillError):
        cases.collect(services, clerk, case.case_id, "post", "EA123456784CN", Carrier.EMS)
    cases.collect(services, clerk, case.case_id, "post", "EA123456785CN", Carrier.EMS)
    with services.store.read() as session:
        steps = forwarding.steps_of(session, case.case_id)
        events = cases.case_events(session, case.case_id)
    assert [(s.step, s.on.isoformat()) for s in steps] == [
        (CaseAction.FORWARD_POST, "2026-03-02"),
        (CaseAction.FORWARD_RECEIVED, "2026-03-04"),
        (CaseAction.FORWARD_RESULT, "2026-03-04"),
    ]
    assert steps[0].details == {"carrier": "ems", "waybill": "EA123456785CN", "note": ""}
    assert [e.type for e in events if e.type.startswith("case.")] == [
        "case.accepted",
        "case.forward_posted",
        "case.forward_received",
        "case.completed",
        "case.forward_result_returned",
        "case.collected",
    ]
    # Each parcel posted (the originals to the partner, the result to the applicant) queues the 邮寄寄出 notice,
    # right after its step's event, in the same transaction.
    posted = [(events[i - 1].type, e.payload["params"]) for i, e in enumerate(events)
              if e.type == "notice.queued" and e.payload["kind"] == "posted"]  # fmt: skip
    assert [(after, params["carrier"], params["waybill_no"]) for after, params in posted] == [
        ("case.forward_posted", "EMS", "EA123456785CN"),
        ("case.collected", "EMS", "EA123456785CN"),
    ]


@pytest.mark.usefixtures("partners")
def test_electronic_transfer_records_each_files_sha256(
    services: Services, clerk: Actor, calendar: WorkCalendar, tmp_path: Path
) -> None:
    case = intake(services, clerk, calendar, "四川省成都市")
    scan = tmp_path / "不动产登记申请书.pdf"
    scan.write_bytes(b"%PDF-1.7 scan" * 100)
    forwarding.record_step(services, clerk, case.case_id, CaseAction.FORWARD_FILES, files=[scan])
    with services.store.read() as session:
        event = session.scalar(select(Event).where(Event.type == "case.forward_files_sent"))
    assert event is not None
    files = json.loads(event.payload)["files"]
    assert files == [{"name": scan.name, "sha256": hashlib.sha256(scan.read_bytes()).hexdigest(), "size": 1300}]
    with pytest.raises(Exception, match="无法读取文件"):
        forwarding.record_step(services, clerk, case.case_id, CaseAction.FORWARD_FILES, files=[tmp_path / "无"])


def test_an_on_site_case_cannot_be_forwarded(services: Services, clerk: Actor, calendar: WorkCalendar) -> None:
    req = IntakeRequest(
        "XK0001", PERSON, Outcome.ACCEPT, tuple(ReceivedMaterial(c, True, 1, 2) for c in ("M1", "M2", "M3", "M4"))
    )
    case = cases.record_intake(services, clerk, req, calendar)
    before = counts(services)
    with pytest.raises(IllegalTransition, match="只有全省通办、跨省通办"):
        forwarding.record_step(services, clerk, case.case_id, CaseAction.FORWARD_POST, carrier=Carrier.EMS,
                               waybill="EA123456785CN")  # fmt: skip
    assert counts(services) == before


@pytest.mark.usefixtures("partners")
def test_an_enquiry_names_only_a_listed_partner_and_a_tongban_channel(services: Services, clerk: Actor) -> None:
    before = counts(services)
    with pytest.raises(FieldError, match="“四川成都”不在协议地区名单中"):
        record_enquiry(services, clerk, EnquiryInput("社保转移", channel="cross_province", partner_region="四川成都"))
    with pytest.raises(FieldError, match="咨询渠道只能是 province_wide、cross_province"):
        record_enquiry(services, clerk, EnquiryInput("社保转移", channel="on_site"))
    with pytest.raises(FieldError, match="须同时选择通办渠道"):
        record_enquiry(services, clerk, EnquiryInput("社保转移", partner_region="四川省成都市"))
    assert counts(services) == before
    record_enquiry(services, clerk, EnquiryInput("社保转移", channel="cross_province", partner_region="四川省成都市"))
    with services.store.read() as session:
        event = session.scalar(select(Event).where(Event.type == "enquiry.recorded"))
    assert event is not None
    payload = json.loads(event.payload)
    assert (payload["channel"], payload["partner_region"]) == ("cross_province", "四川省成都市")


@pytest.mark.usefixtures("partners")
def test_the_case_list_flags_and_filters_overdue_forwarding(
    services: Services, clerk: Actor, calendar: WorkCalendar, clock: FixedClock
) -> None:
    late, on_time = intake(services, clerk, calendar, "四川省成都市"), intake(services, clerk, calendar, "四川省成都市")
    for case in (late, on_time):
        forwarding.record_step(services, clerk, case.case_id, CaseAction.FORWARD_POST, carrier=Carrier.EMS,
                               waybill="EA123456785CN")  # fmt: skip
    clock.moment += timedelta(days=8)  # Tuesday 10 March: 6 working days after Monday 2 March
    forwarding.record_step(services, clerk, on_time.case_id, CaseAction.FORWARD_RECEIVED)

    def rows(kind: queries.CaseFilter) -> dict[str, bool]:
        with services.store.read() as session:
            query, today = queries.CaseQuery(kind=kind), clock.moment.date()
            found = queries.page_of_cases(
                session, query, offset=0, today=today, clerk_id=clerk.user_id, calendar=calendar
            )
        return {row.id: row.forwarding_overdue for row in found}

    assert rows(queries.CaseFilter.ALL) == {late.case_id: True, on_time.case_id: False}
    assert rows(queries.CaseFilter.FORWARDING_OVERDUE) == {late.case_id: True}
