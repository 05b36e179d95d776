"""帮办代办 without a case, in one keystroke from the main window (``screens.py``: 帮办代办): a tiny dialog where the
digit keys 1–5 pick the kind (咨询/取号/引导/代填/上门), Alt+L and Alt+C toggle 老年人 and 残疾人, a note is
optional, and Enter records it (``services/assistance.py``)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from hallclient.domain.assistance import KINDS, MAX_NOTE
from hallclient.domain.tally_assistance import AssistanceFigures
from hallclient.services.assistance import record_assistance
from hallclient.ui.context import AppContext
from hallclient.ui.labels import fill
from hallclient.ui.ops import Failure, WriteOp, Written
from hallclient.ui.widgets import ERROR_STYLE


def kind_label(kind: str) -> str:
    """The kind in the clerk's language (the Chinese labels are ``domain/assistance.py``'s)."""
    labels = {
        "consult": QCoreApplication.translate("Assistance", "咨询"),
        "ticket": QCoreApplication.translate("Assistance", "取号"),
        "guidance": QCoreApplication.translate("Assistance", "引导"),
        "form_filling": QCoreApplication.translate("Assistance", "代填"),
        "home_visit": QCoreApplication.translate("Assistance", "上门"),
    }
    return labels.get(kind, KINDS.get(kind, kind))


def assistance_summary(figures: AssistanceFigures) -> str:
    """The 帮办代办 figures in one line, as the report states them (the supervisor's tally view)."""
    separator = QCoreApplication.translate("Assistance", "，")
    each = QCoreApplication.translate("Assistance", "%1 %2 次")
    kinds = separator.join(fill(each, kind_label(kind), count) for kind, count in figures.by_kind.items())
    template = QCoreApplication.translate(
        "Assistance", "帮办代办（不含办件）共 %1 次：%2；其中为老年人 %3 次、为残疾人 %4 次"
    )
    return fill(template, figures.total, kinds, figures.elderly, figures.disabled)


class AssistanceDialog(QDialog):
    """Signals: recorded(str): a 帮办代办 was committed (its kind)."""

    recorded = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("帮办代办（不含办件）"))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("按数字键选择类型，Enter 记录，Esc 取消"), self))
        row = QHBoxLayout()
        self.kinds = QButtonGroup(self)
        for number, kind in enumerate(KINDS, 1):
            button = QRadioButton(f"{number} {kind_label(kind)}", self)
            button.setProperty("kind", kind)
            self.kinds.addButton(button, number)
            row.addWidget(button)
            # A digit picks the kind wherever the focus is in the dialog; the note keeps typed digits (a line edit
            # claims printable keys before shortcuts).
            key = QShortcut(QKeySequence(str(number)), self, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
            key.activated.connect(button.click)
        self.kinds.button(1).setChecked(True)
        layout.addLayout(row)
        flags = QHBoxLayout()
        self.elderly = QCheckBox(self.tr("老年人 Alt+L"), self)
        self.disabled = QCheckBox(self.tr("残疾人 Alt+C"), self)
        for box, keys in ((self.elderly, "Alt+L"), (self.disabled, "Alt+C")):
            toggle = QShortcut(QKeySequence(keys), self, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
            toggle.activated.connect(box.toggle)
        flags.addWidget(self.elderly)
        flags.addWidget(self.disabled)
        flags.addStretch(1)
        layout.addLayout(flags)
        self.note = QLineEdit(self)
        self.note.setPlaceholderText(self.tr("备注（可不填）"))
        self.note.setMaxLength(MAX_NOTE)
        layout.addWidget(self.note)
        self.error = QLabel(self)
        self.error.setStyleSheet(ERROR_STYLE)
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("记录"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def kind(self) -> str:
        button = self.kinds.checkedButton()
        return str(button.property("kind")) if button is not None else "consult"

    def save(self) -> None:
        self.error.clear()
        actor = self.ctx.require_actor()
        kind, elderly, disabled, note = (
            self.kind(),
            self.elderly.isChecked(),
            self.disabled.isChecked(),
            self.note.text(),
        )
        self.buttons.setEnabled(False)
        WriteOp(
            self.ctx,
            parent=self,
            fn=lambda services: Written(
                record_assistance(services, actor, kind, elderly=elderly, disabled=disabled, note=note).kind
            ),
        ).success(self._saved).failure(self._failed).run()

    def _saved(self, kind: str) -> None:
        self.buttons.setEnabled(True)
        self.recorded.emit(kind)
        self.accept()

    def _failed(self, failure: Failure) -> None:
        self.buttons.setEnabled(True)
        self.error.setText(failure.message)
