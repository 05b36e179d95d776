"""The 256-byte UCS-2LE text block and its layouts per card type (idcard-protocol.md §6).

One table per layout serves both directions: the driver decodes with it and the simulator encodes with it,
so the two can never disagree about an offset.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

TEXT_SIZE = 256
FLAG_OFFSET = 248
_PAD = " "


@dataclass(frozen=True)
class Field:
    key: str
    offset: int
    size: int  # bytes; two per character


@dataclass(frozen=True)
class Layout:
    key: str  # resident | foreign_2017 | foreign_2023 | hmt
    card_type: str  # the JSON card_type
    flag: str  # character at byte 248 (" " for resident cards)
    fields: tuple[Field, ...]


RESIDENT = Layout(
    "resident",
    "resident",
    " ",
    (
        Field("name", 0, 30),
        Field("sex_code", 30, 2),
        Field("nation_code", 32, 4),
        Field("birth_date", 36, 16),
        Field("address", 52, 70),
        Field("id_number", 122, 36),
        Field("issuer", 158, 30),
        Field("valid_from", 188, 16),
        Field("valid_until", 204, 16),
    ),
)

FOREIGN_2017 = Layout(
    "foreign_2017",
    "foreign_permanent",
    "I",
    (
        Field("english_name", 0, 120),
        Field("sex_code", 120, 2),
        Field("id_number", 122, 30),
        Field("nationality", 152, 6),
        Field("name", 158, 30),
        Field("valid_from", 188, 16),
        Field("valid_until", 204, 16),
        Field("birth_date", 220, 16),
        Field("card_version", 236, 4),
        Field("issuer_code", 240, 8),
    ),
)

# Reconstructed, not found verbatim in any source (§6.5 [U]); raw bytes are always kept alongside.
FOREIGN_2023 = Layout(
    "foreign_2023",
    "foreign_permanent",
    "Y",
    (
        Field("name", 0, 30),
        Field("sex_code", 30, 2),
        Field("renewal_count", 32, 4),
        Field("birth_date", 36, 16),
        Field("english_name", 52, 70),
        Field("id_number", 122, 36),
        Field("issuer", 158, 30),
        Field("valid_from", 188, 16),
        Field("valid_until", 204, 16),
        Field("english_name_extra", 220, 22),
        Field("nationality", 242, 6),
        Field("previous_number_link", 250, 6),
    ),
)

HMT = Layout(
    "hmt",
    "hmt_residence",
    "J",
    (
        Field("name", 0, 30),
        Field("sex_code", 30, 2),
        Field("birth_date", 36, 16),
        Field("address", 52, 70),
        Field("id_number", 122, 36),
        Field("issuer", 158, 30),
        Field("valid_from", 188, 16),
        Field("valid_until", 204, 16),
        Field("pass_number", 220, 18),
        Field("issue_count", 238, 4),
    ),
)

LAYOUTS: dict[str, Layout] = {layout.key: layout for layout in (RESIDENT, FOREIGN_2017, FOREIGN_2023, HMT)}


def decode_ucs2(raw: bytes) -> str:
    """UCS-2LE text with the space / NUL padding removed from the end only (names contain inner spaces)."""
    if len(raw) % 2:
        raw = raw[:-1]
    return raw.decode("utf-16-le", errors="replace").rstrip(" \x00")


def detect_layout(text: bytes) -> Layout | None:
    """The layout named by the type flag at byte 248; None for a card type nobody documents."""
    flag = text[FLAG_OFFSET : FLAG_OFFSET + 2]
    if flag in (b"\x20\x00", b"\x00\x00"):
        # A blank flag with a number starting '9' is the 2023 foreign card written without its flag.
        return FOREIGN_2023 if decode_ucs2(text[122:158]).startswith("9") else RESIDENT
    for layout in (FOREIGN_2017, HMT, FOREIGN_2023):
        if flag == layout.flag.encode("utf-16-le"):
            return layout
    return None


def decode_text_block(text: bytes, layout: Layout) -> dict[str, str]:
    """Every field of ``layout`` as a stripped string; a short block reads as padded with spaces."""
    padded = text[:TEXT_SIZE].ljust(TEXT_SIZE, b"\x20")
    return {field.key: decode_ucs2(padded[field.offset : field.offset + field.size]) for field in layout.fields}


def encode_text_block(layout: Layout, values: Mapping[str, str]) -> bytes:
    """The 256-byte block for ``values`` (unknown keys rejected, missing keys left blank)."""
    known = {field.key: field for field in layout.fields}
    unknown = set(values) - set(known)
    if unknown:
        raise ValueError(f"{layout.key} 版式没有这些字段：{', '.join(sorted(unknown))}")
    block = bytearray(_PAD.encode("utf-16-le") * (TEXT_SIZE // 2))
    for key, value in values.items():
        field = known[key]
        raw = value.encode("utf-16-le")
        if len(raw) > field.size:
            raise ValueError(f"{key} 超出证件容量：{len(raw) // 2} 个字符，最多 {field.size // 2} 个")
        block[field.offset : field.offset + field.size] = raw + _PAD.encode("utf-16-le") * (
            (field.size - len(raw)) // 2
        )
    if layout.flag != " ":
        block[FLAG_OFFSET : FLAG_OFFSET + 2] = layout.flag.encode("utf-16-le")
    return bytes(block)
