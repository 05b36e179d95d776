"""The main window: sign-in/lock page, the intake workspace and the case list, menus, status bar.

The sign-in page shows first; the work screens (which pull in the services) are built once the store is
open, while the clerk types the password, so start-up costs about as much as a bare Qt window.
Language switches rebuild the widgets (every text is set once, in the constructors), keeping the
signed-in clerk; a half-filled intake is never thrown away for it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QMainWindow, QStackedWidget, QWidget

from hallclient.ui import setup
from hallclient.ui.context import AppContext
from hallclient.ui.firstpaint import after_first_paint
from hallclient.ui.login import LoginPage
from hallclient.ui.printadapter import PrintAdapter
from hallclient.ui.statusbar import HallStatusBar

if TYPE_CHECKING:  # the work screens import the services; they are built after the first window shows
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QCloseEvent
    from PySide6.QtWidgets import QTabWidget

    from hallclient.services.cases import CaseResult
    from hallclient.services.context import Actor
    from hallclient.ui.casedetail import CaseDetailDialog
    from hallclient.ui.caselist import CaseListPage
    from hallclient.ui.dayclose import DayCloseDialog
    from hallclient.ui.enquiry import EnquiryDialog
    from hallclient.ui.helpoverlay import HelpOverlay
    from hallclient.ui.intake import IntakeWorkspace
    from hallclient.ui.rating import RatingWindow
    from hallclient.ui.supervisor.window import SupervisorWindow
    from hallclient.ui.syncstatus import SyncAdapter


#: Menu actions that need a signed-in clerk (disabled on the sign-in and lock screens).
_SIGNED_IN_ACTIONS = (
    "intake",
    "enquiry",
    "rate",
    "print",
    "print_queue",
    "day_close",
    "cases",
    "supervisor",
    "sync",
    "lock",
    "switch",
)


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
    event, and before the first paint that is hundreds of them (see ``bench/startup.py``).
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
        self.supervisor_window: SupervisorWindow | None = None
        self.day_close_dialog: DayCloseDialog | None = None
        self._sync: SyncAdapter | None = None
        self.lock_timer = QTimer(self)
        self.lock_timer.setSingleShot(True)
        self.lock_timer.timeout.connect(self.lock)
        self._watch: _ActivityWatch | None = None
        self._menus_built = False
        ctx.tasks.busy.connect(self.status.set_busy)
        ctx.tasks.failed.connect(lambda text: self.status.showMessage(text, 8000))
        ctx.actor_changed.connect(self.status.set_clerk)
        ctx.ready.connect(lambda: self.status.set_window(ctx.settings.window))
        ctx.ready.connect(self._show_calendar_coverage)
        ctx.calendar_changed.connect(self._show_calendar_coverage)
        ctx.ready.connect(lambda: QTimer.singleShot(0, self, self._ensure_work))
        self.status.printer.clicked.connect(self.open_print_queue)
        self.status.sync.clicked.connect(self.open_sync)
        ctx.case_changed.connect(lambda _id: self.local_write())
        if ctx.is_ready:  # printing and sync load with the store, not before the sign-in page is painted
            self._start_sync()
            _ = self.printing
        else:
            ctx.ready.connect(self._start_sync)
            ctx.ready.connect(lambda: self.printing)
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
            intake.recorded.connect(self._recorded)
            intake.message.connect(lambda text: self.status.showMessage(text, 10000))
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

    @property
    def sync(self) -> SyncAdapter:
        """The uploader (or the local unsynced count), started once the store is open."""
        return self._start_sync()

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
        """The menus; on the very first build the shortcuts are set right after the first paint, because
        ``setShortcut`` builds all of Qt's namespace enums (~13 ms, bench/startup.py)."""
        bar = self.menuBar()
        bar.clear()
        self.actions_by_name: dict[str, QAction] = {}
        shortcuts: list[tuple[QAction, str]] = []

        def add(menu_name: str, name: str, text: str, key: str, slot: Callable[[], object]) -> None:
            action = QAction(text, self)
            if key:  # in the default context, Qt.WindowShortcut
                shortcuts.append((action, key))
            action.triggered.connect(lambda _checked=False: slot())
            menus[menu_name].addAction(action)
            self.actions_by_name[name] = action

        menus = {
            "work": bar.addMenu(self.tr("办理(&W)")),
            "view": bar.addMenu(self.tr("查看(&V)")),
            "session": bar.addMenu(self.tr("人员(&S)")),
            "help": bar.addMenu(self.tr("帮助(&H)")),
        }
        add("work", "intake", self.tr("受理"), "Ctrl+1", self.show_intake)
        add("work", "enquiry", self.tr("首问登记"), "F12", self.open_enquiry)
        add("work", "rate", self.tr("邀请评价"), "Ctrl+E", self.rate_last)
        add("work", "print", self.tr("打印预览 / 补打"), "Ctrl+P", self.print_last)
        add("work", "print_queue", self.tr("打印队列"), "Ctrl+Shift+P", self.open_print_queue)
        add("work", "day_close", self.tr("日结"), "Ctrl+Shift+D", self.open_day_close)
        add("view", "cases", self.tr("办件查询"), "F11", self.show_cases)
        add("view", "supervisor", self.tr("统计与督办"), "Ctrl+Shift+T", self.open_supervisor)
        add("view", "sync", self.tr("同步状态与隔离区"), "", self.open_sync)
        add("view", "zh_CN", "中文", "", lambda: self.set_language("zh_CN"))
        add("view", "en", "English", "", lambda: self.set_language("en"))
        add("session", "lock", self.tr("锁屏"), "Ctrl+L", self.lock)
        add("session", "switch", self.tr("切换人员"), "Ctrl+Shift+Q", self.switch_clerk)
        add("help", "help", self.tr("键盘操作"), "F1", lambda: self.help.toggle())
        add("help", "log", self.tr("运行日志"), "", self.open_log)
        signed_in = self.ctx.actor is not None
        for name in _SIGNED_IN_ACTIONS:
            self.actions_by_name[name].setEnabled(signed_in)

        def set_shortcuts() -> None:
            for action, key in shortcuts:
                action.setShortcut(QKeySequence(key))

        if self._menus_built:
            set_shortcuts()
        else:
            self._menus_built = True
            after_first_paint(self, set_shortcuts)

    # -- session ------------------------------------------------------------------------------------
    def _signed_in(self, actor: Actor) -> None:
        was_locked = self.login.locked_as is not None
        if not was_locked:
            self.ctx.sign_in(actor)
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
        self.status.showMessage(self.tr("%1 已登录").replace("%1", actor.display_name), 5000)

    def _load_usage(self, actor: Actor) -> None:
        from hallclient.ui import queries

        services = self.ctx.services

        def work() -> dict[str, float]:
            with services.store.read() as session:
                return queries.matter_usage(session, actor.user_id, services.now().replace(tzinfo=None))

        def done(usage: dict[str, float]) -> None:
            self.ctx.index.set_usage(usage)
            self.intake.search.search(self.intake.search.box.text())

        self.ctx.run(work, done)

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
        """Hide the work behind the lock screen; the form stays as it was for the same clerk."""
        if self.ctx.actor is None:
            return
        self.lock_timer.stop()
        self.login.set_locked(self.ctx.actor)
        self.stack.setCurrentWidget(self.login)
        for action in _SIGNED_IN_ACTIONS:
            if action != "switch":
                self.actions_by_name[action].setEnabled(False)
        self.login.focus()

    def switch_clerk(self) -> None:
        """Sign out so another clerk can sign in; nothing half-filled is carried over to them."""
        self.lock_timer.stop()
        for dialog in list(self.details.values()):
            dialog.close()
        if self.rating_window is not None:
            self.rating_window.close()
        for window in (self.supervisor_window, self.day_close_dialog):
            if window is not None:
                window.close()
        self.ctx.sign_out()
        self.intake.new_intake()
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
            dialog.changed.connect(self._detail_changed)
            dialog.reprint_requested.connect(lambda cid: self.printing.reprint(self.ctx, cid))
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
        dialog.recorded.connect(lambda _id: self.local_write())
        self.enquiry_dialog = dialog
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
        window.rated.connect(lambda _level: self.local_write())
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
                self.printing.reprint(self.ctx, case_id)
                return
        result = self.intake.last_result
        if result is not None:
            self.printing.reprint(self.ctx, result.case_id)

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
        """Tallies and the complaint register: supervisors see the hall, clerks their own window."""
        actor = self.ctx.actor
        if actor is None or not self.ctx.is_ready:
            return None
        if self.supervisor_window is None:
            from hallclient.ui.supervisor import SupervisorWindow

            window = SupervisorWindow(self.ctx.services, actor, tasks=self.ctx.tasks)
            window.setAttribute(_delete_on_close(), True)
            window.destroyed.connect(lambda _obj=None: setattr(self, "supervisor_window", None))
            window.exported.connect(lambda path: self.status.showMessage(self.tr("已导出：%1").replace("%1", path)))
            window.resize(1200, 760)
            self.supervisor_window = window
        self.supervisor_window.show()
        self.supervisor_window.raise_()
        self.supervisor_window.activateWindow()
        return self.supervisor_window

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
        dialog.closed.connect(lambda _result: self.local_write())
        self.day_close_dialog = dialog
        dialog.show()
        return dialog

    def open_log(self) -> QWidget:
        from hallclient.ui.logviewer import LogViewerDialog

        dialog = LogViewerDialog(self)
        dialog.setAttribute(_delete_on_close(), True)
        dialog.show()
        return dialog

    def _recorded(self, result: CaseResult) -> None:
        self.printing.committed(self.ctx, result)

    def _detail_changed(self, result: CaseResult) -> None:
        self.printing.committed(self.ctx, result)

    # -- shutdown -----------------------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:
        app = QApplication.instance()
        if app is not None and self._watch is not None:
            app.removeEventFilter(self._watch)
        for dialog in list(self.details.values()):
            dialog.close()
        if self.rating_window is not None:
            self.rating_window.close()
        for window in (self.supervisor_window, self.day_close_dialog):
            if window is not None:
                window.close()
        from PySide6.QtWidgets import QDialog

        for child in self.findChildren(QDialog):
            child.close()
        self.lock_timer.stop()
        self.shutdown()
        event.accept()

    def shutdown(self) -> None:
        """Stop the print queue, the printer watch and the uploader (closing the main window ends the app)."""
        if self._printing is not None:
            self._printing.stop()
        if self._sync is not None:
            self._sync.stop()
