"""``GET /v1/ping``: check the token and the clock (used after enrolment and by the status bar)."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from hallclient.protocol.wire import API_PREFIX, PingResult
from hallclient.server.auth import CallingDevice, calling_device
from hallclient.server.clock import iso_utc, utcnow

router = APIRouter(prefix=API_PREFIX, tags=["devices"])


@router.get("/ping", response_model=PingResult, summary="Who am I and what time is it on the server")
def ping(device: CallingDevice = Depends(calling_device)) -> PingResult:
    """Also the call ``hallclient enroll`` makes right after storing a new token, which confirms it."""
    return PingResult(device_id=device.client_device_id, window=device.window, server_time=iso_utc(utcnow()))
