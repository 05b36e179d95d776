"""叫号 at the counter, against the real central server (uvicorn on loopback, SQLite): the calling strip of the
intake screen fills the applicant, links every case saved for the citizen to the ticket (one visit, several
cases) and finishes it with the next 叫号, asks how to end a ticket with no case, recalls within the limit,
no-shows, holds and calls back, transfers and pauses; goes offline and reconciles when the server is back on
the same database, also after the client restarted; shows ticket states in the UI's language; its
keys work while a line edit has the focus."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from calling_helpers import CentralServer
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication
from sqlalchemy import func, select
from test_gui_intake import choose_matter, id_number, press
from test_gui_shortcuts import first_key

from hallclient.domain.queue import Action, Category, PauseReason, TicketState
from hallclient.protocol.queue import TicketOut, TicketStateName
from hallclient.server.queue_models import QueueTicket, QueueTicketEvent, QueueWindowPause
from hallclient.services.context import Actor, Services
from hallclient.services.queue_links import TicketRef, pending_links, remember
from hallclient.store.bootstrap import device_id, open_store
from hallclient.ui import setup
from hallclient.ui.calling_dialogs import (
    CheckInDialog,
    EndTicketDialog,
    HeldChoiceDialog,
    PauseDialog,
    TransferDialog,
    WalkInDialog,
)
from hallclient.ui.labels import pause_reason_label, ticket_state_label
from hallclient.ui.screens import shortcut

OLD = id_number("19490307")  # 60+: the green channel is suggested when the applicant is filled


@pytest.fixture
def server(tmp_path: Path) -> Iterator[CentralServer]:
    central = CentralServer(f"sqlite:///{tmp_path / 'server.sqlite3'}")
    central.configure(["05", "06"])
    central.start()
    yield central
    central.stop()


def _open_counter(qtbot: Any, services: Services, clerk: Actor) -> Any:
    """The main window on ``services``' store, signed in, once the queue server answered."""
    from hallclient.ui.context import AppContext, open_everything
    from hallclient.ui.mainwindow import MainWindow
    from hallclient.ui.tasks import TaskManager

    context = AppContext(services.settings, TaskManager())
    context.adopt(open_everything(services))
    main = MainWindow(context)
    qtbot.addWidget(main)
    main.show()
    main.login.signed_in.emit(clerk)
    qtbot.waitUntil(lambda: main.intake.calling.online is True, timeout=10_000)
    _settled(qtbot, main)  # the first answer sends the case links the store kept: actions wait for them
    return main


def _close_counter(main: Any) -> None:
    main.close()
    main.ctx.tasks.shutdown()


def _enrolled(services: Services, server: CentralServer) -> None:
    token = server.enrol("05", services.device_id)
    services.settings = services.settings._replace(server_url=server.url, device_token=token, window="05")


@pytest.fixture
def counter(qtbot: Any, services: Services, clerk: Actor, server: CentralServer) -> Iterator[Any]:
    _enrolled(services, server)
    main = _open_counter(qtbot, services, clerk)
    yield main
    _close_counter(main)


@pytest.fixture
def kiosk(server: CentralServer) -> Iterator[Any]:
    with server.kiosk(server.enrol("K1")) as client:
        yield client


def _issue(kiosk: Any, category: str = "A", **extra: object) -> dict[str, Any]:
    response = kiosk.post("/v1/queue/tickets", json={"category": category, **extra})
    assert response.status_code == 200, response.text
    return dict(response.json())


def _settled(qtbot: Any, main: Any) -> None:
    """The action (or the sending of case links) answered and the status asked after it arrived."""
    panel = main.intake.calling
    qtbot.waitUntil(lambda: not panel._waiting() and not panel.settling, timeout=10_000)
    qtbot.wait(50)
    qtbot.waitUntil(lambda: main.ctx.tasks.pending == 0, timeout=10_000)


def _key(qtbot: Any, main: Any, name: str) -> None:
    """The key of the calling command ``name`` (screens.py) pressed while the focus is in the applicant's ID
    line edit."""
    main.activateWindow()
    main.intake.applicant.id_number.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is main.intake.applicant.id_number)
    combination = first_key(QKeySequence(shortcut(name)))
    qtbot.keyClick(QApplication.focusWidget(), combination.key(), combination.keyboardModifiers())


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


