"""How the application arrives: on site, 全省通办, 跨省通办 (with its forwarding details) or 一证通办.

Only the channels the chosen matter supports can be picked; 跨省通办 asks for the partner region, the
identity-check evidence and the forwarding (network, or post with a waybill number).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from hallclient.domain.case import Channel
from hallclient.domain.catalog import Matter
from hallclient.ui.labels import channel_label
from hallclient.ui.widgets import FieldRow


class ChannelPanel(QGroupBox):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("办理渠道"), parent)
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.group = QButtonGroup(self)
        self.buttons: dict[Channel, QRadioButton] = {}
        for index, channel in enumerate(Channel):
            button = QRadioButton(channel_label(channel), self)
            self.group.addButton(button, index)
            self.buttons[channel] = button
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        self.details = QWidget(self)
        form = QFormLayout(self.details)
        form.setContentsMargins(0, 0, 0, 0)
        self.partner = QLineEdit(self.details)
        self.partner.setPlaceholderText(self.tr("如：四川省成都市"))
        self.partner_row = FieldRow(self.partner, self.details)
        form.addRow(self.tr("协作地区"), self.partner_row)
        self.identity = QComboBox(self.details)
        self.identity.setEditable(True)
        self.identity.addItems([self.tr("人证比对通过"), self.tr("视频核验通过"), self.tr("现场核验原件")])
        form.addRow(self.tr("身份核验"), self.identity)
        self.forwarding = QComboBox(self.details)
        self.forwarding.addItem(self.tr("网络转递"), "network")
        self.forwarding.addItem(self.tr("邮寄转递"), "post")
        form.addRow(self.tr("材料转递"), self.forwarding)
        self.waybill = QLineEdit(self.details)
        self.waybill_row = FieldRow(self.waybill, self.details)
        form.addRow(self.tr("运单号"), self.waybill_row)
        layout.addWidget(self.details)
        self._rows = {"channel.partner_region": self.partner_row, "channel.waybill_no": self.waybill_row}
        self.buttons[Channel.ON_SITE].setChecked(True)
        self.group.idToggled.connect(self._toggled)
        self.forwarding.currentIndexChanged.connect(self._update_details)
        self._update_details()
        self.set_matter(None)

    def channel(self) -> Channel:
        for channel, button in self.buttons.items():
            if button.isChecked():
                return channel
        return Channel.ON_SITE

    def set_channel(self, channel: Channel) -> None:
        self.buttons[channel].setChecked(True)

    def details_dict(self) -> dict[str, Any]:
        if self.channel() is not Channel.CROSS_PROVINCE:
            return {}
        details: dict[str, Any] = {
            "partner_region": self.partner.text().strip(),
            "identity_check": self.identity.currentText().strip(),
            "forwarding": self.forwarding.currentData(),
        }
        if details["forwarding"] == "post":
            details["waybill_no"] = self.waybill.text().strip()
        return details

    def set_matter(self, matter: Matter | None) -> None:
        allowed = {
            Channel.ON_SITE: True,
            Channel.PROVINCE_WIDE: bool(matter and matter.province_wide),
            Channel.CROSS_PROVINCE: bool(matter and matter.cross_province),
            Channel.ID_CARD_ONLY: bool(matter and matter.id_card_only),
        }
        for channel, button in self.buttons.items():
            button.setEnabled(allowed[channel])
        if not allowed[self.channel()]:
            self.buttons[Channel.ON_SITE].setChecked(True)

    def clear(self) -> None:
        self.buttons[Channel.ON_SITE].setChecked(True)
        self.partner.clear()
        self.waybill.clear()
        self.forwarding.setCurrentIndex(0)
        self.identity.setCurrentIndex(0)
        for row in self._rows.values():
            row.clear()

    def show_error(self, field: str, message: str) -> bool:
        row = self._rows.get(field)
        if row is None:
            return False
        row.set_error(message)
        row.editor.setFocus()
        return True

    def _toggled(self, _id: int, checked: bool) -> None:
        if checked:
            self._update_details()
            self.changed.emit()

    def _update_details(self) -> None:
        cross = self.channel() is Channel.CROSS_PROVINCE
        self.details.setVisible(cross)
        self.waybill.setEnabled(self.forwarding.currentData() == "post")
