"""SMS notices in the local outbox: the event that causes a notice and the notice share one transaction."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import select

from hallclient.domain.case import Decision, Outcome
from hallclient.domain.notices import NO_VALID_PHONE, OPTED_OUT, NoticeKind, mobile_number
from hallclient.domain.workdays import WorkCalendar
from hallclient.services import cases, notices
from hallclient.services.cases import Applicant, IntakeRequest, ReceivedMaterial
from hallclient.services.context import Actor, Services
from hallclient.store.models import Case, Event

if TYPE_CHECKING:
    from conftest import FixedClock

PERSON = Applicant(kind="person", name="张三", id_type="id_card", id_number="11010519491231002x", phone="138 0013 8000")
ALL = tuple(ReceivedMaterial(code, True, 1, 2) for code in ("M1", "M2", "M3", "M4"))


def intake(services: Services, clerk: Actor, calendar: WorkCalendar, outcome: Outcome, **changes: object) -> str:
    materials = changes.pop("materials", ALL)
    applicant = replace(PERSON, **changes)  # type: ignore[arg-type]
    req = IntakeRequest(matter_code="XK0001", applicant=applicant, outcome=outcome, materials=materials)  # type: ignore[arg-type]
    if outcome is Outcome.ACCEPT_WITH_DEFICIENCY:
        from datetime import date

        req = replace(req, supply_deadline=date(2026, 3, 9))
    return cases.record_intake(services, clerk, req, calendar).case_id


def case_events(services: Services, case_id: str) -> list[tuple[str, dict[str, object]]]:
    with services.store.read() as session:
        rows = session.scalars(select(Event).where(Event.case_id == case_id).order_by(Event.seq))
        return [(row.type, json.loads(row.payload)) for row in rows]


def test_accepting_a_case_queues_the_accepted_notice_right_after_its_event(
    services: Services, clerk: Actor, calendar: WorkCalendar
) -> None:
    case_id = intake(services, clerk, calendar, Outcome.ACCEPT)
    events = case_events(services, case_id)
    assert [kind for kind, _ in events] == ["case.accepted", "notice.queued"]
    payload = events[1][1]
    assert payload["kind"] == "accepted"
    assert payload["phone"] == "13800138000"  # normalised: the spaces the clerk typed are gone
    assert payload["case_id"] == case_id and payload["not_before"] is None
    assert payload["params"] == {
        "case_no": events[0][1]["intake"]["case_no"],  # type: ignore[index]
        "matter": "国有建设用地使用权及房屋所有权转移登记",
        "name": "张三",
        "hall_phone": services.settings.hall_phone,
        "promised_date": "2026-03-09",
    }
    assert "text" not in payload  # the server renders: a window has no copy of the texts


def test_one_time_notice_lists_the_missing_materials(services: Services, clerk: Actor, calendar: WorkCalendar) -> None:
    materials = (ReceivedMaterial("M1", True, 1, 1), ReceivedMaterial("M2", True, 1, 1))
    case_id = intake(services, clerk, calendar, Outcome.NOTIFY_MISSING, materials=materials)
    (_, notice) = case_events(services, case_id)[1]
    assert notice["kind"] == "missing"
    assert notice["params"]["materials"] == "不动产权属证书、完税凭证"  # type: ignore[index]


def test_deficiency_acceptance_queues_a_reminder_held_until_days_before_the_deadline(
    services: Services, clerk: Actor, calendar: WorkCalendar
) -> None:
    materials = (*ALL[:3], ReceivedMaterial("M4", False, deficient=True))
    case_id = intake(services, clerk, calendar, Outcome.ACCEPT_WITH_DEFICIENCY, materials=materials)
    kinds = [(kind, payload.get("kind")) for kind, payload in case_events(services, case_id)]
    assert kinds == [("case.accepted_with_deficiency", None), ("notice.queued", "accepted"),
                     ("notice.queued", "deficiency_reminder")]  # fmt: skip
    reminder = case_events(services, case_id)[2][1]
    assert reminder["not_before"] == "2026-03-06T09:00:00+08:00"  # 3 days before 2026-03-09, 09:00 hall time
    assert reminder["params"] == {**reminder["params"], "materials": "完税凭证", "supply_deadline": "2026-03-09"}  # type: ignore[dict-item]


def test_completion_queues_ready_and_rating_invitation(
    services: Services, clerk: Actor, calendar: WorkCalendar
) -> None:
    case_id = intake(services, clerk, calendar, Outcome.ACCEPT)
    cases.complete(services, clerk, case_id, Decision.APPROVED)
    tail = case_events(services, case_id)[2:]
    assert [(kind, payload.get("kind")) for kind, payload in tail] == [
        ("case.completed", None), ("notice.queued", "ready"), ("notice.queued", "rating_invite")]  # fmt: skip
    assert tail[1][1]["params"]["decision"] == "准予"  # type: ignore[index]
    ids = {payload["notice_id"] for _, payload in case_events(services, case_id) if "notice_id" in payload}
    assert len(ids) == 3  # every notice its own id: the server sends each once


@pytest.mark.parametrize("phone", ["", "0571-87000000", "1380013800", "12800138000", "138001380001"])
def test_no_valid_mobile_number_is_said_on_the_timeline_not_skipped_silently(
    services: Services, clerk: Actor, calendar: WorkCalendar, phone: str
) -> None:
    case_id = intake(services, clerk, calendar, Outcome.ACCEPT, phone=phone)
    events = case_events(services, case_id)
    assert [kind for kind, _ in events] == ["case.accepted", "notice.skipped"]
    assert events[1][1] == {"kind": "accepted", "case_no": events[1][1]["case_no"], "reason": NO_VALID_PHONE}


def test_opt_out_at_intake_is_in_the_intake_payload_and_stops_every_notice(
    services: Services, clerk: Actor, calendar: WorkCalendar
) -> None:
    case_id = intake(services, clerk, calendar, Outcome.ACCEPT, sms_opt_out=True)
    cases.complete(services, clerk, case_id, Decision.APPROVED)
    events = case_events(services, case_id)
    assert events[0][1]["intake"]["applicant"]["sms_opt_out"] is True  # type: ignore[index]
    assert [kind for kind, _ in events if kind.startswith("notice.")] == ["notice.skipped"] * 3
    assert {payload["reason"] for kind, payload in events if kind == "notice.skipped"} == {OPTED_OUT}


def test_queue_notice_is_the_api_for_a_posted_parcel(
    services: Services, clerk: Actor, calendar: WorkCalendar, clock: FixedClock
) -> None:
    case_id = intake(services, clerk, calendar, Outcome.ACCEPT)
    with services.store.write() as session:
        row = session.get(Case, case_id)
        assert row is not None
        event = notices.queue_notice(session, device_id=services.device_id, actor="wangfang", row=row,
                                     kind=NoticeKind.POSTED, params={"carrier": "EMS", "waybill_no": "1234567890123"},
                                     at=clock.moment)  # fmt: skip
    assert event.type == "notice.queued"
    assert event.payload["params"]["waybill_no"] == "1234567890123"
    with pytest.raises(ValueError, match="不支持参数"), services.store.write() as session:
        row = session.get(Case, case_id)
        assert row is not None
        notices.queue_notice(session, device_id=services.device_id, actor="wangfang", row=row,
                             kind=NoticeKind.POSTED, params={"waybil": "x"}, at=clock.moment)  # fmt: skip
    assert [kind for kind, _ in case_events(services, case_id)].count("notice.queued") == 2  # nothing partial


def test_mobile_number_accepts_the_usual_spellings_only() -> None:
    assert mobile_number("+86 138-0013-8000") == "13800138000"
    assert mobile_number("8613800138000") == "13800138000"
    assert mobile_number("13800138000") == "13800138000"
    assert mobile_number("11800138000") is None
    assert mobile_number("138001380000") is None
