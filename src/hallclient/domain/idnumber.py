"""Citizen ID numbers (公民身份号码, GB 11643): parse, validate, convert, and derive age.

Clerks type numbers by hand whenever the card reader fails, so every fault gets its own precise one-line
message instead of a generic "invalid": the clerk must see at once which digit to re-check.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date

from hallclient.errors import HallError

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_CHARS = "10X98765432"  # indexed by (weighted sum mod 11)
_DIGITS = frozenset("0123456789")
_EARLIEST_BIRTH_YEAR = 1900
GREEN_CHANNEL_AGE = 60


class InvalidIdNumber(HallError):
    """A typed ID number that is not a valid GB 11643 number; the message says exactly what is wrong."""


@dataclass(frozen=True)
class IdNumber:
    """A validated 18-character ID number and what it encodes."""

    number: str  # 18 characters, check character upper-case
    region_code: str  # GB/T 2260 code of the place of first registration (6 digits)
    birth_date: date
    sex: str  # "male" / "female"
    sex_code: int  # 1 male, 2 female (GB/T 2261.1)


def _normalise(text: str) -> str:
    # NFKC folds full-width digits and "ｘ" typed through a Chinese input method into ASCII.
    return unicodedata.normalize("NFKC", text).strip().upper()


def check_digit(first17: str) -> str:
    """The GB 11643 check character ("0"-"9" or "X") for the first 17 digits."""
    if len(first17) != 17 or not set(first17) <= _DIGITS:
        raise InvalidIdNumber(f"计算校验位需要 17 位数字，收到“{first17}”")
    total = sum(int(char) * weight for char, weight in zip(first17, _WEIGHTS, strict=True))
    return _CHECK_CHARS[total % 11]


def _first_illegal(text: str, allow_last_x: bool) -> tuple[int, str] | None:
    for index, char in enumerate(text):
        if char in _DIGITS:
            continue
        if allow_last_x and char == "X" and index == len(text) - 1:
            continue
        return index + 1, char
    return None


def _birth_date(digits: str, today: date) -> date:
    """Validate an 8-digit YYYYMMDD birth date against the calendar and today."""
    try:
        born = date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        raise InvalidIdNumber(f"出生日期不存在：{digits}") from None
    if born.year < _EARLIEST_BIRTH_YEAR:
        raise InvalidIdNumber(f"出生日期不合理：{born.isoformat()} 早于 {_EARLIEST_BIRTH_YEAR} 年")
    if born > today:
        raise InvalidIdNumber(f"出生日期 {born.isoformat()} 晚于今天 {today.isoformat()}")
    return born


def parse_id_number(text: str, *, today: date | None = None) -> IdNumber:
    """Parse a typed 18-character ID number; accepts lower-case x, full-width forms and outer spaces.

    ``today`` bounds the birth date (defaults to the system date; tests pass it explicitly).
    """
    number = _normalise(text)
    if len(number) == 15 and set(number) <= _DIGITS:
        raise InvalidIdNumber("这是 15 位旧身份证号码，请先转换为 18 位")
    if len(number) != 18:
        raise InvalidIdNumber(f"身份证号码应为 18 位，实际为 {len(number)} 位")
    illegal = _first_illegal(number, allow_last_x=True)
    if illegal is not None:
        position, char = illegal
        raise InvalidIdNumber(f"身份证号码含非法字符：第 {position} 位“{char}”（只能是数字，末位可为 X）")
    born = _birth_date(number[6:14], today or date.today())
    expected = check_digit(number[:17])
    if number[17] != expected:
        raise InvalidIdNumber(f"校验位错误：末位应为 {expected}")
    sex_code = 1 if int(number[16]) % 2 == 1 else 2
    return IdNumber(
        number=number,
        region_code=number[:6],
        birth_date=born,
        sex="male" if sex_code == 1 else "female",
        sex_code=sex_code,
    )


def is_valid_id_number(text: str, *, today: date | None = None) -> bool:
    """True when :func:`parse_id_number` accepts ``text``."""
    try:
        parse_id_number(text, today=today)
    except InvalidIdNumber:
        return False
    return True


def convert_legacy_15(text: str, *, today: date | None = None) -> str:
    """Upgrade a 15-digit first-generation number: insert century 19, append the check digit."""
    legacy = _normalise(text)
    if len(legacy) != 15:
        raise InvalidIdNumber(f"旧身份证号码应为 15 位，实际为 {len(legacy)} 位")
    illegal = _first_illegal(legacy, allow_last_x=False)
    if illegal is not None:
        position, char = illegal
        raise InvalidIdNumber(f"旧身份证号码含非法字符：第 {position} 位“{char}”（只能是数字）")
    first17 = legacy[:6] + "19" + legacy[6:]
    _birth_date(first17[6:14], today or date.today())
    return first17 + check_digit(first17)


def age_on(birth: date, day: date) -> int:
    """Full years (周岁) on ``day``; one less until the birthday is reached.

    Someone born on 29 February reaches the new age on 1 March in a non-leap year.
    """
    if day < birth:
        raise HallError(f"日期 {day.isoformat()} 早于出生日期 {birth.isoformat()}")
    not_yet = (day.month, day.day) < (birth.month, birth.day)
    return day.year - birth.year - (1 if not_yet else 0)


def green_channel_suggested(birth_date: date, today: date) -> bool:
    """Applicants aged 60 or more are offered the green channel (绿色通道)."""
    return age_on(birth_date, today) >= GREEN_CHANNEL_AGE
