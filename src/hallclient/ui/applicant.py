"""The applicant (and agent) panel: typed or filled by the card reader, validated as the clerk types.

One class serves both the applicant (person or organisation) and the agent (代办人, always a person); the
``prefix`` ("applicant" / "agent") matches the field names of the service's ``FieldError`` so an error from
the service lands next to the same field the live check uses.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from hallclient.domain.idnumber import (
    DIGITS,
    InvalidIdNumber,
    age_on,
    green_channel_suggested,
    normalise_typed,
    parse_id_number,
)
from hallclient.domain.uscc import InvalidUscc, parse_uscc
from hallclient.services.cases import Applicant
from hallclient.ui.labels import fill
from hallclient.ui.widgets import ERROR_STYLE, FieldRow

ID_LENGTH = 18
_CARD_TYPES = {"resident": "id_card", "foreign_permanent": "foreign_permanent", "hmt_residence": "hmt"}


class ApplicantPanel(QGroupBox):
    """Signals:
    green_suggested(bool): the typed or read ID number belongs to someone aged 60 or more.
    changed(): any field changed (the workspace marks the form dirty).
    """

    green_suggested = Signal(bool)
    changed = Signal()

    def __init__(self, prefix: str, title: str, *, allow_organisation: bool, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.prefix = prefix
        self._today = date.today()
        self._card: dict[str, Any] | None = None
        self._card_raw: bytes | None = None
        self.card_warnings: list[str] = []  # what the last card read flagged (expired, bad check digit)
        self._id_warnings: list[str] = []  # the domain's warnings on the last number judged
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.kind = QComboBox(self)
        self.kind.addItem(self.tr("自然人"), "person")
        if allow_organisation:
            self.kind.addItem(self.tr("法人/其他组织"), "organisation")
        self.kind.setVisible(allow_organisation)
        self.kind_label = QLabel(self.tr("申请人类型"), self)
        self.kind_label.setVisible(allow_organisation)
        form.addRow(self.kind_label, self.kind)
        self.id_type = QComboBox(self)
        for label, value in (
            (self.tr("居民身份证"), "id_card"),
            (self.tr("外国人永久居留身份证"), "foreign_permanent"),
            (self.tr("港澳台居民居住证"), "hmt"),
            (self.tr("护照"), "passport"),
            (self.tr("其他证件"), "other"),
        ):
            self.id_type.addItem(label, value)
        self.id_type_label = QLabel(self.tr("证件类型"), self)
        form.addRow(self.id_type_label, self.id_type)
        self.id_number = QLineEdit(self)
        self.id_number.setMaxLength(32)
        self.id_number.setObjectName(f"{prefix}_id_number")
        self.id_row = FieldRow(self.id_number, self)
        self.id_label = QLabel(self.tr("证件号码"), self)
        form.addRow(self.id_label, self.id_row)
        self.name = QLineEdit(self)
        self.name.setObjectName(f"{prefix}_name")
        self.name_row = FieldRow(self.name, self)
        self.name_label = QLabel(self.tr("姓名"), self)
        form.addRow(self.name_label, self.name_row)
        self.phone = QLineEdit(self)
        self.phone.setObjectName(f"{prefix}_phone")
        self.phone.setMaxLength(20)
        self.no_sms = QCheckBox(self.tr("不接收短信"), self)
        self.no_sms.setObjectName(f"{prefix}_no_sms")
        self.no_sms.setToolTip(self.tr("勾选后本办件不发任何短信通知（受理、补正、办结、评价邀请等）"))
        self.no_sms.setVisible(prefix == "applicant")
        phone_row = QHBoxLayout()
        phone_row.addWidget(self.phone, 1)
        phone_row.addWidget(self.no_sms)
        form.addRow(self.tr("联系电话"), phone_row)
        self.address = QLineEdit(self)
        self.address_label = QLabel(self.tr("住址"), self)
        form.addRow(self.address_label, self.address)
        self.rep_name = QLineEdit(self)
        self.rep_name_label = QLabel(self.tr("法定代表人/经办人"), self)
        form.addRow(self.rep_name_label, self.rep_name)
        self.rep_id = QLineEdit(self)
        self.rep_id_row = FieldRow(self.rep_id, self)
        self.rep_id_label = QLabel(self.tr("经办人身份证号"), self)
        form.addRow(self.rep_id_label, self.rep_id_row)
        self.card_note = QLabel(self)
        self.card_note.setWordWrap(True)
        self.card_note.setVisible(False)
        form.addRow(self.card_note)
        self.green = QCheckBox(self.tr("绿色通道（老年人、残疾人等）"), self)
        self.green.setVisible(prefix == "applicant")
        form.addRow(self.green)
        self._rows = {f"{prefix}.id_number": self.id_row, f"{prefix}.name": self.name_row}

        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.id_type.currentIndexChanged.connect(self._check_id_live)
        self.id_number.textEdited.connect(self._typed_id)
        self.id_number.editingFinished.connect(self._check_id_final)
        self.name.textEdited.connect(lambda _text: self.name_row.clear())
        self.rep_id.editingFinished.connect(self._check_rep_id)
        for edit in (self.id_number, self.name, self.phone, self.address, self.rep_name, self.rep_id):
            edit.textChanged.connect(self.changed)
        self._kind_changed()

    # -- state --------------------------------------------------------------------------------------
    def set_today(self, today: date) -> None:
        self._today = today

    def is_organisation(self) -> bool:
        return self.kind.currentData() == "organisation"

    def is_empty(self) -> bool:
        return not (self.id_number.text().strip() or self.name.text().strip())

    def applicant(self) -> Applicant:
        """The typed values as the service's dataclass (validation is the service's and the live check's)."""
        organisation = self.is_organisation()
        return Applicant(
            kind="organisation" if organisation else "person",
            name=self.name.text().strip(),
            id_type="uscc" if organisation else str(self.id_type.currentData()),
            id_number=self.id_number.text().strip().upper(),
            phone=self.phone.text().strip(),
            address=self.address.text().strip(),
            representative_name=self.rep_name.text().strip() if organisation else "",
            representative_id_number=self.rep_id.text().strip().upper() if organisation else "",
            card=dict(self._card) if self._card else None,
            card_raw=self._card_raw,
            sms_opt_out=not self.no_sms.isHidden() and self.no_sms.isChecked(),
        )

    def clear(self) -> None:
        for edit in (self.id_number, self.name, self.phone, self.address, self.rep_name, self.rep_id):
            edit.clear()
        self.kind.setCurrentIndex(0)
        self.id_type.setCurrentIndex(0)
        self.green.setChecked(False)
        self.no_sms.setChecked(False)
        self._card = None
        self._card_raw = None
        self.card_warnings = []
        self.card_note.setVisible(False)
        self.clear_errors()

    def clear_errors(self) -> None:
        for row in (self.id_row, self.name_row, self.rep_id_row):
            row.clear()

    def show_error(self, field: str, message: str) -> bool:
        """Show a service error next to its field; False when the field is not on this panel."""
        row = self._rows.get(field)
        if row is None:
            return False
        row.set_error(message)
        row.editor.setFocus()
        return True

    def focus_first(self) -> None:
        self.id_number.setFocus()
        self.id_number.selectAll()

    # -- the card reader ----------------------------------------------------------------------------
    def fill_from_card(self, card: Mapping[str, Any], raw: bytes | None = None) -> list[str]:
        """Fill from a card read (``CardData.to_json_dict()`` keys); returns the warnings shown."""
        self.kind.setCurrentIndex(0)
        id_type = _CARD_TYPES.get(str(card.get("card_type", "")), "id_card")
        self.id_type.setCurrentIndex(max(self.id_type.findData(id_type), 0))
        self.id_number.setText(str(card.get("id_number", "")))
        self.name.setText(str(card.get("name", "")))
        self.address.setText(str(card.get("address", "")))
        self._card = {key: value for key, value in card.items() if not isinstance(value, bytes | bytearray)}
        self._card_raw = raw
        warnings: list[str] = []
        valid_until = str(card.get("valid_until", ""))
        if valid_until and valid_until != "长期":
            try:
                if date.fromisoformat(valid_until) < self._today:
                    warnings.append(fill(self.tr("证件已过期（有效期至 %1）"), valid_until))
            except ValueError:
                warnings.append(fill(self.tr("证件有效期无法识别：%1"), valid_until))
        self._id_warnings = []
        self._check_id_final()
        if self.id_row.has_error:
            warnings.append(self.id_row.message.text())
        warnings += self._id_warnings
        self.card_warnings = list(warnings)  # repeated in the confirmation panel before saving
        note = self.tr("已读卡") + (" — " + "；".join(warnings) if warnings else "")
        self.card_note.setText(note)
        self.card_note.setStyleSheet(ERROR_STYLE if warnings else "color: #1e7b34;")
        self.card_note.setVisible(True)
        self.phone.setFocus()
        return warnings

    def fill_from_ticket(self, name: str, id_number: str) -> None:
        """The applicant of a called ticket (from the kiosk's card swipe or the appointment): a person with a
        resident ID card; the number is judged as if typed, so the 60+ suggestion follows."""
        self.kind.setCurrentIndex(0)
        self.id_type.setCurrentIndex(max(self.id_type.findData("id_card"), 0))
        self.id_number.setText(id_number)
        self.name.setText(name)
        if id_number:
            self._check_id_final()
        (self.phone if id_number and name else self.id_number if not id_number else self.name).setFocus()

    # -- live validation ----------------------------------------------------------------------------
    def _kind_changed(self) -> None:
        organisation = self.is_organisation()
        self.id_type.setVisible(not organisation)
        self.id_type_label.setVisible(not organisation)
        self.id_label.setText(self.tr("统一社会信用代码") if organisation else self.tr("证件号码"))
        self.name_label.setText(self.tr("单位名称") if organisation else self.tr("姓名"))
        self.address_label.setText(self.tr("单位地址") if organisation else self.tr("住址"))
        for widget in (self.rep_name, self.rep_name_label, self.rep_id_row, self.rep_id_label):
            widget.setVisible(organisation)
        self._check_id_live()

    def _typed_id(self, _text: str) -> None:
        self._card = None
        self._card_raw = None
        self.card_warnings = []
        self.card_note.setVisible(False)
        self._check_id_live()

    def _check_id_live(self) -> None:
        """While typing: complain at once about illegal characters, count digits, judge at full length."""
        text = self.id_number.text().strip().upper()
        if not text:
            self.id_row.clear()
            self.green_suggested.emit(False)
            return
        if self.is_organisation():
            if len(text) >= ID_LENGTH:
                self._judge_uscc(text)
            else:
                self.id_row.set_hint(fill(self.tr("已输入 %1/18 位"), str(len(text))))
            return
        if self.id_type.currentData() != "id_card":
            self.id_row.clear()
            return
        text = normalise_typed(text)  # the full-width digits and Ｘ that parse_id_number accepts
        for position, char in enumerate(text, start=1):
            if not (char in DIGITS or (char == "X" and position == ID_LENGTH)):
                if char == "X" and position < ID_LENGTH:
                    message = fill(self.tr("X 只能是最后一位（第 %1 位）"), str(position))
                else:
                    message = fill(self.tr("第 %1 位“%2”不是数字"), str(position), char)
                self.id_row.set_error(message)
                return
        if len(text) < ID_LENGTH:
            self.id_row.set_hint(fill(self.tr("已输入 %1/18 位"), str(len(text))))
            self.green_suggested.emit(False)
            return
        self._judge_id(text)

    def _check_id_final(self) -> None:
        """On leaving the field an incomplete number is an error, not a hint."""
        text = self.id_number.text().strip().upper()
        if not text:
            return
        if self.is_organisation():
            self._judge_uscc(text)
        elif self.id_type.currentData() == "id_card":
            self._judge_id(text)

    def _judge_id(self, text: str) -> None:
        self._id_warnings = []
        try:
            parsed = parse_id_number(text, today=self._today)
        except InvalidIdNumber as error:
            self.id_row.set_error(str(error))
            self.green_suggested.emit(False)
            return
        age = age_on(parsed.birth_date, self._today)
        sex = self.tr("男") if parsed.sex == "male" else self.tr("女")
        summary = fill(self.tr("%1 · 出生 %2 · %3 岁"), sex, parsed.birth_date.isoformat(), str(age))
        self._id_warnings = list(parsed.warnings)
        if parsed.warnings:
            self.id_row.set_warning("\n".join((summary, *parsed.warnings)))
        else:
            self.id_row.set_hint(summary, ok=True)
        self.green_suggested.emit(green_channel_suggested(parsed.birth_date, self._today))

    def _judge_uscc(self, text: str) -> None:
        try:
            parse_uscc(text)
        except InvalidUscc as error:
            self.id_row.set_error(str(error))
            return
        self.id_row.set_hint(self.tr("统一社会信用代码有效"), ok=True)

    def _check_rep_id(self) -> None:
        text = self.rep_id.text().strip()
        if not text:
            self.rep_id_row.clear()
            return
        try:
            parsed = parse_id_number(text, today=self._today)
        except InvalidIdNumber as error:
            self.rep_id_row.set_error(str(error))
        else:
            self.rep_id_row.set_warning("\n".join(parsed.warnings))
