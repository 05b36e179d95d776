"""The queue calls of an enrolled device (``/v1/queue``), with the sync client's HTTP conventions.

Same errors as the sync protocol: :class:`Unreachable` when the server cannot be reached (the window
keeps serving walk-ins without the queue), :class:`Refused` with the server's one-line reason on a 4xx.
"""

from __future__ import annotations

from hallclient.protocol.queue import (
    QUEUE_PREFIX,
    CallResult,
    CheckInRequest,
    FinishRequest,
    QueueStatus,
    TicketOut,
    TicketRequest,
)
from hallclient.sync.transport import SyncClient


class QueueClient(SyncClient):
    def issue(self, request: TicketRequest) -> TicketOut:
        body = request.model_dump(exclude_defaults=True)
        ticket: TicketOut = self._send("POST", f"{QUEUE_PREFIX}/tickets", TicketOut, json=body)
        return ticket

    def call_next(self) -> CallResult:
        result: CallResult = self._send("POST", f"{QUEUE_PREFIX}/call", CallResult)
        return result

    def status(self, hall: str = "") -> QueueStatus:
        """``hall`` names a kiosk's hall (a window shows the hall of its categories)."""
        params = {"hall": hall} if hall else {}
        result: QueueStatus = self._send("GET", f"{QUEUE_PREFIX}/status", QueueStatus, params=params)
        return result

    def check_in(self, request: CheckInRequest) -> TicketOut:
        """Today's appointment (by booking code or ID number) becomes a ticket."""
        body = request.model_dump(exclude_none=True)
        ticket: TicketOut = self._send("POST", f"{QUEUE_PREFIX}/check-in", TicketOut, json=body)
        return ticket

    def finish(self, ticket_id: str, case_no: str = "") -> TicketOut:
        body = FinishRequest(case_no=case_no).model_dump()
        ticket: TicketOut = self._send("POST", f"{QUEUE_PREFIX}/tickets/{ticket_id}/finish", TicketOut, json=body)
        return ticket
