"""The background uploader: one per database, retries by itself with backoff, status callbacks."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest
from sync_helpers import Enrolled, intake

from hallclient.services.context import Actor, Services
from hallclient.sync.lock import UploaderBusy, UploaderLock
from hallclient.sync.status import SyncStatus
from hallclient.sync.worker import SyncWorker, backoff_delay


def test_backoff_grows_exponentially_with_jitter_and_a_cap() -> None:
    low = [backoff_delay(n, 2.0, 60.0, rand=lambda: 0.0) for n in range(1, 8)]
    high = [backoff_delay(n, 2.0, 60.0, rand=lambda: 1.0) for n in range(1, 8)]
    assert low == [1.0, 2.0, 4.0, 8.0, 16.0, 30.0, 30.0]
    assert high == [2.0, 4.0, 8.0, 16.0, 32.0, 60.0, 60.0]


def test_only_one_uploader_per_database(services: Services) -> None:
    first = UploaderLock(services.store.path)
    first.acquire()
    try:
        with pytest.raises(UploaderBusy, match="另一个同步进程"):
            UploaderLock(services.store.path).acquire()
        code = (
            "import sys\nfrom hallclient.sync.lock import UploaderLock, UploaderBusy\n"
            f"try:\n    UploaderLock(__import__('pathlib').Path({str(services.store.path)!r})).acquire()\n"
            "except UploaderBusy:\n    sys.exit(3)\n"
        )
        assert subprocess.run([sys.executable, "-c", code], timeout=30).returncode == 3
    finally:
        first.release()
    second = UploaderLock(services.store.path)
    second.acquire()  # free again once released
    second.release()


@pytest.mark.logs_expected("hallclient.sync")
def test_failed_round_is_retried_without_a_new_local_write(
    services: Services, clerk: Actor, enrolled: Enrolled
) -> None:
    intake(services, clerk)
    real = enrolled.syncer.client.upload
    failures = {"left": 2}

    def flaky(body: bytes) -> object:
        if failures["left"]:
            failures["left"] -= 1
            from hallclient.sync.transport import Unreachable

            raise Unreachable("无法连接服务器：network down")
        return real(body)

    enrolled.syncer.client.upload = flaky
    seen: list[SyncStatus] = []
    worker = SyncWorker(enrolled.syncer, services.store.path, interval=60.0, base_backoff=0.05, max_backoff=0.2)
    worker.board.subscribe(seen.append)
    worker.start()
    try:
        with pytest.raises(UploaderBusy):
            UploaderLock(services.store.path).acquire()
        deadline = time.monotonic() + 20
        while worker.board.current.unsynced and time.monotonic() < deadline:
            time.sleep(0.02)
    finally:
        worker.stop()
    assert worker.board.current.unsynced == 0 and worker.board.current.last_error == ""
    assert worker.rounds >= 3 and failures["left"] == 0
    assert any("network down" in status.last_error for status in seen)  # the GUI saw the failure
    UploaderLock(services.store.path).acquire()  # released by stop()


def test_trigger_starts_a_round_now(services: Services, clerk: Actor, enrolled: Enrolled) -> None:
    worker = SyncWorker(enrolled.syncer, services.store.path, interval=600.0)
    worker.start()
    try:
        deadline = time.monotonic() + 10
        while worker.rounds < 1 and time.monotonic() < deadline:
            time.sleep(0.02)
        intake(services, clerk)
        worker.trigger()
        while worker.rounds < 2 and time.monotonic() < deadline:
            time.sleep(0.02)
        while worker.board.current.running and time.monotonic() < deadline:
            time.sleep(0.02)
    finally:
        worker.stop()
    assert worker.rounds >= 2 and worker.board.current.unsynced == 0
