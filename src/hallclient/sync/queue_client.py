"""The queue calls of an enrolled device (``/v1/queue``), with the sync client's HTTP conventions.

Same errors as the sync protocol: :class:`Unreachable` when the server cannot be reached (the window
keeps serving walk-ins without the queue), :class:`Refused` with the server's one-line reason on a 4xx.
"""

from __future__ import annotations

from pydantic import BaseModel

from hallclient.protocol.queue import (
    QUEUE_PREFIX,
    CallResult,
    CheckInRequest,
    FinishRequest,
    LinkRequest,
    PauseRequest,
    QueueStatus,
    TicketOut,
    TicketRequest,
    TransferRequest,
    WalkInRequest,
)
from hallclient.sync.transport import SyncClient


class _NoContent(BaseModel):
    """The empty answer (HTTP 204) of pause and resume."""


class QueueClient(SyncClient):
    def issue(self, request: TicketRequest) -> TicketOut:
        body = request.model_dump(exclude_defaults=True)
        ticket: TicketOut = self._send("POST", f"{QUEUE_PREFIX}/tickets", TicketOut, json=body)
        return ticket

    def walk_in(self, request: WalkInRequest) -> TicketOut:
        """窗口取号: a ticket issued at this window and called here at once."""
        body = request.model_dump(exclude_defaults=True)
        ticket: TicketOut = self._send("POST", f"{QUEUE_PREFIX}/walk-in", TicketOut, json=body)
        return ticket

    def call_next(self) -> CallResult:
        result: CallResult = self._send("POST", f"{QUEUE_PREFIX}/call", CallResult)
        return result

    def status(self, hall: str = "") -> QueueStatus:
        """``hall`` names a kiosk's hall (a window shows the hall of its categories)."""
        params = {"hall": hall} if hall else {}
        result: QueueStatus = self._send("GET", f"{QUEUE_PREFIX}/status", QueueStatus, params=params)
        return result

    def _step(self, ticket_id: str, step: str, body: BaseModel | None = None) -> TicketOut:
        json = body.model_dump(exclude_none=True) if body is not None else None
        ticket: TicketOut = self._send("POST", f"{QUEUE_PREFIX}/tickets/{ticket_id}/{step}", TicketOut, json=json)
        return ticket

    def finish(self, ticket_id: str, case_no: str = "") -> TicketOut:
        return self._step(ticket_id, "finish", FinishRequest(case_no=case_no))

    def link(self, ticket_id: str, case_no: str) -> TicketOut:
        """Link a case to the ticket served; sending it again after a lost answer changes nothing."""
        return self._step(ticket_id, "link", LinkRequest(case_no=case_no))

    def recall(self, ticket_id: str) -> TicketOut:
        return self._step(ticket_id, "recall")

    def start(self, ticket_id: str) -> TicketOut:
        return self._step(ticket_id, "start")

    def no_show(self, ticket_id: str) -> TicketOut:
        return self._step(ticket_id, "no-show")

    def hold(self, ticket_id: str) -> TicketOut:
        return self._step(ticket_id, "hold")

    def call_back(self, ticket_id: str) -> TicketOut:
        return self._step(ticket_id, "call-back")

    def transfer(self, ticket_id: str, request: TransferRequest) -> TicketOut:
        """Answers the continuation ticket (same number, waiting in the target category or for the window)."""
        return self._step(ticket_id, "transfer", request)

    def pause(self, reason: str) -> None:
        self._send("POST", f"{QUEUE_PREFIX}/pause", _NoContent, json=PauseRequest(reason=reason).model_dump())

    def resume(self) -> None:
        self._send("POST", f"{QUEUE_PREFIX}/resume", _NoContent)

    def check_in(self, request: CheckInRequest) -> TicketOut:
        """Today's appointment (by booking code or ID number) becomes a ticket (called here at once with
        ``call_here`` when this window may take it)."""
        body = request.model_dump(exclude_none=True, exclude_defaults=True)
        ticket: TicketOut = self._send("POST", f"{QUEUE_PREFIX}/check-in", TicketOut, json=body)
        return ticket
