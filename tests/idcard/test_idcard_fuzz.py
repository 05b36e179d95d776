"""Property-based fuzzing: garbage, half frames and mutated frames only ever yield the protocol error type."""

from __future__ import annotations

import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from idcard_helpers import hex_dump

from hallclient.devices.idcard import codec
from hallclient.devices.idcard.card import card_from_blocks, split_read_data
from hallclient.devices.idcard.codec import FrameDecoder, Response, parse_response
from hallclient.devices.idcard.driver import SamConnection
from hallclient.devices.idcard.errors import IdCardProtocolError

READ_REPLY = hex_dump("== full 0x30 0x01 response hex ==")
SEEDS = [
    READ_REPLY,
    bytes.fromhex("AAAAAA9669000800009F0000000097"),
    bytes.fromhex("AAAAAA96690004000080 84"),
    Response(0, 0, 0x90, bytes(16)).encode(),
]


@st.composite
def mutated_frames(draw: st.DrawFn) -> bytes:
    frame = bytearray(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(1, 6))):
        action = draw(st.sampled_from(["flip", "cut", "insert", "delete", "length"]))
        position = draw(st.integers(0, max(0, len(frame) - 1)))
        if action == "flip" and frame:
            frame[position] ^= draw(st.integers(1, 255))
        elif action == "cut":
            del frame[position:]
        elif action == "insert":
            frame[position:position] = draw(st.binary(min_size=1, max_size=8))
        elif action == "delete" and frame:
            del frame[position]
        elif action == "length" and len(frame) >= 7:
            frame[5:7] = draw(st.integers(0, 0xFFFF)).to_bytes(2, "big")
    return bytes(frame)


def _parse_everything(data: bytes) -> None:
    """Run every parsing layer the way the driver does; let only protocol errors escape."""
    try:
        response = parse_response(data)
    except IdCardProtocolError:
        response = None
    if response is not None and response.sw3 == 0x90:
        for with_fingerprint in (False, True):
            try:
                text, photo, fingerprint = split_read_data(response.data, with_fingerprint)
            except IdCardProtocolError:
                continue
            card = card_from_blocks(text, photo, fingerprint)
            card.to_json_dict(include_binary=True)
            _ = card.check_digit_ok, card.birth, card.valid_until_date
    decoder = FrameDecoder()
    decoder.feed(data)
    for _ in range(len(data) + 1):
        try:
            if decoder.next_body() is None:
                break
        except IdCardProtocolError:
            continue


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=600))
def test_idcard_fuzz_random_bytes(data: bytes) -> None:
    _parse_everything(data)


@settings(max_examples=200, deadline=None)
@given(mutated_frames())
def test_idcard_fuzz_mutated_frames(data: bytes) -> None:
    _parse_everything(data)


@settings(max_examples=200, deadline=None)
@given(st.binary(min_size=256, max_size=256))
def test_idcard_fuzz_text_blocks_always_decode(text: bytes) -> None:
    card = card_from_blocks(text)
    assert card.raw_text == text
    assert card.card_type in ("resident", "foreign_permanent", "hmt_residence", "unknown")


class ScriptedLine:
    """A serial-port stand-in that plays back fixed bytes in small pieces, then stays silent."""

    baudrate = 115200

    def __init__(self, data: bytes, piece: int) -> None:
        self._data = data
        self._piece = piece

    def write(self, data: bytes, /) -> int:
        return len(data)

    def read(self, size: int = 1, /) -> bytes:
        if not self._data:
            time.sleep(0.002)
            return b""
        chunk, self._data = self._data[: min(size, self._piece)], self._data[min(size, self._piece) :]
        return chunk

    def reset_input_buffer(self) -> None:
        return None

    def close(self) -> None:
        return None


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.binary(max_size=300), mutated_frames()), st.integers(1, 64))
def test_idcard_fuzz_driver_returns_within_its_timeout(data: bytes, piece: int) -> None:
    connection = SamConnection(ScriptedLine(data, piece), baud=115200, port="fuzz")
    timeout = 0.03
    started = time.monotonic()
    try:
        response = connection.exchange(codec.FIND, timeout=timeout)
    except IdCardProtocolError:
        response = None
    elapsed = time.monotonic() - started
    assert elapsed < 2 * timeout + 0.05  # two attempts at most (one resend after a checksum error)
    if response is not None:
        assert isinstance(response, Response)
