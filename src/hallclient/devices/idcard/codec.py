"""GA 467 SAM frame codec: build and parse frames, resynchronise on the preamble (idcard-protocol.md §2, §4).

A frame is ``AA AA AA 96 69 | LEN (2 B, big-endian, unsigned) | body | CHK``, LEN counts body + CHK and CHK is
the XOR of every byte from LEN up to the last body byte. Commands carry ``CMD Para Data``; replies carry
``SW1 SW2 SW3 Data``. Checksums are always computed, never copied from tables (public drivers ship wrong ones).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import reduce

from hallclient.devices.idcard.errors import IdCardChecksumError, IdCardFramingError

PREAMBLE = b"\xaa\xaa\xaa\x96\x69"
HEADER_SIZE = len(PREAMBLE) + 2
MIN_LEN = 3  # CMD + Para + CHK: the shortest legal frame
MAX_LEN = 4096  # the largest real reply is 2321 bytes (LEN 0x090A); anything far beyond is line noise

BAUD_RATES: tuple[int, ...] = (115200, 57600, 38400, 19200, 9600)  # probing order: factory default first
_BAUD_PARA = {115200: 0x00, 57600: 0x01, 38400: 0x02, 19200: 0x03, 9600: 0x04}


def xor_checksum(data: bytes) -> int:
    return reduce(lambda acc, byte: acc ^ byte, data, 0)


def encode_frame(body: bytes) -> bytes:
    """Wrap a command or reply body in preamble, length and checksum."""
    length = len(body) + 1
    if length > MAX_LEN:
        raise ValueError(f"frame body too long: {len(body)} bytes")
    head = length.to_bytes(2, "big") + body
    return PREAMBLE + head + bytes([xor_checksum(head)])


@dataclass(frozen=True)
class Command:
    """A host → SAM command."""

    cmd: int
    para: int
    data: bytes = b""

    def encode(self) -> bytes:
        return encode_frame(bytes([self.cmd, self.para]) + self.data)

    @property
    def label(self) -> str:
        return COMMAND_NAMES.get((self.cmd, self.para), f"0x{self.cmd:02X} 0x{self.para:02X}")


@dataclass(frozen=True)
class Response:
    """A SAM → host reply; ``sw3`` is the SAM status, ``sw1``/``sw2`` the card's APDU status."""

    sw1: int
    sw2: int
    sw3: int
    data: bytes = b""

    def encode(self) -> bytes:
        return encode_frame(bytes([self.sw1, self.sw2, self.sw3]) + self.data)


RESET = Command(0x10, 0xFF)
STATUS = Command(0x11, 0xFF)
SAM_ID = Command(0x12, 0xFF)
FIND = Command(0x20, 0x01)
SELECT = Command(0x20, 0x02)
READ_BASE = Command(0x30, 0x01)
READ_BASE_FP = Command(0x30, 0x10)
READ_ADDRESS = Command(0x30, 0x03)

COMMAND_NAMES: dict[tuple[int, int], str] = {
    (0x10, 0xFF): "复位SAM",
    (0x11, 0xFF): "SAM状态检测",
    (0x12, 0xFF): "读SAM编号",
    (0x20, 0x01): "寻找证/卡",
    (0x20, 0x02): "选取证/卡",
    (0x30, 0x01): "读固定信息",
    (0x30, 0x10): "读固定信息和指纹",
    (0x30, 0x03): "读追加住址",
    (0x60, 0x00): "设置波特率",
    (0x61, 0xFF): "设置射频最大字节数",
}


def set_baud_command(baud: int) -> Command:
    """Command 0x60 with the rate's parameter; the SAM stores the new rate permanently."""
    if baud not in _BAUD_PARA:
        raise ValueError(f"unsupported baud rate {baud}; choose one of {', '.join(map(str, BAUD_RATES))}")
    return Command(0x60, _BAUD_PARA[baud])


def baud_for_para(para: int) -> int | None:
    for baud, value in _BAUD_PARA.items():
        if value == para:
            return baud
    return None


def set_max_rf_command(size: int) -> Command:
    return Command(0x61, 0xFF, bytes([size & 0xFF]))


def wire_seconds(nbytes: int, baud: int) -> float:
    """Transfer time of ``nbytes`` at 8N1 (10 bits per byte)."""
    return nbytes * 10 / baud


