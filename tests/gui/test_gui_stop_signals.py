"""The clerk app and the kiosk as real processes (offscreen): Ctrl+C and SIGTERM close them the normal way.

Each process is started as staff would start it, seen ready through its log (the store opened; the hall
loaded from a real server), then signalled: the windows close, the threads shut down, the process exits
with 128 + the signal (130, 143) and prints no traceback; the store it leaves passes ``db check``.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI

TESTS = Path(__file__).resolve().parent.parent
if str(TESTS / "sync") not in sys.path:
    sys.path.insert(0, str(TESTS / "sync"))

from hallclient import config  # noqa: E402
from hallclient.log import LOG_FILE_NAME  # noqa: E402
from hallclient.server.app import create_app  # noqa: E402
from queue_helpers import configure_hall, device_token, serving  # noqa: E402

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX signals")

STOPS = [signal.SIGINT, signal.SIGTERM]


class Running:
    """``python -m hallclient ARGS`` with its own config, data and log folders, offscreen."""

    def __init__(self, tmp_path: Path, *args: str) -> None:
        self.log = tmp_path / "logs" / LOG_FILE_NAME
        self.env = {
            **os.environ,
            "QT_QPA_PLATFORM": "offscreen",
            "HALLCLIENT_CONFIG": str(tmp_path / "config.toml"),
            "HALLCLIENT_DATA_DIR": str(tmp_path / "data"),
            "HALLCLIENT_LOG_DIR": str(tmp_path / "logs"),
        }
        command = [sys.executable, "-m", "hallclient", *args]
        self.process = subprocess.Popen(command, env=self.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8") if self.log.exists() else ""

    def wait_for_log(self, text: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while text not in self.log_text():
            if self.process.poll() is not None:
                raise AssertionError(f"ended before «{text}»: {self.stop_output()}")
            if time.monotonic() > deadline:
                raise AssertionError(f"no «{text}» in the log after {timeout} s:\n{self.log_text()}")
            time.sleep(0.05)

    def stop_output(self) -> str:
        _out, err = self.process.communicate(timeout=30)
        return err.decode("utf-8", "replace")

    def end(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.communicate(timeout=30)


@pytest.fixture
def stopped(request: pytest.FixtureRequest) -> Iterator[list[Running]]:
    started: list[Running] = []
    yield started
    for running in started:
        running.end()


def signal_and_wait(running: Running, stop: signal.Signals) -> str:
    running.process.send_signal(stop)
    stderr = running.stop_output()
    assert running.process.returncode == 128 + stop, (running.process.returncode, stderr)
    assert "Traceback" not in stderr and "KeyboardInterrupt" not in stderr, stderr
    return stderr


@pytest.mark.parametrize("stop", STOPS, ids=lambda stop: stop.name)
def test_the_clerk_app_closes_cleanly_on_a_signal(tmp_path: Path, stopped: list[Running], stop: signal.Signals):
    store = tmp_path / "store.sqlite3"
    running = Running(tmp_path, "--db", str(store))
    stopped.append(running)
    running.wait_for_log("store opened")
    signal_and_wait(running, stop)
    log = running.log_text()
    assert f"{stop.name} received: closing" in log and "client closed" in log
    check = subprocess.run([sys.executable, "-m", "hallclient", "db", "check", "--db", str(store)],
                           env=running.env, capture_output=True, text=True, timeout=60)  # fmt: skip
    assert check.returncode == 0, check.stderr


@pytest.fixture
def hall(tmp_path: Path) -> Iterator[FastAPI]:
    app = create_app(f"sqlite:///{tmp_path / 'server.sqlite3'}")
    configure_hall(app.state.db, ["01"])
    yield app
    app.state.db.dispose()


@pytest.mark.parametrize("stop", STOPS, ids=lambda stop: stop.name)
def test_the_kiosk_loads_the_hall_from_the_server_and_closes_cleanly_on_a_signal(
    tmp_path: Path, stopped: list[Running], hall: FastAPI, stop: signal.Signals
) -> None:
    token = device_token(hall, "K1")
    with serving(hall) as url:
        settings = config.Settings(server_url=url, device_token=token, printer_uri=f"preview:{tmp_path / 'slip.png'}")
        config.save(settings, tmp_path / "config.toml")
        running = Running(tmp_path, "kiosk", "--windowed")
        stopped.append(running)
        running.wait_for_log("kiosk: hall main loaded (3 categories)")
        signal_and_wait(running, stop)
    log = running.log_text()
    assert f"{stop.name} received: closing" in log and "kiosk closed" in log
