"""叫号 at the counter: the calling strip of the intake screen and its network thread.

The queue lives on the server. Every request (:class:`~hallclient.sync.queue_client.QueueClient`) runs on
the one queue thread of :class:`QueueLink` — never on the GUI thread, never on the DB thread — and its
result comes back through a queued signal. The strip polls the window's status on a timer and after
each action; an unreachable server disables calling and shows 叫号服务离线 while intake goes on, and the
next status that arrives shows this window's ticket again (the server holds it: nothing is called twice,
and one request at a time leaves the panel, so a double key press cannot call two tickets).

A case saved while a ticket is called or served finishes that ticket with the case number; when the
server cannot be reached then, the link waits on the :class:`QueueLink` and is sent when it is back.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QPushButton, QWidget

from hallclient.domain.masking import mask_name_public
from hallclient.domain.queue import STATE_NAMES, TicketState
from hallclient.ui.context import AppContext
from hallclient.ui.labels import fill
from hallclient.ui.ops import QueryOp, clerk_message
from hallclient.ui.screens import shortcut
from hallclient.ui.styles import ERROR_STYLE

if TYPE_CHECKING:
    from concurrent.futures import Future, ThreadPoolExecutor

    from hallclient.config import Settings
    from hallclient.protocol.queue import CallResult, QueueStatus, TicketOut, TransferRequest
    from hallclient.services.queue_halls import HallQueue
    from hallclient.sync.queue_client import QueueClient

log = logging.getLogger("hallclient.ui.calling")

POLL_MS = 15_000  # the window's status, also after each action
ACTIVE = (TicketState.CALLED.value, TicketState.SERVING.value)


class QueueLink(QObject):
    """The queue thread of one main window: requests run in order on it, results return on the GUI thread.

    ``pending_link`` is a case saved while the server was unreachable, still to be joined to its ticket
    (ticket id, case number); it lives here so a language switch (which rebuilds the strip) keeps it.
    """

    _finished = Signal(object)

    def __init__(self, settings: Settings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._settings = settings
        self._client: QueueClient | None = None
        self._pool: ThreadPoolExecutor | None = None
        self._closed = False
        self.pending_link: tuple[str, str, str] | None = None  # (ticket id, number, case number)
        self._finished.connect(self._deliver)

    def _client_now(self) -> QueueClient:
        """Built on the queue thread at first use (httpx and the TLS context load there, not on the GUI thread)."""
        if self._client is None:
            from hallclient.sync.queue_client import QueueClient
            from hallclient.sync.transport import make_http

            settings = self._settings
            self._client = QueueClient(make_http(settings.server_url, settings.ca_file, settings.device_token))
        return self._client

    def submit(
        self,
        fn: Callable[[QueueClient], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None],
    ) -> None:
        if self._closed:
            return
        if self._pool is None:
            from concurrent.futures import ThreadPoolExecutor

            self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="hallclient-queue")
        future = self._pool.submit(lambda: fn(self._client_now()))
        future.add_done_callback(lambda done: self._finished.emit((done, on_done, on_error)))

    def _deliver(self, item: tuple[Future[Any], Callable[[Any], None], Callable[[BaseException], None]]) -> None:
        future, on_done, on_error = item
        error = future.exception()
        if error is not None:
            on_error(error)
        else:
            on_done(future.result())

    def shutdown(self) -> None:
        """At exit: let the request under way finish (a finish carrying a case number is not cut off)."""
        self._closed = True
        if self._pool is not None:
            self._pool.shutdown(wait=True)
        if self._client is not None:
            self._client.close()


def _minutes_between(start: str, end: datetime | None = None) -> int | None:
    if not start:
        return None
    began = datetime.fromisoformat(start)
    stop = end or datetime.now(began.tzinfo)
    return max(0, int((stop - began).total_seconds() // 60))


class CallingPanel(QFrame):
    """The calling strip: the current ticket and the actions on it, keyboard-first (Shift+F keys, see F1).

    Signals:
    ticket_called(object): a ``TicketOut`` was called (or called back) for this window: the intake fills
        the applicant when the ticket has one.
    state_changed(object, str, str): online (True, False, or None before the first answer), the status bar's
        text, and why the server is unreachable (its tooltip).
    message(str): a one-line note for the status bar.
    """

    ticket_called = Signal(object)
    state_changed = Signal(object, str, str)
    message = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.link: QueueLink | None = None
        self.online: bool | None = None
        self.offline_reason = ""
        self.status: QueueStatus | None = None
        self.current: TicketOut | None = None
        self.busy = False
        self.setObjectName("calling_panel")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QGridLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        self.ticket = QLabel(self)
        self.ticket.setObjectName("calling_ticket")
        self.ticket.setStyleSheet("font-size: 15px; font-weight: bold;")
        self.detail = QLabel(self)
        self.detail.setObjectName("calling_detail")
        self.note = QLabel(self)
        self.note.setObjectName("calling_note")
        self.note.setStyleSheet(ERROR_STYLE)
        self.note.setWordWrap(True)
        layout.addWidget(self.ticket, 0, 0)
        layout.addWidget(self.detail, 0, 1)
        layout.addWidget(self.note, 0, 2)
        layout.setColumnStretch(2, 1)
        row = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for name, label, slot in self._actions():
            button = QPushButton(fill("%1 [%2]", label, shortcut(name)), self)
            button.setObjectName(name)
            button.clicked.connect(slot)
            row.addWidget(button)
            self.buttons[name] = button
        row.addStretch(1)
        layout.addLayout(row, 1, 0, 1, 3)
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self.refresh)
        self.setVisible(False)
        self._render()

    def _actions(self) -> list[tuple[str, str, Callable[[], None]]]:
        return [
            ("queue_call", self.tr("叫号"), self.call_next),
            ("queue_recall", self.tr("重呼"), self.recall),
            ("queue_start", self.tr("开始办理"), self.start),
            ("queue_no_show", self.tr("过号"), self.no_show),
            ("queue_hold", self.tr("挂起"), self.hold),
            ("queue_call_back", self.tr("回呼"), self.call_back),
            ("queue_transfer", self.tr("转移"), self.transfer),
            ("queue_finish", self.tr("办结"), self.finish),
            ("queue_pause", self.tr("暂停服务"), self.toggle_pause),
        ]

    def attach(self, link: QueueLink) -> None:
        """Start calling through ``link`` (only when this PC is enrolled with a server)."""
        self.link = link
        self.setVisible(True)
        self.timer.start()
        self.refresh()

    # -- requests -----------------------------------------------------------------------------------
    def _send(self, fn: Callable[[QueueClient], Any], done: Callable[[Any], None], *, poll: bool = False) -> bool:
        """One request on the queue thread; actions wait for each other (a second key press is refused)."""
        if self.link is None:
            return False
        if not poll:
            if self.busy:
                self._say(self.tr("上一个叫号操作尚未完成，请稍候"))
                return False
            self.busy = True
            self._render()
        panel = self

        def succeeded(value: Any) -> None:
            if shiboken6.isValid(panel):
                panel._answered(done, value, poll)

        def failed(error: BaseException) -> None:
            if shiboken6.isValid(panel):
                panel._failed(error, poll)

        self.link.submit(fn, succeeded, failed)
        return True

    def _answered(self, done: Callable[[Any], None], value: Any, poll: bool) -> None:
        if not poll:
            self.busy = False
        self._set_online(True)
        done(value)
        if not poll:
            self.refresh()

    def _failed(self, error: BaseException, poll: bool) -> None:
        from hallclient.sync.transport import Unreachable

        if not poll:
            self.busy = False
        if isinstance(error, Unreachable):
            log.info("queue server unreachable: %s", error)
            self._set_online(False, str(error))
            return
        self._say(clerk_message(error))
        if not poll:
            self.refresh()  # the server refused: show its state as it is

    def refresh(self) -> None:
        """Ask for this window's status (the timer, after each action, and on reconnecting)."""
        self._send(lambda client: client.status(), self._show_status, poll=True)

    # -- actions ------------------------------------------------------------------------------------
    def _ready(self, *, needs_ticket: bool = False) -> bool:
        if self.link is None:
            return False
        if not self.online:
            self._say(self.tr("叫号服务离线：可继续受理，恢复后再叫号"))
            self.refresh()
            return False
        if needs_ticket and self.current is None:
            self._say(self.tr("当前没有正在叫号或办理的号"))
            return False
        return True

    def call_next(self) -> None:
        if not self._ready():
            return
        if self.current is not None:
            self._say(fill(self.tr("请先办结、过号、挂起或转移 %1 号，再叫下一位"), self.current.number))
            return
        self._send(lambda client: client.call_next(), self._called)

    def _called(self, result: CallResult) -> None:
        if result.ticket is None:
            self._say(self.tr("没有等候的号"))
            return
        self._take(result.ticket)
        self._say(fill(self.tr("已叫 %1 号，还有 %2 人等候"), result.ticket.number, str(result.waiting)), error=False)

    def _take(self, ticket: TicketOut) -> None:
        self.current = ticket
        self._render()
        self.ticket_called.emit(ticket)

    def _on_current(self, step: Callable[[QueueClient, str], TicketOut], done: Callable[[TicketOut], None]) -> None:
        if not self._ready(needs_ticket=True):
            return
        assert self.current is not None
        ticket_id = self.current.id
        self._send(lambda client: step(client, ticket_id), done)

    def recall(self) -> None:
        self._on_current(lambda client, tid: client.recall(tid), self._updated)

    def start(self) -> None:
        self._on_current(lambda client, tid: client.start(tid), self._updated)

    def no_show(self) -> None:
        self._on_current(lambda client, tid: client.no_show(tid), self._ended)

    def hold(self) -> None:
        self._on_current(lambda client, tid: client.hold(tid), self._ended)

    def finish(self) -> None:
        """办结 without a case (a consultation, nothing recorded): saving a case finishes with its number."""
        self._on_current(lambda client, tid: client.finish(tid), self._ended)

    def _updated(self, ticket: TicketOut) -> None:
        self.current = ticket
        self._render()

    def _ended(self, ticket: TicketOut) -> None:
        self.current = None
        state = STATE_NAMES.get(TicketState(ticket.state), ticket.state)
        self._say(fill(self.tr("%1 号：%2"), ticket.number, state), error=False)
        self._render()

    def call_back(self) -> None:
        if not self._ready():
            return
        held = list(self.status.held) if self.status is not None else []
        if not held:
            self._say(self.tr("没有挂起待回呼的号"))
            return
        if self.current is not None:
            self._say(fill(self.tr("请先办结、过号、挂起或转移 %1 号，再回呼"), self.current.number))
            return
        from hallclient.ui.calling_dialogs import HeldChoiceDialog

        chosen = HeldChoiceDialog.ask(self, held)
        if chosen is not None:
            self._send(lambda client: client.call_back(chosen), self._take)

    def transfer(self) -> None:
        if not self._ready(needs_ticket=True):
            return
        assert self.current is not None
        ticket = self.current
        window = self.status.window if self.status is not None else self.ctx.settings.window
        from hallclient.services.queue_halls import hall_of_window

        QueryOp(self.ctx, parent=self, fn=lambda services: hall_of_window(services.store, window)).success(
            lambda hall: self._ask_transfer(ticket, hall, window)
        ).run()

    def _ask_transfer(self, ticket: TicketOut, hall: HallQueue | None, window: str) -> None:
        from hallclient.ui.calling_dialogs import TransferDialog

        request = TransferDialog.ask(self, ticket.number, hall, window)
        if request is not None and self.current is not None and self.current.id == ticket.id:
            self._send(lambda client: client.transfer(ticket.id, request), lambda moved: self._moved(moved, request))

    def _moved(self, moved: TicketOut, request: TransferRequest) -> None:
        self.current = None
        target = (
            fill(self.tr("业务类别 %1"), request.category)
            if request.category
            else fill(self.tr("%1 号窗口"), str(request.window))
        )
        self._say(fill(self.tr("%1 号已转至%2"), moved.number, target), error=False)
        self._render()

    def toggle_pause(self) -> None:
        if not self._ready():
            return
        if self.status is not None and self.status.paused:
            self._send(lambda client: client.resume(), lambda _none: self._say(self.tr("已恢复服务"), error=False))
            return
        from hallclient.ui.calling_dialogs import PauseDialog

        reason = PauseDialog.ask(self)
        if reason:
            self._send(lambda client: client.pause(reason), lambda _none: self._say(self.tr("已暂停服务"), error=False))

    # -- the case saved while serving ---------------------------------------------------------------
    def case_saved(self, case_no: str) -> None:
        """A case was recorded: the ticket called or served now is finished with its number."""
        if self.link is None or self.current is None or self.current.state not in ACTIVE:
            return
        self.link.pending_link = (self.current.id, self.current.number, case_no)
        self._send_link()

    def _send_link(self) -> None:
        link = self.link
        if link is None or link.pending_link is None:
            return
        ticket_id, number, case_no = link.pending_link

        def linked(ticket: TicketOut) -> None:
            link.pending_link = None
            self._ended(ticket)
            self._say(fill(self.tr("%1 号已办结，关联办件 %2"), ticket.number, case_no), error=False)

        def failed(error: BaseException) -> None:
            from hallclient.sync.transport import Unreachable

            if isinstance(error, Unreachable):
                self._set_online(False, str(error))
                self._say(fill(self.tr("叫号服务离线：%1 号与办件 %2 的关联将在恢复后提交"), number, case_no))
                return
            link.pending_link = None
            self._say(fill(self.tr("%1 号未能关联办件 %2：%3"), number, case_no, clerk_message(error)))
            self.refresh()

        panel = self
        self.busy = True
        self._render()

        def done(value: TicketOut) -> None:
            if shiboken6.isValid(panel):
                panel.busy = False
                panel._set_online(True)
                linked(value)
                panel.refresh()

        def error(exc: BaseException) -> None:
            if shiboken6.isValid(panel):
                panel.busy = False
                failed(exc)
                panel._render()

        link.submit(lambda client: client.finish(ticket_id, case_no), done, error)

    # -- state --------------------------------------------------------------------------------------
    def _show_status(self, status: QueueStatus) -> None:
        self.status = status
        if not self.busy:  # an action under way answers with the newer state itself
            self.current = status.current
        pending = self.link.pending_link if self.link is not None else None
        if pending is not None and not self.busy:
            if status.current is not None and status.current.id == pending[0]:
                self._send_link()  # back online: the case saved meanwhile is joined to its ticket now
            else:
                self.link.pending_link = None  # type: ignore[union-attr]
                self._say(fill(self.tr("%1 号已不在本窗口，办件 %2 未能关联"), pending[1], pending[2]))
        self._render()

    def _set_online(self, online: bool, detail: str = "") -> None:
        self.online = online
        self.offline_reason = detail
        self._render()

    def _say(self, text: str, *, error: bool = True) -> None:
        self.note.setText(text)
        self.note.setStyleSheet(ERROR_STYLE if error else "color: #1e7b34;")
        self.message.emit(text)

    def _render(self) -> None:
        current, status = self.current, self.status
        online = bool(self.online) and not self.busy
        paused = status is not None and status.paused
        if self.online is False:
            self.ticket.setText(self.tr("叫号服务离线"))
            self.ticket.setStyleSheet("font-size: 15px; font-weight: bold; " + ERROR_STYLE)
        elif current is None:
            self.ticket.setText(self.tr("暂停服务中") if paused else self.tr("当前无号"))
            self.ticket.setStyleSheet("font-size: 15px; font-weight: bold;")
        else:
            self.ticket.setText(fill(self.tr("当前 %1 号"), current.number))
            self.ticket.setStyleSheet("font-size: 15px; font-weight: bold; color: #0b5cad;")
        self.detail.setText(self._detail(current, status))
        held = list(status.held) if status is not None else []
        state = current.state if current is not None else ""
        enabled = {
            "queue_call": current is None and not paused,
            "queue_recall": state == TicketState.CALLED.value,
            "queue_start": state == TicketState.CALLED.value,
            "queue_no_show": state == TicketState.CALLED.value,
            "queue_hold": state in ACTIVE,
            "queue_call_back": current is None and bool(held),
            "queue_transfer": state in ACTIVE,
            "queue_finish": state in ACTIVE,
            "queue_pause": True,
        }
        for name, button in self.buttons.items():
            button.setEnabled(online and enabled[name])
        pause_key = shortcut("queue_pause")
        label = self.tr("恢复服务") if paused else self.tr("暂停服务")
        self.buttons["queue_pause"].setText(fill("%1 [%2]", label, pause_key))
        self.state_changed.emit(self.online, self._status_text(), self.offline_reason)

    def _detail(self, current: TicketOut | None, status: QueueStatus | None) -> str:
        parts: list[str] = []
        if current is not None:
            parts.append(current.category_name or current.category)
            if current.applicant_name:
                parts.append(mask_name_public(current.applicant_name))
            waited = _minutes_between(current.issued_at, _parse(current.called_at))
            if waited is not None:
                parts.append(fill(self.tr("等候 %1 分钟"), str(waited)))
            parts.append(STATE_NAMES.get(TicketState(current.state), current.state))
            if current.state == TicketState.CALLED.value and status is not None:
                left = max(0, status.max_recalls - current.recalls)
                parts.append(fill(self.tr("可重呼 %1 次"), str(left)))
            if current.green:
                parts.append(fill(self.tr("绿色通道（%1）"), current.green_reason))
            if current.note:
                parts.append(fill(self.tr("备注：%1"), current.note))
        if status is not None:
            if status.held:
                parts.append(fill(self.tr("挂起待回呼 %1 个"), str(len(status.held))))
            if status.paused:
                parts.append(fill(self.tr("暂停服务（%1）"), status.pause_reason))
            if status.hall is not None:
                waiting = sum(category.waiting for category in status.hall.categories)
                parts.append(fill(self.tr("大厅等候 %1 人"), str(waiting)))
        return " · ".join(parts)

    def _status_text(self) -> str:
        if self.online is None:
            return self.tr("叫号：连接中")
        if not self.online:
            return self.tr("叫号服务离线")
        if self.status is not None and self.status.paused:
            return self.tr("叫号：暂停服务")
        return self.tr("叫号：在线")

    def stop(self) -> None:
        self.timer.stop()


def _parse(moment: str) -> datetime | None:
    return datetime.fromisoformat(moment) if moment else None