def _save_case(qtbot: Any, main: Any, name: str, id_no: str) -> str:
    """A case recorded through the keyboard, as a clerk does; its number."""
    main.intake.last_result = None
    if not main.intake.applicant.id_number.text():
        main.intake.applicant.fill_from_ticket(name, id_no)
    main.intake.applicant.phone.setFocus()
    qtbot.keyClicks(main.intake.applicant.phone, "13800001234")
    choose_matter(qtbot, main, "jzzqz")
    press(qtbot, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    press(qtbot, Qt.Key.Key_F10)
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: main.intake.last_result is not None, timeout=10_000)
    return str(main.intake.last_result.case_no)


def _link_events(server: CentralServer, ticket_id: str) -> list[str]:
    with server.app.state.db.session() as session:
        return list(
            session.scalars(
                select(QueueTicketEvent.detail)
                .where(QueueTicketEvent.ticket_id == ticket_id, QueueTicketEvent.action == "link")
                .order_by(QueueTicketEvent.id)
            )
        )


def test_one_visit_links_every_saved_case_and_the_next_call_finishes_the_ticket(
    qtbot, counter, server, kiosk, services
):
    issued, following = _issue(kiosk, name="王小芳", id_number=OLD), _issue(kiosk)
    _key(qtbot, counter, "queue_call")  # 叫号, typed with the focus in a line edit
    _settled(qtbot, counter)
    panel, applicant = counter.intake.calling, counter.intake.applicant
    assert panel.current is not None and panel.current.number == issued["number"]
    assert "当前 A001 号" in panel.ticket.text() and "王*芳" in panel.detail.text()
    assert "可重呼 1 次" in panel.detail.text() and "等候 0 分钟" in panel.detail.text()
    assert (applicant.id_number.text(), applicant.name.text()) == (OLD, "王小芳")
    assert applicant.green.isChecked()  # the 60+ rule follows the filled ID number
    first = _save_case(qtbot, counter, "王小芳", OLD)
    qtbot.waitUntil(lambda: panel.current is not None and panel.current.cases == [first], timeout=10_000)
    _settled(qtbot, counter)
    assert panel.current is not None and panel.current.state == "serving"  # stays served: more may follow
    assert "已关联办件 1 件" in panel.detail.text() and f"A001 号已关联办件 {first}" in panel.note.text()
    second = _save_case(qtbot, counter, "王小芳", OLD)  # the same citizen's second matter
    qtbot.waitUntil(lambda: panel.current is not None and len(panel.current.cases) == 2, timeout=10_000)
    _settled(qtbot, counter)
    assert pending_links(services.store) == []  # every link answered is forgotten
    _key(qtbot, counter, "queue_call")  # one key: 办结 A001, then 叫 A002
    _settled(qtbot, counter)
    assert panel.current is not None and panel.current.number == following["number"]
    said = f"A001 号已办结，关联办件 {first}、{second}；已叫 A002 号，还有 0 人等候"
    assert panel.note.text() == said and counter.status.currentMessage() == said
    rows = {row.number: row for row in _ticket_rows(server)}
    assert (rows["A001"].state, rows["A001"].case_no, rows["A002"].state) == ("done", first, "called")
    assert _link_events(server, issued["id"]) == [first, second]


def test_calling_the_next_without_a_case_asks_how_to_end_the_current(qtbot, counter, server, kiosk, monkeypatch):
    first, second, third = _issue(kiosk), _issue(kiosk), _issue(kiosk)
    panel = counter.intake.calling
    _key(qtbot, counter, "queue_call")
    _settled(qtbot, counter)
    asked: list[tuple[str, str]] = []

    def answer(choice: Action | None) -> None:
        def ask(cls: Any, parent: Any, ticket: TicketOut) -> Action | None:
            asked.append((ticket.number, ticket.state))
            return choice

        monkeypatch.setattr(EndTicketDialog, "ask", classmethod(ask))

    answer(None)  # 取消: nothing is sent
    _key(qtbot, counter, "queue_call")
    _settled(qtbot, counter)
    assert asked == [("A001", "called")] and panel.current is not None and panel.current.id == first["id"]
    assert _calls(server, second["id"]) == 0
    answer(Action.NO_SHOW)
    _key(qtbot, counter, "queue_call")
    _settled(qtbot, counter)
    assert panel.current is not None and panel.current.id == second["id"]
    assert panel.note.text() == "A001 号：过号；已叫 A002 号，还有 1 人等候"
    _key(qtbot, counter, "queue_start")  # 开始办理
    _settled(qtbot, counter)
    answer(Action.FINISH)
    _key(qtbot, counter, "queue_call")
    _settled(qtbot, counter)
    assert asked[-1] == ("A002", "serving") and panel.current is not None and panel.current.id == third["id"]
    states = {row.number: (row.state, row.case_no) for row in _ticket_rows(server)}
    assert states == {"A001": ("no_show", ""), "A002": ("done", ""), "A003": ("called", "")}


