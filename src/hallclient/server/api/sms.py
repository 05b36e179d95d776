"""``POST /v1/ratings/sms``: a citizen rates a case with the code of its SMS invitation (no device token)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request
from pydantic import Field

from hallclient.protocol.wire import API_PREFIX, Problem, ServerRating, Strict
from hallclient.server.auth import database
from hallclient.server.db import Database

router = APIRouter(prefix=API_PREFIX, tags=["sms"])


class SmsRatingIn(Strict):
    code: Annotated[str, Field(min_length=4, max_length=16)]
    level: Annotated[int, Field(ge=1, le=5)]
    reason: Annotated[str, Field(max_length=200)] = ""


@router.post(
    "/ratings/sms",
    response_model=ServerRating,
    responses={code: {"model": Problem} for code in (404, 409, 410, 422, 429)},
    summary="Rate a case with its SMS invitation code (once per code; rate limited per code and client address)",
)
def rate_by_sms(body: SmsRatingIn, request: Request, db: Database = Depends(database)) -> ServerRating:
    from hallclient.server.sms.ratings import RatingRefused, rate_with_limits

    ip = request.client.host if request.client else ""
    try:
        return rate_with_limits(db, body.code, ip, body.level, body.reason)
    except RatingRefused as refused:
        raise HTTPException(refused.status, str(refused)) from None
