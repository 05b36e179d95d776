"""Waybill numbers (运单号) of the carriers a hall posts with, checked before anything is recorded.

The rules (docs/forwarding.md):

* **EMS** (中国邮政速递物流): a UPU S10 item identifier, 13 characters ``[A-Z]{2}\\d{8}\\d[A-Z]{2}``: two service
  letters, an 8-digit serial, the check digit, the country code. The check digit is S10's: the serial's digits
  weighted 8 6 4 2 3 5 9 7, ``11 - sum % 11``, where 10 is written 0 and 11 is written 5.
* **中国邮政** (China Post parcels and registered mail): an S10 identifier as above, or the 13 digits of a domestic
  parcel label (国内快递包裹), whose check rule is not published: only the form is checked there.
* **顺丰** (SF Express): ``SF`` followed by 12 to 15 digits; SF publishes no check digit.
"""

from __future__ import annotations

import re
from enum import StrEnum

from hallclient.errors import HallError


class Carrier(StrEnum):
    EMS = "ems"
    CHINA_POST = "china_post"
    SF = "sf"


CARRIER_LABELS: dict[Carrier, str] = {Carrier.EMS: "EMS", Carrier.CHINA_POST: "中国邮政", Carrier.SF: "顺丰速运"}

S10_WEIGHTS = (8, 6, 4, 2, 3, 5, 9, 7)
_S10 = re.compile(r"[A-Z]{2}(\d{8})(\d)[A-Z]{2}")
_SF = re.compile(r"SF\d{12,15}")
_POST_DOMESTIC = re.compile(r"\d{13}")


class WaybillError(HallError):
    """A waybill number that does not fit its carrier's format."""


def s10_check_digit(serial: str) -> int:
    """The UPU S10 check digit of an 8-digit serial number."""
    remainder = 11 - sum(int(digit) * weight for digit, weight in zip(serial, S10_WEIGHTS, strict=True)) % 11
    return {10: 0, 11: 5}.get(remainder, remainder)


def _check_s10(number: str, label: str) -> str | None:
    """Why ``number`` is not a valid S10 identifier, or None."""
    match = _S10.fullmatch(number)
    if match is None:
        return f"{label}运单号应为 13 位：2 个字母、9 位数字、2 个字母（如 EA123456785CN）"
    expected = s10_check_digit(match.group(1))
    if int(match.group(2)) != expected:
        return f"{label}运单号 {number} 的校验位应为 {expected}，请核对是否抄错"
    return None


def parse_carrier(text: str) -> Carrier:
    try:
        return Carrier(text.strip().lower())
    except ValueError:
        names = "、".join(f"{carrier.value}（{label}）" for carrier, label in CARRIER_LABELS.items())
        raise WaybillError(f"未知的承运方：{text.strip() or '（空）'}；可选 {names}") from None


def validate_waybill(carrier: Carrier, text: str) -> str:
    """The waybill number in canonical form (upper case, no spaces), or :class:`WaybillError` with the reason."""
    number = re.sub(r"[\s-]", "", text).upper()
    label = CARRIER_LABELS[carrier]
    if not number:
        raise WaybillError(f"请填写{label}运单号")
    problem: str | None
    if carrier is Carrier.EMS:
        problem = _check_s10(number, label)
    elif carrier is Carrier.CHINA_POST:
        problem = None if _POST_DOMESTIC.fullmatch(number) else _check_s10(number, label)
        if problem is not None and not _S10.fullmatch(number):
            problem = f"{label}运单号应为 13 位数字，或 2 个字母、9 位数字、2 个字母（如 RR123456785CN）"
    else:
        problem = None if _SF.fullmatch(number) else f"{label}运单号应为 SF 加 12 至 15 位数字（如 SF1234567890123）"
    if problem is not None:
        raise WaybillError(problem)
    return number