def test_the_end_dialog_offers_no_show_only_for_a_ticket_still_called(qtbot):
    def ticket(state: TicketStateName) -> TicketOut:
        return TicketOut(id="t1", number="A007", hall="main", category="A", category_name="企业开办", state=state,
                         source="kiosk", green=False, green_reason="", applicant_name="", id_number="", window="05",
                         target_window="", recalls=0, issued_at="", called_at="", case_no="", note="",
                         waiting_before=0)  # fmt: skip

    serving = EndTicketDialog(None, ticket("serving"))
    qtbot.addWidget(serving)
    assert not serving.no_show_button.isEnabled() and serving.cancel_button.isDefault()
    called = EndTicketDialog(None, ticket("called"))
    qtbot.addWidget(called)
    assert called.no_show_button.isEnabled()
    called.no_show_button.click()
    assert called.result() == 1 and called.choice is Action.NO_SHOW
    serving.finish_button.click()
    assert serving.choice is Action.FINISH


def test_a_case_saved_without_a_ticket_is_not_linked(qtbot, counter, server, services):
    panel = counter.intake.calling
    assert panel.serving() is None
    case_no = _save_case(qtbot, counter, "赵六", id_number("19900307"))
    _settled(qtbot, counter)
    assert pending_links(services.store) == [] and _ticket_rows(server) == []
    assert case_no and panel.buttons["queue_finish"].isEnabled() is False


def test_recall_within_the_limit_then_the_servers_refusal(qtbot, counter, server, kiosk):
    _issue(kiosk)
    panel = counter.intake.calling
    _key(qtbot, counter, "queue_call")
    _settled(qtbot, counter)
    _key(qtbot, counter, "queue_recall")  # 重呼
    _settled(qtbot, counter)
    assert panel.current is not None and panel.current.recalls == 1 and "可重呼 0 次" in panel.detail.text()
    _key(qtbot, counter, "queue_recall")
    _settled(qtbot, counter)
    assert "达到上限 1 次" in panel.note.text()  # the server's reason, as it gave it
    assert panel.current is not None and panel.current.recalls == 1


def test_no_show_hold_call_back_and_transfer(qtbot, counter, server, kiosk, monkeypatch):
    first, second = _issue(kiosk, name="张三"), _issue(kiosk)
    panel = counter.intake.calling
    _key(qtbot, counter, "queue_call")
    _settled(qtbot, counter)
    _key(qtbot, counter, "queue_hold")  # 挂起
    _settled(qtbot, counter)
    assert panel.current is None and "挂起待回呼 1 个" in panel.detail.text()
    _key(qtbot, counter, "queue_call")
    _settled(qtbot, counter)
    assert panel.current is not None and panel.current.number == second["number"]
    _key(qtbot, counter, "queue_no_show")  # 过号
    _settled(qtbot, counter)
    assert panel.current is None
    counter.intake.new_intake()
    monkeypatch.setattr(HeldChoiceDialog, "ask", classmethod(lambda cls, parent, held: held[0].id))
    _key(qtbot, counter, "queue_call_back")  # 回呼
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
    _key(qtbot, counter, "queue_transfer")  # 转移: the stored categories are read on the DB thread first
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
    _key(qtbot, counter, "queue_pause")
    _settled(qtbot, counter)
    assert panel.status is not None and panel.status.paused
    assert "暂停服务（会议）" in panel.detail.text() and counter.status.queue.text() == "叫号：暂停服务"
    assert not panel.buttons["queue_call"].isEnabled()
    _key(qtbot, counter, "queue_pause")
    _settled(qtbot, counter)  # the action waits for the status asked after it: the second press resumed
    assert panel.status is not None and not panel.status.paused
    with server.app.state.db.session() as session:
        [pause] = session.scalars(select(QueueWindowPause)).all()
        assert pause.reason == "会议" and pause.ended_at is not None
    from hallclient.store.assessment_models import AttendanceMark

    with counter.ctx.services.store.read() as session:  # attendance: recorded after the server accepted each
        marks = session.execute(select(AttendanceMark.type, AttendanceMark.reason).order_by(AttendanceMark.at)).all()
    assert [tuple(mark) for mark in marks if mark[0] in ("window.paused", "window.resumed")] == [
        ("window.paused", "会议"),
        ("window.resumed", ""),
    ]


