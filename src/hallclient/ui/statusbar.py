"""The status bar: who, where, and the state of the reader, the printer and sync.

Devices and sync report through three calls only — ``set_reader_state``, ``set_printer_state`` and
``set_sync_state`` — so those parts never need to know about widgets.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QEnterEvent, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QLabel, QProgressBar, QSizePolicy, QStatusBar, QWidget

from hallclient.ui.textfill import fill

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


class ElidedLabel(QLabel):
    """One line that never pushes or covers its neighbours: too long, it ends in … (the tooltip has it all)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.full_text = ""
        self.setMinimumWidth(0)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def set_full_text(self, text: str) -> None:
        self.full_text = text
        self.setToolTip(text)
        self.update()

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        shown = self.fontMetrics().elidedText(self.full_text, Qt.TextElideMode.ElideRight, self.width())
        painter.drawText(self.rect(), int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), shown)


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
        self.queue = QLabel(self)
        self.queue.setObjectName("queue_state")
        self.queue.setVisible(False)  # shown once this PC calls through a server (ui/calling.py)
        self.calendar = QLabel(self)
        self.calendar.setObjectName("calendar_warning")
        self.calendar.setStyleSheet(_STATE_STYLE[False])
        self._clerk: Actor | None = None
        self._window = ""
        self._site = ("", "")
        self._calendar: tuple[tuple[int, ...], str] = ((), "")
        self._sync: tuple[int, datetime | None, str, bool, int] = (0, None, "", False, 0)
        self.message = ElidedLabel(self)
        self.message.setObjectName("status_message")
        self._message_timer = QTimer(self)
        self._message_timer.setSingleShot(True)
        self._message_timer.timeout.connect(self.clearMessage)
        for widget in (self.busy_label, self.busy_bar):
            self.addWidget(widget)
        self.addWidget(self.message, 1)
        for widget in (self.calendar, self.clerk, self.window_label, self.reader, self.printer, self.sync, self.queue):
            self.addPermanentWidget(widget)
        self.set_busy("")
        self.set_clerk(None)
        self.set_reader_state(self.tr("未配置"), None)
        self.set_printer_state(self.tr("未配置"), None)
        self.set_sync_state(0, None, "", configured=False)
        self.set_calendar_warning((), "")

    def showMessage(self, text: str, timeout: int = 0) -> None:  # type: ignore[override]
        """Passing notes go into their own label left of the permanent widgets, elided with the whole text as
        tooltip (Qt's own temporary message is painted under the permanent widgets when it is long)."""
        self.message.set_full_text(text)
        if timeout > 0:
            self._message_timer.start(timeout)
        else:
            self._message_timer.stop()

    def clearMessage(self) -> None:
        self.message.set_full_text("")

    def currentMessage(self) -> str:
        return self.message.full_text

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
        self.calendar.setText(fill(self.tr("工作日历缺 %1 年 · 期限暂定"), years) if years else "")
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
        text = fill(self.tr("窗口 %1"), window)
        if self._site[0]:
            text += " · " + fill(self.tr("站点 %1"), self._site[1] or self._site[0])
        self.window_label.setText(text)
        self.window_label.setToolTip(self._site[0])

    def set_site(self, code: str, name: str) -> None:
        """The site (站点) this PC belongs to; ("", "") until the server has told it."""
        self._site = (code, name)
        self.set_window(self._window)

    def set_queue_state(self, online: bool | None, text: str, detail: str = "") -> None:
        """The queue server as the calling strip sees it: 叫号：在线, 叫号服务离线 (``detail``: why), …"""
        self.queue.setVisible(True)
        self.queue.setText(text)
        self.queue.setStyleSheet(_STATE_STYLE[online])
        self.queue.setToolTip(detail)

    def set_reader_state(self, text: str, ok: bool | None, detail: str = "") -> None:
        """Reader state for the clerk: ``ok`` True (ready), False (fault), None (not configured/unknown)."""
        self.reader.setText(fill(self.tr("读卡器：%1"), text))
        self.reader.setStyleSheet(_STATE_STYLE[ok])
        self.reader.setToolTip(detail)

    def set_printer_state(self, text: str, ok: bool | None, detail: str = "") -> None:
        self.printer.setText(fill(self.tr("打印机：%1"), text))
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
            text = fill(self.tr("同步：单机（未配置服务器）· 未上传 %1"), str(unsynced))
            ok: bool | None = None
        else:
            when = last_success.strftime("%H:%M") if last_success else self.tr("从未")
            text = fill(self.tr("同步：未上传 %1 · 上次 %2"), str(unsynced), when)
            ok = not last_error
        if quarantined:
            text += fill(self.tr(" · 拒收 %1"), str(quarantined))
            ok = False
        self.sync.setText(text)
        self.sync.setStyleSheet(_STATE_STYLE[ok])
        self.sync.setToolTip(last_error)
