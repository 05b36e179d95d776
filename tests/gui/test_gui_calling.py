"""叫号 at the counter, against the real central server (uvicorn on loopback, SQLite): the calling strip of the
intake screen fills the applicant, links the saved case to the ticket, recalls within the limit, no-shows,
holds and calls back, transfers and pauses; goes offline and reconciles when the server is back on the same
database; its Shift+F keys work while a line edit has the focus."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from calling_helpers import CentralServer
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import func, select
from test_gui_intake import choose_matter, id_number, press

from hallclient.server.queue_models import QueueTicket, QueueTicketEvent, QueueWindowPause
from hallclient.services.context import Actor, Services
from hallclient.ui.calling_dialogs import HeldChoiceDialog, PauseDialog, TransferDialog

OLD = id_number("19490307")  # 60+: the green channel is suggested when the applicant is filled


@pytest.fixture
def server(tmp_path: Path) -> Iterator[CentralServer]:
    central = CentralServer(f"sqlite:///{tmp_path / 'server.sqlite3'}")
    central.configure(["05", "06"])
    central.start()
    yield central
    central.stop()


@pytest.fixture
def counter(qtbot: Any, services: Services, clerk: Actor, server: CentralServer) -> Iterator[Any]:
    from hallclient.ui.context import AppContext, open_everything
    from hallclient.ui.mainwindow import MainWindow
    from hallclient.ui.tasks import TaskManager

    token = server.enrol("05", services.device_id)
    services.settings = services.settings._replace(server_url=server.url, device_token=token, window="05")
    context = AppContext(services.settings, TaskManager())
    context.adopt(open_everything(services))
    main = MainWindow(context)
    qtbot.addWidget(main)
    main.show()
    main.login.signed_in.emit(clerk)
    qtbot.waitUntil(lambda: main.intake.calling.online is True, timeout=10_000)
    yield main
    main.close()
    context.tasks.shutdown()


@pytest.fixture
def kiosk(server: CentralServer) -> Iterator[Any]:
    with server.kiosk(server.enrol("K1")) as client:
        yield client


def _issue(kiosk: Any, category: str = "A", **extra: object) -> dict[str, Any]:
    response = kiosk.post("/v1/queue/tickets", json={"category": category, **extra})
    assert response.status_code == 200, response.text
    return dict(response.json())


def _settled(qtbot: Any, main: Any) -> None:
    """The action answered and the status asked after it arrived."""
    panel = main.intake.calling
    qtbot.waitUntil(lambda: not panel.busy, timeout=10_000)
    qtbot.wait(50)
    qtbot.waitUntil(lambda: main.ctx.tasks.pending == 0, timeout=10_000)


def _key(qtbot: Any, main: Any, key: Qt.Key) -> None:
    """A Shift+F key pressed while the focus is in the applicant's ID line edit."""
    main.activateWindow()
    main.intake.applicant.id_number.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is main.intake.applicant.id_number)
    qtbot.keyClick(QApplication.focusWidget(), key, Qt.KeyboardModifier.ShiftModifier)


def _ticket_rows(server: CentralServer) -> list[QueueTicket]:
    with server.app.state.db.session() as session:
        return list(session.scalars(select(QueueTicket).order_by(QueueTicket.issued_at)))


def _calls(server: CentralServer, ticket_id: str) -> int:
    with server.app.state.db.session() as session:
        return int(
            session.scalar(
                select(func.count()).where(QueueTicketEvent.ticket_id == ticket_id, QueueTicketEvent.action == "call")
            )
            or 0
        )


def test_calling_fills_the_applicant_and_the_saved_case_finishes_the_ticket(qtbot, counter, server, kiosk, services):
    issued = _issue(kiosk, name="王小芳", id_number=OLD)
    _key(qtbot, counter, Qt.Key.Key_F2)  # 叫号, typed with the focus in a line edit
    _settled(qtbot, counter)
    panel, applicant = counter.intake.calling, counter.intake.applicant
    assert panel.current is not None and panel.current.number == issued["number"]
    assert "当前 A001 号" in panel.ticket.text() and "王*芳" in panel.detail.text()
    assert "可重呼 1 次" in panel.detail.text() and "等候 0 分钟" in panel.detail.text()
    assert (applicant.id_number.text(), applicant.name.text()) == (OLD, "王小芳")
    assert applicant.green.isChecked()  # the 60+ rule follows the filled ID number
    counter.intake.applicant.phone.setFocus()
    qtbot.keyClicks(counter.intake.applicant.phone, "13800001234")
    choose_matter(qtbot, counter, "jzzqz")
    press(qtbot, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    press(qtbot, Qt.Key.Key_F10)
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: counter.intake.last_result is not None, timeout=10_000)
    case_no = counter.intake.last_result.case_no
    qtbot.waitUntil(lambda: panel.current is None and not panel.busy, timeout=10_000)
    [row] = _ticket_rows(server)
    assert (row.state, row.case_no) == ("done", case_no)
    assert "关联办件" in panel.note.text()


