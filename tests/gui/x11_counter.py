"""The counter on a real X display, for test_gui_x11_keys.py: a signed-in main window on the xcb platform against
the real central server, with one ticket waiting. It reports on stdout, one line each, what the keys typed into
it did, and stops by itself after ``--seconds`` or when its standard input closes.

READY <window id>                  the window is shown, signed in, its shortcuts set and the server answered
FOCUS <id|search|materials|Class>  the focus moved (the ID number field, the matter search box, the materials)
TICKET <number|-> <state> <recalls> the strip's current ticket changed
AMBIGUOUS <message>                Qt found a key press matching two shortcuts
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import threading
from pathlib import Path
from typing import Any

os.environ["QT_QPA_PLATFORM"] = "xcb"
sys.path.insert(0, str(Path(__file__).parent))

from calling_helpers import CentralServer
from PySide6.QtCore import QMetaObject, Qt, QTimer, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication, QWidget

from hallclient.config import Settings
from hallclient.services.catalog import import_catalog
from hallclient.services.context import Services
from hallclient.services.users import add_user, authenticate
from hallclient.store.bootstrap import device_id, open_store

gui = importlib.import_module("conftest")  # tests/gui/conftest.py: the test catalog, clock and password


def say(line: str) -> None:
    print(line, flush=True)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("folder", type=Path)
    parser.add_argument("--seconds", type=float, default=120)
    args = parser.parse_args()
    store = open_store(args.folder / "store.sqlite3")
    services = Services(store=store, settings=Settings(lock_minutes=0), device_id=device_id(store),
                        clock=lambda: gui.NOW)  # fmt: skip
    import_catalog(store, gui.sample_catalog())
    add_user(services, "wangfang", "王芳", "clerk", gui.PASSWORD)
    server = CentralServer(f"sqlite:///{args.folder / 'server.sqlite3'}")
    server.configure(["05"])
    server.start()
    token = server.enrol("05", services.device_id)
    services.settings = services.settings._replace(server_url=server.url, device_token=token, window="05")
    with server.kiosk(server.enrol("K1")) as kiosk:
        assert kiosk.post("/v1/queue/tickets", json={"category": "A"}).status_code == 200

    app = QApplication([])
    from hallclient.ui.context import AppContext, open_everything
    from hallclient.ui.mainwindow import MainWindow
    from hallclient.ui.setup import install_language, load_fonts
    from hallclient.ui.tasks import TaskManager

    load_fonts(app)
    install_language(app, "zh_CN")

    def on_message(kind: QtMsgType, _context: Any, message: str) -> None:
        if "Ambiguous" in message:
            say(f"AMBIGUOUS {message}")

    qInstallMessageHandler(on_message)
    ctx = AppContext(services.settings, TaskManager())
    ctx.adopt(open_everything(services))
    window = MainWindow(ctx)
    window.setGeometry(0, 0, 1300, 720)
    window.show()
    window.login.signed_in.emit(authenticate(services, "wangfang", gui.PASSWORD))
    intake = window.intake
    names = {id(intake.applicant.id_number): "id", id(intake.search.box): "search", id(intake.materials): "materials"}

    def focused(_old: QWidget | None, new: QWidget | None) -> None:
        if new is not None:
            say(f"FOCUS {names.get(id(new), type(new).__name__)}")

    app.focusChanged.connect(focused)
    last: list[str] = [""]

    def ticket(*_args: object) -> None:
        current = intake.calling.current
        line = f"TICKET {current.number} {current.state} {current.recalls}" if current else "TICKET - - -"
        if line != last[0]:
            last[0] = line
            say(line)

    intake.calling.state_changed.connect(ticket)

    def ready() -> None:
        if window.actions_by_name["queue_call"].shortcut().isEmpty() or intake.calling.online is not True:
            QTimer.singleShot(100, ready)
            return
        say(f"READY {int(window.winId())}")

    QTimer.singleShot(100, ready)
    QTimer.singleShot(int(args.seconds * 1000), app.quit)

    def quit_when_stdin_closes() -> None:
        sys.stdin.read()
        QMetaObject.invokeMethod(app, "quit", Qt.ConnectionType.QueuedConnection)

    threading.Thread(target=quit_when_stdin_closes, daemon=True).start()
    try:
        return app.exec()
    finally:
        window.close()
        ctx.tasks.shutdown()
        server.stop()


if __name__ == "__main__":
    sys.exit(main())
