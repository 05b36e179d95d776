"""Helpers of the queue tests: a configured hall, enrolled window and kiosk devices, a real HTTP server."""

from __future__ import annotations

import socket
import threading
import time
import uuid
import warnings
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn
from fastapi import FastAPI

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from hallclient.domain.appointments import parse_slot
from hallclient.domain.queue import Category
from hallclient.server import admin, queue_admin
from hallclient.server.db import Database

HALL = "main"
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
def serving(app: FastAPI, port: int | None = None) -> Iterator[str]:
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
