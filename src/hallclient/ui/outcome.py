"""The five outcome buttons and the inline confirmation that shows the computed deadlines first.

No modal maze: pressing an outcome key opens a strip under the buttons with what will be promised
(dates counted in working days) and the few extra fields that outcome needs; Enter confirms, Esc goes back.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDateEdit,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hallclient.domain.case import Outcome
from hallclient.ui.labels import fill, outcome_label
from hallclient.ui.widgets import ERROR_STYLE, FieldRow

#: Outcome keys, in the order of the buttons.
OUTCOME_KEYS: tuple[tuple[Outcome, str], ...] = (
    (Outcome.ACCEPT, "F6"),
    (Outcome.NOTIFY_MISSING, "F7"),
    (Outcome.REFUSE, "F8"),
    (Outcome.ACCEPT_WITH_DEFICIENCY, "F9"),
    (Outcome.COMPLETE_IMMEDIATELY, "F10"),
)


class OutcomeButtons(QWidget):
    """Signals: requested(object): the clerk asked for an ``Outcome``."""

    requested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.buttons: dict[Outcome, QPushButton] = {}
        for outcome, key in OUTCOME_KEYS:
            button = QPushButton(f"{outcome_label(outcome)}  [{key}]", self)
            button.setMinimumHeight(38)
            button.setAutoDefault(False)
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            button.clicked.connect(lambda _checked=False, o=outcome: self.requested.emit(o))
            layout.addWidget(button)
            self.buttons[outcome] = button
        self.buttons[Outcome.REFUSE].setStyleSheet("color: #b3261e;")


class ConfirmStrip(QFrame):
    """Signals: confirmed(object, dict): Enter on a shown preview; cancelled(): Esc."""

    confirmed = Signal(object, dict)
    cancelled = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setObjectName("confirm_strip")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setStyleSheet("#confirm_strip { background: #fff8e1; border: 1px solid #e0b000; }")
        self.outcome: Outcome | None = None
        layout = QVBoxLayout(self)
        self.title = QLabel(self)
        self.title.setStyleSheet("font-size: 15px; font-weight: bold;")
        layout.addWidget(self.title)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.summary)
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        self.error.setStyleSheet(ERROR_STYLE)
        layout.addWidget(self.error)
        self.fields = QWidget(self)
        form = QFormLayout(self.fields)
        form.setContentsMargins(0, 0, 0, 0)
        self.reason = QLineEdit(self.fields)
        self.reason.setObjectName("refusal_reason")
        self.reason_row = FieldRow(self.reason, self.fields)
        self.reason_label = QLabel(self.tr("不予受理理由"), self.fields)
        form.addRow(self.reason_label, self.reason_row)
        self.body = QLineEdit(self.fields)
        self.body.setPlaceholderText(self.tr("如属其他机关职权，写明应向哪个机关申请"))
        self.body_label = QLabel(self.tr("有权机关"), self.fields)
        form.addRow(self.body_label, self.body)
        self.supply = QDateEdit(self.fields)
        self.supply.setCalendarPopup(True)
        self.supply.setDisplayFormat("yyyy-MM-dd")
        self.supply_row = FieldRow(self.supply, self.fields)
        self.supply_label = QLabel(self.tr("容缺补齐期限"), self.fields)
        form.addRow(self.supply_label, self.supply_row)
        layout.addWidget(self.fields)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.ok = QPushButton(self.tr("确认 [Enter]"), self)
        self.ok.setObjectName("confirm_ok")
        self.cancel = QPushButton(self.tr("返回 [Esc]"), self)
        for button in (self.ok, self.cancel):
            button.setAutoDefault(False)
            buttons.addWidget(button)
        layout.addLayout(buttons)
        self.ok.clicked.connect(self.confirm)
        self.cancel.clicked.connect(self.cancel_preview)
        self.reason.returnPressed.connect(self.confirm)
        self.body.returnPressed.connect(self.confirm)
        self.setVisible(False)

    def show_preview(
        self,
        outcome: Outcome,
        summary: str,
        *,
        error: str = "",
        supply_default: date | None = None,
        supply_max: date | None = None,
    ) -> None:
        """Show what ``outcome`` will record; an ``error`` means it cannot be confirmed as the form stands."""
        self.outcome = outcome
        self.title.setText(fill(self.tr("确认：%1"), outcome_label(outcome)))
        self.summary.setText(summary)
        self.error.setText(error)
        self.error.setVisible(bool(error))
        refuse = outcome is Outcome.REFUSE
        deficiency = outcome is Outcome.ACCEPT_WITH_DEFICIENCY and not error
        for widget in (self.reason_row, self.reason_label, self.body, self.body_label):
            widget.setVisible(refuse)
        for widget in (self.supply_row, self.supply_label):
            widget.setVisible(deficiency)
        self.fields.setVisible(refuse or deficiency)
        self.reason_row.clear()
        self.supply_row.clear()
        if deficiency and supply_default is not None:
            self.supply.setDate(QDate(supply_default.year, supply_default.month, supply_default.day))
            if supply_max is not None:
                self.supply.setMaximumDate(QDate(supply_max.year, supply_max.month, supply_max.day))
        self.ok.setEnabled(not error)
        self.setVisible(True)
        if refuse:
            self.reason.setFocus()
        elif deficiency:
            self.supply.setFocus()
        else:
            self.setFocus()

    def extras(self) -> dict[str, Any]:
        supply = self.supply.date()
        return {
            "refusal_reason": self.reason.text().strip(),
            "competent_body": self.body.text().strip(),
            "supply_deadline": date(supply.year(), supply.month(), supply.day()),
        }

    def confirm(self) -> None:
        if not self.isVisible() or self.outcome is None or not self.ok.isEnabled():
            return
        if self.outcome is Outcome.REFUSE and not self.reason.text().strip():
            self.reason_row.set_error(self.tr("不予受理须写明理由"))
            self.reason.setFocus()
            return
        self.confirmed.emit(self.outcome, self.extras())

    def cancel_preview(self) -> None:
        self.hide_strip()
        self.cancelled.emit()

    def hide_strip(self) -> None:
        self.outcome = None
        self.reason.clear()
        self.body.clear()
        self.setVisible(False)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.confirm()
            return
        if event.key() == Qt.Key.Key_Escape:
            self.cancel_preview()
            return
        super().keyPressEvent(event)
