"""通办 forwarding steps on a case: each one an event and a ``forwarding_steps`` row in one transaction.

Electronic transfer names the files sent with their SHA-256 (read here from the files the clerk chose, which
are not kept); free post names the carrier and its waybill. The order and the checks are the domain's
(``domain/case.py``: ``FORWARD_AFTER``, ``forward``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hallclient.domain import case as lifecycle
from hallclient.domain.case import CaseAction
from hallclient.domain.forwarding import FORWARD_STEP_WORKDAYS, Waiting, overdue_steps, waiting_steps
from hallclient.domain.waybill import Carrier
from hallclient.domain.workdays import WorkCalendar
from hallclient.errors import HallError
from hallclient.services.cases import CaseResult, forwarding_of, queue_posted_notice, record_case_event, state_of
from hallclient.services.context import Actor, Services, wall_time
from hallclient.store.models import Case, ForwardingStep


def file_entries(paths: Sequence[Path]) -> list[dict[str, Any]]:
    """Name, SHA-256 and size of each file sent (a file that cannot be read is refused by name)."""
    entries: list[dict[str, Any]] = []
    for path in paths:
        digest = hashlib.sha256()
        try:
            with path.open("rb") as handle:
                for block in iter(lambda: handle.read(1 << 20), b""):
                    digest.update(block)
            size = path.stat().st_size
        except OSError as error:
            raise HallError(f"无法读取文件 {path}：{error.strerror}") from None
        entries.append({"name": path.name, "sha256": digest.hexdigest(), "size": size})
    return entries


def record_step(
    services: Services,
    actor: Actor,
    case_id: str,
    action: CaseAction,
    *,
    files: Sequence[Path] = (),
    carrier: Carrier | None = None,
    waybill: str = "",
    note: str = "",
) -> CaseResult:
    """Record one forwarding step of a case (refused with the reason, nothing stored, when out of order)."""
    entries = file_entries(files) if action is CaseAction.FORWARD_FILES else []
    now = services.now()
    with services.store.write() as session:
        row = session.get(Case, case_id)
        if row is None:
            raise HallError(f"办件不存在：{case_id}")
        transition = lifecycle.forward(
            state_of(row), forwarding_of(session, row), action, now.date(),
            files=entries, carrier=carrier, waybill=waybill, note=note,
        )  # fmt: skip
        row.updated_at = wall_time(now)
        details = {key: value for key, value in transition.payload.items() if key != "on"}
        # The step row is written first: the slip queued with the event (材料流转单) reads it.
        step = ForwardingStep(case_id=row.id, step=action.value, on_day=now.date(), details=details, event_id="")
        session.add(step)
        session.flush()
        result = record_case_event(session, services, actor, row, transition, {"case_no": row.case_no}, now)
        step.event_id = result.event.id
        if carrier is not None and action is CaseAction.FORWARD_POST:  # the applicant is told where the originals went
            queue_posted_notice(session, services, actor, row, carrier, str(details["waybill"]), now)
        return result


@dataclass(frozen=True)
class StepView:
    """One forwarding step as the case detail and the slips show it."""

    step: CaseAction
    on: date
    details: dict[str, Any]

    @property
    def label(self) -> str:
        return lifecycle.FORWARD_LABELS[self.step]


def steps_of(session: Session, case_id: str) -> list[StepView]:
    rows = session.scalars(select(ForwardingStep).where(ForwardingStep.case_id == case_id).order_by(ForwardingStep.id))
    return [StepView(CaseAction(row.step), row.on_day, dict(row.details)) for row in rows]


def waiting_of(
    session: Session, row: Case, today: date, calendar: WorkCalendar, limit: int = FORWARD_STEP_WORKDAYS
) -> tuple[list[Waiting], list[Waiting]]:
    """(the steps the case waits for, those of them overdue); both empty for a case not forwarded."""
    forwarding = forwarding_of(session, row)
    if forwarding is None or not forwarding.started:
        return [], []
    collected = row.status == "collected"
    return waiting_steps(forwarding, collected), overdue_steps(forwarding, collected, today, calendar, limit)
