"""The real serial transport against a fake printer on a pseudo-terminal: status, timeouts, printing."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from escpos_decode import decode
from fake_printer import COVER_OPEN, NEAR_END, ONLINE, PAPER_OUT, FakeSerialPrinter

from hallclient.devices.printer.errors import PrintError, PrintErrorKind
from hallclient.devices.printer.layout import build_layout
from hallclient.devices.printer.printing import print_layout, printer_status, send_payload
from hallclient.devices.printer.samples import CASE_NO, sample_slips
from hallclient.devices.printer.slips import SlipKind
from hallclient.devices.printer.transports import open_transport


@pytest.fixture
def fake() -> Iterator[FakeSerialPrinter]:
    printer = FakeSerialPrinter(ONLINE)
    yield printer
    printer.close()


def _uri(printer: FakeSerialPrinter, extra: str = "") -> str:
    return f"serial:{printer.path}?baudrate=115200&status_timeout=0.3{extra}"


def _wait_for(printer: FakeSerialPrinter, size: int) -> None:
    deadline = time.monotonic() + 3
    while len(printer.received) < size and time.monotonic() < deadline:
        time.sleep(0.01)


def test_escpos_serial_online_status(fake: FakeSerialPrinter) -> None:
    status = printer_status(_uri(fake))
    assert status.ready and status.online and status.checked
    assert not (status.cover_open or status.paper_out or status.paper_near_end or status.error)
    assert status.raw == (0x16, 0x12, 0x12, 0x12)
    assert fake.queries == [1, 2, 3, 4]
    assert status.describe() == "正常"


@pytest.mark.parametrize(
    ("replies", "kind", "flag"),
    [(COVER_OPEN, PrintErrorKind.COVER_OPEN, "cover_open"), (PAPER_OUT, PrintErrorKind.PAPER_OUT, "paper_out")],
)
def test_escpos_serial_fault_blocks_printing(replies: dict[int, int], kind: PrintErrorKind, flag: str) -> None:
    printer = FakeSerialPrinter(replies)
    try:
        status = printer_status(_uri(printer))
        assert getattr(status, flag) and not status.ready and not status.online
        layout = build_layout(sample_slips()[SlipKind.RECEIPT], 58)
        with pytest.raises(PrintError) as caught:
            print_layout(layout, _uri(printer))
        assert caught.value.kind is kind
        time.sleep(0.05)
        assert CASE_NO.encode() not in printer.received, "nothing of the job was sent to a faulty printer"
    finally:
        printer.close()


def test_escpos_serial_silence_is_a_timeout() -> None:
    printer = FakeSerialPrinter({})
    try:
        started = time.monotonic()
        with pytest.raises(PrintError) as caught:
            printer_status(_uri(printer))
        elapsed = time.monotonic() - started
        assert caught.value.kind is PrintErrorKind.TIMEOUT
        assert "未应答" in str(caught.value)
        assert 0.25 <= elapsed < 1.5, "bounded by the status timeout, not the pyserial default"
    finally:
        printer.close()


def test_escpos_serial_garbage_and_stale_bytes_are_ignored(fake: FakeSerialPrinter) -> None:
    # a stale paper-out answer (0x72, left over from an earlier job) and garbage arrive after the port opened
    with open_transport(_uri(fake)) as transport:
        fake.inject(b"\x72\xff\x00")
        time.sleep(0.1)
        status = transport.status()
    assert status.ready and not status.paper_out
    assert status.raw == (0x16, 0x12, 0x12, 0x12)


def test_escpos_serial_garbage_answers_count_as_silence() -> None:
    printer = FakeSerialPrinter({1: 0xFF, 2: 0x00})
    try:
        with pytest.raises(PrintError) as caught:
            printer_status(_uri(printer))
        assert caught.value.kind is PrintErrorKind.TIMEOUT
    finally:
        printer.close()


def test_escpos_serial_near_end_prints_with_a_warning() -> None:
    printer = FakeSerialPrinter(NEAR_END)
    try:
        layout = build_layout(sample_slips()[SlipKind.RECEIPT], 80)
        result = print_layout(layout, _uri(printer))
        assert result.status_before.paper_near_end and result.warning
        _wait_for(printer, result.bytes_sent)
        assert CASE_NO.encode() in printer.received
    finally:
        printer.close()


def test_escpos_serial_prints_the_whole_job(fake: FakeSerialPrinter) -> None:
    layout = build_layout(sample_slips()[SlipKind.RECEIPT], 58)
    result = print_layout(layout, _uri(fake))
    _wait_for(fake, result.bytes_sent + 12)
    job = bytes(fake.received)[12:]  # the four DLE EOT queries come first
    assert len(job) == result.bytes_sent
    decoded = decode(job)
    assert CASE_NO in decoded.text and decoded.cuts == ["full"]


def test_escpos_serial_send_payload_without_status_check(fake: FakeSerialPrinter) -> None:
    send_payload(b"\x1b@hello\n", _uri(fake), check_status=False)
    _wait_for(fake, 8)
    assert bytes(fake.received) == b"\x1b@hello\n"
    assert fake.queries == []


def test_escpos_serial_missing_port_is_offline() -> None:
    with pytest.raises(PrintError) as caught:
        printer_status("serial:/dev/hallclient-no-such-port")
    assert caught.value.kind is PrintErrorKind.OFFLINE
    assert "/dev/hallclient-no-such-port" in str(caught.value)
