"""叫号 at the counter: the calling strip of the intake screen and its network thread.

The queue lives on the server. Every request (:class:`~hallclient.sync.queue_client.QueueClient`) runs on
the one queue thread of :class:`QueueLink` — never on the GUI thread, never on the DB thread — and its
result comes back through a queued signal. The strip polls the window's status on a timer and after
each action; an unreachable server disables calling and shows 叫号服务离线 while intake goes on, and the
next status that arrives shows this window's ticket again (the server holds it: nothing is called twice,
and one request at a time leaves the panel, so a double key press cannot call two tickets).

A case saved while a ticket is called or served is linked to it (one visit may bring several cases); the
link is kept in the local store with the case (:mod:`hallclient.services.queue_links`) and sent now, or when
the server answers again — after an outage or a restart of the client. 叫号 on a ticket with a case linked
finishes it and calls the next in one key press; with none linked it asks (办结 / 过号 / 取消).
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
from hallclient.domain.queue import Action, TicketState
from hallclient.services.queue_links import PendingLink, TicketRef
from hallclient.ui.background import Worker
from hallclient.ui.context import AppContext
from hallclient.ui.labels import fill, pause_reason_label, ticket_state_label
from hallclient.ui.ops import QueryOp, clerk_message
from hallclient.ui.screens import shortcut
from hallclient.ui.styles import ERROR_STYLE

if TYPE_CHECKING:
    from hallclient.config import Settings
    from hallclient.protocol.queue import CallResult, CheckInRequest, QueueStatus, TicketOut, TransferRequest
    from hallclient.services.context import Actor, Services
    from hallclient.services.queue_halls import HallQueue
    from hallclient.sync.queue_client import QueueClient

log = logging.getLogger("hallclient.ui.calling")

POLL_MS = 15_000  # the window's status, also after each action
ACTIVE = (TicketState.CALLED.value, TicketState.SERVING.value)
READS_STATUS = frozenset({"queue_pause", "queue_call_back", "queue_walk_in"})  # paused / held: from the status


def _no_form() -> tuple[str, str]:
    return "", ""


class QueueLink(QObject):
    """The queue thread of one main window: requests run in order on it, results return on the GUI thread.

    ``sending_links``: the stored case links are being sent (kept here, so a language switch, which rebuilds
    the strip, does not send them twice); actions wait for them, so a finish never overtakes a link.
    """

    def __init__(self, settings: Settings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._settings = settings
        self._client: QueueClient | None = None
        self._worker = Worker("hallclient-queue", self)
        self.sending_links = False

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
        self._worker.submit(lambda: fn(self._client_now()), on_done, on_error)

    def shutdown(self) -> None:
        """At exit: let the request under way finish (a finish carrying a case number is not cut off)."""
        self._worker.shutdown(wait=True)
        if self._client is not None:
            self._client.close()


def _minutes_between(start: str, end: datetime | None = None) -> int | None:
    if not start:
        return None
    began = datetime.fromisoformat(start)
    stop = end or datetime.now(began.tzinfo)
    return max(0, int((stop - began).total_seconds() // 60))


class CallingPanel(QFrame):
    """The calling strip: the current ticket and the actions on it, keyboard-first (Ctrl+Shift keys, see F1).

    Signals:
    ticket_called(object): a ``TicketOut`` was called (or called back) for this window: the intake fills
        the applicant when the ticket has one.
    ticket_left(object): the ``TicketOut`` this window had called or served is no longer its own (finished,
        no-show, held, transferred, or ended elsewhere): the intake drops the applicant it filled from it.
    state_changed(object, str, str): online (True, False, or None before the first answer), the status bar's
        text, and why the server is unreachable (its tooltip).
    message(str): a one-line note for the status bar.
    """

    ticket_called = Signal(object)
    ticket_left = Signal(object)
    state_changed = Signal(object, str, str)
    message = Signal(str)

    def __init__(
        self, ctx: AppContext, parent: QWidget | None = None, form: Callable[[], tuple[str, str]] = _no_form
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.form = form  # the applicant in the intake form: (resident ID number, name) for a walk-in
        self.link: QueueLink | None = None
        self.online: bool | None = None
        self.offline_reason = ""
        self.status: QueueStatus | None = None
        self.current: TicketOut | None = None
        self.busy = False
        # An action answered but the status asked after it has not arrived yet: the actions that read that status
        # (READS_STATUS) wait for it, or a second 暂停 key press would read the old state and ask for a pause reason
        # again instead of resuming. The actions on the current ticket need not: the answer carried its new state.
        self.settling = False
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
            ("queue_walk_in", self.tr("窗口取号"), self.walk_in),
            ("queue_check_in", self.tr("预约签到"), self.check_in),
        ]

    def attach(self, link: QueueLink) -> None:
        """Start calling through ``link`` (only when this PC is enrolled with a server)."""
        self.link = link
        self.setVisible(True)
        self.timer.start()
        self.refresh()

    # -- requests -----------------------------------------------------------------------------------
    def _send(
        self, fn: Callable[[QueueClient], Any], done: Callable[[Any], None], *, poll: bool = False, settle: bool = False
    ) -> bool:
        """One request on the queue thread; actions wait for each other (a second key press is refused).
        ``settle``: this poll is the status asked after an action, which ends the action's wait."""
        if self.link is None:
            return False
        if settle:
            self.settling = True
            self._render()
        if not poll:
            if self._waiting():
                self._say(self.tr("上一个叫号操作尚未完成，请稍候"))
                return False
            self.busy = True
            self._render()
        panel = self

        def succeeded(value: Any) -> None:
            if shiboken6.isValid(panel):
                panel._settled(settle)
                panel._answered(done, value, poll)

        def failed(error: BaseException) -> None:
            if shiboken6.isValid(panel):
                panel._settled(settle)
                panel._failed(error, poll)

        self.link.submit(fn, succeeded, failed)
        return True

    def _waiting(self) -> bool:
        """An action, or the sending of stored case links, is under way: the next action waits."""
        return self.busy or (self.link is not None and self.link.sending_links)

    def _settled(self, settle: bool) -> None:
        if settle:
            self.settling = False
            self._render()

    def _answered(self, done: Callable[[Any], None], value: Any, poll: bool) -> None:
        if not poll:
            self.busy = False
        reconnected = self.online is not True
        self._set_online(True)
        done(value)
        if reconnected:
            self.send_links()  # the first answer, or the first after an outage: cases saved meanwhile
        if not poll:
            self.refresh(settle=True)

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
            self.refresh(settle=True)  # the server refused: show its state as it is

    def refresh(self, *, settle: bool = False) -> None:
        """Ask for this window's status (the timer, after each action, and on reconnecting)."""
        self._send(lambda client: client.status(), self._show_status, poll=True, settle=settle)

    # -- actions ------------------------------------------------------------------------------------
    def _ready(self, *, needs_ticket: bool = False, reads_status: bool = False) -> bool:
        if self.link is None:
            return False
        if not self.online:
            self._say(self.tr("叫号服务离线：可继续受理，恢复后再叫号"))
            self.refresh()
            return False
        if self._waiting() or (reads_status and self.settling):  # before any dialog: its state is about to change
            self._say(self.tr("上一个叫号操作尚未完成，请稍候"))
            return False
        if needs_ticket and self.current is None:
            self._say(self.tr("当前没有正在叫号或办理的号"))
            return False
        return True

    def call_next(self) -> None:
        """叫号; a ticket still called or served is ended first, in the same key press: finished when a case
        is linked to it, else as the clerk chooses (办结 / 过号 / 取消)."""
        if not self._ready():
            return
        current = self.current
        if current is None:
            self._send(lambda client: client.call_next(), self._called)
            return
        if current.state not in ACTIVE:
            self._say(fill(self.tr("请先办结、过号、挂起或转移 %1 号，再叫下一位"), current.number))
            return
        if current.cases:
            self._end_and_call(current, Action.FINISH)
            return
        from hallclient.ui.calling_dialogs import EndTicketDialog

        how = EndTicketDialog.ask(self, current)
        if how is not None and self.current is not None and self.current.id == current.id:
            self._end_and_call(current, how)

    def _end_and_call(self, ticket: TicketOut, how: Action) -> None:
        ticket_id = ticket.id

        def step(client: QueueClient) -> tuple[TicketOut, CallResult | None, str]:
            from hallclient.sync.transport import Refused

            ended = client.finish(ticket_id) if how is Action.FINISH else client.no_show(ticket_id)
            try:
                return ended, client.call_next(), ""
            except Refused as error:  # ended, but the next could not be called (paused meanwhile, …)
                return ended, None, clerk_message(error)

        self._send(step, lambda answer: self._ended_and_called(*answer))

    def _ended_and_called(self, ended: TicketOut, result: CallResult | None, refusal: str) -> None:
        self._set_current(None)
        self._render()
        done = self._end_text(ended)
        if result is None:
            self._say(fill(self.tr("%1；未能叫下一位：%2"), done, refusal))
        elif result.ticket is None:
            self._say(fill(self.tr("%1；没有等候的号"), done), error=False)
        else:
            self._take(result.ticket)
            called = fill(self.tr("已叫 %1 号，还有 %2 人等候"), result.ticket.number, str(result.waiting))
            self._say(fill(self.tr("%1；%2"), done, called), error=False)

    def _end_text(self, ticket: TicketOut) -> str:
        if ticket.cases:
            return fill(self.tr("%1 号已办结，关联办件 %2"), ticket.number, "、".join(ticket.cases))
        return fill(self.tr("%1 号：%2"), ticket.number, ticket_state_label(ticket.state))

    def _called(self, result: CallResult) -> None:
        if result.ticket is None:
            self._say(self.tr("没有等候的号"))
            return
        self._take(result.ticket)
        self._say(fill(self.tr("已叫 %1 号，还有 %2 人等候"), result.ticket.number, str(result.waiting)), error=False)

    def _take(self, ticket: TicketOut) -> None:
        self._set_current(ticket)
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
        """办结: the visit is over (its saved cases are linked already; none for a consultation)."""
        self._on_current(lambda client, tid: client.finish(tid), self._ended)

    def _updated(self, ticket: TicketOut) -> None:
        self._set_current(ticket)
        self._render()

    def _ended(self, ticket: TicketOut) -> None:
        self._say(self._end_text(ticket), error=False)
        self._set_current(None)
        self._render()

    def call_back(self) -> None:
        if not self._ready(reads_status=True):
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
        target = (
            fill(self.tr("业务类别 %1"), request.category)
            if request.category
            else fill(self.tr("%1 号窗口"), str(request.window))
        )
        self._say(fill(self.tr("%1 号已转至%2"), moved.number, target), error=False)
        self._set_current(None)
        self._render()

    def toggle_pause(self) -> None:
        if not self._ready(reads_status=True):
            return
        from functools import partial

        from hallclient.services import attendance
        from hallclient.ui.attendance import record_change

        def accepted(text: str, change: Callable[[Services, Actor], None]) -> None:
            """The server accepted the pause or resume: say so, and record it for attendance."""
            self._say(text, error=False)
            record_change(self.ctx, self.ctx.actor, change)

        if self.status is not None and self.status.paused:
            self._send(
                lambda client: client.resume(), lambda _none: accepted(self.tr("已恢复服务"), attendance.record_resumed)
            )
            return
        from hallclient.ui.calling_dialogs import PauseDialog

        reason = PauseDialog.ask(self)
        if reason:
            paused = partial(attendance.record_paused, reason=reason)
            self._send(lambda client: client.pause(reason), lambda _none: accepted(self.tr("已暂停服务"), paused))

    def walk_in(self) -> None:
        """窗口取号: a ticket for the citizen at the counter, issued and called here in one server step (the
        form's applicant goes with it); the category is the window's only one, or chosen among its own."""
        if not self._ready(reads_status=True):
            return
        if self.current is not None:
            self._say(fill(self.tr("请先办结、过号、挂起或转移 %1 号，再为现场群众取号"), self.current.number))
            return
        if self.status is not None and self.status.paused:
            self._say(self.tr("暂停服务中：请先恢复服务，再为现场群众取号"))
            return
        id_number, name = self.form()
        if id_number:
            from hallclient.domain.idnumber import InvalidIdNumber, parse_id_number

            try:
                id_number = parse_id_number(id_number).number
            except InvalidIdNumber as error:
                self._say(fill(self.tr("表单中的身份证号无效（%1）：请更正或清空后再取号"), str(error)))
                return
        window = self.status.window if self.status is not None else self.ctx.settings.window
        from hallclient.services.queue_halls import hall_of_window

        QueryOp(self.ctx, parent=self, fn=lambda services: hall_of_window(services.store, window)).success(
            lambda hall: self._ask_walk_in(hall, window, id_number, name)
        ).run()

    def _ask_walk_in(self, hall: HallQueue | None, window: str, id_number: str, name: str) -> None:
        from hallclient.protocol.queue import WalkInRequest
        from hallclient.ui.calling_dialogs import WalkInDialog

        categories = hall.window_categories(window) if hall is not None else ()
        if not categories:
            self._say(fill(self.tr("尚未从服务器收到 %1 号窗口可办理的业务类别，暂不能窗口取号"), window))
            return
        code = WalkInDialog.ask(self, categories)
        if code is None or self.current is not None:
            return
        request = WalkInRequest(category=code, id_number=id_number or None, name=name)
        self._send(lambda client: client.walk_in(request), self._walked_in)

    def _walked_in(self, ticket: TicketOut) -> None:
        self._take(ticket)
        self._say(
            fill(self.tr("已为现场群众取号 %1（%2），在本窗口办理"), ticket.number, ticket.category_name), error=False
        )

    def check_in(self) -> None:
        """预约签到 at the window: by booking code, or by the ID number in the form (typed or swiped). The
        server calls it here when this window serves its category, is not paused and holds no ticket;
        otherwise it waits in the queue and the strip says where."""
        if not self._ready():
            return
        from hallclient.domain.idnumber import InvalidIdNumber, parse_id_number
        from hallclient.ui.calling_dialogs import CheckInDialog

        typed, _name = self.form()
        try:
            id_number = parse_id_number(typed).number if typed else ""
        except InvalidIdNumber:
            id_number = ""  # not offered: the booking code is asked for
        request = CheckInDialog.ask(self, id_number)
        if request is not None:
            self._send(lambda client: client.check_in(request), lambda ticket: self._checked_in(ticket, request))

    def _checked_in(self, ticket: TicketOut, request: CheckInRequest) -> None:
        by = request.code or self.tr("身份证号")
        if ticket.state == TicketState.CALLED.value and ticket.window and self._is_mine(ticket):
            self._take(ticket)
            self._say(fill(self.tr("预约（%1）已签到：%2 号，在本窗口办理"), by, ticket.number), error=False)
            return
        if self.current is not None:
            why = fill(self.tr("本窗口正在办理 %1 号"), self.current.number)
        elif self.status is not None and self.status.paused:
            why = self.tr("本窗口暂停服务中")
        else:
            why = fill(self.tr("本窗口不办理业务类别 %1"), ticket.category)
        said = self.tr("预约（%1）已签到：%2 号（%3）排队等候，前面还有 %4 人；%5")
        self._say(fill(said, by, ticket.number, ticket.category_name, str(ticket.waiting_before), why), error=False)

    def _is_mine(self, ticket: TicketOut) -> bool:
        window = self.status.window if self.status is not None else self.ctx.settings.window
        return ticket.window == window

    # -- the cases saved while serving --------------------------------------------------------------
    def serving(self) -> TicketRef | None:
        """The ticket a case saved now is for: the one this window called or serves (known offline too)."""
        if self.link is None or self.current is None or self.current.state not in ACTIVE:
            return None
        return TicketRef(self.current.id, self.current.number)

    def case_saved(self, case_no: str, ticket: TicketRef | None) -> None:
        """A case was recorded, its link to ``ticket`` stored with it: send it now, or say it waits."""
        if self.link is None or ticket is None:
            return
        if self.online is False:
            self._say(fill(self.tr("叫号服务离线：%1 号与办件 %2 的关联已保存，恢复后提交"), ticket.number, case_no))
            return
        self.send_links()

    def send_links(self) -> None:
        """Send every case link the store keeps, oldest first; each answered (or refused for good, which the
        clerk is told) is then deleted. An unreachable server leaves the rest for its next answer."""
        link = self.link
        if link is None or link.sending_links:
            return
        link.sending_links = True
        self._render()
        from hallclient.services.queue_links import pending_links

        QueryOp(self.ctx, fn=lambda services: pending_links(services.store)).success(
            lambda links: self._submit_links(link, links)
        ).failure(lambda failure: self._links_done(link, failure.message)).run()

    def _submit_links(self, link: QueueLink, links: list[PendingLink]) -> None:
        if not links:
            self._links_done(link)
            return

        def send(client: QueueClient) -> tuple[list[tuple[PendingLink, TicketOut | None, str]], str]:
            from hallclient.sync.transport import Refused, Unreachable

            answered: list[tuple[PendingLink, TicketOut | None, str]] = []
            for pending in links:
                try:
                    answered.append((pending, client.link(pending.ticket_id, pending.case_no), ""))
                except Unreachable as error:
                    return answered, str(error) or "unreachable"
                except (Refused, ValueError) as error:  # refused for good (ValueError: a malformed number)
                    answered.append((pending, None, clerk_message(error)))
            return answered, ""

        ctx, panel = self.ctx, self
        link.submit(
            send,
            lambda result: panel._links_answered(ctx, link, len(links), *result),
            lambda error: panel._links_done(link, clerk_message(error)),
        )

    def _links_answered(
        self,
        ctx: AppContext,
        link: QueueLink,
        total: int,
        answered: list[tuple[PendingLink, TicketOut | None, str]],
        unreachable: str,
    ) -> None:
        """Forget the links the server answered; tell the clerk what was linked, refused, or still waits."""
        notes: list[str] = []
        refused = any(ticket is None for _pending, ticket, _refusal in answered)
        if shiboken6.isValid(self):
            for pending, ticket, refusal in answered:
                if ticket is None:
                    notes.append(fill(self.tr("%1 号未能关联办件 %2：%3"), pending.number, pending.case_no, refusal))
                    continue
                notes.append(fill(self.tr("%1 号已关联办件 %2"), pending.number, pending.case_no))
                if self.current is not None and self.current.id == ticket.id:
                    self._set_current(ticket)  # with its cases: 叫号 now finishes it
            if unreachable:
                self._set_online(False, unreachable)
                left = total - len(answered)
                notes.append(fill(self.tr("叫号服务离线：%1 个办件关联已保存，恢复后提交"), str(left)))
        from hallclient.services.queue_links import forget

        done = [pending.case_no for pending, _ticket, _refusal in answered]
        QueryOp(ctx, fn=lambda services: forget(services.store, done)).success(
            lambda _none: self._links_done(link, "；".join(notes), error=refused or bool(unreachable))
        ).failure(lambda failure: self._links_done(link, failure.message)).run()

    def _links_done(self, link: QueueLink, note: str = "", *, error: bool = True) -> None:
        link.sending_links = False
        if not shiboken6.isValid(self):
            return
        if note:
            self._say(note, error=error)
        self._render()
        if self.online:
            self.refresh()

    # -- state --------------------------------------------------------------------------------------
    def _show_status(self, status: QueueStatus) -> None:
        self.status = status
        if not self.busy:  # an action under way answers with the newer state itself
            self._set_current(status.current)
        self._render()

    def _set_current(self, ticket: TicketOut | None) -> None:
        """The one place the window's ticket changes: a ticket that is no longer this window's is announced
        (``ticket_left``) before the next one is taken."""
        previous = self.current
        self.current = ticket
        if previous is not None and (ticket is None or ticket.id != previous.id):
            self.ticket_left.emit(previous)

    def _set_online(self, online: bool, detail: str = "") -> None:
        self.online = online
        self.offline_reason = detail
        self._render()

    def warn(self, text: str) -> None:
        """A warning about the form next to the ticket it concerns (the intake's note before a save)."""
        self._say(text)

    def _say(self, text: str, *, error: bool = True) -> None:
        self.note.setText(text)
        self.note.setStyleSheet(ERROR_STYLE if error else "color: #1e7b34;")
        self.message.emit(text)

    def _render(self) -> None:
        current, status = self.current, self.status
        online = bool(self.online) and not self._waiting()
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
            "queue_call": (current is None or state in ACTIVE) and not paused,
            "queue_recall": state == TicketState.CALLED.value,
            "queue_start": state == TicketState.CALLED.value,
            "queue_no_show": state == TicketState.CALLED.value,
            "queue_hold": state in ACTIVE,
            "queue_call_back": current is None and bool(held),
            "queue_transfer": state in ACTIVE,
            "queue_finish": state in ACTIVE,
            "queue_pause": True,
            "queue_walk_in": current is None and not paused,
            "queue_check_in": True,
        }
        for name, button in self.buttons.items():
            button.setEnabled(online and enabled[name] and not (self.settling and name in READS_STATUS))
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
            parts.append(ticket_state_label(current.state))
            if current.cases:
                parts.append(fill(self.tr("已关联办件 %1 件"), str(len(current.cases))))
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
                parts.append(fill(self.tr("暂停服务（%1）"), pause_reason_label(status.pause_reason)))
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
