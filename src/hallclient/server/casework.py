"""Back-office changes to hall-wide cases, published to the device that holds the case."""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from hallclient.domain import case as lifecycle
from hallclient.domain.case import Decision
from hallclient.domain.events import EventType, canonical_json, new_id
from hallclient.domain.notices import NOTICES_FOR_EVENT, OPT_OUT_KEY, case_notice, completion_params
from hallclient.errors import HallError
from hallclient.protocol.casestate import state_from_payload, state_payload
from hallclient.protocol.wire import CaseUpdate
from hallclient.server import feed
from hallclient.server.clock import iso_utc, utcnow
from hallclient.server.models import ServerCase
from hallclient.server.projection import state_dict
from hallclient.server.sms.ratings import append_server_event, hall_time


class CaseNotFound(HallError):
    pass


def complete_case(session: Session, case_no: str, decision: str, note: str, by: str) -> CaseUpdate:
    """办结 by the back office: the same lifecycle rule as at the window, then a feed entry for the device."""
    row = session.scalar(select(ServerCase).where(ServerCase.case_no == case_no).with_for_update())
    if row is None:
        raise CaseNotFound(f"办件不存在：{case_no}")
    now = utcnow()
    transition = lifecycle.complete(state_from_payload(state_dict(row)), Decision(decision), now.date(), note)
    new_state = state_payload(transition.state)
    row.status = new_state["status"]
    row.decision = new_state["decision"]
    row.state = canonical_json(new_state)
    row.completed_at = now
    row.back_office_by = by
    row.updated_at = now
    update = CaseUpdate(
        case_no=row.case_no, case_id=row.case_id, state=new_state, completed_at=iso_utc(now), by=by, note=note
    )
    feed.publish(session, "case", row.case_no, update.model_dump(), device_id=row.device_id)
    _queue_completion_notices(session, row, hall_time(session, now))
    return update


def _queue_completion_notices(session: Session, row: ServerCase, at: datetime) -> None:
    """The notices a window queues when it completes a case (办结/可取件, the rating invitation), as events of the
    server's chain in the completing transaction: the lifecycle refuses a second completion, so each is queued
    exactly once, and the window applying the update queues none of its own."""
    from hallclient import config

    intake = json.loads(row.intake or "{}")
    applicant = intake.get("applicant") if isinstance(intake.get("applicant"), dict) else {}
    hall_phone = config.load().hall_phone
    for kind in NOTICES_FOR_EVENT[EventType.CASE_COMPLETED]:
        type_, payload = case_notice(
            notice_id=new_id(), kind=kind, case_id=row.case_id, case_no=row.case_no, matter=row.matter_name,
            name=row.applicant_name, phone=str(applicant.get("phone") or ""),
            opted_out=bool(applicant.get(OPT_OUT_KEY)), hall_phone=hall_phone,
            params=completion_params(kind, row.decision),
        )  # fmt: skip
        append_server_event(session, row.case_id, type_, payload, at)
