"""What every SMS gateway is (the :class:`Gateway` protocol) and what it answers; ``uri.gateway_for`` picks one:

- ``smpp://system_id:password@host:port?source_addr=…`` an SMSC over SMPP 3.4 (smpp.py),
- ``http+json:PATH`` an HTTP JSON platform described by a request template file (http.py),
- ``file:PATH`` JSON lines appended to a file, for demos and tests (file.py).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
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


def send_many(gateway: Gateway, items: Sequence[tuple[str, str, str]]) -> list[tuple[Submitted | GatewayError, float]]:
    """Submit ``(phone, text, ref)`` messages: pipelined where the gateway can (SMPP's ``send_many``), else one
    after another. One ``(outcome, seconds)`` per message handed over, in order; a gateway that is down or a
    session that broke ends the list (the messages after it were never handed over)."""
    pipelined = getattr(gateway, "send_many", None)
    if pipelined is not None:
        found: list[tuple[Submitted | GatewayError, float]] = pipelined(items)
        return found
    outcomes: list[tuple[Submitted | GatewayError, float]] = []
    for phone, text, ref in items:
        started = time.perf_counter()
        try:
            outcomes.append((gateway.send(phone, text, ref), time.perf_counter() - started))
        except GatewayError as error:
            outcomes.append((error, 0.0))
            if error.gateway_down or error.uncertain:
                break
    return outcomes
