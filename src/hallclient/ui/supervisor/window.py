"""``SupervisorWindow(services, actor)``: period and grouping pickers, figures, charts, exports, register.

All store work and exports run on the task manager's DB thread; export progress comes back through a
queued signal. Clerks see their own window, supervisors the whole store.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from hallclient.domain.case import OUTCOME_LABELS, Outcome
from hallclient.reports.tally import COLUMNS, GROUPINGS, LEVEL_LABELS, LEVELS, OUTCOMES, Period, Tally, format_value
from hallclient.services.context import Actor, Services
from hallclient.ui.supervisor.charts import BarChart
from hallclient.ui.supervisor.register import RegisterPanel
from hallclient.ui.tasks import TaskManager

PRESETS = ("今天", "昨天", "本周", "本月", "本季度", "自定义")


def preset_period(name: str, today: date) -> Period:
    if name == "昨天":
        return Period.day(today - timedelta(days=1))
    if name == "本周":
        return Period(today - timedelta(days=today.weekday()), today)
    if name == "本月":
        return Period(today.replace(day=1), today)
    if name == "本季度":
        return Period(date(today.year, (today.month - 1) // 3 * 3 + 1, 1), today)
    return Period.day(today)


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


class SupervisorWindow(QWidget):
    """Signals: tally_loaded(object) after each refresh; exported(str) with the written file; failed(str)."""

    tally_loaded = Signal(object)
    exported = Signal(str)
    failed = Signal(str)
    _progress = Signal(int, int)

    def __init__(self, services: Services, actor: Actor, tasks: TaskManager | None = None,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        from hallclient.reports.local import window_scope

        self.services, self.actor = services, actor
        self.tasks = tasks or TaskManager(self)
        self.window_filter = window_scope(actor, services)
        self.tallies: dict[str, Tally] = {}
        self.setWindowTitle("统计与督办" + ("" if self.window_filter is None else f"（{self.window_filter} 号窗口）"))
        today = services.now().date()

        self.preset = QComboBox()
        self.preset.addItems(PRESETS)
        self.start = QDateEdit(_qdate(today))
        self.end = QDateEdit(_qdate(today))
        for edit in (self.start, self.end):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.grouping = QComboBox()
        for key, label in GROUPINGS.items():
            self.grouping.addItem(f"按{label}", key)
        self.refresh_button = QPushButton("统计")
        self.export_buttons = {fmt: QPushButton(f"导出 {fmt.upper()}…") for fmt in ("pdf", "xlsx", "csv")}
        bar = QHBoxLayout()
        for widget in (QLabel("期间"), self.preset, self.start, QLabel("至"), self.end, self.grouping,
                       self.refresh_button):  # fmt: skip
            bar.addWidget(widget)
        bar.addStretch(1)
        for button in self.export_buttons.values():
            bar.addWidget(button)

        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.model = QStandardItemModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.hourly_chart = BarChart("分时段受理量", "#3D7AB8")
        self.outcome_chart = BarChart("受理结果", "#4E9A6B")
        self.rating_chart = BarChart("好差评", "#C98B2B")
        charts = QGridLayout()
        charts.addWidget(self.hourly_chart, 0, 0, 1, 2)
        charts.addWidget(self.outcome_chart, 1, 0)
        charts.addWidget(self.rating_chart, 1, 1)
        figures = QWidget()
        figures_layout = QVBoxLayout(figures)
        figures_layout.addWidget(self.summary)
        figures_layout.addLayout(charts, 2)
        figures_layout.addWidget(self.table, 3)
        self.register = RegisterPanel(supervisor=actor.role in ("supervisor", "admin"))
        self.tabs = QTabWidget()
        self.tabs.addTab(figures, "统计")
        self.tabs.addTab(self.register, "差评与投诉")
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.status = QLabel()
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.tabs, 1)
        footer = QHBoxLayout()
        footer.addWidget(self.status, 1)
        footer.addWidget(self.progress)
        layout.addLayout(footer)

        self.preset.currentTextChanged.connect(self._apply_preset)
        self.refresh_button.clicked.connect(self.refresh)
        self.grouping.currentIndexChanged.connect(self._show_current)
        for fmt, button in self.export_buttons.items():
            button.clicked.connect(lambda _checked=False, fmt=fmt: self._ask_export(fmt))
        self._progress.connect(self._on_progress)
        self.register.register_requested.connect(self._register)
        self.register.advance_requested.connect(self._advance)
        self.register.appeal_requested.connect(self._appeal)
        self.register.decision_requested.connect(self._decide)
        self.failed.connect(self._show_error)
        self.refresh()

    # -- tallies ---------------------------------------------------------------------------------------

    def period(self) -> Period:
        start, end = self.start.date().toPython(), self.end.date().toPython()
        assert isinstance(start, date) and isinstance(end, date)
        return Period(start, end)

    def set_period(self, period: Period) -> None:
        self.preset.setCurrentText("自定义")
        self.start.setDate(_qdate(period.start))
        self.end.setDate(_qdate(period.end))

    def _apply_preset(self, name: str) -> None:
        if name != "自定义":
            period = preset_period(name, self.services.now().date())
            self.start.setDate(_qdate(period.start))
            self.end.setDate(_qdate(period.end))

    def refresh(self) -> None:
        """Recompute every grouping for the chosen period (one read), and reload the register."""
        from hallclient.errors import HallError
        from hallclient.reports.local import local_tallies
        from hallclient.services.complaints import open_missing_bad_review_tasks, register_entries

        try:
            period = self.period()
        except HallError as error:
            self.failed.emit(str(error))
            return
        services, window = self.services, self.window_filter

        def work() -> tuple[dict[str, Tally], Any]:
            open_missing_bad_review_tasks(services)
            return local_tallies(services, period, window=window), register_entries(services, window=window)

        self.status.setText("正在统计…")
        self.tasks.run_in_background(work, self._loaded, self._error, label="统计")

    def _loaded(self, result: tuple[dict[str, Tally], Any]) -> None:
        self.tallies, entries = result
        self.register.set_entries(entries)
        self._show_current()
        self.tally_loaded.emit(self.current())

    def current(self) -> Tally | None:
        return self.tallies.get(str(self.grouping.currentData()))

    def _show_current(self) -> None:
        tally = self.current()
        if tally is None:
            return
        total = tally.total
        pct = format_value
        self.summary.setText(
            f"{tally.hall_name}　{tally.period.label()}　{tally.scope}<br>"
            f"受理 <b>{total.cases}</b> 件　一窗受理率 {pct(total.one_window_share, 'pct')}　"
            f"已办结 {total.completed}　在办超期 <b>{total.overdue}</b>　临近到期 {total.near_due}　"
            f"评价 {total.rated}（满意率 {pct(total.satisfaction, 'pct')}）　差评 {total.bad_reviews}"
            f"（整改率 {pct(total.bad_review_rectification, 'pct')}）　投诉 {total.complaints}　"
            f"首问 {total.enquiries}　未同步事件 {'—' if tally.unsynced_events is None else tally.unsynced_events}"
            + ("".join(f"<br>{note}" for note in tally.notes))
        )
        self.model.clear()
        self.model.setHorizontalHeaderLabels([tally.grouping_label, *[name for name, _, _ in COLUMNS]])
        for fig in [*tally.groups, tally.total]:
            self.model.appendRow([QStandardItem(fig.label),
                                  *[QStandardItem(format_value(getter(fig), kind)) for _, getter, kind in COLUMNS]])
        busy = [hour for hour, count in enumerate(tally.hourly) if count] or [9, 17]
        hours = range(min(8, busy[0]), max(18, busy[-1]) + 1)
        self.hourly_chart.set_data([str(hour) for hour in hours], [tally.hourly[hour] for hour in hours])
        self.outcome_chart.set_data([OUTCOME_LABELS[Outcome(o)] for o in OUTCOMES],
                                    [total.outcomes.get(o, 0) for o in OUTCOMES])  # fmt: skip
        self.rating_chart.set_data([LEVEL_LABELS[level] for level in LEVELS], [total.ratings[lv] for lv in LEVELS])
        self.status.setText(f"统计完成：{tally.generated_at:%H:%M:%S}")

    # -- exports ---------------------------------------------------------------------------------------

    def _ask_export(self, fmt: str) -> None:
        tally = self.current()
        if tally is None:
            return
        suggested = f"统计_{tally.period.start:%Y%m%d}_{tally.period.end:%Y%m%d}.{fmt}"
        path, _ = QFileDialog.getSaveFileName(self, "导出", suggested, f"{fmt.upper()} (*.{fmt})")
        if path:
            self.export_to(Path(path), fmt)

    def export_to(self, path: Path, fmt: str) -> None:
        """Write the current tally (XLSX: every grouping) on the worker thread, with progress."""
        tally = self.current()
        if tally is None:
            return
        tallies = {tally.grouping: tally, **self.tallies}
        report = self._progress.emit

        def work() -> str:
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
        self.status.setText(f"正在导出 {path.name}…")
        self.tasks.run_in_background(work, self._exported, self._error, label="导出")

    def _on_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)

    def _exported(self, path: str) -> None:
        self.progress.setVisible(False)
        self.status.setText(f"已导出：{path}")
        self.exported.emit(path)

    # -- register --------------------------------------------------------------------------------------

    def _write(self, fn: Any) -> None:
        self.tasks.run_in_background(fn, lambda _result: self.refresh(), self._error, label="保存")

    def _register(self, value: Any) -> None:
        from hallclient.services.complaints import register_complaint

        self._write(lambda: register_complaint(self.services, self.actor, value))

    def _advance(self, complaint_id: str, note: str, result: str) -> None:
        from hallclient.services.complaints import advance

        self._write(lambda: advance(self.services, self.actor, complaint_id, note, result=result))

    def _appeal(self, complaint_id: str, reason: str) -> None:
        from hallclient.services.complaints import flag_appeal

        self._write(lambda: flag_appeal(self.services, self.actor, complaint_id, reason))

    def _decide(self, complaint_id: str, upheld: bool, note: str) -> None:
        from hallclient.services.complaints import decide_appeal

        self._write(lambda: decide_appeal(self.services, self.actor, complaint_id, upheld, note))

    def _error(self, error: BaseException) -> None:
        from hallclient.errors import HallError

        self.progress.setVisible(False)
        self.status.setText("")
        self.failed.emit(str(error) if isinstance(error, HallError) else f"{type(error).__name__}: {error}")

    def _show_error(self, message: str) -> None:
        self.status.setText(message)
        if self.isVisible():
            QMessageBox.warning(self, "统计与督办", message)
