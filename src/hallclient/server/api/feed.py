"""``GET /v1/changes`` and ``GET /v1/snapshot``: the download feed (catalog, calendar, users, case updates)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Header, Query, Response
from starlette.concurrency import run_in_threadpool

from hallclient.protocol.credentials import key_from_token_digest
from hallclient.protocol.wire import API_PREFIX, ChangesPage, Problem, Snapshot
from hallclient.server import feed
from hallclient.server.auth import CallingDevice, authenticate, bearer, database
from hallclient.server.db import Database

router = APIRouter(prefix=API_PREFIX, tags=["sync"])


def device_key(device: CallingDevice) -> bytes:
    return key_from_token_digest(device.token_digest)


def _page(db: Database, token: str, after: int, epoch: str, limit: int) -> str:
    """The token check and the page in one worker thread and one transaction (every window polls this)."""
    with db.session() as session:
        device = authenticate(session.connection(), token)
        page = feed.page(session, device.client_device_id, after, epoch, limit, key=device_key(device))
    return page.model_dump_json()


def _snapshot(db: Database, token: str) -> str:
    with db.session() as session:
        device = authenticate(session.connection(), token)
        snapshot = feed.snapshot(session, device.client_device_id, device_key(device))
    return snapshot.model_dump_json()


@router.get(
    "/changes",
    response_model=ChangesPage,
    responses={401: {"model": Problem}, 403: {"model": Problem}},
    summary="Changes after the client's cursor, in commit order",
)
async def changes(
    after: int = Query(0, ge=0, description="last version the client applied"),
    epoch: str = Query("", max_length=36, description="feed epoch the cursor belongs to"),
    limit: int = Query(feed.PAGE_LIMIT, ge=1, le=1000),
    authorization: str | None = Header(default=None),
    db: Database = Depends(database),
) -> Response:
    token = bearer(authorization)
    # The model is built by the feed and valid: encoded straight to JSON, not validated again by FastAPI.
    return Response(await run_in_threadpool(_page, db, token, after, epoch, limit), media_type="application/json")


@router.get(
    "/snapshot",
    response_model=Snapshot,
    responses={401: {"model": Problem}, 403: {"model": Problem}},
    summary="Everything current, for a full resync after must_refetch",
)
async def snapshot(authorization: str | None = Header(default=None), db: Database = Depends(database)) -> Response:
    token = bearer(authorization)
    return Response(await run_in_threadpool(_snapshot, db, token), media_type="application/json")
