"""Intake through the real services and store: each outcome, its deadlines, its event, atomicity."""

from __future__ import annotations

import json
from datetime import date
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import func, select

from hallclient.domain.case import CaseStatus, Channel, Decision, IllegalTransition, Outcome
from hallclient.domain.workdays import WorkCalendar
from hallclient.errors import HallError
from hallclient.services import cases
from hallclient.services.cases import Applicant, FieldError, IntakeRequest, ReceivedMaterial
from hallclient.services.context import Actor, Services
from hallclient.store.models import Case, Event

if TYPE_CHECKING:
    from conftest import FixedClock

PERSON = Applicant(kind="person", name="张三", id_type="id_card", id_number="11010519491231002x", phone="13800000000")


def all_received(*codes: str) -> tuple[ReceivedMaterial, ...]:
    return tuple(ReceivedMaterial(code, True, 1, 2) for code in codes)


def request(outcome: Outcome, materials: tuple[ReceivedMaterial, ...], **extra: object) -> IntakeRequest:
    return IntakeRequest(matter_code="XK0001", applicant=PERSON, outcome=outcome, materials=materials, **extra)  # type: ignore[arg-type]


def count(services: Services, model: type) -> int:
    with services.store.read() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_accept_computes_promised_date_and_writes_state_and_event_together(
    services: Services, clerk: Actor, calendar: WorkCalendar
) -> None:
    result = cases.record_intake(
        services, clerk, request(Outcome.ACCEPT, all_received("M1", "M2", "M3", "M4")), calendar
    )
    # Received Monday 2026-03-02; 5 working days counted from the next day -> Monday 2026-03-09.
    assert result.state.promised_date == date(2026, 3, 9)
    assert result.case_no == "3301062026030" + "2W050001"
    with services.store.read() as session:
        row = cases.get_case(session, result.case_id)
        assert row is not None
        assert row.status == "accepted"
        assert [m.received for m in row.materials] == [True, True, True, True]
        event = session.get(Event, result.event.id)
        assert event is not None and event.type == "case.accepted"
        payload = json.loads(event.payload)
        assert payload["intake"]["case_no"] == result.case_no
        assert payload["state"]["promised_date"] == "2026-03-09"
        assert payload["intake"]["applicant"]["id_number"] == "11010519491231002X"


def test_case_numbers_follow_the_daily_sequence_and_restart_next_day(
    services: Services, clerk: Actor, calendar: WorkCalendar, clock: FixedClock
) -> None:
    numbers = [
        cases.record_intake(
            services, clerk, request(Outcome.ACCEPT, all_received("M1", "M2", "M3", "M4")), calendar
        ).case_no
        for _ in range(3)
    ]
    assert [n[-4:] for n in numbers] == ["0001", "0002", "0003"]
    clock.moment = clock.moment.replace(day=3)
    next_day = cases.record_intake(
        services, clerk, request(Outcome.ACCEPT, all_received("M1", "M2", "M3", "M4")), calendar
    )
    assert next_day.case_no.endswith("20260303W050001")


def test_missing_materials_cannot_be_accepted_and_nothing_is_written(
    services: Services, clerk: Actor, calendar: WorkCalendar
) -> None:
    before = (count(services, Case), count(services, Event))
    with pytest.raises(IllegalTransition, match="一次性告知"):
        cases.record_intake(services, clerk, request(Outcome.ACCEPT, all_received("M1", "M2")), calendar)
    assert (count(services, Case), count(services, Event)) == before


def test_one_time_notice_lists_every_missing_item_and_supplement_restarts_the_clock(
    services: Services, clerk: Actor, calendar: WorkCalendar, clock: FixedClock
) -> None:
    result = cases.record_intake(services, clerk, request(Outcome.NOTIFY_MISSING, all_received("M1")), calendar)
    assert result.state.status is CaseStatus.AWAITING_SUPPLEMENT
    assert result.event.payload["missing"] == ["M2", "M3", "M4"]
    assert result.state.notice_deadline == date(2026, 3, 9)
    clock.moment = clock.moment.replace(day=6)  # Friday
    supplemented = cases.supplement(services, clerk, result.case_id, calendar)
    assert supplemented.state.status is CaseStatus.ACCEPTED
    # 5 working days from the day after Friday 2026-03-06 -> Friday 2026-03-13
    assert supplemented.state.promised_date == date(2026, 3, 13)


def test_refusal_needs_a_reason_and_records_the_competent_body(
    services: Services, clerk: Actor, calendar: WorkCalendar
) -> None:
    with pytest.raises(IllegalTransition, match="理由"):
        cases.record_intake(services, clerk, request(Outcome.REFUSE, ()), calendar)
    result = cases.record_intake(
        services,
        clerk,
        request(Outcome.REFUSE, (), refusal_reason="不属于本机关职权", competent_body="区市场监管局"),
        calendar,
    )
    assert result.state.status is CaseStatus.REFUSED
    assert result.event.payload["competent_body"] == "区市场监管局"