def test_a_second_press_before_the_new_state_arrived_waits_instead_of_asking_again(qtbot, counter, monkeypatch):
    """The status asked after the pause is slow: a second 暂停 key press meanwhile is refused with a note, not
    read against the old state (which would ask for a pause reason again instead of resuming). Actions on the
    current ticket do not wait (the X11 test presses them in quick succession)."""
    import threading

    from hallclient.sync.queue_client import QueueClient

    panel = counter.intake.calling
    asked: list[str] = []
    release = threading.Event()
    slow_status = QueueClient.status

    def held_status(self: Any) -> Any:
        release.wait(10)
        return slow_status(self)

    def reason(cls: Any, parent: Any) -> str:
        asked.append("asked")
        return "会议"

    monkeypatch.setattr(PauseDialog, "ask", classmethod(reason))
    monkeypatch.setattr(QueueClient, "status", held_status)
    _key(qtbot, counter, "queue_pause")
    qtbot.waitUntil(lambda: not panel.busy and "已暂停服务" in panel.note.text(), timeout=10_000)
    assert panel.settling and not panel.buttons["queue_pause"].isEnabled()
    assert panel.buttons["queue_check_in"].isEnabled()  # what does not read the status need not wait for it
    _key(qtbot, counter, "queue_pause")
    assert asked == ["asked"] and panel.note.text() == "上一个叫号操作尚未完成，请稍候"
    release.set()
    _settled(qtbot, counter)
    assert panel.status is not None and panel.status.paused and panel.buttons["queue_pause"].isEnabled()


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
    _key(qtbot, counter, "queue_call")
    _settled(qtbot, counter)
    assert panel.current is not None and panel.current.id == issued["id"]
    server.stop()
    panel.refresh()
    qtbot.waitUntil(lambda: panel.online is False, timeout=10_000)
    assert counter.status.queue.text() == "叫号服务离线" and panel.ticket.text() == "叫号服务离线"
    assert not any(button.isEnabled() for button in panel.buttons.values())
    _key(qtbot, counter, "queue_call")  # refused at once, nothing sent
    assert "叫号服务离线" in panel.note.text()
    counter.intake.new_intake()  # intake keeps working: a case saved now waits, in the store, to be linked
    case_no = _save_case(qtbot, counter, "李四", id_number("19900307"))
    assert "恢复后提交" in panel.note.text()
    assert [(link.ticket_id, link.case_no) for link in pending_links(services.store)] == [(issued["id"], case_no)]
    server.start()
    panel.refresh()
    qtbot.waitUntil(lambda: pending_links(services.store) == [] and panel.online is True, timeout=15_000)
    _settled(qtbot, counter)
    assert counter.status.queue.text() == "叫号：在线"
    [row] = _ticket_rows(server)
    assert (row.state, row.case_no) == ("serving", case_no)
    assert _calls(server, issued["id"]) == 1  # called once, before the outage


@pytest.mark.logs_expected("hallclient.sync")
def test_a_case_saved_offline_reaches_its_ticket_after_the_client_restarted(qtbot, services, clerk, server, kiosk):
    _enrolled(services, server)
    main = _open_counter(qtbot, services, clerk)
    try:
        issued = _issue(kiosk, name="李四")
        _key(qtbot, main, "queue_call")
        _settled(qtbot, main)
        server.stop()
        main.intake.calling.refresh()
        qtbot.waitUntil(lambda: main.intake.calling.online is False, timeout=10_000)
        main.intake.new_intake()
        case_no = _save_case(qtbot, main, "李四", id_number("19900307"))
        _settled(qtbot, main)
    finally:
        _close_counter(main)  # the client closes before the server is back
    services.store.close()
    store = open_store(services.store.path, upgrade=False)  # the same local store, opened anew
    again = Services(store=store, settings=services.settings, device_id=device_id(store), clock=services.clock)
    server.start()
    main = _open_counter(qtbot, again, clerk)
    try:
        panel = main.intake.calling
        qtbot.waitUntil(lambda: pending_links(again.store) == [], timeout=15_000)
        _settled(qtbot, main)
        [row] = _ticket_rows(server)
        assert (row.id, row.state, row.case_no) == (issued["id"], "serving", case_no)
        assert panel.current is not None and panel.current.cases == [case_no]
        assert f"A001 号已关联办件 {case_no}" in panel.note.text()
        # The answer lost before the link was forgotten: sent again, nothing is linked twice, nobody alarmed.
        with again.store.write() as session:
            remember(session, TicketRef(issued["id"], "A001"), case_no, again.now())
        panel.send_links()
        qtbot.waitUntil(lambda: pending_links(again.store) == [], timeout=15_000)
        _settled(qtbot, main)
        assert _link_events(server, issued["id"]) == [case_no] and "未能关联" not in panel.note.text()
    finally:
        _close_counter(main)
        store.close()


