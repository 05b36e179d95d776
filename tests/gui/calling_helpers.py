"""Helpers of the calling-panel tests: the real central server under uvicorn on a fixed loopback port, which
can be stopped and started again on the same database (the window keeps its server address)."""

from __future__ import annotations

import atexit
import functools
import shutil
import socket
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any

import httpx
import uvicorn

from hallclient.domain.appointments import parse_slot
from hallclient.domain.queue import Category
from hallclient.server import admin, queue_admin
from hallclient.server.app import create_app
from hallclient.server.db import upgrade

HALL = "main"


@functools.cache
def _migrated_template() -> Path:
    """A server database migrated once per test process (removed at exit): copying it skips ~1-2 s of Alembic."""
    folder = Path(tempfile.mkdtemp(prefix="hallclient-server-template-"))
    atexit.register(shutil.rmtree, folder, True)
    path = folder / "server.sqlite3"
    upgrade(f"sqlite:///{path}")
    return path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class CentralServer:
    """``hallclient serve`` in a thread: ``start()``, ``stop()``, ``start()`` again on the same database and port."""

    def __init__(self, db_url: str) -> None:
        self.db_url = db_url
        fresh = Path(db_url.removeprefix("sqlite:///"))
        if db_url.startswith("sqlite:///") and not fresh.exists():
            shutil.copyfile(_migrated_template(), fresh)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.app: Any = create_app(db_url)
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self.app is None:
            self.app = create_app(self.db_url)
        config = uvicorn.Config(self.app, host="127.0.0.1", port=self.port, log_level="warning", lifespan="off")
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, daemon=True)
        self._thread.start()
        deadline = time.monotonic() + 20
        while not self._server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise AssertionError("uvicorn did not start")
            time.sleep(0.02)

    def stop(self) -> None:
        if self._server is not None and self._thread is not None:
            self._server.should_exit = True
            self._thread.join(10)
        if self.app is not None:
            self.app.state.db.dispose()
            self.app = None
        self._server = self._thread = None

    def configure(self, windows: list[str]) -> None:
        """Hall ``main``: A 企业开办 and B 人资社保 at every window, at most one recall."""
        db = self.app.state.db
        queue_admin.set_hall(db, HALL, "市民中心", rules={"max_recalls": 1})
        queue_admin.set_category(
            db, Category("A", "企业开办", HALL, (), {w: 1 for w in windows}), [parse_slot("00:00-23:59", 5)]
        )
        queue_admin.set_category(db, Category("B", "人资社保", HALL, (), {w: 2 for w in windows}))

    def enrol(self, window: str, device_id: str | None = None) -> str:
        """A device token for ``window`` (what ``hallclient enroll`` obtains)."""
        _row, code = admin.add_device(self.app.state.db, window)
        body = {"code": code, "device_id": device_id or str(uuid.uuid4())}
        response = httpx.post(f"{self.url}/v1/enroll", json=body, timeout=10)
        assert response.status_code == 200, response.text
        return str(response.json()["token"])

    def kiosk(self, token: str) -> httpx.Client:
        return httpx.Client(base_url=self.url, headers={"Authorization": f"Bearer {token}"}, timeout=10)
