"""The status bar: who, where, and the state of the reader, the printer and sync.

Devices and sync report through three calls only — ``set_reader_state``, ``set_printer_state`` and
``set_sync_state`` — so those parts never need to know about widgets.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Signal
from PySide6.QtGui import QEnterEvent, QMouseEvent
from PySide6.QtWidgets import QLabel, QProgressBar, QStatusBar, QWidget

if TYPE_CHECKING:
    from datetime import datetime

    from hallclient.services.context import Actor

_STATE_STYLE = {True: "color: #1e7b34;", False: "color: #b3261e;", None: "color: #5f6368;"}


class StatusItem(QLabel):
    """A status-bar label that opens its detail view (print queue, quarantine) when clicked."""

    clicked = Signal()

    def enterEvent(self, event: QEnterEvent) -> None:
        # The hand cursor is set on first hover: Qt's enum namespace is not loaded before the first paint.
        from PySide6.QtCore import Qt

        if not self.testAttribute(Qt.WidgetAttribute.WA_SetCursor):
            self.setCursor(Qt.CursorShape.PointingHandCursor)
        super().enterEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        from PySide6.QtCore import Qt

        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit()
        super().mouseReleaseEvent(event)


class HallStatusBar(QStatusBar):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.busy_label = QLabel(self)
        self.busy_bar = QProgressBar(self)
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setMaximumWidth(100)
        self.busy_bar.setMaximumHeight(14)
        self.clerk = QLabel(self)
        self.window_label = QLabel(self)
        self.reader = QLabel(self)
        self.printer = StatusItem(self)
        self.sync = StatusItem(self)
        self.calendar = QLabel(self)
        self.calendar.setObjectName("calendar_warning")
        self.calendar.setStyleSheet(_STATE_STYLE[False])
        self._clerk: Actor | None = None
        self._window = ""
        self._calendar: tuple[tuple[int, ...], str] = ((), "")
        self._sync: tuple[int, datetime | None, str, bool, int] = (0, None, "", False, 0)
        for widget in (self.busy_label, self.busy_bar):
            self.addWidget(widget)
        for widget in (self.calendar, self.clerk, self.window_label, self.reader, self.printer, self.sync):
            self.addPermanentWidget(widget)
        self.set_busy("")
        self.set_clerk(None)
        self.set_reader_state(self.tr("未配置"), None)
        self.set_printer_state(self.tr("未配置"), None)
        self.set_sync_state(0, None, "", configured=False)
        self.set_calendar_warning((), "")

    def changeEvent(self, event: QEvent) -> None:
        """A language switch: every state the bar shows is set again in the new language (the reader's and
        printer's own words come again from their adapters, see ``MainWindow.set_language``)."""
        if event.type() == QEvent.Type.LanguageChange:
            self.set_clerk(self._clerk)
            if self._window:
                self.set_window(self._window)
            self.set_calendar_warning(*self._calendar)
            unsynced, last_success, last_error, configured, quarantined = self._sync
            self.set_sync_state(unsynced, last_success, last_error, configured=configured, quarantined=quarantined)
        super().changeEvent(event)

    def set_calendar_warning(self, missing_years: tuple[int, ...], detail: str) -> None:
        """Shown while this year, or from 1 November next year, is missing from the working-day calendar."""
        self._calendar = (tuple(missing_years), detail)
        years = "、".join(str(year) for year in missing_years)
        self.calendar.setText(self.tr("工作日历缺 %1 年 · 期限暂定").replace("%1", years) if years else "")
        self.calendar.setToolTip(detail)
        self.calendar.setVisible(bool(years))

    def set_busy(self, label: str) -> None:
        self.busy_label.setText(label)
        self.busy_label.setVisible(bool(label))
        self.busy_bar.setVisible(bool(label))

    def set_clerk(self, actor: Actor | None) -> None:
        self._clerk = actor
        if actor is None:
            self.clerk.setText(self.tr("未登录"))
        else:
            from hallclient.ui.labels import role_label

            self.clerk.setText(f"{actor.display_name}（{role_label(actor.role)}）")

    def set_window(self, window: str) -> None:
        self._window = window
        self.window_label.setText(self.tr("窗口 %1").replace("%1", window))

    def set_reader_state(self, text: str, ok: bool | None, detail: str = "") -> None:
        """Reader state for the clerk: ``ok`` True (ready), False (fault), None (not configured/unknown)."""
        self.reader.setText(self.tr("读卡器：%1").replace("%1", text))
        self.reader.setStyleSheet(_STATE_STYLE[ok])
        self.reader.setToolTip(detail)

    def set_printer_state(self, text: str, ok: bool | None, detail: str = "") -> None:
        self.printer.setText(self.tr("打印机：%1").replace("%1", text))
        self.printer.setStyleSheet(_STATE_STYLE[ok])
        self.printer.setToolTip(detail)

    def set_sync_state(
        self,
        unsynced: int,
        last_success: datetime | None,
        last_error: str = "",
        *,
        configured: bool = True,
        quarantined: int = 0,
    ) -> None:
        """Unsynced event count, time of the last successful sync, and the last error (empty when fine)."""
        self._sync = (unsynced, last_success, last_error, configured, quarantined)
        if not configured:
            text = self.tr("同步：单机（未配置服务器）· 未上传 %1").replace("%1", str(unsynced))
            ok: bool | None = None
        else:
            when = last_success.strftime("%H:%M") if last_success else self.tr("从未")
            text = self.tr("同步：未上传 %1 · 上次 %2").replace("%1", str(unsynced)).replace("%2", when)
            ok = not last_error
        if quarantined:
            text += self.tr(" · 拒收 %1").replace("%1", str(quarantined))
            ok = False
        self.sync.setText(text)
        self.sync.setStyleSheet(_STATE_STYLE[ok])
        self.sync.setToolTip(last_error)
