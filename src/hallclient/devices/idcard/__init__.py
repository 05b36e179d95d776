"""Second-generation ID card reader (GA 467 SAM serial protocol): codec, driver, reader loop, simulator.

Public API for other layers (the GUI wraps the loop's callbacks in Qt signals)::

    ReaderLoop(port, on_card, on_state).start() / .stop()
    read_card(port, baud=None, timeout=10.0) -> CardData
    sam_info(port, baud=None) -> SamInfo
    ReaderSimulator(card).__enter__().port     # virtual reader on a pty, for demo mode and tests

The simulator and the driver import pyserial/termios lazily from their own modules; importing this
package stays cheap.
"""

from __future__ import annotations

from hallclient.devices.idcard.card import PERMANENT, CardData, SamInfo
from hallclient.devices.idcard.driver import read_card, sam_info
from hallclient.devices.idcard.errors import (
    IdCardCancelledError,
    IdCardChecksumError,
    IdCardFramingError,
    IdCardNoCardError,
    IdCardPortError,
    IdCardProtocolError,
    IdCardStatusError,
    IdCardTimeoutError,
)
from hallclient.devices.idcard.reader import ReaderLoop, ReaderState

__all__ = [
    "PERMANENT",
    "CardData",
    "IdCardCancelledError",
    "IdCardChecksumError",
    "IdCardFramingError",
    "IdCardNoCardError",
    "IdCardPortError",
    "IdCardProtocolError",
    "IdCardStatusError",
    "IdCardTimeoutError",
    "ReaderLoop",
    "ReaderState",
    "SamInfo",
    "read_card",
    "sam_info",
]
