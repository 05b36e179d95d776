"""``GET /v1/tallies``: hall-wide tallies for supervisors (the same engine and figures as the local view)."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Query

from hallclient.errors import HallError
from hallclient.protocol.wire import API_PREFIX, Problem
from hallclient.server.auth import CallingUser, database, require_role
from hallclient.server.db import Database

router = APIRouter(prefix=API_PREFIX, tags=["tallies"])


@router.get(
    "/tallies",
    responses={code: {"model": Problem} for code in (400, 401, 403)},
    summary="Tallies of a day or period, grouped by window, clerk, department, matter and/or channel (supervisor)",
)
def tallies(
    start: date = Query(alias="from"),
    end: date = Query(alias="to"),
    by: list[str] = Query(default=["window"]),
    _user: CallingUser = Depends(require_role("supervisor")),
    db: Database = Depends(database),
) -> dict[str, Any]:
    from hallclient import config
    from hallclient.domain.tally import Period
    from hallclient.server.certificates_figures import certificate_figures
    from hallclient.server.clock import utcnow
    from hallclient.server.sms.sender import figures as sms_figures
    from hallclient.server.tallies import server_tallies

    settings = config.load()
    now = utcnow()
    try:
        period = Period(start, end)
        with db.session() as session:
            found = server_tallies(session, period, by, hall_name=settings.hall_name, today=date.today(), now=now)
            sms = sms_figures(session, period.start, period.end)
            certificates = certificate_figures(session, period)
    except HallError as error:
        raise HTTPException(400, str(error)) from None
    # 短信发送条数 per day and notice kind (sent, delivered, failed; parts billed), next to the tallies;
    # 证照共享 figures by department and month likewise.
    return {"tallies": {name: tally.to_dict() for name, tally in found.items()}, "sms": sms,
            "certificates": certificates.to_dict()}  # fmt: skip


@router.get(
    "/tallies/queue",
    responses={code: {"model": Problem} for code in (400, 401, 403, 404)},
    summary="Queue figures of a day or period by category, hour of the hall's day and/or window (supervisor)",
)
def queue_tallies(
    start: date = Query(alias="from"),
    end: date = Query(alias="to"),
    by: list[str] = Query(default=["category"]),
    hall: str | None = Query(default=None, pattern=r"^[0-9a-z_-]{1,32}$"),
    _user: CallingUser = Depends(require_role("supervisor")),
    db: Database = Depends(database),
) -> dict[str, Any]:
    from hallclient.domain.tally import Period
    from hallclient.server.queue import QueueNotFound
    from hallclient.server.queue_figures import queue_figures

    try:
        period = Period(start, end)
        with db.session() as session:
            found = queue_figures(session, hall, period, by)
    except QueueNotFound as error:
        raise HTTPException(404, str(error)) from None
    except HallError as error:
        raise HTTPException(400, str(error)) from None
    return {"figures": {name: tally.to_dict() for name, tally in found.items()}}