@pytest.mark.logs_expected("hallclient.sync")
def test_the_window_s_ticket_is_shown_again_after_the_server_restarts(qtbot, counter, server, kiosk):
    issued = _issue(kiosk)
    panel = counter.intake.calling
    _key(qtbot, counter, "queue_call")
    _settled(qtbot, counter)
    server.stop()
    panel.current = None  # as after a language switch or a restart of the client while offline
    panel.refresh()
    qtbot.waitUntil(lambda: panel.online is False, timeout=10_000)
    server.start()
    panel.refresh()
    qtbot.waitUntil(lambda: panel.online is True and panel.current is not None, timeout=15_000)
    _settled(qtbot, counter)
    assert panel.current is not None and panel.current.id == issued["id"] and "当前 A001 号" in panel.ticket.text()
    assert panel.buttons["queue_recall"].isEnabled() and panel.buttons["queue_call"].isEnabled()  # ends, then calls
    assert _calls(server, issued["id"]) == 1


def test_without_a_server_the_strip_and_its_status_stay_hidden(window):
    assert not window.intake.calling.isVisible() and not window.status.queue.isVisible()
    window.intake.calling.call_next()  # a key pressed anyway does nothing
    assert window.intake.calling.link is None


def test_every_ticket_state_and_usual_pause_reason_has_a_label():
    for state in TicketState:
        assert ticket_state_label(state) not in ("", state.value)
    assert "newstate" in ticket_state_label("newstate")  # a newer server's state is named, not dropped
    for reason in PauseReason:
        assert pause_reason_label(reason) == reason.value  # Chinese UI: the recorded words themselves
    assert pause_reason_label("上级检查") == "上级检查"  # a typed reason as typed


def test_the_strip_speaks_english_and_the_pause_reason_is_recorded_in_chinese(qtbot, counter, server, kiosk):
    _issue(kiosk)
    panel = counter.intake.calling
    _key(qtbot, counter, "queue_call")
    _settled(qtbot, counter)
    assert counter.set_language("en")
    try:
        panel = counter.intake.calling  # the strip was rebuilt in English
        panel.refresh()
        qtbot.waitUntil(lambda: panel.current is not None, timeout=10_000)
        assert "Called" in panel.detail.text() and "已叫号" not in panel.detail.text()
        english = [ticket_state_label(state) for state in TicketState]
        assert all(label.isascii() for label in english), english
        dialog = PauseDialog(None)
        qtbot.addWidget(dialog)
        dialog.reason.setCurrentIndex(0)
        assert dialog.reason.currentText() == pause_reason_label(PauseReason.LUNCH) != PauseReason.LUNCH.value
        assert dialog.chosen() == PauseReason.LUNCH.value  # the hall screen and the record stay in Chinese
    finally:
        assert counter.set_language("zh_CN")
    assert setup.current_language() == "zh_CN"


def _end_by(way: str, qtbot: Any, main: Any, monkeypatch: Any) -> None:
    """End (or move away) the window's ticket the way a clerk does: 过号, 挂起, 转移, or 叫号 choosing 过号."""
    panel = main.intake.calling
    if way == "no_show":
        panel.no_show()
    elif way == "hold":
        panel.hold()
    elif way == "next":
        monkeypatch.setattr(EndTicketDialog, "ask", classmethod(lambda cls, parent, ticket: Action.NO_SHOW))
        panel.call_next()
    else:

        def to_b(cls: Any, parent: Any, number: str, hall: Any, window: str) -> Any:
            dialog = TransferDialog(parent, number, hall, window)
            dialog.category.setCurrentIndex(dialog.category.findData("B"))
            dialog.note.setText("转社保窗口")
            dialog._accept()
            asked.append(dialog.request)
            return dialog.request

        asked: list[Any] = []
        monkeypatch.setattr(TransferDialog, "ask", classmethod(to_b))
        qtbot.waitUntil(lambda: _stored_categories(main), timeout=15_000)
        panel.transfer()  # the stored categories are read on the DB thread first
        qtbot.waitUntil(lambda: bool(asked), timeout=10_000)
    _settled(qtbot, main)


