"""Typed failures of the ID card reader; every one is a :class:`HallError` with a one-line reason."""

from __future__ import annotations

from hallclient.errors import HallError


class IdCardProtocolError(HallError):
    """The reader or the line misbehaved: nothing usable came back for a command."""


class IdCardTimeoutError(IdCardProtocolError):
    """No complete reply within the command's time budget (reader silent, unplugged or wrong baud rate)."""


class IdCardChecksumError(IdCardProtocolError):
    """A reply frame whose XOR checksum does not match its bytes."""


class IdCardFramingError(IdCardProtocolError):
    """Bytes that do not form a valid frame: bad preamble, impossible length, inconsistent data lengths."""


class IdCardPortError(IdCardProtocolError):
    """The serial port cannot be opened, or vanished (reader unplugged)."""


class IdCardStatusError(IdCardProtocolError):
    """The SAM answered with a failure status (SW3); ``status`` keeps the code for retry decisions."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


class IdCardNoCardError(HallError):
    """No card was presented before the caller's deadline (not a fault: exit code 3 on the CLI)."""

    exit_code = 3


class IdCardCancelledError(IdCardProtocolError):
    """The owner asked the reader to stop while a command was in flight."""
