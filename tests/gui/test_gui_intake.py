"""Keyboard-only intake, one test per outcome, plus inline validation: the clerk never needs the mouse."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from hallclient.domain import case as lifecycle
from hallclient.domain.case import CaseStatus, Outcome
from hallclient.domain.idnumber import check_digit
from hallclient.store.models import Case, Event


def id_number(birth: str, order: str = "451") -> str:
    first17 = f"330106{birth}{order}"
    return first17 + check_digit(first17)


def press(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    """A key on the real keyboard goes to whatever has focus."""
    qtbot.keyClick(QApplication.focusWidget(), key, modifier)


def type_text(qtbot, text: str) -> None:
    """ASCII as key presses; Chinese the way it really arrives, committed by the input method."""
    for char in text:
        widget = QApplication.focusWidget()
        assert widget is not None, "nothing has the keyboard focus"
        if char.isascii():
            qtbot.keyClicks(widget, char)
        else:
            event = QInputMethodEvent()
            event.setCommitString(char)
            QApplication.sendEvent(widget, event)


def fill_applicant(qtbot, window, number: str, name: str = "张三") -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    press(qtbot, Qt.Key.Key_F2)
    assert QApplication.focusWidget() is window.intake.applicant.id_number
    type_text(qtbot, number)
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, name)
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "13800001234")


def choose_matter(qtbot, window, query: str) -> None:
    press(qtbot, Qt.Key.Key_F3)
    assert QApplication.focusWidget() is window.intake.search.box
    type_text(qtbot, query)
    press(qtbot, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is window.intake.materials


def stored_cases(services) -> list[Case]:
    with services.store.read() as session:
        return list(session.scalars(select(Case).options(selectinload(Case.materials))))


def test_accept_with_keyboard_only_shows_deadlines_then_commits(qtbot, window, services, idle, ctx):
    fill_applicant(qtbot, window, id_number("19900307"))
    choose_matter(qtbot, window, "bdcdj")
    assert window.intake.search.chosen.code == "330106-BDC-001"
    press(qtbot, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    press(qtbot, Qt.Key.Key_F6)
    strip = window.intake.confirm
    assert strip.isVisible() and strip.ok.isEnabled()
    matter = ctx.index.matter("330106-BDC-001")
    expected = lifecycle.intake(Outcome.ACCEPT, matter, date(2025, 3, 3), ctx.calendar).state.promised_date
    assert expected is not None and expected.isoformat() in strip.summary.text()
    assert stored_cases(services) == []  # nothing is recorded before confirming
    press(qtbot, Qt.Key.Key_Return)
    idle()
    [case] = stored_cases(services)
    assert case.status == CaseStatus.ACCEPTED.value
    assert case.promised_date == expected
    assert case.applicant_name == "张三" and case.applicant_phone == "13800001234"
    assert all(item.received for item in case.materials)
    assert case.case_no in window.intake.result.text()
    assert window.intake.applicant.id_number.text() == ""  # cleared for the next citizen
    assert window.intake.last_result.case_no == case.case_no


def test_one_time_notice_lists_missing_and_notice_deadline(qtbot, window, services, idle):
    fill_applicant(qtbot, window, id_number("19851111"))
    choose_matter(qtbot, window, "bdcdj")
    press(qtbot, Qt.Key.Key_Space)  # only the application form is received
    press(qtbot, Qt.Key.Key_F7)
    assert "申请人身份证明" in window.intake.confirm.summary.text()
    press(qtbot, Qt.Key.Key_Return)
    idle()
    [case] = stored_cases(services)
    assert case.status == CaseStatus.AWAITING_SUPPLEMENT.value
    assert case.notice_deadline is not None and case.notice_deadline > date(2025, 3, 3)
    assert [item.received for item in case.materials] == [True, False, False, False]


def test_refusal_needs_a_reason_typed_in_the_strip(qtbot, window, services, idle):
    fill_applicant(qtbot, window, id_number("19700101"))
    choose_matter(qtbot, window, "spjyxk")
    press(qtbot, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    press(qtbot, Qt.Key.Key_F8)
    strip = window.intake.confirm
    assert QApplication.focusWidget() is strip.reason
    press(qtbot, Qt.Key.Key_Return)  # no reason yet: explained inline, nothing saved
    assert strip.reason_row.has_error
    idle()
    assert stored_cases(services) == []
    type_text(qtbot, "不属于本机关职权范围")
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "区市场监督管理局")
    press(qtbot, Qt.Key.Key_Return)
    idle()
    [case] = stored_cases(services)
    assert case.status == CaseStatus.REFUSED.value
    assert case.refusal_reason == "不属于本机关职权范围"
    assert case.competent_body == "区市场监督管理局"


def test_accept_with_deficiency_marks_the_deficient_material(qtbot, window, services, idle):
    fill_applicant(qtbot, window, id_number("19881212"))
    choose_matter(qtbot, window, "bdcdj")
    press(qtbot, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_R)  # 不动产权属证书 is deficiency_allowed
    press(qtbot, Qt.Key.Key_F9)
    strip = window.intake.confirm
    assert strip.ok.isEnabled(), strip.error.text()
    assert "不动产权属证书" in strip.summary.text()
    press(qtbot, Qt.Key.Key_Return)
    idle()
    [case] = stored_cases(services)
    assert case.outcome == Outcome.ACCEPT_WITH_DEFICIENCY.value
    assert case.deficiency_open and case.supply_deadline == case.promised_date
    assert [item.deficient for item in case.materials] == [False, False, True, False]


def test_immediate_matter_completes_on_the_spot(qtbot, window, services, idle):
    fill_applicant(qtbot, window, id_number("19950505"))
    choose_matter(qtbot, window, "jzzqz")
    press(qtbot, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    press(qtbot, Qt.Key.Key_F10)
    press(qtbot, Qt.Key.Key_Return)
    idle()
    [case] = stored_cases(services)
    assert case.status == CaseStatus.COMPLETED.value
    assert case.decision == "approved"


def test_bad_check_digit_is_explained_next_to_the_field_and_nothing_is_saved(qtbot, window, services, idle):
    good = id_number("19900307")
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")
    fill_applicant(qtbot, window, bad)
    row = window.intake.applicant.id_row
    assert row.has_error and "校验位" in row.message.text()
    choose_matter(qtbot, window, "bdcdj")
    press(qtbot, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    press(qtbot, Qt.Key.Key_F6)
    assert not window.intake.confirm.ok.isEnabled()
    assert QApplication.focusWidget() is window.intake.applicant.id_number
    idle()
    with services.store.read() as session:
        assert session.scalar(select(func.count()).select_from(Event).where(Event.case_id.is_not(None))) == 0


def test_illegal_character_is_flagged_while_typing(qtbot, window):
    window.activateWindow()
    window.intake.applicant.focus_first()
    type_text(qtbot, "33010A")
    assert window.intake.applicant.id_row.has_error
    assert "第 6 位" in window.intake.applicant.id_row.message.text()


def test_unknown_region_code_is_a_warning_and_the_case_still_saves(qtbot, window, services, idle):
    first17 = "33019919900307451"  # 330199 is in no GB/T 2260 edition
    fill_applicant(qtbot, window, first17 + check_digit(first17))
    row = window.intake.applicant.id_row
    assert not row.has_error
    assert "地址码 330199 不在内置的 GB/T 2260 历史代码表中" in row.message.text()
    assert row.message.isVisibleTo(window)
    choose_matter(qtbot, window, "bdcdj")
    press(qtbot, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    press(qtbot, Qt.Key.Key_F6)
    assert window.intake.confirm.ok.isEnabled()


def test_card_with_unknown_region_code_lists_the_warning(qtbot, window):
    first17 = "33019919900307451"
    card = {"card_type": "resident", "id_number": first17 + check_digit(first17), "name": "张三"}
    warnings = window.intake.applicant.fill_from_card(card)
    assert any("地址码 330199" in warning for warning in warnings)
    assert "地址码 330199" in window.intake.applicant.card_note.text()


def test_confirmation_names_characters_no_font_draws_before_recording(qtbot, window):
    fill_applicant(qtbot, window, id_number("19900307"), name="\U00030000明")  # U+30000: Extension G
    choose_matter(qtbot, window, "bdcdj")
    press(qtbot, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    press(qtbot, Qt.Key.Key_F6)
    assert "随附字体无法显示 “\U00030000”(U+30000)" in window.intake.confirm.summary.text()


def test_ui_font_chain_covers_extension_b_to_f(qapp):
    from PySide6.QtGui import QFontDatabase

    assert "HanaMinB" in QApplication.font().families()
    assert "HanaMinB" in QFontDatabase.families()


def test_full_width_digits_and_x_typed_by_an_input_method_are_accepted(qtbot, window):
    window.activateWindow()
    window.intake.applicant.focus_first()
    type_text(qtbot, "１１０１０５１９４９１２３１００２Ｘ")
    row = window.intake.applicant.id_row
    assert not row.has_error and "1949-12-31" in row.message.text()


def test_circled_digit_is_flagged(qtbot, window):
    window.activateWindow()
    window.intake.applicant.focus_first()
    type_text(qtbot, "①1010519491231002X")
    row = window.intake.applicant.id_row
    assert row.has_error and "第 1 位“①”" in row.message.text()


@pytest.mark.parametrize(("birth", "suggested"), [("19500101", True), ("19900101", False)])
def test_green_channel_is_suggested_from_sixty(qtbot, window, birth, suggested):
    window.activateWindow()
    window.intake.applicant.focus_first()
    type_text(qtbot, id_number(birth))
    assert window.intake.applicant.green.isChecked() is suggested


def test_accept_is_refused_while_materials_are_missing(qtbot, window, services, idle):
    fill_applicant(qtbot, window, id_number("19900307"))
    choose_matter(qtbot, window, "bdcdj")
    press(qtbot, Qt.Key.Key_F6)
    strip = window.intake.confirm
    assert not strip.ok.isEnabled()
    assert "材料不齐全" in strip.error.text()
    press(qtbot, Qt.Key.Key_Escape)
    assert not strip.isVisible()
    idle()
    assert stored_cases(services) == []


def test_no_sms_is_ticked_from_the_keyboard_and_recorded_with_the_intake(qtbot, window, services, idle):
    fill_applicant(qtbot, window, id_number("19900307"))
    press(qtbot, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is window.intake.applicant.no_sms  # right after the phone
    press(qtbot, Qt.Key.Key_Space)
    choose_matter(qtbot, window, "bdcdj")
    press(qtbot, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    press(qtbot, Qt.Key.Key_F6)
    press(qtbot, Qt.Key.Key_Return)
    idle()
    [case] = stored_cases(services)
    assert case.applicant["sms_opt_out"] is True
    with services.store.read() as session:
        types = list(session.scalars(select(Event.type).where(Event.case_id == case.id).order_by(Event.seq)))
    assert types == ["case.accepted", "notice.skipped"]
    assert window.intake.applicant.applicant().sms_opt_out is False  # cleared for the next citizen
