"""Small building blocks shared by the screens: a field with its inline error, reason prompts."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any, TypeVar, cast

import shiboken6
from PySide6.QtWidgets import (
    QBoxLayout,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from hallclient.domain.waybill import Carrier, validate_waybill
from hallclient.errors import HallError
from hallclient.ui.labels import carrier_label
from hallclient.ui.styles import ERROR_STYLE, HINT_STYLE, OK_STYLE, WARNING_STYLE

__all__ = ["ERROR_STYLE", "HINT_STYLE", "OK_STYLE", "WARNING_STYLE"]  # the styles are re-exported for the screens


def add_error_and_buttons(dialog: QDialog, layout: QBoxLayout, accept: Callable[[], None]) -> QLabel:
    """The foot of a dialog that checks what was entered: a red line for why it refuses, then OK / Cancel."""
    error = QLabel(dialog)
    error.setStyleSheet(ERROR_STYLE)
    layout.addWidget(error)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, dialog)
    buttons.accepted.connect(accept)
    buttons.rejected.connect(dialog.reject)
    layout.addWidget(buttons)
    return error


class FieldRow(QWidget):
    """An input with a message line under it: errors are explained next to the field, never in a popup."""

    def __init__(self, editor: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setVisible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(1)
        layout.addWidget(editor)
        layout.addWidget(self.message)
        self._error = False

    @property
    def has_error(self) -> bool:
        return self._error

    def set_error(self, text: str) -> None:
        self._show(text, ERROR_STYLE)
        self._error = bool(text)
        if isinstance(self.editor, QLineEdit):
            self.editor.setProperty("invalid", bool(text))
            self.editor.setStyleSheet("border: 1px solid #b3261e;" if text else "")

    def set_hint(self, text: str, ok: bool = False) -> None:
        self._error = False
        if isinstance(self.editor, QLineEdit):
            self.editor.setStyleSheet("")
        self._show(text, OK_STYLE if ok else HINT_STYLE)

    def set_warning(self, text: str) -> None:
        """Accepted input the clerk should look at again (it does not block saving)."""
        self.set_hint("")
        self._show(text, WARNING_STYLE)

    def clear(self) -> None:
        self.set_hint("")

    def _show(self, text: str, style: str) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(style)
        self.message.setVisible(bool(text))


class ReasonDialog(QDialog):
    """Asks for a reason (and optionally a number of working days) before a case action.

    Screens call :meth:`ask`; tests monkeypatch it (pytest-qt's advice for modal dialogs).
    """

    def __init__(self, parent: QWidget | None, title: str, prompt: str, *, days: bool, required: bool) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.required = required
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(prompt, self))
        self.text = QPlainTextEdit(self)
        self.text.setTabChangesFocus(True)
        self.text.setFixedHeight(80)
        layout.addWidget(self.text)
        self.days = QSpinBox(self)
        self.days.setRange(1, 60)
        self.days.setValue(5)
        self.days.setSuffix(self.tr(" 个工作日"))
        self.days.setVisible(days)
        layout.addWidget(self.days)
        self.error = add_error_and_buttons(self, layout, self._accept)

    def _accept(self) -> None:
        if self.required and not self.text.toPlainText().strip():
            self.error.setText(self.tr("请填写原因"))
            return
        self.accept()

    @classmethod
    def ask(
        cls, parent: QWidget | None, title: str, prompt: str, *, days: bool = False, required: bool = True
    ) -> tuple[str, int] | None:
        dialog = cls(parent, title, prompt, days=days, required=required)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.text.toPlainText().strip(), dialog.days.value()


class ConfirmDialog:
    """A yes/no question before an action that prints or cannot be undone (tests monkeypatch ``ask``)."""

    @staticmethod
    def ask(parent: QWidget | None, title: str, text: str) -> bool:
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
        box.setStandardButtons(QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        return box.exec() == QMessageBox.StandardButton.Ok


class CarrierField(QWidget):
    """A carrier and its waybill number; :meth:`checked` gives them in canonical form or raises the reason."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        self.carrier = QComboBox(self)
        for carrier in Carrier:
            self.carrier.addItem(carrier_label(carrier), carrier.value)
        form.addRow(self.tr("承运方"), self.carrier)
        self.waybill = QLineEdit(self)
        self.waybill.setPlaceholderText(self.tr("如：EA123456785CN"))
        form.addRow(self.tr("运单号"), self.waybill)

    def checked(self) -> tuple[Carrier, str]:
        carrier = Carrier(self.carrier.currentData())
        return carrier, validate_waybill(carrier, self.waybill.text())


class DeliveryDialog(QDialog):
    """取件/送达: window pick-up (who took it) or post (carrier and waybill), and what will be printed."""

    def __init__(self, parent: QWidget | None, printed: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("取件/送达"))
        layout = QVBoxLayout(self)
        self.window_pickup = QRadioButton(self.tr("窗口取件"), self)
        self.window_pickup.setChecked(True)
        self.post = QRadioButton(self.tr("邮寄送达"), self)
        layout.addWidget(self.window_pickup)
        layout.addWidget(self.post)
        layout.addWidget(QLabel(self.tr("领取人："), self))
        self.recipient = QLineEdit(self)
        layout.addWidget(self.recipient)
        self.postal = CarrierField(self)
        layout.addWidget(self.postal)
        layout.addWidget(QLabel(printed, self))
        self.answer: tuple[str, str, Carrier | None] | None = None
        self.error = add_error_and_buttons(self, layout, self._accept)
        self.post.toggled.connect(self._switch)
        self._switch()

    def _switch(self) -> None:
        self.recipient.setEnabled(not self.post.isChecked())
        self.postal.setEnabled(self.post.isChecked())

    def _accept(self) -> None:
        if not self.post.isChecked():
            self.answer = ("window", self.recipient.text().strip(), None)
            self.accept()
            return
        try:
            carrier, waybill = self.postal.checked()
        except HallError as error:
            self.error.setText(str(error))
            return
        self.answer = ("post", waybill, carrier)
        self.accept()

    @classmethod
    def ask(cls, parent: QWidget | None, printed: str) -> tuple[str, str, Carrier | None] | None:
        """(method, recipient or waybill, carrier for post), or None when cancelled."""
        dialog = cls(parent, printed)
        return dialog.answer if dialog.exec() == QDialog.DialogCode.Accepted else None


class MaterialsDialog(QDialog):
    """补正材料已收: the clerk ticks the materials that actually arrived (none is ticked in advance)."""

    def __init__(self, parent: QWidget | None, missing: Sequence[tuple[str, str]], printed: str) -> None:
        from PySide6.QtWidgets import QCheckBox

        super().__init__(parent)
        self.setWindowTitle(self.tr("补正材料已收"))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("勾选申请人本次实际补交的材料："), self))
        self.boxes: dict[str, QCheckBox] = {}
        for code, name in missing:
            box = QCheckBox(name, self)
            layout.addWidget(box)
            self.boxes[code] = box
        layout.addWidget(QLabel(printed, self))
        self.error = add_error_and_buttons(self, layout, self._accept)

    @property
    def chosen(self) -> list[str]:
        return [code for code, box in self.boxes.items() if box.isChecked()]

    def _accept(self) -> None:
        if not self.chosen:
            self.error.setText(self.tr("请勾选实际补交的材料"))
            return
        self.accept()

    @classmethod
    def ask(cls, parent: QWidget | None, missing: Sequence[tuple[str, str]], printed: str) -> list[str] | None:
        """The codes of the materials that arrived, or None when cancelled."""
        dialog = cls(parent, missing, printed)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.chosen


_Method = TypeVar("_Method", bound=Callable[..., Any])


def if_alive(method: _Method) -> _Method:
    """For results arriving from the DB thread: skip them when the widget was closed and deleted meanwhile."""

    @functools.wraps(method)
    def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        if not shiboken6.isValid(self):
            return None
        return method(self, *args, **kwargs)

    return cast(_Method, wrapper)
