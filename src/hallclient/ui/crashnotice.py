"""Telling the clerk about a crash report: the excepthook may fire on any thread, the message box must not.

``CrashNotice.notify(path)`` is what ``hallclient.crash.install_excepthook`` calls; it only emits a
signal, which Qt queues to the GUI thread where the message box opens. The app keeps running after an
exception in a slot (Qt reports it through ``sys.excepthook`` and carries on), so it never just vanishes.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Signal

from hallclient.ui.textfill import fill


class CrashNotice(QObject):
    """Signals: shown(str): the message for a report was shown (its path)."""

    shown = Signal(str)
    _reported = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._connected = False

    def connect_queued(self) -> None:
        """Queue the message box to the GUI thread; done on first use (or by the app right after the first
        paint, before other threads start), because touching Qt's enum namespace costs ~13 ms at start-up."""
        if not self._connected:
            from PySide6.QtCore import Qt

            self._reported.connect(self._show, Qt.ConnectionType.QueuedConnection)
            self._connected = True

    def notify(self, path: Path) -> None:
        """Safe from any thread."""
        self.connect_queued()
        self._reported.emit(str(path))

    def _show(self, path: str) -> None:
        from PySide6.QtWidgets import QApplication, QMessageBox  # loaded when needed, not at start-up

        text = fill(QCoreApplication.translate("Crash", "程序出错，崩溃报告已保存：%1"), path)
        QMessageBox.critical(QApplication.activeWindow(), QCoreApplication.translate("Crash", "程序出错"), text)
        self.shown.emit(path)
