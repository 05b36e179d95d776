"""The small dialogs of the calling panel: transfer (to a category or a window, with a note), pause (暂停服务
with a reason, the attendance record), which set-aside ticket to call back, and how to end a ticket with no
case linked before calling the next, which category a walk-in at the window is for, and the booking code of
an appointment checked in at the window.

Each has an ``ask`` class method (tests monkeypatch it, pytest-qt's advice for modal dialogs); the transfer
choices come from the hall's categories stored from the feed, so they are there offline too.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from hallclient.domain.masking import mask_id_number
from hallclient.domain.queue import Action, PauseReason, TicketState
from hallclient.protocol.queue import CheckInRequest, TransferRequest
from hallclient.ui.labels import fill, pause_reason_label
from hallclient.ui.widgets import add_error_and_buttons

if TYPE_CHECKING:
    from hallclient.domain.queue import Category
    from hallclient.protocol.queue import TicketOut
    from hallclient.services.queue_halls import HallQueue

NOTE_MAX = 200
REASON_MAX = 100
CODE_MIN, CODE_MAX = 4, 16  # a booking code, as the server takes it (CheckInRequest)


class TransferDialog(QDialog):
    """Transfer the current ticket: to one of the hall's open categories or another serving window."""

    def __init__(self, parent: QWidget | None, number: str, hall: HallQueue | None, window: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(fill(self.tr("转移 %1 号"), number))
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.by_category = QRadioButton(self.tr("转到业务类别"), self)
        self.category = QComboBox(self)
        self.by_window = QRadioButton(self.tr("转到窗口"), self)
        self.target_window = QComboBox(self)
        self.target_window.setEditable(True)
        if hall is not None:
            for category in hall.transfer_categories():
                self.category.addItem(f"{category.code} {category.name}", category.code)
            self.target_window.addItems(list(hall.transfer_windows(window)))
        form.addRow(self.by_category, self.category)
        form.addRow(self.by_window, self.target_window)
        self.note = QLineEdit(self)
        self.note.setMaxLength(NOTE_MAX)
        self.note.setPlaceholderText(self.tr("转移原因，接办窗口可见"))
        form.addRow(self.tr("备注"), self.note)
        layout.addLayout(form)
        if hall is None:
            layout.addWidget(QLabel(self.tr("尚未从服务器收到本大厅的业务类别：可输入目标窗口号"), self))
        self.error = add_error_and_buttons(self, layout, self._accept)
        self.by_category.toggled.connect(self._mode_changed)
        (self.by_category if self.category.count() else self.by_window).setChecked(True)
        self._mode_changed()
        self.request: TransferRequest | None = None

    def _mode_changed(self) -> None:
        self.category.setEnabled(self.by_category.isChecked())
        self.target_window.setEnabled(self.by_window.isChecked())

    def _accept(self) -> None:
        note = self.note.text().strip()
        if self.by_category.isChecked():
            code = self.category.currentData()
            if not code:
                self.error.setText(self.tr("请选择业务类别"))
                return
            target: dict[str, str] = {"category": str(code)}
        else:
            window = self.target_window.currentText().strip()
            if not window:
                self.error.setText(self.tr("请填写目标窗口号"))
                return
            target = {"window": window}
        if not note:
            self.error.setText(self.tr("请填写转移备注"))
            self.note.setFocus()
            return
        from pydantic import ValidationError

        try:
            self.request = TransferRequest(note=note, **target)
        except ValidationError:
            self.error.setText(self.tr("窗口号只能用字母、数字、- 和 _（最多 16 个）"))
            return
        self.accept()

    @classmethod
    def ask(cls, parent: QWidget | None, number: str, hall: HallQueue | None, window: str) -> TransferRequest | None:
        dialog = cls(parent, number, hall, window)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.request


class PauseDialog(QDialog):
    """暂停服务: the reason is chosen or typed (it is the attendance record the assessment uses)."""

    def __init__(self, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("暂停服务"))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("暂停原因（可选择或输入）"), self))
        self.reason = QComboBox(self)
        self.reason.setEditable(True)
        self.reason.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for usual in PauseReason:
            self.reason.addItem(pause_reason_label(usual), usual.value)
        self.reason.setCurrentIndex(-1)
        line = self.reason.lineEdit()
        if line is not None:
            line.setMaxLength(REASON_MAX)
        layout.addWidget(self.reason)
        self.error = add_error_and_buttons(self, layout, self._accept)

    def _accept(self) -> None:
        if not self.reason.currentText().strip():
            self.error.setText(self.tr("请选择或填写暂停原因"))
            return
        self.accept()

    def chosen(self) -> str:
        """The reason to record: a usual one in Chinese whatever the UI language (the hall screen shows it)."""
        text = self.reason.currentText().strip()
        index = self.reason.findText(text)
        return str(self.reason.itemData(index)) if index >= 0 else text

    @classmethod
    def ask(cls, parent: QWidget | None) -> str | None:
        dialog = cls(parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.chosen()


class HeldChoiceDialog(QDialog):
    """Which of the tickets this window set aside (回呼) to call back."""

    def __init__(self, parent: QWidget | None, held: Sequence[TicketOut]) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("回呼"))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("选择要回呼的号"), self))
        self.choice = QComboBox(self)
        for ticket in held:
            self.choice.addItem(f"{ticket.number} {ticket.category_name}", ticket.id)
        layout.addWidget(self.choice)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    @classmethod
    def ask(cls, parent: QWidget | None, held: Sequence[TicketOut]) -> str | None:
        """The ticket id chosen; with one set-aside ticket it is that one, without asking."""
        if len(held) == 1:
            return held[0].id
        dialog = cls(parent, held)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return str(dialog.choice.currentData())


