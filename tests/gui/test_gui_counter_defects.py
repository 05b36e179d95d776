"""The defects found at the counter (issue 12), each as the clerk or supervisor met it."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit
from sqlalchemy import select
from test_gui_intake import choose_matter, press

from hallclient.domain.case import CaseStatus, Outcome
from hallclient.domain.events import EventType
from hallclient.domain.idnumber import check_digit
from hallclient.domain.waybill import Carrier
from hallclient.services import cases, complaints, ratings
from hallclient.services.cases import Applicant, IntakeRequest, ReceivedMaterial
from hallclient.services.complaints import ComplaintInput
from hallclient.services.roles import PermissionDenied
from hallclient.services.users import authenticate
from hallclient.store.models import Case, CaseMaterial, Rating
from hallclient.ui.labels import event_label, fill
from hallclient.ui.ops import Changes
from hallclient.ui.widgets import ConfirmDialog, DeliveryDialog, MaterialsDialog

PASSWORD = "secret123"  # the conftest's accounts


def _answering(asked: list[str], answer: bool) -> Callable[[object, str, str], bool]:
    """A stand-in for ConfirmDialog.ask that records the question and gives ``answer``."""

    def ask(_parent: object, _title: str, text: str) -> bool:
        asked.append(text)
        return answer

    return ask


def _id() -> str:
    first17 = "33010619800101123"
    return first17 + check_digit(first17)


def record(services, actor, ctx, outcome=Outcome.ACCEPT, received=(True, True, True, True)) -> str:
    materials = tuple(
        ReceivedMaterial(code, got, 1 if got else 0, 2 if got else 0)
        for code, got in zip(("M1", "M2", "M3", "M4"), received, strict=True)
    )
    request = IntakeRequest(
        matter_code="330106-BDC-001",
        applicant=Applicant(name="赵六", id_number=_id(), phone="13912345678"),
        outcome=outcome,
        materials=materials,
    )
    return cases.record_intake(services, actor, request, ctx.calendar).case_id


def sign_in_as(window, actor, idle) -> None:
    window.switch_clerk()
    window.login.signed_in.emit(actor)
    idle()


# -- language switch -------------------------------------------------------------------------------------


def test_saves_after_a_language_switch_reach_no_deleted_widget(qtbot, window, ctx, idle):
    """Old: the deleted CaseListModel stayed connected to the context ("Internal C++ object already deleted")."""
    assert window.set_language("en")
    assert window.set_language("zh_CN")
    idle()
    refreshed: list[object] = []
    window.cases.model.loaded.connect(refreshed.append)
    ctx.changed.emit(Changes(case_ids=frozenset({"x"})))  # raises in a slot (and fails the test) when stale
    idle()
    assert refreshed  # the new case list refreshed


def test_the_status_bar_speaks_the_new_language(qtbot, window, idle):
    assert window.set_language("en")
    try:
        idle()
        assert "Clerk" in window.status.clerk.text()
        assert "窗口" not in window.status.window_label.text()
        assert "未配置" not in window.status.printer.text()
    finally:
        assert window.set_language("zh_CN")


# -- ratings belong to the clerk who served -------------------------------------------------------------


def test_after_switching_clerk_the_invitation_does_not_show_the_previous_case(qtbot, window, services, ctx, idle):
    zhaomin = authenticate(services, "zhaomin", PASSWORD)
    case_id = record(services, window.ctx.actor, ctx)
    window.intake.last_result = cases.CaseResult(case_id, "No.1", None, None)  # type: ignore[arg-type]
    sign_in_as(window, zhaomin, idle)
    window.rate_last()
    assert window.rating_window is not None and window.rating_window.case_id is None


def test_a_rating_of_a_case_belongs_to_the_clerk_who_served_it(services, ctx, clerk):
    zhaomin = authenticate(services, "zhaomin", PASSWORD)
    case_id = record(services, clerk, ctx)
    ratings.record_rating(services, zhaomin, level=5, case_id=case_id)
    with services.store.read() as session:
        [row] = session.scalars(select(Rating)).all()
    assert row.clerk_id == clerk.user_id


# -- lock -------------------------------------------------------------------------------------------------


def test_lock_hides_every_window_of_the_session_and_unlock_shows_them_again(qtbot, window, services, ctx, clerk, idle):
    case_id = record(services, clerk, ctx)
    detail = window.open_case(case_id)
    rating = window.open_rating(None)
    idle()
    assert detail.isVisible() and rating.isVisible()
    window.lock()
    assert not detail.isVisible() and not rating.isVisible()
    assert not window.actions_by_name["supervisor"].isEnabled()
    window.login.signed_in.emit(clerk)
    idle()
    assert detail.isVisible() and rating.isVisible()


# -- roles ------------------------------------------------------------------------------------------------


def test_a_clerk_cannot_open_supervision_nor_advance_a_complaint(qtbot, window, services, clerk):
    assert not window.actions_by_name["supervisor"].isEnabled()
    assert window._open_screen("supervisor") is None
    zhaomin = authenticate(services, "zhaomin", PASSWORD)
    complaint_id = complaints.register_complaint(
        services, zhaomin, ComplaintInput(source="phone", content="态度差", clerk_id=clerk.user_id)
    )
    with pytest.raises(PermissionDenied):
        complaints.advance(services, clerk, complaint_id, "自查")
    with pytest.raises(PermissionDenied):
        complaints.register_entries(services, actor=clerk)


def test_nobody_acts_on_a_complaint_about_themselves(services, clerk):
    zhaomin = authenticate(services, "zhaomin", PASSWORD)
    complaint_id = complaints.register_complaint(
        services, zhaomin, ComplaintInput(source="phone", content="值班长态度差", clerk_id=zhaomin.user_id)
    )
    with pytest.raises(PermissionDenied, match="本人"):
        complaints.advance(services, zhaomin, complaint_id, "已核实")


def test_a_supervisor_opens_supervision_from_the_menu(qtbot, window, services, idle):
    sign_in_as(window, authenticate(services, "zhaomin", PASSWORD), idle)
    assert window.actions_by_name["supervisor"].isEnabled()


# -- shortcuts --------------------------------------------------------------------------------------------


def test_invite_rating_shortcut_works_with_focus_in_a_line_edit(qtbot, window, idle):
    qtbot.waitUntil(lambda: not window.actions_by_name["rate"].shortcut().isEmpty())
    window.activateWindow()
    window.intake.applicant.focus_first()
    focused = window.focusWidget()
    assert isinstance(focused, QLineEdit), focused
    qtbot.keyClick(focused, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert window.rating_window is not None


def test_the_banner_and_help_name_only_bound_shortcuts(window):
    from hallclient.ui.screens import SCREENS

    bound = {screen.shortcut for screen in SCREENS if screen.shortcut}
    helped = {key for key, _text in window.help.keys() if key.startswith("Ctrl")}  # noqa: SIM118
    assert "Ctrl+E" not in helped
    assert {"Ctrl+Shift+E", "Ctrl+P", "Ctrl+L"} <= helped
    assert {key for key in helped if "+" in key and key != "Ctrl+A" and key not in {"Ctrl+D", "Ctrl+G"}} <= bound


# -- confirmations and delivery ---------------------------------------------------------------------------


def test_completion_asks_for_confirmation_naming_the_slip(qtbot, window, services, ctx, clerk, idle, monkeypatch):
    case_id = record(services, clerk, ctx)
    asked: list[str] = []
    monkeypatch.setattr(ConfirmDialog, "ask", staticmethod(_answering(asked, False)))
    dialog = window.open_case(case_id)
    idle()
    dialog.buttons["approve"].click()
    idle()
    assert asked and "办结通知" in asked[0]
    with services.store.read() as session:
        assert session.get(Case, case_id).status == CaseStatus.ACCEPTED.value  # declined: nothing done


def test_collect_asks_window_or_post(qtbot, window, services, ctx, clerk, idle, monkeypatch):
    case_id = record(services, clerk, ctx)
    cases.complete(services, clerk, case_id, cases.Decision.APPROVED)
    answer = ("post", "SF1234567890123", Carrier.SF)  # the dialog checked the waybill (tests/domain/test_waybill.py)
    monkeypatch.setattr(DeliveryDialog, "ask", classmethod(lambda _c, _p, printed: answer))
    dialog = window.open_case(case_id)
    idle()
    dialog.buttons["collect"].click()
    idle()
    with services.store.read() as session:
        last = next(e for e in reversed(cases.case_events(session, case_id)) if e.type.startswith("case."))
    assert last.type == EventType.CASE_COLLECTED
    assert (last.payload["method"], last.payload["recipient"], last.payload["carrier"]) == ("post", "SF1234567890123",
                                                                                            "sf")  # fmt: skip


# -- supplements -------------------------------------------------------------------------------------------


def test_supplement_marks_only_what_the_clerk_ticked(qtbot, window, services, ctx, clerk, idle, monkeypatch):
    case_id = record(services, clerk, ctx, Outcome.NOTIFY_MISSING, received=(True, False, True, False))
    offered: list[list[tuple[str, str]]] = []

    def tick(_cls, _parent, missing, _printed):
        offered.append(list(missing))
        return ["M2"]

    monkeypatch.setattr(MaterialsDialog, "ask", classmethod(tick))
    dialog = window.open_case(case_id)
    idle()
    dialog.buttons["supplement"].click()
    idle()
    assert [code for code, _ in offered[0]] == ["M2", "M4"]
    with services.store.read() as session:
        received = {m.material_code: (m.received, m.copies) for m in session.scalars(select(CaseMaterial))}
    assert received["M2"][0] is True and received["M2"][1] > 0
    assert received["M4"][0] is False  # optional, not brought: not on the new notice as "原件 0份"


def test_a_partial_supplement_is_recorded_and_the_case_keeps_waiting(services, ctx, clerk):
    case_id = record(services, clerk, ctx, Outcome.NOTIFY_MISSING, received=(True, False, False, True))
    result = cases.supplement(services, clerk, case_id, ctx.calendar, received=["M2"])
    assert result.event.type == EventType.CASE_MATERIALS_RECEIVED
    assert result.event.payload["received"] == ["M2"] and result.event.payload["still_missing"] == ["M3"]
    with services.store.read() as session:
        assert session.get(Case, case_id).status == CaseStatus.AWAITING_SUPPLEMENT.value
        received = {m.material_code: m.received for m in session.scalars(select(CaseMaterial))}
    assert received["M2"] and not received["M3"]
    done = cases.supplement(services, clerk, case_id, ctx.calendar, received=["M3"])  # the rest arrives
    assert done.event.type == EventType.CASE_SUPPLEMENTED and done.state.status is CaseStatus.ACCEPTED


# -- smaller ones ----------------------------------------------------------------------------------------------


def test_rating_window_closes_with_esc_and_has_a_cancel(qtbot, window, idle):
    rating = window.open_rating(None)
    assert rating.cancel.isVisible()
    rating.activateWindow()
    qtbot.waitUntil(rating.isActiveWindow)
    qtbot.keyClick(rating, Qt.Key.Key_Escape)
    assert not rating.isVisible()


def test_f5_asks_before_clearing_a_half_filled_form(qtbot, window, monkeypatch):
    asked: list[str] = []
    monkeypatch.setattr(ConfirmDialog, "ask", staticmethod(_answering(asked, False)))
    window.intake.applicant.name.setText("张三")
    assert window.intake.is_dirty()
    window.intake.ask_new_intake()
    assert asked and window.intake.applicant.name.text() == "张三"


def test_timeline_never_shows_a_raw_event_key():
    for event_type in EventType:
        assert event_label(event_type.value) != event_type.value
    assert "future.kind" in event_label("future.kind") and event_label("future.kind") != "future.kind"


def test_phone_is_masked_next_to_the_masked_id(qtbot, window, services, ctx, clerk, idle):
    case_id = record(services, clerk, ctx)
    dialog = window.open_case(case_id)
    idle()
    assert dialog.snapshot.phone == "139****5678"


def test_fill_puts_values_in_one_pass():
    assert fill("%1 与 %2", "含%2的值", "B") == "含%2的值 与 B"


# -- Qt's own texts and the export folder -------------------------------------------------------------------


def test_stock_qt_buttons_are_chinese(qtbot):
    from PySide6.QtWidgets import QDialogButtonBox

    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(box)
    texts = {box.button(b).text().replace("&", "") for b in (box.StandardButton.Ok, box.StandardButton.Cancel)}
    assert texts == {"确定", "取消"}


def test_exports_start_in_the_documents_folder(qtbot, window, supervisor, idle, monkeypatch):
    from PySide6.QtCore import QStandardPaths
    from PySide6.QtWidgets import QFileDialog

    sign_in_as(window, supervisor, idle)
    opened = window.open_supervisor()
    qtbot.waitSignal(opened.tally_loaded, timeout=10_000).wait()
    asked: list[str] = []

    def cancel(_p: object, _t: str, start: str, _f: str) -> tuple[str, str]:
        asked.append(start)
        return "", ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", cancel)
    opened._ask_export("csv")
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    assert asked and asked[0].startswith(documents) and asked[0].endswith(".csv")


# -- the supervisor's register --------------------------------------------------------------------------------


def _supervision(qtbot, window, supervisor, idle):
    sign_in_as(window, supervisor, idle)
    opened = window.open_supervisor()
    qtbot.waitSignal(opened.tally_loaded, timeout=10_000).wait()
    return opened


def test_a_register_row_opens_the_whole_record_and_its_history(qtbot, window, services, clerk, supervisor, idle):
    content = "窗口人员态度生硬，材料一次没有讲清楚，来回跑了三趟" * 3
    complaint_id = complaints.register_complaint(
        services, supervisor, ComplaintInput(source="phone", content=content, clerk_id=clerk.user_id)
    )
    complaints.advance(services, supervisor, complaint_id, "已电话联系投诉人")
    opened = _supervision(qtbot, window, supervisor, idle)
    panel = opened.register
    row = next(i for i, entry in enumerate(panel.entries) if entry.id == complaint_id)
    index = panel.model.index(row, 0)
    panel.table.doubleClicked.emit(index)
    idle()
    dialog = opened.detail_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.labels["内容"].text() == content  # the whole text, not a cut-off cell
    history = [dialog.history.item(i).text() for i in range(dialog.history.count())]
    assert any("差评/投诉立案" in line for line in history)
    assert any("督办推进" in line and "已电话联系投诉人" in line for line in history)


def test_the_complaint_dialog_keeps_what_was_typed_when_refused(qtbot):
    from hallclient.ui.supervisor.register import ComplaintDialog

    dialog = ComplaintDialog(None)
    qtbot.addWidget(dialog)
    dialog.complainant.setText("李四")
    dialog._accept()  # no content: refused in place
    assert dialog.result() != dialog.DialogCode.Accepted and "投诉内容" in dialog.error.text()
    assert dialog.complainant.text() == "李四"
    draft = ComplaintInput(source="phone", content="排队太久", complainant="李四")
    again = ComplaintDialog(None, draft, "被投诉人员不存在：x")
    qtbot.addWidget(again)
    assert (again.content.toPlainText(), again.complainant.text()) == ("排队太久", "李四")
    assert "不存在" in again.error.text()


def test_the_case_search_star_stands_for_any_run_of_characters(qtbot, window, services, ctx, clerk, idle):
    record(services, clerk, ctx)
    number = _id()
    page = window.cases
    window.show_cases()
    for query in (f"{number[:4]}*{number[-4:]}", "赵*", f"*{number[-6:]}"):
        page.search.setText(query)
        qtbot.keyClick(page.search, Qt.Key.Key_Return)
        idle()
        assert page.model.rowCount() == 1, query


def test_the_agent_panel_does_not_grow_the_window(qtbot, window):
    window.resize(1366, 700)
    before = window.intake.minimumSizeHint().height()
    window.intake.agent_toggle.setChecked(True)
    assert window.intake.agent.isVisibleTo(window.intake)
    assert window.intake.minimumSizeHint().height() <= before
    assert window.height() <= 768


def test_status_messages_stay_left_of_the_permanent_widgets(qtbot, window):
    window.resize(1024, 700)
    window.status.showMessage("打印失败：受理回执 — 缺纸（点击状态栏“打印机”查看并重试）" * 4, 8000)
    qtbot.wait(20)
    message = window.status.message
    first_permanent = min(
        w.geometry().left() for w in (window.status.clerk, window.status.window_label) if w.isVisible()
    )
    assert message.geometry().right() < first_permanent
    assert window.status.currentMessage().startswith("打印失败") and message.toolTip() == window.status.currentMessage()


def test_an_expired_card_is_named_in_the_confirmation_panel(qtbot, window):
    first17 = "33010619800101123"
    card = {"card_type": "resident", "id_number": first17 + check_digit(first17), "name": "赵六",
            "valid_until": "2020-01-01"}  # fmt: skip
    window.intake.applicant.fill_from_card(card)
    window.intake.applicant.phone.setText("13912345678")
    choose_matter(qtbot, window, "bdcdj")
    press(qtbot, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    press(qtbot, Qt.Key.Key_F6)
    assert "证件已过期（有效期至 2020-01-01）" in window.intake.confirm.summary.text()


def test_all_validation_errors_show_at_once(qtbot, window):
    window.intake.applicant.id_number.setText("330106198001011230")  # bad check digit
    window.intake.applicant.name.setText("")
    choose_matter(qtbot, window, "bdcdj")
    press(qtbot, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    press(qtbot, Qt.Key.Key_F6)
    error = window.intake.confirm.error.text()
    assert "姓名/名称不能为空" in error and "校验" in error, error
    assert window.intake.applicant.name_row.has_error and window.intake.applicant.id_row.has_error
