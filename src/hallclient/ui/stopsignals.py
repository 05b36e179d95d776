"""Ctrl+C (SIGINT) and SIGTERM end the app the normal way: every window closes, then the caller's shutdown.

Python runs a signal handler only when the interpreter gets control, and the GUI thread sits in Qt's
event loop, so a plain handler would wait for the next mouse move (and the default SIGINT handler raises
KeyboardInterrupt inside whatever slot runs next: a traceback, and the app goes on). Instead the C-level
handler writes the signal's number to a socket (``signal.set_wakeup_fd``), a ``QSocketNotifier`` wakes
the event loop, and the windows close as if the user had closed them; ``app.exec()`` then returns and
the composition root shuts its threads down as usual. The process exits with 128 + the signal's number
(130 for Ctrl+C, 143 for SIGTERM), as a shell reports a process ended by that signal.
"""

from __future__ import annotations

import logging
import signal
import socket
from types import FrameType
from typing import Any

from PySide6.QtCore import QObject, QSocketNotifier
from PySide6.QtWidgets import QApplication

log = logging.getLogger("hallclient.ui.stopsignals")

SIGNAL_EXIT_BASE = 128


def _stop_signals() -> tuple[signal.Signals, ...]:
    return (signal.SIGINT, signal.SIGTERM)


class StopOnSignals(QObject):
    """Installed on the GUI thread right after ``QApplication`` exists; ``restore()`` once shut down."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self._app = app
        self.received: int | None = None
        self._reader, self._writer = socket.socketpair()
        for end in (self._reader, self._writer):
            end.setblocking(False)
        self._previous_fd = signal.set_wakeup_fd(self._writer.fileno(), warn_on_full_buffer=False)
        self._previous: dict[signal.Signals, Any] = {
            signum: signal.signal(signum, self._ignore_here) for signum in _stop_signals()
        }
        self._notifier = QSocketNotifier(self._reader.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._woken)

    @staticmethod
    def _ignore_here(_signum: int, _frame: FrameType | None) -> None:
        """The Python-level handler does nothing: the wake-up byte carries the signal to ``_woken``."""

    def _woken(self) -> None:
        try:
            data = self._reader.recv(64)
        except OSError:  # nothing to read after all (spurious wake-up)
            return
        wanted = {int(signum) for signum in _stop_signals()}
        stops = [byte for byte in data if byte in wanted]
        if not stops or self.received is not None:
            return  # another signal with a Python handler, or already closing
        self.received = stops[0]
        log.info("%s received: closing", signal.Signals(self.received).name)
        self._app.closeAllWindows()
        self._app.quit()

    @property
    def exit_code(self) -> int | None:
        """128 + the signal that ended the app, None when it ended otherwise."""
        return None if self.received is None else SIGNAL_EXIT_BASE + self.received

    def restore(self) -> None:
        """Give the signals back to their previous handlers (after the threads have shut down)."""
        self._notifier.setEnabled(False)
        signal.set_wakeup_fd(self._previous_fd)
        for signum, handler in self._previous.items():
            if handler is not None:  # None: installed outside Python, nothing to give back
                signal.signal(signum, handler)
        self._reader.close()
        self._writer.close()
