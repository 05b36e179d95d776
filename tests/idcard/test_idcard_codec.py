"""Frame codec, status table, text layouts and card data against the published and synthetic vectors."""

from __future__ import annotations

import hashlib
from datetime import date

import pytest
from idcard_helpers import VECTORS, hex_dump

from hallclient.devices.idcard import codec, status
from hallclient.devices.idcard.card import (
    CardData,
    card_from_blocks,
    decode_appended_address,
    format_sam_id,
    join_read_data,
    split_read_data,
)
from hallclient.devices.idcard.codec import Command, FrameDecoder, Response, parse_command, parse_response
from hallclient.devices.idcard.errors import IdCardChecksumError, IdCardFramingError, IdCardProtocolError
from hallclient.devices.idcard.textblock import RESIDENT, encode_text_block

COMMAND_FRAMES = {
    codec.RESET: "AA AA AA 96 69 00 03 10 FF EC",
    codec.STATUS: "AA AA AA 96 69 00 03 11 FF ED",
    codec.SAM_ID: "AA AA AA 96 69 00 03 12 FF EE",
    codec.FIND: "AA AA AA 96 69 00 03 20 01 22",
    codec.SELECT: "AA AA AA 96 69 00 03 20 02 21",
    codec.READ_BASE: "AA AA AA 96 69 00 03 30 01 32",
    codec.READ_BASE_FP: "AA AA AA 96 69 00 03 30 10 23",
    codec.READ_ADDRESS: "AA AA AA 96 69 00 03 30 03 30",
    codec.set_baud_command(115200): "AA AA AA 96 69 00 03 60 00 63",
    codec.set_baud_command(57600): "AA AA AA 96 69 00 03 60 01 62",
    codec.set_baud_command(38400): "AA AA AA 96 69 00 03 60 02 61",
    codec.set_baud_command(19200): "AA AA AA 96 69 00 03 60 03 60",
    codec.set_baud_command(9600): "AA AA AA 96 69 00 03 60 04 67",
    codec.set_max_rf_command(0x50): "AA AA AA 96 69 00 04 61 FF 50 CA",
}

RESPONSE_FRAMES = [
    ("AA AA AA 96 69 00 08 00 00 9F 00 00 00 00 97", 0x9F, b"\0\0\0\0"),
    ("AA AA AA 96 69 00 04 00 00 80 84", 0x80, b""),
    ("AA AA AA 96 69 00 0C 00 00 90 00 00 00 00 00 00 00 00 9C", 0x90, bytes(8)),
    ("AA AA AA 96 69 00 04 00 00 81 85", 0x81, b""),
    ("AA AA AA 96 69 00 04 00 00 41 45", 0x41, b""),
    ("AA AA AA 96 69 00 04 00 00 90 94", 0x90, b""),
    ("AA AA AA 96 69 00 04 00 00 60 64", 0x60, b""),
    ("AA AA AA 96 69 00 04 00 00 31 35", 0x31, b""),
]


def vector_line(prefix: str) -> bytes:
    """The hex bytes after the colon of the vectors-file line starting with ``prefix``."""
    for line in VECTORS.read_text(encoding="utf-8").splitlines():
        if line.startswith(prefix):
            return bytes.fromhex(line.split(": ", 1)[1].replace(" ", ""))
    raise AssertionError(f"no vector line {prefix!r}")


# The vectors file has 24 padding spaces; idcard-protocol.md §12.2 says "23 ×", which would not make 81 bytes.
ADDRESS_REPLY = vector_line("== 0x30 0x03 response (81 bytes)")


def hx(text: str) -> bytes:
    return bytes.fromhex(text.replace(" ", ""))


@pytest.mark.parametrize(("command", "frame"), list(COMMAND_FRAMES.items()))
def test_idcard_command_frames_match_published_bytes(command: Command, frame: str) -> None:
    assert command.encode() == hx(frame)
    assert parse_command(hx(frame)) == command


