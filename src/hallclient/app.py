"""Composition root of the desktop client: settings, Qt, fonts, language, store, devices, main window.

The first window appears before the store is opened (migrations and the demo seed run on the DB
thread), so the clerk can start typing at once; see ``bench/cold_start.py``. Ctrl+C and SIGTERM close the
windows the normal way, then the threads shut down as after a click on close, and the process exits
with 128 + the signal (:mod:`hallclient.ui.stopsignals`).
"""

from __future__ import annotations

import logging
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # annotations only: start-up imports these when it needs them, after the first paint
    from hallclient.config import Settings
    from hallclient.services.context import Services
    from hallclient.ui.devices import Devices

log = logging.getLogger("hallclient.app")

#: When set, the app prints ``ready <seconds>`` once the first window is painted and quits (bench/cold_start.py).
STARTUP_PROBE_ENV = "HALLCLIENT_STARTUP_PROBE"


def _services_factory(db: str | None, settings: Settings) -> Callable[[], Services]:
    def make() -> Services:
        from hallclient.paths import default_db_path
        from hallclient.services.context import Services
        from hallclient.store.bootstrap import device_id, open_store

        path = Path(db or settings.db_path or default_db_path())
        store = open_store(path)  # creates the folder; every failure is one line naming the file (store.faults)
        return Services(store=store, settings=settings, device_id=device_id(store))

    return make


def _demo_factory(settings: Settings, folder: Path) -> Callable[[], Services]:
    def make() -> Services:
        from hallclient.demo import create_demo_services

        return create_demo_services(folder / "demo.sqlite3", settings=settings)

    return make


def _install_crash_reports(app: object) -> Callable[[], None]:
    """Crash reports from the moment QApplication exists; the message box comes through the GUI thread.

    Until the first window is painted only the main thread runs, so a small hook that loads
    ``hallclient.crash`` on demand covers it; the returned function installs the full hooks (every
    thread), called right after the first paint, before any other thread starts.
    """
    from PySide6.QtCore import QObject

    from hallclient.ui.crashnotice import CrashNotice

    assert isinstance(app, QObject)
    notice = CrashNotice(app)
    previous = sys.excepthook

    def early_hook(exc_type: type[BaseException], exc_value: BaseException, exc_tb: object) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            previous(exc_type, exc_value, exc_tb)  # type: ignore[arg-type]
            return
        from hallclient.crash import handle_exception

        handle_exception((exc_type, exc_value, exc_tb), notice.notify)  # type: ignore[arg-type]

    def full_hooks() -> None:
        from hallclient.crash import install_excepthook

        notice.connect_queued()

        install_excepthook(notice.notify)

    sys.excepthook = early_hook
    return full_hooks


