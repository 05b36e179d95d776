"""Dialogs of the 考核 tab: 登记扣分 (a finding), 发布 (password and reason), and the drill-down of one indicator.

The finding and publish dialogs stay open while their write runs: a refusal (bad input the service
checks, a wrong password) is shown inline under the fields, with everything typed kept; only a saved
write closes them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hallclient.domain.assessment import FINDING_KINDS, Evidence
from hallclient.services.findings import FindingInput
from hallclient.services.queries import UserChoice
from hallclient.ui.labels import fill
from hallclient.ui.styles import ERROR_STYLE, HINT_STYLE
from hallclient.ui.supervisor import assessment_texts as texts


class FindingDialog(QDialog):
    """登记扣分. Signal: submitted(FindingInput) once the fields pass the dialog's own checks (the service
    checks everything again: an unknown user, a published quarter, an unreadable evidence file)."""

    submitted = Signal(object)

    def __init__(self, staff: Sequence[UserChoice], today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.today = today
        self.setWindowTitle(self.tr("登记扣分"))
        self.staff = QComboBox()
        for choice in staff:
            self.staff.addItem(f"{choice.display_name}（{choice.username}）", choice.username)
        self.kind = QComboBox()
        for key, label in FINDING_KINDS.items():
            self.kind.addItem(texts.finding_kind_label(key, label), key)
        self.points = QDoubleSpinBox()
        self.points.setRange(-100, 100)
        self.points.setDecimals(1)
        self.points.setSingleStep(0.5)
        self.points.setValue(-1)
        self.day = QDateEdit(QDate(today.year, today.month, today.day))
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        self.window_no = QLineEdit()
        self.note = QPlainTextEdit()
        self.note.setMinimumHeight(70)
        self.evidence = QLineEdit()
        self.evidence.setReadOnly(True)
        self.pick_button = QPushButton(self.tr("选择文件…"))
        self.pick_button.clicked.connect(self._pick)
        evidence_row = QHBoxLayout()
        evidence_row.addWidget(self.evidence, 1)
        evidence_row.addWidget(self.pick_button)
        hint = QLabel(self.tr("负分为扣分，正分为加分（如群众表扬）"))
        hint.setStyleSheet(HINT_STYLE)
        form = QFormLayout(self)
        form.addRow(self.tr("人员"), self.staff)
        form.addRow(self.tr("类型"), self.kind)
        form.addRow(self.tr("分值"), self.points)
        form.addRow("", hint)
        form.addRow(self.tr("日期"), self.day)
        form.addRow(self.tr("窗口"), self.window_no)
        form.addRow(self.tr("情况说明"), self.note)
        form.addRow(self.tr("佐证材料"), evidence_row)
        self.error = QLabel()
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        form.addRow(self.error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        self.resize(480, 420)

    def _pick(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("选择佐证材料"))
        if path:
            self.evidence.setText(path)

    def submit(self) -> None:
        """Check what the dialog can check itself, then hand the draft on (the dialog stays open)."""
        problem = self._problem()
        if problem:
            self.show_error(problem)
            return
        self.error.clear()
        self.buttons.setEnabled(False)
        self.submitted.emit(self.value())

    def _problem(self) -> str:
        day = self.day.date().toPython()
        if self.staff.currentIndex() < 0:
            return self.tr("没有可选的人员：请先在“用户”中添加窗口人员")
        if self.points.value() == 0:
            return self.tr("分值不能为 0：扣分填负数，加分填正数")
        if not self.note.toPlainText().strip():
            return self.tr("请填写情况说明")
        if isinstance(day, date) and day > self.today:
            return fill(self.tr("日期 %1 在未来"), day.isoformat())
        evidence = self.evidence.text()
        if evidence and not Path(evidence).is_file():
            return fill(self.tr("佐证材料不存在：%1"), evidence)
        return ""

    def value(self) -> FindingInput:
        day = self.day.date().toPython()
        assert isinstance(day, date)
        return FindingInput(
            staff=str(self.staff.currentData()), kind=str(self.kind.currentData()), points=self.points.value(),
            note=self.note.toPlainText().strip(), day=day, window=self.window_no.text().strip(),
            evidence=Path(self.evidence.text()) if self.evidence.text() else None,
        )  # fmt: skip

    def show_error(self, message: str) -> None:
        """A refusal, shown under the fields; what was typed stays."""
        self.error.setText(message)
        self.buttons.setEnabled(True)


class PublishDialog(QDialog):
    """发布: the publisher's password (the local signature; not on the server, whose session signs) and, when
    a version exists, the reason for a new one. Signal: submitted(password, reason)."""

    submitted = Signal(str, str)

    def __init__(self, period_text: str, version: int | None, parent: QWidget | None = None, *,
                 password: bool = True) -> None:  # fmt: skip
        super().__init__(parent)
        self.needs_reason = version is not None
        self.needs_password = password
        self.setWindowTitle(self.tr("发布考核结果"))
        form = QFormLayout(self)
        intro = fill(self.tr("发布 %1 的考核结果：发布后结果冻结并签名，之后的数据不再改变它。"), period_text)
        if version is not None:
            intro += fill(self.tr("已发布第 %1 版；再次发布将生成第 %2 版，须说明原因。"), version, version + 1)
        label = QLabel(intro)
        label.setWordWrap(True)
        form.addRow(label)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        if password:
            form.addRow(self.tr("登录密码"), self.password)
        self.reason = QPlainTextEdit()
        self.reason.setMinimumHeight(60)
        self.reason.setVisible(self.needs_reason)
        if self.needs_reason:
            form.addRow(self.tr("更正原因"), self.reason)
        self.error = QLabel()
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        form.addRow(self.error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)

    def submit(self) -> None:
        if self.needs_password and not self.password.text():
            self.show_error(self.tr("请输入登录密码以签名"))
            return
        if self.needs_reason and not self.reason.toPlainText().strip():
            self.show_error(self.tr("再次发布须填写更正原因"))
            return
        self.error.clear()
        self.buttons.setEnabled(False)
        self.submitted.emit(self.password.text(), self.reason.toPlainText().strip())

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.buttons.setEnabled(True)


class DrillDownDialog(QDialog):
    """The cases, findings and figures behind one indicator of one department or staff member."""

    def __init__(self, subject: str, indicator: str, evidence: Sequence[Evidence], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(fill(self.tr("%1：%2 的依据"), subject, indicator))
        self.list = QListWidget()
        for item in evidence:
            points = f"（{item.points:+g}）" if item.points else ""
            self.list.addItem(f"{texts.evidence_kind_label(item.kind)}　{item.ref}　{item.text}{points}")
        if not evidence:
            self.list.addItem(self.tr("没有扣分或加分依据"))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(fill(self.tr("共 %1 条"), len(evidence))))
        layout.addWidget(self.list)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(640, 420)
