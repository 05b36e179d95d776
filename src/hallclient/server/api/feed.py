"""``GET /v1/changes`` and ``GET /v1/snapshot``: the download feed (catalog, calendar, users, case updates)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query

from hallclient.protocol.credentials import key_from_token_digest
from hallclient.protocol.wire import API_PREFIX, ChangesPage, Problem, Snapshot
from hallclient.server import feed
from hallclient.server.auth import CallingDevice, calling_device, database
from hallclient.server.db import Database

router = APIRouter(prefix=API_PREFIX, tags=["sync"])


def device_key(device: CallingDevice) -> bytes:
    return key_from_token_digest(device.token_digest)


@router.get(
    "/changes",
    response_model=ChangesPage,
    responses={401: {"model": Problem}, 403: {"model": Problem}},
    summary="Changes after the client's cursor, in commit order",
)
def changes(
    after: int = Query(0, ge=0, description="last version the client applied"),
    epoch: str = Query("", max_length=36, description="feed epoch the cursor belongs to"),
    limit: int = Query(feed.PAGE_LIMIT, ge=1, le=1000),
    device: CallingDevice = Depends(calling_device),
    db: Database = Depends(database),
) -> ChangesPage:
    with db.session() as session:
        return feed.page(session, device.client_device_id, after, epoch, limit, key=device_key(device))


@router.get(
    "/snapshot",
    response_model=Snapshot,
    responses={401: {"model": Problem}, 403: {"model": Problem}},
    summary="Everything current, for a full resync after must_refetch",
)
def snapshot(device: CallingDevice = Depends(calling_device), db: Database = Depends(database)) -> Snapshot:
    with db.session() as session:
        return feed.snapshot(session, device.client_device_id, device_key(device))
