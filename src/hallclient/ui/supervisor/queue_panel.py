"""The supervisor window's 排队 tab: queue figures of the chosen period from the server, and their exports.

The figures live on the server (``GET /v1/tallies/queue``); they are fetched on the network thread with the
supervisor's server session (:mod:`hallclient.ui.supervisor.server_sign_in`), for every grouping at once,
so switching the grouping redraws without a new request. Exports write what is shown (XLSX: every grouping).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QTableView, QVBoxLayout, QWidget

from hallclient.domain.queue_figures import QUEUE_COLUMNS, QUEUE_GROUPINGS, QueueTally
from hallclient.domain.tally import Period, format_value
from hallclient.services.context import Actor, Services
from hallclient.ui.context import AppContext
from hallclient.ui.labels import fill
from hallclient.ui.ops import Failure, NetworkOp, QueryOp
from hallclient.ui.supervisor import texts
from hallclient.ui.supervisor.server_sign_in import ServerSignIn


class QueuePanel(QWidget):
    """Signals: loaded(object) with the shown ``QueueTally``; exported(str); failed(str)."""

    loaded = Signal(object)
    exported = Signal(str)
    failed = Signal(str)

    def __init__(self, ctx: AppContext, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.tallies: dict[str, QueueTally] = {}
        self.period: Period | None = None
        self.sign_in = ServerSignIn(ctx, actor.username)
        self.grouping = QComboBox()
        for key in QUEUE_GROUPINGS:
            self.grouping.addItem(key, key)
        self.export_buttons = {fmt: QPushButton() for fmt in ("pdf", "xlsx", "csv")}
        bar = QHBoxLayout()
        bar.addWidget(self.grouping)
        bar.addStretch(1)
        for button in self.export_buttons.values():
            bar.addWidget(button)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.model = QStandardItemModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        layout = QVBoxLayout(self)
        layout.addWidget(self.sign_in)
        layout.addLayout(bar)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        self.sign_in.signed_in.connect(self.reload)
        self.grouping.currentIndexChanged.connect(self._show_current)
        for fmt, button in self.export_buttons.items():
            button.clicked.connect(lambda _checked=False, fmt=fmt: self._ask_export(fmt))
        self.retranslate()

    def retranslate(self) -> None:
        for index in range(self.grouping.count()):
            key = str(self.grouping.itemData(index))
            self.grouping.setItemText(index, texts.queue_grouping_choice(key, QUEUE_GROUPINGS.get(key, key)))
        for fmt, button in self.export_buttons.items():
            button.setText(fill(self.tr("导出 %1…"), fmt.upper()))
        self.sign_in.retranslate()
        self._show_current()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def load(self, period: Period) -> None:
        """Fetch the figures of ``period`` (once signed in on the server)."""
        self.period = period
        self.reload()

    def reload(self) -> None:
        signed_in = bool(self.ctx.server_token)
        self.sign_in.setVisible(not signed_in)
        if not signed_in or self.period is None:
            return
        period, token = self.period, self.ctx.server_token

        def work(services: Services) -> dict[str, QueueTally]:
            from hallclient.reports.server import fetch_queue_figures

            settings = services.settings
            return fetch_queue_figures(settings.server_url, settings.device_token, token, period, QUEUE_GROUPINGS,
                                       ca_file=settings.ca_file)  # fmt: skip

        self.summary.setText(self.tr("正在从服务器读取排队统计…"))
        NetworkOp(self.ctx, parent=self, fn=work).success(self._loaded).failure(self._failed).run()

    def _loaded(self, tallies: dict[str, QueueTally]) -> None:
        self.tallies = tallies
        self._show_current()
        self.loaded.emit(self.current())

    def _failed(self, failure: Failure) -> None:
        from hallclient.reports.server import SignInRefused

        if isinstance(failure.error, SignInRefused):  # the server session ended: ask again
            self.ctx.server_token = ""
            self.sign_in.setVisible(True)
        self.summary.setText(failure.message)
        self.failed.emit(failure.message)

    def current(self) -> QueueTally | None:
        return self.tallies.get(str(self.grouping.currentData()))

    def _show_current(self) -> None:
        tally = self.current()
        if tally is None:
            return
        total = tally.total
        figures = fill(
            self.tr("取号 <b>%1</b>　等候中位数 %2 分钟（P90 %3）　服务中位数 %4 分钟（P90 %5）　过号率 %6　"
                    "转移 %7　预约 %8（签到 %9，爽约 %10）　暂停服务 %11 分钟"),
            total.issued, _minutes(total.wait_median_s), _minutes(total.wait_p90_s),
            _minutes(total.service_median_s), _minutes(total.service_p90_s), format_value(total.no_show_rate, "pct"),
            total.transferred, total.appointments, total.appointments_kept, total.appointments_missed,
            format_value(total.paused_minutes, "minutes"),
        )  # fmt: skip
        self.summary.setText(f"{tally.hall_name}　{tally.period.label()}<br>{figures}"
                             + "".join(f"<br>{note}" for note in tally.notes))  # fmt: skip
        self.model.clear()
        first = texts.queue_grouping_label(tally.grouping, tally.grouping_label)
        headers = texts.queue_column_labels()
        self.model.setHorizontalHeaderLabels([first, *[headers.get(c.key, c.label) for c in QUEUE_COLUMNS]])
        for fig in [*tally.groups, tally.total]:
            label = texts.total_label() if fig is tally.total else fig.label
            self.model.appendRow([QStandardItem(label), *[QStandardItem(format_value(column.value(fig), column.kind))
                                                          for column in QUEUE_COLUMNS]])  # fmt: skip
        self.table.resizeColumnsToContents()

    # -- exports ---------------------------------------------------------------------------------------

    def _ask_export(self, fmt: str) -> None:
        from PySide6.QtCore import QStandardPaths
        from PySide6.QtWidgets import QFileDialog

        tally = self.current()
        if tally is None:
            return
        prefix = self.tr("排队统计", "export file name")
        suggested = f"{prefix}_{tally.period.start:%Y%m%d}_{tally.period.end:%Y%m%d}.{fmt}"
        documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        start = str(Path(documents) / suggested) if documents else suggested
        path, _ = QFileDialog.getSaveFileName(self, self.tr("导出"), start, f"{fmt.upper()} (*.{fmt})")
        if path:
            self.export_to(Path(path), fmt)

    def export_to(self, path: Path, fmt: str) -> None:
        """Write the shown figures (XLSX: every grouping, the shown one first) on the worker thread."""
        tally = self.current()
        if tally is None:
            return
        tallies = {tally.grouping: tally, **self.tallies}

        def work(_services: Services) -> str:
            from hallclient.reports import export_queue

            if fmt == "pdf":
                return str(export_queue.write_queue_pdf(tally, path))
            if fmt == "xlsx":
                return str(export_queue.write_queue_xlsx(tallies, path))
            return str(export_queue.write_queue_csv(tally, path))

        QueryOp(self.ctx, parent=self, fn=work).success(self.exported.emit).failure(self._failed).with_progress(
            self.tr("正在导出…")
        ).run()


def _minutes(seconds: float | None) -> str:
    return format_value(None if seconds is None else seconds / 60, "minutes")
