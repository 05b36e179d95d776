"""The print queue panel and the slip preview: what was printed, what failed and why, retry and 补打.

Both show the slip as the printer draws it (the ``preview:`` renderer's PNG), so the clerk checks the
paper before it is printed (a reprint) and after (any job in the queue).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hallclient.fonts import uncovered_message
from hallclient.services.slip_preview import JobRow, SlipImage, job_preview, load_jobs
from hallclient.ui.context import AppContext
from hallclient.ui.labels import error_kind_label, fill, job_state_label, slip_kind_label
from hallclient.ui.ops import QueryOp
from hallclient.ui.printadapter import PrintAdapter
from hallclient.ui.styles import WARNING_STYLE
from hallclient.ui.widgets import if_alive

FAILED_BRUSH = QBrush(QColor("#F8D7DA"))


def slip_pixmap(slip: SlipImage) -> QPixmap:
    pixmap = QPixmap()
    pixmap.loadFromData(slip.png, "PNG")
    return pixmap


class SlipView(QScrollArea):
    """The slip image, scrollable (a 容缺 notice is two copies long), under a warning naming any character
    that no bundled font draws (it shows as a box, on screen and on paper)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        content = QWidget(self)
        column = QVBoxLayout(content)
        column.setContentsMargins(0, 0, 0, 0)
        self.warning = QLabel(content)
        self.warning.setObjectName("slip_warning")
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet(WARNING_STYLE)
        self.warning.setVisible(False)
        self.paper = QLabel(content)
        self.paper.setObjectName("slip_paper")
        self.paper.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        column.addWidget(self.warning)
        column.addWidget(self.paper, 1)
        self.setWidget(content)
        self.setWidgetResizable(True)
        self.setMinimumWidth(460)

    def show_slip(self, slip: SlipImage | None) -> None:
        message = uncovered_message(list(slip.uncovered)) if slip is not None else ""
        self.warning.setText(message)
        self.warning.setVisible(bool(message))
        if slip is None:
            self.paper.clear()
            return
        self.paper.setPixmap(slip_pixmap(slip))


