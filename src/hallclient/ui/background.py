"""One dedicated worker thread for device or network I/O; results come back on the GUI thread, in order.

The database has its own single thread (:class:`~hallclient.ui.tasks.TaskManager`); a request to the
server or a print must never wait behind it, nor hold it, nor block the screen. A :class:`Worker` runs
the callables it is given one after another on its own named thread (started at the first one) and
hands each result or exception to the callback given with it, through a queued signal, so callbacks
may touch widgets and arrive in the order the work was submitted.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Signal

OnDone = Callable[[Any], None]
OnError = Callable[[BaseException], None]


@dataclass(frozen=True)
class _Job:
    fn: Callable[[], Any]
    on_done: OnDone
    on_error: OnError


class Worker(QObject):
    """A named worker thread: ``submit`` work, get ``on_done(result)`` or ``on_error(exception)`` back.

    ``shutdown`` refuses new work; the work already submitted still runs (a request under way is never cut
    off, nothing submitted is dropped), and ``wait`` blocks until it has.
    """

    _finished = Signal(object)

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self._jobs: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._closed = False
        self._finished.connect(self._deliver)

    @property
    def closed(self) -> bool:
        return self._closed

    def submit(self, fn: Callable[[], Any], on_done: OnDone, on_error: OnError) -> bool:
        """Queue ``fn`` on the worker thread; False (and nothing runs) once the worker is shut down."""
        if self._closed:
            return False
        if self._thread is None:
            # A daemon: a device that hangs must not keep the process alive once the app has ended.
            self._thread = threading.Thread(target=self._run, name=self.name, daemon=True)
            self._thread.start()
        self._jobs.put(_Job(fn, on_done, on_error))
        return True

    def _run(self) -> None:
        while (job := self._jobs.get()) is not None:
            try:
                result: tuple[bool, Any] = (True, job.fn())
            except BaseException as error:  # delivered to on_error, like a future's exception
                result = (False, error)
            if shiboken6.isValid(self):  # after shutdown(wait=False) the owner may be gone: nobody to tell
                self._finished.emit((job, result))

    def _deliver(self, item: tuple[_Job, tuple[bool, Any]]) -> None:
        job, (ok, value) = item
        if ok:
            job.on_done(value)
        else:
            job.on_error(value)

    def shutdown(self, wait: bool = True) -> None:
        """Accept no more work; with ``wait``, block until the work already submitted has run."""
        if not self._closed:
            self._closed = True
            if self._thread is not None:
                self._jobs.put(None)
        if wait and self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join()
