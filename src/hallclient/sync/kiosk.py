"""What a ticket kiosk does, without Qt: show the hall, issue or check in a ticket, then print its slip.

The slip is printed only after the server answered, so a kiosk that cannot reach the server prints
nothing (:class:`~hallclient.sync.transport.Unreachable` reaches the screen instead). A slip that fails
to print does not undo the ticket: the outcome carries the number and the printer's one-line reason.
Every call blocks; the kiosk screen runs them on its background thread.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from hallclient.errors import HallError
from hallclient.protocol.queue import CheckInRequest, HallState, TicketOut, TicketRequest
from hallclient.services.queue_slip import print_ticket
from hallclient.sync.transport import Refused

if TYPE_CHECKING:
    from hallclient.config import Settings
    from hallclient.sync.queue_client import QueueClient

NO_APPOINTMENT = 404  # check-in by ID number: nobody with that number booked for today


@dataclass(frozen=True)
class Applicant:
    """Who swiped the ID card; the server decides the 60+ green channel from the number."""

    id_number: str
    name: str


@dataclass(frozen=True)
class Outcome:
    """An issued ticket and whether its slip came out (``print_error`` is "" when it did)."""

    ticket: TicketOut
    print_error: str


class NoHall(HallError):
    """The server names no hall for this kiosk (several halls and no ``kiosk.hall``)."""


class Kiosk:
    def __init__(self, client: QueueClient, settings: Settings) -> None:
        self.client = client
        self.settings = settings

    def hall(self) -> HallState:
        """The hall's categories and waiting counts."""
        hall = self.client.status(self.settings.kiosk_hall).hall
        if hall is None:
            raise NoHall("服务器上有多个大厅：请在配置中设置本机的大厅（kiosk.hall）")
        return hall

    def take(
        self, category: str, applicant: Applicant | None = None, *, disabled: bool = False, pregnant: bool = False
    ) -> Outcome:
        request = TicketRequest(
            category=category,
            id_number=applicant.id_number if applicant else None,
            name=applicant.name if applicant else "",
            disabled=disabled,
            pregnant=pregnant,
        )
        return self._printed(self.client.issue(request))

    def check_in_code(self, code: str) -> Outcome:
        return self._printed(self.client.check_in(CheckInRequest(code=code)))

    def check_in_card(self, applicant: Applicant) -> Outcome | None:
        """Today's appointment of the card's holder as a ticket; None when there is none."""
        try:
            ticket = self.client.check_in(CheckInRequest(id_number=applicant.id_number))
        except Refused as refused:
            if refused.status == NO_APPOINTMENT:
                return None
            raise
        return self._printed(ticket)

    def _printed(self, ticket: TicketOut) -> Outcome:
        try:
            print_ticket(ticket, self.settings)
        except HallError as error:
            return Outcome(ticket, str(error))
        return Outcome(ticket, "")

    def close(self) -> None:
        self.client.close()
