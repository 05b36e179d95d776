"""The background uploader: repeats sync rounds on its own thread, with exponential backoff and jitter.

A failed round is retried on a timer — no new local write is needed (the PowerSync SDK regressions).
``trigger()`` asks for a round now (after a local write, when the network comes back). The worker
holds the database's :class:`UploaderLock` while it runs, so it is the only uploader of that file.

GUI use::

    worker = SyncWorker(Syncer.from_settings(store, settings), store.path)
    unsubscribe = worker.board.subscribe(on_status)   # called on the worker thread
    worker.start()        # raises UploaderBusy if another uploader runs
    worker.trigger()      # after each committed intake
    worker.stop()         # on exit; waits for the current request to finish
"""

from __future__ import annotations

import logging
import random
import threading
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from hallclient.sync.engine import Syncer
from hallclient.sync.lock import UploaderLock
from hallclient.sync.status import StatusBoard

log = logging.getLogger("hallclient.sync")


def backoff_delay(failures: int, base: float, cap: float, rand: Callable[[], float] = random.random) -> float:
    """Exponential backoff with "equal jitter": half the step fixed, half random, never above ``cap``."""
    step = min(cap, base * (2 ** max(0, failures - 1)))
    return step / 2 + rand() * step / 2


class SyncWorker:
    def __init__(
        self,
        syncer: Syncer,
        db_path: Path,
        *,
        interval: float = 30.0,
        base_backoff: float = 2.0,
        max_backoff: float = 300.0,
    ) -> None:
        self.syncer = syncer
        self.lock = UploaderLock(db_path)
        self.interval = interval
        self.base_backoff = base_backoff
        self.max_backoff = max_backoff
        self.failures = 0
        self.rounds = 0
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def board(self) -> StatusBoard:
        return self.syncer.board

    def start(self) -> None:
        if self._thread is not None:
            return
        self.lock.acquire()
        self._stopping.clear()
        self._thread = threading.Thread(target=self._run, name="hallclient-sync", daemon=True)
        self._thread.start()

    def trigger(self) -> None:
        self._wake.set()

    def stop(self, timeout: float = 30.0) -> None:
        thread = self._thread
        if thread is None:
            return
        self._stopping.set()
        self._wake.set()
        thread.join(timeout)
        self._thread = None
        self.lock.release()

    def _run(self) -> None:
        while not self._stopping.is_set():
            self._wake.clear()
            try:
                self.syncer.run_once()
                self.failures = 0
                delay = self.interval
            except Exception as error:  # every failure is recorded in the status and retried later
                self.failures += 1
                delay = backoff_delay(self.failures, self.base_backoff, self.max_backoff)
                log.warning("sync round failed (%s), retry in %.1f s: %s", self.failures, delay, error)
            self.rounds += 1
            self.board.update(next_attempt=self.syncer.clock() + timedelta(seconds=delay))
            self._wake.wait(delay)
