"""``POST /v1/events``: upload a batch of the calling device's events (gzip JSON, idempotent)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Header, HTTPException, Request, Response
from pydantic import ValidationError
from sqlalchemy.exc import IntegrityError
from starlette.concurrency import run_in_threadpool

from hallclient.protocol.wire import API_PREFIX, MAX_BATCH_EVENTS, Problem, UploadBatch, UploadResult
from hallclient.server.api._body import content_encoding, decode_json
from hallclient.server.auth import CallingDevice, authenticate, bearer, database
from hallclient.server.clock import utcnow
from hallclient.server.db import Database
from hallclient.server.ingest import ingest
from hallclient.server.limits import UPLOAD_BODY
from hallclient.server.metrics import count_upload

router = APIRouter(prefix=API_PREFIX, tags=["sync"])


RACE_RETRIES = 3


def _batch(device: CallingDevice, encoding: str | None, body: bytes) -> UploadBatch:
    """The request body as an UploadBatch of the calling device, or the 4xx that refuses it."""
    document = decode_json(body, content_encoding(encoding), UPLOAD_BODY)
    if not isinstance(document, dict):
        raise HTTPException(422, "请求内容应为 JSON 对象（UploadBatch）")
    if isinstance(document.get("events"), list) and len(document["events"]) > MAX_BATCH_EVENTS:
        raise HTTPException(413, f"一批有 {len(document['events'])} 条事件，最多 {MAX_BATCH_EVENTS} 条")
    try:
        batch = UploadBatch.model_validate(document)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first.get("loc", ())) or "body"
        raise HTTPException(422, f"请求内容格式错误：{where}: {first.get('msg', 'invalid')}") from None
    if any(not isinstance(item, dict) for item in batch.events):
        raise HTTPException(422, "events：每一项都应是 JSON 对象")
    if batch.device_id != device.client_device_id:
        raise HTTPException(403, "批次的 device_id 与设备令牌不符")
    return batch


def _store(db: Database, token: str, encoding: str | None, body: bytes) -> UploadResult:
    """Token check, body checks and ingest in one worker thread and one transaction.

    One connection checkout and one thread hop instead of two each (the token lookup used to be a
    dependency of its own); the checks keep their order: the token first (401/403), then the body.
    A refused body still commits what the token check wrote (the enrolment confirmed, last seen)."""
    batch: UploadBatch | None = None
    for attempt in range(RACE_RETRIES):
        refusal: HTTPException | None = None
        try:
            with db.session() as session:
                device = authenticate(session.connection(), token)
                try:
                    batch = batch or _batch(device, encoding, body)
                except HTTPException as error:
                    refusal = error
                else:
                    result = ingest(session, device.client_device_id, batch, utcnow(), site=device.site_code)
        except IntegrityError:
            # Another device's concurrent batch took the same case number first; the rerun sees it and
            # resolves the clash (projection) instead of failing the whole batch.
            if attempt == RACE_RETRIES - 1:
                raise
            continue
        if refusal is not None:
            raise refusal
        count_upload(result)  # the metrics count only what was committed
        return result  # returned only after the commit above succeeded
    raise AssertionError("unreachable")


@router.post(
    "/events",
    response_model=UploadResult,
    responses={code: {"model": Problem} for code in (400, 401, 403, 413, 415, 422)},
    summary="Upload events; each gets applied, duplicate or rejected (with reason)",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": UploadBatch.model_json_schema()}},
            "description": f"UploadBatch, optionally gzip-compressed (Content-Encoding: gzip); "
            f"at most {MAX_BATCH_EVENTS} events",
        }
    },
)
async def upload(
    request: Request,
    authorization: str | None = Header(default=None),
    content_encoding: str | None = Header(default=None, include_in_schema=False),  # the body's, described there
    db: Database = Depends(database),
) -> Response:
    token = bearer(authorization)  # a missing or malformed header is refused before the body is read
    body = await request.body()  # capped by the BodyLimit middleware while it streams in
    result = await run_in_threadpool(_store, db, token, content_encoding, body)
    # The model is already valid: encoded straight to JSON, not validated again by FastAPI.
    return Response(result.model_dump_json(), media_type="application/json")
