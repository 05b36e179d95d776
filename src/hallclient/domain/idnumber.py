"""Citizen ID numbers (公民身份号码, GB 11643): parse, validate, convert, and derive age.

Clerks type numbers by hand whenever the card reader fails, so every fault gets its own precise one-line
message instead of a generic "invalid": the clerk must see at once which digit to re-check.

The first two digits must be a GB/T 2260 province code (or 83, the 2018 Taiwan residence permits, or 9 and a
province code, the 2023 foreign permanent residence numbers). The full six-digit code is only looked up in a
bundled historical table: old numbers keep codes that were retired since, and the table lags new codes, so an
unknown one is a warning the clerk sees, never a refusal.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import cache

from hallclient.errors import HallError
from hallclient.paths import resource_path

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_CHARS = "10X98765432"  # indexed by (weighted sum mod 11)
DIGITS = frozenset("0123456789")
_EARLIEST_BIRTH_YEAR = 1900
GREEN_CHANNEL_AGE = 60
# Full-width digits and Ｘ as a Chinese input method types them; NFKC would also fold ① or ¹ into digits.
_FULL_WIDTH = str.maketrans(
    {**{chr(0xFF10 + value): str(value) for value in range(10)}, "Ｘ": "X", "ｘ": "X", "x": "X"}
)
# GB/T 2260 province-level codes of the mainland.
_MAINLAND_PROVINCES = frozenset(
    str(code)
    for span in ((11, 15), (21, 23), (31, 37), (41, 46), (50, 54), (61, 65))
    for code in range(span[0], span[1] + 1)
)
# 71 Taiwan, 81 Hong Kong, 82 Macau; 83 the 2018 residence permits of Taiwan residents (港澳台居民居住证;
# those of Hong Kong and Macau residents use 81 and 82).
_RESIDENT_PREFIXES = _MAINLAND_PROVINCES | {"71", "81", "82", "83"}
# 2023 foreign permanent residence ID numbers: 9, the issuing province, a 3-digit nationality code.
FOREIGN_PREFIX = "9"
REGION_TABLE_FILE = ("regions", "gbt2260-history.tsv")


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
    warnings: tuple[str, ...] = ()  # accepted, but the clerk should look again (an unknown region code)


def normalise_typed(text: str) -> str:
    """``text`` with full-width digits and Ｘ/ｘ/x folded to ASCII and outer spaces removed; nothing else changed."""
    return text.translate(_FULL_WIDTH).strip()


def check_digit(first17: str) -> str:
    """The GB 11643 check character ("0"-"9" or "X") for the first 17 digits."""
    if len(first17) != 17 or not set(first17) <= DIGITS:
        raise InvalidIdNumber(f"计算校验位需要 17 位数字，收到“{first17}”")
    total = sum(int(char) * weight for char, weight in zip(first17, _WEIGHTS, strict=True))
    return _CHECK_CHARS[total % 11]


def _first_illegal(text: str, allow_last_x: bool) -> tuple[int, str] | None:
    for index, char in enumerate(text):
        if char in DIGITS:
            continue
        if allow_last_x and char == "X" and index == len(text) - 1:
            continue
        return index + 1, char
    return None


def _illegal_char_message(label: str, position: int, char: str, allowed: str) -> str:
    """Says so when the character only looks like a digit (①, ¹, Arabic-Indic digits...)."""
    if unicodedata.numeric(char, None) is not None:
        return f"{label}含非法字符：第 {position} 位“{char}”不是普通数字（{allowed}）"
    return f"{label}含非法字符：第 {position} 位“{char}”（{allowed}）"


def _check_province(number: str, *, foreign_allowed: bool = True) -> None:
    if foreign_allowed and number.startswith(FOREIGN_PREFIX):
        if number[1:3] not in _MAINLAND_PROVINCES:
            raise InvalidIdNumber(f"地址码错误：外国人永久居留身份证号码第 2-3 位“{number[1:3]}”不是省级行政区划代码")
    elif number[:2] not in _RESIDENT_PREFIXES:
        raise InvalidIdNumber(f"地址码错误：前两位“{number[:2]}”不是省级行政区划代码")


@cache
def _known_region_codes() -> frozenset[str]:
    path = resource_path(*REGION_TABLE_FILE)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise HallError(f"无法读取行政区划代码表 {path}：{error.strerror}") from None
    return frozenset(line.split("\t", 1)[0] for line in lines if line and not line.startswith("#"))


def region_code_warning(number: str) -> str | None:
    """A warning when the six-digit region code of ``number`` is in no GB/T 2260 edition the app knows.

    Never a refusal: retired codes stay on old numbers and the bundled table lags new codes. Foreign
    permanent residence numbers carry a nationality code there instead, so they get no warning.
    """
    if number.startswith(FOREIGN_PREFIX) or number[:6] in _known_region_codes():
        return None
    return f"地址码 {number[:6]} 不在内置的 GB/T 2260 历史代码表中，请与证件核对（新设的代码也可能如此，不影响受理）"


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
    """Parse a typed 18-character ID number; accepts lower-case x, full-width digits and Ｘ, outer spaces.

    ``today`` bounds the birth date (defaults to the system date; tests pass it explicitly).
    """
    number = normalise_typed(text)
    if len(number) == 15 and set(number) <= DIGITS:
        raise InvalidIdNumber("这是 15 位旧身份证号码，请先转换为 18 位")
    if len(number) != 18:
        raise InvalidIdNumber(f"身份证号码应为 18 位，实际为 {len(number)} 位")
    illegal = _first_illegal(number, allow_last_x=True)
    if illegal is not None:
        position, char = illegal
        raise InvalidIdNumber(_illegal_char_message("身份证号码", position, char, "只能是数字，末位可为 X"))
    _check_province(number)
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
        warnings=tuple(warning for warning in (region_code_warning(number),) if warning),
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
    legacy = normalise_typed(text)
    if len(legacy) != 15:
        raise InvalidIdNumber(f"旧身份证号码应为 15 位，实际为 {len(legacy)} 位")
    illegal = _first_illegal(legacy, allow_last_x=False)
    if illegal is not None:
        position, char = illegal
        raise InvalidIdNumber(_illegal_char_message("旧身份证号码", position, char, "只能是数字"))
    _check_province(legacy, foreign_allowed=False)  # first-generation numbers predate the 9 prefix
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
