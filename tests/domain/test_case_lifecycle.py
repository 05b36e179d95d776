"""The pure lifecycle: which commands each status allows, and the dates each outcome promises."""

from __future__ import annotations

from datetime import date

import pytest

from hallclient.domain import case as lc
from hallclient.domain.case import CaseStatus, Decision, IllegalTransition, Outcome
from hallclient.domain.catalog import Material, Matter, MatterKind
from hallclient.domain.workdays import WorkCalendar

CAL = WorkCalendar.load_default()
MATTER = Matter(
    code="X1",
    name="测试承诺件",
    department_code="D",
    kind=MatterKind.PROMISED,
    statutory_days=20,
    promised_days=3,
    materials=(Material("A", "申请表"), Material("B", "附件", deficiency_allowed=True)),
)
RECEIVED = date(2025, 9, 30)  # the day before the National Day holiday


def accepted() -> lc.CaseState:
    return lc.intake(Outcome.ACCEPT, MATTER, RECEIVED, CAL).state


def test_acceptance_before_a_holiday_skips_the_whole_break() -> None:
    state = accepted()
    # Oct 1–8 are holidays; Sat Oct 11 is an adjusted working day: 9, 10, 11 -> Oct 11.
    assert state.promised_date == date(2025, 10, 11)
    assert state.status is CaseStatus.ACCEPTED


def test_notice_deadline_is_five_working_days() -> None:
    state = lc.intake(Outcome.NOTIFY_MISSING, MATTER, RECEIVED, CAL, missing=("A",)).state
    assert state.notice_deadline == date(2025, 10, 14)  # 9, 10, 11, 13, 14


ILLEGAL = [
    (lambda s: lc.supplement(s, MATTER, RECEIVED, CAL), "补正"),
    (lambda s: lc.collect(s, RECEIVED), "取件"),
    (lambda s: lc.resume(s, RECEIVED, CAL), "恢复办理"),
]


@pytest.mark.parametrize(("command", "verb"), ILLEGAL)
def test_commands_not_allowed_on_an_accepted_case_explain_why(command, verb: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(IllegalTransition) as caught:
        command(accepted())
    assert str(caught.value) == f"办件当前状态为“在办”，不能{verb}"


def test_terminal_states_refuse_everything() -> None:
    refused = lc.intake(Outcome.REFUSE, MATTER, RECEIVED, CAL, refusal_reason="不属于本机关职权").state
    for command in (
        lambda s: lc.complete(s, Decision.APPROVED, RECEIVED),
        lambda s: lc.suspend(s, RECEIVED, "x"),
        lambda s: lc.withdraw(s, RECEIVED),
        lambda s: lc.extend(s, 1, "x", CAL),
    ):
        with pytest.raises(IllegalTransition, match="不予受理"):
            command(refused)


def test_deficiency_deadline_defaults_to_promised_date_and_must_be_supplied_before_approval() -> None:
    state = lc.intake(Outcome.ACCEPT_WITH_DEFICIENCY, MATTER, RECEIVED, CAL, deficient=("B",)).state
    assert state.supply_deadline == state.promised_date == date(2025, 10, 11)
    with pytest.raises(IllegalTransition):
        lc.complete(state, Decision.APPROVED, RECEIVED)
    denied = lc.complete(state, Decision.DENIED, RECEIVED).state  # a denial does not wait for the paperwork
    assert denied.status is CaseStatus.COMPLETED
    late = lc.supply_deficiency(state, date(2025, 10, 13))
    assert late.payload["late"] is True


def test_overdue_and_near_due() -> None:
    state = accepted()
    assert not lc.is_overdue(state, date(2025, 10, 11))
    assert lc.is_overdue(state, date(2025, 10, 13))
    assert lc.is_near_due(state, date(2025, 10, 9), CAL)
    assert not lc.is_near_due(state, date(2025, 9, 30), CAL)
