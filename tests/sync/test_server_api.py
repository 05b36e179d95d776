"""The server's guard rails: tokens, enrolment codes, roles and precise 4xx answers for bad input."""

from __future__ import annotations

import gzip
import json

from fastapi import FastAPI
from sync_helpers import Enrolled, TestClient, enrol, intake

from hallclient.server import admin
from hallclient.server.db import Database
from hallclient.services.context import Actor, Services
from hallclient.store.eventlog import iter_events
from hallclient.sync.batching import batches
from hallclient.sync.transport import Refused, SyncClient


def test_every_endpoint_needs_a_device_token(app: FastAPI) -> None:
    plain = TestClient(app)
    for method, path in (
        ("POST", "/v1/events"),
        ("GET", "/v1/changes"),
        ("GET", "/v1/snapshot"),
        ("GET", "/v1/ping"),
        ("POST", "/v1/login"),
        ("GET", "/v1/quarantine"),
    ):
        response = plain.request(method, path)
        assert response.status_code == 401, (path, response.text)
    wrong = TestClient(app, headers={"Authorization": "Bearer not-a-token"})
    assert wrong.get("/v1/ping").json()["detail"] == "设备令牌无效"


def test_enrolment_code_is_one_time_and_token_is_stored_hashed(
    app: FastAPI, services: Services, server_db: Database
) -> None:
    _row, code = admin.add_device(server_db, "07")
    plain = TestClient(app)
    first = plain.post("/v1/enroll", json={"code": code.lower().replace("-", " "), "device_id": services.device_id})
    assert first.status_code == 200
    token = first.json()["token"]
    assert TestClient(app, headers={"Authorization": f"Bearer {token}"}).get("/v1/ping").status_code == 200
    second = plain.post("/v1/enroll", json={"code": code, "device_id": services.device_id})
    assert (second.status_code, second.json()["detail"]) == (401, "登记码无效或已被使用")
    from sqlalchemy import select

    from hallclient.server.models import Device

    with server_db.session() as session:
        stored = session.scalars(select(Device.token_hash)).all()
    assert token not in stored and len(stored[0] or "") == 64
    assert TestClient(app, headers={"Authorization": f"Bearer {token}"}).get("/v1/ping").json()["window"] == "07"


def test_revoked_token_is_refused_with_403(
    services: Services, clerk: Actor, enrolled: Enrolled, server_db: Database
) -> None:
    intake(services, clerk)
    admin.revoke_device(server_db, enrolled.device_row)
    try:
        enrolled.syncer.run_once()
        raise AssertionError("upload with a revoked token succeeded")
    except Refused as error:
        assert (error.status, error.detail) == (403, "设备令牌已吊销，请重新登记本机")
    assert "设备令牌已吊销" in enrolled.syncer.board.current.last_error
    assert enrolled.syncer.board.current.unsynced == 3  # user, intake, its notice: nothing lost, still pending


def test_second_enrolment_of_an_enrolled_client_is_refused(
    app: FastAPI, services: Services, enrolled: Enrolled
) -> None:
    _row, code = admin.add_device(app.state.db, "08")
    response = TestClient(app).post("/v1/enroll", json={"code": code, "device_id": services.device_id})
    assert response.status_code == 409 and response.json()["detail"].endswith("号窗口，请先吊销该设备")


def test_bad_bodies_get_precise_4xx_reasons(services: Services, enrolled: Enrolled) -> None:
    http = enrolled.http
    gz = {"Content-Encoding": "gzip", "Content-Type": "application/json"}
    malformed = http.post("/v1/events", content=gzip.compress(b'{"device_id": '), headers=gz)
    assert malformed.status_code == 400 and malformed.json()["detail"].startswith("JSON 格式错误：第 1 行")
    not_gzip = http.post("/v1/events", content=b"{}", headers=gz)
    assert not_gzip.status_code == 400 and "gzip" in not_gzip.json()["detail"]
    unknown = http.post("/v1/events", json={"device_id": services.device_id, "sent_at": "x", "events": [], "extra": 1})
    assert unknown.status_code == 422 and unknown.json()["detail"].startswith("请求内容格式错误：extra")
    other = http.post("/v1/events", json={"device_id": "someone-else", "sent_at": "x", "events": []})
    assert other.status_code == 403
    too_many = http.post("/v1/events", json={"device_id": services.device_id, "sent_at": "x", "events": [{}] * 501})
    assert too_many.status_code == 413


