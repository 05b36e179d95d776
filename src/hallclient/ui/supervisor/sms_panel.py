"""The 短信 figures of a hall-wide tally (统计数据 tab, 全厅 source): the total line and a table per notice kind.

The server sends every SMS, so a local tally has none to show and the panel says why instead of showing
zeros; an older server without the figures is said so too. Headers are keyed by ``SMS_COLUMNS``' stable keys.
"""

from __future__ import annotations

from PySide6.QtGui import QStandardItem

from hallclient.domain.sms_figures import SmsFigures
from hallclient.domain.tally import SMS_COLUMNS, SMS_HEADING, format_value
from hallclient.ui.labels import fill
from hallclient.ui.supervisor import texts
from hallclient.ui.supervisor.figure_panel import FigurePanel


class SmsPanel(FigurePanel):
    def show_figures(self, sms: SmsFigures | None) -> None:
        """``None``: a local tally (the line says the server sends SMS and this PC counts none)."""
        self.model.clear()
        self.table.setVisible(sms is not None and sms.provided)
        if sms is None:
            self.line.setText(self.tr("短信由中心服务器发送，本机统计不含短信（选择“全厅（服务器）”查看）"))
            return
        if not sms.provided:
            self.line.setText(self.tr("服务器未提供短信统计（服务器版本较旧）"))
            return
        total = sms.total
        line = fill(self.tr("短信发送条数 <b>%1</b>（送达 %2，失败 %3，未发 %4，待发 %5，计费 %6 条）"),
                    total.sent, total.delivered, total.failed, total.suppressed, total.queued, total.parts)  # fmt: skip
        self.line.setText("<br>".join([line, *sms.notes]))
        self.model.setHorizontalHeaderLabels(
            [texts.column_label("sms_kind", SMS_HEADING),
             *[texts.column_label(column.key, column.label) for column in SMS_COLUMNS]]
        )  # fmt: skip
        for row in [*sms.by_kind(), sms.total]:
            label = texts.sms_total_label() if not row.kind else texts.notice_kind_label(row.kind, row.label)
            values = [format_value(column.value(row), column.kind) for column in SMS_COLUMNS]
            self.model.appendRow([QStandardItem(label), *[QStandardItem(value) for value in values]])
        self.table.resizeColumnsToContents()
