"""首问登记: a quick dialog for enquiries and hand-overs that do not become cases (F12); a 通办 enquiry is
tagged with its channel and the partner region asked about (跨省通办咨询量)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from hallclient.domain.case import Channel
from hallclient.domain.partners import Partner
from hallclient.services import enquiries
from hallclient.services.cases import FieldError
from hallclient.services.partners import load_partners
from hallclient.ui.context import AppContext
from hallclient.ui.labels import channel_label
from hallclient.ui.ops import Failure, QueryOp, WriteOp, Written
from hallclient.ui.widgets import ERROR_STYLE, FieldRow


class EnquiryDialog(QDialog):
    """Signals: recorded(str): the enquiry was committed (its id)."""

    recorded = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("首问登记"))
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.visitor = QLineEdit(self)
        form.addRow(self.tr("来访人"), self.visitor)
        self.phone = QLineEdit(self)
        self.phone_row = FieldRow(self.phone, self)
        form.addRow(self.tr("联系电话"), self.phone_row)
        self.matter = QLineEdit(self)
        self.matter.setPlaceholderText(self.tr("可选：相关事项（输入名称）"))
        self._matter_codes: dict[str, str] = {}
        if ctx.is_ready:
            self._matter_codes = {matter.name: matter.code for matter in ctx.catalog.matters}
            completer = QCompleter(sorted(self._matter_codes), self)
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            self.matter.setCompleter(completer)
        form.addRow(self.tr("相关事项"), self.matter)
        self.subject = QLineEdit(self)
        self.subject.setObjectName("enquiry_subject")
        self.subject_row = FieldRow(self.subject, self)
        form.addRow(self.tr("咨询内容"), self.subject_row)
        self.channel = QComboBox(self)  # 跨省通办咨询量 is counted from this tag
        self.channel.addItem(self.tr("（不涉及通办）"), "")
        for channel in (Channel.PROVINCE_WIDE, Channel.CROSS_PROVINCE):
            self.channel.addItem(channel_label(channel), channel.value)
        form.addRow(self.tr("通办咨询"), self.channel)
        self.partner = QComboBox(self)
        self.partner.addItem(self.tr("（未指定协议地区）"), "")
        self.partner_row = FieldRow(self.partner, self)
        form.addRow(self.tr("协议地区"), self.partner_row)
        self.handling = QComboBox(self)
        self.handling.addItem(self.tr("当场解答"), "answered")
        self.handling.addItem(self.tr("引导至其他窗口"), "guided")
        self.handling.addItem(self.tr("登记转交"), "handed_over")
        form.addRow(self.tr("处理方式"), self.handling)
        self.handed_to = QLineEdit(self)
        self.handed_to_row = FieldRow(self.handed_to, self)
        form.addRow(self.tr("转交给"), self.handed_to_row)
        self.note = QLineEdit(self)
        form.addRow(self.tr("备注"), self.note)
        layout.addLayout(form)
        self.error = QLabel(self)
        self.error.setStyleSheet(ERROR_STYLE)
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._rows = {"subject": self.subject_row, "handed_to": self.handed_to_row, "phone": self.phone_row,
                      "partner_region": self.partner_row}  # fmt: skip
        self.handling.currentIndexChanged.connect(self._handling_changed)
        self._handling_changed()
        self.channel.currentIndexChanged.connect(self._channel_changed)
        self._channel_changed()
        if ctx.is_ready:
            QueryOp(ctx, parent=self, fn=load_partners).success(self._add_partners).run()

    def _add_partners(self, partners: list[Partner]) -> None:
        for partner in partners:
            if partner.active:
                self.partner.addItem(f"{partner.name}（{partner.province}）", partner.name)

    def _channel_changed(self) -> None:
        self.partner.setEnabled(bool(self.channel.currentData()))

    def _handling_changed(self) -> None:
        self.handed_to.setEnabled(self.handling.currentData() != "answered")

    def enquiry(self) -> enquiries.EnquiryInput:
        return enquiries.EnquiryInput(
            subject=self.subject.text().strip(),
            handling=str(self.handling.currentData()),
            visitor_name=self.visitor.text().strip(),
            phone=self.phone.text().strip(),
            matter_code=self._matter_codes.get(self.matter.text().strip()),
            handed_to=self.handed_to.text().strip() if self.handed_to.isEnabled() else "",
            note=self.note.text().strip(),
            channel=str(self.channel.currentData()),
            partner_region=str(self.partner.currentData()) if self.partner.isEnabled() else "",
        )

    def save(self) -> None:
        for row in self._rows.values():
            row.clear()
        self.error.clear()
        actor, enquiry = self.ctx.require_actor(), self.enquiry()
        self.buttons.setEnabled(False)
        WriteOp(
            self.ctx, parent=self, fn=lambda services: Written(enquiries.record_enquiry(services, actor, enquiry))
        ).success(self._saved).failure(self._failed).run()

    def _saved(self, enquiry_id: str) -> None:
        self.buttons.setEnabled(True)
        self.recorded.emit(enquiry_id)
        self.accept()

    def _failed(self, failure: Failure) -> None:
        error = failure.error
        self.buttons.setEnabled(True)
        if isinstance(error, FieldError) and error.field in self._rows:
            self._rows[error.field].set_error(str(error))
            self._rows[error.field].editor.setFocus()
        else:
            self.error.setText(failure.message)
