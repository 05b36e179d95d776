"""A line of figures above a read-only table: the layout the SMS and certificate panels of the tally share."""

from __future__ import annotations

from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QLabel, QTableView, QVBoxLayout, QWidget


class FigurePanel(QWidget):
    """Subclasses fill ``line`` and ``model`` in their ``show_figures``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.line = QLabel()
        self.line.setWordWrap(True)
        self.model = QStandardItemModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.line)
        layout.addWidget(self.table, 1)
