"""Where committed results go to be printed: one small adapter interface.

The intake screen and the case detail only call ``committed(ctx, result)`` (a new event that has a slip)
and ``reprint(ctx, case_id)``; the adapter reports its state through ``state_changed`` which the status
bar shows. :class:`PreviewPrinting` is the adapter without a printer: it shows the slip on screen.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QScrollArea, QVBoxLayout, QWidget

from hallclient.ui.context import AppContext
from hallclient.ui.printadapter import PrintAdapter

if TYPE_CHECKING:
    from hallclient.services.cases import CaseResult


@dataclass(frozen=True)
class SlipText:
    title: str
    lines: tuple[str, ...]


def slip_text(services: object, case_id: str, *, reprint: bool) -> SlipText:
    """A plain-text rendering of the case's current slip (DB thread)."""
    from hallclient.domain.masking import mask_id_number, mask_name
    from hallclient.services import cases
    from hallclient.services.context import Services
    from hallclient.ui.labels import outcome_label, status_label

    assert isinstance(services, Services)
    with services.store.read() as session:
        row = cases.get_case(session, case_id)
        if row is None:
            raise LookupError(case_id)
        state = cases.state_of(row)
        missing = [item.name for item in row.materials if not item.received and not item.tolerated]
        tolerated = [item.name for item in row.materials if item.tolerated and not item.received]
        received = [f"{item.name} ×{item.copies}" for item in row.materials if item.received]
        settings = services.settings
        title = outcome_label(state.outcome)
        lines = [
            settings.hall_name,
            f"{title}{'（补打）' if reprint else ''}",
            f"办件编号：{row.case_no}",
            f"事项：{row.matter_name}",
            f"申请人：{mask_name(row.applicant_name)}  {mask_id_number(row.applicant_id_number)}",
            f"状态：{status_label(state.status)}",
        ]
        if state.promised_date:
            lines.append(f"承诺办结日期：{state.promised_date.isoformat()}")
        if state.notice_deadline:
            lines.append(f"补正期限：{state.notice_deadline.isoformat()}")
        if state.supply_deadline:
            lines.append(f"容缺补齐期限：{state.supply_deadline.isoformat()}")
        if received:
            lines.append("已收材料：" + "；".join(received))
        if missing and row.status == "awaiting_supplement":
            lines.append("需补正材料：" + "；".join(missing))
        if tolerated:
            lines.append("容缺材料：" + "；".join(tolerated))
        if row.refusal_reason:
            lines.append(f"不予受理理由：{row.refusal_reason}")
        lines.append(f"窗口 {row.window}  受理人 {row.clerk_name}  电话 {settings.hall_phone}")
        lines.append(f"进度查询：{settings.progress_url}{row.case_no}")
    return SlipText(title, tuple(lines))


class SlipPreviewDialog(QDialog):
    def __init__(self, slip: SlipText, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("小票预览（未配置打印机）"))
        layout = QVBoxLayout(self)
        scroll = QScrollArea(self)
        paper = QLabel("\n".join(slip.lines), scroll)
        paper.setObjectName("slip_paper")
        paper.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        paper.setStyleSheet("#slip_paper { background: white; padding: 16px; font-size: 13px; }")
        paper.setWordWrap(True)
        scroll.setWidget(paper)
        scroll.setWidgetResizable(True)
        layout.addWidget(scroll)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        layout.addWidget(buttons)
        self.resize(420, 520)


class PreviewPrinting(PrintAdapter):
    """No printer configured: slips are shown on screen, on request (Ctrl+P), never forced on the clerk."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._parent = parent
        self.last_preview: SlipPreviewDialog | None = None

    def committed(self, ctx: AppContext, result: CaseResult) -> None:
        self.state_changed.emit(self.tr("预览模式"), None, self.tr("未配置打印机：Ctrl+P 查看小票预览"))

    def reprint(self, ctx: AppContext, case_id: str) -> None:
        services = ctx.services
        ctx.run(lambda: slip_text(services, case_id, reprint=True), self._show)

    def _show(self, slip: SlipText) -> None:
        dialog = SlipPreviewDialog(slip, self._parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self.last_preview = dialog
        dialog.show()