def test_a_case_saved_without_a_ticket_is_not_linked(qtbot, counter, server):
    panel = counter.intake.calling
    panel.case_saved("NO-TICKET-1")
    _settled(qtbot, counter)
    assert counter.intake.calling.link.pending_link is None
    assert _ticket_rows(server) == []
    assert panel.buttons["queue_finish"].isEnabled() is False


def test_recall_within_the_limit_then_the_servers_refusal(qtbot, counter, server, kiosk):
    _issue(kiosk)
    panel = counter.intake.calling
    _key(qtbot, counter, Qt.Key.Key_F2)
    _settled(qtbot, counter)
    _key(qtbot, counter, Qt.Key.Key_F3)  # 重呼
    _settled(qtbot, counter)
    assert panel.current is not None and panel.current.recalls == 1 and "可重呼 0 次" in panel.detail.text()
    _key(qtbot, counter, Qt.Key.Key_F3)
    _settled(qtbot, counter)
    assert "达到上限 1 次" in panel.note.text()  # the server's reason, as it gave it
    assert panel.current is not None and panel.current.recalls == 1


def test_no_show_hold_call_back_and_transfer(qtbot, counter, server, kiosk, monkeypatch):
    first, second = _issue(kiosk, name="张三"), _issue(kiosk)
    panel = counter.intake.calling
    _key(qtbot, counter, Qt.Key.Key_F2)
    _settled(qtbot, counter)
    _key(qtbot, counter, Qt.Key.Key_F6)  # 挂起
    _settled(qtbot, counter)
    assert panel.current is None and "挂起待回呼 1 个" in panel.detail.text()
    _key(qtbot, counter, Qt.Key.Key_F2)
    _settled(qtbot, counter)
    assert panel.current is not None and panel.current.number == second["number"]
    _key(qtbot, counter, Qt.Key.Key_F5)  # 过号
    _settled(qtbot, counter)
    assert panel.current is None
    counter.intake.new_intake()
    monkeypatch.setattr(HeldChoiceDialog, "ask", classmethod(lambda cls, parent, held: held[0].id))
    _key(qtbot, counter, Qt.Key.Key_F7)  # 回呼
    _settled(qtbot, counter)
    assert panel.current is not None and panel.current.id == first["id"] and panel.current.state == "called"
    asked: list[Any] = []

    def transfer_to_b(cls: Any, parent: Any, number: str, hall: Any, window: str) -> Any:
        asked.append((number, [c.code for c in hall.transfer_categories()], hall.transfer_windows(window)))
        dialog = TransferDialog(parent, number, hall, window)
        dialog.category.setCurrentIndex(dialog.category.findData("B"))
        dialog.note.setText("转社保窗口")
        dialog._accept()
        return dialog.request

    monkeypatch.setattr(TransferDialog, "ask", classmethod(transfer_to_b))
    qtbot.waitUntil(lambda: _stored_categories(counter), timeout=15_000)  # the uploader's feed round stored them
    _key(qtbot, counter, Qt.Key.Key_F8)  # 转移: the stored categories are read on the DB thread first
    qtbot.waitUntil(lambda: bool(asked), timeout=10_000)
    _settled(qtbot, counter)
    assert asked == [(first["number"], ["A", "B"], ("06",))]
    assert panel.current is None and "已转至业务类别 B" in panel.note.text()
    states = {(row.number, row.category, row.state) for row in _ticket_rows(server)}
    assert states == {("A001", "A", "transferred"), ("A001", "B", "waiting"), ("A002", "A", "no_show")}


def _stored_categories(main: Any) -> bool:
    from hallclient.services.queue_halls import hall_of_window

    return hall_of_window(main.ctx.services.store, "05") is not None


