"""Printer URIs and the TCP, file and preview transports (the serial one has its own pty tests)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from escpos_decode import decode
from PIL import Image

from hallclient.devices.printer.errors import PrintError, PrintErrorKind
from hallclient.devices.printer.layout import build_layout
from hallclient.devices.printer.printing import print_layout, printer_status, profile_for, send_payload
from hallclient.devices.printer.samples import CASE_NO, sample_slips
from hallclient.devices.printer.slips import SlipKind
from hallclient.devices.printer.transports import parse_printer_uri


@pytest.mark.parametrize(
    ("uri", "scheme", "target", "port"),
    [
        ("serial:/dev/ttyS0?baudrate=9600", "serial", "/dev/ttyS0", 0),
        ("tcp://192.0.2.10:9100", "tcp", "192.0.2.10", 9100),
        ("tcp://printer.local", "tcp", "printer.local", 9100),
        ("tcp://[::1]:9101", "tcp", "::1", 9101),
        ("usb:0416:5011", "usb", "0416:5011", 0),
        ("usb:416:5011", "usb", "0416:5011", 0),
        ("cups:XP58", "cups", "XP58", 0),
        ("win32:POS-80C", "win32", "POS-80C", 0),
        ("file:/tmp/slip.bin", "file", "/tmp/slip.bin", 0),
        ("preview:/tmp/slip.png", "preview", "/tmp/slip.png", 0),
    ],
)
def test_slip_uri_parsing(uri: str, scheme: str, target: str, port: int) -> None:
    parsed = parse_printer_uri(uri)
    assert (parsed.scheme, parsed.target, parsed.port) == (scheme, target, port)


def test_slip_uri_options() -> None:
    parsed = parse_printer_uri("serial:/dev/ttyUSB0?baudrate=115200&rtscts=1")
    assert parsed.option_int("baudrate", 9600) == 115200
    assert parsed.option_bool("rtscts", False) is True
    assert parsed.option_float("write_timeout", 7.0) == 7.0
    profile = profile_for("file:/tmp/x?width=58&codec=gb18030&qr=0&cut=0")
    assert (profile.paper.columns, profile.codec, profile.native_qr, profile.cutter) == (32, "gb18030", False, False)


@pytest.mark.parametrize(
    "uri",
    [
        "",
        "lpt1",
        "http://x",
        "tcp://:9100",
        "tcp://host:99999",
        "tcp://host:abc",
        "usb:xyz",
        "usb:0416",
        "serial:",
        "preview:/tmp/x.jpg",
        "file:",
    ],
)
def test_slip_bad_uri_is_one_clear_line(uri: str) -> None:
    with pytest.raises(PrintError) as caught:
        parse_printer_uri(uri)
    assert caught.value.kind is PrintErrorKind.BAD_URI
    message = str(caught.value)
    assert message.startswith("打印机地址无效") and "\n" not in message


def test_slip_bad_option_value_is_bad_uri() -> None:
    with pytest.raises(PrintError) as caught:
        printer_status("serial:/dev/null?baudrate=fast")
    assert caught.value.kind is PrintErrorKind.BAD_URI


class _FakeLanPrinter:
    """A one-connection-at-a-time LAN printer on 127.0.0.1 that answers DLE EOT (or stays silent)."""

    def __init__(self, answer: bool = True) -> None:
        self.server = socket.socket()
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(1)
        self.server.settimeout(0.05)
        self._stop = threading.Event()
        self.port = self.server.getsockname()[1]
        self.answer = answer
        self.received = bytearray()
        self.connections = 0
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.connections += 1
            conn.settimeout(0.05)
            with conn:
                while not self._stop.is_set():
                    try:
                        chunk = conn.recv(4096)
                    except TimeoutError:
                        continue
                    except OSError:
                        break
                    if not chunk:
                        break
                    self.received += chunk
                    if self.answer:
                        for at in range(len(chunk) - 2):
                            if chunk[at : at + 2] == b"\x10\x04":
                                conn.sendall(b"\x12")

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2)
        self.server.close()


@pytest.fixture
def lan() -> Iterator[_FakeLanPrinter]:
    printer = _FakeLanPrinter()
    yield printer
    printer.close()


def test_slip_tcp_prints_and_closes_the_connection(lan: _FakeLanPrinter) -> None:
    layout = build_layout(sample_slips()[SlipKind.RECEIPT], 80)
    result = print_layout(layout, f"tcp://127.0.0.1:{lan.port}")
    deadline = time.monotonic() + 3
    while len(lan.received) < result.bytes_sent + 12 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert result.status_before.ready
    decoded = decode(bytes(lan.received)[12:])
    assert CASE_NO in decoded.text
    # a second job works too: the first connection was closed (LAN printers serve one at a time)
    print_layout(layout, f"tcp://127.0.0.1:{lan.port}")
    assert lan.connections == 2


def test_slip_tcp_refused_is_offline() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(PrintError) as caught:
        printer_status(f"tcp://127.0.0.1:{port}")
    assert caught.value.kind is PrintErrorKind.OFFLINE


def test_slip_tcp_silent_printer_times_out() -> None:
    silent = _FakeLanPrinter(answer=False)
    try:
        started = time.monotonic()
        with pytest.raises(PrintError) as caught:
            printer_status(f"tcp://127.0.0.1:{silent.port}?status_timeout=0.3")
        assert caught.value.kind is PrintErrorKind.TIMEOUT
        assert time.monotonic() - started < 2
    finally:
        silent.close()


def test_slip_file_printer_appends_jobs(tmp_path: Path) -> None:
    target = tmp_path / "lp0"
    layout = build_layout(sample_slips()[SlipKind.TICKET], 58)
    first = print_layout(layout, f"file:{target}")
    print_layout(layout, f"file:{target}")
    data = target.read_bytes()
    assert len(data) == 2 * first.bytes_sent
    assert decode(data).cuts == ["full", "full"]
    assert not first.status_before.checked


def test_slip_file_printer_in_missing_directory_is_bad_uri(tmp_path: Path) -> None:
    with pytest.raises(PrintError) as caught:
        send_payload(b"x", f"file:{tmp_path}/missing/lp0")
    assert caught.value.kind is PrintErrorKind.BAD_URI


def test_slip_preview_printer_writes_a_png(tmp_path: Path) -> None:
    target = tmp_path / "slip.png"
    layout = build_layout(sample_slips()[SlipKind.RECEIPT], 58)
    result = print_layout(layout, f"preview:{target}")
    assert result.preview_path == target
    with Image.open(target) as image:
        assert image.format == "PNG" and image.width > 384
    assert not list(tmp_path.glob("*.part"))
    with pytest.raises(PrintError) as caught:
        send_payload(b"\x1b@", f"preview:{target}")
    assert caught.value.kind is PrintErrorKind.UNSUPPORTED


def test_slip_unsupported_transports_say_why() -> None:
    for uri in ("win32:POS80", "usb:0416:5011"):
        with pytest.raises(PrintError) as caught:
            send_payload(b"x", uri)
        assert caught.value.kind in (PrintErrorKind.UNSUPPORTED, PrintErrorKind.OFFLINE)
        assert "\n" not in str(caught.value)