@pytest.mark.parametrize("way", ["no_show", "hold", "transfer", "next"])
def test_an_ended_ticket_s_applicant_is_cleared_before_the_next_citizen(
    qtbot, counter, server, kiosk, monkeypatch, way
):
    first, second = _issue(kiosk, name="王小芳", id_number=OLD), _issue(kiosk)
    panel, applicant = counter.intake.calling, counter.intake.applicant
    panel.call_next()
    _settled(qtbot, counter)
    assert panel.current is not None and panel.current.id == first["id"]
    assert (applicant.name.text(), applicant.id_number.text()) == ("王小芳", OLD)
    _end_by(way, qtbot, counter, monkeypatch)
    if way != "next":
        assert panel.current is None
        assert applicant.is_empty() and not applicant.green.isChecked()  # dropped as soon as A001 left
        panel.call_next()
        _settled(qtbot, counter)
    assert panel.current is not None and panel.current.id == second["id"]
    assert applicant.is_empty() and not counter.intake.is_dirty()  # B001's citizen starts on an empty form
    assert "请核对" not in panel.note.text()


def test_an_ended_ticket_s_applicant_the_clerk_edited_stays_with_a_warning(qtbot, counter, server, kiosk):
    first, second = _issue(kiosk, name="王小芳", id_number=OLD), _issue(kiosk)
    panel, intake = counter.intake.calling, counter.intake
    panel.call_next()
    _settled(qtbot, counter)
    intake.applicant.phone.setFocus()
    qtbot.keyClicks(intake.applicant.phone, "13800001234")  # the clerk typed into the filled form
    panel.no_show()
    _settled(qtbot, counter)
    assert intake.applicant.name.text() == "王小芳" and intake.applicant.phone.text() == "13800001234"
    assert panel.note.text() == "申请人信息来自已结束的 A001 号，请核对"
    panel.call_next()
    _settled(qtbot, counter)
    assert panel.current is not None and panel.current.id == second["id"]
    assert "请核对" not in panel.note.text()  # the call's own note replaced it: it comes back before the save
    choose_matter(qtbot, counter, "jzzqz")
    press(qtbot, Qt.Key.Key_F10)
    assert "申请人信息来自已结束的 A001 号，请核对" in intake.confirm.summary.text()
    assert panel.note.text() == "申请人信息来自已结束的 A001 号，请核对"
    intake.new_intake()  # F5: the next form is the next citizen's, without the warning
    assert not intake.stale_ticket and first["id"] != second["id"]


def test_the_next_ticket_s_applicant_refills_the_form_of_the_ended_one(qtbot, counter, server, kiosk, monkeypatch):
    _issue(kiosk, name="王小芳", id_number=OLD)
    following = id_number("19800307")
    _issue(kiosk, name="李明", id_number=following)
    panel, applicant = counter.intake.calling, counter.intake.applicant
    panel.call_next()
    _settled(qtbot, counter)
    assert applicant.name.text() == "王小芳"
    _end_by("next", qtbot, counter, monkeypatch)
    assert panel.current is not None and panel.current.number == "A002"
    assert (applicant.name.text(), applicant.id_number.text()) == ("李明", following)
    assert not applicant.green.isChecked()  # A001's 60+ suggestion went with her
    panel.no_show()
    _settled(qtbot, counter)
    assert applicant.is_empty()  # A002's fill, untouched, goes with A002 too


def _walk_in_chooses_first(monkeypatch: Any, offered: list[list[str]]) -> None:
    """WalkInDialog.ask as a clerk pressing Enter: the preselected (first-priority) category."""

    def ask(cls: Any, parent: Any, categories: Any) -> str | None:
        dialog = WalkInDialog(parent, categories)
        offered.append([str(dialog.choice.itemData(i)) for i in range(dialog.choice.count())])
        dialog.accept()
        return str(dialog.choice.currentData())

    monkeypatch.setattr(WalkInDialog, "ask", classmethod(ask))


