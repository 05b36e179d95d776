"""The background reader loop: connect (probing the baud rate), then poll find → select → read.

Qt-free on purpose: the GUI wraps ``on_card`` / ``on_state`` in signals. Both callbacks run on the loop's
own thread, so they must only hand the data over (emit a signal, put it on a queue).
"""

from __future__ import annotations

import enum
import logging
import threading
from collections.abc import Callable

from hallclient.devices.idcard import status
from hallclient.devices.idcard.card import CardData
from hallclient.devices.idcard.driver import SamConnection, connect
from hallclient.devices.idcard.errors import (
    IdCardCancelledError,
    IdCardPortError,
    IdCardProtocolError,
    IdCardStatusError,
)

log = logging.getLogger(__name__)

_SAM_FAULTS = frozenset({status.SELF_TEST_FAILED, 0x66})
_SILENT_POLLS_BEFORE_RECONNECT = 2


class ReaderState(enum.Enum):
    DISCONNECTED = "disconnected"
    CONNECTING = "connecting"
    READY = "ready"
    READING = "reading"
    ERROR = "error"


class ReaderLoop:
    """``ReaderLoop(port, on_card, on_state).start()``; ``stop()`` returns within half a second.

    A card is reported once per presentation: the SAM itself answers find with 0x80 for a card it has
    read, and a read that yields the same text block without any "no card" poll in between is dropped too
    (for readers that keep finding the same card).
    """

    def __init__(
        self,
        port: str,
        on_card: Callable[[CardData], None],
        on_state: Callable[[ReaderState, str], None],
        *,
        baud: int | None = None,
        poll_interval: float = 0.3,
        reconnect_interval: float = 1.0,
        with_fingerprint: bool = False,
        appended_address: bool = True,
    ) -> None:
        self.port = port
        self._on_card = on_card
        self._on_state = on_state
        self._baud = baud
        self._poll_interval = poll_interval
        self._reconnect_interval = reconnect_interval
        self._with_fingerprint = with_fingerprint
        self._appended_address = appended_address
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._state = ReaderState.DISCONNECTED
        self._message = ""
        self._last_text: bytes | None = None
        self._absent_seen = True

    @property
    def state(self) -> ReaderState:
        return self._state

    @property
    def message(self) -> str:
        return self._message

    def is_running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        if self.is_running():
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name=f"idcard-reader {self.port}", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 0.45) -> None:
        """Ask the loop to end and wait for it (every wait inside is sliced to 50 ms)."""
        self._stop.set()
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout)
        self._thread = None

    # -- internals -----------------------------------------------------------------------------------

    def _set_state(self, state: ReaderState, message: str) -> None:
        if (state, message) == (self._state, self._message):
            return
        self._state, self._message = state, message
        try:
            self._on_state(state, message)
        except Exception:
            log.exception("on_state callback failed")

    def _run(self) -> None:
        while not self._stop.is_set():
            if self._state not in (ReaderState.DISCONNECTED, ReaderState.ERROR) or not self._message:
                # while retrying after a failure the failure stays on screen instead of flickering
                self._set_state(ReaderState.CONNECTING, f"正在连接读卡器（{self.port}）")
            try:
                with connect(self.port, self._baud, cancel=self._stop) as connection:
                    connection.ensure_healthy()
                    # A re-plugged SAM forgets what it read: the card still lying there must not come twice.
                    self._absent_seen = False
                    self._set_state(ReaderState.READY, f"读卡器就绪（{self.port}，{connection.baud} 波特）")
                    self._poll(connection)
            except IdCardCancelledError:
                break
            except IdCardStatusError as error:
                self._set_state(ReaderState.ERROR, f"{error}；稍后自动重试")
            except IdCardPortError as error:
                self._set_state(ReaderState.DISCONNECTED, f"{error}；稍后自动重连")
            except IdCardProtocolError as error:
                self._set_state(ReaderState.DISCONNECTED, f"读卡器无响应：{error}；稍后自动重连")
            except Exception as error:  # never let the thread die silently
                log.exception("reader loop failed")
                self._set_state(ReaderState.ERROR, f"读卡器异常：{type(error).__name__}: {error}")
            self._stop.wait(self._reconnect_interval)
        self._set_state(ReaderState.DISCONNECTED, "读卡器已停止")

    def _poll(self, connection: SamConnection) -> None:
        ready = self._state, self._message
        silent = 0
        while not self._stop.is_set():
            try:
                self._poll_once(connection)
                silent = 0
                if self._state is not ReaderState.READY:
                    self._set_state(*ready)  # a failure message stays until the next read or state change
            except IdCardStatusError as error:
                if error.status in _SAM_FAULTS:
                    raise
                self._set_state(ReaderState.READY, f"读卡失败，请重新放置证件：{error}")
            except (IdCardPortError, IdCardCancelledError):
                raise
            except IdCardProtocolError as error:
                silent += 1
                if silent >= _SILENT_POLLS_BEFORE_RECONNECT:
                    raise
                log.info("transient reader error: %s", error)
            self._stop.wait(self._poll_interval)

    def _poll_once(self, connection: SamConnection) -> None:
        if not connection.find():
            self._absent_seen = True
            return
        self._set_state(ReaderState.READING, "正在读卡…")
        if not connection.select():
            return
        card = connection.read_selected(
            with_fingerprint=self._with_fingerprint, appended_address=self._appended_address
        )
        same = card.raw_text == self._last_text and not self._absent_seen
        self._last_text = card.raw_text
        self._absent_seen = False
        if same:
            log.debug("same card still on the reader; not reported again")
            return
        try:
            self._on_card(card)
        except Exception:
            log.exception("on_card callback failed")