@pytest.mark.parametrize(("frame", "sw3", "data"), RESPONSE_FRAMES)
def test_idcard_published_responses_parse(frame: str, sw3: int, data: bytes) -> None:
    response = parse_response(hx(frame))
    assert (response.sw3, response.data) == (sw3, data)
    assert response.encode() == hx(frame)


def test_idcard_checksum_example_from_the_doc() -> None:
    assert codec.xor_checksum(bytes([0x00, 0x03, 0x20, 0x01])) == 0x22


def test_idcard_public_driver_constants_with_wrong_checksums_are_rejected() -> None:
    # §13.2: "…20 01 21" and "…20 00 22" circulate in public code; both have wrong checksums.
    for frame in ("AA AA AA 96 69 00 03 20 01 21", "AA AA AA 96 69 00 03 20 00 22"):
        with pytest.raises(IdCardChecksumError):
            parse_command(hx(frame))


def test_idcard_full_read_reply_vector_round_trips() -> None:
    frame = hex_dump("== full 0x30 0x01 response hex ==")
    assert len(frame) == 1295
    assert hashlib.sha256(frame).hexdigest() == "57d1266e68bb415772c2c1de0ec0275f6af6d6088ea283d1c379f26edf27434e"
    assert frame[-1] == 0x1A
    response = parse_response(frame)
    text, photo, fingerprint = split_read_data(response.data, with_fingerprint=False)
    assert text == hex_dump("== 256-byte text block, resident card ==")
    assert photo[:10] == bytes.fromhex("574C66007E00320000FF") and len(photo) == 1024
    assert fingerprint == b""
    assert Response(0, 0, 0x90, join_read_data(text, photo, None)).encode() == frame
    card = card_from_blocks(text, photo)
    assert card.name == "张三" and card.id_number == "110101199001011237"


def test_idcard_fingerprint_reply_vectors_have_documented_sizes_and_checksums() -> None:
    frame = hex_dump("== full 0x30 0x01 response hex ==")
    text, photo, _ = split_read_data(parse_response(frame).data, with_fingerprint=False)
    with_fp = Response(0, 0, 0x90, join_read_data(text, photo, bytes(1024))).encode()
    without_fp = Response(0, 0, 0x90, join_read_data(text, photo, b"")).encode()
    assert (len(with_fp), with_fp[-1], with_fp[:16]) == (
        2321,
        0x10,
        hx("AA AA AA 96 69 09 0A 00 00 90 01 00 04 00 04 00"),
    )
    assert (len(without_fp), without_fp[-1]) == (1297, 0x18)
    assert split_read_data(parse_response(with_fp).data, with_fingerprint=True)[2] == bytes(1024)


def test_idcard_appended_address_and_sam_id_vectors() -> None:
    assert len(ADDRESS_REPLY) == 81
    assert decode_appended_address(parse_response(ADDRESS_REPLY).data) == "北京市东城区测试路2号"
    response = parse_response(vector_line("== 0x12 0xFF response (27 bytes)"))
    assert format_sam_id(response.data) == "05.01-20101008-0012345678-1234567890"


def test_idcard_resident_text_block_vector() -> None:
    card = card_from_blocks(hex_dump("== 256-byte text block, resident card =="))
    assert card.to_json_dict() == {
        "card_type": "resident",
        "name": "张三",
        "sex": "男",
        "sex_code": "1",
        "nation": "汉",
        "nation_code": "01",
        "birth_date": "1990-01-01",
        "address": "北京市东城区测试路1号",
        "id_number": "110101199001011237",
        "issuer": "北京市公安局东城分局",
        "valid_from": "2020-01-01",
        "valid_until": "2040-01-01",
    }
    assert card.check_digit_ok


def test_idcard_permanent_end_date_vector() -> None:
    text = bytearray(hex_dump("== 256-byte text block, resident card =="))
    text[204:220] = hx("7F 95 1F 67 20 00 20 00 20 00 20 00 20 00 20 00")
    card = card_from_blocks(bytes(text))
    assert card.valid_until == "长期"
    assert not card.is_expired(date(2999, 1, 1))