class SlipPreviewDialog(QDialog):
    """A slip on screen; with a printer, the 补打 button queues it (marked 补打 on paper).

    Signals: print_requested(object): the clerk confirmed printing this ``SlipImage``.
    """

    print_requested = Signal(object)

    def __init__(self, slip: SlipImage, *, printable: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.slip = slip
        title = slip_kind_label(slip.kind) + (f" {slip.case_no}" if slip.case_no else "")
        if printable:
            self.setWindowTitle(fill(self.tr("补打预览 — %1"), title))
        else:
            self.setWindowTitle(fill(self.tr("小票预览（未配置打印机） — %1"), title))
        layout = QVBoxLayout(self)
        self.view = SlipView(self)
        self.view.show_slip(slip)
        layout.addWidget(self.view)
        buttons = QDialogButtonBox(self)
        self.print_button: QPushButton | None = None
        if printable:
            self.print_button = buttons.addButton(self.tr("补打"), QDialogButtonBox.ButtonRole.AcceptRole)
            self.print_button.setDefault(True)
            self.print_button.clicked.connect(self._print)
        close = buttons.addButton(self.tr("关闭"), QDialogButtonBox.ButtonRole.RejectRole)
        close.clicked.connect(self.close)
        layout.addWidget(buttons)
        self.resize(520, 700)

    def _print(self) -> None:
        self.print_requested.emit(self.slip)
        self.close()


class PrintQueueDialog(QDialog):
    """Jobs newest first with state, attempts and the classified error; Retry, 补打 and the selected slip."""

    loaded = Signal()

    COLUMNS = 7

    def __init__(self, ctx: AppContext, printing: PrintAdapter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.printing = printing
        self.rows: list[JobRow] = []
        self.setWindowTitle(self.tr("打印队列"))
        self.table = QTableWidget(0, self.COLUMNS, self)
        self.table.setHorizontalHeaderLabels([
            self.tr("时间"), self.tr("凭证"), self.tr("办件编号"), self.tr("状态"), self.tr("次数"),
            self.tr("补打"), self.tr("原因"),
        ])  # fmt: skip
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(self.COLUMNS - 1, QHeaderView.ResizeMode.Stretch)
        self.view = SlipView(self)
        self.printer_label = QLabel(self)
        self.printer_label.setWordWrap(True)
        splitter = QSplitter(self)
        splitter.addWidget(self.table)
        splitter.addWidget(self.view)
        splitter.setSizes([440, 660])  # the whole 80 mm slip (576 dots) is visible
        self.retry_button = QPushButton(self.tr("重试"), self)
        self.reprint_button = QPushButton(self.tr("补打"), self)
        self.refresh_button = QPushButton(self.tr("刷新"), self)
        close = QPushButton(self.tr("关闭"), self)
        buttons = QHBoxLayout()
        buttons.addWidget(self.printer_label, 1)
        for button in (self.retry_button, self.reprint_button, self.refresh_button, close):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)
        self.retry_button.clicked.connect(self.retry)
        self.reprint_button.clicked.connect(self.reprint)
        self.refresh_button.clicked.connect(self.reload)
        close.clicked.connect(self.close)
        self.table.itemSelectionChanged.connect(self._selected)
        printing.jobs_changed.connect(self.reload)
        printing.state_changed.connect(self._printer_state)
        self._selected()
        self.resize(1140, 640)

    def _printer_state(self, text: str, _ok: object, detail: str) -> None:
        self.printer_label.setText(fill(self.tr("打印机：%1"), text))
        self.printer_label.setToolTip(detail)

    def reload(self) -> None:
        QueryOp(self.ctx, parent=self, fn=load_jobs).success(self._loaded).run()

    @if_alive
    def _loaded(self, rows: list[JobRow]) -> None:
        chosen = self.current()
        self.rows = rows
        self.table.setRowCount(len(rows))
        for index, row in enumerate(rows):
            view = row.view
            reason = f"{error_kind_label(view.error_kind)}：{view.error}" if view.error else ""
            cells = (
                view.created_at.strftime("%m-%d %H:%M:%S"), slip_kind_label(view.kind.value), row.case_no,
                job_state_label(view.state), str(view.attempts), self.tr("补打") if view.reprint else "", reason,
            )  # fmt: skip
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, view.id)
                if view.state == "failed":
                    item.setBackground(FAILED_BRUSH)
                    item.setToolTip(reason)
                self.table.setItem(index, column, item)
        self.table.resizeColumnsToContents()
        ids = [row.view.id for row in rows]
        if chosen is not None and chosen.view.id in ids:
            self.table.selectRow(ids.index(chosen.view.id))
        elif rows:
            self.table.selectRow(0)
        self._selected()
        self.loaded.emit()

    def current(self) -> JobRow | None:
        index = self.table.currentRow()
        selected = self.table.selectionModel().hasSelection() if self.table.selectionModel() else False
        return self.rows[index] if selected and 0 <= index < len(self.rows) else None

    def _selected(self) -> None:
        row = self.current()
        self.retry_button.setEnabled(row is not None and row.view.state == "failed")
        self.reprint_button.setEnabled(row is not None and self.printing.can_print)
        if row is None:
            self.view.show_slip(None)
            return
        job_id = row.view.id
        QueryOp(self.ctx, parent=self, fn=lambda services: job_preview(services, job_id)).success(self._preview).run()

    @if_alive
    def _preview(self, slip: SlipImage) -> None:
        row = self.current()
        if row is not None and row.view.id == slip.job_id:
            self.view.show_slip(slip)

    def retry(self) -> None:
        row = self.current()
        if row is not None:
            self.printing.retry_job(row.view.id)

    def reprint(self) -> None:
        row = self.current()
        if row is not None:
            self.printing.reprint_job(row.view.id)