def test_a_walk_in_at_the_window_takes_the_form_s_applicant_and_the_saved_case_links_to_it(
    qtbot, counter, server, kiosk, monkeypatch
):
    waiting = _issue(kiosk)  # someone waits at the kiosk: the walk-in is served here all the same
    panel, applicant = counter.intake.calling, counter.intake.applicant
    offered: list[list[str]] = []
    _walk_in_chooses_first(monkeypatch, offered)
    qtbot.waitUntil(lambda: _stored_categories(counter), timeout=15_000)
    applicant.id_number.setFocus()
    qtbot.keyClicks(applicant.id_number, OLD)
    applicant.name.setText("王小芳")  # typed by an input method (QTest types Latin keys only)
    _key(qtbot, counter, "queue_walk_in")  # 窗口取号, typed with the focus in a line edit
    qtbot.waitUntil(lambda: panel.current is not None, timeout=10_000)
    _settled(qtbot, counter)
    assert offered == [["A", "B"]]  # the window's categories, its first priority preselected
    ticket = panel.current
    assert ticket is not None and (ticket.number, ticket.source, ticket.state) == ("A002", "window", "called")
    assert (ticket.id_number, ticket.applicant_name) == (OLD, "王小芳")
    assert panel.note.text() == "已为现场群众取号 A002（企业开办），在本窗口办理"
    assert "等候 0 分钟" in panel.detail.text() and "表单已有内容" not in counter.status.currentMessage()
    case_no = _save_case(qtbot, counter, "王小芳", OLD)
    qtbot.waitUntil(lambda: panel.current is not None and panel.current.cases == [case_no], timeout=10_000)
    _settled(qtbot, counter)
    assert _link_events(server, ticket.id) == [case_no]
    rows = {row.number: row for row in _ticket_rows(server)}
    assert (rows["A002"].source, rows["A002"].window, rows["A002"].state) == ("window", "05", "serving")
    assert rows["A001"].id == waiting["id"] and rows["A001"].state == "waiting"
    _key(qtbot, counter, "queue_walk_in")  # holding A002: refused here, nothing sent
    _settled(qtbot, counter)
    assert panel.note.text() == "请先办结、过号、挂起或转移 A002 号，再为现场群众取号"
    assert len(_ticket_rows(server)) == 2


def test_a_walk_in_with_a_bad_id_number_in_the_form_is_refused_before_any_ticket(qtbot, counter, server, monkeypatch):
    _walk_in_chooses_first(monkeypatch, [])
    counter.intake.applicant.id_number.setText("110105194912310021")  # wrong check digit
    _key(qtbot, counter, "queue_walk_in")
    _settled(qtbot, counter)
    assert counter.intake.calling.note.text().startswith("表单中的身份证号无效")
    assert _ticket_rows(server) == []


def test_the_walk_in_dialog_preselects_the_first_category_and_one_category_asks_nothing(qtbot):
    first = Category("B", "人资社保", "main", (), {"05": 1})
    second = Category("A", "企业开办", "main", (), {"05": 2})
    dialog = WalkInDialog(None, [first, second])
    qtbot.addWidget(dialog)
    assert dialog.choice.currentData() == "B" and dialog.choice.count() == 2
    assert WalkInDialog.ask(None, [second]) == "A"


def _book(server: CentralServer, id_no: str, name: str) -> str:
    from datetime import UTC, datetime, timedelta

    import httpx

    from hallclient.server import queue_admin

    _key_id, key = queue_admin.add_portal_key(server.app.state.db, "main")
    today = (datetime.now(UTC) + timedelta(hours=8)).date().isoformat()
    body = {"category": "A", "day": today, "slot": "00:00-23:59", "id_number": id_no, "name": name,
            "phone": "13800000000"}  # fmt: skip
    answer = httpx.post(f"{server.url}/v1/queue/appointments", json=body, headers={"X-Api-Key": key}, timeout=10)
    assert answer.status_code == 200, answer.text
    return str(answer.json()["code"])


def _check_in_with(monkeypatch: Any, code: str, asked: list[str]) -> None:
    def ask(cls: Any, parent: Any, id_number: str) -> Any:
        asked.append(id_number)
        dialog = CheckInDialog(parent, id_number)
        dialog.code.setText(code)
        dialog._accept()
        return dialog.request

    monkeypatch.setattr(CheckInDialog, "ask", classmethod(ask))


