"""One search box over the catalog with instant results and the chosen matter's details beside them.

Up/Down move through the results without leaving the box; Enter takes the highlighted matter. A 一件事 whose
name, code or pinyin initials match is listed first, marked 【一件事】; taking it opens the bundle intake.
"""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import QAbstractListModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLabel, QLineEdit, QListView, QPushButton, QVBoxLayout, QWidget

from hallclient.domain.catalog import Bundle, Catalog, Matter
from hallclient.ui.labels import fill, kind_label
from hallclient.ui.matter_index import MatterIndex, normalise_query

MatterRole = Qt.ItemDataRole.UserRole + 1
AnyIndex = QModelIndex | QPersistentModelIndex


class MatterListModel(QAbstractListModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._matters: list[Matter | Bundle] = []
        self._departments: dict[str, str] = {}

    def set_departments(self, names: dict[str, str]) -> None:
        self._departments = names

    def set_matters(self, matters: list[Matter | Bundle]) -> None:
        self.beginResetModel()
        self._matters = matters
        self.endResetModel()

    def item_at(self, row: int) -> Matter | Bundle | None:
        return self._matters[row] if 0 <= row < len(self._matters) else None

    def matter_at(self, row: int) -> Matter | None:
        item = self.item_at(row)
        return item if isinstance(item, Matter) else None

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._matters)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        matter = self._matters[index.row()]
        if isinstance(matter, Bundle):
            if role == Qt.ItemDataRole.DisplayRole:
                mark = QCoreApplication.translate("MatterSearch", "【一件事】")
                count = fill(QCoreApplication.translate("MatterSearch", "%1 个事项"), str(len(matter.matters)))
                return f"{mark}{matter.name}\n    {matter.code} · {count}"
            return matter.name if role == Qt.ItemDataRole.ToolTipRole else None
        if role == Qt.ItemDataRole.DisplayRole:
            department = self._departments.get(matter.department_code, matter.department_code)
            return f"{matter.name}\n    {matter.code} · {department}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return matter.name
        if role == MatterRole:
            return matter
        return None


class _SearchBox(QLineEdit):
    """Arrow keys and Enter drive the result list while the caret stays in the box."""

    def __init__(self, owner: MatterSearch) -> None:
        super().__init__(owner)
        self._owner = owner

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_PageDown, Qt.Key.Key_PageUp):
            self._owner.move_selection(event.key())
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._owner.choose_current()
            return
        super().keyPressEvent(event)


