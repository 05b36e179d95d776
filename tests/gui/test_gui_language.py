"""Chinese by default, English from the compiled .qm, switchable at runtime without losing the clerk."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from hallclient.paths import resource_path
from hallclient.ui import setup


def test_english_translation_is_compiled_and_complete():
    ts = resource_path("translations", "hallclient_en.ts").read_text(encoding="utf-8")
    assert 'type="unfinished"' not in ts
    assert resource_path("translations", "hallclient_en.qm").stat().st_size > 1000


def test_switch_to_english_and_back_keeps_the_session(qtbot, window, ctx, idle):
    assert window.tabs.tabText(0) == "受理"
    assert window.set_language("en")
    try:
        assert setup.current_language() == "en"
        assert window.tabs.tabText(0) == "Intake"
        assert window.tabs.tabText(1) == "Cases [F11]"
        assert window.intake.outcomes.buttons[next(iter(window.intake.outcomes.buttons))].text().startswith("Accept")
        assert "Wang" not in window.status.clerk.text() and "Clerk" in window.status.clerk.text()
        assert ctx.actor is not None and window.stack.currentWidget() is window.tabs
        window.intake.search.focus()
        qtbot.keyClicks(window.intake.search.box, "bdcdj")
        assert "Promised" in window.intake.search.details.text()
    finally:
        assert window.set_language("zh_CN")
    assert window.tabs.tabText(0) == "受理"


def test_half_filled_intake_blocks_the_switch(qtbot, window):
    window.intake.applicant.name.setText("张三")
    assert not window.set_language("en")
    assert setup.current_language() == "zh_CN"
    assert "F5" in window.status.currentMessage()


def test_login_page_language_choice_switches(qtbot, ctx):
    from hallclient.ui.mainwindow import MainWindow

    main = MainWindow(ctx)
    qtbot.addWidget(main)
    main.show()
    main.login.language_requested.emit("en")
    try:
        assert main.login.submit.text() == "Sign in"
        assert QApplication.instance() is not None
    finally:
        main.set_language("zh_CN")
    assert main.login.submit.text() == "登录"
