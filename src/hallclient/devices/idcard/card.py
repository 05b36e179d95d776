"""What a read yields: :class:`CardData` (one card) and :class:`SamInfo` (the reader's security module).

Text fields are decoded leniently (a value that is not a valid date stays as printed) because a real card
with an odd field must still fill the form; the raw 256 text bytes, the WLT photo and the fingerprint
templates are kept untouched for archiving and for vendor decoders.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from hallclient.devices.idcard.errors import IdCardFramingError
from hallclient.devices.idcard.nations import ISSUER_CODES, nation_name, sex_name
from hallclient.devices.idcard.textblock import (
    FOREIGN_2017,
    FOREIGN_2023,
    HMT,
    RESIDENT,
    Layout,
    decode_text_block,
    decode_ucs2,
    detect_layout,
)
from hallclient.domain.idnumber import check_digit, green_channel_suggested

PERMANENT = "长期"
_ENGLISH_MAIN_CHARS = 35  # the 2023 layout's main English-name slot; the rest goes to the overflow slot
_PR_2017 = re.compile(r"[A-Z]{3}\d{12}")
_ID_18 = re.compile(r"\d{17}[\dX]")


def _iso_date(raw: str) -> str:
    """YYYYMMDD → YYYY-MM-DD; 长期 and anything that is not a calendar date are kept as printed."""
    parsed = _parse_date(raw)
    return parsed.isoformat() if parsed is not None else raw


def _parse_date(text: str) -> date | None:
    digits = text.replace("-", "")
    if len(digits) != 8 or not digits.isdigit():
        return None
    try:
        return date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        return None


@dataclass(frozen=True)
class CardData:
    """One card as read from the chip. ``card_type``: resident | foreign_permanent | hmt_residence | unknown."""

    card_type: str
    layout: str = ""  # resident | foreign_2017 | foreign_2023 | hmt | unknown
    name: str = ""
    sex: str = ""
    sex_code: str = ""
    nation: str = ""
    nation_code: str = ""
    birth_date: str = ""  # YYYY-MM-DD
    address: str = ""
    id_number: str = ""
    issuer: str = ""
    valid_from: str = ""  # YYYY-MM-DD
    valid_until: str = ""  # YYYY-MM-DD or 长期
    english_name: str = ""
    nationality: str = ""
    pass_number: str = ""
    issue_count: str = ""
    card_version: str = ""
    issuer_code: str = ""
    renewal_count: str = ""
    previous_number_link: str = ""
    appended_address: str = ""  # newest address from command 0x30 0x03, when the card has one
    raw_text: bytes = b""
    photo_wlt: bytes = b""
    fingerprint: bytes = b""

    @property
    def current_address(self) -> str:
        return self.appended_address or self.address

    @property
    def birth(self) -> date | None:
        return _parse_date(self.birth_date)

    @property
    def valid_until_date(self) -> date | None:
        return _parse_date(self.valid_until)

    def is_expired(self, today: date) -> bool:
        """True after the last valid day. 长期 never expires; a missing end date (unknown card type) cannot be
        judged and counts as not expired; a present but unreadable one counts as expired (check by eye)."""
        if self.valid_until in (PERMANENT, ""):
            return False
        end = self.valid_until_date
        return end is None or today > end

    @property
    def check_digit_ok(self) -> bool:
        """The number carries a correct GB 11643 check character (resident, HMT, 2023 foreign cards).

        2017 foreign permanent resident numbers have no check character; for them this means the
        number has its 3-letter + 12-digit form.
        """
        if self.layout == FOREIGN_2017.key:
            return _PR_2017.fullmatch(self.id_number) is not None
        if _ID_18.fullmatch(self.id_number) is None:
            return False
        return check_digit(self.id_number[:17]) == self.id_number[17]

    def green_channel_suggested(self, today: date) -> bool:
        """Card holders aged 60 or more are offered the green channel (绿色通道)."""
        born = self.birth
        return born is not None and born <= today and green_channel_suggested(born, today)

    def to_json_dict(self, *, include_binary: bool = False) -> dict[str, Any]:
        """The documented JSON: common keys always, the extra keys of the card's own type only."""
        result: dict[str, Any] = {
            "card_type": self.card_type,
            "name": self.name,
            "sex": self.sex,
            "sex_code": self.sex_code,
            "nation": self.nation,
            "nation_code": self.nation_code,
            "birth_date": self.birth_date,
            "address": self.address,
            "id_number": self.id_number,
            "issuer": self.issuer,
            "valid_from": self.valid_from,
            "valid_until": self.valid_until,
        }
        if self.layout == FOREIGN_2017.key:
            result.update(
                english_name=self.english_name,
                nationality=self.nationality,
                card_version=self.card_version,
                issuer_code=self.issuer_code,
                layout_version="2017",
            )
        elif self.layout == FOREIGN_2023.key:
            result.update(
                english_name=self.english_name,
                nationality=self.nationality,
                renewal_count=self.renewal_count,
                previous_number_link=self.previous_number_link,
                layout_version="2023",
            )
        elif self.layout == HMT.key:
            result.update(pass_number=self.pass_number, issue_count=self.issue_count)
        if self.appended_address:
            result["appended_address"] = self.appended_address
        if self.card_type == "unknown" or include_binary:
            result["raw_text_hex"] = self.raw_text.hex()
        if include_binary:
            result["photo_wlt_base64"] = base64.b64encode(self.photo_wlt).decode("ascii")
            result["fingerprint_base64"] = base64.b64encode(self.fingerprint).decode("ascii")
        return result


