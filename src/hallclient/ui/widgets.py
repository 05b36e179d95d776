"""Small building blocks shared by the screens: a field with its inline error, reason prompts."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar, cast

import shiboken6
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from hallclient.ui.styles import ERROR_STYLE, HINT_STYLE, OK_STYLE

__all__ = ["ERROR_STYLE", "HINT_STYLE", "OK_STYLE"]  # the styles are re-exported for the screens


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
        self.error = QLabel(self)
        self.error.setStyleSheet(ERROR_STYLE)
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

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


_Method = TypeVar("_Method", bound=Callable[..., Any])


def if_alive(method: _Method) -> _Method:
    """For results arriving from the DB thread: skip them when the widget was closed and deleted meanwhile."""

    @functools.wraps(method)
    def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        if not shiboken6.isValid(self):
            return None
        return method(self, *args, **kwargs)

    return cast(_Method, wrapper)
