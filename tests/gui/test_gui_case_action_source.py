"""The case detail's buttons come from the one table of actions in the domain (issue 12, design point 3)."""

from __future__ import annotations

import itertools
from types import SimpleNamespace

import pytest

from hallclient.domain.case import CaseAction, CaseStatus, IllegalTransition, available_actions, check_action
from hallclient.ui.casedetail import case_action_entries

STATES = [
    SimpleNamespace(status=status, deficiency_open=deficiency, applicant_kind="person")
    for status, deficiency in itertools.product(CaseStatus, (False, True))
]


def test_every_case_action_has_exactly_one_button() -> None:
    keys = [entry.key for entry in case_action_entries()]
    assert len(keys) == len(set(keys))
    assert {action.value for action in CaseAction} <= set(keys)


@pytest.mark.parametrize("state", STATES, ids=lambda s: f"{s.status.value}-deficiency={s.deficiency_open}")
def test_a_button_is_enabled_exactly_when_the_domain_allows_its_action(qapp, state: SimpleNamespace) -> None:
    allowed = available_actions(state)
    for entry in case_action_entries():
        if entry.key in CaseAction.__members__.values():
            assert entry.enabled(state) == (CaseAction(entry.key) in allowed), entry.key  # type: ignore[arg-type]


@pytest.mark.parametrize("state", STATES, ids=lambda s: f"{s.status.value}-deficiency={s.deficiency_open}")
def test_the_domain_refuses_exactly_the_actions_it_does_not_offer(state: SimpleNamespace) -> None:
    allowed = available_actions(state)
    for action in CaseAction:
        if action in allowed:
            check_action(state, action)
        else:
            with pytest.raises(IllegalTransition):
                check_action(state, action)
