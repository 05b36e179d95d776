"""The case list: filters a clerk needs every day, search, sorting, and paging over a year of cases.

The model never holds more than the pages scrolled to; each page is one indexed query on the DB
thread. A new filter, search or sort bumps a generation counter so late pages of an old query are
dropped instead of mixed in.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from hallclient.domain.case import CaseStatus
from hallclient.services import queries
from hallclient.services.queries import CaseFilter, CaseQuery, CaseRow
from hallclient.ui.context import AppContext
from hallclient.ui.labels import dated, fill, status_label
from hallclient.ui.ops import QueryOp

AnyIndex = QModelIndex | QPersistentModelIndex
CaseIdRole = Qt.ItemDataRole.UserRole + 1


class CaseListModel(QAbstractTableModel):
    """Signals: loaded(int): a page arrived; the argument is the total number of matching cases."""

    loaded = Signal(int)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._rows: list[CaseRow] = []
        self._total = 0
        self._query = CaseQuery()
        self._generation = 0
        self._fetching = False

    def headers(self) -> list[str]:
        return [
            self.tr("办件编号"),
            self.tr("受理时间"),
            self.tr("事项"),
            self.tr("申请人"),
            self.tr("证件号码"),
            self.tr("状态"),
            self.tr("期限"),
            self.tr("受理人"),
        ]

    @property
    def query(self) -> CaseQuery:
        return self._query

    @property
    def total(self) -> int:
        return self._total

    def row_at(self, row: int) -> CaseRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def set_query(self, query: CaseQuery) -> None:
        self._query = query
        self.refresh()

    def refresh(self) -> None:
        if not self.ctx.is_ready or self.ctx.actor is None:
            return
        self._generation += 1
        generation = self._generation
        self._fetching = True
        request = self._request(self.ctx.actor.user_id)
        QueryOp(self.ctx, parent=self, fn=lambda services: queries.first_page(services, request)).success(
            lambda result: self._first_page(generation, result)
        ).run()

    def _request(self, clerk_id: str) -> queries.CasePageRequest:
        return queries.CasePageRequest(self._query, clerk_id, self.ctx.today(), self.ctx.calendar)

    def _first_page(self, generation: int, result: tuple[int, list[CaseRow]]) -> None:
        if generation != self._generation:
            return
        self._fetching = False
        self.beginResetModel()
        self._total, self._rows = result[0], list(result[1])
        self.endResetModel()
        self.loaded.emit(self._total)

    def canFetchMore(self, parent: AnyIndex = QModelIndex()) -> bool:
        return not parent.isValid() and not self._fetching and len(self._rows) < self._total

    def fetchMore(self, parent: AnyIndex = QModelIndex()) -> None:
        if not self.canFetchMore(parent):
            return
        self._fetching = True
        generation = self._generation
        offset = len(self._rows)
        request = self._request(self.ctx.require_actor().user_id)
        QueryOp(self.ctx, parent=self, fn=lambda services: queries.next_page(services, request, offset)).success(
            lambda rows: self._more(generation, offset, rows)
        ).run()

    def _more(self, generation: int, offset: int, rows: list[CaseRow]) -> None:
        if generation != self._generation or offset != len(self._rows):
            return
        self._fetching = False
        if rows:
            self.beginInsertRows(QModelIndex(), offset, offset + len(rows) - 1)
            self._rows.extend(rows)
            self.endInsertRows()
        else:
            self._total = len(self._rows)
        self.loaded.emit(self._total)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(queries.SORT_COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            headers = self.headers()
            return headers[section] if 0 <= section < len(headers) else None
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return row.case_no
            if column == 1:
                return row.received_at.strftime("%Y-%m-%d %H:%M")
            if column == 2:
                return row.matter_name
            if column == 3:
                return row.applicant_name
            if column == 4:
                return row.applicant_id
            if column == 5:
                text = status_label(row.status) + (self.tr("·容缺") if row.deficiency_open else "")
                return text + (self.tr("·转递超期") if row.forwarding_overdue else "")
            if column == 6:
                return dated(row.due_date, row.due_provisional)
            if column == 7:
                return row.clerk_name
        if role == CaseIdRole:
            return row.id
        if role == Qt.ItemDataRole.ForegroundRole and column == 6 and row.due_date:
            today = self.ctx.today()
            open_case = row.status in (CaseStatus.ACCEPTED, CaseStatus.AWAITING_SUPPLEMENT) or row.deficiency_open
            if open_case and row.due_date < today:
                return QBrush(QColor("#b3261e"))
            if open_case and (row.due_date - today).days <= 2:
                return QBrush(QColor("#8a5a00"))
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        descending = order == Qt.SortOrder.DescendingOrder
        if column == self._query.sort_column and descending == self._query.descending:
            return
        self.set_query(replace(self._query, sort_column=column, descending=descending))


class _CaseTable(QTableView):
    """Enter opens the current case (a table otherwise swallows it)."""

    open_requested = Signal(str)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            case_id = self.currentIndex().data(CaseIdRole)
            if case_id:
                self.open_requested.emit(case_id)
                return
        super().keyPressEvent(event)


class CaseListPage(QWidget):
    """Signals: open_case(str): the clerk wants the detail of a case (its id)."""

    open_case = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.filters = QButtonGroup(self)
        self.filter_buttons: dict[CaseFilter, QPushButton] = {}
        for number, (kind, text) in enumerate(
            (
                (CaseFilter.TODAY, self.tr("今日")),
                (CaseFilter.MINE, self.tr("我的")),
                (CaseFilter.AWAITING_SUPPLEMENT, self.tr("待补正")),
                (CaseFilter.DEFICIENCY_DUE, self.tr("容缺待补")),
                (CaseFilter.NEAR_DUE, self.tr("临期")),
                (CaseFilter.OVERDUE, self.tr("超期")),
                (CaseFilter.ALL, self.tr("全部")),
                (CaseFilter.PROVISIONAL, self.tr("暂定期限")),
                (CaseFilter.FORWARDING_OVERDUE, self.tr("转递超期")),
            ),
            start=1,
        ):
            button = QPushButton(f"{text} [Alt+{number}]", self)
            button.setCheckable(True)
            button.setShortcut(f"Alt+{number}")
            button.setAutoDefault(False)
            self.filters.addButton(button)
            self.filter_buttons[kind] = button
            button.clicked.connect(lambda _c=False, k=kind: self.set_filter(k))
            bar.addWidget(button)
        bar.addStretch(1)
        layout.addLayout(bar)
        search_row = QHBoxLayout()
        self.search = QLineEdit(self)
        self.search.setObjectName("case_search")
        self.search.setPlaceholderText(self.tr("办件编号、证件号码（可带 *，如 5201**********123X）或姓名"))
        self.search.setClearButtonEnabled(True)
        search_row.addWidget(self.search, 1)
        self.bundle = QComboBox(self)  # 一件事: only the cases taken in with one (or with any) bundle
        self.bundle.setObjectName("case_bundle_filter")
        self.bundle.addItem(self.tr("一件事：不限"), "")
        self.bundle.addItem(self.tr("一件事：全部"), "*")
        if ctx.is_ready:
            self._load_bundles()
        else:
            ctx.ready.connect(self._load_bundles)
        self.bundle.currentIndexChanged.connect(self._bundle_chosen)
        search_row.addWidget(self.bundle)
        self.count = QLabel(self)
        search_row.addWidget(self.count)
        layout.addLayout(search_row)
        self.model = CaseListModel(ctx, self)
        self.table = _CaseTable(self)
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(1, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        for column in range(len(queries.SORT_COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.setAlternatingRowColors(True)
        layout.addWidget(self.table, 1)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(150)
        self._debounce.timeout.connect(self._apply_search)
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        self.search.returnPressed.connect(self._search_enter)
        self.table.open_requested.connect(self.open_case)
        self.table.doubleClicked.connect(lambda index: self.open_case.emit(index.data(CaseIdRole)))
        self.model.loaded.connect(self._loaded)
        # Bound methods, not lambdas: Qt drops the connection when this page is deleted (a language switch
        # rebuilds it), so a later save never reaches a deleted model.
        self.ctx.changed.connect(self._refresh)
        self.ctx.actor_changed.connect(self._refresh)
        self.filter_buttons[CaseFilter.TODAY].setChecked(True)

    def _bundle_chosen(self) -> None:
        self.model.set_query(replace(self.model.query, bundle=self.bundle.currentData()))

    def _load_bundles(self) -> None:
        for bundle in self.ctx.catalog.bundles:
            self.bundle.addItem(fill(self.tr("一件事：%1"), bundle.name), bundle.code)

    def set_filter(self, kind: CaseFilter) -> None:
        self.filter_buttons[kind].setChecked(True)
        query = self.model.query
        self.model.set_query(replace(query, kind=kind))
        self.table.setFocus()

    def _apply_search(self) -> None:
        query = self.model.query
        text = self.search.text().strip()
        if text != query.search:
            self.model.set_query(replace(query, search=text))

    def _search_enter(self) -> None:
        self._debounce.stop()
        self._apply_search()
        self.table.setFocus()
        if self.model.rowCount():
            self.table.selectRow(0)

    def _loaded(self, total: int) -> None:
        self.count.setText(fill(self.tr("共 %1 件"), str(total)))
        if self.model.rowCount() and not self.table.currentIndex().isValid():
            self.table.selectRow(0)

    def _refresh(self, *_args: object) -> None:
        self.model.refresh()

    def focus(self) -> None:
        self.search.setFocus()
        self.search.selectAll()
