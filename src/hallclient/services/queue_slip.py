"""The kiosk's ticket slip (排队号票) for a ticket the server issued, on the existing ticket layout.

Printed only after the server answered: a kiosk that cannot reach the server prints nothing, so no
citizen holds a number nobody will call. The QR opens the hall's display page (calls and waiting counts).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from hallclient.devices.printer.slips import QueueTicketData
from hallclient.errors import HallError
from hallclient.protocol.queue import TicketOut

if TYPE_CHECKING:
    from hallclient.config import Settings

PRINT_FAILED_EXIT = 3  # like a printer that is not ready


def display_url(server_url: str, hall: str) -> str:
    return f"{server_url.rstrip('/')}/display/{hall}" if server_url else ""


def hall_wall_time(iso: str) -> datetime:
    """The time as the hall's clocks show it: servers send the hall's offset; a server older than that sends
    UTC, which is shown in this PC's zone as before (a hall is never at UTC+0 in practice)."""
    moment = datetime.fromisoformat(iso)
    if moment.utcoffset() in (None, timedelta(0)):
        moment = moment.astimezone()
    return moment.replace(tzinfo=None)


def ticket_slip(ticket: TicketOut, hall_name: str, server_url: str = "") -> QueueTicketData:
    """The slip of ``ticket``, the green channel named on it; the issue time is the hall's wall time."""
    issued = hall_wall_time(ticket.issued_at)
    service = f"{ticket.category_name}（绿色通道）" if ticket.green else ticket.category_name
    return QueueTicketData(
        ticket_no=ticket.number,
        service_name=service,
        waiting_ahead=ticket.waiting_before,
        issued_at=issued,
        hall_name=hall_name,
        status_url=display_url(server_url, ticket.hall),
    )


def print_ticket(ticket: TicketOut, settings: Settings, printer: str = "", width: int | None = None) -> None:
    """Print the slip of a ticket the server already issued (the CLI and the kiosk).

    ``printer``/``width`` default to the settings. A failure names the number, so staff can tell the
    citizen: the ticket exists on the server whether or not its slip came out.
    """
    from hallclient.devices.printer.layout import build_layout
    from hallclient.devices.printer.printing import print_layout

    uri = printer or settings.printer_uri
    if not uri:
        raise HallError(f"已取号 {ticket.number}，但未配置打印机（printer.uri）", exit_code=PRINT_FAILED_EXIT)
    slip = ticket_slip(ticket, settings.hall_name, settings.server_url)
    try:
        print_layout(build_layout(slip, width or settings.paper_width), uri)
    except HallError as error:  # PrintError included
        raise HallError(f"已取号 {ticket.number}，但号票打印失败：{error}", exit_code=PRINT_FAILED_EXIT) from None
