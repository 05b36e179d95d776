"""Where a forwarded 通办 case stands: the step it waits for, whether that wait is overdue, days in transit.

A step is overdue when it is not done within ``limit`` working days of the step before it (the order is
``case.FORWARD_AFTER``); delivering to the applicant (``COLLECT``) is the last step once the result is back.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from hallclient.domain.case import FORWARD_AFTER, FORWARD_LABELS, CaseAction, Forwarding
from hallclient.domain.workdays import WorkCalendar

# Each step within 5 working days of the one before. A constant, not a setting: the windows' lists and the
# server's tally must agree on it, and no setting reaches both today (docs/forwarding.md).
FORWARD_STEP_WORKDAYS = 5


@dataclass(frozen=True)
class Waiting:
    """A step the case waits for, since the day the step before it was done."""

    step: CaseAction
    since: date

    @property
    def label(self) -> str:
        return FORWARD_LABELS[self.step]


def waiting_steps(forwarding: Forwarding, collected: bool) -> list[Waiting]:
    """The next steps of each started track (sending → receipt → result → delivery)."""
    done = forwarding.done
    waits: list[Waiting] = []
    for step, before in FORWARD_AFTER.items():
        if step in done or (step is CaseAction.COLLECT and collected):
            continue
        days = [done[prior] for prior in before if prior in done]
        if days:
            waits.append(Waiting(step, min(days)))
    return waits


def overdue_steps(
    forwarding: Forwarding, collected: bool, today: date, calendar: WorkCalendar, limit: int = FORWARD_STEP_WORKDAYS
) -> list[Waiting]:
    """The waiting steps not done within ``limit`` working days of the step before."""
    return [wait for wait in waiting_steps(forwarding, collected) if today > calendar.add_workdays(wait.since, limit)]


def transit_days(done: Mapping[CaseAction, date]) -> tuple[int | None, int | None]:
    """Calendar days in transit (post: 寄出 → 签收; electronic: 发送 → 确认), None for a track not finished."""

    def span(start: CaseAction, end: CaseAction) -> int | None:
        return (done[end] - done[start]).days if start in done and end in done else None

    return (
        span(CaseAction.FORWARD_POST, CaseAction.FORWARD_RECEIVED),
        span(CaseAction.FORWARD_FILES, CaseAction.FORWARD_FILES_ACK),
    )
