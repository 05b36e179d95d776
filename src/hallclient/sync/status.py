"""The sync status the GUI's status bar shows, with plain-callback subscription (no Qt here).

Callbacks run on the thread that changed the status (the sync worker); a Qt adapter in ``ui/``
re-emits them as a signal to reach the GUI thread.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime

log = logging.getLogger("hallclient.sync")


@dataclass(frozen=True)
class SyncStatus:
    unsynced: int = 0  # local events without a server answer
    quarantined: int = 0  # events the server rejected (shown in the quarantine view)
    last_success: datetime | None = None  # last round that reached the server and finished
    last_error: str = ""  # empty after a successful round
    last_error_at: datetime | None = None
    running: bool = False  # a round is in progress
    next_attempt: datetime | None = None  # when the worker retries after a failure


Listener = Callable[[SyncStatus], None]


class StatusBoard:
    """Thread-safe holder of the current :class:`SyncStatus`; ``subscribe`` returns an unsubscribe."""

    def __init__(self, initial: SyncStatus | None = None) -> None:
        self._lock = threading.Lock()
        self._status = initial or SyncStatus()
        self._listeners: list[Listener] = []

    @property
    def current(self) -> SyncStatus:
        with self._lock:
            return self._status

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        with self._lock:
            self._listeners.append(listener)

        def unsubscribe() -> None:
            with self._lock:
                if listener in self._listeners:
                    self._listeners.remove(listener)

        return unsubscribe

    def update(self, **changes: object) -> SyncStatus:
        with self._lock:
            self._status = replace(self._status, **changes)  # type: ignore[arg-type]
            status = self._status
            listeners = list(self._listeners)
        for listener in listeners:
            try:
                listener(status)
            except Exception:  # a broken listener must not stop syncing
                log.exception("sync status listener failed")
        return status