def test_pause_with_a_reason_then_resume(qtbot, counter, server, monkeypatch):
    panel = counter.intake.calling
    monkeypatch.setattr(PauseDialog, "ask", classmethod(lambda cls, parent: "会议"))
    _key(qtbot, counter, Qt.Key.Key_F11)
    _settled(qtbot, counter)
    assert panel.status is not None and panel.status.paused
    assert "暂停服务（会议）" in panel.detail.text() and counter.status.queue.text() == "叫号：暂停服务"
    assert not panel.buttons["queue_call"].isEnabled()
    _key(qtbot, counter, Qt.Key.Key_F11)
    _settled(qtbot, counter)
    assert panel.status is not None and not panel.status.paused
    with server.app.state.db.session() as session:
        [pause] = session.scalars(select(QueueWindowPause)).all()
        assert pause.reason == "会议" and pause.ended_at is not None


def test_the_pause_dialog_needs_a_reason(qtbot):
    dialog = PauseDialog(None)
    qtbot.addWidget(dialog)
    dialog._accept()
    assert dialog.result() == 0 and dialog.error.text() == "请选择或填写暂停原因"
    dialog.reason.setEditText("上级检查")
    dialog._accept()
    assert dialog.result() == 1 and dialog.reason.currentText() == "上级检查"


@pytest.mark.logs_expected("hallclient.sync")
def test_offline_then_back_on_the_same_database_nothing_called_twice(qtbot, counter, server, kiosk, services):
    issued = _issue(kiosk, name="李四")
    panel = counter.intake.calling
    _key(qtbot, counter, Qt.Key.Key_F2)
    _settled(qtbot, counter)
    assert panel.current is not None and panel.current.id == issued["id"]
    server.stop()
    panel.refresh()
    qtbot.waitUntil(lambda: panel.online is False, timeout=10_000)
    assert counter.status.queue.text() == "叫号服务离线" and panel.ticket.text() == "叫号服务离线"
    assert not any(button.isEnabled() for button in panel.buttons.values())
    _key(qtbot, counter, Qt.Key.Key_F2)  # refused at once, nothing sent
    assert "叫号服务离线" in panel.note.text()
    counter.intake.new_intake()  # intake keeps working: a case saved now waits to be linked
    counter.intake.applicant.fill_from_ticket("李四", id_number("19900307"))
    counter.intake.applicant.phone.setFocus()
    qtbot.keyClicks(counter.intake.applicant.phone, "13800001234")
    choose_matter(qtbot, counter, "jzzqz")
    press(qtbot, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    press(qtbot, Qt.Key.Key_F10)
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: counter.intake.last_result is not None, timeout=10_000)
    case_no = counter.intake.last_result.case_no
    qtbot.waitUntil(lambda: panel.link.pending_link is not None and not panel.busy, timeout=10_000)
    assert "恢复后提交" in panel.note.text()
    server.start()
    panel.refresh()
    qtbot.waitUntil(lambda: panel.link.pending_link is None and panel.online is True, timeout=15_000)
    _settled(qtbot, counter)
    assert counter.status.queue.text() == "叫号：在线"
    [row] = _ticket_rows(server)
    assert (row.state, row.case_no) == ("done", case_no)
    assert _calls(server, issued["id"]) == 1  # called once, before the outage


@pytest.mark.logs_expected("hallclient.sync")
def test_the_window_s_ticket_is_shown_again_after_the_server_restarts(qtbot, counter, server, kiosk):
    issued = _issue(kiosk)
    panel = counter.intake.calling
    _key(qtbot, counter, Qt.Key.Key_F2)
    _settled(qtbot, counter)
    server.stop()
    panel.current = None  # as after a language switch or a restart of the client while offline
    panel.refresh()
    qtbot.waitUntil(lambda: panel.online is False, timeout=10_000)
    server.start()
    panel.refresh()
    qtbot.waitUntil(lambda: panel.online is True and panel.current is not None, timeout=15_000)
    assert panel.current.id == issued["id"] and "当前 A001 号" in panel.ticket.text()
    assert panel.buttons["queue_recall"].isEnabled() and not panel.buttons["queue_call"].isEnabled()
    assert _calls(server, issued["id"]) == 1


def test_without_a_server_the_strip_and_its_status_stay_hidden(window):
    assert not window.intake.calling.isVisible() and not window.status.queue.isVisible()
    window.intake.calling.call_next()  # a key pressed anyway does nothing
    assert window.intake.calling.link is None