def card_from_blocks(text: bytes, photo: bytes = b"", fingerprint: bytes = b"", appended_address: str = "") -> CardData:
    """Decode a text block by its type flag; an undocumented type keeps only the raw bytes."""
    layout = detect_layout(text)
    common: dict[str, Any] = {
        "raw_text": bytes(text),
        "photo_wlt": bytes(photo),
        "fingerprint": bytes(fingerprint),
        "appended_address": appended_address,
    }
    if layout is None:
        return CardData(card_type="unknown", layout="unknown", **common)
    raw = decode_text_block(text, layout)
    sex_code = raw.get("sex_code", "")
    nation_code = raw.get("nation_code", "")
    issuer = raw.get("issuer", "")
    english = raw.get("english_name", "")
    if layout is FOREIGN_2017:
        issuer = ISSUER_CODES.get(raw["issuer_code"], raw["issuer_code"])
    elif layout is FOREIGN_2023:
        english = (raw["english_name"].ljust(_ENGLISH_MAIN_CHARS) + raw["english_name_extra"]).rstrip()
    name = raw.get("name", "") or english  # a foreigner without a Chinese name is filed under the English one
    return CardData(
        card_type=layout.card_type,
        layout=layout.key,
        name=name,
        sex=sex_name(sex_code),
        sex_code=sex_code,
        nation=nation_name(nation_code),
        nation_code=nation_code,
        birth_date=_iso_date(raw.get("birth_date", "")),
        address=raw.get("address", ""),
        id_number=raw.get("id_number", "").upper(),
        issuer=issuer,
        valid_from=_iso_date(raw.get("valid_from", "")),
        valid_until=_iso_date(raw.get("valid_until", "")),
        english_name=english,
        nationality=raw.get("nationality", ""),
        pass_number=raw.get("pass_number", ""),
        issue_count=raw.get("issue_count", ""),
        card_version=raw.get("card_version", ""),
        issuer_code=raw.get("issuer_code", ""),
        renewal_count=raw.get("renewal_count", ""),
        previous_number_link=raw.get("previous_number_link", ""),
        **common,
    )


def layout_for_json(values: Mapping[str, Any]) -> Layout:
    """The layout a card JSON (the shape :meth:`CardData.to_json_dict` produces) is written with."""
    card_type = values.get("card_type")
    if card_type == "resident":
        return RESIDENT
    if card_type == "hmt_residence":
        return HMT
    if card_type == "foreign_permanent":
        return FOREIGN_2023 if str(values.get("layout_version", "2017")) == "2023" else FOREIGN_2017
    raise ValueError(f"card_type 应为 resident、foreign_permanent 或 hmt_residence，实为 {card_type!r}")


