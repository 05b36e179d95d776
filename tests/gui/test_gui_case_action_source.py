"""The case detail's buttons come from the one table of actions in the domain (issue 12, design point 3)."""

from __future__ import annotations

import itertools
from datetime import date
from types import SimpleNamespace

import pytest

from hallclient.domain.case import (
    CaseAction,
    CaseStatus,
    Forwarding,
    IllegalTransition,
    available_actions,
    check_action,
)
from hallclient.ui.casedetail import case_action_entries

DAY = date(2026, 3, 2)
FORWARDINGS = {  # not forwarded; forwarded, nothing sent yet; originals posted; result back
    "none": None,
    "new": Forwarding({}),
    "posted": Forwarding({CaseAction.FORWARD_POST: DAY}),
    "returned": Forwarding({step: DAY for step in (CaseAction.FORWARD_POST, CaseAction.FORWARD_RECEIVED,
                                                   CaseAction.FORWARD_RESULT)}),
}  # fmt: skip
STATES = [
    SimpleNamespace(
        status=status, deficiency_open=deficiency, applicant_kind="person", forwarding=forwarding, name=name
    )
    for status, deficiency, (name, forwarding) in itertools.product(CaseStatus, (False, True), FORWARDINGS.items())
]
IDS = lambda s: f"{s.status.value}-deficiency={s.deficiency_open}-forwarding={s.name}"  # noqa: E731


def test_every_case_action_has_exactly_one_button() -> None:
    keys = [entry.key for entry in case_action_entries()]
    assert len(keys) == len(set(keys))
    assert {action.value for action in CaseAction} <= set(keys)


@pytest.mark.parametrize("state", STATES, ids=IDS)
def test_a_button_is_enabled_exactly_when_the_domain_allows_its_action(qapp, state: SimpleNamespace) -> None:
    allowed = available_actions(state, state.forwarding)
    for entry in case_action_entries():
        if entry.key in CaseAction.__members__.values():
            assert entry.enabled(state) == (CaseAction(entry.key) in allowed), entry.key  # type: ignore[arg-type]


@pytest.mark.parametrize("state", STATES, ids=IDS)
def test_the_domain_refuses_exactly_the_actions_it_does_not_offer(state: SimpleNamespace) -> None:
    allowed = available_actions(state, state.forwarding)
    for action in CaseAction:
        if action in allowed:
            check_action(state, action, state.forwarding)
        else:
            with pytest.raises(IllegalTransition):
                check_action(state, action, state.forwarding)
