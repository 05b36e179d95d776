"""Hostile requests: oversized, chunked and pathological bodies get a 4xx with a reason, never a 500,
and an oversized body is refused before it is read."""

from __future__ import annotations

import asyncio
import gzip
import json
from collections.abc import AsyncIterator
from datetime import datetime
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sync_helpers import Enrolled, intake

from hallclient.domain.events import new_id
from hallclient.protocol.wire import MAX_BATCH_BYTES, MAX_BATCH_EVENTS
from hallclient.server.limits import CREDENTIALS_BODY, UPLOAD_BODY
from hallclient.services.context import Actor, Services
from hallclient.store import eventlog
from hallclient.store.eventlog import iter_events

MIB = 1024 * 1024


class Source:
    """A request body produced chunk by chunk, counting how much of it the server pulled."""

    def __init__(self, chunks: int, size: int = MIB) -> None:
        self.chunks = chunks
        self.size = size
        self.pulled = 0

    async def stream(self) -> AsyncIterator[bytes]:
        for _ in range(self.chunks):
            self.pulled += 1
            yield b"x" * self.size


def _post(app: FastAPI, path: str, source: Source, headers: dict[str, str]) -> httpx.Response:
    async def run() -> httpx.Response:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://hall") as client:
            return await client.post(path, content=source.stream(), headers=headers)

    return asyncio.run(run())


@pytest.mark.parametrize("path", ["/v1/enroll", "/v1/login", "/v1/events"])
def test_declared_oversized_body_is_refused_unread(app: FastAPI, enrolled: Enrolled, path: str) -> None:
    source = Source(100)
    headers = {"Content-Length": str(100 * MIB), "Authorization": f"Bearer {enrolled.token}"}
    response = _post(app, path, source, headers)
    assert response.status_code == 413 and response.json()["detail"].startswith("请求内容超过")
    assert source.pulled == 0  # not a byte was read


@pytest.mark.parametrize(("path", "limit"), [("/v1/enroll", CREDENTIALS_BODY), ("/v1/login", CREDENTIALS_BODY),
                                             ("/v1/events", UPLOAD_BODY)])  # fmt: skip
def test_chunked_oversized_body_is_cut_off_at_the_limit(
    app: FastAPI, enrolled: Enrolled, path: str, limit: int
) -> None:
    source = Source(100, size=64 * 1024)
    response = _post(app, path, source, {"Authorization": f"Bearer {enrolled.token}"})
    assert response.status_code == 413 and str(limit) in response.json()["detail"]
    assert source.pulled * source.size <= limit + source.size  # stopped reading one chunk past the cap


def test_unparseable_content_length_is_refused(app: FastAPI) -> None:
    response = _post(app, "/v1/enroll", Source(1, size=10), {"Content-Length": "12abc"})
    assert response.status_code == 400


def _deep(levels: int) -> str:
    return "[" * levels + "]" * levels


def _upload(enrolled: Enrolled, text: str) -> httpx.Response:
    headers = {"Content-Encoding": "gzip", "Content-Type": "application/json"}
    return enrolled.http.post("/v1/events", content=gzip.compress(text.encode()), headers=headers)


def test_hostile_json_on_upload_is_a_4xx_with_a_reason(services: Services, clerk: Actor, enrolled: Enrolled) -> None:
    intake(services, clerk)
    with services.store.read() as session:
        event = next(iter_events(session, services.device_id)).to_wire()
    envelope = {"device_id": services.device_id, "sent_at": "2026-03-02T10:30:00+08:00"}

    def batch(*events: str) -> str:
        return json.dumps(envelope)[:-1] + ', "events": [' + ",".join(events) + "]}"

    deep_payload = json.dumps({**event, "payload": {"x": 1}}).replace('{"x": 1}', _deep(3000))
    cases = {
        "100k deep": _deep(100_000),
        "payload 3000 deep": batch(deep_payload),
        "payload 40 deep": batch(json.dumps({**event, "payload": {"x": 1}}).replace('{"x": 1}', _deep(40))),
        "seq 1e400": batch(json.dumps(event).replace(f'"seq": {event["seq"]}', '"seq": 1e400')),
        "NaN": batch(json.dumps(event).replace(f'"seq": {event["seq"]}', '"seq": NaN')),
        "huge int": batch(json.dumps(event).replace(f'"seq": {event["seq"]}', '"seq": ' + "9" * 5000)),
    }
    for name, text in cases.items():
        response = _upload(enrolled, text)
        assert response.status_code == 400, (name, response.status_code, response.text[:200])
        assert response.json()["detail"].startswith("拒收的 JSON："), name