def raw_fields_from_json(values: Mapping[str, Any]) -> tuple[Layout, dict[str, str]]:
    """Invert :meth:`CardData.to_json_dict`: the chip's raw field strings for writing a text block."""
    layout = layout_for_json(values)
    keys = {field.key for field in layout.fields}
    raw: dict[str, str] = {}
    for key in keys:
        value = values.get(key)
        if value is None:
            continue
        text = str(value)
        if key in ("birth_date", "valid_from", "valid_until") and text != PERMANENT:
            text = text.replace("-", "")
        raw[key] = text
    if layout is FOREIGN_2017 and "issuer_code" not in raw:
        by_name = {name: code for code, name in ISSUER_CODES.items()}
        raw["issuer_code"] = by_name.get(str(values.get("issuer", "")), "")
    if layout is FOREIGN_2023:
        english = str(values.get("english_name", ""))
        raw["english_name"] = english[:_ENGLISH_MAIN_CHARS].rstrip()
        raw["english_name_extra"] = english[_ENGLISH_MAIN_CHARS:]
    return layout, raw


def split_read_data(data: bytes, with_fingerprint: bool) -> tuple[bytes, bytes, bytes]:
    """Split a 0x30 0x01 / 0x30 0x10 reply into text, photo and fingerprint by its big-endian length fields."""
    head = 6 if with_fingerprint else 4
    if len(data) < head:
        raise IdCardFramingError(f"读卡应答数据过短：{len(data)} 字节")
    text_len = int.from_bytes(data[0:2], "big")
    photo_len = int.from_bytes(data[2:4], "big")
    fp_len = int.from_bytes(data[4:6], "big") if with_fingerprint else 0
    if head + text_len + photo_len + fp_len != len(data):
        raise IdCardFramingError(
            f"读卡应答长度不符：文字 {text_len} + 照片 {photo_len} + 指纹 {fp_len} 字节，"
            f"实际数据 {len(data) - head} 字节"
        )
    text = data[head : head + text_len]
    photo = data[head + text_len : head + text_len + photo_len]
    fingerprint = data[head + text_len + photo_len :]
    return text, photo, fingerprint


def join_read_data(text: bytes, photo: bytes, fingerprint: bytes | None) -> bytes:
    """The inverse of :func:`split_read_data` (used by the simulator); ``None`` means the 0x30 0x01 form."""
    head = len(text).to_bytes(2, "big") + len(photo).to_bytes(2, "big")
    if fingerprint is None:
        return head + text + photo
    return head + len(fingerprint).to_bytes(2, "big") + text + photo + fingerprint


def decode_appended_address(data: bytes) -> str:
    return decode_ucs2(data[:70])


@dataclass(frozen=True)
class SamInfo:
    """The reader's SAM: health (SW3 of the status check), its ID, and the baud rate it answered at."""

    status: int
    status_ok: bool
    message: str
    sam_id: str
    sam_id_raw: bytes
    baud: int

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "status": f"0x{self.status:02X}",
            "status_ok": self.status_ok,
            "message": self.message,
            "sam_id": self.sam_id,
            "sam_id_hex": self.sam_id_raw.hex(),
            "baud": self.baud,
        }


def format_sam_id(data: bytes) -> str:
    """Synjones form ``05.01-20101008-0012345678-1234567890`` (10-digit padding; HslCommunication's 9 is wrong)."""
    if len(data) < 16:
        raise IdCardFramingError(f"SAM 编号应为 16 字节，实际 {len(data)} 字节")
    first = int.from_bytes(data[4:8], "little")
    second = int.from_bytes(data[8:12], "little")
    third = int.from_bytes(data[12:16], "little")
    minor = (data[3] << 8) | data[2]
    return f"{data[1]}{data[0]}.{minor:02d}-{first:8d}-{second:010d}-{third:010d}"
