"""The main window: sign-in/lock page, the intake workspace and the case list, menus, status bar.

The sign-in page shows first; the work screens (which pull in the services) are built once the store is
open, while the clerk types the password, so start-up costs about as much as a bare Qt window.
Language switches rebuild the widgets (every text is set once, in the constructors), keeping the
signed-in clerk; a half-filled intake is never thrown away for it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QMainWindow, QMenu, QMenuBar, QStackedWidget, QWidget

from hallclient.ui import setup
from hallclient.ui.context import AppContext
from hallclient.ui.firstpaint import after_first_paint
from hallclient.ui.login import LoginPage
from hallclient.ui.printadapter import PrintAdapter
from hallclient.ui.statusbar import HallStatusBar
from hallclient.ui.textfill import fill

if TYPE_CHECKING:  # the work screens import the services; they are built after the first window shows
    from PySide6.QtGui import QCloseEvent
    from PySide6.QtWidgets import QTabWidget

    from hallclient.services.context import Actor
    from hallclient.ui.assistance import AssistanceDialog
    from hallclient.ui.calling import QueueLink
    from hallclient.ui.casedetail import CaseDetailDialog
    from hallclient.ui.caselist import CaseListPage
    from hallclient.ui.dayclose import DayCloseDialog
    from hallclient.ui.enquiry import EnquiryDialog
    from hallclient.ui.helpoverlay import HelpOverlay
    from hallclient.ui.intake import IntakeWorkspace
    from hallclient.ui.ops import Changes
    from hallclient.ui.rating import RatingWindow
    from hallclient.ui.supervisor.hall_view import HallViewWindow
    from hallclient.ui.supervisor.window import SupervisorWindow
    from hallclient.ui.syncstatus import SyncAdapter


def _delete_on_close() -> Qt.WidgetAttribute:
    """``Qt`` is imported where used: the first touch of that namespace builds all its enums (~13 ms)."""
    from PySide6.QtCore import Qt

    return Qt.WidgetAttribute.WA_DeleteOnClose


def _user_role(offset: int) -> int:
    from PySide6.QtCore import Qt

    return int(Qt.ItemDataRole.UserRole) + offset


class _ActivityWatch(QObject):
    """Restarts the lock timer on any key or mouse activity anywhere in the application.

    Installed with the first sign-in, not at start-up: an application-wide Python filter sees every
    event, and before the first paint that is hundreds of them (see ``bench/cold_start.py``).
    """

    def __init__(self, timer: QTimer) -> None:
        super().__init__(timer)
        self._timer = timer
        kinds = QEvent.Type
        self._activity = frozenset({kinds.KeyPress, kinds.MouseButtonPress, kinds.MouseMove, kinds.Wheel})

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
        if self._timer.isActive() and event.type() in self._activity:
            self._timer.start()
        return False


class MainWindow(QMainWindow):
    """Signals: language_changed(str): the UI language was switched (the app saves it to the config).

    ``demo_accounts`` (``hallclient.demo.DEMO_USERS`` under ``--demo``) are shown on every sign-in page
    this window builds, also after a language switch.
    """

    language_changed = Signal(str)

    def __init__(
        self,
        ctx: AppContext,
        *,
        printing: PrintAdapter | None = None,
        save_language: Callable[[str], None] | None = None,
        demo_accounts: Sequence[tuple[str, str, str, str]] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.demo_accounts = tuple(demo_accounts)
        self.status = HallStatusBar(self)
        self.setStatusBar(self.status)
        self._printing: PrintAdapter | None = None
        if printing is not None:
            self._attach_printing(printing)
        self._save_language = save_language
        self.details: dict[str, CaseDetailDialog] = {}
        self.rating_window: RatingWindow | None = None
        self.enquiry_dialog: EnquiryDialog | None = None
        self.assistance_dialog: AssistanceDialog | None = None
        self.supervisor_window: SupervisorWindow | None = None
        self.hall_view: HallViewWindow | None = None
        self.day_close_dialog: DayCloseDialog | None = None
        self._sync: SyncAdapter | None = None
        self._queue: QueueLink | None = None
        self.lock_timer = QTimer(self)
        self.lock_timer.setSingleShot(True)
        self.lock_timer.timeout.connect(self.lock)
        self._watch: _ActivityWatch | None = None
        self._menus_built = False
        self._hidden_by_lock: list[QWidget] = []
        ctx.tasks.busy.connect(self.status.set_busy)
        ctx.tasks.failed.connect(lambda text: self.status.showMessage(text, 8000))
        ctx.actor_changed.connect(self.status.set_clerk)
        ctx.ready.connect(lambda: self.status.set_window(ctx.settings.window))
        ctx.ready.connect(self._show_site)
        ctx.ready.connect(self._show_calendar_coverage)
        ctx.calendar_changed.connect(self._show_calendar_coverage)
        ctx.ready.connect(lambda: QTimer.singleShot(0, self, self._ensure_work))
        self.status.printer.clicked.connect(self.open_print_queue)
        self.status.sync.clicked.connect(self.open_sync)
        ctx.changed.connect(self._committed)
        if ctx.is_ready:  # printing and sync load with the store, not before the sign-in page is painted
            self._start_sync()
            _ = self.printing
            QTimer.singleShot(0, self, self._start_calling)
        else:
            ctx.ready.connect(self._start_sync)
            ctx.ready.connect(lambda: self.printing)
            ctx.ready.connect(self._start_calling)
        self.resize(1366, 800)
        self._build()

    # -- construction (again after a language switch) -----------------------------------------------
    def _build(self) -> None:
        self.setWindowTitle(self.tr("政务服务综合窗口 — hallclient"))
        self.stack = QStackedWidget(self)
        self.login = LoginPage(self.ctx, setup.current_language(), self.stack, demo_accounts=self.demo_accounts)
        self.stack.addWidget(self.login)
        self._tabs: QTabWidget | None = None
        self._intake: IntakeWorkspace | None = None
        self._cases: CaseListPage | None = None
        self.setCentralWidget(self.stack)
        self._help: HelpOverlay | None = None
        self.login.signed_in.connect(self._signed_in)
        self.login.switch_requested.connect(self.switch_clerk)
        self.login.language_requested.connect(self.set_language)
        self._build_menus()
        self.status.set_clerk(self.ctx.actor)
        self.status.set_window(self.ctx.settings.window)
        self.status.set_busy("")
        if self.ctx.is_ready:
            self._show_calendar_coverage()
        if self.ctx.actor is not None:
            self.stack.setCurrentWidget(self.tabs)
            self.intake.applicant.focus_first()
        else:
            self.stack.setCurrentWidget(self.login)
            self.login.focus()
            if self.ctx.is_ready:
                QTimer.singleShot(0, self, self._ensure_work)

    def _show_calendar_coverage(self) -> None:
        from hallclient.ui.labels import calendar_warning

        missing = self.ctx.calendar.missing_years(self.ctx.today())
        self.status.set_calendar_warning(missing, calendar_warning(missing))

    def _ensure_work(self) -> tuple[QTabWidget, IntakeWorkspace, CaseListPage]:
        """Build the intake workspace and case list on first need (after the sign-in page is up)."""
        if self._tabs is None or self._intake is None or self._cases is None:
            from PySide6.QtWidgets import QTabWidget

            from hallclient.ui.caselist import CaseListPage
            from hallclient.ui.intake import IntakeWorkspace

            tabs = QTabWidget(self.stack)
            intake = IntakeWorkspace(self.ctx, tabs)
            tabs.addTab(intake, self.tr("受理"))
            cases = CaseListPage(self.ctx, tabs)
            tabs.addTab(cases, self.tr("办件查询 [F11]"))
            self.stack.addWidget(tabs)
            intake.message.connect(lambda text: self.status.showMessage(text, 10000))
            intake.calling.message.connect(lambda text: self.status.showMessage(text, 10000))
            intake.calling.state_changed.connect(self.status.set_queue_state)
            if self._queue is not None:
                intake.calling.attach(self._queue)
            cases.open_case.connect(self.open_case)
            self._tabs, self._intake, self._cases = tabs, intake, cases
        return self._tabs, self._intake, self._cases

    @property
    def help(self) -> HelpOverlay:
        """The F1 overlay, built on first use."""
        if self._help is None:
            from hallclient.ui.helpoverlay import HelpOverlay

            self._help = HelpOverlay(self.stack)
        return self._help

    def _attach_printing(self, printing: PrintAdapter) -> PrintAdapter:
        printing.state_changed.connect(self.status.set_printer_state)
        printing.message.connect(lambda text: self.status.showMessage(text, 15000))
        self._printing = printing
        return printing

    @property
    def printing(self) -> PrintAdapter:
        """The print queue adapter; created once the store is open (it starts the queue then)."""
        if self._printing is None:
            from hallclient.ui.printing import QueuePrinting

            return self._attach_printing(QueuePrinting(self.ctx, self))
        return self._printing

    def _start_sync(self) -> SyncAdapter:
        if self._sync is None:
            from hallclient.ui.syncstatus import SyncAdapter

            self._sync = SyncAdapter(self.ctx, self.status, self)
        return self._sync

    def _start_calling(self) -> None:
        """The calling strip's network thread, when this PC is enrolled with a server (the queue lives there)."""
        settings = self.ctx.settings
        if self._queue is not None or not (settings.server_url and settings.device_token):
            return
        from hallclient.ui.calling import QueueLink

        self._queue = QueueLink(settings, self)
        if self._intake is not None:
            self._intake.calling.attach(self._queue)

    @property
    def sync(self) -> SyncAdapter:
        """The uploader (or the local unsynced count), started once the store is open."""
        return self._start_sync()

    def _committed(self, changes: Changes) -> None:
        """Every write op ends here: its slips are watched by printing, its events are uploaded soon."""
        if self._printing is not None or self.ctx.is_ready:
            self.printing.committed(changes)
        if changes.events:
            self.local_write()

    def local_write(self) -> None:
        """Something was committed locally: upload it soon, refresh the unsynced count."""
        if self.ctx.is_ready:
            self.sync.after_write()

    @property
    def tabs(self) -> QTabWidget:
        return self._ensure_work()[0]

    @property
    def intake(self) -> IntakeWorkspace:
        return self._ensure_work()[1]

    @property
    def cases(self) -> CaseListPage:
        return self._ensure_work()[2]

    def _build_menus(self) -> None:
        """The menus, from the screen registry; on the very first build the shortcuts are set right after the
        first paint, because ``setShortcut`` builds all of Qt's namespace enums (~13 ms, bench/cold_start.py)."""
        from hallclient.ui.screens import MENUS, SCREENS

        bar = self.menuBar()
        bar.clear()
        self._drop_menus(bar)
        self.actions_by_name: dict[str, QAction] = {}
        shortcuts: list[tuple[str, str]] = []
        menus = {key: bar.addMenu(label()) for key, label in MENUS}
        for screen in SCREENS:
            action = QAction(screen.label(), self)
            if screen.shortcut:  # in the default context, Qt.WindowShortcut
                shortcuts.append((screen.name, screen.shortcut))
            action.triggered.connect(lambda _checked=False, chosen=screen: self._open_screen(chosen.name))
            menus[screen.menu].addAction(action)
            self.actions_by_name[screen.name] = action
        self._enable_screens(locked=False)

        def set_shortcuts() -> None:
            for name, key in shortcuts:  # the actions of the latest build (a rebuild may precede the first paint)
                self.actions_by_name[name].setShortcut(QKeySequence(key))

        if self._menus_built:
            set_shortcuts()
        else:
            self._menus_built = True
            after_first_paint(self, set_shortcuts)

    def _drop_menus(self, bar: QMenuBar) -> None:
        """The menus and actions of the previous build (sign-in, sign-out, language) go: ``clear`` only takes
        them off the bar, and kept alive their shortcuts would stay registered twice."""
        for action in getattr(self, "actions_by_name", {}).values():
            action.setShortcuts([])
            action.deleteLater()
        for menu in bar.findChildren(QMenu, options=Qt.FindChildOption.FindDirectChildrenOnly):
            menu.deleteLater()

    def may_open(self, name: str, *, locked: bool = False) -> bool:
        """Whether the registry allows ``name`` now: signed in, the role's permission, not hidden by the lock."""
        from hallclient.ui.screens import BY_NAME

        screen = BY_NAME[name]
        if not screen.needs_sign_in:
            return True
        actor = self.ctx.actor
        if actor is None:
            return False
        if locked and not screen.during_lock:
            return False
        if screen.permission is not None:
            from hallclient.services.roles import Permission, may

            return may(actor, Permission(screen.permission))
        return True

    def _enable_screens(self, *, locked: bool) -> None:
        for name, action in self.actions_by_name.items():
            action.setEnabled(self.may_open(name, locked=locked))

    def _open_screen(self, name: str) -> object:
        from hallclient.ui.screens import BY_NAME

        if not self.may_open(name, locked=self.login.locked_as is not None):
            return None
        return BY_NAME[name].open(self)

    def session_windows(self) -> list[QWidget]:
        """Every top-level window of the session besides this one (details, rating, supervision, queues …)."""
        app = QApplication.instance()
        if not isinstance(app, QApplication):
            return []
        return [widget for widget in app.topLevelWidgets() if widget is not self and widget.isWindow()
                and widget.isVisible()]  # fmt: skip

    # -- session ------------------------------------------------------------------------------------
    def _show_site(self) -> None:
        """站点 in the status bar, as the server told this PC (enrolment, then the feed)."""
        from hallclient.services.sites import site_of
        from hallclient.ui.ops import QueryOp

        QueryOp(self.ctx, parent=self, fn=lambda services: site_of(services.store)).success(
            lambda site: self.status.set_site(*site)
        ).run()

    def _signed_in(self, actor: Actor) -> None:
        self._show_site()  # a move to another site arrives by sync: shown from the next sign-in on
        was_locked = self.login.locked_as is not None
        from hallclient.services import attendance
        from hallclient.ui.attendance import record_change

        if was_locked:
            for widget in self._hidden_by_lock:
                if shiboken6.isValid(widget):
                    widget.show()
            self._hidden_by_lock = []
            record_change(self.ctx, actor, attendance.record_unlocked)
        else:
            self.ctx.sign_in(actor)
            record_change(self.ctx, actor, attendance.record_signed_in)
            self.intake.new_intake()
            self._load_usage(actor)
        self.login.set_locked(None)
        self._build_menus()
        self.stack.setCurrentWidget(self.tabs)
        self.tabs.setCurrentWidget(self.intake)
        self.intake.applicant.focus_first()
        self._restart_lock_timer()
        if not was_locked:
            self.cases.model.refresh()
        self._show_calendar_coverage()  # the date moves on while the app stays open (1 November)
        self.status.showMessage(fill(self.tr("%1 已登录"), actor.display_name), 5000)

    def _load_usage(self, actor: Actor) -> None:
        from hallclient.services import queries
        from hallclient.ui.ops import QueryOp

        def done(usage: dict[str, float]) -> None:
            self.ctx.index.set_usage(usage)
            self.intake.search.search(self.intake.search.box.text())

        QueryOp(self.ctx, parent=self, fn=lambda services: queries.usage_of(services, actor.user_id)).success(
            done
        ).run()

    def _restart_lock_timer(self) -> None:
        minutes = self.ctx.settings.lock_minutes
        if minutes > 0 and self.ctx.actor is not None:
            app = QApplication.instance()
            if self._watch is None and app is not None:
                self._watch = _ActivityWatch(self.lock_timer)
                app.installEventFilter(self._watch)
            self.lock_timer.start(minutes * 60_000)
        else:
            self.lock_timer.stop()

    def lock(self) -> None:
        """Hide the work behind the lock screen: every other window of the session is hidden too (and shown
        again when the same clerk unlocks); the form stays as it was."""
        if self.ctx.actor is None:
            return
        self.lock_timer.stop()
        if self.login.locked_as is None:
            from hallclient.services import attendance
            from hallclient.ui.attendance import record_change

            record_change(self.ctx, self.ctx.actor, attendance.record_locked)
            self._hidden_by_lock = self.session_windows()
            for widget in self._hidden_by_lock:
                widget.hide()
        self.login.set_locked(self.ctx.actor)
        self.stack.setCurrentWidget(self.login)
        self._enable_screens(locked=True)
        self.login.focus()

    def switch_clerk(self) -> None:
        """Sign out so another clerk can sign in; nothing half-filled is carried over to them."""
        self.lock_timer.stop()
        self._close_session_windows()
        self._record_sign_out()
        self.ctx.sign_out()
        self.intake.new_intake()
        self.intake.last_result = None  # the next clerk's rating invitation must not be this case
        self.login.set_locked(None)
        self.login.username.clear()
        self._build_menus()
        self.stack.setCurrentWidget(self.login)
        self.login.focus()

    # -- language -----------------------------------------------------------------------------------
    def set_language(self, language: str) -> bool:
        if language == setup.current_language():
            return True
        if self.ctx.actor is not None and self.intake.is_dirty():
            self.status.showMessage(self.tr("请先完成或清空（F5）当前受理，再切换语言"), 8000)
            return False
        app = QApplication.instance()
        if app is None or not setup.install_language(app, language):
            self.status.showMessage(self.tr("没有该语言的翻译文件"), 8000)
            return False
        locked = self.login.locked_as
        for dialog in list(self.details.values()):
            dialog.close()
        old = self.centralWidget()
        self._build()
        if old is not None:
            old.deleteLater()
        if locked is not None:
            self.lock()
        if self._printing is not None:  # the status bar's device words in the new language
            self._printing.refresh_state()
        if self._sync is not None:
            self._sync.refresh()
        if self._save_language is not None:
            self._save_language(language)
        self.language_changed.emit(language)
        return True

    # -- work ---------------------------------------------------------------------------------------
    def show_intake(self) -> None:
        if self.ctx.actor is not None:
            self.stack.setCurrentWidget(self.tabs)
            self.tabs.setCurrentWidget(self.intake)
            self.intake.applicant.focus_first()

    def open_bundle(self) -> None:
        """一件事一次办 from the menu: the intake screen, then the bundle picker (ui/bundle_intake.py)."""
        if self.ctx.actor is not None:
            self.show_intake()
            self.intake.choose_bundle()

    def show_cases(self) -> None:
        if self.ctx.actor is not None:
            self.stack.setCurrentWidget(self.tabs)
            self.tabs.setCurrentWidget(self.cases)
            self.cases.focus()

    def open_case(self, case_id: str) -> CaseDetailDialog | None:
        if not case_id or self.ctx.actor is None:
            return None
        from hallclient.ui.casedetail import CaseDetailDialog

        dialog = self.details.get(case_id)
        if dialog is None:
            dialog = CaseDetailDialog(self.ctx, case_id, self)
            dialog.setAttribute(_delete_on_close(), True)
            dialog.destroyed.connect(lambda _obj=None, cid=case_id: self.details.pop(cid, None))
            dialog.reprint_requested.connect(lambda cid: self.printing.reprint(cid))
            dialog.rate_requested.connect(self.open_rating)
            self.details[case_id] = dialog
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()
        return dialog

    def open_enquiry(self) -> EnquiryDialog | None:
        if self.ctx.actor is None:
            return None
        from hallclient.ui.enquiry import EnquiryDialog

        dialog = EnquiryDialog(self.ctx, self)
        dialog.setAttribute(_delete_on_close(), True)
        dialog.recorded.connect(lambda _id: self.status.showMessage(self.tr("首问登记已保存"), 5000))
        self.enquiry_dialog = dialog
        dialog.open()
        return dialog

    def open_assistance(self) -> AssistanceDialog | None:
        """帮办代办 without a case: one keystroke, a tiny dialog, a confirmation in the status bar."""
        if self.ctx.actor is None:
            return None
        from hallclient.ui.assistance import AssistanceDialog, kind_label

        dialog = AssistanceDialog(self.ctx, self)
        dialog.setAttribute(_delete_on_close(), True)
        dialog.recorded.connect(
            lambda kind: self.status.showMessage(fill(self.tr("已记录帮办代办：%1"), kind_label(kind)), 5000)
        )
        self.assistance_dialog = dialog
        dialog.open()
        return dialog

    def open_rating(self, case_id: str | None = None, case_no: str = "") -> RatingWindow | None:
        if self.ctx.actor is None:
            return None
        if self.rating_window is not None:
            self.rating_window.close()
        from hallclient.ui.rating import RatingWindow

        window = RatingWindow(self.ctx, case_id, case_no)
        window.setAttribute(_delete_on_close(), True)
        window.destroyed.connect(lambda _obj=None: setattr(self, "rating_window", None))
        window.rated.connect(lambda _level: self.status.showMessage(self.tr("评价已记录"), 5000))
        self.rating_window = window
        window.present()
        return window

    def rate_last(self) -> None:
        result = self._intake.last_result if self._intake is not None else None
        self.open_rating(result.case_id if result else None, result.case_no if result else "")

    def print_last(self) -> None:
        if self.tabs.currentWidget() is self.cases:
            case_id = self.cases.table.currentIndex().data(_user_role(1))
            if case_id:
                self.printing.reprint(case_id)
                return
        result = self.intake.last_result
        if result is not None:
            self.printing.reprint(result.case_id)

    def open_guide(self) -> object:
        """打印办事指南 for the matter the intake's search shows (``ui/guide.py``)."""
        if self.ctx.actor is None or not self.ctx.is_ready:
            return None
        self.tabs.setCurrentWidget(self.intake)
        return self.intake.open_guide()

    def open_print_queue(self) -> object:
        if self.ctx.actor is None or not self.ctx.is_ready:
            return None
        panel = self.printing.open_panel()
        if panel is None:
            self.status.showMessage(self.tr("未配置打印机：Ctrl+P 查看小票预览"), 8000)
        return panel

    def open_sync(self) -> object:
        if self.ctx.actor is None or not self.ctx.is_ready:
            return None
        return self.sync.open_quarantine(self)

    def open_supervisor(self) -> SupervisorWindow | None:
        """Tallies and the complaint register, for supervisors (the services refuse everyone else too)."""
        actor = self.ctx.actor
        if actor is None or not self.ctx.is_ready or not self.may_open("supervisor"):
            return None
        if self.supervisor_window is None:
            from hallclient.ui.supervisor import SupervisorWindow

            window = SupervisorWindow(self.ctx, actor)
            window.setAttribute(_delete_on_close(), True)
            window.destroyed.connect(lambda _obj=None: setattr(self, "supervisor_window", None))
            window.exported.connect(lambda path: self.status.showMessage(fill(self.tr("已导出：%1"), path)))
            window.resize(1200, 760)
            self.supervisor_window = window
        self.supervisor_window.show()
        self.supervisor_window.raise_()
        self.supervisor_window.activateWindow()
        return self.supervisor_window

    def open_hall_view(self) -> HallViewWindow | None:
        """The live hall (waiting per category, each window's state), for supervisors; read from the server."""
        actor = self.ctx.actor
        if actor is None or not self.ctx.is_ready or not self.may_open("hall_view"):
            return None
        if self.hall_view is None:
            from hallclient.ui.supervisor.hall_view import HallViewWindow

            view = HallViewWindow(self.ctx, actor)
            view.setAttribute(_delete_on_close(), True)
            view.destroyed.connect(lambda _obj=None: setattr(self, "hall_view", None))
            view.resize(900, 520)
            self.hall_view = view
        self.hall_view.show()
        self.hall_view.raise_()
        return self.hall_view

    def open_day_close(self) -> DayCloseDialog | None:
        actor = self.ctx.actor
        if actor is None or not self.ctx.is_ready:
            return None
        from hallclient.ui.dayclose import DayCloseDialog

        if self.day_close_dialog is not None:
            self.day_close_dialog.close()
        dialog = DayCloseDialog(self.ctx, actor, self)
        dialog.setAttribute(_delete_on_close(), True)
        dialog.destroyed.connect(lambda _obj=None: setattr(self, "day_close_dialog", None))
        dialog.closed.connect(lambda _result: self.status.showMessage(self.tr("日结已签署"), 8000))
        self.day_close_dialog = dialog
        dialog.show()
        return dialog

    def open_log(self) -> QWidget:
        from hallclient.ui.logviewer import LogViewerDialog

        dialog = LogViewerDialog(self)
        dialog.setAttribute(_delete_on_close(), True)
        dialog.show()
        return dialog

    # -- shutdown -----------------------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:
        app = QApplication.instance()
        if app is not None and self._watch is not None:
            app.removeEventFilter(self._watch)
        self._close_session_windows()
        self.lock_timer.stop()
        self._record_sign_out()  # closing signs out; queued work finishes before the store closes
        self.shutdown()
        event.accept()

    def _record_sign_out(self) -> None:
        from hallclient.services import attendance
        from hallclient.ui.attendance import record_change

        if self.ctx.is_ready:
            record_change(self.ctx, self.ctx.actor, attendance.record_signed_out)

    def _close_session_windows(self) -> None:
        """Switching clerk and closing: every window of the session closes (hidden ones included)."""
        from PySide6.QtWidgets import QDialog

        for widget in [*self.session_windows(), *self._hidden_by_lock, *self.findChildren(QDialog)]:
            if shiboken6.isValid(widget):
                widget.close()
        for window in (*self.details.values(), self.rating_window, self.supervisor_window, self.hall_view,
                       self.day_close_dialog):  # fmt: skip
            if window is not None and shiboken6.isValid(window):
                window.close()
        self._hidden_by_lock = []

    def shutdown(self) -> None:
        """Stop the print queue, the printer watch, the uploader and the queue thread (closing ends the app)."""
        if self._printing is not None:
            self._printing.stop()
        if self._sync is not None:
            self._sync.stop()
        if self._intake is not None and shiboken6.isValid(self._intake):
            self._intake.calling.stop()
            self._intake.certificates.shutdown()
        if self._queue is not None:
            self._queue.shutdown()
