"""通办 forwarding: each step in order, out of order refused, overdue waits and days in transit."""

from __future__ import annotations

from datetime import date

import pytest

from hallclient.domain import case as lc
from hallclient.domain.case import CaseAction, CaseStatus, Decision, Forwarding, IllegalTransition, Outcome
from hallclient.domain.catalog import Material, Matter, MatterKind
from hallclient.domain.events import EventType
from hallclient.domain.forwarding import overdue_steps, transit_days, waiting_steps
from hallclient.domain.waybill import Carrier, WaybillError
from hallclient.domain.workdays import WorkCalendar

CAL = WorkCalendar.load_default()
MATTER = Matter("X1", "测试承诺件", "D", MatterKind.PROMISED, 20, 3, materials=(Material("A", "申请表"),))
DAY = date(2025, 11, 3)  # a Monday
FILE = {"name": "申请表.pdf", "sha256": "a" * 64, "size": 1024}


def accepted() -> lc.CaseState:
    return lc.intake(Outcome.ACCEPT, MATTER, DAY, CAL).state


def run(state: lc.CaseState, done: dict[CaseAction, date], action: CaseAction, **kw: object) -> lc.Transition:
    transition = lc.forward(state, Forwarding(done), action, DAY, **kw)  # type: ignore[arg-type]
    done[action] = DAY
    return transition


def test_post_track_in_order_records_each_step_and_keeps_the_status() -> None:
    state, done = accepted(), dict[CaseAction, date]()
    posted = run(state, done, CaseAction.FORWARD_POST, carrier=Carrier.EMS, waybill="ea123456785cn")
    assert posted.event_type is EventType.CASE_FORWARD_POSTED
    assert posted.payload == {"on": "2025-11-03", "note": "", "carrier": "ems", "waybill": "EA123456785CN"}
    assert posted.state == state
    assert run(state, done, CaseAction.FORWARD_RECEIVED).event_type is EventType.CASE_FORWARD_RECEIVED
    assert run(state, done, CaseAction.FORWARD_RESULT).event_type is EventType.CASE_FORWARD_RESULT_RETURNED
    completed = lc.complete(state, Decision.APPROVED, DAY).state
    collected = lc.collect(completed, DAY, "post", "SF1234567890123", carrier=Carrier.SF, forwarding=Forwarding(done))
    assert collected.state.status is CaseStatus.COLLECTED
    assert collected.payload["carrier"] == "sf"


def test_electronic_track_names_files_and_their_hashes() -> None:
    state, done = accepted(), dict[CaseAction, date]()
    sent = run(state, done, CaseAction.FORWARD_FILES, files=[FILE])
    assert sent.payload["files"] == [FILE]
    assert run(state, done, CaseAction.FORWARD_FILES_ACK).event_type is EventType.CASE_FORWARD_FILES_ACKNOWLEDGED
    assert CaseAction.FORWARD_RESULT in lc.available_actions(state, Forwarding(done))


@pytest.mark.parametrize(
    ("done", "action", "reason"),
    [
        ({}, CaseAction.FORWARD_RECEIVED, "须先登记“原件已寄出”，才能登记对方签收"),
        ({}, CaseAction.FORWARD_FILES_ACK, "须先登记“电子材料已发送”，才能登记对方确认收到"),
        ({CaseAction.FORWARD_POST: DAY}, CaseAction.FORWARD_RESULT, "须先登记“对方确认收到电子材料”或“对方已签收原件”"),
        ({CaseAction.FORWARD_POST: DAY}, CaseAction.FORWARD_POST, "“原件已寄出”已于 2025-11-03 登记"),
    ],
)
def test_steps_out_of_order_are_refused_with_the_reason(
    done: dict[CaseAction, date], action: CaseAction, reason: str
) -> None:
    with pytest.raises(IllegalTransition, match=reason):
        lc.forward(accepted(), Forwarding(done), action, DAY)
    assert action not in lc.available_actions(accepted(), Forwarding(done))


def test_a_forwarded_case_is_not_delivered_before_its_result_returns() -> None:
    completed = lc.complete(accepted(), Decision.APPROVED, DAY).state
    started = Forwarding({CaseAction.FORWARD_POST: DAY, CaseAction.FORWARD_RECEIVED: DAY})
    with pytest.raises(IllegalTransition, match="须先登记“办理结果已返回”，才能取件"):
        lc.collect(completed, DAY, forwarding=started)
    assert lc.collect(completed, DAY, forwarding=Forwarding({})).state.status is CaseStatus.COLLECTED


def test_an_on_site_case_has_no_forwarding_and_bad_details_store_nothing() -> None:
    with pytest.raises(IllegalTransition, match="只有全省通办、跨省通办的办件才能转递"):
        lc.forward(accepted(), None, CaseAction.FORWARD_POST, DAY, carrier=Carrier.EMS, waybill="EA123456785CN")
    with pytest.raises(WaybillError, match="校验位"):
        lc.forward(
            accepted(), Forwarding({}), CaseAction.FORWARD_POST, DAY, carrier=Carrier.EMS, waybill="EA123456784CN"
        )
    with pytest.raises(IllegalTransition, match="SHA-256"):
        lc.forward(accepted(), Forwarding({}), CaseAction.FORWARD_FILES, DAY, files=[{**FILE, "sha256": "xyz"}])
    with pytest.raises(IllegalTransition, match="不能邮寄原件"):
        refused = lc.intake(Outcome.REFUSE, MATTER, DAY, CAL, refusal_reason="不属于本机关职权").state
        lc.forward(refused, Forwarding({}), CaseAction.FORWARD_POST, DAY, carrier=Carrier.EMS, waybill="EA123456785CN")
    with pytest.raises(WaybillError):
        lc.collect(lc.complete(accepted(), Decision.APPROVED, DAY).state, DAY, "post", "123", carrier=Carrier.EMS)


def test_overdue_is_counted_in_working_days_from_the_step_before() -> None:
    posted = Forwarding({CaseAction.FORWARD_POST: DAY})  # Monday 3 Nov; 5 working days → Monday 10 Nov
    assert [wait.step for wait in waiting_steps(posted, collected=False)] == [CaseAction.FORWARD_RECEIVED]
    assert overdue_steps(posted, False, date(2025, 11, 10), CAL) == []
    late = overdue_steps(posted, False, date(2025, 11, 11), CAL)
    assert [(wait.step, wait.since) for wait in late] == [(CaseAction.FORWARD_RECEIVED, DAY)]
    returned = Forwarding(
        {CaseAction.FORWARD_POST: DAY, CaseAction.FORWARD_RECEIVED: DAY, CaseAction.FORWARD_RESULT: DAY}
    )
    assert [wait.step for wait in overdue_steps(returned, False, date(2025, 12, 1), CAL)] == [CaseAction.COLLECT]
    assert overdue_steps(returned, True, date(2025, 12, 1), CAL) == []


def test_transit_days_per_track() -> None:
    done = {
        CaseAction.FORWARD_POST: date(2025, 11, 3),
        CaseAction.FORWARD_RECEIVED: date(2025, 11, 6),
        CaseAction.FORWARD_FILES: date(2025, 11, 3),
    }
    assert transit_days(done) == (3, None)
