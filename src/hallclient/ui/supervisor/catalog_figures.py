"""The 事项目录指标 line of the 统计数据 tab: the catalog ratios a tally carries (``domain/tally_catalog.py``).

Labels are keyed by ``CATALOG_COLUMNS``' stable keys, so the English UI translates them like every other header.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from hallclient.domain.tally import CATALOG_COLUMNS, catalog_row, format_value
from hallclient.domain.tally_catalog import CatalogFigures
from hallclient.ui.labels import fill
from hallclient.ui.supervisor import texts


class CatalogFiguresLine(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("catalog_figures")
        self.setWordWrap(True)

    def show_figures(self, figures: CatalogFigures | None) -> None:
        """``None``: no catalog was read (the server has published none): said, not shown as zeros."""
        if figures is None:
            self.setText(self.tr("事项目录指标：未读取到事项目录（服务器尚未发布事项目录）"))
            return
        values = [
            f"{texts.column_label(column.key, column.label)} {format_value(value, column.kind)}"
            for column, value in zip(CATALOG_COLUMNS, catalog_row(figures), strict=True)
        ]
        version = figures.version or self.tr("未标版本")
        self.setText(fill(self.tr("事项目录指标（目录版本 %1）：%2"), version, self.tr("，").join(values)))
