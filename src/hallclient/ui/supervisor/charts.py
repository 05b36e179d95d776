"""A small bar chart drawn with QPainter (QtCharts is not part of PySide6-Essentials)."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget


class BarChart(QWidget):
    """Labelled bars with their values on top; ``set_data`` replaces them and repaints."""

    def __init__(self, title: str, color: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.color = QColor(color)
        self.labels: list[str] = []
        self.values: list[int] = []
        self.setMinimumHeight(170)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def sizeHint(self) -> QSize:
        return QSize(360, 200)

    def set_title(self, title: str) -> None:
        self.title = title
        self.update()

    def set_data(self, labels: list[str], values: list[int]) -> None:
        self.labels, self.values = list(labels), list(values)
        self.update()

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        width, height = self.width(), self.height()
        metrics = painter.fontMetrics()
        line = metrics.height()
        painter.drawText(QRectF(0, 0, width, line + 4), Qt.AlignmentFlag.AlignCenter, self.title)
        if not self.values:
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.tr("无数据"))
            return
        top, bottom = line * 2 + 6, height - line - 6
        area = max(1.0, bottom - top)
        slot = width / len(self.values)
        peak = max(max(self.values), 1)
        painter.setPen(Qt.PenStyle.NoPen)
        for index, (label, value) in enumerate(zip(self.labels, self.values, strict=True)):
            bar = area * value / peak
            x = index * slot + slot * 0.15
            painter.setBrush(self.color)
            painter.drawRect(QRectF(x, bottom - bar, slot * 0.7, bar))
            painter.setPen(self.palette().windowText().color())
            painter.drawText(QRectF(index * slot, bottom - bar - line - 2, slot, line), Qt.AlignmentFlag.AlignCenter,
                             str(value))  # fmt: skip
            painter.drawText(QRectF(index * slot, bottom + 3, slot, line), Qt.AlignmentFlag.AlignCenter,
                             metrics.elidedText(label, Qt.TextElideMode.ElideRight, int(slot)))  # fmt: skip
            painter.setPen(Qt.PenStyle.NoPen)
        painter.end()
