"""The bad-review and complaint register: the six steps per complaint with overdue steps coloured, the
handler, a filter and counts by source, the 专题会 flag and record, and the ledger (台账) export."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QEvent, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hallclient.services.complaint_meetings import Meeting, MeetingFlag, MeetingInput
from hallclient.services.complaints import (
    FOLLOW_UP_RESULTS,
    KIND_LABELS,
    SOURCE_LABELS,
    SOURCES,
    STAGE_LABELS,
    STEPS,
    ComplaintDetail,
    ComplaintInput,
    RegisterEntry,
    RegisterView,
    StepState,
    source_counts,
)
from hallclient.ui.labels import event_label, fill
from hallclient.ui.styles import ERROR_STYLE
from hallclient.ui.supervisor import texts

OVERDUE_BRUSH = QBrush(QColor("#F8D7DA"))
HANDLER_COLUMN = 11
STEP_COLUMN = 12  # the first of the six step columns, in STEPS order
COLUMN_COUNT = STEP_COLUMN + len(STEPS)


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
            (self.tr("经办人"), entry.handler_name or self.tr("未指派")),
            (self.tr("举一反三"), _step_text(entry, "lessons") or "—"),
            (self.tr("保持长效"), _step_text(entry, "lasting") or "—"),
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


def _step_text(entry: RegisterEntry, step: str) -> str:
    return next((state.text for state in entry.steps if state.step == step), "")


class MeetingDialog(QDialog):
    """Record a 专题会: date, department, attendees, decisions, and the complaints of that department it covered."""

    def __init__(
        self, flags: list[MeetingFlag], entries: list[RegisterEntry], today: date, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("记录专题会"))
        self.entries = entries
        self.flags = {flag.department_code: flag for flag in flags}
        form = QFormLayout(self)
        self.held_on = QDateEdit(QDate(today.year, today.month, today.day))
        self.held_on.setCalendarPopup(True)
        self.held_on.setDisplayFormat("yyyy-MM-dd")
        self.department = QComboBox()
        codes = [*self.flags, *sorted({e.department_code for e in entries if e.department_code} - set(self.flags))]
        for code in codes:
            flag = self.flags.get(code)
            self.department.addItem(f"{flag.department_name}（{code}）" if flag else code, code)
        self.attendees = QLineEdit()
        self.decisions = QPlainTextEdit()
        self.covered = QListWidget()
        for label, widget in ((self.tr("日期"), self.held_on), (self.tr("部门"), self.department),
                              (self.tr("参会人员"), self.attendees), (self.tr("议定事项"), self.decisions),
                              (self.tr("涉及的差评/投诉"), self.covered)):  # fmt: skip
            form.addRow(label, widget)
        self.error = QLabel()
        self.error.setStyleSheet(ERROR_STYLE)
        form.addRow(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.department.currentIndexChanged.connect(self._fill_covered)
        self._fill_covered()

    def _fill_covered(self) -> None:
        """The department's complaints, those behind its flag ticked."""
        code = str(self.department.currentData())
        flagged = set(self.flags[code].complaint_ids) if code in self.flags else set()
        self.covered.clear()
        for entry in self.entries:
            if entry.department_code != code:
                continue
            item = QListWidgetItem(f"{entry.ref}　{entry.content}")
            item.setData(Qt.ItemDataRole.UserRole, entry.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if entry.id in flagged else Qt.CheckState.Unchecked)
            self.covered.addItem(item)

    def _accept(self) -> None:
        if not self.attendees.text().strip() or not self.decisions.toPlainText().strip():
            self.error.setText(self.tr("请填写参会人员和议定事项"))
            return
        self.accept()

    def value(self) -> MeetingInput:
        held = self.held_on.date().toPython()
        assert isinstance(held, date)
        ticked = [self.covered.item(i) for i in range(self.covered.count())]
        ids = tuple(str(item.data(Qt.ItemDataRole.UserRole)) for item in ticked
                    if item.checkState() == Qt.CheckState.Checked)  # fmt: skip
        return MeetingInput(held, str(self.department.currentData() or ""), self.attendees.text(),
                            self.decisions.toPlainText(), ids)  # fmt: skip


