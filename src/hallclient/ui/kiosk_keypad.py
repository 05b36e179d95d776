"""The kiosk's on-screen keypad: big keys for a booking code (no keyboard at a kiosk), or staff's exit password.

Only the keys given can be typed (a booking code has no 0, 1, I, L, O or U), so what is entered is always
well formed; 确定 is enabled once ``min_length`` characters are in.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

DIGITS = "1234567890"


class Keypad(QWidget):
    """Signals: entered(str) on 确定; cancelled() on 返回."""

    entered = Signal(str)
    cancelled = Signal()

    def __init__(
        self,
        prompt: str,
        keys: str,
        *,
        min_length: int,
        max_length: int,
        secret: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.keys = keys
        self.min_length = min_length
        self.setObjectName("keypad")
        self.prompt = QLabel(prompt)
        self.prompt.setObjectName("kioskPrompt")
        self.prompt.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.display = QLineEdit()
        self.display.setObjectName("keypadDisplay")
        self.display.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.display.setMaxLength(max_length)
        self.display.setReadOnly(not secret)  # staff may type the password on the keyboard they pressed Esc on
        if secret:
            self.display.setEchoMode(QLineEdit.EchoMode.Password)
        self.display.textChanged.connect(self._changed)
        grid = QGridLayout()
        columns = 3 if len(keys) <= 10 else 6
        self.buttons: dict[str, QPushButton] = {}
        for index, key in enumerate(keys):
            button = QPushButton(key)
            button.setObjectName("keypadKey")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda _checked=False, key=key: self.press(key))
            grid.addWidget(button, index // columns, index % columns)
            self.buttons[key] = button
        self.back = self._action(self.tr("退格"), lambda: self.display.backspace())
        self.clear = self._action(self.tr("清除"), lambda: self.display.clear())
        self.ok = self._action(self.tr("确定"), self._confirm)
        self.cancel = self._action(self.tr("返回"), self.cancelled.emit)
        actions = QHBoxLayout()
        for button in (self.cancel, self.clear, self.back, self.ok):
            actions.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.prompt)
        layout.addWidget(self.display)
        layout.addLayout(grid, 1)
        layout.addLayout(actions)
        self._changed(self.display.text())

    def _action(self, text: str, slot: object) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName("keypadAction")
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.clicked.connect(lambda _checked=False: slot())  # type: ignore[operator]
        return button

    def press(self, key: str) -> None:
        if key in self.keys:
            self.display.insert(key)

    def text(self) -> str:
        return self.display.text()

    def reset(self) -> None:
        self.display.clear()

    def _changed(self, text: str) -> None:
        self.ok.setEnabled(len(text) >= self.min_length)

    def _confirm(self) -> None:
        if len(self.display.text()) >= self.min_length:
            self.entered.emit(self.display.text())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """A keyboard (staff, tests) types the same keys; Enter confirms."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._confirm()
            return
        text = event.text().upper()
        if text and text in self.keys and not self.display.hasFocus():
            self.press(text)
            return
        super().keyPressEvent(event)


class ExitPasswordDialog(QDialog):
    """Esc on the kiosk: staff enter the exit password (digits on the keypad, or the keyboard)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("退出取号机"))
        self.keypad = Keypad(self.tr("请输入退出密码"), DIGITS, min_length=1, max_length=32, secret=True)
        self.keypad.entered.connect(lambda _text: self.accept())
        self.keypad.cancelled.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.keypad)
        self.keypad.display.setFocus()

    def password(self) -> str:
        return self.keypad.text()
