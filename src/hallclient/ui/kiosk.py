"""The ticket kiosk (取号机): a full-screen, touch-first screen in big Chinese text.

Home shows the hall's categories as big buttons (closed ones disabled, 暂停取号), two green-channel
buttons (残疾人, 孕妇) to touch before choosing, and 预约签到 (the booking code on an on-screen keypad).
An ID card swipe checks in today's appointment, or attaches the applicant to the ticket chosen next.
Server calls run on the kiosk's network thread and prints on its printer thread
(:class:`~hallclient.ui.background.Worker`), never on the GUI thread: the number is on screen as soon
as the server answers, and a hung printer never delays the next citizen's ticket. Without the server
the kiosk says so in big text and offers nothing to print; it keeps asking for the hall (a read, safe
to repeat) and comes back by itself, but never repeats a ticket request whose answer was lost.
The grid has 2 columns in portrait, more in landscape; every size scales with the screen (``ui/kiosk_sizes``).
Esc asks for the exit password (``hallclient kiosk --set-exit-password``); ``--windowed`` runs it in a
window that Esc closes, for staff and tests.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QFontMetrics, QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from hallclient.domain.appointments import CODE_ALPHABET, CODE_LENGTH
from hallclient.protocol.accounts import password_matches
from hallclient.protocol.queue import CategoryCount, HallState, TicketOut
from hallclient.sync.kiosk import Applicant, Kiosk, NoHall, Outcome
from hallclient.sync.transport import AnswerLost, Refused, Unreachable
from hallclient.ui.background import Worker
from hallclient.ui.kiosk_keypad import ExitPasswordDialog, Keypad
from hallclient.ui.kiosk_sizes import (
    GRID_SHARE,
    MOST_WAITING,
    KioskSizes,
    category_font_px,
    scale_for,
    sized_font,
    staff_window_size,
    wrap_to_width,
)
from hallclient.ui.labels import fill
from hallclient.ui.widgets import if_alive

log = logging.getLogger("hallclient.ui.kiosk")

RESULT_MS = 8000  # the number stays this long, then home
MESSAGE_MS = 6000  # a refusal or the offline notice after a touch
REFRESH_MS = 15000  # waiting counts while online
RETRY_MS = 5000  # how often an offline kiosk tries the server again
NET_THREAD = "hallclient-kiosk-net"
PRINTER_THREAD = "hallclient-kiosk-printer"


class KioskWindow(QWidget):
    """Signals: outcome_shown(object): a ticket was shown and its slip printed or not (an :class:`Outcome`)."""

    outcome_shown = Signal(object)

    def __init__(
        self,
        kiosk: Kiosk,
        *,
        exit_password: str = "",
        windowed: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.kiosk = kiosk
        self.net = Worker(NET_THREAD, self)
        self.printer = Worker(PRINTER_THREAD, self)
        self.shown_ticket: TicketOut | None = None
        self.exit_password = exit_password
        self.windowed = windowed
        self.hall: HallState | None = None
        self.offline = False
        self.busy = False
        self.applicant: Applicant | None = None
        self.result_ms, self.message_ms, self.refresh_ms, self.retry_ms = RESULT_MS, MESSAGE_MS, REFRESH_MS, RETRY_MS
        self._refreshing = False
        self._columns = 0
        self._notes = {"reader": "", "hall": ""}  # small lines for staff in the footer
        self.setObjectName("kiosk")
        self.setWindowTitle(self.tr("取号机"))
        self.stack = QStackedWidget()
        self.home = self._build_home()
        self.keypad = Keypad(
            self.tr("请输入预约码（8 位）"), CODE_ALPHABET, min_length=CODE_LENGTH, max_length=CODE_LENGTH
        )
        self.keypad.entered.connect(self.check_in_code)
        self.keypad.cancelled.connect(self.go_home)
        self.result = self._build_result()
        self.message_page = QWidget()
        self.message = self._big_label("kioskMessage")
        page = QVBoxLayout(self.message_page)
        page.addStretch(1)
        page.addWidget(self.message)
        page.addStretch(1)
        for widget in (self.home, self.keypad, self.result, self.message_page):
            self.stack.addWidget(widget)
        self.footer = QLabel("")
        self.footer.setObjectName("kioskFooter")
        self.outer = QVBoxLayout(self)
        self.outer.addWidget(self.stack, 1)
        self.outer.addWidget(self.footer)
        self.sizes: KioskSizes | None = None
        self.fit_to(self.screen().geometry().size())
        self.home_timer = QTimer(self)
        self.home_timer.setSingleShot(True)
        self.home_timer.timeout.connect(self.go_home)
        self.refresh_timer = QTimer(self)
        self.refresh_timer.setSingleShot(True)
        self.refresh_timer.timeout.connect(self.refresh)
        self._show_hall()

    # ---- building -------------------------------------------------------------------------------------

    def _big_label(self, name: str, text: str = "") -> QLabel:
        label = QLabel(text)
        label.setObjectName(name)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setWordWrap(True)
        return label

    def _build_home(self) -> QWidget:
        home = QWidget()
        self.title = self._big_label("kioskTitle", self.tr("欢迎取号"))
        self.prompt = self._big_label("kioskPrompt", self.tr("请触摸选择业务；已预约请刷身份证或点“预约签到”"))
        self.banner = self._big_label("kioskBanner")
        self.banner.hide()
        self.forget = QPushButton(self.tr("不是我，取消"))
        self.forget.clicked.connect(lambda _checked=False: self.go_home())
        self.forget.hide()
        self.offline_label = self._big_label("kioskOffline", self.tr("取号服务暂不可用，请到咨询台"))
        self.offline_label.hide()
        self.grid_host = QWidget()
        self.grid = QGridLayout(self.grid_host)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.category_buttons: dict[str, QPushButton] = {}
        self.disabled = QPushButton(self.tr("残疾人优先"))
        self.pregnant = QPushButton(self.tr("孕妇优先"))
        for button in (self.disabled, self.pregnant):
            button.setCheckable(True)
            button.toggled.connect(lambda checked, chosen=button: self._green_toggled(chosen, checked))
        self.appointment = QPushButton(self.tr("预约签到"))
        self.appointment.clicked.connect(lambda _checked=False: self.show_keypad())
        self.bottom = QHBoxLayout()
        for button in (self.disabled, self.pregnant, self.appointment):
            self.bottom.addWidget(button)
        self.swiped = QHBoxLayout()  # side by side: a row of its own would push the grid off a landscape screen
        self.swiped.addWidget(self.banner, 1)
        self.swiped.addWidget(self.forget)
        self.home_layout = layout = QVBoxLayout(home)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.prompt)
        layout.addLayout(self.swiped)
        layout.addWidget(self.offline_label, 1)
        layout.addWidget(self.grid_host, 1)
        layout.addLayout(self.bottom)
        return home

    def _build_result(self) -> QWidget:
        page = QWidget()
        self.number = self._big_label("kioskNumber")
        self.category_label = self._big_label("kioskMessage")
        self.ahead = self._big_label("kioskPrompt")
        self.print_note = self._big_label("kioskNote")
        done = QPushButton(self.tr("完成"))
        done.clicked.connect(lambda _checked=False: self.go_home())
        self.result_layout = layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addStretch(1)
        layout.addWidget(self._big_label("kioskPrompt", self.tr("您的号码")))
        for widget in (self.number, self.category_label, self.ahead, self.print_note):
            layout.addWidget(widget)
        layout.addStretch(1)
        layout.addWidget(done)
        return page

    # ---- the hall ---------------------------------------------------------------------------------------

    def present(self) -> None:
        """Show the kiosk: a staff window when ``windowed``, else the whole screen.

        The sizes fit the screen before it is shown (a layout taller than the screen would grow the window
        past it and drop the full-screen state), and the geometry is set to the screen's too: without a
        window manager (a bare X session, a shell replacement) ``showFullScreen`` alone leaves a small
        window in a corner.
        """
        screen = self.screen()
        if self.windowed:
            size = staff_window_size(screen.availableGeometry().size())
            self.fit_to(size)
            self.resize(size)
            self.show()
            return
        self.fit_to(screen.geometry().size())
        self.setGeometry(screen.geometry())
        self.showFullScreen()

    def fit_to(self, size: QSize) -> None:
        """Scale fonts, buttons, paddings and gaps to a window of ``size`` (``ui/kiosk_sizes``), and lay
        the categories out for it."""
        sizes = KioskSizes(scale_for(size))
        if sizes != self.sizes:
            self.sizes = sizes
            self.setStyleSheet(sizes.style_sheet())
            self.outer.setContentsMargins(sizes.margin, sizes.margin, sizes.margin, sizes.margin)
            for layout in (self.outer, self.home_layout, self.bottom, self.swiped, self.result_layout):
                layout.setSpacing(sizes.spacing)
            self.grid.setSpacing(sizes.grid_spacing)
        self._fill_grid(size)

    def start(self) -> None:
        """First fetch of the hall; later ones follow by themselves (``refresh_ms`` / ``retry_ms``)."""
        self.refresh()

    def refresh(self) -> None:
        if self._refreshing or self.net.closed:
            return
        self._refreshing = True
        self.net.submit(self.kiosk.hall, self._hall_loaded, self._hall_failed)

    @if_alive
    def _hall_loaded(self, hall: HallState) -> None:
        self._refreshing = False
        if self.offline:
            log.info("kiosk: server reachable again")
        elif self.hall is None:
            log.info("kiosk: hall %s loaded (%d categories)", hall.hall, len(hall.categories))
        self.hall, self.offline = hall, False
        self._note("hall", "")
        self._show_hall()
        self.refresh_timer.start(self.refresh_ms)

    @if_alive
    def _hall_failed(self, error: BaseException) -> None:
        self._refreshing = False
        if not self.offline:  # once per outage, not once per retry
            log.warning("kiosk: hall not loaded: %s", error)
        self.offline = True
        self._note("hall", str(error) if isinstance(error, NoHall) else "")
        self._show_hall()
        self.refresh_timer.start(self.retry_ms)

    def _show_hall(self) -> None:
        offline = self.offline or self.hall is None
        self.offline_label.setVisible(self.offline)
        self.grid_host.setVisible(not offline)
        for button in (self.disabled, self.pregnant, self.appointment):
            button.setEnabled(not offline)
        if self.hall is not None:
            self.title.setText(self.hall.name)
            self._fill_grid(self.size(), force=True)

    def _fill_grid(self, size: QSize, *, force: bool = False) -> None:
        """The category buttons, laid out in the columns a window of ``size`` has; their texts fitted."""
        columns = self.columns(size)
        if self.hall is None:
            return
        if columns != self._columns or force:
            self._columns = columns
            while self.grid.count():
                item = self.grid.takeAt(0)
                if item is not None and (widget := item.widget()) is not None:
                    widget.hide()  # now: deleteLater waits for the event loop
                    widget.deleteLater()
            self.category_buttons = {}
            for index, category in enumerate(self.hall.categories):
                button = QPushButton()
                button.setObjectName("category")
                button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
                button.setEnabled(category.open)
                button.clicked.connect(lambda _checked=False, code=category.category: self.take(code))
                self.grid.addWidget(button, index // columns, index % columns)
                self.category_buttons[category.category] = button
        self._fit_categories(size)

    def _fit_categories(self, size: QSize) -> None:
        """One font for all category buttons, the largest at which each text, wrapped to its column, fits
        the row's share of the height (``GRID_SHARE``), so many categories never push the screen past
        its bottom; the number waiting is counted at its widest, so a new ticket does not resize them."""
        if self.hall is None or self.sizes is None or not self.category_buttons:
            return
        sizes, columns = self.sizes, self._columns
        rows = -(-len(self.hall.categories) // columns)
        cell = QSize(
            (size.width() - 2 * sizes.margin - (columns - 1) * sizes.grid_spacing) // columns,
            (int(size.height() * GRID_SHARE) - (rows - 1) * sizes.grid_spacing) // rows,
        )
        frame = 2 * sizes.button_frame
        inside = QSize(cell.width() - frame - sizes.px(8), cell.height() - frame)
        widest = [
            self._category_text(category.model_copy(update={"waiting": MOST_WAITING}))
            for category in self.hall.categories
        ]
        pixels = category_font_px(widest, self.font(), sizes, inside)
        metrics = QFontMetrics(sized_font(self.font(), pixels))
        for category in self.hall.categories:
            button = self.category_buttons[category.category]
            lines = wrap_to_width(self._category_text(category), metrics, inside.width())
            button.setText("\n".join(lines))
            button.setStyleSheet(f"font-size: {pixels}px;")
            button.setMinimumHeight(min(sizes.px(220), cell.height()))
            button.setMaximumHeight(max(sizes.px(300), len(lines) * metrics.lineSpacing() + frame))

    def _category_text(self, category: CategoryCount) -> str:
        if not category.open:
            return fill(self.tr("%1  %2\n暂停取号"), category.category, category.name)
        return fill(self.tr("%1  %2\n等候 %3 人"), category.category, category.name, category.waiting)

    def columns(self, size: QSize | None = None) -> int:
        """2 columns in portrait (1080×1920), 3 in landscape (1920×1080), 4 when a landscape hall has many."""
        size = self.size() if size is None else size
        if size.height() > size.width():
            return 2
        count = len(self.hall.categories) if self.hall else 0
        return 4 if count > 9 else 3

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_to(event.size())

    # ---- the citizen's touches ----------------------------------------------------------------------------

    def _green_toggled(self, chosen: QPushButton, checked: bool) -> None:
        """One green-channel reason at a time (a second touch on it takes it back)."""
        if checked:
            other = self.pregnant if chosen is self.disabled else self.disabled
            other.setChecked(False)

    def take(self, category: str) -> None:
        disabled, pregnant, applicant = self.disabled.isChecked(), self.pregnant.isChecked(), self.applicant
        self._run(lambda: self.kiosk.take(category, applicant, disabled=disabled, pregnant=pregnant))

    def show_keypad(self) -> None:
        self.keypad.reset()
        self.stack.setCurrentWidget(self.keypad)
        self.home_timer.start(self.result_ms * 4)  # a keypad left alone goes home too

    def check_in_code(self, code: str) -> None:
        self._run(lambda: self.kiosk.check_in_code(code))

    def card_read(self, card: dict[str, Any], _raw: bytes = b"") -> None:
        """A swipe: today's appointment becomes a ticket, else the categories with the applicant attached."""
        id_number, name = str(card.get("id_number", "")), str(card.get("name", ""))
        if self.busy or not id_number:
            return
        if self.offline:
            self._say(self.tr("取号服务暂不可用，请到咨询台"))
            return
        applicant = Applicant(id_number=id_number, name=name)
        self._run(lambda: self.kiosk.check_in_card(applicant), applicant=applicant)

    def _run(self, work: Callable[[], TicketOut | None], applicant: Applicant | None = None) -> None:
        """One request to the server (never repeated by the kiosk itself), then the number and its slip."""
        if self.busy:
            return
        self.busy = True
        self.home_timer.stop()
        self._say(self.tr("正在取号，请稍候…"), go_home=False)
        self.net.submit(work, lambda ticket: self._issued(ticket, applicant), self._failed)

    @if_alive
    def _issued(self, ticket: TicketOut | None, applicant: Applicant | None) -> None:
        self.busy = False
        if ticket is None:  # a swipe without an appointment today: choose, with the applicant attached
            self.go_home()
            self.applicant = applicant
            assert applicant is not None
            self.banner.setText(fill(self.tr("%1，您今天没有预约，请选择业务取号"), applicant.name))
            self.banner.show()
            self.forget.show()
            self.home_timer.start(self.result_ms * 4)
            return
        self.show_ticket(ticket)
        self.printer.submit(
            lambda: self.kiosk.print_slip(ticket),
            lambda error: self._printed(ticket, error),
            lambda crash: self._printed(ticket, f"{type(crash).__name__}: {crash}"),
        )

    def show_ticket(self, ticket: TicketOut) -> None:
        """The number, big, as soon as the server issued it; the slip's fate follows (``_printed``)."""
        self.shown_ticket = ticket
        self.number.setText(ticket.number)
        green = fill(self.tr("（绿色通道：%1）"), ticket.green_reason) if ticket.green else ""
        self.category_label.setText(ticket.category_name + green)
        self.ahead.setText(fill(self.tr("您前面还有 %1 人"), ticket.waiting_before))
        self.print_note.setText(self.tr("正在打印号票…"))
        self.stack.setCurrentWidget(self.result)
        self.home_timer.start(self.result_ms)
        self.refresh()  # the waiting counts changed

    @if_alive
    def _printed(self, ticket: TicketOut, print_error: str) -> None:
        if print_error:
            log.warning("kiosk: %s", print_error)
        if self.shown_ticket is ticket:  # a late slip never writes over the next citizen's number
            if print_error:
                self.print_note.setText(
                    self.tr("号票未能打印：请记下您的号码，或请工作人员帮助。您的号已排上，请留意叫号。")
                )
            else:
                self.print_note.setText(self.tr("请取走号票，留意叫号"))
        self.outcome_shown.emit(Outcome(ticket, print_error))

    @if_alive
    def _failed(self, error: BaseException) -> None:
        self.busy = False
        if isinstance(error, Unreachable):  # out of service until the hall loads again (refresh_timer)
            self.offline = True
            self._show_hall()
            self.refresh_timer.start(self.retry_ms)
        if isinstance(error, AnswerLost):  # the ticket may exist: asking again could issue a second one
            log.warning("kiosk: no answer to a ticket request: %s", error)
            self._say(self.tr("未收到服务器应答，您的号可能已经生成。请不要重复取号，请到咨询台"))
        elif isinstance(error, Unreachable):
            self._say(self.tr("取号服务暂不可用，请到咨询台"))
        elif isinstance(error, Refused):
            self._say(error.detail)  # the server's one sentence: closed category, code used, too early/late
        else:
            log.warning("kiosk: %s", error)
            self._say(str(error) or self.tr("取号失败，请到咨询台"))

    def _say(self, text: str, *, go_home: bool = True) -> None:
        self.message.setText(text)
        self.stack.setCurrentWidget(self.message_page)
        if go_home:
            self.home_timer.start(self.message_ms)

    def go_home(self) -> None:
        """Back to the categories, forgetting the last citizen (card, green-channel choice, typed code)."""
        self.home_timer.stop()
        self.shown_ticket = None
        self.applicant = None
        self.banner.hide()
        self.forget.hide()
        self.disabled.setChecked(False)
        self.pregnant.setChecked(False)
        self.keypad.reset()
        self.stack.setCurrentWidget(self.home)

    def set_reader_state(self, text: str, ok: object, detail: str) -> None:
        """A reader that does not work is shown small at the bottom (for staff); a working one not at all."""
        self._note("reader", "" if ok is not False else fill(self.tr("身份证阅读器：%1 %2"), text, detail))

    def _note(self, kind: str, text: str) -> None:
        self._notes[kind] = text
        self.footer.setText("  ".join(note for note in self._notes.values() if note))

    # ---- staff -----------------------------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.ask_to_exit()
            return
        super().keyPressEvent(event)

    def ask_to_exit(self) -> None:
        """Esc: windowed closes at once; full screen asks for the exit password."""
        if self.windowed:
            self.close()
            return
        if not self.exit_password:
            self._say(self.tr("未设置退出密码：请用 hallclient kiosk --set-exit-password 设置"))
            return
        dialog = ExitPasswordDialog(self)
        if dialog.exec() and password_matches(self.exit_password, dialog.password()):
            self.close()
        elif dialog.result():
            self._say(self.tr("密码错误"))

    def shutdown(self) -> None:
        """At exit: no new request; the request and the print under way finish (a slip is never cut off)."""
        self.home_timer.stop()
        self.refresh_timer.stop()
        self.net.shutdown()
        self.printer.shutdown()
