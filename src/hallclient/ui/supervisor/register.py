"""The bad-review and complaint register: overdue rows highlighted, register / advance / appeal actions."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from hallclient.services.complaints import (
    FOLLOW_UP_RESULTS,
    KIND_LABELS,
    SOURCE_LABELS,
    SOURCES,
    STAGE_LABELS,
    ComplaintInput,
    RegisterEntry,
)

OVERDUE_BRUSH = QBrush(QColor("#F8D7DA"))
HEADERS = ["编号", "类型", "来源", "办件", "窗口", "人员", "内容", "环节", "受理时间", "期限", "申诉"]


class ComplaintDialog(QDialog):
    """受理 a complaint: source, links and content."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("登记投诉")
        form = QFormLayout(self)
        self.source = QComboBox()
        for key, label in SOURCES.items():
            self.source.addItem(label, key)
        self.case_no = QLineEdit()
        self.window_no = QLineEdit()
        self.department = QLineEdit()
        self.complainant = QLineEdit()
        self.phone = QLineEdit()
        self.content = QPlainTextEdit()
        for label, widget in (("来源", self.source), ("办件编号", self.case_no), ("窗口", self.window_no),
                              ("部门代码", self.department), ("投诉人", self.complainant), ("电话", self.phone),
                              ("内容", self.content)):  # fmt: skip
            form.addRow(label, widget)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def value(self) -> ComplaintInput:
        return ComplaintInput(
            source=str(self.source.currentData()), content=self.content.toPlainText(), case_no=self.case_no.text(),
            window=self.window_no.text(), department_code=self.department.text(),
            complainant=self.complainant.text(), phone=self.phone.text(),
        )  # fmt: skip


class RegisterPanel(QWidget):
    """Signals: register_requested(ComplaintInput), advance_requested(id, note, result),
    appeal_requested(id, reason), decision_requested(id, upheld, note)."""

    register_requested = Signal(object)
    advance_requested = Signal(str, str, str)
    appeal_requested = Signal(str, str)
    decision_requested = Signal(str, bool, str)

    def __init__(self, supervisor: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.entries: list[RegisterEntry] = []
        self.model = QStandardItemModel(0, len(HEADERS), self)
        self.model.setHorizontalHeaderLabels(HEADERS)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        buttons = QHBoxLayout()
        self.add_button = QPushButton("登记投诉…")
        self.advance_button = QPushButton("推进到下一环节…")
        self.appeal_button = QPushButton("申诉复核…")
        self.decide_button = QPushButton("复核结论…")
        self.decide_button.setVisible(supervisor)
        for button in (self.add_button, self.advance_button, self.appeal_button, self.decide_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.table)
        self.add_button.clicked.connect(self._add)
        self.advance_button.clicked.connect(self._advance)
        self.appeal_button.clicked.connect(self._appeal)
        self.decide_button.clicked.connect(self._decide)

    def set_entries(self, entries: list[RegisterEntry]) -> None:
        self.entries = entries
        self.model.removeRows(0, self.model.rowCount())
        for entry in entries:
            appeal = {"": "待复核", "upheld": "成立", "rejected": "不成立"}[entry.appeal_result] if entry.appeal else ""
            texts = [entry.ref, KIND_LABELS.get(entry.kind, entry.kind), SOURCE_LABELS.get(entry.source, entry.source),
                     entry.case_no, entry.window, entry.clerk_name, entry.content, STAGE_LABELS[entry.stage],
                     entry.received_at.strftime("%Y-%m-%d %H:%M"), entry.due_date.isoformat() +
                     ("（超期）" if entry.overdue else ""), appeal]  # fmt: skip
            items = [QStandardItem(text) for text in texts]
            for item in items:
                item.setData(entry.id, Qt.ItemDataRole.UserRole)
                if entry.overdue:
                    item.setBackground(OVERDUE_BRUSH)
            self.model.appendRow(items)

    def selected(self) -> RegisterEntry | None:
        rows = self.table.selectionModel().selectedRows()
        return self.entries[rows[0].row()] if rows else None

    def _add(self) -> None:
        dialog = ComplaintDialog(self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.register_requested.emit(dialog.value())

    def _advance(self) -> None:
        entry = self.selected()
        if entry is None or entry.stage == "closed":
            return
        note, ok = QInputDialog.getMultiLineText(self, "推进", f"{STAGE_LABELS[entry.stage]}环节的处理情况：")
        if not ok:
            return
        result = ""
        if entry.stage == "follow_up":
            result, ok = QInputDialog.getItem(self, "回访", "群众评价：", list(FOLLOW_UP_RESULTS), 0, False)
            if not ok:
                return
        self.advance_requested.emit(entry.id, note, result)

    def _appeal(self) -> None:
        entry = self.selected()
        if entry is not None:
            reason, ok = QInputDialog.getMultiLineText(self, "申诉复核", "申诉理由：")
            if ok:
                self.appeal_requested.emit(entry.id, reason)

    def _decide(self) -> None:
        entry = self.selected()
        if entry is None:
            return
        choice, ok = QInputDialog.getItem(self, "复核结论", "结论：", ["申诉成立", "申诉不成立"], 0, False)
        if not ok:
            return
        note, ok = QInputDialog.getMultiLineText(self, "复核结论", "复核意见：")
        if ok:
            self.decision_requested.emit(entry.id, choice == "申诉成立", note)
