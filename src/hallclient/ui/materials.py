"""The material checklist of the chosen matter: received or not, copies and pages, 容缺 marks.

Keyboard: Space ticks "received" on the current row, R toggles 容缺 (only on materials the catalog marks 可容缺),
Ctrl+A ticks every material, digits edit copies/pages when that cell is current. A material an electronic
certificate stands in for (电子证照共享, :meth:`MaterialChecklist.set_shared`) is ticked and labelled with the
certificate's number; unticking it (the applicant brought the paper after all) drops the certificate.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem, QWidget

from hallclient.catalog.validation import is_id_card
from hallclient.domain.catalog import Material, Matter
from hallclient.domain.certificates import Certificate
from hallclient.services.cases import ReceivedMaterial
from hallclient.ui.labels import fill, form_label, shared_label

COL_NAME, COL_FORM, COL_RULE, COL_RECEIVED, COL_COPIES, COL_PAGES, COL_DEFICIENT = range(7)
_CHECK_COLUMNS = (COL_RECEIVED, COL_DEFICIENT)
_NUMBER_COLUMNS = (COL_COPIES, COL_PAGES)


def no_paper(matter: Matter, material: Material) -> bool:
    """一证通办: the applicant brings the ID card alone; the matter's other, optional materials are not taken on
    paper (a required one, from a catalog published before the rule, still is)."""
    return matter.id_card_only and not material.required and not is_id_card(material)


def id_card_only_note(matter: Matter) -> bool:
    """Whether the checklist may say 只收居民身份证: the matter is 一证通办 and requires no other paper."""
    return matter.id_card_only and all(is_id_card(m) or not m.required for m in matter.materials)


def _name_text(material: Material) -> str:
    return material.name + (f"（{material.note}）" if material.note else "")


class MaterialChecklist(QTableWidget):
    """Signals: changed(): a mark, copies or pages changed."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 7, parent)
        self._matter: Matter | None = None
        self._updating = False
        self._shared: dict[int, tuple[Certificate, str]] = {}  # row -> (certificate, lookup id)
        self.setHorizontalHeaderLabels(
            [
                self.tr("材料名称"),
                self.tr("形式"),
                self.tr("要求"),
                self.tr("已收"),
                self.tr("份数"),
                self.tr("页数"),
                self.tr("容缺"),
            ]
        )
        header = self.horizontalHeader()
        header.setSectionResizeMode(COL_NAME, QHeaderView.ResizeMode.Stretch)
        for column in range(1, 7):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        # Form and rule texts can be long (in English especially): fixed width, elided, full text as tooltip,
        # so the material name keeps most of the room.
        for column in (COL_FORM, COL_RULE):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            header.resizeSection(column, 96)
        self.verticalHeader().setVisible(False)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
        )
        self.setWordWrap(True)
        self.itemChanged.connect(self._item_changed)

    @property
    def matter(self) -> Matter | None:
        return self._matter

    def set_matter(self, matter: Matter | None) -> None:
        self._updating = True
        try:
            self._matter = matter
            self._shared = {}
            materials = matter.materials if matter else ()
            self.setRowCount(len(materials))
            for row, material in enumerate(materials):
                name = QTableWidgetItem(_name_text(material))
                name.setData(Qt.ItemDataRole.UserRole, material.code)
                name.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                self.setItem(row, COL_NAME, name)
                form = QTableWidgetItem(form_label(material.form))
                form.setToolTip(form_label(material.form))
                form.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                self.setItem(row, COL_FORM, form)
                if matter is not None and no_paper(matter, material):
                    rule_text = self.tr("一证通办免交")
                elif not material.required:
                    rule_text = self.tr("非必需")
                elif material.deficiency_allowed:
                    rule_text = self.tr("必需·可容缺")
                else:
                    rule_text = self.tr("必需")
                rule = QTableWidgetItem(rule_text)
                rule.setToolTip(rule_text)
                rule.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                if material.deficiency_allowed:
                    rule.setForeground(QBrush(QColor("#8a5a00")))
                elif matter is not None and no_paper(matter, material):
                    rule.setForeground(QBrush(QColor("#5f6368")))
                self.setItem(row, COL_RULE, rule)
                received = QTableWidgetItem()
                received.setFlags(
                    Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable
                )
                received.setCheckState(Qt.CheckState.Unchecked)
                self.setItem(row, COL_RECEIVED, received)
                for column in _NUMBER_COLUMNS:
                    number = QTableWidgetItem()
                    number.setData(Qt.ItemDataRole.EditRole, 0)
                    self.setItem(row, column, number)
                deficient = QTableWidgetItem()
                flags = Qt.ItemFlag.ItemIsSelectable
                if material.deficiency_allowed:
                    flags |= Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable
                    deficient.setCheckState(Qt.CheckState.Unchecked)
                deficient.setFlags(flags)
                self.setItem(row, COL_DEFICIENT, deficient)
            self.resizeRowsToContents()
            if materials:
                self.setCurrentCell(0, COL_RECEIVED)
        finally:
            self._updating = False
        self.changed.emit()

    # -- marks --------------------------------------------------------------------------------------
    def _checked(self, row: int, column: int) -> bool:
        item = self.item(row, column)
        return item is not None and item.checkState() == Qt.CheckState.Checked

    def _number(self, row: int, column: int) -> int:
        item = self.item(row, column)
        value = item.data(Qt.ItemDataRole.EditRole) if item else 0
        try:
            return max(int(value), 0)
        except (TypeError, ValueError):
            return 0

    def set_received(self, row: int, received: bool) -> None:
        item = self.item(row, COL_RECEIVED)
        if item is not None:
            item.setCheckState(Qt.CheckState.Checked if received else Qt.CheckState.Unchecked)

    def set_deficient(self, row: int, deficient: bool) -> None:
        item = self.item(row, COL_DEFICIENT)
        if item is not None and item.flags() & Qt.ItemFlag.ItemIsUserCheckable:
            item.setCheckState(Qt.CheckState.Checked if deficient else Qt.CheckState.Unchecked)

    # -- 电子证照共享 ------------------------------------------------------------------------------------
    def set_shared(self, uses: Sequence[tuple[str, Certificate]], lookup_id: str) -> None:
        """Tick each material a certificate stands in for and label it with the certificate's number (no copies)."""
        if self._matter is None:
            return
        rows = {material.code: row for row, material in enumerate(self._matter.materials)}
        for code, certificate in uses:
            row = rows.get(code)
            if row is None:
                continue
            self._shared[row] = (certificate, lookup_id)
            self._show_form(row)
            self.set_received(row, True)
        self.changed.emit()

    def clear_shared(self) -> None:
        """Another applicant: the previous one's certificates are unticked and forgotten."""
        for row in list(self._shared):
            del self._shared[row]
            self._show_form(row)
            self.set_received(row, False)
        self.changed.emit()

    def shared_certificate(self, row: int) -> Certificate | None:
        shared = self._shared.get(row)
        return shared[0] if shared else None

    def shared_count(self) -> int:
        return len(self._shared)

    def _show_form(self, row: int) -> None:
        """The name and form cells: the catalog's, or 电子证照共享 with the certificate's number under the name
        (issuer and validity as tooltip)."""
        name, form = self.item(row, COL_NAME), self.item(row, COL_FORM)
        if name is None or form is None or self._matter is None:
            return
        material = self._matter.materials[row]
        shared = self._shared.get(row)
        if shared is None:
            name.setText(_name_text(material))
            form.setText(form_label(material.form))
            for item in (name, form):
                item.setToolTip(form_label(material.form) if item is form else "")
                item.setBackground(QBrush())
            self.resizeRowToContents(row)
            return
        certificate = shared[0]
        label = shared_label(certificate.number)
        valid_to = certificate.valid_to.isoformat() if certificate.valid_to else self.tr("长期")
        tooltip = label + "\n" + fill(self.tr("发证机关：%1　有效期至：%2"), certificate.issuer, valid_to)
        name.setText(_name_text(material) + "\n" + label)
        form.setText(self.tr("电子证照"))
        for item in (name, form):
            item.setToolTip(tooltip)
            item.setBackground(QBrush(QColor("#e6f4ea")))
        self.resizeRowToContents(row)

    def receive_all(self) -> None:
        for row in range(self.rowCount()):
            self.set_received(row, True)

    def _item_changed(self, item: QTableWidgetItem) -> None:
        if self._updating or self._matter is None:
            return
        row, column = item.row(), item.column()
        self._updating = True
        try:
            material = self._matter.materials[row]
            if column == COL_RECEIVED and not self._checked(row, COL_RECEIVED) and row in self._shared:
                del self._shared[row]  # the clerk unticked it: the certificate is no longer used
                self._show_form(row)
            elif column == COL_RECEIVED and self._checked(row, COL_RECEIVED):
                copies = self.item(row, COL_COPIES)
                if copies is not None and self._number(row, COL_COPIES) == 0 and row not in self._shared:
                    copies.setData(Qt.ItemDataRole.EditRole, material.copies)
                self.set_deficient(row, False)
            elif column == COL_DEFICIENT and self._checked(row, COL_DEFICIENT):
                if self._shared.pop(row, None) is not None:
                    self._show_form(row)
                self.set_received(row, False)
                copies = self.item(row, COL_COPIES)
                if copies is not None:
                    copies.setData(Qt.ItemDataRole.EditRole, 0)
        finally:
            self._updating = False
        self.changed.emit()

    def received_materials(self) -> tuple[ReceivedMaterial, ...]:
        if self._matter is None:
            return ()
        items = []
        for row, material in enumerate(self._matter.materials):
            certificate, lookup_id = self._shared.get(row, (None, ""))
            items.append(
                ReceivedMaterial(
                    code=material.code,
                    received=self._checked(row, COL_RECEIVED),
                    copies=self._number(row, COL_COPIES),
                    pages=self._number(row, COL_PAGES),
                    deficient=self._checked(row, COL_DEFICIENT),
                    certificate=certificate,
                    lookup_id=lookup_id,
                )
            )
        return tuple(items)

    def summary(self) -> tuple[int, int, int]:
        """(received, missing required, deficient) counts for the status line under the table."""
        if self._matter is None:
            return 0, 0, 0
        received = missing = deficient = 0
        for row, material in enumerate(self._matter.materials):
            if self._checked(row, COL_RECEIVED):
                received += 1
            elif self._checked(row, COL_DEFICIENT):
                deficient += 1
            elif material.required:
                missing += 1
        return received, missing, deficient

    # -- keyboard -----------------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        row = self.currentRow()
        key = event.key()
        if self.state() != QAbstractItemView.State.EditingState and row >= 0:
            if key == Qt.Key.Key_Space:
                self.set_received(row, not self._checked(row, COL_RECEIVED))
                return
            if key == Qt.Key.Key_R and not event.modifiers():
                self.set_deficient(row, not self._checked(row, COL_DEFICIENT))
                return
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentColumn() not in _NUMBER_COLUMNS:
                event.ignore()
                return
            if self.currentColumn() not in _NUMBER_COLUMNS and event.text().isdigit():
                self.setCurrentCell(row, COL_PAGES)
        if key == Qt.Key.Key_A and event.modifiers() == Qt.KeyboardModifier.ControlModifier:
            self.receive_all()
            return
        super().keyPressEvent(event)
