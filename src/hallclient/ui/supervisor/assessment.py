"""The supervisor window's 考核 tab: a quarter's (or month's) ranking of departments or staff, the breakdown
of the selected row with the evidence behind each indicator, the findings (登记扣分, appeal, decision),
the 通报 exports and publishing.

The local assessment, findings and publishing are store work (``services.assessment``,
``services.findings``) run through :mod:`hallclient.ui.ops`; the hall-wide (全厅) assessment, its
drill-down and publishing are server calls (``reports.server``) on the network thread with the
supervisor's server session (without a server configured the choice is disabled, saying why). A quarter
already published shows its latest published version (frozen), not a new computation; the header says
which. The coverage notes (missing calendar, no queue data, unscored indicators) are shown above the table.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QEvent, QItemSelection, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QShowEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QRadioButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from hallclient.domain.assessment import Assessment, IndicatorScore, Subject, SubjectScore, quarter_period
from hallclient.errors import HallError
from hallclient.reports.assessment_table import DETAIL_COLUMNS, cell_text, ranking_columns, value_text
from hallclient.services.context import Actor, Services
from hallclient.services.findings import FindingInput
from hallclient.services.queries import UserChoice
from hallclient.ui.context import AppContext
from hallclient.ui.labels import fill
from hallclient.ui.ops import Failure, NetworkOp, QueryOp, WriteOp, Written
from hallclient.ui.styles import WARNING_STYLE
from hallclient.ui.supervisor import assessment_texts as texts
from hallclient.ui.supervisor.assessment_dialogs import DrillDownDialog, FindingDialog, PublishDialog
from hallclient.ui.supervisor.assessment_findings import FindingsPanel, read_only_table
from hallclient.ui.supervisor.server_sign_in import ServerSignIn, server_configured

#: Breakdown columns on screen: the exports' declaration without the subject (the selected row says it).
BREAKDOWN_COLUMNS = [column for column in DETAIL_COLUMNS if column.key != "subject"]
#: Grade colours, best first; a set with fewer grades uses the first and the last ones.
GRADE_COLOURS = ("#D4EDDA", "#D6E9F8", "#FFF3CD", "#F8D7DA")
PERIODS_SHOWN = 8


def recent_periods(kind: str, today: date, count: int = PERIODS_SHOWN) -> list[str]:
    """The current and earlier quarters (``2026Q4``) or months (``2026-10``), newest first."""
    if kind == "month":
        months = [(today.year * 12 + today.month - 1) - n for n in range(count)]
        return [f"{m // 12}-{m % 12 + 1:02d}" for m in months]
    quarters = [(today.year * 4 + (today.month - 1) // 3) - n for n in range(count)]
    return [f"{q // 4}Q{q % 4 + 1}" for q in quarters]


def grade_colour(assessment: Assessment, grade: str) -> QColor | None:
    names = [item.name for item in sorted(assessment.indicator_set.grades, key=lambda item: -item.min_score)]
    if grade not in names:
        return None
    position = names.index(grade)
    last = len(names) - 1
    index = 0 if last == 0 else round(position * (len(GRADE_COLOURS) - 1) / last)
    return QColor(GRADE_COLOURS[index])


@dataclass(frozen=True)
class Loaded:
    """One computation for the tab: the assessment and what goes with it."""

    assessment: Assessment
    version: int | None  # the published version shown; None: computed now (a draft)
    findings: list[Any]  # the period's findings (``services.findings.list_findings``), all states
    staff: list[UserChoice]


def _published_or_none(read: Callable[[], Any]) -> Any:
    """``read()``, or None when the quarter has no published version (the services raise HallError for it)."""
    try:
        return read()
    except HallError:
        return None


class AssessmentPanel(QWidget):
    """Signals: loaded(Assessment) after each computation; exported(str); published(int) with the version;
    finding_saved(str) with the finding's id; failed(str)."""

    loaded = Signal(object)
    exported = Signal(str)
    published = Signal(int)
    finding_saved = Signal(str)
    failed = Signal(str)

    def __init__(self, ctx: AppContext, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.actor = ctx, actor
        self.assessment: Assessment | None = None
        self.version: int | None = None
        self.staff: list[UserChoice] = []
        self.finding_dialog: FindingDialog | None = None
        self.publish_dialog: PublishDialog | None = None
        self.drill_dialog: DrillDownDialog | None = None
        self.today = ctx.services.now().date()
        self._asked = False
        self._status: Callable[[], str] = str  # the status line, rebuilt on a language switch

        self.period_kind = QComboBox()
        for key in ("quarter", "month"):
            self.period_kind.addItem(key, key)
        self.period = QComboBox()
        self.subject = QComboBox()
        for subject in Subject:
            self.subject.addItem(subject.value, subject.value)
        self.local_choice, self.server_choice = QRadioButton(), QRadioButton()
        self.local_choice.setChecked(True)
        self.source_group = QButtonGroup(self)
        self.source_group.addButton(self.local_choice)
        self.source_group.addButton(self.server_choice)
        self.server_choice.setEnabled(server_configured(ctx))
        self.compute_button = QPushButton()
        self.export_buttons = {fmt: QPushButton() for fmt in ("pdf", "xlsx", "csv")}
        self.publish_button = QPushButton()
        bar = QHBoxLayout()
        for widget in (self.period_kind, self.period, self.subject, self.local_choice, self.server_choice,
                       self.compute_button):  # fmt: skip
            bar.addWidget(widget)
        bar.addStretch(1)
        for button in (*self.export_buttons.values(), self.publish_button):
            bar.addWidget(button)
        self.sign_in = ServerSignIn(ctx, actor.username)
        self.sign_in.setVisible(False)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.notes = QLabel()  # coverage warnings: where the supervisor sees them, above the ranking
        self.notes.setWordWrap(True)
        self.notes.setStyleSheet(WARNING_STYLE)
        self.notes.setVisible(False)

        self.ranking_model = QStandardItemModel(self)
        self.ranking = read_only_table(self.ranking_model)
        self.breakdown_title = QLabel()
        self.breakdown_model = QStandardItemModel(self)
        self.breakdown = read_only_table(self.breakdown_model)
        self.evidence = QListWidget()
        self.evidence.setMaximumHeight(96)
        self.drill_button = QPushButton()
        self.drill_button.setEnabled(False)
        self.breakdown_box = QGroupBox()
        side = QVBoxLayout(self.breakdown_box)
        side.addWidget(self.breakdown_title)
        side.addWidget(self.breakdown, 1)
        side.addWidget(self.evidence)
        side.addWidget(self.drill_button)
        top = QSplitter(Qt.Orientation.Horizontal)
        top.addWidget(self.ranking)
        top.addWidget(self.breakdown_box)
        top.setStretchFactor(0, 1)
        top.setStretchFactor(1, 1)

        self.findings = FindingsPanel()
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(top)
        split.addWidget(self.findings)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        split.setSizes([420, 140])

        self.status = QLabel()
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.sign_in)
        layout.addWidget(self.summary)
        layout.addWidget(self.notes)
        layout.addWidget(split, 1)
        layout.addWidget(self.status)

        self._fill_periods()
        self.retranslate()
        self.period_kind.activated.connect(self._kind_chosen)
        self.period.activated.connect(self._recompute)
        self.subject.activated.connect(self._recompute)
        self.source_group.buttonClicked.connect(self._recompute)
        self.compute_button.clicked.connect(self.compute)
        self.ranking.selectionModel().selectionChanged.connect(self._row_selected)
        self.breakdown.selectionModel().selectionChanged.connect(self._indicator_selected)
        self.drill_button.clicked.connect(self.drill_down)
        self.breakdown.activated.connect(lambda _index: self.drill_down())  # Enter, and a double-click on most
        self.findings.record_requested.connect(self.open_finding_dialog)
        self.findings.appeal_requested.connect(self.appeal)
        self.findings.decision_requested.connect(self.decide)
        self.publish_button.clicked.connect(self.open_publish_dialog)
        for fmt, button in self.export_buttons.items():
            button.clicked.connect(lambda _checked=False, fmt=fmt: self._ask_export(fmt))
        self.sign_in.signed_in.connect(self.compute)

    # -- language --------------------------------------------------------------------------------------

    def retranslate(self) -> None:
        kinds = {"quarter": self.tr("按季度"), "month": self.tr("按月")}
        for index in range(self.period_kind.count()):
            self.period_kind.setItemText(index, kinds[str(self.period_kind.itemData(index))])
        for index in range(self.subject.count()):
            self.subject.setItemText(index, texts.subject_choice(str(self.subject.itemData(index))))
        self.local_choice.setText(self.tr("本机"))
        self.server_choice.setText(self.tr("全厅（服务器）"))
        self.server_choice.setToolTip(
            ""
            if self.server_choice.isEnabled()
            else self.tr("本机未登记到服务器（hallclient enroll），只能按本机数据考核")
        )
        self.compute_button.setText(self.tr("计算"))
        for fmt, button in self.export_buttons.items():
            button.setText(fill(self.tr("导出 %1…"), fmt.upper()))
        self.publish_button.setText(self.tr("发布…"))
        self.drill_button.setText(self.tr("查看依据…"))
        self.breakdown_box.setTitle(self.tr("得分明细"))
        self.sign_in.retranslate()
        self.status.setText(self._status())
        self._show()

    def showEvent(self, event: QShowEvent) -> None:
        """The first time the tab is shown, compute the current quarter (not before: it is not free)."""
        if self.assessment is None and not self._asked:
            self._asked = True
            self.compute()
        super().showEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- choices ---------------------------------------------------------------------------------------

    def _fill_periods(self) -> None:
        self.period.clear()
        for text in recent_periods(str(self.period_kind.currentData()), self.today):
            self.period.addItem(text, text)

    def _kind_chosen(self, _index: int) -> None:
        self._fill_periods()
        self._recompute()

    def _recompute(self, *_args: object) -> None:
        """A choice changed: recompute what is shown (once something has been shown)."""
        if self._asked:
            self.compute()

    def period_text(self) -> str:
        return str(self.period.currentData())

    def set_period(self, text: str) -> None:
        """Choose ``2026Q4`` or ``2026-10`` (added to the picker when older than the ones listed)."""
        self.period_kind.setCurrentIndex(self.period_kind.findData("month" if "-" in text else "quarter"))
        if self.period.findData(text) < 0:
            self.period.addItem(text, text)
        self.period.setCurrentIndex(self.period.findData(text))

    def chosen_subject(self) -> Subject:
        return Subject(str(self.subject.currentData()))

    # -- loading ---------------------------------------------------------------------------------------

    def compute(self) -> None:
        """Compute the chosen period and subject (local store, or the server), with the period's findings
        (recorded on this PC) and the staff the finding dialog offers."""
        self._asked = True
        on_server = self.server_choice.isChecked()
        if on_server and not self.ctx.server_token:
            self.sign_in.setVisible(True)
            return
        self.sign_in.setVisible(False)
        from hallclient.domain.assessment_file import load_demo_indicator_set
        from hallclient.services.assessment import compute_assessment, published
        from hallclient.services.findings import list_findings
        from hallclient.services.queries import active_users

        text, subject = self.period_text(), self.chosen_subject()

        def work(services: Services) -> tuple[list[Any], list[UserChoice], tuple[Assessment, int | None] | None]:
            period, label = quarter_period(text)
            findings, staff = list_findings(services, period), active_users(services)
            if on_server:
                return findings, staff, None
            if "Q" in text and (snapshot := _published_or_none(lambda: published(services, text, subject))):
                return findings, staff, (snapshot.assessment, snapshot.version)
            return (
                findings,
                staff,
                (compute_assessment(services, load_demo_indicator_set(), period, label, subject), None),
            )

        def done(result: tuple[list[Any], list[UserChoice], tuple[Assessment, int | None] | None]) -> None:
            findings, staff, computed = result
            if computed is None:
                self._fetch(findings, staff)
            else:
                self._loaded(Loaded(computed[0], computed[1], findings, staff))

        self._say(lambda: self.tr("正在计算…"))
        QueryOp(self.ctx, parent=self, fn=work).success(done).failure(self._error).with_progress(
            self.tr("正在计算考核得分…")
        ).run()

    def _fetch(self, findings: list[Any], staff: list[UserChoice]) -> None:
        """The hall-wide assessment (its latest published version for a published quarter) from the server."""
        from hallclient.reports.server import fetch_assessment, fetch_published

        text, by, token = self.period_text(), self.chosen_subject().value, self.ctx.server_token

        def work(services: Services) -> Loaded:
            settings = services.settings
            where = (settings.server_url, settings.device_token, token)
            if "Q" in text and (
                snapshot := _published_or_none(lambda: fetch_published(*where, text, by, ca_file=settings.ca_file))
            ):
                return Loaded(snapshot["assessment"], snapshot["version"], findings, staff)
            return Loaded(fetch_assessment(*where, text, by, ca_file=settings.ca_file), None, findings, staff)

        self._say(lambda: self.tr("正在从服务器读取全厅考核…"))
        NetworkOp(self.ctx, parent=self, fn=work).success(self._loaded).failure(self._error).run()

    def _loaded(self, result: Loaded) -> None:
        self.assessment, self.version = result.assessment, result.version
        self.staff = result.staff
        self.findings.set_findings(result.findings)
        self._show()
        computed = f"{self.assessment.computed_at:%Y-%m-%d %H:%M:%S}"
        self._say(lambda: fill(self.tr("计算完成：%1"), computed))
        self.loaded.emit(self.assessment)

    def _show(self) -> None:
        """Redraw the ranking (selection kept by key) and the notes from ``self.assessment``."""
        assessment = self.assessment
        if assessment is None:
            return
        selected = self.selected_row()
        columns = ranking_columns(assessment.subject)
        self.ranking_model.clear()
        self.ranking_model.setHorizontalHeaderLabels([texts.column_label(c.key, c.label) for c in columns])
        for row in assessment.rows:
            items = [QStandardItem(cell_text(column.value(row), column.kind)) for column in columns]
            colour = grade_colour(assessment, row.grade)
            for item, column in zip(items, columns, strict=True):
                item.setData(row.key, Qt.ItemDataRole.UserRole)
                item.setToolTip(item.text())  # a long 奖惩措施 is cut in the cell
                if column.kind in ("int", "score"):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if colour is not None and column.key in ("grade", "total"):
                    item.setBackground(QBrush(colour))
            self.ranking_model.appendRow(items)
        self.ranking.resizeColumnsToContents()
        source = self.tr("全厅（服务器）") if assessment.source == "server" else self.tr("本机数据")
        self.summary.setText(
            f"{self.period_text()} ({assessment.period.start.isoformat()} – {assessment.period.end.isoformat()})　"
            f"{source}　"
            f"{assessment.indicator_set.name} {assessment.indicator_set.version}　"
            f"<b>{texts.publication_label(self.version)}</b>"
        )
        self.notes.setText("；".join(note.rstrip("。") for note in assessment.notes))
        self.notes.setVisible(bool(assessment.notes))
        keys = [row.key for row in assessment.rows]
        if selected is not None and selected.key in keys:
            self.ranking.selectRow(keys.index(selected.key))
        else:
            self._show_breakdown(None)

    def selected_row(self) -> SubjectScore | None:
        if self.assessment is None:
            return None
        rows = self.ranking.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.assessment.rows):
            return None
        return self.assessment.rows[rows[0].row()]

    def select_key(self, key: str) -> None:
        """Select the ranking row of department code or staff id ``key``."""
        assert self.assessment is not None
        self.ranking.selectRow([row.key for row in self.assessment.rows].index(key))

    def _row_selected(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self._show_breakdown(self.selected_row())

    def _show_breakdown(self, row: SubjectScore | None) -> None:
        self.breakdown_model.clear()
        self.breakdown_model.setHorizontalHeaderLabels(
            [texts.column_label(column.key, column.label) for column in BREAKDOWN_COLUMNS]
        )
        self.evidence.clear()
        self.drill_button.setEnabled(False)
        if row is None:
            self.breakdown_title.setText(self.tr("在左侧选择一行，查看其各项指标得分"))
            return
        self.breakdown_title.setText(fill(self.tr("%1　得分 %2　%3（第 %4 名）"), row.label, f"{row.total:.2f}",
                                          row.grade, row.rank))  # fmt: skip
        for score in row.breakdown:
            cells = [
                value_text(score, unit=False)
                if column.key == "value"
                else cell_text(column.value((row, score)), column.kind)
                for column in BREAKDOWN_COLUMNS
            ]
            items = [QStandardItem(text) for text in cells]
            for item in items:
                item.setData(score.indicator.id, Qt.ItemDataRole.UserRole)
            self.breakdown_model.appendRow(items)
        self.breakdown.resizeColumnsToContents()
        self.breakdown.horizontalHeader().setStretchLastSection(True)
        self.evidence.addItem(self.tr("选择一项指标，查看其扣分或加分的依据"))

    def selected_score(self) -> IndicatorScore | None:
        row = self.selected_row()
        rows = self.breakdown.selectionModel().selectedRows()
        if row is None or not rows or rows[0].row() >= len(row.breakdown):
            return None
        return row.breakdown[rows[0].row()]

    def _indicator_selected(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        score = self.selected_score()
        self.evidence.clear()
        self.drill_button.setEnabled(score is not None)
        if score is None:
            return
        if score.note:
            self.evidence.addItem(score.note)
        for item in score.evidence:
            points = f"（{item.points:+g}）" if item.points else ""
            self.evidence.addItem(f"{texts.evidence_kind_label(item.kind)}　{item.ref}　{item.text}{points}")
        if not score.evidence and not score.note:
            self.evidence.addItem(self.tr("本项没有扣分或加分依据"))

    def drill_down(self) -> None:
        """The cases and findings behind the selected indicator of the selected row, in a dialog."""
        row, score, assessment = self.selected_row(), self.selected_score(), self.assessment
        if row is None or score is None or assessment is None:
            return
        text, subject, key, indicator = self.period_text(), assessment.subject, row.key, score.indicator.id

        def show(evidence: Any) -> None:
            self.drill_dialog = DrillDownDialog(row.label, score.indicator.name, list(evidence), self)
            self.drill_dialog.show()

        if assessment.source == "server":
            from hallclient.reports.server import fetch_assessment_evidence

            token = self.ctx.server_token

            def remote(services: Services) -> Any:
                settings = services.settings
                return fetch_assessment_evidence(settings.server_url, settings.device_token, token, text,
                                                 subject.value, key, indicator, ca_file=settings.ca_file)  # fmt: skip

            NetworkOp(self.ctx, parent=self, fn=remote).success(show).failure(self._error).run()
            return
        from hallclient.services.assessment import drill_down

        def local(services: Services) -> Any:
            return drill_down(services, assessment.period, subject, key, indicator, assessment.indicator_set)

        QueryOp(self.ctx, parent=self, fn=local).success(show).failure(self._error).run()

    # -- findings --------------------------------------------------------------------------------------

    def open_finding_dialog(self) -> FindingDialog:
        """登记扣分: the dialog stays open until the finding is saved (or cancelled)."""
        dialog = FindingDialog(self.staff, self.today, self)
        row = self.selected_row()
        if row is not None and self.assessment is not None and self.assessment.subject is Subject.STAFF:
            usernames = {user.user_id: user.username for user in self.staff}
            dialog.staff.setCurrentIndex(max(dialog.staff.findData(usernames.get(row.key, "")), 0))
        if self.assessment is not None and self.assessment.period.end < self.today:  # a past period: its last day
            end = self.assessment.period.end
            dialog.day.setDate(QDate(end.year, end.month, end.day))
        dialog.submitted.connect(self._record_finding)
        self.finding_dialog = dialog
        dialog.open()
        return dialog

    def _record_finding(self, draft: FindingInput) -> None:
        from hallclient.services.findings import record_finding

        actor, dialog = self.actor, self.finding_dialog
        assert dialog is not None

        def saved(recorded: Any) -> None:
            dialog.accept()
            self.finding_saved.emit(recorded.finding_id)
            self.compute()

        WriteOp(self.ctx, parent=self, fn=lambda services: Written(record_finding(services, actor, draft))).success(
            saved
        ).failure(lambda failure: dialog.show_error(failure.message)).with_progress(self.tr("正在保存…")).run()

    def appeal(self, finding_id: str, reason: str) -> None:
        from hallclient.services.findings import appeal_finding

        self._write(lambda services, actor: appeal_finding(services, actor, finding_id, reason))

    def decide(self, finding_id: str, overturned: bool, note: str) -> None:
        from hallclient.services.findings import decide_appeal

        self._write(lambda services, actor: decide_appeal(services, actor, finding_id, uphold=overturned, note=note))

    def _write(self, fn: Callable[[Services, Actor], object]) -> None:
        actor = self.actor
        WriteOp(self.ctx, parent=self, fn=lambda services: Written(fn(services, actor))).success(
            lambda _value: self.compute()
        ).failure(self._error).with_progress(self.tr("正在保存…")).run()

    # -- publishing ------------------------------------------------------------------------------------

    def open_publish_dialog(self) -> PublishDialog | None:
        """发布 the shown quarter: locally signed with the password, on the server with the server session."""
        if self.assessment is None or "Q" not in self.period_text():
            self.failed.emit(self.tr("请先计算一个季度的考核结果，再发布（按月的结果不发布）"))
            return None
        on_server = self.assessment.source == "server"
        dialog = PublishDialog(self.period_text(), self.version, self, password=not on_server)
        dialog.submitted.connect(self._publish_on_server if on_server else self._publish)
        self.publish_dialog = dialog
        dialog.open()
        return dialog

    def _publish(self, password: str, reason: str) -> None:
        from hallclient.services.assessment import publish

        actor, assessment = self.actor, self.assessment
        assert assessment is not None
        text, subject, indicator_set = self.period_text(), assessment.subject, assessment.indicator_set

        def work(services: Services) -> Written[int]:
            return Written(publish(services, actor, password, text, subject, indicator_set, reason).version)

        self._run_publish(WriteOp(self.ctx, parent=self, fn=work))

    def _publish_on_server(self, _password: str, reason: str) -> None:
        from hallclient.reports.server import publish_on_server

        token, text = self.ctx.server_token, self.period_text()
        by = self.chosen_subject().value

        def work(services: Services) -> int:
            settings = services.settings
            record = publish_on_server(settings.server_url, settings.device_token, token, text, by, reason,
                                       ca_file=settings.ca_file)  # fmt: skip
            return int(record["version"])

        self._run_publish(NetworkOp(self.ctx, parent=self, fn=work))

    def _run_publish(self, op: WriteOp[int] | NetworkOp[int]) -> None:
        dialog = self.publish_dialog
        assert dialog is not None

        def done(version: int) -> None:
            dialog.accept()
            self.published.emit(version)
            self.compute()

        op.success(done).failure(lambda failure: dialog.show_error(failure.message)).with_progress(
            self.tr("正在发布…")
        ).run()

    # -- exports ---------------------------------------------------------------------------------------

    def _ask_export(self, fmt: str) -> None:
        from PySide6.QtCore import QStandardPaths
        from PySide6.QtWidgets import QFileDialog

        if self.assessment is None:
            return
        prefix = self.tr("考核通报", "export file name")
        suggested = f"{prefix}_{self.period_text()}_{self.assessment.subject.value}.{fmt}"
        documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        start = str(Path(documents) / suggested) if documents else suggested
        path, _ = QFileDialog.getSaveFileName(self, self.tr("导出"), start, f"{fmt.upper()} (*.{fmt})")
        if path:
            self.export_to(Path(path), fmt)

    def export_to(self, path: Path, fmt: str) -> None:
        """Write the shown assessment as the 通报 PDF, the XLSX or the CSV, on the worker thread."""
        assessment, version = self.assessment, self.version
        if assessment is None:
            return

        def work(services: Services) -> str:
            if fmt == "pdf":
                from hallclient.reports.assessment_pdf import write_assessment_pdf

                hall = services.settings.hall_name
                return str(write_assessment_pdf(assessment, path, hall_name=hall, version=version))
            if fmt == "xlsx":
                from hallclient.reports.assessment_xlsx import write_assessment_xlsx

                return str(write_assessment_xlsx(assessment, path, version=version))
            from hallclient.reports.assessment_csv import write_assessment_csv

            return str(write_assessment_csv(assessment, path))

        self._say(lambda: fill(self.tr("正在导出 %1…"), path.name))
        QueryOp(self.ctx, parent=self, fn=work).success(self._exported).failure(self._error).with_progress(
            self.tr("正在导出…")
        ).run()

    def _exported(self, path: str) -> None:
        self._say(lambda: fill(self.tr("已导出：%1"), path))
        self.exported.emit(path)

    def _say(self, text: Callable[[], str]) -> None:
        self._status = text
        self.status.setText(text())

    def _error(self, failure: Failure) -> None:
        from hallclient.reports.server import SignInRefused

        if isinstance(failure.error, SignInRefused):  # the server session ended: ask again
            self.ctx.server_token = ""
            self.sign_in.setVisible(True)
        self._say(lambda: failure.message)
        self.failed.emit(failure.message)
