"""Sync in the status bar: the local unsynced count, the uploader's errors, a busy lock, the quarantine view."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from hallclient.services.context import Actor, Services
from hallclient.store.models import Event, EventAck
from hallclient.sync.lock import UploaderLock
from hallclient.sync.outbox import counts
from hallclient.ui.ops import WriteOp, Written


def _window(qtbot: Any, services: Services, clerk: Actor, **settings: Any) -> tuple[Any, Any]:
    from hallclient.ui.context import AppContext, open_everything
    from hallclient.ui.mainwindow import MainWindow
    from hallclient.ui.tasks import TaskManager

    services.settings = services.settings._replace(**settings)
    context = AppContext(services.settings, TaskManager())
    context.adopt(open_everything(services))
    main = MainWindow(context)
    qtbot.addWidget(main)
    main.show()
    main.login.signed_in.emit(clerk)
    qtbot.waitUntil(lambda: context.tasks.pending == 0, timeout=5000)
    return main, context


def test_without_server_the_unsynced_count_follows_local_writes(qtbot, window, services, ctx, idle):
    before, _ = counts(services.store, services.device_id)
    assert f"未上传 {before}" in window.status.sync.text() and "单机" in window.status.sync.text()
    WriteOp(ctx, lambda _services: Written(_enquiry(services, ctx.actor))).run()  # as every screen's write
    idle()  # its changes went out on ctx.changed: the main window counted the new event
    idle()
    after, _ = counts(services.store, services.device_id)
    assert after == before + 1
    assert f"未上传 {after}" in window.status.sync.text()


def _enquiry(services: Services, actor: Actor) -> str:
    from hallclient.services.enquiries import EnquiryInput, record_enquiry

    return record_enquiry(services, actor, EnquiryInput(subject="咨询社保", visitor_name="钱七", phone="13700000000"))


@pytest.mark.logs_expected("hallclient.sync")
def test_unreachable_server_shows_the_error_and_keeps_working(qtbot, services, clerk):
    window, context = _window(qtbot, services, clerk, server_url="http://127.0.0.1:9", device_token="t0ken")
    try:
        qtbot.waitUntil(lambda: bool(window.status.sync.toolTip()), timeout=10_000)
        assert "color: #b3261e" in window.status.sync.styleSheet()
        assert "同步：未上传" in window.status.sync.text() and "单机" not in window.status.sync.text()
        assert window.sync.worker is not None
        rounds = window.sync.worker.rounds
        window.local_write()  # wakes the uploader at once instead of waiting for the back-off
        qtbot.waitUntil(lambda: window.sync.worker.rounds > rounds, timeout=10_000)
    finally:
        window.shutdown()
        context.tasks.shutdown()


def test_another_uploader_holding_the_lock_is_shown_not_fatal(qtbot, services, clerk):
    lock = UploaderLock(services.store.path)
    lock.acquire()
    try:
        window, context = _window(qtbot, services, clerk, server_url="http://127.0.0.1:9", device_token="t0ken")
        qtbot.waitUntil(lambda: "由其他进程上传" in window.status.sync.text(), timeout=5000)
        assert window.sync.worker is None
        assert "另一个同步进程" in window.status.sync.toolTip()
        window.shutdown()
        context.tasks.shutdown()
    finally:
        lock.release()


def test_quarantine_view_lists_rejected_events_with_the_reason(qtbot, window, services, idle):
    with services.store.write() as session:
        event = session.scalars(select(Event).order_by(Event.seq)).first()
        session.add(EventAck(event_id=event.id, status="rejected", reason="哈希链断开", acked_at=datetime(2025, 3, 3)))
    window.sync.refresh()
    idle()
    assert "拒收 1" in window.status.sync.text()
    qtbot.mouseClick(window.status.sync, Qt.MouseButton.LeftButton)
    dialog = window.sync.dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=5000)
    assert dialog.table.item(0, 3).text() == "哈希链断开"
    assert dialog.table.item(0, 0).text() == str(event.seq)
