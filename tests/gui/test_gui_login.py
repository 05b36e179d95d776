"""Sign-in, lock screen and clerk switch: real argon2 checks on the DB thread."""

from __future__ import annotations

from PySide6.QtCore import Qt

from hallclient.ui.mainwindow import MainWindow

PASSWORD = "secret123"


def make_window(qtbot, ctx) -> MainWindow:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    return window


def sign_in(qtbot, window, username: str, password: str, idle) -> None:
    window.login.username.setText(username)
    window.login.password.setText(password)
    qtbot.keyClick(window.login.password, Qt.Key.Key_Return)
    idle()


def test_wrong_password_says_so_and_stays_on_login(qtbot, ctx, idle):
    window = make_window(qtbot, ctx)
    sign_in(qtbot, window, "wangfang", "wrong-password", idle)
    assert window.login.error.text() == "用户名或密码错误"
    assert window.stack.currentWidget() is window.login
    assert ctx.actor is None
    assert window.login.password.text() == ""


def test_unknown_user_gets_the_same_message(qtbot, ctx, idle):
    window = make_window(qtbot, ctx)
    sign_in(qtbot, window, "nobody", PASSWORD, idle)
    assert window.login.error.text() == "用户名或密码错误"


def test_empty_username_is_explained_without_asking_the_store(qtbot, ctx, idle):
    window = make_window(qtbot, ctx)
    idle()  # the status bar's unsynced count is read once at start
    window.login.password.setText(PASSWORD)
    window.login.attempt()
    assert window.login.error.text() == "请输入用户名"
    assert ctx.tasks.pending == 0


def test_sign_in_opens_the_workspace_with_clerk_in_status_bar(qtbot, ctx, idle):
    window = make_window(qtbot, ctx)
    sign_in(qtbot, window, "wangfang", PASSWORD, idle)
    assert ctx.actor.username == "wangfang"
    assert window.stack.currentWidget() is window.tabs
    assert "王芳" in window.status.clerk.text()
    assert "05" in window.status.window_label.text()


def test_lock_keeps_the_form_and_only_the_same_clerk_unlocks(qtbot, ctx, idle):
    window = make_window(qtbot, ctx)
    sign_in(qtbot, window, "wangfang", PASSWORD, idle)
    window.intake.applicant.name.setText("半途的申请人")
    window.lock()
    assert window.stack.currentWidget() is window.login
    assert window.login.username.isReadOnly()
    window.login.password.setText("wrong-password")
    window.login.attempt()
    idle()
    assert window.stack.currentWidget() is window.login
    window.login.password.setText(PASSWORD)
    window.login.attempt()
    idle()
    assert window.stack.currentWidget() is window.tabs
    assert window.intake.applicant.name.text() == "半途的申请人"


def test_inactivity_locks_the_screen(qtbot, ctx, idle):
    window = make_window(qtbot, ctx)
    sign_in(qtbot, window, "wangfang", PASSWORD, idle)
    window.lock_timer.start(50)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.login, timeout=2000)
    assert window.login.locked_as is not None and window.login.locked_as.username == "wangfang"


def test_switch_clerk_without_restart(qtbot, ctx, idle):
    window = make_window(qtbot, ctx)
    sign_in(qtbot, window, "wangfang", PASSWORD, idle)
    window.intake.applicant.name.setText("不应带给下一位")
    window.lock()
    window.login.switch.click()
    signed_out = ctx.actor is None  # kept in a name, so mypy does not take ctx.actor for None below
    assert signed_out
    assert window.intake.applicant.name.text() == ""
    sign_in(qtbot, window, "lijun", PASSWORD, idle)
    assert ctx.actor is not None and ctx.actor.username == "lijun"
    assert "李军" in window.status.clerk.text()
