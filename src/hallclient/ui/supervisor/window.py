"""``SupervisorWindow(services, actor)``: period and grouping pickers, figures, charts, exports, register, and
for supervisors the 排队 tab (queue figures of the same period, from the server: ``queue_panel.py``) and the
考核 tab (quarterly scores and rankings: ``assessment.py``, computed when asked, not on every refresh).

All store work and exports run on the task manager's DB thread; export progress comes back through a
queued signal. Clerks see their own window, supervisors the whole store.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QEvent, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from hallclient.domain.case import Outcome
from hallclient.domain.tally import (
    BUNDLE_COLUMNS,
    BUNDLE_HEADING,
    COLUMNS,
    GROUPINGS,
    LEVELS,
    OUTCOMES,
    PARTNER_COLUMNS,
    PARTNER_HEADING,
    Column,
    Period,
    Tally,
    bundle_rows,
    format_value,
    partner_rows,
)
from hallclient.services.context import Actor, Services
from hallclient.services.queries import calendar_state
from hallclient.ui.assistance import assistance_summary
from hallclient.ui.context import AppContext
from hallclient.ui.labels import fill, outcome_label, rating_label
from hallclient.ui.ops import Failure, NetworkOp, QueryOp, WriteOp, Written
from hallclient.ui.supervisor import texts
from hallclient.ui.supervisor.assessment import AssessmentPanel
from hallclient.ui.supervisor.catalog_figures import CatalogFiguresLine
from hallclient.ui.supervisor.certificate_panel import CertificatePanel
from hallclient.ui.supervisor.charts import BarChart
from hallclient.ui.supervisor.queue_panel import QueuePanel
from hallclient.ui.supervisor.register import RegisterPanel
from hallclient.ui.supervisor.server_sign_in import ServerSignIn, server_configured
from hallclient.ui.supervisor.sms_panel import SmsPanel

#: Period presets, as keys (the picker shows them translated); "custom" keeps the dates as edited.
PRESETS = ("today", "yesterday", "week", "month", "quarter", "custom")


def preset_period(key: str, today: date) -> Period:
    if key == "yesterday":
        return Period.day(today - timedelta(days=1))
    if key == "week":
        return Period(today - timedelta(days=today.weekday()), today)
    if key == "month":
        return Period(today.replace(day=1), today)
    if key == "quarter":
        return Period(date(today.year, (today.month - 1) // 3 * 3 + 1, 1), today)
    return Period.day(today)


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


class SupervisorWindow(QWidget):
    """Signals: tally_loaded(object) after each refresh; exported(str) with the written file; failed(str).

    Every text is set in ``retranslate``, again on a language switch (``changeEvent``), so an open
    window follows the switch without losing its period, figures or register selection.
    """

    tally_loaded = Signal(object)
    exported = Signal(str)
    failed = Signal(str)
    _progress = Signal(int, int)

    def __init__(self, ctx: AppContext, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from hallclient.services.tallies import window_scope

        services = ctx.services
        self.ctx, self.services, self.actor = ctx, services, actor
        self.window_filter = window_scope(actor, services)
        self.tallies: dict[str, Tally] = {}
        today = services.now().date()

        self.preset = QComboBox()
        for key in PRESETS:
            self.preset.addItem(key, key)
        self.start = QDateEdit(_qdate(today))
        self.end = QDateEdit(_qdate(today))
        for edit in (self.start, self.end):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.grouping = QComboBox()
        for key, label in GROUPINGS.items():
            self.grouping.addItem(label, key)
        self.refresh_button = QPushButton()
        self.export_buttons = {fmt: QPushButton() for fmt in ("pdf", "xlsx", "csv")}
        self.period_label, self.to_label = QLabel(), QLabel()
        # Source: this PC's store, or the whole hall from the server (supervisors; brings the SMS figures).
        self.local_choice, self.server_choice = QRadioButton(), QRadioButton()
        self.local_choice.setChecked(True)
        self.source_group = QButtonGroup(self)
        for choice in (self.local_choice, self.server_choice):
            self.source_group.addButton(choice)
            choice.setVisible(self.window_filter is None)
        self.server_choice.setEnabled(server_configured(ctx))
        self.sign_in = ServerSignIn(ctx, actor.username)
        self.sign_in.setVisible(False)
        bar = QHBoxLayout()
        for widget in (self.period_label, self.preset, self.start, self.to_label, self.end, self.grouping,
                       self.local_choice, self.server_choice, self.refresh_button):  # fmt: skip
            bar.addWidget(widget)
        bar.addStretch(1)
        for button in self.export_buttons.values():
            bar.addWidget(button)

        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.calendar_note = QLabel()  # working-day calendar gaps and provisional deadlines (暂定), when any
        self.calendar_note.setWordWrap(True)
        self.calendar_note.setStyleSheet("color: #b3261e;")
        self.calendar_note.setVisible(False)
        self.calendar_state: tuple[tuple[int, ...], int] = ((), 0)
        self.model = QStandardItemModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.hourly_chart = BarChart("", "#3D7AB8")
        self.outcome_chart = BarChart("", "#4E9A6B")
        self.rating_chart = BarChart("", "#C98B2B")
        charts = QGridLayout()
        charts.addWidget(self.hourly_chart, 0, 0, 1, 2)
        charts.addWidget(self.outcome_chart, 1, 0)
        charts.addWidget(self.rating_chart, 1, 1)
        figures = QWidget()
        figures_layout = QVBoxLayout(figures)
        figures_layout.addWidget(self.summary)
        figures_layout.addLayout(charts, 2)
        figures_layout.addWidget(self.table, 3)
        self.partner_model = QStandardItemModel(self)  # 通办 by partner region (not grouped by the picker)
        self.partner_table = QTableView()
        self.partner_table.setModel(self.partner_model)
        self.partner_table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.bundle_model = QStandardItemModel(self)  # 一件事一次办 by bundle (not grouped by the picker)
        self.bundle_table = QTableView()
        self.bundle_table.setObjectName("bundle_figures")
        self.bundle_table.setModel(self.bundle_model)
        self.bundle_table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.sms_panel = SmsPanel()
        self.catalog_line = CatalogFiguresLine()
        self.assistance_line = QLabel()  # 帮办代办 without a case (ui/assistance.py)
        self.assistance_line.setObjectName("assistance_figures")
        self.assistance_line.setWordWrap(True)
        self.certificate_panel = CertificatePanel()  # 证照共享
        # The sections not grouped by the picker, one tab each below the main table: stacked, they squeezed the
        # table to one row and the charts over each other.
        hall = QWidget()
        hall_layout = QVBoxLayout(hall)
        hall_layout.addWidget(self.catalog_line)
        hall_layout.addWidget(self.assistance_line)
        hall_layout.addStretch(1)
        self.sections = QTabWidget()
        self.sections.setObjectName("tally_sections")
        for section in (self.partner_table, self.bundle_table, self.sms_panel, self.certificate_panel, hall):
            self.sections.addTab(section, "")
        figures_layout.addWidget(self.sections, 2)
        self.register = RegisterPanel(supervisor=actor.role in ("supervisor", "admin"))
        self.tabs = QTabWidget()
        self.tabs.addTab(figures, "")
        self.tabs.addTab(self.register, "")
        self.queue_panel: QueuePanel | None = None
        self.assessment_panel: AssessmentPanel | None = None
        if self.window_filter is None:  # the hall's queue: supervisors only (the server checks it too)
            self.queue_panel = QueuePanel(ctx, actor)
            self.queue_panel.exported.connect(self._exported)
            self.tabs.addTab(self.queue_panel, "")
            self.assessment_panel = AssessmentPanel(ctx, actor)  # 考核: supervisors only, like the queue
            self.assessment_panel.exported.connect(self._exported)
            self.tabs.addTab(self.assessment_panel, "")
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.status = QLabel()
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.calendar_note)
        layout.addWidget(self.sign_in)
        layout.addWidget(self.tabs, 1)
        footer = QHBoxLayout()
        footer.addWidget(self.status, 1)
        footer.addWidget(self.progress)
        layout.addLayout(footer)

        self.retranslate()
        self.preset.currentIndexChanged.connect(self._apply_preset)
        self.refresh_button.clicked.connect(self.refresh)
        self.sign_in.signed_in.connect(self.refresh)
        self.server_choice.toggled.connect(self.refresh)
        self.grouping.currentIndexChanged.connect(self._show_current)
        for fmt, button in self.export_buttons.items():
            button.clicked.connect(lambda _checked=False, fmt=fmt: self._ask_export(fmt))
        self._progress.connect(self._on_progress)
        self.register.register_requested.connect(self._register)
        self.register.detail_requested.connect(self.open_detail)
        self.detail_dialog: QDialog | None = None
        self.register.advance_requested.connect(self._advance)
        self.register.appeal_requested.connect(self._appeal)
        self.register.decision_requested.connect(self._decide)
        self.register.assign_requested.connect(self._assign)
        self.register.meeting_requested.connect(self._record_meeting)
        self.register.ledger_requested.connect(self._ask_ledger)
        self.failed.connect(self._show_error)
        self.refresh()

    # -- language --------------------------------------------------------------------------------------

    def retranslate(self) -> None:
        """Set every text in the current language; pickers keep their choice, figures are redrawn."""
        if self.window_filter is None:
            self.setWindowTitle(self.tr("统计与督办"))
        else:
            self.setWindowTitle(fill(self.tr("统计与督办（%1 号窗口）"), self.window_filter))
        preset_texts = {
            "today": self.tr("今天"), "yesterday": self.tr("昨天"), "week": self.tr("本周"), "month": self.tr("本月"),
            "quarter": self.tr("本季度"), "custom": self.tr("自定义"),
        }  # fmt: skip
        for index in range(self.preset.count()):
            self.preset.setItemText(index, preset_texts[str(self.preset.itemData(index))])
        for index in range(self.grouping.count()):
            key = str(self.grouping.itemData(index))
            self.grouping.setItemText(index, texts.grouping_choice(key, GROUPINGS.get(key, key)))
        self.period_label.setText(self.tr("期间"))
        self.to_label.setText(self.tr("至"))
        self.refresh_button.setText(self.tr("统计"))
        self.local_choice.setText(self.tr("本机数据"))
        self.server_choice.setText(self.tr("全厅（服务器）"))
        self.server_choice.setToolTip(
            self.tr("全大厅的统计（含短信发送条数），需登录中心服务器")
            if self.server_choice.isEnabled()
            else self.tr("本机未连接中心服务器")
        )
        self.sign_in.retranslate()
        for fmt, button in self.export_buttons.items():
            button.setText(fill(self.tr("导出 %1…"), fmt.upper()))
        self.hourly_chart.set_title(self.tr("分时段受理量"))
        self.outcome_chart.set_title(self.tr("受理结果"))
        self.rating_chart.set_title(self.tr("好差评"))
        self.tabs.setTabText(0, self.tr("统计数据"))
        for index, title in enumerate(
            (self.tr("通办（协议地区）"), self.tr("一件事一次办"), self.tr("短信"), self.tr("证照共享"),
             self.tr("事项目录与帮办代办"))
        ):  # fmt: skip
            self.sections.setTabText(index, title)
        self.tabs.setTabText(1, self.tr("差评与投诉"))
        if self.queue_panel is not None:
            self.tabs.setTabText(2, self.tr("排队"))
        if self.assessment_panel is not None:
            self.tabs.setTabText(self.tabs.indexOf(self.assessment_panel), self.tr("考核"))
        self._show_current()
        self._show_calendar_note()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- tallies ---------------------------------------------------------------------------------------

    def period(self) -> Period:
        start, end = self.start.date().toPython(), self.end.date().toPython()
        assert isinstance(start, date) and isinstance(end, date)
        return Period(start, end)

    def set_period(self, period: Period) -> None:
        self.preset.setCurrentIndex(self.preset.findData("custom"))
        self.start.setDate(_qdate(period.start))
        self.end.setDate(_qdate(period.end))

    def _apply_preset(self, _index: int) -> None:
        key = str(self.preset.currentData())
        if key != "custom":
            period = preset_period(key, self.services.now().date())
            self.start.setDate(_qdate(period.start))
            self.end.setDate(_qdate(period.end))

    def refresh(self) -> None:
        """Recompute every grouping for the chosen period (one read), and reload the register."""
        from hallclient.errors import HallError
        from hallclient.services.complaints import open_missing_bad_review_tasks, register_view
        from hallclient.services.tallies import local_tallies

        try:
            period = self.period()
        except HallError as error:
            self.failed.emit(str(error))
            return
        window, actor = self.window_filter, self.actor

        def work(services: Services) -> tuple[dict[str, Tally], Any, tuple[tuple[int, ...], int]]:
            open_missing_bad_review_tasks(services)
            tallies = local_tallies(services, period, window=window)
            register = register_view(services, window=window, actor=actor)
            return tallies, register, calendar_state(services)

        self.status.setText(self.tr("正在统计…"))
        if self.queue_panel is not None:
            self.queue_panel.load(period)
        QueryOp(self.ctx, parent=self, fn=work).success(self._loaded).failure(self._error).with_progress(
            self.tr("正在统计…")
        ).run()

    def _loaded(self, result: tuple[dict[str, Tally], Any, tuple[tuple[int, ...], int]]) -> None:
        tallies, register, self.calendar_state = result
        self.register.show_view(register)
        self._show_calendar_note()
        if self.server_choice.isChecked():  # the register stays this PC's; the figures come from the server
            self._fetch_server(tallies[next(iter(tallies))].period)
            return
        self._show_tallies(tallies)

    def _show_tallies(self, tallies: dict[str, Tally]) -> None:
        self.tallies = tallies
        self._show_current()
        self.tally_loaded.emit(self.current())

    def _fetch_server(self, period: Period) -> None:
        """The hall-wide tallies of every grouping, with the SMS figures (``GET /v1/tallies``)."""
        token = self.ctx.server_token
        if not token:
            self.sign_in.setVisible(True)
            self.status.setText(self.tr("请先登录中心服务器"))
            return
        self.sign_in.setVisible(False)
        from hallclient.reports.server import fetch_tallies

        def work(services: Services) -> dict[str, Tally]:
            settings = services.settings
            return fetch_tallies(settings.server_url, settings.device_token, token, period, list(GROUPINGS),
                                 ca_file=settings.ca_file)  # fmt: skip

        self.status.setText(self.tr("正在从服务器读取全厅统计…"))
        NetworkOp(self.ctx, parent=self, fn=work).success(self._show_tallies).failure(self._server_error).run()

    def _server_error(self, failure: Failure) -> None:
        from hallclient.reports.server import SignInRefused

        if isinstance(failure.error, SignInRefused):  # the server session ended: ask again
            self.ctx.server_token = ""
            self.sign_in.setVisible(True)
        self._error(failure)

    def _show_calendar_note(self) -> None:
        from hallclient.ui.labels import calendar_warning

        missing, provisional = self.calendar_state
        parts = [calendar_warning(missing)] if missing else []
        if provisional:
            parts.append(
                fill(
                    self.tr("%1 件在办办件的期限为暂定（办件列表“暂定期限”，或 hallclient calendar provisional）"),
                    str(provisional),
                )
            )
        self.calendar_note.setText("<br>".join(parts))
        self.calendar_note.setVisible(bool(parts))

    def current(self) -> Tally | None:
        return self.tallies.get(str(self.grouping.currentData()))

    def _show_current(self) -> None:
        tally = self.current()
        if tally is None:
            return
        total = tally.total
        figures = fill(
            self.tr("受理 <b>%1</b> 件　一窗受理率 %2　已办结 %3　在办超期 <b>%4</b>　临近到期 %5　"
                    "评价 %6（满意率 %7）　差评 %8（整改率 %9）　投诉 %10　首问 %11　未同步事件 %12"),
            total.cases, format_value(total.one_window_share, "pct"), total.completed, total.overdue, total.near_due,
            total.rated, format_value(total.satisfaction, "pct"), total.bad_reviews,
            format_value(total.bad_review_rectification, "pct"), total.complaints, total.enquiries,
            "—" if tally.unsynced_events is None else tally.unsynced_events,
        )  # fmt: skip
        self.summary.setText(
            f"{tally.hall_name}　{tally.period.label()}　{tally.scope}<br>{figures}"
            + "".join(f"<br>{note}" for note in tally.notes)
        )
        self.model.clear()
        headers = [texts.column_label(column.key, column.label) for column in COLUMNS]
        self.model.setHorizontalHeaderLabels([texts.grouping_label(tally.grouping, tally.grouping_label), *headers])
        for fig in [*tally.groups, tally.total]:
            label = texts.total_label() if fig is tally.total else fig.label
            self.model.appendRow(
                [
                    QStandardItem(label),
                    *[QStandardItem(format_value(column.value(fig), column.kind)) for column in COLUMNS],
                ]
            )
        self.table.resizeColumnsToContents()
        _show_section(self.partner_model, "partner_region", PARTNER_HEADING, PARTNER_COLUMNS, partner_rows(tally))
        self.partner_table.resizeColumnsToContents()
        _show_section(self.bundle_model, "bundle", BUNDLE_HEADING, BUNDLE_COLUMNS, bundle_rows(tally))
        self.bundle_table.resizeColumnsToContents()
        self.sms_panel.show_figures(tally.sms)
        self.catalog_line.show_figures(tally.catalog)
        self.assistance_line.setText(assistance_summary(tally.assistance))
        self.certificate_panel.show_figures(tally.certificates)
        busy = [hour for hour, count in enumerate(tally.hourly) if count] or [9, 17]
        hours = range(min(8, busy[0]), max(18, busy[-1]) + 1)
        self.hourly_chart.set_data([str(hour) for hour in hours], [tally.hourly[hour] for hour in hours])
        self.outcome_chart.set_data([outcome_label(Outcome(o)) for o in OUTCOMES],
                                    [total.outcomes.get(o, 0) for o in OUTCOMES])  # fmt: skip
        self.rating_chart.set_data([rating_label(level) for level in LEVELS], [total.ratings[lv] for lv in LEVELS])
        self.status.setText(fill(self.tr("统计完成：%1"), f"{tally.generated_at:%H:%M:%S}"))

    # -- exports ---------------------------------------------------------------------------------------

    def _ask_export(self, fmt: str) -> None:
        tally = self.current()
        if tally is None:
            return
        prefix = self.tr("统计", "export file name")
        suggested = f"{prefix}_{tally.period.start:%Y%m%d}_{tally.period.end:%Y%m%d}.{fmt}"
        from PySide6.QtCore import QStandardPaths

        documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        start = str(Path(documents) / suggested) if documents else suggested  # not the app's working folder
        path, _ = QFileDialog.getSaveFileName(self, self.tr("导出"), start, f"{fmt.upper()} (*.{fmt})")
        if path:
            self.export_to(Path(path), fmt)

    def export_to(self, path: Path, fmt: str) -> None:
        """Write the current tally (XLSX: every grouping) on the worker thread, with progress."""
        tally = self.current()
        if tally is None:
            return
        tallies = {tally.grouping: tally, **self.tallies}
        report = self._progress.emit

        def work(_services: Services) -> str:
            if fmt == "pdf":
                from hallclient.reports.export_pdf import write_pdf

                return str(write_pdf(tally, path, progress=report))
            if fmt == "xlsx":
                from hallclient.reports.export_xlsx import write_xlsx

                return str(write_xlsx(tallies, path, progress=report))
            from hallclient.reports.export_csv import write_csv

            report(0, 1)
            written = str(write_csv(tally, path))
            report(1, 1)
            return written

        self.progress.setRange(0, 0)
        self.progress.setVisible(True)
        self.status.setText(fill(self.tr("正在导出 %1…"), path.name))
        QueryOp(self.ctx, parent=self, fn=work).success(self._exported).failure(self._error).with_progress(
            self.tr("正在导出…")
        ).run()

    def _on_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)

    def _exported(self, path: str) -> None:
        self.progress.setVisible(False)
        self.status.setText(fill(self.tr("已导出：%1"), path))
        self.exported.emit(path)

    # -- register --------------------------------------------------------------------------------------

    def _write(self, fn: Callable[[Services, Actor], object]) -> None:
        """A register action: one event on the complaint (uploaded), then the register reloads."""
        actor = self.actor

        def work(services: Services) -> Written[object]:
            return Written(fn(services, actor))

        WriteOp(self.ctx, parent=self, fn=work).success(lambda _result: self.refresh()).failure(
            self._error
        ).with_progress(self.tr("正在保存…")).run()

    def _register(self, value: Any) -> None:
        from hallclient.services.complaints import register_complaint

        actor = self.actor

        def refused(failure: Failure) -> None:
            self._error(failure)
            self.register.register_refused(failure.message)

        def saved(_id: object) -> None:
            self.register.registered()
            self.refresh()

        WriteOp(self.ctx, parent=self, fn=lambda services: Written(register_complaint(services, actor, value))).success(
            saved
        ).failure(refused).run()

    def open_detail(self, complaint_id: str) -> None:
        """Enter or a double-click on a register row: the whole record and its history."""
        from hallclient.services.complaints import complaint_detail
        from hallclient.ui.supervisor.register import ComplaintDetailDialog

        actor = self.actor

        def show(detail: Any) -> None:
            dialog = ComplaintDetailDialog(detail, self)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
            self.detail_dialog = dialog
            dialog.show()

        QueryOp(self.ctx, parent=self, fn=lambda services: complaint_detail(services, actor, complaint_id)).success(
            show
        ).failure(self._error).run()

    def _advance(self, complaint_id: str, note: str, result: str) -> None:
        from hallclient.services.complaints import advance

        self._write(lambda services, actor: advance(services, actor, complaint_id, note, result=result))

    def _appeal(self, complaint_id: str, reason: str) -> None:
        from hallclient.services.complaints import flag_appeal

        self._write(lambda services, actor: flag_appeal(services, actor, complaint_id, reason))

    def _decide(self, complaint_id: str, upheld: bool, note: str) -> None:
        from hallclient.services.complaints import decide_appeal

        self._write(lambda services, actor: decide_appeal(services, actor, complaint_id, upheld, note))

    def _assign(self, complaint_id: str, handler_id: str) -> None:
        from hallclient.services.complaints import assign_handler

        self._write(lambda services, actor: assign_handler(services, actor, complaint_id, handler_id))

    def _record_meeting(self, meeting: Any) -> None:
        from hallclient.services.complaint_meetings import record_meeting

        self._write(lambda services, actor: record_meeting(services, actor, meeting))

    def _ask_ledger(self) -> None:
        period = self.period()
        prefix = self.tr("台账", "export file name")
        suggested = f"{prefix}_{period.start:%Y%m%d}_{period.end:%Y%m%d}.xlsx"
        path, _ = QFileDialog.getSaveFileName(self, self.tr("导出台账"), suggested, "XLSX (*.xlsx)")
        if path:
            self.export_ledger(Path(path))

    def export_ledger(self, path: Path) -> None:
        """The ledger (台账) of the complaints received in the chosen period, written on the worker thread."""
        from hallclient.reports.complaint_ledger import build_ledger, write_ledger

        period, actor = self.period(), self.actor
        self.status.setText(fill(self.tr("正在导出 %1…"), path.name))
        QueryOp(
            self.ctx, parent=self,
            fn=lambda services: str(write_ledger(build_ledger(services, period.start, period.end, actor=actor), path)),
        ).success(self._exported).failure(self._error).with_progress(self.tr("正在导出…")).run()  # fmt: skip

    def _error(self, failure: Failure) -> None:
        self.progress.setVisible(False)
        self.status.setText("")
        self.failed.emit(failure.message)

    def _show_error(self, message: str) -> None:
        self.status.setText(message)
        if self.isVisible():
            QMessageBox.warning(self, self.tr("统计与督办"), message)


def _show_section(
    model: QStandardItemModel, key: str, heading: str, columns: Sequence[Column[Any]], rows: list[list[Any]]
) -> None:
    """A section not grouped by the picker (通办 by partner region, 一件事 by bundle): its rows, then the total."""
    model.clear()
    model.setHorizontalHeaderLabels(
        [texts.column_label(key, heading), *[texts.column_label(column.key, column.label) for column in columns]]
    )
    for number, row in enumerate(rows, start=1):
        label = texts.total_label() if number == len(rows) else str(row[0])
        values = [format_value(value, column.kind) for value, column in zip(row[1:], columns, strict=True)]
        model.appendRow([QStandardItem(label), *[QStandardItem(value) for value in values]])
