"""The 考核 tab's findings list (巡查记录, 明察暗访, 视频抽查 of the period) with its actions.

The panel only shows and asks; the tab runs the writes (``services.findings``) and reloads. Signals:
record_requested(); appeal_requested(finding id, reason); decision_requested(finding id, overturn, note).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from hallclient.ui.supervisor import assessment_texts as texts


def read_only_table(model: QStandardItemModel) -> QTableView:
    """A table of whole-row single selection, not editable, without row numbers (the tab's three tables)."""
    table = QTableView()
    table.setModel(model)
    table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
    table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
    return table


class FindingsPanel(QGroupBox):
    record_requested = Signal()
    appeal_requested = Signal(str, str)
    decision_requested = Signal(str, bool, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.findings: list[Any] = []  # ``services.findings.list_findings`` rows
        self.add_button, self.appeal_button, self.decide_button = QPushButton(), QPushButton(), QPushButton()
        self.model = QStandardItemModel(self)
        self.table = read_only_table(self.model)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.appeal_button, self.decide_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.table)
        self.add_button.clicked.connect(self.record_requested)
        self.appeal_button.clicked.connect(self._ask_appeal)
        self.decide_button.clicked.connect(self._ask_decision)
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(self.tr("本机登记的检查记录（巡查、明察暗访、视频抽查）"))
        self.add_button.setText(self.tr("登记扣分…"))
        self.appeal_button.setText(self.tr("申诉…"))
        self.decide_button.setText(self.tr("复核结论…"))
        self.set_findings(self.findings)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def set_findings(self, findings: list[Any]) -> None:
        self.findings = findings
        self.model.clear()
        self.model.setHorizontalHeaderLabels([
            self.tr("日期"), self.tr("类型"), self.tr("人员"), self.tr("窗口"), self.tr("分值"), self.tr("情况说明"),
            self.tr("状态"), self.tr("申诉理由"),
        ])  # fmt: skip
        for finding in findings:
            cells = [finding.day.isoformat(), texts.finding_kind_label(finding.kind), finding.staff_name,
                     finding.window, f"{finding.points:+g}", finding.note, texts.finding_status_label(finding.status),
                     finding.appeal_reason]  # fmt: skip
            items = [QStandardItem(text) for text in cells]
            for item in items:
                item.setData(finding.id, Qt.ItemDataRole.UserRole)
            self.model.appendRow(items)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setStretchLastSection(True)

    def selected(self) -> Any:
        rows = self.table.selectionModel().selectedRows()
        return self.findings[rows[0].row()] if rows and rows[0].row() < len(self.findings) else None

    def _ask_appeal(self) -> None:
        finding = self.selected()
        if finding is None:
            return
        reason, ok = QInputDialog.getMultiLineText(self, self.tr("申诉"), self.tr("申诉理由："))
        if ok:
            self.appeal_requested.emit(finding.id, reason)

    def _ask_decision(self) -> None:
        finding = self.selected()
        if finding is None:
            return
        overturn, keep = self.tr("申诉成立，撤销扣分"), self.tr("申诉驳回，维持扣分")
        choice, ok = QInputDialog.getItem(self, self.tr("复核结论"), self.tr("结论："), [overturn, keep], 0, False)
        if not ok:
            return
        note, ok = QInputDialog.getMultiLineText(self, self.tr("复核结论"), self.tr("复核意见："))
        if ok:
            self.decision_requested.emit(finding.id, choice == overturn, note)
