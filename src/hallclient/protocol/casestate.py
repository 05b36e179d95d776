"""A case's lifecycle state as every case event carries it (``payload["state"]``), and back.

The window writes it into each event; the server reads it to project hall-wide cases and to complete a
case in the back office, then sends the new state back in a feed change.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from hallclient.domain import case as lifecycle
from hallclient.domain.case import CaseState, CaseStatus, Decision, Outcome, iso_day
from hallclient.errors import HallError


def state_payload(state: CaseState) -> dict[str, Any]:
    return {
        "status": state.status.value,
        "outcome": state.outcome.value,
        "received_on": state.received_on.isoformat(),
        "clock_start": iso_day(state.clock_start),
        "promised_date": iso_day(state.promised_date),
        "statutory_date": iso_day(state.statutory_date),
        "notice_deadline": iso_day(state.notice_deadline),
        "supply_deadline": iso_day(state.supply_deadline),
        "deficiency_open": state.deficiency_open,
        "suspended_on": iso_day(state.suspended_on),
        "decision": state.decision.value if state.decision else None,
        "extended_days": state.extended_days,
        **lifecycle.provisional_payload(state),
    }


def _day(value: Any) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) and value else None


def state_from_payload(data: dict[str, Any]) -> CaseState:
    """The inverse of :func:`state_payload`."""
    try:
        return CaseState(
            status=CaseStatus(data["status"]),
            outcome=Outcome(data["outcome"]),
            received_on=date.fromisoformat(data["received_on"]),
            clock_start=_day(data.get("clock_start")),
            promised_date=_day(data.get("promised_date")),
            statutory_date=_day(data.get("statutory_date")),
            notice_deadline=_day(data.get("notice_deadline")),
            supply_deadline=_day(data.get("supply_deadline")),
            deficiency_open=bool(data.get("deficiency_open", False)),
            suspended_on=_day(data.get("suspended_on")),
            decision=Decision(data["decision"]) if data.get("decision") else None,
            extended_days=int(data.get("extended_days", 0)),
        )
    except (KeyError, ValueError, TypeError) as error:
        raise HallError(f"办件状态不完整，无法在服务器端处理：{error}") from None
