"""Unified social credit codes (统一社会信用代码, GB 32100-2015) of organisations.

Layout: 1 registration-authority code, 1 organisation-category code, 6 region digits (GB/T 2260),
9 organisation code (GB 11714), 1 check character over the first 17 (weights 3^i mod 31).
The category code is not checked against the authority: its table has been amended over time and a
false refusal at the counter costs more than a late one at the back office.
"""

from __future__ import annotations

import unicodedata

from hallclient.errors import HallError

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # 31 characters: no I, O, Z, S, V
_VALUES = {char: index for index, char in enumerate(ALPHABET)}
_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
# 1 机构编制 2 外交 3 司法行政 4 文化 5 民政 6 旅游 7 宗教 8 工会 9 市场监管(工商) A 军队编制 N 农业 Y 其他
REGISTRATION_AUTHORITIES = frozenset("123456789ANY")


class InvalidUscc(HallError):
    """Text that is not a valid unified social credit code; the message names the fault."""


def uscc_check_char(first17: str) -> str:
    """The check character for the first 17 characters of a code."""
    if len(first17) != 17 or any(char not in _VALUES for char in first17):
        raise InvalidUscc(f"计算校验码需要 17 位合法字符，收到“{first17}”")
    total = sum(_VALUES[char] * weight for char, weight in zip(first17, _WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def parse_uscc(text: str) -> str:
    """Validate and normalise (upper case, outer spaces and full-width forms removed) a credit code."""
    code = unicodedata.normalize("NFKC", text).strip().upper()
    if len(code) != 18:
        raise InvalidUscc(f"统一社会信用代码应为 18 位，实际为 {len(code)} 位")
    for position, char in enumerate(code, start=1):
        if char not in _VALUES:
            raise InvalidUscc(
                f"统一社会信用代码含非法字符：第 {position} 位“{char}”（只能是数字和除 I、O、Z、S、V 外的大写字母）"
            )
    if code[0] not in REGISTRATION_AUTHORITIES:
        raise InvalidUscc(f"统一社会信用代码第 1 位登记管理部门代码“{code[0]}”不存在")
    region = code[2:8]
    if not region.isdigit():
        raise InvalidUscc(f"统一社会信用代码第 3–8 位应为行政区划数字代码，实际为“{region}”")
    expected = uscc_check_char(code[:17])
    if code[17] != expected:
        raise InvalidUscc(f"统一社会信用代码校验码错误：末位应为 {expected}")
    return code


def is_valid_uscc(text: str) -> bool:
    """True when :func:`parse_uscc` accepts ``text``."""
    try:
        parse_uscc(text)
    except InvalidUscc:
        return False
    return True