def test_unknown_event_field_rejects_that_event_and_handles_the_rest(
    services: Services, clerk: Actor, enrolled: Enrolled
) -> None:
    intake(services, clerk)
    with services.store.read() as session:
        events = [event.to_wire() for event in iter_events(session, services.device_id)]
    events[1]["surprise"] = True
    body = {"device_id": services.device_id, "sent_at": "2026-03-02T10:30:00+08:00", "events": events}
    result = enrolled.http.post("/v1/events", json=body).json()["results"]
    assert [(r["status"], r["code"]) for r in result] == [("applied", ""), ("rejected", "invalid"), ("applied", "")]
    assert result[1]["reason"].startswith("surprise: Extra inputs are not permitted")


def test_far_off_client_clock_is_accepted_but_flagged(services: Services, clerk: Actor, enrolled: Enrolled) -> None:
    intake(services, clerk)
    with services.store.read() as session:
        (batch,) = batches(list(iter_events(session, services.device_id)))
    result = SyncClient(enrolled.http).upload(batch.body(services.device_id, "2031-01-01T00:00:00+08:00"))
    assert all(r.status == "applied" and r.flags == ["clock_skew"] for r in result.results)


def test_back_office_completion_needs_a_supervisor(
    app: FastAPI, services: Services, clerk: Actor, enrolled: Enrolled, server_db: Database
) -> None:
    case = intake(services, clerk)
    enrolled.syncer.run_once()
    admin.add_user(server_db, "li", "李四", "clerk", "secret123")
    admin.add_user(server_db, "zhao", "赵敏", "supervisor", "secret123")
    http = enrolled.http
    assert http.post("/v1/login", json={"username": "zhao", "password": "wrong!!"}).status_code == 401
    clerk_token = http.post("/v1/login", json={"username": "li", "password": "secret123"}).json()["user_token"]
    path = f"/v1/cases/{case.case_no}/complete"
    assert http.post(path, json={"decision": "approved"}).status_code == 401
    denied = http.post(path, json={"decision": "approved"}, headers={"X-User-Token": clerk_token})
    assert denied.status_code == 403 and "至少需要 supervisor" in denied.json()["detail"]
    boss = http.post("/v1/login", json={"username": "zhao", "password": "secret123"}).json()["user_token"]
    done = http.post(path, json={"decision": "approved", "note": "后台办结"}, headers={"X-User-Token": boss})
    assert done.status_code == 200 and done.json()["state"]["status"] == "completed"
    again = http.post(path, json={"decision": "approved"}, headers={"X-User-Token": boss})
    assert again.status_code == 409  # the lifecycle rule: only an accepted case can be completed
    assert http.get(f"/v1/cases/{case.case_no}").json()["back_office_by"] == "zhao"
    assert http.get("/v1/quarantine", headers={"X-User-Token": boss}).json() == []


def test_openapi_lists_the_versioned_endpoints(app: FastAPI) -> None:
    paths = set(TestClient(app).get("/v1/openapi.json").json()["paths"])
    assert {"/v1/events", "/v1/changes", "/v1/snapshot", "/v1/enroll", "/v1/cases/{case_no}/complete"} <= paths
    assert json.dumps(sorted(paths)).count("/v1/") == len(paths)


def test_two_devices_are_kept_apart(app: FastAPI, services: Services, clerk: Actor, tmp_path: object) -> None:
    from pathlib import Path

    from hallclient.config import Settings
    from hallclient.store.bootstrap import device_id, open_store

    other_store = open_store(Path(str(tmp_path)) / "other.sqlite3")
    other = Services(other_store, Settings(), device_id(other_store))
    first, second = enrol(app, services, "01"), enrol(app, other, "02")
    intake(services, clerk)
    first.syncer.run_once()
    with services.store.read() as session:
        (batch,) = batches(list(iter_events(session, services.device_id)))
    # Device 2 replays device 1's batch with its own token: refused as a whole.
    response = second.http.post(
        "/v1/events",
        content=batch.body(services.device_id, "x"),
        headers={"Content-Encoding": "gzip", "Content-Type": "application/json"},
    )
    assert response.status_code == 403
    other_store.close()
