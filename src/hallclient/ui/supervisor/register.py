"""The bad-review and complaint register: overdue rows highlighted, register / advance / appeal actions."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
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
    ComplaintDetail,
    ComplaintInput,
    RegisterEntry,
)
from hallclient.ui.labels import event_label, fill
from hallclient.ui.styles import ERROR_STYLE
from hallclient.ui.supervisor import texts

OVERDUE_BRUSH = QBrush(QColor("#F8D7DA"))
COLUMN_COUNT = 11


class ComplaintDialog(QDialog):
    """受理 a complaint: source, links and content."""

    def __init__(self, parent: QWidget | None = None, draft: ComplaintInput | None = None, error: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("登记投诉"))
        form = QFormLayout(self)
        self.source = QComboBox()
        for key, label in SOURCES.items():
            self.source.addItem(texts.source_label(key, label), key)
        self.case_no = QLineEdit()
        self.window_no = QLineEdit()
        self.department = QLineEdit()
        self.complainant = QLineEdit()
        self.phone = QLineEdit()
        self.content = QPlainTextEdit()
        for label, widget in ((self.tr("来源"), self.source), (self.tr("办件编号"), self.case_no),
                              (self.tr("窗口"), self.window_no), (self.tr("部门代码"), self.department),
                              (self.tr("投诉人"), self.complainant), (self.tr("电话"), self.phone),
                              (self.tr("内容"), self.content)):  # fmt: skip
            form.addRow(label, widget)
        self.error = QLabel(error)
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        form.addRow(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        if draft is not None:  # what the supervisor typed before a refusal is never thrown away
            self.source.setCurrentIndex(max(self.source.findData(draft.source), 0))
            for widget, text in ((self.case_no, draft.case_no), (self.window_no, draft.window),
                                 (self.department, draft.department_code), (self.complainant, draft.complainant),
                                 (self.phone, draft.phone)):  # fmt: skip
                widget.setText(text)
            self.content.setPlainText(draft.content)

    def _accept(self) -> None:
        if not self.content.toPlainText().strip():  # checked here, so the dialog stays open with the input
            self.error.setText(self.tr("请填写投诉内容"))
            self.content.setFocus()
            return
        self.accept()

    def value(self) -> ComplaintInput:
        return ComplaintInput(
            source=str(self.source.currentData()), content=self.content.toPlainText(), case_no=self.case_no.text(),
            window=self.window_no.text(), department_code=self.department.text(),
            complainant=self.complainant.text(), phone=self.phone.text(),
        )  # fmt: skip


class ComplaintDetailDialog(QDialog):
    """The whole record of one complaint or bad review, with its history (the table cuts every column)."""

    def __init__(self, detail: ComplaintDetail, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        entry = detail.entry
        self.setWindowTitle(fill(self.tr("投诉/差评 %1"), entry.ref))
        form = QFormLayout(self)
        rows = (
            (self.tr("类型"), texts.kind_label(entry.kind, KIND_LABELS.get(entry.kind, ""))),
            (self.tr("来源"), texts.source_label(entry.source, SOURCE_LABELS.get(entry.source, ""))),
            (self.tr("办件"), entry.case_no or "—"),
            (self.tr("窗口"), entry.window or "—"),
            (self.tr("人员"), entry.clerk_name or "—"),
            (self.tr("投诉人"), detail.complainant or "—"),
            (self.tr("电话"), detail.phone or "—"),
            (self.tr("内容"), entry.content),
            (self.tr("环节"), texts.stage_label(entry.stage, STAGE_LABELS.get(entry.stage, ""))),
            (self.tr("期限"), entry.due_date.isoformat() + (self.tr("（超期）") if entry.overdue else "")),
            (self.tr("调查核实"), detail.finding or "—"),
            (self.tr("整改"), detail.rectification or "—"),
            (self.tr("回访"), " ".join(part for part in (detail.follow_up, detail.follow_up_result) if part) or "—"),
            (self.tr("申诉"), detail.appeal_reason or "—"),
        )
        self.labels: dict[str, QLabel] = {}
        for name, value in rows:
            shown = QLabel(value)
            shown.setWordWrap(True)
            shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            form.addRow(name, shown)
            self.labels[name] = shown
        self.history = QListWidget()
        for at, event_type, actor, note in detail.history:
            self.history.addItem(f"{at}　{event_label(event_type)}　{actor}" + (f"\n    {note}" if note else ""))
        form.addRow(self.tr("处理记录"), self.history)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.resize(640, 560)


class RegisterPanel(QWidget):
    """Signals: register_requested(ComplaintInput), advance_requested(id, note, result),
    appeal_requested(id, reason), decision_requested(id, upheld, note), detail_requested(id): Enter or a
    double-click on a row."""

    detail_requested = Signal(str)
    register_requested = Signal(object)
    advance_requested = Signal(str, str, str)
    appeal_requested = Signal(str, str)
    decision_requested = Signal(str, bool, str)

    def __init__(self, supervisor: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.entries: list[RegisterEntry] = []
        self.draft: ComplaintInput | None = None
        self.model = QStandardItemModel(0, COLUMN_COUNT, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.activated.connect(self._open_detail)  # Enter, and a double-click on most platforms
        self.table.doubleClicked.connect(self._open_detail)
        buttons = QHBoxLayout()
        self.add_button = QPushButton()
        self.advance_button = QPushButton()
        self.appeal_button = QPushButton()
        self.decide_button = QPushButton()
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
        self.retranslate()

    def retranslate(self) -> None:
        """Set every text of the panel in the current language (at construction and on a language switch)."""
        self.model.setHorizontalHeaderLabels([
            self.tr("编号"), self.tr("类型"), self.tr("来源"), self.tr("办件"), self.tr("窗口"), self.tr("人员"),
            self.tr("内容"), self.tr("环节"), self.tr("受理时间"), self.tr("期限"), self.tr("申诉"),
        ])  # fmt: skip
        self.add_button.setText(self.tr("登记投诉…"))
        self.advance_button.setText(self.tr("推进到下一环节…"))
        self.appeal_button.setText(self.tr("申诉复核…"))
        self.decide_button.setText(self.tr("复核结论…"))
        selected = self.selected()
        self.set_entries(self.entries)
        if selected is not None:
            self.table.selectRow(next(i for i, entry in enumerate(self.entries) if entry.id == selected.id))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def set_entries(self, entries: list[RegisterEntry]) -> None:
        self.entries = entries
        self.model.removeRows(0, self.model.rowCount())
        overdue = self.tr("（超期）")
        for entry in entries:
            appeal = texts.appeal_label(entry.appeal_result) if entry.appeal else ""
            cells = [entry.ref, texts.kind_label(entry.kind, KIND_LABELS.get(entry.kind, "")),
                     texts.source_label(entry.source, SOURCE_LABELS.get(entry.source, "")),
                     entry.case_no, entry.window, entry.clerk_name, entry.content,
                     texts.stage_label(entry.stage, STAGE_LABELS.get(entry.stage, "")),
                     entry.received_at.strftime("%Y-%m-%d %H:%M"),
                     entry.due_date.isoformat() + (overdue if entry.overdue else ""), appeal]  # fmt: skip
            items = [QStandardItem(text) for text in cells]
            for item in items:
                item.setData(entry.id, Qt.ItemDataRole.UserRole)
                if entry.overdue:
                    item.setBackground(OVERDUE_BRUSH)
            self.model.appendRow(items)

    def _open_detail(self, index: QModelIndex) -> None:
        if index.isValid() and 0 <= index.row() < len(self.entries):
            self.detail_requested.emit(self.entries[index.row()].id)

    def selected(self) -> RegisterEntry | None:
        rows = self.table.selectionModel().selectedRows()
        return self.entries[rows[0].row()] if rows else None

    def _add(self, error: str = "") -> None:
        dialog = ComplaintDialog(self, self.draft, error)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.draft = dialog.value()
            self.register_requested.emit(self.draft)

    def registered(self) -> None:
        """The complaint was saved: the next one starts empty."""
        self.draft = None

    def register_refused(self, message: str) -> None:
        """The service refused it: the dialog opens again with what was typed and the reason."""
        if self.draft is not None:
            self._add(message)

    def _advance(self) -> None:
        entry = self.selected()
        if entry is None or entry.stage == "closed":
            return
        stage = texts.stage_label(entry.stage, STAGE_LABELS.get(entry.stage, ""))
        prompt = fill(self.tr("%1环节的处理情况："), stage)
        note, ok = QInputDialog.getMultiLineText(self, self.tr("推进"), prompt)
        if not ok:
            return
        result = ""
        if entry.stage == "follow_up":
            choices = [texts.follow_up_label(value) for value in FOLLOW_UP_RESULTS]
            chosen, ok = QInputDialog.getItem(self, self.tr("回访"), self.tr("群众评价："), choices, 0, False)
            if not ok:
                return
            result = FOLLOW_UP_RESULTS[choices.index(chosen)]
        self.advance_requested.emit(entry.id, note, result)

    def _appeal(self) -> None:
        entry = self.selected()
        if entry is not None:
            reason, ok = QInputDialog.getMultiLineText(self, self.tr("申诉复核"), self.tr("申诉理由："))
            if ok:
                self.appeal_requested.emit(entry.id, reason)

    def _decide(self) -> None:
        entry = self.selected()
        if entry is None:
            return
        upheld, rejected = self.tr("申诉成立"), self.tr("申诉不成立")
        choice, ok = QInputDialog.getItem(self, self.tr("复核结论"), self.tr("结论："), [upheld, rejected], 0, False)
        if not ok:
            return
        note, ok = QInputDialog.getMultiLineText(self, self.tr("复核结论"), self.tr("复核意见："))
        if ok:
            self.decision_requested.emit(entry.id, choice == upheld, note)
