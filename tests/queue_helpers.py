"""Helpers of the queue tests: a configured hall, enrolled window and kiosk devices, a real HTTP server."""

from __future__ import annotations

import json
import queue
import socket
import threading
import time
import uuid
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from datetime import time as wall_time
from typing import Any

import httpx
import uvicorn
from fastapi import FastAPI
from starlette.types import ASGIApp

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from hallclient.domain.appointments import parse_slot
from hallclient.domain.queue import Category
from hallclient.server import admin, queue_admin
from hallclient.server.db import Database

HALL = "main"
DAY = date(2026, 3, 10)  # a Tuesday: the day drive_the_day plays
ALL_DAY = "00:00-23:59"


def configure_hall(db: Database, windows: list[str], *, capacity: int = 2, **rules: object) -> None:
    """Hall ``main``: A 企业开办 (priority 1 at every window), B 人资社保 (priority 2), C 不动产 (closed)."""
    queue_admin.set_hall(db, HALL, "市民中心", rules=rules)
    queue_admin.set_category(db, Category("A", "企业开办", HALL, ("XK0001",), {w: 1 for w in windows}),
                             [parse_slot(ALL_DAY, capacity)])  # fmt: skip
    queue_admin.set_category(db, Category("B", "人资社保", HALL, (), {w: 2 for w in windows}))
    queue_admin.set_category(db, Category("C", "不动产", HALL, (), {w: 1 for w in windows}, open=False))


def device_token(app: FastAPI, window: str) -> str:
    _row, code = admin.add_device(app.state.db, window)
    plain = TestClient(app)
    response = plain.post("/v1/enroll", json={"code": code, "device_id": str(uuid.uuid4())})
    assert response.status_code == 200, response.text
    token = str(response.json()["token"])
    assert plain.get("/v1/ping", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    return token


def window_client(app: FastAPI, window: str) -> TestClient:
    return TestClient(app, headers={"Authorization": f"Bearer {device_token(app, window)}"})


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def serving(app: ASGIApp, port: int | None = None) -> Iterator[str]:
    """The app under a real uvicorn on a loopback port (a free one unless given), in a thread; yields the base URL."""
    port = port or free_port()
    # Open display streams (SSE) would hold a graceful shutdown for its whole timeout.
    config = uvicorn.Config(
        app, host="127.0.0.1", port=port, log_level="warning", lifespan="off", timeout_graceful_shutdown=1
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise AssertionError("uvicorn did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


class HallClock:
    """The server's clock (``hallclient.server.clock.source``) set to the hall's wall time by the test."""

    def __init__(self, day: date, utc_offset_min: int = 480) -> None:
        self.day = day
        self.offset = timedelta(minutes=utc_offset_min)
        self.moment = datetime.combine(day, wall_time(0, 0)) - self.offset

    def at(self, hhmm: str) -> None:
        """Set the hall's wall time of ``day`` (``"09:05"``)."""
        hours, minutes = (int(part) for part in hhmm.split(":"))
        self.moment = datetime.combine(self.day, wall_time(hours, minutes)) - self.offset

    def __call__(self) -> datetime:
        return self.moment.replace(tzinfo=UTC)


def login(app: FastAPI, window: str, username: str, role: str) -> dict[str, str]:
    """Headers of a user of ``role`` logged in on a freshly enrolled device of ``window``."""
    admin.add_user(app.state.db, username, username, role, "secret123")
    token = device_token(app, window)
    device = {"Authorization": f"Bearer {token}"}
    answer = TestClient(app).post("/v1/login", json={"username": username, "password": "secret123"}, headers=device)
    assert answer.status_code == 200, answer.text
    return {**device, "X-User-Token": str(answer.json()["user_token"])}


def ok(response: Any) -> dict[str, Any]:
    assert response.status_code in (200, 204), response.text
    return dict(response.json()) if response.status_code == 200 else {}


def drive_the_day(app: FastAPI, at: HallClock) -> None:
    """The hall day whose figures tests/sync/test_queue_figures.py works out by hand (see its docstring)."""
    db = app.state.db
    at.at("08:00")
    queue_admin.set_hall(db, HALL, "市民中心", rules={})
    queue_admin.set_category(db, Category("A", "企业开办", HALL, (), {"01": 1, "02": 1}),
                             [parse_slot("09:00-10:00", 2), parse_slot("10:00-11:00", 2)])  # fmt: skip
    queue_admin.set_category(db, Category("B", "人资社保", HALL, (), {"01": 2, "02": 2}))
    kiosk, one, two = window_client(app, "K1"), window_client(app, "01"), window_client(app, "02")
    _key, key = queue_admin.add_portal_key(db, HALL, "小程序")
    portal = TestClient(app, headers={"X-Api-Key": key})

    def book(slot: str, id_number: str) -> str:
        body = {"category": "A", "day": DAY.isoformat(), "slot": slot, "id_number": id_number, "name": "王小芳"}
        return str(ok(portal.post("/v1/queue/appointments", json=body))["code"])

    def step(client: TestClient, ticket: dict[str, Any], action: str, **body: str) -> dict[str, Any]:
        return ok(
            client.post(f"/v1/queue/tickets/{ticket['id']}/{action}", json=body if body or action == "finish" else None)
        )

    def call(client: TestClient) -> dict[str, Any]:
        return dict(ok(client.post("/v1/queue/call"))["ticket"])

    at.at("09:00")
    a001, a002, b001 = (ok(kiosk.post("/v1/queue/tickets", json={"category": c})) for c in "AAB")
    x = book("09:00-10:00", "110105200001010016")
    book("10:00-11:00", "11010519491231002X")
    ok(portal.delete(f"/v1/queue/appointments/{book('10:00-11:00', '110105196612020011')}"))
    at.at("09:04")
    assert call(one)["id"] == a001["id"]
    at.at("09:05")
    step(one, a001, "start")
    at.at("09:06")
    assert call(two)["id"] == a002["id"]
    at.at("09:15")
    step(one, a001, "finish", case_no="XK-1")
    at.at("09:16")
    step(two, a002, "no-show")
    at.at("09:20")
    assert call(two)["id"] == b001["id"]
    at.at("09:22")
    continuation = step(two, b001, "transfer", category="A", note="应办企业开办")
    at.at("09:30")
    assert call(one)["id"] == continuation["id"]
    at.at("09:42")
    step(one, continuation, "finish")
    at.at("09:50")
    a003 = ok(kiosk.post("/v1/queue/check-in", json={"code": x}))
    at.at("10:10")
    ok(kiosk.post("/v1/queue/tickets", json={"category": "A"}))
    at.at("10:12")
    ok(two.post("/v1/queue/pause", json={"reason": "会议"}))
    at.at("10:20")
    assert call(one)["id"] == a003["id"]
    at.at("10:21")
    step(one, a003, "start")
    at.at("10:40")
    ok(two.post("/v1/queue/resume"))
    at.at("10:51")
    step(one, a003, "finish")
    at.at("11:00")
    ok(one.post("/v1/queue/pause", json={"reason": "午休"}))
    at.at("11:30")


def read_display_states(base: str, into: queue.Queue[dict[str, Any]], stop: threading.Event) -> None:
    """Put every state a hall display's event stream sends into ``into`` until ``stop`` is set."""
    with (
        httpx.Client(timeout=httpx.Timeout(5.0, read=None)) as client,
        client.stream("GET", f"{base}/display/main/events") as stream,
    ):
        for line in stream.iter_lines():
            if line.startswith("data: "):
                into.put(json.loads(line[6:]))
            if stop.is_set():
                return
