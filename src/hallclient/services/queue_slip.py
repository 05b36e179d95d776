"""The kiosk's ticket slip (排队号票) for a ticket the server issued, on the existing ticket layout.

Printed only after the server answered: a kiosk that cannot reach the server prints nothing, so no
citizen holds a number nobody will call. The QR opens the hall's display page (calls and waiting counts).
"""

from __future__ import annotations

from datetime import datetime

from hallclient.devices.printer.slips import QueueTicketData
from hallclient.protocol.queue import TicketOut


def display_url(server_url: str, hall: str) -> str:
    return f"{server_url.rstrip('/')}/display/{hall}" if server_url else ""


def ticket_slip(ticket: TicketOut, hall_name: str, server_url: str = "") -> QueueTicketData:
    """The slip of ``ticket``; the issue time in this PC's local time, the green channel named on it."""
    issued = datetime.fromisoformat(ticket.issued_at).astimezone().replace(tzinfo=None)
    service = f"{ticket.category_name}（绿色通道）" if ticket.green else ticket.category_name
    return QueueTicketData(
        ticket_no=ticket.number,
        service_name=service,
        waiting_ahead=ticket.waiting_before,
        issued_at=issued,
        hall_name=hall_name,
        status_url=display_url(server_url, ticket.hall),
    )
