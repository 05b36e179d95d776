"""Hall-wide cases: look-up (holder or supervisor, logged), back-office completion and the quarantine.

A window reads only the cases its device holds (taken in there or handed over to it); supervisors, who
complete cases in the back office by number, read any case once logged in on the device. Every read,
shown or refused, is written to the ``hallclient.server.audit`` log with device, window, user and time.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Query
from sqlalchemy import select

from hallclient.errors import HallError
from hallclient.protocol.wire import API_PREFIX, CaseUpdate, CompleteRequest, Problem
from hallclient.server.auth import (
    CallingDevice,
    CallingUser,
    calling_device,
    database,
    optional_user,
    outranks,
    require_role,
)
from hallclient.server.casework import CaseNotFound, complete_case
from hallclient.server.clock import iso_utc
from hallclient.server.db import Database
from hallclient.server.models import RejectedEvent, ServerCase

router = APIRouter(prefix=API_PREFIX, tags=["cases"])
audit = logging.getLogger("hallclient.server.audit")


@router.get(
    "/cases/{case_no}",
    responses={401: {"model": Problem}, 404: {"model": Problem}},
    summary="One case: the device that holds it, or a logged-in supervisor on any device; every read is logged",
)
def get_case(
    case_no: str,
    device: CallingDevice = Depends(calling_device),
    user: CallingUser | None = Depends(optional_user),
    db: Database = Depends(database),
) -> dict[str, Any]:
    with db.session() as session:
        row = session.scalar(select(ServerCase).where(ServerCase.case_no == case_no))
        allowed = row is not None and (row.device_id == device.client_device_id or outranks(user, "supervisor"))
        audit.info("case read: case=%s device=%s window=%s user=%s %s", case_no, device.client_device_id,
                   device.window, user.username if user else "-", "shown" if allowed else "refused")  # fmt: skip
        if row is None or not allowed:
            # The same answer for "no such case" and "another window's case": numbers cannot be probed.
            raise HTTPException(404, f"办件 {case_no} 不在服务器上，或不归本窗口办理")
        return {
            "case_no": row.case_no, "case_id": row.case_id, "device_id": row.device_id, "window": row.window,
            "matter_code": row.matter_code, "status": row.status, "decision": row.decision,
            "state": json.loads(row.state or "{}"), "events": row.events_count, "conflict": row.conflict,
            "back_office_by": row.back_office_by,
        }  # fmt: skip


@router.post(
    "/cases/{case_no}/complete",
    response_model=CaseUpdate,
    responses={code: {"model": Problem} for code in (401, 403, 404, 409)},
    summary="Back-office completion (办结); the holding device receives it through the change feed",
)
def complete(
    case_no: str,
    request: CompleteRequest,
    user: CallingUser = Depends(require_role("supervisor")),
    db: Database = Depends(database),
) -> CaseUpdate:
    try:
        with db.session() as session:
            return complete_case(session, case_no, request.decision, request.note, user.username)
    except CaseNotFound as error:
        raise HTTPException(404, str(error)) from None
    except HallError as error:
        raise HTTPException(409, str(error)) from None


@router.get("/quarantine", summary="Rejected events of every device, newest first (supervisor)")
def quarantine(
    limit: int = Query(100, ge=1, le=1000),
    _user: CallingUser = Depends(require_role("supervisor")),
    db: Database = Depends(database),
) -> list[dict[str, Any]]:
    with db.session() as session:
        rows = session.scalars(select(RejectedEvent).order_by(RejectedEvent.id.desc()).limit(limit))
        return [
            {"device_id": row.device_id, "seq": row.seq, "event_id": row.event_id, "code": row.code,
             "reason": row.reason, "chain_link": row.chain_link, "received_at": iso_utc(row.received_at)}
            for row in rows
        ]  # fmt: skip
