"""Run callbacks once a window has really been painted, not merely shown.

``show()`` only queues the expose; a zero timer started next to it fires *before* anything is drawn.
Work deferred "until the window is up" (opening the store, devices, the start-up probe of
``bench/cold_start.py``) therefore waits for the window's first paint event and then runs from a zero
timer, i.e. after the whole paint pass (every child widget, all text) has finished and been flushed.
The filter sits on the one window only, so other widgets' events never pass through Python.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget


class _FirstPaint(QObject):
    def __init__(self, window: QWidget, callbacks: tuple[Callable[[], object], ...]) -> None:
        super().__init__(window)
        self._window = window
        self._callbacks = callbacks
        self._paint = QEvent.Type.Paint

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
        if event.type() == self._paint:
            self._window.removeEventFilter(self)
            QTimer.singleShot(0, self._run)
        return False

    def _run(self) -> None:
        for callback in self._callbacks:
            callback()
        self.deleteLater()


def after_first_paint(window: QWidget, *callbacks: Callable[[], object]) -> None:
    """Call ``callbacks`` in order on the GUI thread right after ``window`` is first painted."""
    window.installEventFilter(_FirstPaint(window, callbacks))
