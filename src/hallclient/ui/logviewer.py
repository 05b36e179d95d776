"""The log viewer (help menu): the newest in-memory log lines and where the log file is, for a support call."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QTextCursor
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from hallclient.ui.labels import fill


class LogViewerDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from hallclient.log import log_file

        self.setWindowTitle(self.tr("运行日志"))
        self.path = QLabel(fill(self.tr("日志文件：%1"), str(log_file())), self)
        self.path.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.path.setWordWrap(True)
        self.text = QPlainTextEdit(self)
        self.text.setReadOnly(True)
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        mono = QFont(self.text.font())
        mono.setStyleHint(QFont.StyleHint.Monospace)
        self.text.setFont(mono)
        buttons = QDialogButtonBox(self)
        refresh = buttons.addButton(self.tr("刷新"), QDialogButtonBox.ButtonRole.ActionRole)
        close = buttons.addButton(self.tr("关闭"), QDialogButtonBox.ButtonRole.RejectRole)
        refresh.clicked.connect(self.refresh)
        close.clicked.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.path)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)
        self.refresh()
        self.resize(1000, 560)

    def refresh(self) -> None:
        """Show the current in-memory tail, newest line last and in view."""
        from hallclient.log import tail

        lines = list(tail.records)
        self.text.setPlainText("\n".join(lines) if lines else self.tr("（暂无日志记录）"))
        self.text.moveCursor(QTextCursor.MoveOperation.End)