class EndTicketDialog(QDialog):
    """叫号 while the ticket called or served has no case linked: end it as 办结 or 过号 first, or cancel.

    过号 is offered only for a ticket still called (a citizen being served did come).
    """

    def __init__(self, parent: QWidget | None, ticket: TicketOut) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("叫下一位"))
        self.choice: Action | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(fill(self.tr("%1 号尚未关联办件。叫下一位前，先将其："), ticket.number), self))
        buttons = QDialogButtonBox(self)
        self.finish_button = buttons.addButton(self.tr("办结"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.no_show_button = buttons.addButton(self.tr("过号"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = buttons.addButton(self.tr("取消"), QDialogButtonBox.ButtonRole.RejectRole)
        self.no_show_button.setEnabled(ticket.state == TicketState.CALLED.value)
        self.finish_button.clicked.connect(lambda: self._choose(Action.FINISH))
        self.no_show_button.clicked.connect(lambda: self._choose(Action.NO_SHOW))
        self.cancel_button.clicked.connect(self.reject)
        layout.addWidget(buttons)
        self.cancel_button.setDefault(True)  # an Enter pressed by habit ends nothing

    def _choose(self, action: Action) -> None:
        self.choice = action
        self.accept()

    @classmethod
    def ask(cls, parent: QWidget | None, ticket: TicketOut) -> Action | None:
        """``Action.FINISH`` or ``Action.NO_SHOW``; None when cancelled."""
        dialog = cls(parent, ticket)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.choice


class WalkInDialog(QDialog):
    """窗口取号 at a window serving several categories: which one (the first priority is preselected, so
    Enter takes it; the arrow keys choose another)."""

    def __init__(self, parent: QWidget | None, categories: Sequence[Category]) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("窗口取号"))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("为现场群众取号并在本窗口办理，业务类别："), self))
        self.choice = QComboBox(self)
        for category in categories:
            self.choice.addItem(f"{category.code} {category.name}", category.code)
        layout.addWidget(self.choice)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.choice.setFocus()

    @classmethod
    def ask(cls, parent: QWidget | None, categories: Sequence[Category]) -> str | None:
        """The category code; with one category it is that one, without asking."""
        if len(categories) == 1:
            return categories[0].code
        dialog = cls(parent, categories)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return str(dialog.choice.currentData())


class CheckInDialog(QDialog):
    """预约签到 at the window: the booking code typed, or — left empty — the ID number in the form (typed or
    from the last card swiped)."""

    def __init__(self, parent: QWidget | None, id_number: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("预约签到"))
        self.id_number = id_number
        self.request: CheckInRequest | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("预约码"), self))
        self.code = QLineEdit(self)
        self.code.setMaxLength(CODE_MAX)
        layout.addWidget(self.code)
        hint = (
            fill(self.tr("留空则按表单中的身份证号 %1 签到"), mask_id_number(id_number))
            if id_number
            else self.tr("请输入群众的预约码，或先刷身份证")
        )
        layout.addWidget(QLabel(hint, self))
        self.error = add_error_and_buttons(self, layout, self._accept)
        self.code.setFocus()

    def _accept(self) -> None:
        code = self.code.text().strip().replace(" ", "")
        if code and not CODE_MIN <= len(code) <= CODE_MAX:
            self.error.setText(fill(self.tr("预约码应为 %1–%2 个字符"), str(CODE_MIN), str(CODE_MAX)))
            return
        if not code and not self.id_number:
            self.error.setText(self.tr("请输入预约码"))
            return
        if code:
            self.request = CheckInRequest(code=code, call_here=True)
        else:
            self.request = CheckInRequest(id_number=self.id_number, call_here=True)
        self.accept()

    @classmethod
    def ask(cls, parent: QWidget | None, id_number: str) -> CheckInRequest | None:
        dialog = cls(parent, id_number)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.request
