"""``GET /v1/ping``: check the token and the clock (used after enrolment and by the status bar)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends

from hallclient.server.auth import CallingDevice, calling_device
from hallclient.server.clock import iso_utc, utcnow
from hallclient.sync.wire import API_PREFIX

router = APIRouter(prefix=API_PREFIX, tags=["devices"])


@router.get("/ping", summary="Who am I and what time is it on the server")
def ping(device: CallingDevice = Depends(calling_device)) -> dict[str, Any]:
    return {"device_id": device.client_device_id, "window": device.window, "server_time": iso_utc(utcnow())}
