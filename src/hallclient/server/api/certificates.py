"""``POST /v1/certificates/lookup``: a window asks the library which certificates the applicant holds.

A device token is required (unknown or revoked: refused by ``calling_device``); the rules of the answer
and the log are in ``server/certificates_lookup.py``.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Header, HTTPException, Request

from hallclient.protocol.certificates import CERTIFICATES_PREFIX, LookupRequest, LookupResult
from hallclient.protocol.wire import API_PREFIX, Problem
from hallclient.server.auth import CallingDevice, calling_device, database
from hallclient.server.certificates_lookup import LookupRefused, LookupSettings, lookup
from hallclient.server.db import Database


def lookup_device(authorization: str | None = Header(default=None), db: Database = Depends(database)) -> CallingDevice:
    """The calling device; a revoked one is answered 401 like an unknown one: a stolen token learns nothing more."""
    try:
        return calling_device(authorization, db)
    except HTTPException as error:
        if error.status_code == 403:
            raise HTTPException(401, str(error.detail), headers={"WWW-Authenticate": "Bearer"}) from None
        raise


router = APIRouter(prefix=API_PREFIX + CERTIFICATES_PREFIX, tags=["certificates"])


@router.post(
    "/lookup",
    response_model=LookupResult,
    responses={code: {"model": Problem} for code in (401, 403, 422, 429)},
    summary="The applicant's valid certificates of the kinds the named matters accept (logged, rate limited)",
)
def lookup_certificates(
    body: LookupRequest,
    request: Request,
    device: CallingDevice = Depends(lookup_device),
    db: Database = Depends(database),
) -> LookupResult:
    settings: LookupSettings = getattr(request.app.state, "certificates", None) or LookupSettings()
    try:
        return lookup(db, device, body, settings)
    except LookupRefused as refused:
        raise HTTPException(refused.status, refused.detail) from None
