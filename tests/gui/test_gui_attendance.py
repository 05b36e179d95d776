"""Attendance from the GUI: sign-in, lock, unlock, sign-out (switch clerk and closing) each leave their event."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt
from sqlalchemy import select

from hallclient.store.assessment_models import AttendanceMark
from hallclient.store.models import Event
from hallclient.ui.mainwindow import MainWindow

PASSWORD = "secret123"


def window_events(ctx) -> list[tuple[str, str, str]]:
    with ctx.services.store.read() as session:
        rows = session.execute(select(Event.type, Event.payload).where(Event.type.like("window.%")).order_by(Event.seq))
        events = [(kind, json.loads(payload)["user_name"], json.loads(payload)["window"]) for kind, payload in rows]
        marks = session.scalars(select(AttendanceMark.type).order_by(AttendanceMark.at, AttendanceMark.id)).all()
    assert [kind for kind, _, _ in events] == list(marks)  # each event has its mark, written together
    return events


def sign_in(qtbot, window, username: str, idle) -> None:
    window.login.username.setText(username)
    window.login.password.setText(PASSWORD)
    qtbot.keyClick(window.login.password, Qt.Key.Key_Return)
    idle()


def test_sign_in_lock_unlock_sign_out_each_leave_their_event(qtbot, ctx, idle):
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    sign_in(qtbot, window, "wangfang", idle)
    window.lock()
    idle()
    window.login.password.setText("wrong-password")  # a failed unlock records nothing
    window.login.attempt()
    idle()
    window.login.password.setText(PASSWORD)
    window.login.attempt()
    idle()
    window.lock()
    window.login.switch.click()  # 切换人员: signs the locked clerk out
    idle()
    sign_in(qtbot, window, "lijun", idle)
    window.close()  # closing the app signs out too
    idle()
    assert window_events(ctx) == [
        ("window.signed_in", "王芳", "05"),
        ("window.locked", "王芳", "05"),
        ("window.unlocked", "王芳", "05"),
        ("window.locked", "王芳", "05"),
        ("window.signed_out", "王芳", "05"),
        ("window.signed_in", "李军", "05"),
        ("window.signed_out", "李军", "05"),
    ]
