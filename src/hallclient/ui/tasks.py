"""Background work, Anki-style: every database task runs in order on ONE worker thread.

Server calls (``ops.NetworkOp``) run on a second thread of their own (a :class:`~hallclient.ui.background.Worker`,
the one way the client runs device and network I/O), so a slow or unreachable server never holds up store
work, and store work never delays a periodic server read.

Screens do not call this directly: they run ops (``hallclient.ui.ops``), which submit here.

SQLite allows one writer at a time and our services are synchronous, so serialising every store call on
one dedicated thread keeps the GUI thread free (it never waits on a lock or an fsync) without any
locking in the UI. Results and errors come back to the GUI thread through a queued Qt signal; callbacks
therefore may touch widgets, the task function itself must not.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal

from hallclient.ui.background import Worker

if TYPE_CHECKING:  # concurrent.futures loads with the first task, after the sign-in window is painted
    from concurrent.futures import Future, ThreadPoolExecutor

log = logging.getLogger("hallclient.ui.tasks")

Callback = Callable[[Any], None]
ErrorCallback = Callable[[BaseException], None]

#: A task that has not finished after this long shows the busy indicator (long work shows progress).
BUSY_AFTER_MS = 250


class TaskManager(QObject):
    """Runs callables on the single DB thread and delivers results on the GUI thread.

    Signals:
        failed(str): a task without its own error callback failed; the text is for the user.
        busy(str): a labelled task has run longer than ``BUSY_AFTER_MS``; empty string when all are done.
        idle(): no task is queued or running any more (tests wait on this).
    """

    failed = Signal(str)
    busy = Signal(str)
    idle = Signal()
    _finished = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool: ThreadPoolExecutor | None = None
        self._network = Worker("hallclient-net", self)
        self._pending = 0
        self._labels: dict[int, str] = {}
        self._next_ticket = 0
        self._closed = False
        self._finished.connect(self._deliver)

    @property
    def _executor(self) -> ThreadPoolExecutor:
        if self._pool is None:
            from concurrent.futures import ThreadPoolExecutor

            self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="hallclient-db")
        return self._pool

    @property
    def pending(self) -> int:
        return self._pending

    @property
    def closed(self) -> bool:
        return self._closed

    def submit(
        self,
        fn: Callable[[], Any],
        on_done: Callback | None = None,
        on_error: ErrorCallback | None = None,
        *,
        label: str = "",
        network: bool = False,
    ) -> None:
        """Queue ``fn`` on the DB thread (``network``: on the network thread); ``on_done(result)`` /
        ``on_error(exc)`` run later on the GUI thread.

        Only ops and the opening of the store call this.
        """
        if self._closed:
            raise RuntimeError("task manager is shut down")
        self._pending += 1
        self._next_ticket += 1
        ticket = self._next_ticket
        if label:
            self._labels[ticket] = label
            QTimer.singleShot(BUSY_AFTER_MS, self, lambda: self._show_busy(ticket))
        if network:
            self._network.submit(
                fn,
                lambda value: self._settle(ticket, True, value, on_done, on_error),
                lambda error: self._settle(ticket, False, error, on_done, on_error),
            )
            return
        future = self._executor.submit(fn)
        future.add_done_callback(lambda done: self._finished.emit((ticket, done, on_done, on_error)))

    def _show_busy(self, ticket: int) -> None:
        label = self._labels.get(ticket)
        if label:
            self.busy.emit(label)

    def _deliver(self, item: tuple[int, Future[Any], Callback | None, ErrorCallback | None]) -> None:
        ticket, future, on_done, on_error = item
        error = future.exception()
        if error is not None:
            self._settle(ticket, False, error, on_done, on_error)
        else:
            self._settle(ticket, True, future.result(), on_done, on_error)

    def _settle(
        self, ticket: int, ok: bool, value: Any, on_done: Callback | None, on_error: ErrorCallback | None
    ) -> None:
        """One task's end, on the GUI thread, whichever thread ran it: its callback, then the busy/idle state."""
        self._pending -= 1
        had_label = self._labels.pop(ticket, None) is not None
        if had_label and not self._labels:
            self.busy.emit("")
        try:
            if not ok:
                if on_error is not None:
                    on_error(value)
                else:
                    self._report(value)
            elif on_done is not None:
                on_done(value)
        finally:
            if self._pending == 0:
                self.idle.emit()

    def _report(self, error: BaseException) -> None:
        from hallclient.ui.ops import clerk_message

        self.failed.emit(clerk_message(error))

    def run_sync_for_tests(self) -> None:
        """Block until every queued task has run (tests only; the GUI never calls this)."""
        self._executor.submit(lambda: None).result()

    def on_worker_thread(self) -> bool:
        return threading.current_thread().name.startswith("hallclient-db")

    def shutdown(self) -> None:
        """Finish queued work (nothing recorded is dropped) and stop the thread."""
        if not self._closed:
            self._closed = True
            self._network.shutdown(wait=False)  # a server read in flight is not worth waiting for
            if self._pool is not None:
                self._pool.shutdown(wait=True)
