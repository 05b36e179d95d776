"""What a ticket kiosk does, without Qt: show the hall, issue or check in a ticket, then print its slip.

The slip is printed only after the server answered, so a kiosk that cannot reach the server prints
nothing (:class:`~hallclient.sync.transport.Unreachable` reaches the screen instead). A slip that fails
to print does not undo the ticket: :meth:`Kiosk.print_slip` answers the printer's one-line reason.
A citizen waits in front of the screen, so the kiosk's server calls have short timeouts
(:data:`KIOSK_TIMEOUT`, not the sync's 30 s), and no call is ever repeated by itself: a ticket whose
answer was lost (:class:`~hallclient.sync.transport.AnswerLost`) may exist, and a second POST would
issue another. Every call blocks; the kiosk screen runs server calls and prints on threads of their own.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import httpx

from hallclient.errors import HallError
from hallclient.protocol.queue import CheckInRequest, HallState, TicketOut, TicketRequest
from hallclient.services.queue_slip import print_ticket
from hallclient.sync.queue_client import QueueClient
from hallclient.sync.transport import Refused, make_http

if TYPE_CHECKING:
    from hallclient.config import Settings

NO_APPOINTMENT = 404  # check-in by ID number: nobody with that number booked for today

#: A citizen waits for the answer: 3 s to connect, 8 s for the answer, then the kiosk says it is out of service.
KIOSK_TIMEOUT = httpx.Timeout(8.0, connect=3.0)


@dataclass(frozen=True)
class Applicant:
    """Who swiped the ID card; the server decides the 60+ green channel from the number."""

    id_number: str
    name: str


@dataclass(frozen=True)
class Outcome:
    """An issued ticket and whether its slip came out (``print_error`` is "" when it did): what the screen showed."""

    ticket: TicketOut
    print_error: str


class NoHall(HallError):
    """The server names no hall for this kiosk (several halls and no ``kiosk.hall``)."""


class Kiosk:
    def __init__(self, client: QueueClient, settings: Settings) -> None:
        self.client = client
        self.settings = settings

    @classmethod
    def connect(cls, settings: Settings) -> Kiosk:
        """The kiosk of an enrolled device, with the kiosk's short timeouts."""
        http = make_http(settings.server_url, settings.ca_file, settings.device_token, timeout=KIOSK_TIMEOUT)
        return cls(QueueClient(http), settings)

    def hall(self) -> HallState:
        """The hall's categories and waiting counts."""
        hall = self.client.status(self.settings.kiosk_hall).hall
        if hall is None:
            raise NoHall("服务器上有多个大厅：请在配置中设置本机的大厅（kiosk.hall）")
        return hall

    def take(
        self, category: str, applicant: Applicant | None = None, *, disabled: bool = False, pregnant: bool = False
    ) -> TicketOut:
        request = TicketRequest(
            category=category,
            id_number=applicant.id_number if applicant else None,
            name=applicant.name if applicant else "",
            disabled=disabled,
            pregnant=pregnant,
        )
        return self.client.issue(request)

    def check_in_code(self, code: str) -> TicketOut:
        return self.client.check_in(CheckInRequest(code=code))

    def check_in_card(self, applicant: Applicant) -> TicketOut | None:
        """Today's appointment of the card's holder as a ticket; None when there is none."""
        try:
            return self.client.check_in(CheckInRequest(id_number=applicant.id_number))
        except Refused as refused:
            if refused.status == NO_APPOINTMENT:
                return None
            raise

    def print_slip(self, ticket: TicketOut) -> str:
        """Print the slip of an issued ticket; "" when it came out, else the one-line reason (the ticket stands)."""
        try:
            print_ticket(ticket, self.settings)
        except HallError as error:
            return str(error)
        return ""

    def close(self) -> None:
        self.client.close()
