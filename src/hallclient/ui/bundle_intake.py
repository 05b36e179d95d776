"""一件事一次办 intake: the applicant once, the bundle's one checklist, an outcome per matter, one commit.

The checklist is the de-duplicated one (``domain.bundles``): each paper once. Each matter's outcome follows from
the papers ticked (``suggested_outcome``); the clerk may pick another only where the law allows it
(``allowed_outcomes``: 容缺 when every missing paper may be 容缺, 不予受理 with a reason, 受理 instead of 即办).
The service records every case in one transaction, or none.

电子证照: after a swipe (or a typed valid number and name) the single intake's :class:`CertificateLine` asks once
for all the bundle's matters (purpose ``bundle_intake``) and ticks each paper a valid certificate stands in for in
every matter it serves; the clerk can untick it.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hallclient.domain import bundles as rules
from hallclient.domain.case import Outcome
from hallclient.domain.catalog import Bundle, Matter
from hallclient.services.bundles import (
    BundleForm,
    BundleIntakeRequest,
    BundleResult,
    MatterDecision,
    ReceivedPaper,
    record_bundle_intake,
)
from hallclient.services.cases import FieldError
from hallclient.services.queue_links import TicketRef
from hallclient.ui.applicant import ApplicantPanel
from hallclient.ui.certificates import CertificateLine
from hallclient.ui.context import AppContext
from hallclient.ui.labels import fill, outcome_label
from hallclient.ui.materials import MaterialChecklist
from hallclient.ui.ops import Changes, Failure, WriteOp, Written
from hallclient.ui.widgets import ERROR_STYLE

COL_MATTER, COL_DEPARTMENT, COL_OUTCOME, COL_REASON = range(4)


def bundle_written(result: BundleResult) -> Written[BundleResult]:
    """Every case of the bundle changed; the bundle receipt and the per-case slips were queued."""
    jobs = tuple(job for job in (result.print_job_id, *(c.print_job_id for c in result.cases)) if job)
    return Written(result, Changes(case_ids=frozenset(c.case_id for c in result.cases), print_jobs=jobs))


class BundleIntakeDialog(QDialog):
    """Signals: recorded(object): a ``BundleResult`` was committed."""

    recorded = Signal(object)

    def __init__(
        self, ctx: AppContext, bundle: Bundle, parent: QWidget | None = None, *, ticket: TicketRef | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.bundle = bundle
        self.ticket = ticket
        self._committing = False
        self.setWindowTitle(fill(self.tr("一件事一次办：%1"), bundle.name))
        found = [(code, ctx.catalog.matter(code)) for code in bundle.matters]
        self.matters: tuple[Matter, ...] = tuple(matter for _code, matter in found if matter is not None)
        absent = [code for code, matter in found if matter is None]
        self.checklist = rules.bundle_materials(self.matters)
        outer = QVBoxLayout(self)
        title = QLabel(fill(self.tr("【一件事】%1"), bundle.name), self)
        title.setStyleSheet("font-size: 15px; font-weight: bold; color: #0b5cad;")
        outer.addWidget(title)
        self.error = QLabel(self)
        self.error.setObjectName("bundle_error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setVisible(False)
        outer.addWidget(self.error)

        columns = QHBoxLayout()
        left = QVBoxLayout()
        self.applicant = ApplicantPanel("applicant", self.tr("申请人 [F2]"), allow_organisation=True, parent=self)
        self.applicant.set_today(ctx.today())
        left.addWidget(self.applicant)
        self.agent_toggle = QCheckBox(self.tr("代办人办理（帮办代办）"), self)
        left.addWidget(self.agent_toggle)
        self.agent = ApplicantPanel("agent", self.tr("代办人"), allow_organisation=False, parent=self)
        self.agent.set_today(ctx.today())
        self.agent.setVisible(False)
        left.addWidget(self.agent)
        left.addStretch(1)
        columns.addLayout(left, 2)
        right = QVBoxLayout()
        saved = rules.papers_saved(self.checklist)
        right.addWidget(
            QLabel(fill(self.tr("材料清单（各事项共用，每份只收一次；少收重复材料 %1 份）"), str(saved)), self)
        )
        self.materials = MaterialChecklist(self)
        self.materials.set_matter(rules.checklist_matter(bundle.code, bundle.name, self.checklist))
        right.addWidget(self.materials, 1)
        form = BundleForm(bundle, self.matters, self.checklist)
        self.certificates = CertificateLine(ctx, self.applicant, self.materials, self, bundle=form)
        right.addWidget(self.certificates)
        self.finished.connect(lambda _code: self.certificates.shutdown(wait=False))
        right.addWidget(QLabel(self.tr("各事项办理结果（按所收材料得出，可在法定范围内调整）"), self))
        self.outcomes = QTableWidget(len(self.matters), 4, self)
        self.outcomes.setObjectName("bundle_outcomes")
        self.outcomes.setHorizontalHeaderLabels(
            [self.tr("事项"), self.tr("部门"), self.tr("结果"), self.tr("不予受理理由")]
        )
        self.outcomes.verticalHeader().setVisible(False)
        self.outcomes.horizontalHeader().setSectionResizeMode(COL_MATTER, QHeaderView.ResizeMode.Stretch)
        self.combos: dict[str, QComboBox] = {}
        self.reasons: dict[str, QLineEdit] = {}
        for row, matter in enumerate(self.matters):
            name = QTableWidgetItem(matter.name)
            name.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.outcomes.setItem(row, COL_MATTER, name)
            department = QTableWidgetItem(ctx.catalog.department_name(matter.department_code))
            department.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.outcomes.setItem(row, COL_DEPARTMENT, department)
            combo = QComboBox(self.outcomes)
            combo.setObjectName(f"outcome_{matter.code}")
            combo.currentIndexChanged.connect(self._outcome_changed)
            self.outcomes.setCellWidget(row, COL_OUTCOME, combo)
            reason = QLineEdit(self.outcomes)
            reason.setObjectName(f"reason_{matter.code}")
            self.outcomes.setCellWidget(row, COL_REASON, reason)
            self.combos[matter.code], self.reasons[matter.code] = combo, reason
        right.addWidget(self.outcomes, 1)
        columns.addLayout(right, 3)
        outer.addLayout(columns, 1)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.commit_button = QPushButton(self.tr("全部提交 [Ctrl+Enter]"), self)
        self.commit_button.setObjectName("bundle_commit")
        self.commit_button.setAutoDefault(False)
        cancel = QPushButton(self.tr("取消 [Esc]"), self)
        cancel.setAutoDefault(False)
        buttons.addWidget(self.commit_button)
        buttons.addWidget(cancel)
        outer.addLayout(buttons)
        self.commit_button.clicked.connect(self.commit)
        cancel.clicked.connect(self.reject)
        for key in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(key), self, self.commit)
        QShortcut(QKeySequence("F2"), self, self.applicant.focus_first)
        self.agent_toggle.toggled.connect(self.agent.setVisible)
        self.materials.changed.connect(self._materials_changed)
        self._materials_changed()
        if absent:  # the catalog changed under the clerk: the bundle cannot be taken in as it stands
            self.show_error(
                fill(self.tr("一件事“%1”中的事项 %2 不存在或已停用，不能办理"), bundle.name, "、".join(absent))
            )
            self.commit_button.setEnabled(False)
        self.resize(1100, 680)

    # -- card and form ---------------------------------------------------------------------------------
    def fill_from_card(self, card: dict[str, Any], raw: bytes | None = None) -> list[str]:
        """A swipe fills the applicant, or the agent once the applicant is filled and proxy handling is on."""
        target = self.agent if self.agent_toggle.isChecked() and not self.applicant.is_empty() else self.applicant
        warnings = target.fill_from_card(card, raw)
        if target is self.applicant:
            self.certificates.follow()  # a swipe is a new applicant: asked at once
        return warnings

    def received_keys(self) -> set[str]:
        return {item.code for item in self.materials.received_materials() if item.received}

    def _materials_changed(self) -> None:
        received = self.received_keys()
        for matter in self.matters:
            combo = self.combos[matter.code]
            codes = rules.received_codes(self.checklist, received, matter.code)
            allowed = rules.allowed_outcomes(matter, codes)
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            for outcome in allowed:
                combo.addItem(outcome_label(outcome), outcome.value)
            keep = current if current in {o.value for o in allowed} else rules.suggested_outcome(matter, codes).value
            combo.setCurrentIndex(combo.findData(keep))
            combo.blockSignals(False)
        self._outcome_changed()

    def _outcome_changed(self) -> None:
        for code, combo in self.combos.items():
            refuse = combo.currentData() == Outcome.REFUSE.value
            self.reasons[code].setEnabled(refuse)
            self.reasons[code].setPlaceholderText(self.tr("必填") if refuse else "")

    def choose(self, matter_code: str, outcome: Outcome) -> None:
        """Pick ``outcome`` for a matter, when the law lets the clerk (it must be offered)."""
        combo = self.combos[matter_code]
        index = combo.findData(outcome.value)
        if index < 0:
            raise ValueError(f"{outcome} is not offered for {matter_code}")
        combo.setCurrentIndex(index)

    def build_request(self) -> BundleIntakeRequest:
        papers = tuple(
            ReceivedPaper(item.code, item.copies, item.pages, item.certificate, item.lookup_id)
            for item in self.materials.received_materials()
            if item.received
        )
        decisions = tuple(
            MatterDecision(
                matter.code,
                Outcome(self.combos[matter.code].currentData()),
                refusal_reason=self.reasons[matter.code].text().strip(),
            )
            for matter in self.matters
        )
        agent = self.agent.applicant() if self.agent_toggle.isChecked() else None
        return BundleIntakeRequest(
            self.bundle.code,
            self.applicant.applicant(),
            papers,
            decisions,
            agent=agent,
            green_channel=self.applicant.green.isChecked(),
        )

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(bool(message))

    # -- commit ---------------------------------------------------------------------------------------
    def commit(self) -> None:
        if self._committing or not self.commit_button.isEnabled():
            return
        request = self.build_request()
        unexplained = [
            matter.name
            for matter in self.matters
            if self.combos[matter.code].currentData() == Outcome.REFUSE.value and not self.reasons[matter.code].text()
        ]
        if unexplained:
            self.show_error(fill(self.tr("不予受理须写明理由：%1"), "、".join(unexplained)))
            return
        self._committing = True
        self.commit_button.setEnabled(False)
        actor, calendar, ticket = self.ctx.require_actor(), self.ctx.calendar, self.ticket
        WriteOp(
            self.ctx,
            parent=self,
            fn=lambda services: bundle_written(record_bundle_intake(services, actor, request, calendar, ticket=ticket)),
        ).success(self._committed).failure(self._failed).with_progress(self.tr("正在保存一件事…")).run()

    def _committed(self, result: BundleResult) -> None:
        self._committing = False
        self.recorded.emit(result)
        self.accept()

    def _failed(self, failure: Failure) -> None:
        self._committing = False
        self.commit_button.setEnabled(True)
        self.show_error(self.tr("未保存：") + failure.message)
        if isinstance(failure.error, FieldError):
            panel = self.agent if failure.error.field.startswith("agent.") else self.applicant
            panel.show_error(failure.error.field, failure.message)


class BundlePicker(QDialog):
    """The menu's way in (一件事一次办, Ctrl+Shift+M): the catalog's bundles; Enter or a double click takes one."""

    def __init__(self, bundles: tuple[Bundle, ...], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("一件事一次办"))
        self.chosen: Bundle | None = None
        layout = QVBoxLayout(self)
        self.list = QListWidget(self)
        self.list.setObjectName("bundle_list")
        for bundle in bundles:
            item = QListWidgetItem(fill(self.tr("%1（%2 个事项）"), bundle.name, str(len(bundle.matters))), self.list)
            item.setData(Qt.ItemDataRole.UserRole, bundle.code)
        if not bundles:
            layout.addWidget(QLabel(self.tr("目录中没有一件事"), self))
        layout.addWidget(self.list)
        self._bundles = {bundle.code: bundle for bundle in bundles}
        self.list.itemActivated.connect(self._take)
        self.list.setCurrentRow(0)

    def _take(self, item: QListWidgetItem) -> None:
        self.chosen = self._bundles.get(item.data(Qt.ItemDataRole.UserRole))
        self.accept()
