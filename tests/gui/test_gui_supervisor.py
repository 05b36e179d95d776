"""The supervisor screen: figures for the chosen period, exports with progress, the register."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem
from PySide6.QtWidgets import QDialog

from hallclient.config import Settings
from hallclient.demo import seed
from hallclient.domain.tally import Period
from hallclient.services.complaints import ComplaintInput
from hallclient.services.context import Actor, Services
from hallclient.services.users import authenticate
from hallclient.store.bootstrap import device_id, open_store
from hallclient.ui.context import AppContext, open_everything
from hallclient.ui.supervisor import SupervisorWindow
from hallclient.ui.supervisor.register import HANDLER_COLUMN, OVERDUE_BRUSH, STEP_COLUMN
from hallclient.ui.tasks import TaskManager

TODAY = date(2026, 3, 13)


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[Services]:
    store = open_store(tmp_path / "sup.sqlite3")
    services = Services(store=store, settings=Settings(), device_id=device_id(store))
    seed(services, days=2, cases_per_day=10, seed=5, today=TODAY)
    services.clock = lambda: datetime(2026, 3, 13, 18, 0).astimezone()
    yield services
    store.close()


@pytest.fixture
def demo_ctx(demo: Services) -> Iterator[AppContext]:
    tasks = TaskManager()
    context = AppContext(demo.settings, tasks)
    context.adopt(open_everything(demo))
    yield context
    tasks.shutdown()


def _window(qtbot: Any, ctx: AppContext, actor: Actor) -> SupervisorWindow:
    window = SupervisorWindow(ctx, actor)
    qtbot.addWidget(window)
    qtbot.waitSignal(window.tally_loaded, timeout=10_000).wait()  # the first load: today
    with qtbot.waitSignal(window.tally_loaded, timeout=10_000):
        window.set_period(Period(date(2026, 3, 12), TODAY))
        window.refresh()
    return window


def test_figures_table_and_charts_for_the_period(qtbot: Any, demo: Services, demo_ctx: AppContext) -> None:
    window = _window(qtbot, demo_ctx, authenticate(demo, "zhaomin", "demo1234"))
    tally = window.current()
    assert tally is not None and tally.total.cases == 20
    model = window.model
    assert model.item(model.rowCount() - 1, 0).text() == "合计"
    assert model.item(model.rowCount() - 1, 1).text() == "20"
    assert "受理 <b>20</b> 件" in window.summary.text()
    assert sum(window.hourly_chart.values) == 20 and sum(window.outcome_chart.values) == 20
    partners = window.partner_model  # 通办 by partner region, from the same tally
    heads = [partners.horizontalHeaderItem(column).text() for column in range(partners.columnCount())]
    assert heads == ["协议地区", "邮寄转递", "电子转递", "平均在途天数", "转递超期", "跨省通办咨询量"]
    assert [partners.item(row, 0).text() for row in range(partners.rowCount())] == [
        *[fig.label for fig in tally.partners],
        "合计",
    ]
    assert partners.item(partners.rowCount() - 1, 1).text() == str(tally.partners_total.posted)
    window.grouping.setCurrentIndex(window.grouping.findData("clerk"))
    assert model.horizontalHeaderItem(0).text() == "窗口人员"
    assert {model.item(row, 0).text() for row in range(model.rowCount() - 1)} <= {"王芳", "李军", "陈静"}
    # every bad rating of the seed got its follow-up task when the screen loaded
    bad = tally.total.bad_reviews
    assert sum(entry.kind == "bad_review" for entry in window.register.entries) == bad


def test_export_runs_in_background_and_writes_the_file(
    qtbot: Any, demo: Services, demo_ctx: AppContext, tmp_path: Path
) -> None:
    window = _window(qtbot, demo_ctx, authenticate(demo, "zhaomin", "demo1234"))
    target = tmp_path / "out.csv"
    with qtbot.waitSignal(window.exported, timeout=10_000) as blocker:
        window.export_to(target, "csv")
    assert blocker.args == [str(target)]
    rows = list(csv.reader(target.read_text(encoding="utf-8-sig").splitlines()))
    assert rows[-1][:2] == ["合计", "20"]
    assert window.progress.value() == window.progress.maximum() == 1
    with qtbot.waitSignal(window.exported, timeout=20_000):
        window.export_to(tmp_path / "out.xlsx", "xlsx")
    assert (tmp_path / "out.xlsx").stat().st_size > 0


def test_register_highlights_overdue_and_takes_new_complaints(qtbot: Any, demo: Services, demo_ctx: AppContext) -> None:
    window = _window(qtbot, demo_ctx, authenticate(demo, "zhaomin", "demo1234"))
    with qtbot.waitSignal(window.tally_loaded, timeout=10_000):
        window.register.register_requested.emit(ComplaintInput(source="phone", content="电话投诉：排队太久"))
    entries = window.register.entries
    new = next(entry for entry in entries if entry.content == "电话投诉：排队太久")
    assert not new.overdue
    demo.clock = lambda: datetime(2026, 3, 30, 9, 0).astimezone()  # well past 5 working days
    with qtbot.waitSignal(window.tally_loaded, timeout=10_000):
        window.refresh()
    row = next(i for i, entry in enumerate(window.register.entries) if entry.id == new.id)
    item = window.register.model.item(row, 0)
    assert item.background() == OVERDUE_BRUSH
    assert window.register.model.item(row, 9).text().endswith("（超期）")
    assert item.data(Qt.ItemDataRole.UserRole) == new.id


def test_a_clerk_is_refused_the_register_by_the_service_itself(
    qtbot: Any, demo: Services, demo_ctx: AppContext
) -> None:
    """Roles hold in the services: a clerk's supervision window gets the refusal, not the register."""
    window = SupervisorWindow(demo_ctx, authenticate(demo, "wangfang", "demo1234"))
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.failed, timeout=10_000) as refused:
        pass
    assert refused.args == ["只有值班长（督办）可以查看全厅统计和处理投诉/差评"]
    assert window.register.model.rowCount() == 0


