"""Plugging devices into the window, each through one small adapter with Qt signals on the GUI side.

The ID card reader runs its own Qt-free thread (``devices.idcard.reader.ReaderLoop``); its callbacks
only emit signals here, which Qt queues to the GUI thread. A swipe fills the intake form (the agent when
proxy handling is on and the applicant is filled), with expired cards and bad check digits flagged and
60+ suggested for the green channel by the applicant panel. In demo mode a simulated reader (a
pseudo-terminal driven by the real serial code) stands in, and Ctrl+Shift+K presents the next sample card.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence

from hallclient.paths import resource_path
from hallclient.ui.context import AppContext
from hallclient.ui.labels import fill

if TYPE_CHECKING:
    from hallclient.ui.mainwindow import MainWindow

log = logging.getLogger("hallclient.ui.devices")

SAMPLE_CARDS = ("resident.json", "elderly.json", "expired.json", "hmt_residence.json", "foreign_2023.json")


def reader_state_text(state: str) -> tuple[str, bool | None]:
    """Status-bar text and health for a ``ReaderState`` value."""
    return {
        "disconnected": (QCoreApplication.translate("Devices", "未连接"), False),
        "connecting": (QCoreApplication.translate("Devices", "连接中"), None),
        "ready": (QCoreApplication.translate("Devices", "就绪"), True),
        "reading": (QCoreApplication.translate("Devices", "读卡中"), True),
        "error": (QCoreApplication.translate("Devices", "故障"), False),
    }.get(state, (state, None))


class ReaderAdapter(QObject):
    """Signals:
    card_read(object, object): a card was read — its ``to_json_dict()`` and raw text block (bytes).
    state_changed(str, object, str): status-bar text, ok (True/False/None), detail.
    """

    card_read = Signal(object, object)
    state_changed = Signal(str, object, str)
    _card = Signal(object)
    _state = Signal(str, str)

    def __init__(self, port: str, parent: QObject | None = None, *, baud: int | None = None) -> None:
        super().__init__(parent)
        from hallclient.devices.idcard.reader import ReaderLoop

        self._card.connect(self._deliver_card, Qt.ConnectionType.QueuedConnection)
        self._state.connect(self._deliver_state, Qt.ConnectionType.QueuedConnection)
        self._loop = ReaderLoop(
            port,
            lambda card: self._card.emit(card),
            lambda state, text: self._state.emit(state.value, text),
            baud=baud,
        )

    def start(self) -> None:
        self._loop.start()

    def stop(self) -> None:
        self._loop.stop()

    def _deliver_card(self, card: Any) -> None:
        self.card_read.emit(card.to_json_dict(), bytes(card.raw_text or b""))

    def _deliver_state(self, state: str, message: str) -> None:
        text, ok = reader_state_text(state)
        self.state_changed.emit(text, ok, message)


class Devices(QObject):
    """Owns the device adapters of one window; ``stop()`` releases ports and threads."""

    def __init__(self, window: MainWindow, ctx: AppContext) -> None:
        super().__init__(window)
        self.window = window
        self.ctx = ctx
        self.reader: ReaderAdapter | None = None
        self.simulator: Any = None
        self._next_sample = 0

    def attach_reader(self, port: str, baud: int | None = None) -> ReaderAdapter:
        reader = ReaderAdapter(port, self, baud=baud)
        reader.state_changed.connect(self.window.status.set_reader_state)
        reader.card_read.connect(self.card_read)
        self.reader = reader
        reader.start()
        return reader

    def card_read(self, card: dict[str, Any], raw: bytes) -> None:
        """A swipe: fill the intake form (switching to it) or explain why not."""
        window = self.window
        if self.ctx.actor is None or window.stack.currentWidget() is window.login:
            window.status.showMessage(QCoreApplication.translate("Devices", "已读卡：请先登录"), 5000)
            return
        window.show_intake()
        warnings = window.intake.fill_from_card(card, raw)
        name = str(card.get("name", ""))
        if warnings:
            window.status.showMessage(
                fill(QCoreApplication.translate("Devices", "已读卡 %1：%2"), name, "；".join(warnings)),
                10000,
            )
        else:
            window.status.showMessage(fill(QCoreApplication.translate("Devices", "已读卡 %1"), name), 5000)

    def start_simulator(self) -> None:
        """Demo: a simulated reader on a pseudo-terminal, read by the real reader loop."""
        from hallclient.devices.idcard.simulator import ReaderSimulator

        self.simulator = ReaderSimulator()
        self.simulator.start()
        self.attach_reader(self.simulator.port)
        action = QAction(QCoreApplication.translate("Devices", "演示：模拟刷卡"), self.window)
        action.setShortcut(QKeySequence("Ctrl+Shift+K"))
        action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        action.triggered.connect(lambda _checked=False: self.present_sample_card())
        self.window.addAction(action)

    def present_sample_card(self, name: str | None = None) -> None:
        if self.simulator is None:
            return
        chosen = name or SAMPLE_CARDS[self._next_sample % len(SAMPLE_CARDS)]
        self._next_sample += 1
        self.simulator.remove_card()
        self.simulator.insert_card(resource_path("cards", chosen))

    def stop(self) -> None:
        if self.reader is not None:
            self.reader.stop()
        if self.simulator is not None:
            self.simulator.close()


def attach_devices(window: MainWindow, ctx: AppContext, *, demo: bool) -> Devices:
    """The reader from the config (or the simulator in demo mode); failures only show in the status bar."""
    devices = Devices(window, ctx)
    settings = ctx.settings
    try:
        if demo:
            devices.start_simulator()
        elif settings.reader_port:
            devices.attach_reader(settings.reader_port, settings.reader_baud or None)
    except Exception as error:  # a missing reader must never stop the intake screen
        log.warning("reader not started: %s", error)
        window.status.set_reader_state(QCoreApplication.translate("Devices", "故障"), False, str(error))
    return devices