def test_idcard_foreign_2017_vector() -> None:
    card = card_from_blocks(hex_dump("== 256-byte text block, foreigner 2017 (I) =="))
    assert card.card_type == "foreign_permanent"
    assert (card.english_name, card.name, card.nationality) == ("ZHANG, SAN TEST", "张三", "USA")
    assert (card.id_number, card.birth_date, card.valid_until) == ("USA110019900101", "1990-01-01", "2030-01-01")
    assert (card.issuer, card.issuer_code, card.card_version) == ("公安部", "1500", "01")
    assert card.to_json_dict()["layout_version"] == "2017"
    assert card.check_digit_ok  # no check character in 2017 numbers: the 3 letters + 12 digits form counts


def test_idcard_hmt_vector() -> None:
    card = card_from_blocks(hex_dump("== 256-byte text block, HK/Macau/Taiwan residence permit (J) =="))
    data = card.to_json_dict()
    assert data["card_type"] == "hmt_residence"
    assert (data["name"], data["id_number"], data["pass_number"], data["issue_count"]) == (
        "陈大文",
        "810000199001011230",
        "H12345678",
        "01",
    )
    assert data["nation"] == "" and data["valid_until"] == "2025-01-01"
    assert card.check_digit_ok
    assert card.is_expired(date(2025, 1, 2)) and not card.is_expired(date(2025, 1, 1))


def test_idcard_unknown_type_keeps_raw_bytes() -> None:
    text = bytearray(hex_dump("== 256-byte text block, resident card =="))
    text[248:250] = "Q".encode("utf-16-le")
    card = card_from_blocks(bytes(text), b"photo")
    assert card.card_type == "unknown" and card.name == ""
    assert card.raw_text == bytes(text) and card.photo_wlt == b"photo"
    assert card.to_json_dict()["raw_text_hex"] == bytes(text).hex()
    assert not card.check_digit_ok


def test_idcard_names_keep_inner_spaces_and_only_trailing_padding_is_stripped() -> None:
    # S1 cuts at the first space, which breaks foreign names; we must not.
    text = encode_text_block(RESIDENT, {"name": "阿 卜杜", "id_number": "110101199001011237"})
    assert card_from_blocks(text).name == "阿 卜杜"


@pytest.mark.parametrize(("code", "sex"), [("0", "未知"), ("1", "男"), ("2", "女"), ("9", "未说明")])
def test_idcard_all_four_sex_codes_are_distinct(code: str, sex: str) -> None:
    text = encode_text_block(RESIDENT, {"sex_code": code})
    assert card_from_blocks(text).sex == sex


def test_idcard_check_digit_failure_is_flagged() -> None:
    text = encode_text_block(RESIDENT, {"id_number": "110101199001011238"})
    assert not card_from_blocks(text).check_digit_ok


def test_idcard_green_channel_and_expiry() -> None:
    card = CardData(card_type="resident", birth_date="1950-03-15", valid_until="2015-03-01")
    assert card.green_channel_suggested(date(2010, 3, 15))
    assert not card.green_channel_suggested(date(2010, 3, 14))
    assert card.is_expired(date(2015, 3, 2)) and not card.is_expired(date(2015, 3, 1))
    assert CardData(card_type="resident", valid_until="2015-02-30").is_expired(date(2000, 1, 1))
    assert not CardData(card_type="unknown").is_expired(date(2000, 1, 1))


def test_idcard_every_status_code_has_both_messages() -> None:
    codes = {0x90, 0x9F, 0x91, 0x10, 0x11, 0x21, 0x23, 0x24, 0x31, 0x32, 0x33, 0x40, 0x41, 0x47, 0x60, 0x66, 0x80, 0x81}
    assert set(status.STATUS_TEXTS) == codes
    for code in codes:
        text = status.status_text(code)
        assert text.zh and text.en and "未知" not in text.zh
        assert f"0x{code:02X}" in status.status_message(code)
    assert status.status_message(0xAB).startswith("未知状态码 0xAB")