def test_future_period_shows_a_clear_message(qtbot: Any, demo: Services, demo_ctx: AppContext) -> None:
    window = _window(qtbot, demo_ctx, authenticate(demo, "zhaomin", "demo1234"))
    with qtbot.waitSignal(window.failed, timeout=10_000) as blocker:
        window.set_period(Period.day(date(2026, 4, 1)))
        window.refresh()
    assert "在未来" in blocker.args[0]


def test_register_colours_overdue_steps_assigns_filters_and_exports_the_ledger(
    qtbot: Any, demo: Services, demo_ctx: AppContext, tmp_path: Path
) -> None:
    import openpyxl

    window = _window(qtbot, demo_ctx, authenticate(demo, "zhaomin", "demo1234"))
    panel = window.register
    with qtbot.waitSignal(window.tally_loaded, timeout=10_000):  # received Friday 13 March, 18:00
        panel.register_requested.emit(ComplaintInput(source="phone", content="电话投诉：材料讲不清", window="05"))
    new = next(entry for entry in panel.entries if entry.content == "电话投诉：材料讲不清")
    with qtbot.waitSignal(window.tally_loaded, timeout=10_000):
        panel.advance_requested.emit(new.id, "已受理", "")

    def cells(ref_id: str) -> tuple[int, list[QStandardItem]]:
        row = next(i for i, entry in enumerate(panel.entries) if entry.id == ref_id)
        return row, [panel.model.item(row, column) for column in range(panel.model.columnCount())]

    _row, items = cells(new.id)
    assert items[HANDLER_COLUMN].text() == "赵敏"  # who recorded 受理 handles it
    assert items[STEP_COLUMN].text() == "03-13 赵敏" and items[STEP_COLUMN + 1].text() == "限 03-17"
    assert all(item.background() != OVERDUE_BRUSH for item in items)
    demo.clock = lambda: datetime(2026, 3, 18, 9, 0).astimezone()  # 调查核实 was due Tuesday 17 March
    with qtbot.waitSignal(window.tally_loaded, timeout=10_000):
        window.refresh()
    _row, items = cells(new.id)
    steps = items[STEP_COLUMN : STEP_COLUMN + 6]
    assert [item.background() == OVERDUE_BRUSH for item in steps] == [False, True, False, False, False, False]
    assert steps[1].text() == "限 03-17（超期）" and items[0].background() != OVERDUE_BRUSH  # the complaint is not
    assert panel.model.horizontalHeaderItem(STEP_COLUMN + 4).text() == "举一反三"
    # Reassigned to a named staff member: an event, and the column follows.
    lijun = next(user_id for user_id, name, _role in panel.handlers if name == "李军")
    with qtbot.waitSignal(window.tally_loaded, timeout=10_000):
        panel.assign_requested.emit(new.id, lijun)
    assert cells(new.id)[1][HANDLER_COLUMN].text() == "李军"
    # The source filter and the counts per source.
    everything = len(panel.all_entries)
    panel.source_filter.setCurrentIndex(panel.source_filter.findData("phone"))
    assert {entry.source for entry in panel.entries} == {"phone"} and panel.model.rowCount() == len(panel.entries)
    assert f"电话 {len(panel.entries)}" in panel.counts.text() and "好差评" in panel.counts.text()
    panel.source_filter.setCurrentIndex(0)
    assert panel.model.rowCount() == everything
    # The ledger of the period's complaints, written on the worker thread.
    target = tmp_path / "台账.xlsx"
    with qtbot.waitSignal(window.exported, timeout=20_000):
        window.export_ledger(target)
    rows = [[cell.value for cell in row] for row in openpyxl.load_workbook(target)["台账"].iter_rows(min_row=4)]
    line = dict(zip(rows[0], next(row for row in rows if row[0] == new.ref), strict=True))
    assert (line["经办人"], line["差评受理经办人"], line["调查核实超期"], line["差评整改超期"]) == (
        "李军", "赵敏", "超期", None)  # fmt: skip