class MatterSearch(QWidget):
    """Signals: matter_chosen(object): the clerk took a matter (a ``Matter``); bundle_chosen(object): a ``Bundle``;
    guide_requested(object): 打印办事指南 for the highlighted (else the chosen) matter (``ui/guide.py``)."""

    matter_chosen = Signal(object)
    bundle_chosen = Signal(object)
    guide_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._index: MatterIndex | None = None
        self._catalog: Catalog | None = None
        self._chosen: Matter | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.box = _SearchBox(self)
        self.box.setObjectName("matter_search")
        self.box.setPlaceholderText(self.tr("事项名称、编码、部门或拼音首字母（如 bdcdj）"))
        self.box.setClearButtonEnabled(True)
        layout.addWidget(self.box)
        self.model = MatterListModel(self)
        self.results = QListView(self)
        self.results.setModel(self.model)
        self.results.setUniformItemSizes(True)
        self.results.setAlternatingRowColors(True)
        layout.addWidget(self.results, 3)
        self.details = QLabel(self)
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.details.setMinimumHeight(120)
        self.details.setStyleSheet("QLabel { background: #f6f8fa; border: 1px solid #d0d7de; padding: 6px; }")
        layout.addWidget(self.details, 2)
        self.guide_button = QPushButton(self.tr("打印办事指南"), self)
        self.guide_button.setObjectName("guide_button")
        self.guide_button.clicked.connect(lambda: self.guide_requested.emit(self.current()))
        layout.addWidget(self.guide_button)
        self.box.textChanged.connect(self.search)
        self.results.activated.connect(lambda index: self._choose_row(index.row()))
        self.results.selectionModel().currentRowChanged.connect(lambda current, _p: self._show_details(current.row()))
        self._show_details(-1)

    @property
    def chosen(self) -> Matter | None:
        return self._chosen

    def current(self) -> Matter | None:
        """The matter whose details show: the highlighted result, else the chosen one."""
        return self.model.matter_at(self.results.currentIndex().row()) or self._chosen

    def set_index(self, index: MatterIndex, catalog: Catalog) -> None:
        self._index = index
        self._catalog = catalog
        self.model.set_departments({department.code: department.name for department in catalog.departments})
        self.search(self.box.text())

    def search(self, text: str) -> None:
        if self._index is None:
            return
        found: list[Matter | Bundle] = [*self._bundles_matching(text), *self._index.search(text)]
        self.model.set_matters(found)
        if self.model.rowCount():
            self.results.setCurrentIndex(self.model.index(0))
        else:
            self._show_details(-1)

    def _bundles_matching(self, text: str) -> list[Bundle]:
        query = normalise_query(text)
        if not query or self._catalog is None:
            return []
        return [
            bundle
            for bundle in self._catalog.bundles
            if query in normalise_query(bundle.name)
            or bundle.code.lower().startswith(query)
            or bundle.pinyin_initials.lower().startswith(query)
        ]

    def move_selection(self, key: int) -> None:
        rows = self.model.rowCount()
        if not rows:
            return
        step = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1, Qt.Key.Key_PageDown: 8, Qt.Key.Key_PageUp: -8}[Qt.Key(key)]
        row = min(max(self.results.currentIndex().row() + step, 0), rows - 1)
        self.results.setCurrentIndex(self.model.index(row))

    def choose_current(self) -> None:
        row = self.results.currentIndex().row()
        self._choose_row(row if row >= 0 else 0)

    def _choose_row(self, row: int) -> None:
        item = self.model.item_at(row)
        if isinstance(item, Bundle):
            self.bundle_chosen.emit(item)
            return
        matter = self.model.matter_at(row)
        if matter is None:
            return
        self._chosen = matter
        if self._index is not None:
            self._index.bump(matter.code, 0.0)
        self._show_details(row)
        self.matter_chosen.emit(matter)

    def clear(self) -> None:
        self._chosen = None
        self.box.clear()

    def focus(self) -> None:
        self.box.setFocus()
        self.box.selectAll()

    def _show_details(self, row: int) -> None:
        item = self.model.item_at(row)
        if isinstance(item, Bundle):
            self._show_bundle(item)
            return
        matter = self.model.matter_at(row) or self._chosen
        if matter is None:
            self.details.setText(self.tr("未选择事项"))
            return
        department = self._catalog.department_name(matter.department_code) if self._catalog else ""
        flags = [
            label
            for flag, label in (
                (matter.id_card_only, self.tr("一证通办")),
                (matter.province_wide, self.tr("全省通办")),
                (matter.cross_province, self.tr("跨省通办")),
                (matter.online, self.tr("可网办")),
            )
            if flag
        ]
        chosen = self.tr("（已选）") if self._chosen is not None and matter.code == self._chosen.code else ""
        fee = html.escape(matter.fee) or self.tr("不收费")
        lines = [
            f"<b>{html.escape(matter.name)}</b> {chosen}",
            fill(self.tr("编码：%1　部门：%2"), html.escape(matter.code), html.escape(department)),
            fill(
                self.tr("类型：%1　承诺时限：%2 个工作日　法定时限：%3 个工作日"),
                kind_label(matter.kind),
                str(matter.promised_days),
                str(matter.statutory_days),
            ),
            fill(self.tr("收费：%1"), fee),
        ]
        if flags:
            lines.append(" ".join(f"<span style='color:#0b5cad'>[{flag}]</span>" for flag in flags))
        lines.append(fill(self.tr("材料：%1 项"), str(len(matter.materials))))
        self.details.setText("<br>".join(lines))

    def _show_bundle(self, bundle: Bundle) -> None:
        names = [
            html.escape(matter.name if (matter := self._catalog.matter(code)) else code) if self._catalog else code
            for code in bundle.matters
        ]
        lines = [
            f"<b>{self.tr('【一件事】')}{html.escape(bundle.name)}</b>",
            html.escape(bundle.description),
            fill(self.tr("包含事项：%1"), "、".join(names)),
            self.tr("回车：申请人和材料只录一次，各事项分别出结果"),
        ]
        self.details.setText("<br>".join(line for line in lines if line))
