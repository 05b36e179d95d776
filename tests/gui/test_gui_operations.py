"""Supervision and 日结 from the main window, crash reports that tell the clerk, and the log viewer."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox
from sqlalchemy import select

from hallclient.store.supervision_models import DayClose

PASSWORD = "secret123"  # the conftest's clerks


def test_supervision_opens_for_a_supervisor_and_not_for_a_clerk(qtbot, window, ctx, supervisor, idle):
    action = window.actions_by_name["supervisor"]
    assert not action.isEnabled()  # 王芳 is a window clerk (SPEC §3.9)
    window.switch_clerk()
    window.login.signed_in.emit(supervisor)
    idle()
    action = window.actions_by_name["supervisor"]
    assert action.isEnabled() and action.shortcut().toString() == "Ctrl+Shift+T"
    action.trigger()
    opened = window.supervisor_window
    assert opened is not None
    qtbot.waitSignal(opened.tally_loaded, timeout=10_000).wait()
    assert opened.window_filter is None  # the supervisor sees the hall
    window.switch_clerk()  # the next clerk must not inherit the screen
    qtbot.waitUntil(lambda: window.supervisor_window is None, timeout=5000)


def test_day_close_is_refused_while_unsynced_until_a_bundle_is_exported(qtbot, window, services, monkeypatch,
                                                                        tmp_path, idle):  # fmt: skip
    dialog = window.open_day_close()
    qtbot.waitSignal(dialog.loaded, timeout=10_000).wait()
    assert dialog.unsynced > 0 and "未同步" in dialog.sync_note.text()
    assert "受理办件" in dialog.summary.text()
    dialog.password.setText(PASSWORD)
    dialog.sign()
    assert "离线数据包" in dialog.error.text()  # refused: nothing signed yet
    bundle = tmp_path / "bundle.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_args, **_kw: (str(bundle), ""))
    dialog.bundle_button.click()
    assert str(bundle) in dialog.bundle_label.text()
    dialog.password.setText("wrong-password")
    dialog.sign()
    idle()
    assert dialog.error.text() == "用户名或密码错误"
    assert not bundle.exists()
    dialog.password.setText(PASSWORD)
    with qtbot.waitSignal(dialog.closed, timeout=10_000) as blocker:
        dialog.sign()
    result = blocker.args[0]
    assert result.bundle is not None
    assert json.loads(bundle.read_text(encoding="utf-8"))["digest"] == result.bundle.digest
    assert "日结已签署" in dialog.sync_note.text()
    with services.store.read() as session:
        closes = list(session.scalars(select(DayClose)))
    assert [(c.window, c.clerk_name) for c in closes] == [(services.settings.window, "王芳")]


class _Raiser(QObject):
    fire = Signal()


@pytest.mark.qt_no_exception_capture
@pytest.mark.logs_expected("hallclient.crash")
def test_exception_in_a_slot_writes_a_report_and_tells_the_clerk(qtbot, monkeypatch, tmp_path):
    from hallclient.crash import install_excepthook
    from hallclient.ui.crashnotice import CrashNotice

    monkeypatch.setenv("HALLCLIENT_LOG_DIR", str(tmp_path))
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _parent, _title, text, *a: shown.append(text))
    notice = CrashNotice()
    uninstall = install_excepthook(notice.notify)
    try:
        source = _Raiser()

        def broken() -> None:
            raise ZeroDivisionError("slot went wrong")

        source.fire.connect(broken)
        with qtbot.waitSignal(notice.shown, timeout=5000) as blocker:
            source.fire.emit()
    finally:
        uninstall()
    report = Path(blocker.args[0])
    assert report.parent == tmp_path and "ZeroDivisionError: slot went wrong" in report.read_text(encoding="utf-8")
    assert shown == [f"程序出错，崩溃报告已保存：{report}"]


@pytest.mark.qt_no_exception_capture
@pytest.mark.logs_expected("hallclient.crash")
def test_crash_on_a_worker_thread_is_shown_on_the_gui_thread(qtbot, monkeypatch, tmp_path):
    import threading

    from hallclient.crash import install_excepthook
    from hallclient.ui.crashnotice import CrashNotice

    monkeypatch.setenv("HALLCLIENT_LOG_DIR", str(tmp_path))
    threads: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical",
                        lambda *_a: threads.append(threading.current_thread().name))  # fmt: skip
    notice = CrashNotice()
    uninstall = install_excepthook(notice.notify)
    try:
        with qtbot.waitSignal(notice.shown, timeout=5000):
            worker = threading.Thread(target=lambda: 1 / 0, name="printer:test")
            worker.start()
            worker.join()
    finally:
        uninstall()
    assert threads == [threading.main_thread().name]


def test_log_viewer_shows_the_tail_and_the_file(qtbot, window):
    from hallclient.log import log_file, tail

    action = window.actions_by_name["log"]
    tail.records.append("2025-03-03 10:00:00 WARNING hallclient.test: 打印机缺纸")
    dialog = window.open_log()
    assert action.isEnabled()
    assert dialog.text.toPlainText().endswith("打印机缺纸")
    assert str(log_file()) in dialog.path.text()
    tail.records.append("2025-03-03 10:00:01 INFO hallclient.test: 已换纸")
    dialog.refresh()
    assert dialog.text.toPlainText().endswith("已换纸")
