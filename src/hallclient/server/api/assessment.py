"""``/v1/assessment``: the hall-wide assessment (考核) for supervisors — scores, drill-down, publishing.

Every route needs the window's device token and a supervisor's (or admin's) user token from that same device,
as ``/v1/tallies`` does. Periods are ``quarter=2026Q4`` or ``month=2026-10`` (exactly one), ``by`` is
``department`` or ``staff``; anything else is refused in Chinese before any work is done.
"""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from hallclient.errors import HallError
from hallclient.protocol.wire import API_PREFIX, Problem
from hallclient.server.auth import CallingUser, database, require_role
from hallclient.server.db import Database

router = APIRouter(prefix=API_PREFIX, tags=["assessment"])

QUARTER = r"^\d{4}[Qq][1-4]$"
MONTH = r"^\d{4}-(0[1-9]|1[0-2])$"
KEY = r"^[^\x00-\x1f]{1,64}$"
By = Literal["department", "staff"]
REFUSALS: dict[int | str, dict[str, Any]] = {code: {"model": Problem} for code in (400, 401, 403, 404, 409, 422)}


def _period_text(quarter: str | None, month: str | None) -> str:
    if (quarter is None) == (month is None):
        raise HTTPException(400, "须且只能给出 quarter（如 2026Q4）或 month（如 2026-10）之一")
    return (quarter or month or "").upper()


def _options(session: Session, user: CallingUser | None = None, site: str | None = None) -> Any:
    """The computation's options; with ``user``, the site their account may see (``server.sites.permitted_site``:
    a user bound to a site sees its subtree only)."""
    from hallclient import config
    from hallclient.server.assessment import Options
    from hallclient.server.assessment_sources import hall_offset
    from hallclient.server.clock import utcnow
    from hallclient.server.sites import SiteForbidden, permitted_site, site_codes

    settings = config.load()
    now = (utcnow() + hall_offset(session)).replace(microsecond=0)
    try:
        site = permitted_site(session, user.user_id, site) if user is not None else site
    except SiteForbidden as error:
        raise HTTPException(403, str(error)) from None
    sites = tuple(site_codes(session, site)) if site else None
    return Options(hall_name=settings.hall_name, opening_hours=settings.opening_hours, today=now.date(), now=now,
                   site=site, sites=sites)  # fmt: skip


def _indicator_set(session: Session) -> Any:
    from hallclient.domain.assessment_file import load_demo_indicator_set, parse_indicator_set
    from hallclient.server.assessment_store import indicator_set_in_force

    return indicator_set_in_force(session, parse_indicator_set, load_demo_indicator_set)


def _compute(session: Session, period_text: str, by: str, options: Any = None) -> Any:
    from hallclient.server.assessment import parse_subject, server_assessment

    indicator_set, notes = _indicator_set(session)
    options = options or _options(session)
    return server_assessment(session, period_text, parse_subject(by), indicator_set, options, notes)


@router.get("/assessment", responses=REFUSALS, summary="A quarter's or month's assessment by department or staff")
def assessment(
    quarter: str | None = Query(default=None, pattern=QUARTER, max_length=6),
    month: str | None = Query(default=None, pattern=MONTH, max_length=7),
    by: By = Query(default="department"),
    site: str | None = Query(default=None, max_length=32, description="this site and every site under it"),
    user: CallingUser = Depends(require_role("supervisor")),
    db: Database = Depends(database),
) -> dict[str, Any]:
    period_text = _period_text(quarter, month)
    try:
        with db.session() as session:
            found = _compute(session, period_text, by, _options(session, user, site))
    except HallError as error:
        raise HTTPException(400, str(error)) from None
    return {"assessment": found.to_dict()}


@router.get("/assessment/evidence", responses=REFUSALS, summary="What stands behind one indicator of one subject")
def evidence(
    key: str = Query(pattern=KEY, max_length=64),
    indicator: str = Query(pattern=KEY, max_length=64),
    quarter: str | None = Query(default=None, pattern=QUARTER, max_length=6),
    month: str | None = Query(default=None, pattern=MONTH, max_length=7),
    by: By = Query(default="department"),
    site: str | None = Query(default=None, max_length=32, description="this site and every site under it"),
    user: CallingUser = Depends(require_role("supervisor")),
    db: Database = Depends(database),
) -> dict[str, Any]:
    from dataclasses import asdict

    from hallclient.server.assessment import drill_down, parse_subject

    period_text = _period_text(quarter, month)
    try:
        with db.session() as session:
            indicator_set, _notes = _indicator_set(session)
            found = drill_down(session, period_text, parse_subject(by), key, indicator, indicator_set,
                               _options(session, user, site))  # fmt: skip
    except HallError as error:
        raise HTTPException(400, str(error)) from None
    return {"evidence": [asdict(item) for item in found]}


class PublishRequest(BaseModel):
    quarter: str = Field(pattern=QUARTER, max_length=6)
    by: By
    reason: str = Field(default="", max_length=500)


@router.post("/assessment/publish", responses=REFUSALS, summary="Freeze a finished quarter: a signed snapshot")
def publish(
    request: PublishRequest,
    user: CallingUser = Depends(require_role("supervisor")),
    db: Database = Depends(database),
) -> dict[str, Any]:
    from hallclient.domain.assessment import quarter_period
    from hallclient.server.assessment_store import PublishConflict
    from hallclient.server.assessment_store import publish as freeze
    from hallclient.server.clock import utcnow
    from hallclient.server.models import ServerUser
    from hallclient.server.sites import account_site

    quarter = request.quarter.upper()
    try:
        with db.session() as session:
            if account_site(session, user.user_id) is not None:
                raise HTTPException(403, "本账号只能查看本站点的数据，不能发布全大厅的考核结果")
            options = _options(session)
            period, label = quarter_period(quarter)
            if period.end >= options.today:
                raise HallError(f"{label}尚未结束（截至 {period.end}），结束后才能发布")
            found = _compute(session, quarter, request.by)
            account = session.get(ServerUser, user.user_id)
            name = account.display_name if account is not None else user.username
            snapshot = freeze(session, quarter, found, user_id=user.user_id, user_name=name, reason=request.reason,
                              now=utcnow())  # fmt: skip
    except PublishConflict as error:
        raise HTTPException(409, str(error)) from None
    except HallError as error:
        raise HTTPException(400, str(error)) from None
    return snapshot.to_dict()


@router.get("/assessment/published", responses=REFUSALS, summary="A published quarter and whether it verifies")
def published(
    quarter: str = Query(pattern=QUARTER, max_length=6),
    by: By = Query(default="department"),
    version: int | None = Query(default=None, ge=1, le=1_000_000),
    _user: CallingUser = Depends(require_role("supervisor")),
    db: Database = Depends(database),
) -> dict[str, Any]:
    from hallclient.server.assessment_store import published as read
    from hallclient.server.clock import utcnow

    try:
        with db.session() as session:
            snapshot = read(session, quarter.upper(), by, version, utcnow())
    except LookupError as error:
        raise HTTPException(404, str(error)) from None
    return snapshot.to_dict()