class MeetingListDialog(QDialog):
    """The 专题会 recorded, newest first (the ledger exports them too)."""

    def __init__(self, meetings: list[Meeting], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("专题会记录"))
        headers = [self.tr("日期"), self.tr("部门"), self.tr("参会人员"), self.tr("议定事项"),
                   self.tr("涉及的差评/投诉"), self.tr("记录人")]  # fmt: skip
        self.table = QTableWidget(len(meetings), len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for row, meeting in enumerate(meetings):
            values = (meeting.held_on.isoformat(), meeting.department_name, meeting.attendees, meeting.decisions,
                      "、".join(meeting.complaint_refs), meeting.recorded_by_name)  # fmt: skip
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(value))
        self.table.resizeColumnsToContents()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(760, 360)


class RegisterPanel(QWidget):
    """Signals: register_requested(ComplaintInput), advance_requested(id, note, result),
    appeal_requested(id, reason), decision_requested(id, upheld, note), detail_requested(id): Enter or a
    double-click on a row."""

    detail_requested = Signal(str)
    register_requested = Signal(object)
    advance_requested = Signal(str, str, str)
    appeal_requested = Signal(str, str)
    decision_requested = Signal(str, bool, str)
    assign_requested = Signal(str, str)  # complaint id, handler's user id
    meeting_requested = Signal(object)  # MeetingInput
    ledger_requested = Signal()

    def __init__(self, supervisor: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.all_entries: list[RegisterEntry] = []
        self.entries: list[RegisterEntry] = []  # the rows shown (the source filter applied)
        self.handlers: list[tuple[str, str, str]] = []
        self.flags: list[MeetingFlag] = []
        self.meetings: list[Meeting] = []
        self.today = date.today()
        self.draft: ComplaintInput | None = None
        self.source_filter = QComboBox()
        self.source_filter.addItem("", "")
        for key in SOURCE_LABELS:
            self.source_filter.addItem("", key)
        self.source_filter.currentIndexChanged.connect(lambda _index: self.set_entries(self.all_entries))
        self.counts = QLabel()
        self.flag_label = QLabel()
        self.flag_label.setStyleSheet(ERROR_STYLE)
        self.flag_label.setWordWrap(True)
        self.flag_label.setVisible(False)
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
        self.assign_button = QPushButton()
        self.meeting_button = QPushButton()
        self.meetings_button = QPushButton()
        self.ledger_button = QPushButton()
        for button in (self.decide_button, self.assign_button, self.meeting_button):
            button.setVisible(supervisor)
        for button in (self.add_button, self.advance_button, self.assign_button, self.appeal_button,
                       self.decide_button, self.meeting_button, self.meetings_button, self.ledger_button):  # fmt: skip
            buttons.addWidget(button)
        buttons.addStretch(1)
        filters = QHBoxLayout()
        self.source_label = QLabel()
        filters.addWidget(self.source_label)
        filters.addWidget(self.source_filter)
        filters.addWidget(self.counts, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addLayout(filters)
        layout.addWidget(self.flag_label)
        layout.addWidget(self.table)
        self.add_button.clicked.connect(self._add)
        self.advance_button.clicked.connect(self._advance)
        self.appeal_button.clicked.connect(self._appeal)
        self.decide_button.clicked.connect(self._decide)
        self.assign_button.clicked.connect(self._assign)
        self.meeting_button.clicked.connect(self._meeting)
        self.meetings_button.clicked.connect(lambda: self.meeting_list().exec())
        self.ledger_button.clicked.connect(self.ledger_requested)
        self.retranslate()

    def retranslate(self) -> None:
        """Set every text of the panel in the current language (at construction and on a language switch)."""
        self.model.setHorizontalHeaderLabels([
            self.tr("编号"), self.tr("类型"), self.tr("来源"), self.tr("办件"), self.tr("窗口"), self.tr("人员"),
            self.tr("内容"), self.tr("环节"), self.tr("受理时间"), self.tr("期限"), self.tr("申诉"), self.tr("经办人"),
            *[texts.stage_label(step, STAGE_LABELS[step]) for step in STEPS],
        ])  # fmt: skip
        self.add_button.setText(self.tr("登记投诉…"))
        self.advance_button.setText(self.tr("记录本环节…"))
        self.appeal_button.setText(self.tr("申诉复核…"))
        self.decide_button.setText(self.tr("复核结论…"))
        self.assign_button.setText(self.tr("指派经办人…"))
        self.meeting_button.setText(self.tr("记录专题会…"))
        self.meetings_button.setText(self.tr("专题会记录…"))
        self.ledger_button.setText(self.tr("导出台账…"))
        self.source_label.setText(self.tr("来源"))
        self.source_filter.setItemText(0, self.tr("全部来源"))
        for index in range(1, self.source_filter.count()):
            key = str(self.source_filter.itemData(index))
            self.source_filter.setItemText(index, texts.source_label(key, SOURCE_LABELS.get(key, key)))
        selected = self.selected()
        self.set_entries(self.all_entries)
        self.set_flags(self.flags)
        if selected is not None:
            self.table.selectRow(next(i for i, entry in enumerate(self.entries) if entry.id == selected.id))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def show_view(self, view: RegisterView) -> None:
        self.today, self.handlers, self.meetings = view.today, view.handlers, view.meetings
        self.set_flags(view.flags)
        self.set_entries(view.entries)

    def set_flags(self, flags: list[MeetingFlag]) -> None:
        """Departments needing a 专题会, named above the table."""
        self.flags = flags
        names = [fill(self.tr("%1（%2差评 %3 件）"), flag.department_name, f"{flag.month:%Y-%m}", flag.bad_reviews)
                 for flag in flags]  # fmt: skip
        self.flag_label.setText(fill(self.tr("需召开专题会：%1"), "；".join(names)) if names else "")
        self.flag_label.setVisible(bool(names))

    def step_text(self, state: StepState) -> str:
        """A step cell: when and by whom it was recorded, or its due day; overdue said in words too."""
        if state.at is not None:
            text = f"{state.at:%m-%d} {state.actor_name}"
        else:
            text = fill(self.tr("限 %1"), f"{state.due:%m-%d}")
        return text + (self.tr("（超期）") if state.overdue else "")

    def set_entries(self, entries: list[RegisterEntry]) -> None:
        self.all_entries = entries
        counts = source_counts(entries)
        self.counts.setText("　".join(f"{texts.source_label(key, SOURCE_LABELS.get(key, key))} {count}"
                                     for key, count in counts.items()))  # fmt: skip
        wanted = str(self.source_filter.currentData() or "")
        self.entries = [entry for entry in entries if not wanted or entry.source == wanted]
        self.model.removeRows(0, self.model.rowCount())
        overdue = self.tr("（超期）")
        for entry in self.entries:
            appeal = texts.appeal_label(entry.appeal_result) if entry.appeal else ""
            cells = [entry.ref, texts.kind_label(entry.kind, KIND_LABELS.get(entry.kind, "")),
                     texts.source_label(entry.source, SOURCE_LABELS.get(entry.source, "")),
                     entry.case_no, entry.window, entry.clerk_name, entry.content,
                     texts.stage_label(entry.stage, STAGE_LABELS.get(entry.stage, "")),
                     entry.received_at.strftime("%Y-%m-%d %H:%M"),
                     entry.due_date.isoformat() + (overdue if entry.overdue else ""), appeal,
                     entry.handler_name or self.tr("未指派")]  # fmt: skip
            items = [QStandardItem(text) for text in cells]
            for item in items:
                if entry.overdue:
                    item.setBackground(OVERDUE_BRUSH)
            for state in entry.steps:
                item = QStandardItem(self.step_text(state))
                item.setToolTip(state.text)
                if state.overdue:
                    item.setBackground(OVERDUE_BRUSH)
                items.append(item)
            for item in items:
                item.setData(entry.id, Qt.ItemDataRole.UserRole)
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
        prompt = fill(self.tr("%1：%2"), stage, texts.step_prompt(entry.stage))
        note, ok = QInputDialog.getMultiLineText(self, self.tr("记录本环节"), prompt)
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

    def set_handlers(self, handlers: list[tuple[str, str, str]]) -> None:
        """Who may be assigned: (user id, name, role) of the active accounts."""
        self.handlers = handlers

    def _assign(self) -> None:
        entry = self.selected()
        if entry is None or entry.stage == "closed":
            return
        choices = [(user_id, name) for user_id, name, _role in self.handlers if user_id != entry.clerk_id]
        if not choices:
            return
        names = [name for _id, name in choices]
        current = names.index(entry.handler_name) if entry.handler_name in names else 0
        chosen, ok = QInputDialog.getItem(self, self.tr("指派经办人"), self.tr("经办人："), names, current, False)
        if ok:
            self.assign_requested.emit(entry.id, choices[names.index(chosen)][0])

    def meeting_dialog(self) -> MeetingDialog:
        return MeetingDialog(self.flags, self.all_entries, self.today, self)

    def meeting_list(self) -> MeetingListDialog:
        return MeetingListDialog(self.meetings, self)

    def _meeting(self) -> None:
        dialog = self.meeting_dialog()
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.meeting_requested.emit(dialog.value())

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