def run_gui(demo: bool, db: str | None, lang: str | None) -> int:
    """Start the window client; returns the process exit code."""
    started = time.perf_counter()
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QApplication

    from hallclient import config
    from hallclient.ui import setup
    from hallclient.ui.context import AppContext
    from hallclient.ui.firstpaint import after_first_paint
    from hallclient.ui.mainwindow import MainWindow
    from hallclient.ui.stopsignals import StopOnSignals
    from hallclient.ui.tasks import TaskManager

    setup.forget_module_sources()
    settings = config.load()
    demo_folder: Path | None = None
    if demo:  # the demo prints for real, into a preview PNG, so the queue runs
        import tempfile

        demo_folder = Path(tempfile.mkdtemp(prefix="hallclient-demo-"))
        settings = settings._replace(lock_minutes=0, printer_uri=f"preview:{demo_folder / 'slip.png'}")
    language = lang or settings.language
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    install_full_crash_hooks = _install_crash_reports(app)
    stop = StopOnSignals(app)
    app.setApplicationName("hallclient")
    app.setOrganizationName("hallclient")
    setup.load_fonts(app, fallback=False)  # the rare-character fallback follows the first paint
    setup.install_language(app, language)

    def save_language(value: str) -> None:
        if demo:
            return
        try:
            config.save(config.load()._replace(language=value))
        except Exception as error:  # the switch itself worked; persisting it is best effort
            log.warning("could not save language: %s", error)

    tasks = TaskManager()
    tasks.idle.connect(setup.forget_module_sources)  # after the store opens, the sign-in, a first screen ...
    ctx = AppContext(settings, tasks)
    ctx.ready.connect(lambda: log.info("store opened"))
    ctx.ready.connect(setup.forget_module_sources)
    demo_accounts: tuple[tuple[str, str, str, str], ...] = ()
    if demo:  # listed on the sign-in page in a label of its own (the status line is cleared once the store opens)
        from hallclient.demo import DEMO_USERS

        demo_accounts = DEMO_USERS
    window = MainWindow(ctx, save_language=save_language, demo_accounts=demo_accounts)
    screen = app.primaryScreen()
    if screen is not None:  # a 1366x768 counter PC must see the status bar too
        available = screen.availableGeometry()
        window.resize(min(window.width(), available.width()), min(window.height(), available.height()))
    window.showMaximized()
    probe: list[Callable[[], None]] = []
    if os.environ.get(STARTUP_PROBE_ENV):

        def quit_when_painted() -> None:
            print(f"ready {time.perf_counter() - started:.4f}", flush=True)
            window.close()
            app.quit()

        probe.append(quit_when_painted)
    devices: list[Devices] = []

    def after_first_show() -> None:
        """Store, services and devices load once the sign-in window is up (bench/cold_start.py)."""
        from hallclient.ui.devices import attach_devices

        install_full_crash_hooks()
        setup.load_fallback_font(app)

        ctx.open(
            _demo_factory(settings, demo_folder) if demo_folder else _services_factory(db, settings),
            label=QCoreApplication.translate("MainWindow", "正在生成演示数据…")
            if demo
            else QCoreApplication.translate("MainWindow", "正在打开本地数据库…"),
        )
        devices.append(attach_devices(window, ctx, demo=demo))

    # The probe reports the painted, input-ready window; opening the store follows on the DB thread.
    after_first_paint(window, *probe, after_first_show)
    code = app.exec()
    window.shutdown()
    for attached in devices:
        attached.stop()
    tasks.shutdown()
    stop.restore()
    log.info("client closed")
    return stop.exit_code or int(code)


def run_kiosk(windowed: bool, lang: str | None) -> int:
    """Start the ticket kiosk (``hallclient kiosk``) on an enrolled device; returns the process exit code.

    The CLI has checked the enrolment and the printer. Full screen unless ``windowed``; the ID card
    reader from the settings feeds the screen; server calls and printing run on the kiosk's own threads
    (no store: the kiosk keeps nothing locally).
    """
    from PySide6.QtWidgets import QApplication

    from hallclient import config
    from hallclient.sync.kiosk import Kiosk
    from hallclient.ui import setup
    from hallclient.ui.devices import ReaderAdapter
    from hallclient.ui.kiosk import KioskWindow
    from hallclient.ui.stopsignals import StopOnSignals

    settings = config.load()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    install_full_crash_hooks = _install_crash_reports(app)
    install_full_crash_hooks()
    stop = StopOnSignals(app)
    app.setApplicationName("hallclient")
    app.setOrganizationName("hallclient")
    setup.load_fonts(app)
    setup.install_language(app, lang or settings.language)
    kiosk = Kiosk.connect(settings)
    window = KioskWindow(kiosk, exit_password=settings.kiosk_exit_password, windowed=windowed)
    reader: ReaderAdapter | None = None
    if settings.reader_port:
        try:
            reader = ReaderAdapter(settings.reader_port, window, baud=settings.reader_baud or None)
            reader.card_read.connect(window.card_read)
            reader.state_changed.connect(window.set_reader_state)
            reader.start()
        except Exception as error:  # a missing reader must never stop the kiosk: categories still work
            log.warning("kiosk reader not started: %s", error)
            window.set_reader_state(str(error), False, "")
    window.present()
    window.start()
    log.info("kiosk started")
    code = app.exec()
    window.shutdown()
    if reader is not None:
        reader.stop()
    kiosk.close()
    stop.restore()
    log.info("kiosk closed")
    return stop.exit_code or int(code)