def test_idcard_decoder_resynchronises_after_noise_and_a_corrupted_frame() -> None:
    corrupted = hx("AA 00 AA AA 96 69 00 0C 00 00 90 00 00 00 00 00 00 9C")  # logged by S13b
    good = hx("AA AA AA 96 69 00 08 00 00 9F 00 00 00 00 97")
    decoder = FrameDecoder()
    decoder.feed(b"\x13\x37\xaa\xaa" + corrupted + good)
    body = decoder.next_body()
    assert body is not None and codec.response_from_body(body).sw3 == 0x9F
    assert decoder.next_body() is None


def test_idcard_decoder_takes_frames_byte_by_byte_and_back_to_back() -> None:
    frames = [hx(frame) for frame, _, _ in RESPONSE_FRAMES]
    decoder = FrameDecoder()
    seen = []
    for byte in b"".join(frames):
        decoder.feed(bytes([byte]))
        assert decoder.needed() >= 1
        body = decoder.next_body()
        if body is not None:
            seen.append(codec.response_from_body(body).sw3)
    assert seen == [sw3 for _, sw3, _ in RESPONSE_FRAMES]


def test_idcard_decoder_consumes_the_checksum_byte() -> None:
    # S31 leaves the checksum in the buffer; the next frame must start clean.
    decoder = FrameDecoder()
    decoder.feed(hx("AA AA AA 96 69 00 04 00 00 90 94") + hx("AA AA AA 96 69 00 04 00 00 80 84"))
    assert decoder.next_body() == hx("00 00 90")
    assert decoder.buffered == 11
    assert decoder.next_body() == hx("00 00 80")


def test_idcard_length_is_unsigned_and_bounded() -> None:
    body = bytes([0, 0, 0x90]) + bytes(range(200))  # LEN 0x00CC: low byte above 0x7F
    assert parse_response(Response(0, 0, 0x90, bytes(range(200))).encode()).data == body[3:]
    decoder = FrameDecoder()
    decoder.feed(codec.PREAMBLE + b"\xff\xff" + hx("AA AA AA 96 69 00 04 00 00 90 94"))
    assert decoder.next_body() == hx("00 00 90")  # an absurd LEN is noise, not a 65 KB wait


def test_idcard_checksum_error_is_typed_and_consumes_the_frame() -> None:
    decoder = FrameDecoder()
    decoder.feed(hx("AA AA AA 96 69 00 04 00 00 90 95") + hx("AA AA AA 96 69 00 04 00 00 80 84"))
    with pytest.raises(IdCardChecksumError, match="0x95"):
        decoder.next_body()
    assert decoder.next_body() == hx("00 00 80")


@pytest.mark.parametrize(
    "frame",
    [
        "",
        "AA AA AA 96",
        "AB AA AA 96 69 00 04 00 00 90 94",
        "AA AA AA 96 69 00 05 00 00 90 94",
        "AA AA AA 96 69 00 04 00 00 90 94 00",
        "AA AA AA 96 69 00 02 00 02",
        "AA AA AA 96 69 00 03 00 00 03",
    ],
)
def test_idcard_malformed_single_frames_raise_framing_errors(frame: str) -> None:
    with pytest.raises(IdCardFramingError):
        parse_response(hx(frame))


def test_idcard_inconsistent_read_lengths_are_a_protocol_error() -> None:
    with pytest.raises(IdCardProtocolError, match="长度不符"):
        split_read_data(hx("01 00 04 00") + bytes(100), with_fingerprint=False)


def test_idcard_wire_time_and_vectors_file_present() -> None:
    assert VECTORS.exists()
    assert codec.wire_seconds(1295, 115200) == pytest.approx(0.1124, abs=1e-3)
    assert codec.wire_seconds(1295, 9600) == pytest.approx(1.349, abs=1e-3)