def test_meeting_dialog_ticks_the_flagged_complaints_of_the_department(qtbot: Any) -> None:
    from hallclient.services.complaint_meetings import MeetingFlag
    from hallclient.services.complaints import RegisterEntry
    from hallclient.ui.supervisor.register import MeetingDialog

    def entry(key: str, department: str) -> RegisterEntry:
        return RegisterEntry(key, f"TS-{key}", "bad_review", "rating", "", "05", "王芳", department, "差评", "accepted",
                             datetime(2026, 3, 2, 9), date(2026, 3, 9), False, False, "")  # fmt: skip

    entries = [entry("a", "BDC"), entry("b", "BDC"), entry("c", "HJ"), entry("d", "BDC")]
    flag = MeetingFlag("BDC", "不动产登记中心", date(2026, 3, 1), 3, ("a", "b"))
    dialog = MeetingDialog([flag], entries, date(2026, 3, 20))
    qtbot.addWidget(dialog)
    assert dialog.department.currentData() == "BDC" and dialog.department.currentText() == "不动产登记中心（BDC）"
    assert dialog.covered.count() == 3  # the department's complaints only
    dialog._accept()
    assert dialog.result() != QDialog.DialogCode.Accepted and "参会人员" in dialog.error.text()
    dialog.attendees.setText("赵敏、部门负责人")
    dialog.decisions.setPlainText("清单重印")
    value = dialog.value()
    assert (value.held_on, value.department_code, value.complaint_ids) == (date(2026, 3, 20), "BDC", ("a", "b"))
    dialog.department.setCurrentIndex(dialog.department.findData("HJ"))
    assert dialog.covered.count() == 1 and dialog.value().complaint_ids == ()


def test_a_meeting_recorded_from_the_register_is_listed(qtbot: Any, demo: Services, demo_ctx: AppContext) -> None:
    from hallclient.services.complaint_meetings import MeetingInput

    window = _window(qtbot, demo_ctx, authenticate(demo, "zhaomin", "demo1234"))
    panel = window.register
    covered = next(entry for entry in panel.all_entries if entry.department_code)
    meeting = MeetingInput(
        date(2026, 3, 13), covered.department_code, "赵敏、部门负责人", "每周复盘差评", (covered.id,)
    )
    with qtbot.waitSignal(window.tally_loaded, timeout=10_000):
        panel.meeting_requested.emit(meeting)
    assert [(m.held_on, m.department_code, m.complaint_refs) for m in panel.meetings] == [
        (date(2026, 3, 13), covered.department_code, (covered.ref,))]  # fmt: skip
    listing = panel.meeting_list()
    qtbot.addWidget(listing)
    assert [listing.table.item(0, column).text() for column in (0, 2, 3, 4)] == [
        "2026-03-13", "赵敏、部门负责人", "每周复盘差评", covered.ref]  # fmt: skip
    assert panel.flag_label.text() == "" or covered.department_code not in panel.flag_label.text()
