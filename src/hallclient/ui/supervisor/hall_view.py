"""大厅实况: the supervisor's live view of the hall queue — people waiting per category, each window's state
(idle, calling, serving, paused with its reason) and current ticket — read from the server every few seconds.

The server answers ``GET /v1/queue/hall`` to a signed-in supervisor only, with names masked as on the hall
display; the read runs on the network thread and a read is never stacked on one still under way. When the
server cannot be reached the last state stays on screen, marked with the time it was read.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QEvent, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from hallclient.protocol.queue import HallState
from hallclient.services.context import Actor, Services
from hallclient.ui.context import AppContext
from hallclient.ui.labels import fill
from hallclient.ui.ops import Failure, NetworkOp
from hallclient.ui.supervisor import texts
from hallclient.ui.supervisor.server_sign_in import ServerSignIn

REFRESH_MS = 5000


class HallViewWindow(QWidget):
    """Signals: loaded(object) with each ``HallState`` shown; failed(str)."""

    loaded = Signal(object)
    failed = Signal(str)

    def __init__(self, ctx: AppContext, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.state: HallState | None = None
        self.read_at: datetime | None = None
        self._in_flight = False
        self.sign_in = ServerSignIn(ctx, actor.username)
        self.title = QLabel()
        self.categories = QTableWidget(0, 2)
        self.windows = QTableWidget(0, 4)
        for table in (self.categories, self.windows):
            table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
            table.verticalHeader().setVisible(False)
            table.horizontalHeader().setStretchLastSection(True)
        self.status = QLabel()
        tables = QHBoxLayout()
        tables.addWidget(self.categories, 1)
        tables.addWidget(self.windows, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.sign_in)
        layout.addWidget(self.title)
        layout.addLayout(tables, 1)
        layout.addWidget(self.status)
        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self.refresh)
        self.sign_in.signed_in.connect(self.refresh)
        self.retranslate()
        self.timer.start()
        self.refresh()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("大厅实况"))
        self.categories.setHorizontalHeaderLabels([self.tr("业务类别"), self.tr("等候人数")])
        self.windows.setHorizontalHeaderLabels(
            [self.tr("窗口"), self.tr("状态"), self.tr("当前号"), self.tr("暂停原因")]
        )
        self.sign_in.retranslate()
        self._show()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def refresh(self) -> None:
        signed_in = bool(self.ctx.server_token)
        self.sign_in.setVisible(not signed_in)
        if not signed_in or self._in_flight:
            return
        token = self.ctx.server_token

        def work(services: Services) -> HallState:
            from hallclient.reports.server import fetch_hall

            settings = services.settings
            return fetch_hall(settings.server_url, settings.device_token, token, ca_file=settings.ca_file)

        self._in_flight = True
        NetworkOp(self.ctx, parent=self, fn=work).success(self._loaded).failure(self._failed).run()

    def _loaded(self, state: HallState) -> None:
        self._in_flight = False
        self.state, self.read_at = state, datetime.now()
        self._show()
        self.loaded.emit(state)

    def _failed(self, failure: Failure) -> None:
        from hallclient.reports.server import SignInRefused

        self._in_flight = False
        if isinstance(failure.error, SignInRefused):
            self.ctx.server_token = ""
            self.sign_in.setVisible(True)
        when = f"{self.read_at:%H:%M:%S}" if self.read_at else "—"
        self.status.setText(fill(self.tr("读取失败（显示的是 %1 的状态）：%2"), when, failure.message))
        self.failed.emit(failure.message)

    def _show(self) -> None:
        state = self.state
        if state is None:
            return
        self.title.setText(fill(self.tr("%1　等候合计 %2 人"), state.name, sum(c.waiting for c in state.categories)))
        self.categories.setRowCount(len(state.categories))
        for row, category in enumerate(state.categories):
            waiting = str(category.waiting) if category.open else fill(self.tr("%1（暂停取号）"), category.waiting)
            for col, text in enumerate((f"{category.category} {category.name}", waiting)):
                self.categories.setItem(row, col, QTableWidgetItem(text))
        self.windows.setRowCount(len(state.windows))
        for row, window in enumerate(state.windows):
            cells = (window.window, texts.window_state_label(window.state), window.ticket, window.pause_reason)
            for col, text in enumerate(cells):
                self.windows.setItem(row, col, QTableWidgetItem(text))
        if self.read_at is not None:
            self.status.setText(
                fill(self.tr("更新于 %1（每 %2 秒刷新）"), f"{self.read_at:%H:%M:%S}", REFRESH_MS // 1000)
            )
