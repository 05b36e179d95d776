"""Back-office changes to hall-wide cases, published to the device that holds the case."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from hallclient.domain import case as lifecycle
from hallclient.domain.case import Decision
from hallclient.domain.events import canonical_json
from hallclient.errors import HallError
from hallclient.protocol.casestate import state_from_payload, state_payload
from hallclient.protocol.wire import CaseUpdate
from hallclient.server import feed
from hallclient.server.clock import iso_utc, utcnow
from hallclient.server.models import ServerCase
from hallclient.server.projection import state_dict


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
    return update