def test_deficient_material_deadline_never_after_promised_date(
    services: Services, clerk: Actor, calendar: WorkCalendar
) -> None:
    materials = (*all_received("M1", "M2", "M3"), ReceivedMaterial("M4", False, deficient=True))
    with pytest.raises(IllegalTransition, match="不得晚于"):
        cases.record_intake(
            services,
            clerk,
            request(Outcome.ACCEPT_WITH_DEFICIENCY, materials, supply_deadline=date(2026, 3, 20)),
            calendar,
        )
    result = cases.record_intake(services, clerk, request(Outcome.ACCEPT_WITH_DEFICIENCY, materials), calendar)
    assert result.state.deficiency_open and result.state.supply_deadline == date(2026, 3, 9)
    # The event keeps the spelling recorded events already carry (docs/glossary.md, persisted spellings).
    assert result.event.payload["tolerated"] == ["M4"]
    assert [m["tolerated"] for m in result.event.payload["intake"]["materials"]] == [False, False, False, True]
    with pytest.raises(IllegalTransition, match="容缺材料尚未补齐"):
        cases.complete(services, clerk, result.case_id, Decision.APPROVED)
    cases.supply_deficiency(services, clerk, result.case_id)
    done = cases.complete(services, clerk, result.case_id, Decision.APPROVED)
    assert done.state.status is CaseStatus.COMPLETED


def test_material_the_catalog_does_not_allow_cannot_be_deficient(
    services: Services, clerk: Actor, calendar: WorkCalendar
) -> None:
    materials = (*all_received("M1", "M2", "M4"), ReceivedMaterial("M3", False, deficient=True))
    with pytest.raises(IllegalTransition, match="不可容缺"):
        cases.record_intake(services, clerk, request(Outcome.ACCEPT_WITH_DEFICIENCY, materials), calendar)


def test_immediate_matter_completes_on_the_spot_but_promised_matter_cannot(
    services: Services, clerk: Actor, calendar: WorkCalendar
) -> None:
    with pytest.raises(IllegalTransition, match="承诺件"):
        cases.record_intake(
            services, clerk, request(Outcome.COMPLETE_IMMEDIATELY, all_received("M1", "M2", "M3", "M4")), calendar
        )
    result = cases.record_intake(
        services,
        clerk,
        IntakeRequest("XK0002", PERSON, Outcome.COMPLETE_IMMEDIATELY, all_received("H1"), channel=Channel.ID_CARD_ONLY),
        calendar,
    )
    assert result.state.status is CaseStatus.COMPLETED
    collected = cases.collect(services, clerk, result.case_id)
    assert collected.state.status is CaseStatus.COLLECTED
    with pytest.raises(IllegalTransition, match="已取件"):
        cases.withdraw(services, clerk, result.case_id)


def test_invalid_id_number_is_reported_against_its_field(
    services: Services, clerk: Actor, calendar: WorkCalendar
) -> None:
    bad = Applicant(name="李四", id_number="110105194912310021")
    with pytest.raises(FieldError) as caught:
        cases.record_intake(
            services,
            clerk,
            IntakeRequest("XK0001", bad, Outcome.ACCEPT, all_received("M1", "M2", "M3", "M4")),
            calendar,
        )
    assert caught.value.field == "applicant.id_number"
    assert "校验位" in str(caught.value)
    assert count(services, Case) == 0


def test_cross_province_needs_a_partner_region(services: Services, clerk: Actor, calendar: WorkCalendar) -> None:
    req = request(
        Outcome.ACCEPT,
        all_received("M1", "M2", "M3", "M4"),
        channel=Channel.CROSS_PROVINCE,
        channel_details={"partner_region": " ", "forwarding": "post"},
    )
    with pytest.raises(FieldError) as caught:
        cases.record_intake(services, clerk, req, calendar)
    assert caught.value.field == "channel.partner_region"
    assert count(services, Case) == 0


def test_a_material_received_in_0_copies_is_refused_before_anything_is_written(
    services: Services, clerk: Actor, calendar: WorkCalendar
) -> None:
    materials = (*all_received("M1", "M2", "M3"), ReceivedMaterial("M4", True, 0, 0))
    before = (count(services, Case), count(services, Event))
    with pytest.raises(FieldError) as caught:
        cases.record_intake(services, clerk, request(Outcome.ACCEPT, materials), calendar)
    assert caught.value.field == "materials" and str(caught.value) == "材料“完税凭证”已勾选收到，份数不能为 0"
    assert (count(services, Case), count(services, Event)) == before


def test_suspend_resume_moves_the_promised_date_by_the_paused_workdays(
    services: Services, clerk: Actor, calendar: WorkCalendar, clock: FixedClock
) -> None:
    result = cases.record_intake(
        services, clerk, request(Outcome.ACCEPT, all_received("M1", "M2", "M3", "M4")), calendar
    )
    with pytest.raises(HallError, match="原因"):
        cases.suspend(services, clerk, result.case_id, " ")
    cases.suspend(services, clerk, result.case_id, "等待公告期满")
    clock.moment = clock.moment.replace(day=4)  # two working days later (Tue, Wed)
    resumed = cases.resume(services, clerk, result.case_id, calendar)
    assert resumed.state.promised_date == date(2026, 3, 11)
    extended = cases.extend(services, clerk, result.case_id, 3, "需现场勘查", calendar)
    assert extended.state.promised_date == date(2026, 3, 16)


def test_viewing_a_full_id_number_is_itself_logged(services: Services, clerk: Actor, calendar: WorkCalendar) -> None:
    result = cases.record_intake(
        services, clerk, request(Outcome.ACCEPT, all_received("M1", "M2", "M3", "M4")), calendar
    )
    number = cases.reveal_id_number(services, clerk, result.case_id, "核对身份")
    assert number == "11010519491231002X"
    with services.store.read() as session:
        types = [e.type for e in cases.case_events(session, result.case_id)]
    assert types == ["case.accepted", "notice.queued", "case.id_number_viewed"]  # the 受理 SMS notice in between
