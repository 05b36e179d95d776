"""``POST /v1/enroll``: a one-time code (from ``hallclient server device add``) becomes a device token."""

from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException
from sqlalchemy import select

from hallclient.protocol.credentials import digest
from hallclient.protocol.wire import API_PREFIX, EnrolRequest, EnrolResult, Problem
from hallclient.server.auth import database
from hallclient.server.clock import utcnow
from hallclient.server.db import Database
from hallclient.server.models import Device
from hallclient.server.security import new_token, normalise_code
from hallclient.server.sites import active_site, publish_device_site

router = APIRouter(prefix=API_PREFIX, tags=["devices"])


@router.post(
    "/enroll",
    response_model=EnrolResult,
    responses={401: {"model": Problem}, 409: {"model": Problem}},
    summary="Exchange a one-time enrolment code for a device token (the code is the credential)",
)
def enroll(request: EnrolRequest, db: Database = Depends(database)) -> EnrolResult:
    """Two-phase: the code stays usable by the same client until the token's first authenticated call.

    A client that could not store the token (disk full, read-only config) enrols again with the same
    code and gets a new token; the lost one stops working. Once the device has called with its token
    (``calling_device`` confirms), the code is spent, so a code never enrols two devices.
    """
    now = utcnow()
    token = new_token()
    with db.session() as session:
        # Row-locked: the same code at two server processes at once is taken by one; the other then reads
        # the committed token and client and is refused below (without the lock both got a token).
        device = session.scalar(
            select(Device).where(Device.code_hash == digest(normalise_code(request.code))).with_for_update()
        )
        if device is None or device.revoked_at is not None:
            raise HTTPException(401, "登记码无效或已被使用")
        if device.code_expires_at is not None and device.code_expires_at < now:
            raise HTTPException(401, "登记码已过期，请向 IT 索取新的登记码")
        if device.token_hash is not None and device.client_device_id != request.device_id:
            raise HTTPException(409, "登记码已被另一台电脑使用，请向 IT 索取新的登记码")
        holder = session.scalar(
            select(Device).where(
                Device.client_device_id == request.device_id,
                Device.revoked_at.is_(None),
                Device.token_hash.is_not(None),
                Device.id != device.id,
            )
        )
        if holder is not None and holder.code_hash is None:
            raise HTTPException(409, f"本机已登记为 {holder.window} 号窗口，请先吊销该设备")
        if holder is not None:  # an earlier code whose token this client never confirmed: that token is lost
            holder.token_hash = None
            holder.client_device_id = None
        device.token_hash = digest(token)
        device.client_device_id = request.device_id
        device.hostname = request.hostname
        device.enrolled_at = now
        window = device.window
        session.flush()
        site = active_site(session, device.site_code)  # a site is retired only once no active device is left
        publish_device_site(session, device)
        site_code, site_name = site.code, site.name
    return EnrolResult(token=token, device_id=request.device_id, window=window, site_code=site_code,
                       site_name=site_name)  # fmt: skip
