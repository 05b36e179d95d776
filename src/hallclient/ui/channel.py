"""How the application arrives: on site, 全省通办, 跨省通办 (with its forwarding details) or 一证通办.

Only the channels the chosen matter supports can be picked; 全省通办 and 跨省通办 pick the partner region from
the published list (those covering the matter, in the hall's province or another one: ``domain/partners.fits``);
跨省通办 also records the identity-check evidence and how the materials will travel (network or post; the
waybill is recorded when the originals are posted, on the case detail).
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
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from hallclient.domain.case import FORWARDED_CHANNELS, Channel
from hallclient.domain.catalog import Matter
from hallclient.domain.partners import Partner, fits
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
        self.partner = QComboBox(self.details)
        self.partner_row = FieldRow(self.partner, self.details)
        form.addRow(self.tr("协议地区"), self.partner_row)
        self.cross_only = QWidget(self.details)
        cross_form = QFormLayout(self.cross_only)
        cross_form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.cross_only)
        self.identity = QComboBox(self.details)
        self.identity.setEditable(True)
        self.identity.addItems([self.tr("人证比对通过"), self.tr("视频核验通过"), self.tr("现场核验原件")])
        cross_form.addRow(self.tr("身份核验"), self.identity)
        self.forwarding = QComboBox(self.details)
        self.forwarding.addItem(self.tr("网络转递"), "network")
        self.forwarding.addItem(self.tr("邮寄转递"), "post")
        cross_form.addRow(self.tr("材料转递"), self.forwarding)
        layout.addWidget(self.details)
        self._rows = {"channel.partner_region": self.partner_row}
        self._partners: list[Partner] = []
        self._hall_province = ""
        self._matter_code = ""
        self.buttons[Channel.ON_SITE].setChecked(True)
        self.group.idToggled.connect(self._toggled)
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
        channel = self.channel()
        if channel not in FORWARDED_CHANNELS:
            return {}
        details: dict[str, Any] = {"partner_region": self.partner.currentData() or ""}
        if channel is Channel.CROSS_PROVINCE:
            details["identity_check"] = self.identity.currentText().strip()
            details["forwarding"] = self.forwarding.currentData()
        return details

    def set_partners(self, partners: list[Partner], hall_province: str) -> None:
        """The published partner regions (``services.partners.load_partners``) and the hall's province."""
        self._partners, self._hall_province = partners, hall_province
        self._fill_partners()

    def _fill_partners(self) -> None:
        chosen = self.partner.currentData()
        self.partner.clear()
        fitting = [p for p in self._partners if fits(p, self._matter_code, self.channel(), self._hall_province)]
        if not fitting:
            self.partner.addItem(self.tr("（本事项没有协议地区，请先同步）"), None)
        for partner in fitting:
            self.partner.addItem(f"{partner.name}（{partner.province}）", partner.name)
        index = self.partner.findData(chosen)
        self.partner.setCurrentIndex(max(index, 0))

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
        self._matter_code = matter.code if matter else ""
        self._fill_partners()

    def clear(self) -> None:
        self.buttons[Channel.ON_SITE].setChecked(True)
        self.partner.setCurrentIndex(0)
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
        channel = self.channel()
        self.details.setVisible(channel in FORWARDED_CHANNELS)
        self.cross_only.setVisible(channel is Channel.CROSS_PROVINCE)
        self._fill_partners()