@pytest.fixture
def every_day_a_workday(monkeypatch: Any) -> None:
    from hallclient.domain.workdays import WorkCalendar

    monkeypatch.setattr(WorkCalendar, "is_workday", lambda _self, _day: True)


@pytest.mark.usefixtures("every_day_a_workday")
def test_check_in_by_code_at_the_window_calls_it_here_and_a_code_used_twice_is_refused(
    qtbot, counter, server, kiosk, monkeypatch
):
    code = _book(server, OLD, "王小芳")
    later = _book(server, id_number("19900307"), "赵六")
    panel, applicant = counter.intake.calling, counter.intake.applicant
    asked: list[str] = []
    _check_in_with(monkeypatch, code, asked)
    _key(qtbot, counter, "queue_check_in")  # 预约签到
    qtbot.waitUntil(lambda: panel.current is not None, timeout=10_000)
    _settled(qtbot, counter)
    assert panel.current is not None and (panel.current.source, panel.current.state) == ("appointment", "called")
    assert panel.note.text() == f"预约（{code}）已签到：A001 号，在本窗口办理"
    assert (applicant.id_number.text(), applicant.name.text()) == (OLD, "王小芳")  # the appointment's applicant
    _key(qtbot, counter, "queue_check_in")  # the same code again: the server's refusal, nothing changes
    _settled(qtbot, counter)
    assert panel.note.text().endswith(f"：预约码 {code} 已签到过，不能重复使用")
    _check_in_with(monkeypatch, later, asked)
    _key(qtbot, counter, "queue_check_in")  # this window holds A001: the next one waits in the queue
    _settled(qtbot, counter)
    assert panel.current is not None and panel.current.number == "A001"
    said = f"预约（{later}）已签到：A002 号（企业开办）排队等候，前面还有 0 人；本窗口正在办理 A001 号"
    assert panel.note.text() == said
    assert asked == ["", OLD, OLD]  # the form's ID number is offered once filled (an empty code checks in by it)
    states = {row.number: (row.source, row.state, row.window) for row in _ticket_rows(server)}
    assert states == {"A001": ("appointment", "called", "05"), "A002": ("appointment", "waiting", "")}


@pytest.mark.usefixtures("every_day_a_workday")
def test_check_in_by_the_swiped_id_number_when_the_code_is_left_empty(qtbot, counter, server, monkeypatch):
    young = id_number("19900307")
    _book(server, young, "赵六")
    counter.intake.fill_from_card({"id_number": young, "name": "赵六", "card_type": ""})  # the card swipe
    _check_in_with(monkeypatch, "", [])
    _key(qtbot, counter, "queue_check_in")
    qtbot.waitUntil(lambda: counter.intake.calling.current is not None, timeout=10_000)
    _settled(qtbot, counter)
    ticket = counter.intake.calling.current
    assert ticket is not None and (ticket.number, ticket.id_number, ticket.state) == ("A001", young, "called")
    assert counter.intake.calling.note.text() == "预约（身份证号）已签到：A001 号，在本窗口办理"


def test_the_check_in_dialog_needs_a_code_or_an_id_number(qtbot):
    dialog = CheckInDialog(None, "")
    qtbot.addWidget(dialog)
    dialog._accept()
    assert dialog.result() == 0 and dialog.error.text() == "请输入预约码"
    dialog.code.setText("AB")
    dialog._accept()
    assert dialog.result() == 0 and dialog.error.text() == "预约码应为 4–16 个字符"
    dialog.code.setText(" abcd2345 ")
    dialog._accept()
    assert dialog.result() == 1 and dialog.request is not None
    assert (dialog.request.code, dialog.request.call_here) == ("abcd2345", True)


def test_a_walk_in_s_applicant_taken_from_the_form_leaves_with_its_ticket(qtbot, counter, server, monkeypatch):
    _walk_in_chooses_first(monkeypatch, [])
    qtbot.waitUntil(lambda: _stored_categories(counter), timeout=15_000)
    panel, applicant = counter.intake.calling, counter.intake.applicant
    applicant.id_number.setText(OLD)
    applicant.name.setText("王小芳")
    _key(qtbot, counter, "queue_walk_in")
    qtbot.waitUntil(lambda: panel.current is not None, timeout=10_000)
    _settled(qtbot, counter)
    _key(qtbot, counter, "queue_finish")  # 办结 without a case: the form is the ended ticket's, untouched
    _settled(qtbot, counter)
    assert panel.current is None and (applicant.id_number.text(), applicant.name.text()) == ("", "")
