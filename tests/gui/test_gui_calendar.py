"""暂定 on screen: the intake strip, the case list (and its filter), the case detail; the calendar warning
the clerk and the supervisor see from 1 November; the recount arriving while the window is open."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from test_gui_intake import choose_matter, fill_applicant, id_number, press

from hallclient.domain.case import Outcome
from hallclient.domain.workdays import WorkCalendar
from hallclient.services.calendar import apply_calendar
from hallclient.services.queries import CaseFilter

LATE_DECEMBER = datetime(2026, 12, 28, 10, 0).astimezone()  # a Monday; 2027 is not in the bundled calendar
# Not the official 2027 schedule (published around November 2026): a stand-in built by the test.
SIMULATED_2027 = WorkCalendar.from_dict(
    {"version": "test-2027", "years": {"2027": {"source": "测试用日历（非官方）", "holidays": ["2027-01-01"]}}}
)


def test_provisional_dates_are_marked_in_the_strip_the_list_and_the_detail(qtbot, window, services, idle, ctx):
    services.clock = lambda: LATE_DECEMBER
    fill_applicant(qtbot, window, id_number("19900307"))
    choose_matter(qtbot, window, "bdcdj")  # promised 5 workdays: Dec 29, 30, 31, Jan 1 (!), Jan 4
    press(qtbot, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    press(qtbot, Qt.Key.Key_F6)
    strip = window.intake.confirm
    assert "承诺办结日期：2027-01-04（暂定）" in strip.summary.text()
    assert "“暂定”：该年节假日安排尚未收到" in strip.summary.text()
    press(qtbot, Qt.Key.Key_Return)
    idle()
    result = window.intake.last_result
    assert result.state.outcome is Outcome.ACCEPT
    assert "期限 2027-01-04（暂定）" in window.intake.result.text()

    window.cases.set_filter(CaseFilter.PROVISIONAL)
    idle()
    model = window.cases.model
    assert model.rowCount() == 1
    assert model.index(0, 6).data() == "2027-01-04（暂定）"

    dialog = window.open_case(result.case_id)
    idle()
    texts = [label.text() for label in dialog.findChildren(QLabel)]
    assert "2027-01-04（暂定）" in texts

    # The 2027 calendar arrives (a sync on the DB thread); the window picks it up after the round.
    with services.store.write() as session:
        apply_calendar(session, SIMULATED_2027, device_id=services.device_id, now=LATE_DECEMBER)
    with qtbot.waitSignal(ctx.calendar_changed, timeout=5000):
        ctx.reload_calendar()
    idle()
    assert model.rowCount() == 0  # nothing provisional any more
    window.cases.set_filter(CaseFilter.ALL)
    idle()
    assert model.index(0, 6).data() == "2027-01-05"
    assert not window.status.calendar.isVisible()


def test_the_clerk_is_warned_from_the_first_of_november(qtbot, window, services, ctx, clerk):
    status = window.status.calendar
    assert not status.isVisible()  # March 2025: the bundled calendar covers this year
    services.clock = lambda: datetime(2026, 10, 31, 9, 0).astimezone()
    window.login.signed_in.emit(clerk)
    assert not status.isVisible()
    services.clock = lambda: datetime(2026, 11, 1, 9, 0).astimezone()
    window.login.signed_in.emit(clerk)
    assert status.isVisible() and "2027" in status.text()
    assert "工作日历未包含 2027 年的节假日安排" in status.toolTip()


def test_the_supervisor_is_warned_and_told_how_many_deadlines_are_provisional(qtbot, services, ctx, clerk, supervisor):
    from hallclient.services import cases
    from hallclient.services.cases import Applicant, IntakeRequest, ReceivedMaterial
    from hallclient.ui.supervisor.window import SupervisorWindow

    services.clock = lambda: LATE_DECEMBER
    materials = tuple(ReceivedMaterial(code, True, 1, 1) for code in ("M1", "M2", "M3"))
    request = IntakeRequest("330106-BDC-001", Applicant(name="张三", id_number=id_number("19900307")),
                            Outcome.ACCEPT, materials)  # fmt: skip
    cases.record_intake(services, clerk, request, ctx.calendar)
    window = SupervisorWindow(ctx, supervisor)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.calendar_note.text() != "", timeout=10_000)
    note = window.calendar_note.text()
    assert "工作日历未包含 2027 年的节假日安排" in note
    assert "1 件在办办件的期限为暂定" in note