class FrameDecoder:
    """Incremental frame extraction from a byte stream that may hold noise, fragments and several frames.

    Bytes before a preamble are dropped; a preamble followed by an impossible length is treated as noise
    (one byte dropped, scanning resumes), so a corrupted header never swallows the frame behind it.
    """

    def __init__(self, max_len: int = MAX_LEN) -> None:
        self._buffer = bytearray()
        self._max_len = max_len
        self.discarded = 0  # bytes thrown away while resynchronising (reported in timeout messages)

    def feed(self, data: bytes) -> None:
        self._buffer += data

    def clear(self) -> None:
        self._buffer.clear()

    @property
    def buffered(self) -> int:
        return len(self._buffer)

    def _drop(self, count: int) -> None:
        del self._buffer[:count]
        self.discarded += count

    def _align(self) -> bool:
        """Move the buffer start to a preamble; False when none is there yet (a partial one is kept)."""
        index = self._buffer.find(PREAMBLE)
        if index >= 0:
            self._drop(index)
            return True
        keep = 0
        for size in range(min(len(PREAMBLE) - 1, len(self._buffer)), 0, -1):
            if self._buffer.endswith(PREAMBLE[:size]):
                keep = size
                break
        self._drop(len(self._buffer) - keep)
        return False

    def needed(self) -> int:
        """How many more bytes could complete the next frame (at least 1): the size of the next read."""
        if len(self._buffer) < HEADER_SIZE or not self._buffer.startswith(PREAMBLE):
            return max(1, HEADER_SIZE - len(self._buffer))
        length = int.from_bytes(self._buffer[5:7], "big")
        return max(1, HEADER_SIZE + length - len(self._buffer))

    def next_body(self) -> bytes | None:
        """The body of the next complete frame, or None until more bytes arrive.

        Raises :class:`IdCardChecksumError` for a complete frame with a wrong XOR; that frame is consumed.
        """
        while self._align():
            if len(self._buffer) < HEADER_SIZE:
                return None
            length = int.from_bytes(self._buffer[5:7], "big")  # unsigned: never sign-extend
            if not MIN_LEN <= length <= self._max_len:
                self._drop(1)
                continue
            total = HEADER_SIZE + length
            if len(self._buffer) < total:
                return None
            frame = bytes(self._buffer[:total])
            del self._buffer[:total]
            expected = xor_checksum(frame[5:-1])
            if frame[-1] != expected:
                raise IdCardChecksumError(f"读卡器应答校验和错误：收到 0x{frame[-1]:02X}，应为 0x{expected:02X}")
            return frame[HEADER_SIZE:-1]
        return None


def response_from_body(body: bytes) -> Response:
    if len(body) < 3:
        raise IdCardFramingError(f"读卡器应答过短：只有 {len(body)} 字节状态数据，至少应有 3 字节")
    return Response(body[0], body[1], body[2], bytes(body[3:]))


def command_from_body(body: bytes) -> Command:
    if len(body) < 2:
        raise IdCardFramingError(f"命令帧过短：只有 {len(body)} 字节")
    return Command(body[0], body[1], bytes(body[2:]))


def _single_body(frame: bytes) -> bytes:
    if not frame.startswith(PREAMBLE):
        raise IdCardFramingError("帧头错误：应以 AA AA AA 96 69 开始")
    if len(frame) < HEADER_SIZE:
        raise IdCardFramingError(f"帧不完整：只有 {len(frame)} 字节")
    length = int.from_bytes(frame[5:7], "big")
    if length < MIN_LEN or length > MAX_LEN:
        raise IdCardFramingError(f"帧长度字段不合理：{length}")
    if len(frame) != HEADER_SIZE + length:
        raise IdCardFramingError(f"帧长度不符：长度字段为 {length}，实际 {len(frame) - HEADER_SIZE} 字节")
    decoder = FrameDecoder()
    decoder.feed(frame)
    body = decoder.next_body()
    if body is None:  # pragma: no cover - the checks above guarantee a complete frame
        raise IdCardFramingError("帧不完整")
    return body


def parse_response(frame: bytes) -> Response:
    """Parse exactly one complete reply frame (no leading or trailing bytes)."""
    return response_from_body(_single_body(frame))


def parse_command(frame: bytes) -> Command:
    """Parse exactly one complete command frame."""
    return command_from_body(_single_body(frame))
