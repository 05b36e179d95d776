"""A virtual ID card reader on a pseudo-terminal, speaking the real SAM protocol (idcard-protocol.md §10).

The host side is the real pyserial driver opening the pty slave, so tests, the demo mode and the benchmark
exercise the production code. The simulator paces its replies at the line's wire speed, adds per-command
device latencies, follows the SAM's stored baud rate (a host at the wrong rate gets silence, as on a real
line) and injects faults on request. ``unplug()``/``replug()`` emulate pulling the USB cable; with ``link``
the port keeps a stable path across re-plugs.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import random
import select
import termios
import threading
import time
import tty
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hallclient.devices.idcard import codec, status
from hallclient.devices.idcard.card import CardData, join_read_data, raw_fields_from_json
from hallclient.devices.idcard.codec import Command, FrameDecoder, Response
from hallclient.devices.idcard.errors import IdCardChecksumError
from hallclient.devices.idcard.textblock import TEXT_SIZE, encode_text_block
from hallclient.errors import HallError
from hallclient.paths import resource_path

log = logging.getLogger(__name__)

WLT_HEADER = bytes.fromhex("574c66007e00320000ff")  # observed header of a real photo (§7); not a spec
DEFAULT_SAM_ID = bytes.fromhex("0500010090b732014e61bc00d2029649")  # 05.01-20101008-0012345678-1234567890
TEMPLATE_SIZE = 512
_CARD_STATUSES_WITH_SW12 = frozenset({0x31, 0x41, 0x47, 0x81})  # S15: these carry the card's own SW1/SW2

COMMAND_KEYS: dict[str, tuple[int, int]] = {
    "reset": (0x10, 0xFF),
    "status": (0x11, 0xFF),
    "samid": (0x12, 0xFF),
    "find": (0x20, 0x01),
    "select": (0x20, 0x02),
    "read": (0x30, 0x01),
    "readfp": (0x30, 0x10),
    "address": (0x30, 0x03),
}


@dataclass
class Latencies:
    """Device-side processing time per command, in seconds (wire time is added separately)."""

    status: float = 0.02
    reset: float = 0.1
    sam_id: float = 0.02
    find: float = 0.05
    select: float = 0.05
    read: float = 0.7  # §10: 500-900 ms of RF authentication and reading
    read_fp: float = 0.9
    address: float = 0.1
    other: float = 0.02

    @classmethod
    def instant(cls) -> Latencies:
        return cls(0, 0, 0, 0, 0, 0, 0, 0, 0)

    def for_command(self, key: tuple[int, int]) -> float:
        table = {
            (0x10, 0xFF): self.reset,
            (0x11, 0xFF): self.status,
            (0x12, 0xFF): self.sam_id,
            (0x20, 0x01): self.find,
            (0x20, 0x02): self.select,
            (0x30, 0x01): self.read,
            (0x30, 0x10): self.read_fp,
            (0x30, 0x03): self.address,
        }
        return table.get(key, self.other)


@dataclass
class Faults:
    """Fault injection; counters are consumed as replies go out. Change fields at any time."""

    stray_bytes: bytes = b""  # noise written before every reply's preamble
    fragment: bool = False  # replies dribble out in pieces of 1-16 bytes with small gaps
    extra_delay: float = 0.0  # added before every reply
    bad_checksums: int = 0  # corrupt the checksum of the next N replies
    forced_status: int | None = None  # answer with this SW3 (and no data) ...
    forced_command: tuple[int, int] | None = None  # ... only to this command (None: to every command)
    forced_count: int | None = None  # ... this many times (None: until cleared)
    remove_mid_read: bool = False  # next read: the card leaves the field, the SAM answers 0x41
    truncate_read: bool = False  # next read: half the reply, then nothing (a stalled module)
    silent: bool = False  # no reply at all


@dataclass
class SimCard:
    """What the virtual chip holds."""

    text: bytes
    photo: bytes = b""
    fingerprint: bytes = b""  # 0, 512 or 1024 bytes
    appended_address: str | None = None
    label: str = field(default="card")

    @classmethod
    def from_json_dict(cls, values: Mapping[str, Any], label: str = "card") -> SimCard:
        """A card from the JSON shape of :meth:`CardData.to_json_dict` (``raw_text_hex`` for unknown types)."""
        if "raw_text_hex" in values:
            text = bytes.fromhex(str(values["raw_text_hex"]))
            if len(text) != TEXT_SIZE:
                raise ValueError(f"raw_text_hex 应为 {TEXT_SIZE} 字节，实为 {len(text)} 字节")
        else:
            layout, raw = raw_fields_from_json(values)
            text = encode_text_block(layout, raw)
        seed = str(values.get("id_number", label))
        templates = int(values.get("fingerprint_templates", 0))
        if templates not in (0, 1, 2):
            raise ValueError("fingerprint_templates 应为 0、1 或 2")
        address = values.get("appended_address")
        return cls(
            text=text,
            photo=filler_photo(seed),
            fingerprint=b"".join(filler_template(seed, finger) for finger in range(templates)),
            appended_address=str(address) if address else None,
            label=label,
        )

    @classmethod
    def from_card_data(cls, card: CardData) -> SimCard:
        return cls(card.raw_text, card.photo_wlt, card.fingerprint, card.appended_address or None, card.name)


def filler_photo(seed: str) -> bytes:
    """1024 deterministic bytes that start like a real WLT photo; nothing may try to decode them."""
    out = bytearray(WLT_HEADER)
    block = seed.encode("utf-8")
    while len(out) < 1024:
        block = hashlib.sha256(block).digest()
        out += block
    return bytes(out[:1024])


def filler_template(seed: str, finger: int) -> bytes:
    """A 512-byte fingerprint template; byte 5 holds the finger-position code (§8)."""
    body = bytearray(hashlib.sha256(f"{seed}/{finger}".encode()).digest() * (TEMPLATE_SIZE // 32))
    body[0] = 0x43
    body[5] = 11 + finger  # 11 = right thumb, 12 = right index finger
    return bytes(body)


def card_json_path(name_or_path: str | os.PathLike[str]) -> Path:
    """A card file: a path, or the stem of a bundled sample under resources/cards/ (e.g. ``resident``)."""
    path = Path(name_or_path)
    if path.exists():
        return path
    bundled = resource_path("cards", f"{path.stem}.json")
    if bundled.exists() and path.parent == Path("."):
        return bundled
    raise HallError(f"找不到卡片文件：{name_or_path}")


def load_card(name_or_path: str | os.PathLike[str]) -> SimCard:
    path = card_json_path(name_or_path)
    try:
        values = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(values, dict):
            raise ValueError("文件应是一个 JSON 对象")
        return SimCard.from_json_dict(values, label=path.stem)
    except json.JSONDecodeError as error:  # json's own text is English
        raise HallError(f"卡片文件 {path} 无效：第 {error.lineno} 行第 {error.colno} 列不是有效的 JSON") from error
    except UnicodeDecodeError as error:
        raise HallError(f"卡片文件 {path} 无效：不是 UTF-8 文本") from error
    except (OSError, ValueError, TypeError) as error:
        raise HallError(f"卡片文件 {path} 无效：{error}") from error


_SPEEDS = {getattr(termios, f"B{rate}"): rate for rate in codec.BAUD_RATES}


class ReaderSimulator:
    """A SAM reader behind a pty. ``with ReaderSimulator(card) as sim: read_card(sim.port)``."""

    def __init__(
        self,
        card: SimCard | CardData | str | os.PathLike[str] | None = None,
        *,
        baud: int = 115200,
        latencies: Latencies | None = None,
        faults: Faults | None = None,
        link: str | os.PathLike[str] | None = None,
        sam_status: int = status.SUCCESS,
        sam_id: bytes = DEFAULT_SAM_ID,
        refind_same_card: bool = False,
        pace_wire: bool = True,
    ) -> None:
        if baud not in codec.BAUD_RATES:
            raise ValueError(f"unsupported baud rate {baud}")
        self.baud = baud
        self.latencies = latencies if latencies is not None else Latencies()
        self.faults = faults if faults is not None else Faults()
        self.sam_status = sam_status  # 0x60 answers every command but reset, which clears it
        self.sam_id = sam_id
        self.refind_same_card = refind_same_card  # a non-conforming SAM that finds an already-read card again
        self.pace_wire = pace_wire
        self.commands: list[Command] = []  # every command received, for tests and diagnostics
        self._link = Path(link) if link is not None else None
        self._lock = threading.RLock()
        self._card: SimCard | None = None
        self._card_read = False
        self._selected = False
        self._master = -1
        self._slave = -1
        self._slave_name = ""
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._rng = random.Random(467)
        if card is not None:
            self.insert_card(card)

    # -- lifecycle -----------------------------------------------------------------------------------

    def __enter__(self) -> ReaderSimulator:
        if self._thread is None:
            self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def port(self) -> str:
        """The path a host opens: the stable link when one was asked for, else the pty slave."""
        return str(self._link) if self._link is not None else self._slave_name

    @property
    def plugged(self) -> bool:
        return self._thread is not None

    def start(self) -> None:
        """Create the pty and start serving (also used to re-plug)."""
        if self._thread is not None:
            return
        master, slave = os.openpty()
        tty.setraw(slave)  # no echo, no line editing: the host sees only what the SAM sends
        os.set_blocking(master, False)
        self._master, self._slave = master, slave
        self._slave_name = os.ttyname(slave)
        if self._link is not None:
            temporary = self._link.with_name(self._link.name + ".new")
            temporary.unlink(missing_ok=True)
            os.symlink(self._slave_name, temporary)
            os.replace(temporary, self._link)
        with self._lock:
            self._card_read = False  # power cycle: the SAM forgets which card it has read
            self._selected = False
        self._stop.clear()
        self._thread = threading.Thread(target=self._serve, name="idcard-simulator", daemon=True)
        self._thread.start()

    def close(self) -> None:
        """Stop serving and destroy the pty (the host sees the device vanish)."""
        thread = self._thread
        if thread is None:
            return
        self._stop.set()
        thread.join(timeout=5)
        self._thread = None
        for fd in (self._master, self._slave):
            try:
                os.close(fd)
            except OSError:
                log.debug("pty fd %d already closed", fd)
        self._master = self._slave = -1
        if self._link is not None:
            self._link.unlink(missing_ok=True)

    def unplug(self) -> None:
        self.close()

    def replug(self) -> None:
        self.start()

    # -- the card in the field -----------------------------------------------------------------------

    def insert_card(self, card: SimCard | CardData | str | os.PathLike[str]) -> None:
        if isinstance(card, CardData):
            card = SimCard.from_card_data(card)
        elif not isinstance(card, SimCard):
            card = load_card(card)
        with self._lock:
            self._card = card
            self._card_read = False
            self._selected = False

    def remove_card(self) -> None:
        with self._lock:
            self._card = None
            self._card_read = False
            self._selected = False

    @property
    def card(self) -> SimCard | None:
        return self._card

    # -- serving -------------------------------------------------------------------------------------

    def _line_baud(self) -> int | None:
        try:
            return _SPEEDS.get(termios.tcgetattr(self._slave)[4])
        except termios.error:
            return None

    def _serve(self) -> None:
        decoder = FrameDecoder()
        while not self._stop.is_set():
            try:
                ready, _, _ = select.select([self._master], [], [], 0.05)
                if not ready:
                    continue
                data = os.read(self._master, 4096)
            except (BlockingIOError, InterruptedError):
                continue
            except OSError:
                return
            if self._line_baud() != self.baud:
                decoder.clear()  # at the wrong rate the SAM sees noise and answers nothing
                continue
            decoder.feed(data)
            while not self._stop.is_set():
                try:
                    body = decoder.next_body()
                except IdCardChecksumError:
                    self._send_reply(Response(0, 0, 0x10), 0.0, b"")
                    continue
                if body is None:
                    break
                if len(body) < 2:
                    self._send_reply(Response(0, 0, 0x11), 0.0, b"")
                    continue
                self._handle(codec.command_from_body(body))

    def _handle(self, command: Command) -> None:
        key = (command.cmd, command.para)
        with self._lock:
            self.commands.append(command)
            faults = self.faults
            latency = self.latencies.for_command(key) + faults.extra_delay
            latency += codec.wire_seconds(len(command.encode()), self.baud) if self.pace_wire else 0.0
            if faults.silent:
                return
            truncate = False
            response = self._forced(key)
            if response is None:
                if key in ((0x30, 0x01), (0x30, 0x10)) and faults.remove_mid_read and self._card is not None:
                    faults.remove_mid_read = False
                    self._card = None
                    self._card_read = self._selected = False
                    response = Response(0x6A, 0x82, status.READ_FAILED)
                else:
                    response = self._answer(command)
                    if key in ((0x30, 0x01), (0x30, 0x10)) and faults.truncate_read:
                        faults.truncate_read = False
                        truncate = True
            frame = response.encode()
            if faults.bad_checksums > 0:
                faults.bad_checksums -= 1
                frame = frame[:-1] + bytes([frame[-1] ^ 0x5A])
            if truncate:
                frame = frame[: len(frame) // 2]
            stray = faults.stray_bytes
        old_baud = self.baud
        self._send_reply_frame(frame, latency, stray, old_baud)
        if key[0] == 0x60 and response.sw3 == status.SUCCESS:
            new_baud = codec.baud_for_para(command.para)
            if new_baud is not None:
                self.baud = new_baud  # the reply went out at the old rate; the SAM now listens at the new one

    def _forced(self, key: tuple[int, int]) -> Response | None:
        faults = self.faults
        if faults.forced_status is None or faults.forced_command not in (None, key):
            return None
        code = faults.forced_status
        if faults.forced_count is not None:
            faults.forced_count -= 1
            if faults.forced_count <= 0:
                faults.forced_status = None
                faults.forced_count = None
        if code in _CARD_STATUSES_WITH_SW12:
            return Response(0x6A, 0x82, code)
        return Response(0, 0, code)

    def _answer(self, command: Command) -> Response:
        key = (command.cmd, command.para)
        if key == (0x10, 0xFF):
            self.sam_status = status.SUCCESS
            return Response(0, 0, status.SUCCESS)
        if self.sam_status != status.SUCCESS:
            return Response(0, 0, self.sam_status)
        card = self._card
        if key == (0x11, 0xFF):
            return Response(0, 0, status.SUCCESS)
        if key == (0x12, 0xFF):
            return Response(0, 0, status.SUCCESS, self.sam_id)
        if key == (0x20, 0x01):
            self._selected = False
            if card is not None and (not self._card_read or self.refind_same_card):
                return Response(0, 0, status.FIND_OK, bytes(4))
            return Response(0, 0, status.FIND_FAILED)
        if key == (0x20, 0x02):
            if card is None:
                return Response(0x6A, 0x82, status.SELECT_FAILED)
            self._selected = True
            return Response(0, 0, status.SUCCESS, bytes(8))
        if key in ((0x30, 0x01), (0x30, 0x10)):
            if card is None or not self._selected:
                return Response(0x6A, 0x82, status.READ_FAILED)
            self._card_read = True
            fingerprint = card.fingerprint if key == (0x30, 0x10) else None
            return Response(0, 0, status.SUCCESS, join_read_data(card.text, card.photo, fingerprint))
        if key == (0x30, 0x03):
            if card is None or not self._selected:
                return Response(0x6A, 0x82, status.READ_FAILED)
            if card.appended_address is None:
                return Response(0, 0, status.NO_CONTENT)
            padded = card.appended_address + " " * (35 - len(card.appended_address))
            address = padded.encode("utf-16-le")[:70]
            return Response(0, 0, status.SUCCESS, address)
        if command.cmd == 0x60 and codec.baud_for_para(command.para) is not None:
            return Response(0, 0, status.SUCCESS)
        if key == (0x61, 0xFF) and len(command.data) == 1:
            return Response(0, 0, status.SUCCESS)
        return Response(0, 0, 0x21)

    def _send_reply(self, response: Response, latency: float, stray: bytes) -> None:
        self._send_reply_frame(response.encode(), latency, stray, self.baud)

    def _send_reply_frame(self, frame: bytes, latency: float, stray: bytes, baud: int) -> None:
        if latency > 0 and self._stop.wait(latency):
            return
        payload = stray + frame
        if self.faults.fragment:
            pieces: list[bytes] = []
            offset = 0
            while offset < len(payload):
                size = self._rng.randint(1, 16)
                pieces.append(payload[offset : offset + size])
                offset += size
        else:
            step = max(1, baud // 2000)  # ~5 ms of line time per write keeps the pacing smooth
            pieces = [payload[i : i + step] for i in range(0, len(payload), step)]
        start = time.monotonic()
        sent = 0
        gaps = 0.0
        for piece in pieces:
            sent += len(piece)
            if self.faults.fragment:
                gaps += self._rng.uniform(0.0005, 0.003)  # the pieces arrive as separate reads on the host
            due = start + gaps + (codec.wire_seconds(sent, baud) if self.pace_wire else 0.0)
            wait = due - time.monotonic()
            if wait > 0 and self._stop.wait(wait):
                return
            if not self._write_all(piece):
                return

    def _write_all(self, data: bytes) -> bool:
        view = memoryview(data)
        while view:
            if self._stop.is_set():
                return False
            try:
                written = os.write(self._master, view)
            except BlockingIOError:
                select.select([], [self._master], [], 0.05)
                continue
            except OSError:
                return False
            view = view[written:]
        return True
