"""The host side of the SAM protocol over pyserial: one command at a time, each with a baud-scaled deadline.

Known bugs of public drivers avoided here (idcard-protocol.md §13): checksums are computed, LEN is read
unsigned and the whole frame including its checksum is consumed, replies are resynchronised on the
preamble, decisions use SW3 only, reset is 0x10 0xFF, and the text block is split by its length fields.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol

from hallclient.devices.idcard import codec, status
from hallclient.devices.idcard.card import (
    CardData,
    SamInfo,
    card_from_blocks,
    decode_appended_address,
    format_sam_id,
    split_read_data,
)
from hallclient.devices.idcard.codec import BAUD_RATES, Command, FrameDecoder, Response
from hallclient.devices.idcard.errors import (
    IdCardCancelledError,
    IdCardChecksumError,
    IdCardFramingError,
    IdCardNoCardError,
    IdCardPortError,
    IdCardProtocolError,
    IdCardStatusError,
    IdCardTimeoutError,
)

log = logging.getLogger(__name__)

READ_SLICE = 0.05  # longest single blocking read: bounds how long a stop request waits
DEFAULT_BAUD = 115200

# Device-side budget per command (S9's vendor values, rounded up), before adding the wire time.
_DEVICE_BUDGET: dict[tuple[int, int], float] = {
    (0x10, 0xFF): 1.0,
    (0x11, 0xFF): 0.3,
    (0x12, 0xFF): 0.3,
    (0x20, 0x01): 0.5,
    (0x20, 0x02): 0.5,
    (0x30, 0x01): 3.0,
    (0x30, 0x10): 3.0,
    (0x30, 0x03): 1.0,
}
# Largest reply per command, for the wire-time part of the deadline.
_MAX_REPLY: dict[tuple[int, int], int] = {
    (0x12, 0xFF): 27,
    (0x20, 0x01): 15,
    (0x20, 0x02): 19,
    (0x30, 0x01): 1295,
    (0x30, 0x10): 2321,
    (0x30, 0x03): 81,
}


def command_timeout(command: Command, baud: int) -> float:
    """Device budget + 1.5 × wire time of command and largest reply: 9600 baud needs ~2 s more for a read."""
    key = (command.cmd, command.para)
    wire = codec.wire_seconds(len(command.encode()) + _MAX_REPLY.get(key, 11), baud)
    return _DEVICE_BUDGET.get(key, 0.5) + 1.5 * wire + 0.05


class Transport(Protocol):
    """What the driver needs from a serial port (pyserial's ``Serial`` fits; tests may pass fakes)."""

    baudrate: int

    def write(self, data: bytes, /) -> int | None: ...

    def read(self, size: int = 1, /) -> bytes: ...

    def reset_input_buffer(self) -> None: ...

    def close(self) -> None: ...


def open_serial(port: str, baud: int) -> Transport:
    """Open ``port`` 8N1 without flow control; exclusive on POSIX so two programs never share a reader."""
    import serial  # lazy: CLI start-up stays fast

    options: dict[str, object] = {}
    if os.name == "posix":
        options["exclusive"] = True
    try:
        transport: Transport = serial.Serial(
            port=port,
            baudrate=baud,
            bytesize=serial.EIGHTBITS,
            parity=serial.PARITY_NONE,
            stopbits=serial.STOPBITS_ONE,
            timeout=READ_SLICE,
            write_timeout=2.0,
            **options,
        )
    except (serial.SerialException, OSError, ValueError) as error:
        raise IdCardPortError(f"无法打开读卡器端口 {port}：{_reason(error)}") from error
    return transport


def _reason(error: BaseException) -> str:
    """The innermost OS reason ("No such file or directory"), not pyserial's nested wrapping of it."""
    inner = error.__context__ if isinstance(error.__context__, OSError) else error
    text = (inner.strerror if isinstance(inner, OSError) and inner.strerror else str(inner)).strip()
    return (text or type(error).__name__).splitlines()[0]


class SamConnection:
    """One open line to a SAM. Not thread-safe: the reader loop owns its connection."""

    def __init__(
        self, transport: Transport, *, baud: int, port: str = "", cancel: threading.Event | None = None
    ) -> None:
        self._transport = transport
        self.baud = baud
        self.port = port
        self._cancel = cancel
        self._decoder = FrameDecoder()

    def __enter__(self) -> SamConnection:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        try:
            self._transport.close()
        except Exception:  # closing a vanished port may fail; nothing is left to release
            log.debug("closing %s failed", self.port, exc_info=True)

    def set_line_baud(self, baud: int) -> None:
        try:
            self._transport.baudrate = baud
        except (OSError, ValueError) as error:
            raise IdCardPortError(f"无法设置端口 {self.port} 的波特率 {baud}：{_reason(error)}") from error
        self.baud = baud

    # -- one frame out, one frame back ---------------------------------------------------------------

    def _check_cancel(self) -> None:
        if self._cancel is not None and self._cancel.is_set():
            raise IdCardCancelledError("已停止读卡")

    def _send(self, command: Command) -> None:
        try:
            self._transport.reset_input_buffer()  # a late reply to an earlier command must not answer this one
            self._transport.write(command.encode())
        except IdCardProtocolError:
            raise
        except Exception as error:
            raise IdCardPortError(f"读卡器端口 {self.port} 写入失败（已拔出？）：{_reason(error)}") from error
        self._decoder.clear()

    def _receive(self, command: Command, timeout: float) -> Response:
        deadline = time.monotonic() + timeout
        self._decoder.discarded = 0
        while True:
            self._check_cancel()
            body = self._decoder.next_body()
            if body is not None:
                return codec.response_from_body(body)
            if time.monotonic() >= deadline:
                noise = f"，丢弃了 {self._decoder.discarded} 字节无效数据" if self._decoder.discarded else ""
                raise IdCardTimeoutError(
                    f"读卡器在 {timeout:.1f} 秒内未应答“{command.label}”"
                    f"（端口 {self.port or '?'}，{self.baud} 波特{noise}）"
                )
            try:
                chunk = self._transport.read(self._decoder.needed())
            except Exception as error:
                raise IdCardPortError(f"读卡器端口 {self.port} 读取失败（已拔出？）：{_reason(error)}") from error
            if chunk:
                self._decoder.feed(chunk)

    def exchange(self, command: Command, *, timeout: float | None = None) -> Response:
        """Send ``command`` and return its reply frame; a reply with a bad checksum is asked for once more."""
        budget = timeout if timeout is not None else command_timeout(command, self.baud)
        for attempt in (1, 2):
            self._send(command)
            try:
                response = self._receive(command, budget)
            except IdCardChecksumError:
                if attempt == 2:
                    raise
                log.info("checksum error in reply to %s; sending it again", command.label)
                continue
            if response.sw1 or response.sw2:
                log.debug("%s: SW1/SW2 = %02X %02X", command.label, response.sw1, response.sw2)
            return response
        raise AssertionError("unreachable")  # pragma: no cover

    def request(
        self, command: Command, expect: frozenset[int] = frozenset({status.SUCCESS}), *, timeout: float | None = None
    ) -> Response:
        """:meth:`exchange`, raising :class:`IdCardStatusError` unless SW3 is one of ``expect``."""
        response = self.exchange(command, timeout=timeout)
        if response.sw3 not in expect:
            raise IdCardStatusError(response.sw3, f"{command.label}失败：{status.status_message(response.sw3)}")
        return response

    # -- the command set -----------------------------------------------------------------------------

    def status(self, *, timeout: float | None = None) -> int:
        """SW3 of the SAM status check: 0x90 healthy, 0x60 self-test failed."""
        return self.exchange(codec.STATUS, timeout=timeout).sw3

    def reset(self) -> None:
        self.request(codec.RESET)

    def ensure_healthy(self) -> int:
        """Status check; a SAM reporting a failed self-test (0x60) is reset once and checked again."""
        code = self.status()
        if code == status.SELF_TEST_FAILED:
            log.info("SAM self-test failed; resetting it")
            self.exchange(codec.RESET)
            code = self.status()
        if code != status.SUCCESS:
            raise IdCardStatusError(code, f"读卡器安全模块异常：{status.status_message(code)}")
        return code

    def sam_id(self) -> tuple[str, bytes]:
        data = self.request(codec.SAM_ID).data
        return format_sam_id(data), data[:16]

    def find(self) -> bool:
        """True when a new card is in the field (9F); False for 0x80 (no card, or the card was already read)."""
        response = self.request(codec.FIND, frozenset({status.FIND_OK, status.FIND_FAILED}))
        return response.sw3 == status.FIND_OK

    def select(self) -> bool:
        """True when the card is selected (90); False for 0x81."""
        response = self.request(codec.SELECT, frozenset({status.SUCCESS, status.SELECT_FAILED}))
        return response.sw3 == status.SUCCESS

    def read_selected(self, *, with_fingerprint: bool = False, appended_address: bool = True) -> CardData:
        """Read the selected card: text + photo (+ fingerprint), then the newest appended address if asked."""
        command = codec.READ_BASE_FP if with_fingerprint else codec.READ_BASE
        data = self.request(command).data
        text, photo, fingerprint = split_read_data(data, with_fingerprint)
        address = ""
        if appended_address:
            address = self._appended_address()
        return card_from_blocks(text, photo, fingerprint, address)

    def _appended_address(self) -> str:
        """The newest appended address, or "" (0x91: none; other failures: not supported by this SAM)."""
        try:
            response = self.request(codec.READ_ADDRESS)
        except IdCardStatusError as error:
            if error.status != status.NO_CONTENT:
                log.info("appended address not available: %s", error)
            return ""
        if len(response.data) < 70:
            raise IdCardFramingError(f"追加住址应答数据应为 70 字节，实际 {len(response.data)} 字节")
        return decode_appended_address(response.data)

    def set_sam_baud(self, baud: int) -> None:
        """Change the SAM's stored rate (answered at the old rate), then follow it after the 5 ms pause."""
        self.request(codec.set_baud_command(baud))
        time.sleep(0.005)
        self.set_line_baud(baud)

    def probe_baud(self, rates: tuple[int, ...] = BAUD_RATES) -> int:
        """Find the rate the SAM answers at: 115200 first, then the others a previous user may have set."""
        for rate in rates:
            self._check_cancel()
            self.set_line_baud(rate)
            try:
                self.exchange(codec.STATUS, timeout=command_timeout(codec.STATUS, rate))
            except IdCardChecksumError:
                # A whole frame with a preamble arrived: the SAM is at this rate, the line is noisy.
                return rate
            except (IdCardTimeoutError, IdCardFramingError):
                log.debug("no answer at %d baud", rate)
                continue
            return rate
        tried = ", ".join(str(rate) for rate in rates)
        raise IdCardTimeoutError(f"读卡器无应答：端口 {self.port} 已尝试波特率 {tried}")


@contextmanager
def connect(port: str, baud: int | None = None, *, cancel: threading.Event | None = None) -> Iterator[SamConnection]:
    """An open connection at ``baud``, or at the probed rate when ``baud`` is None."""
    if baud is not None and baud not in BAUD_RATES:
        raise IdCardPortError(f"不支持的波特率 {baud}：可选 {', '.join(map(str, BAUD_RATES))}")
    connection = SamConnection(
        open_serial(port, baud or DEFAULT_BAUD), baud=baud or DEFAULT_BAUD, port=port, cancel=cancel
    )
    try:
        if baud is None:
            connection.probe_baud()
        yield connection
    finally:
        connection.close()


def read_card(
    port: str,
    baud: int | None = None,
    timeout: float = 10.0,
    *,
    with_fingerprint: bool = False,
    appended_address: bool = True,
    poll_interval: float = 0.2,
) -> CardData:
    """One read: wait up to ``timeout`` seconds for a card and return it.

    A card already read by an earlier session makes find answer 0x80 while it still selects, so select is
    tried even after a failed find. Raises :class:`IdCardNoCardError` (exit code 3) when no card came.
    """
    deadline = time.monotonic() + timeout
    last_failure = ""
    with connect(port, baud) as connection:
        connection.ensure_healthy()
        while True:
            found = connection.find()
            try:
                selected = connection.select()
            except IdCardStatusError:
                if found:
                    raise
                selected = False  # some SAMs reject select without a find (0x21): still no card
            if selected:
                try:
                    return connection.read_selected(
                        with_fingerprint=with_fingerprint, appended_address=appended_address
                    )
                except IdCardStatusError as error:
                    if error.status not in status.CARD_RETRY_STATUSES:
                        raise
                    last_failure = f"（最近一次：{error}）"
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise IdCardNoCardError(f"{timeout:g} 秒内未读到身份证{last_failure}")
            time.sleep(min(poll_interval, remaining))


def sam_info(port: str, baud: int | None = None) -> SamInfo:
    """The SAM's health and ID; a failed self-test is reported, not raised, so `idcard info` can show it."""
    with connect(port, baud) as connection:
        code = connection.status()
        if code == status.SUCCESS:
            sam_id, raw = connection.sam_id()
        else:
            sam_id, raw = "", b""
        return SamInfo(
            status=code,
            status_ok=code == status.SUCCESS,
            message=status.status_message(code),
            sam_id=sam_id,
            sam_id_raw=raw,
            baud=connection.baud,
        )
