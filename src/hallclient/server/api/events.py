"""``POST /v1/events``: upload a batch of the calling device's events (gzip JSON, idempotent)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Request
from pydantic import ValidationError
from sqlalchemy.exc import IntegrityError
from starlette.concurrency import run_in_threadpool

from hallclient.protocol.wire import API_PREFIX, MAX_BATCH_EVENTS, Problem, UploadBatch, UploadResult
from hallclient.server.api._body import json_body
from hallclient.server.auth import CallingDevice, calling_device, database
from hallclient.server.clock import utcnow
from hallclient.server.db import Database
from hallclient.server.ingest import ingest
from hallclient.server.metrics import count_upload

router = APIRouter(prefix=API_PREFIX, tags=["sync"])


RACE_RETRIES = 3


def _store(db: Database, device: CallingDevice, batch: UploadBatch) -> UploadResult:
    for attempt in range(RACE_RETRIES):
        try:
            with db.session() as session:
                result = ingest(session, device.client_device_id, batch, utcnow())
            count_upload(result)  # the metrics count only what was committed
            return result  # returned only after the commit above succeeded
        except IntegrityError:
            # Another device's concurrent batch took the same case number first; the rerun sees it and
            # resolves the clash (projection) instead of failing the whole batch.
            if attempt == RACE_RETRIES - 1:
                raise
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
    request: Request, device: CallingDevice = Depends(calling_device), db: Database = Depends(database)
) -> UploadResult:
    document = await json_body(request)
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
    return await run_in_threadpool(_store, db, device, batch)
