"""What every SMS gateway is (the :class:`Gateway` protocol) and what it answers; ``uri.gateway_for`` picks one:

- ``smpp://system_id:password@host:port?source_addr=…`` an SMSC over SMPP 3.4 (smpp.py),
- ``http+json:PATH`` an HTTP JSON platform described by a request template file (http.py),
- ``file:PATH`` JSON lines appended to a file, for demos and tests (file.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from hallclient.errors import HallError


class GatewayError(HallError):
    """A send that did not go through, with a one-line Chinese reason.

    ``permanent``: resending cannot help (the SMSC rejected the number or the text). ``gateway_down``: the
    gateway could not be reached or refused the session before anything was handed over; the message is not at
    fault and keeps its attempts. ``uncertain``: the connection broke after the message was handed over, so it
    may have gone out; it is not resent. Otherwise the message is retried with backoff.
    """

    def __init__(
        self, reason: str, *, permanent: bool = False, gateway_down: bool = False, uncertain: bool = False
    ) -> None:
        super().__init__(reason)
        self.permanent = permanent
        self.gateway_down = gateway_down
        self.uncertain = uncertain


@dataclass(frozen=True)
class Submitted:
    message_id: str  # the gateway's id (of the last part), to match delivery receipts
    parts: int


@dataclass(frozen=True)
class Receipt:
    message_id: str
    delivered: bool
    reason: str = ""


@dataclass
class Batch:
    """What one poll of a gateway brought back."""

    receipts: list[Receipt] = field(default_factory=list)


class Gateway(Protocol):
    def send(self, phone: str, text: str, ref: str) -> Submitted:
        """Submit one message (all its parts); raise :class:`GatewayError` with the reason if it did not go."""
        ...

    def receipts(self) -> list[Receipt]:
        """Delivery receipts that arrived since the last call (never blocks long)."""
        ...

    def close(self) -> None: ...
