"""The 证照共享 figures of a tally (统计数据 tab): a line and a table by department and month.

A local tally carries this PC's 证照共享量 alone (domain/tally_certificates.py) and the line says where the library
and lookup figures are; the hall-wide tally carries the server's (domain/certificate_figures.py). Headers are keyed
by the columns' stable keys.
"""

from __future__ import annotations

from PySide6.QtGui import QStandardItem

from hallclient.domain.certificate_figures import CertificateFigures, certificate_rows
from hallclient.domain.tally import format_value
from hallclient.ui.labels import fill
from hallclient.ui.supervisor import texts
from hallclient.ui.supervisor.figure_panel import FigurePanel


class CertificatePanel(FigurePanel):
    def show_figures(self, figures: CertificateFigures | None) -> None:
        """``None``: a server that sends no certificate figures (older) — said, not shown as zeros."""
        self.model.clear()
        self.table.setVisible(figures is not None)
        if figures is None:
            self.line.setText(self.tr("服务器未提供证照共享统计（服务器版本较旧）"))
            return
        shares = fill(self.tr("证照共享量 <b>%1</b>"), figures.total.shares)
        if figures.local:
            shares += self.tr("（本机办件；证照入库和查询次数见“全厅（服务器）”）")
        else:
            shares += fill(self.tr("，查询 %1 次"), figures.total.lookups)
        self.line.setText(shares)
        self.model.setHorizontalHeaderLabels(
            [texts.column_label("cert_department", "部门"), texts.column_label("cert_month", "月份"),
             *[texts.column_label(column.key, column.label) for column in figures.columns]]
        )  # fmt: skip
        rows = certificate_rows(figures)
        for number, row in enumerate(rows, start=1):
            label = texts.total_label() if number == len(rows) else str(row[0])
            values = [format_value(value, "int") for value in row[2:]]
            self.model.appendRow([QStandardItem(label), QStandardItem(str(row[1])),
                                  *[QStandardItem(value) for value in values]])  # fmt: skip
        self.table.resizeColumnsToContents()
