"""Print one job on one printer: render, check status, send — the call the queue worker and the CLI make.

Rendering happens before the connection opens, so an encoding problem never leaves half a slip on the
paper; the status check comes before the first byte, because writing into an offline printer either
blocks or leaves data buffered that prints unexpectedly after the fix (docs/escpos.md §6).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from hallclient.devices.printer.errors import PrintError, PrintErrorKind
from hallclient.devices.printer.escpos_render import PrinterProfile, render_escpos, unprintable
from hallclient.devices.printer.layout import Layout, paper_for
from hallclient.devices.printer.transports import (
    UNCHECKED,
    PreviewTransport,
    PrinterStatus,
    PrinterUri,
    open_transport,
    parse_printer_uri,
)

log = logging.getLogger("hallclient.printer")


@dataclass(frozen=True)
class PrintResult:
    uri: str
    bytes_sent: int
    status_before: PrinterStatus
    preview_path: Path | None = None

    @property
    def warning(self) -> str:
        """A non-blocking alert for the clerk (paper near its end), or ``""``."""
        return "打印机纸将用尽，请准备换纸" if self.status_before.paper_near_end else ""


def profile_for(uri: str | PrinterUri, width: int | None = None) -> PrinterProfile:
    """The printer profile from URI options: ``width=58|80``, ``codec=gbk``, ``qr=0``, ``raster=0``, ``cut=0``."""
    parsed = uri if isinstance(uri, PrinterUri) else parse_printer_uri(uri)
    chosen = width if width is not None else parsed.option_int("width", 80)
    return PrinterProfile(
        paper=paper_for(chosen),
        codec=parsed.options.get("codec", "gbk").lower(),
        native_qr=parsed.option_bool("qr", True),
        raster=parsed.option_bool("raster", True),
        cutter=parsed.option_bool("cut", True),
    )


def send_payload(
    payload: bytes, uri: str | PrinterUri, *, timeout: float = 10.0, check_status: bool = True
) -> PrintResult:
    """Send pre-rendered ESC/POS bytes (a stored queue job) after checking the printer is ready."""
    parsed = uri if isinstance(uri, PrinterUri) else parse_printer_uri(uri)
    with open_transport(parsed, timeout) as transport:
        if isinstance(transport, PreviewTransport):
            raise PrintError(PrintErrorKind.UNSUPPORTED, "预览打印机需要版式数据，请用 print_layout")
        status = transport.status() if check_status else UNCHECKED
        status.raise_unless_ready()
        transport.write(payload)
    log.info("printed %d bytes on %s", len(payload), parsed.raw)
    return PrintResult(parsed.raw, len(payload), status)


def print_layout(
    layout: Layout,
    uri: str | PrinterUri,
    *,
    profile: PrinterProfile | None = None,
    timeout: float = 10.0,
    check_status: bool = True,
) -> PrintResult:
    """Render ``layout`` for the printer and send it; the ``preview:`` printer writes a PNG instead."""
    parsed = uri if isinstance(uri, PrinterUri) else parse_printer_uri(uri)
    if parsed.scheme == "preview":
        from hallclient.devices.printer.preview import save_preview

        transport = open_transport(parsed, timeout)
        assert isinstance(transport, PreviewTransport)
        path = save_preview(layout, transport.path)
        return PrintResult(parsed.raw, 0, UNCHECKED, path)
    payload = render_escpos(layout, profile or profile_for(parsed, layout.paper.mm))
    return send_payload(payload, parsed, timeout=timeout, check_status=check_status)


def layout_unprintable(layout: Layout, uri: str | PrinterUri, profile: PrinterProfile | None = None) -> list[str]:
    """What :func:`print_layout` would draw as a missing-glyph box on ``uri``: ask before sending, to warn."""
    parsed = uri if isinstance(uri, PrinterUri) else parse_printer_uri(uri)
    if parsed.scheme == "preview":
        return unprintable(layout)
    return unprintable(layout, profile or profile_for(parsed, layout.paper.mm))


def printer_status(uri: str | PrinterUri, timeout: float = 5.0) -> PrinterStatus:
    """Ask the printer for its state (``checked`` False for connections that cannot tell)."""
    with open_transport(uri, timeout) as transport:
        return transport.status()
