"""Sync in the window: the background uploader's status in the status bar, and the quarantine view.

With a server and a device token the real uploader (``sync.worker.SyncWorker``) runs on its own thread;
its status callbacks arrive on that thread and are re-emitted here as a queued Qt signal. Each committed
local write calls :meth:`SyncAdapter.after_write`, which wakes the uploader. Without a server the status
bar shows the local count of events that no server has acknowledged yet, read on the DB thread after
every write. Another uploader holding the lock (``hallclient sync --watch`` running) is shown, not fatal.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hallclient.ui.context import AppContext
from hallclient.ui.labels import fill
from hallclient.ui.ops import Failure, QueryOp
from hallclient.ui.statusbar import HallStatusBar
from hallclient.ui.widgets import if_alive

if TYPE_CHECKING:
    from hallclient.services.context import Services
    from hallclient.sync.engine import Syncer
    from hallclient.sync.status import SyncStatus
    from hallclient.sync.worker import SyncWorker

log = logging.getLogger("hallclient.ui.sync")


class SyncAdapter(QObject):
    """Owns the uploader of one window.

    Signals: status_changed(object): the latest ``SyncStatus`` (GUI thread).
    """

    status_changed = Signal(object)
    _status = Signal(object)

    def __init__(self, ctx: AppContext, status_bar: HallStatusBar, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.status_bar = status_bar
        self.worker: SyncWorker | None = None
        self.syncer: Syncer | None = None
        self.busy = ""  # why this window does not upload itself (another uploader holds the lock)
        self.status: SyncStatus | None = None
        self.dialog: QuarantineDialog | None = None
        self._stopped = False
        self._status.connect(self._on_status, Qt.ConnectionType.QueuedConnection)
        if ctx.is_ready:
            self._on_ready()
        else:
            ctx.ready.connect(self._on_ready)

    @property
    def configured(self) -> bool:
        settings = self.ctx.settings
        return bool(settings.server_url and settings.device_token)

    def _on_ready(self) -> None:
        if not self.configured:
            self.refresh()
            return
        notify = self._status.emit

        def work(services: Services) -> tuple[Any, Any, str]:
            from hallclient.sync.engine import Syncer
            from hallclient.sync.lock import UploaderBusy
            from hallclient.sync.worker import SyncWorker

            syncer = Syncer.from_settings(services.store, services.settings)
            worker = SyncWorker(syncer, services.store.path)
            worker.board.subscribe(notify)
            try:
                worker.start()
            except UploaderBusy as error:
                return syncer, None, str(error)
            return syncer, worker, ""

        QueryOp(self.ctx, parent=self, fn=work).success(self._started).failure(self._start_failed).run()

    def _started(self, result: tuple[Any, Any, str]) -> None:
        self.syncer, self.worker, self.busy = result
        if self._stopped:
            self.stop()
            return
        if self.syncer is not None:
            self._on_status(self.syncer.board.current)

    def _start_failed(self, failure: Failure) -> None:
        log.warning("sync not started: %s", failure.message)
        self.busy = failure.message
        self.refresh()

    def refresh(self) -> None:
        """Re-read the counts on the DB thread (no server, or another process uploads)."""
        syncer = self.syncer

        def work(services: Services) -> Any:
            if syncer is not None:
                return syncer.refresh()
            from hallclient.sync.outbox import counts
            from hallclient.sync.status import SyncStatus

            unsynced, quarantined = counts(services.store, services.device_id)
            return SyncStatus(unsynced=unsynced, quarantined=quarantined)

        QueryOp(self.ctx, parent=self, fn=work).success(self._on_status).run()

    def after_write(self) -> None:
        """A local write was committed: upload it soon (or count it when there is no uploader)."""
        if self.worker is not None:
            self.worker.trigger()
        elif self.ctx.is_ready:
            self.refresh()

    def _on_status(self, status: SyncStatus) -> None:
        if (self.status is None or status.last_success != self.status.last_success) and self.ctx.is_ready:
            self.ctx.reload_calendar()  # a round finished: it may have brought a calendar and recounted cases
        self.status = status
        configured = self.configured
        error = status.last_error
        if self.busy:
            error = self.busy if not error else f"{self.busy}\n{error}"
        self.status_bar.set_sync_state(status.unsynced, status.last_success, error, configured=configured,
                                       quarantined=status.quarantined)  # fmt: skip
        if self.busy:
            self.status_bar.sync.setText(self.status_bar.sync.text() + self.tr(" · 由其他进程上传"))
        self.status_changed.emit(status)

    def stop(self) -> None:
        """At exit: let the current request finish, release the uploader lock."""
        self._stopped = True
        worker, syncer = self.worker, self.syncer
        self.worker = self.syncer = None
        if worker is not None:
            worker.stop()
        if syncer is not None:
            syncer.close()

    def open_quarantine(self, parent: QWidget | None = None) -> QuarantineDialog:
        if self.dialog is None:
            self.dialog = QuarantineDialog(self.ctx, self.status, parent)
            self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
            self.dialog.destroyed.connect(lambda _obj=None: setattr(self, "dialog", None))
        self.dialog.show()
        self.dialog.raise_()
        self.dialog.reload()
        return self.dialog


class QuarantineDialog(QDialog):
    """Events the server rejected, with its reason: they never block the queue, but someone must look."""

    loaded = Signal()

    def __init__(self, ctx: AppContext, status: SyncStatus | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.entries: list[tuple[Any, str, Any]] = []
        self.setWindowTitle(self.tr("同步状态与隔离区"))
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.table = QTableWidget(0, 5, self)
        self.table.setHorizontalHeaderLabels(
            [self.tr("序号"), self.tr("事件"), self.tr("办件"), self.tr("服务器拒收原因"), self.tr("时间")]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.empty = QLabel(self.tr("隔离区为空：服务器没有拒收任何事件。"), self)
        buttons = QDialogButtonBox(self)
        refresh = buttons.addButton(self.tr("刷新"), QDialogButtonBox.ButtonRole.ActionRole)
        close = buttons.addButton(self.tr("关闭"), QDialogButtonBox.ButtonRole.RejectRole)
        refresh.clicked.connect(self.reload)
        close.clicked.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addWidget(buttons)
        self.set_status(status)
        self.resize(900, 480)

    def set_status(self, status: SyncStatus | None) -> None:
        if status is None:
            self.summary.setText("")
            return
        when = status.last_success.strftime("%Y-%m-%d %H:%M") if status.last_success else self.tr("从未")
        text = fill(self.tr("未上传事件 %1 条，上次成功同步：%2"), str(status.unsynced), when)
        if status.last_error:
            text += "\n" + fill(self.tr("最近错误：%1"), status.last_error)
        self.summary.setText(text)

    def reload(self) -> None:
        from hallclient.sync.outbox import quarantine

        QueryOp(self.ctx, parent=self, fn=lambda services: quarantine(services.store)).success(self._loaded).run()

    @if_alive
    def _loaded(self, entries: list[tuple[Any, str, Any]]) -> None:
        from hallclient.ui.labels import event_label

        self.entries = entries
        self.table.setRowCount(len(entries))
        for row, (event, reason, acked_at) in enumerate(entries):
            cells = (str(event.seq), event_label(event.type), event.case_id or "", reason,
                     acked_at.strftime("%Y-%m-%d %H:%M") if acked_at else "")  # fmt: skip
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()
        self.table.setVisible(bool(entries))
        self.empty.setVisible(not entries)
        self.loaded.emit()