def test_out_of_range_fields_of_one_event_reject_that_event_only(
    services: Services, clerk: Actor, enrolled: Enrolled
) -> None:
    intake(services, clerk)
    with services.store.read() as session:
        first, second, _notice = (event.to_wire() for event in iter_events(session, services.device_id))
    big_seq = {**second, "seq": 2**40}
    long_id = {**second, "id": "x" * 5000, "device_id": "other"}
    body = {"device_id": services.device_id, "sent_at": "2026-03-02T10:30:00+08:00",
            "events": [first, big_seq, long_id]}  # fmt: skip
    response = enrolled.http.post("/v1/events", json=body)
    assert response.status_code == 200, response.text
    statuses = [(r["status"], r["code"]) for r in response.json()["results"]]
    assert statuses == [("applied", ""), ("rejected", "invalid"), ("rejected", "invalid")]  # (its notice not sent)


@pytest.mark.parametrize("path", ["/v1/enroll", "/v1/login", "/v1/cases/X-1/complete"])
def test_hostile_json_on_small_endpoints_is_a_4xx(enrolled: Enrolled, path: str) -> None:
    for text in (_deep(3000), '{"code": 1e400, "device_id": NaN}', '{"username": ' + "9" * 5000 + "}"):
        response = enrolled.http.post(path, content=text.encode(), headers={"Content-Type": "application/json"})
        assert 400 <= response.status_code < 500, (path, text[:30], response.status_code)


@pytest.mark.logs_expected("hallclient.sync")
def test_case_values_that_do_not_fit_are_quarantined_not_a_500(services: Services, enrolled: Enrolled) -> None:
    hostile: list[dict[str, Any]] = [
        {"case_no": "N-1", "intake": {"window": "9" * 500}},
        {"case_no": "N-2", "state": {"status": "accepted", "decision": {"nested": True}}},
        {"case_no": "N-3", "intake": {"window": "01"}, "state": "not an object"},
        {"case_no": "N" * 200},
        {"case_no": "N-5", "state": {"status": "x" * 100}},
        {"case_no": "N-6", "intake": {"applicant": {"kind": "k" * 100}}},
    ]
    with services.store.write() as session:
        for payload in hostile:
            eventlog.append(session, device_id=services.device_id, case_id=new_id(), type="case.accepted",
                            payload=payload, actor="attacker", at=datetime.now().astimezone())  # fmt: skip
        eventlog.append(session, device_id=services.device_id, case_id=None, type="note.added", payload={},
                        actor="attacker", at=datetime.now().astimezone())  # fmt: skip
    summary = enrolled.syncer.run_once()  # a 500 would raise here (Unreachable)
    assert (summary.upload.rejected, summary.upload.applied) == (len(hostile) - 1, 2)


def test_the_largest_legitimate_bodies_fit_their_limits(services: Services, enrolled: Enrolled) -> None:
    # A login with the longest password the API accepts, every character escaped by the JSON encoder.
    longest = enrolled.http.post("/v1/login", json={"username": "用" * 64, "password": "😀" * 256})
    assert longest.status_code == 401  # checked, not refused for its size
    # An uncompressed batch as large as the uploader ever builds (MAX_BATCH_BYTES of events).
    count = MAX_BATCH_EVENTS
    filler = {"device_id": services.device_id, "seq": 1, "padding": "x" * (MAX_BATCH_BYTES // count - 80)}
    body = {"device_id": services.device_id, "sent_at": "2026-03-02T10:30:00+08:00", "events": [filler] * count}
    assert len(json.dumps(body)) > MAX_BATCH_BYTES * 0.95
    response = enrolled.http.post("/v1/events", json=body)
    assert response.status_code == 200 and len(response.json()["results"]) == count
