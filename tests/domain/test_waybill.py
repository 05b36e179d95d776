"""Waybill numbers per carrier: EMS/China Post S10 identifiers with their check digit, SF's form."""

from __future__ import annotations

import pytest

from hallclient.domain.waybill import Carrier, WaybillError, parse_carrier, s10_check_digit, validate_waybill


@pytest.mark.parametrize(
    ("serial", "digit"),
    [
        ("47312482", 9),  # UPU S10's own example, AA473124829GB
        ("12345678", 5),  # EA123456785CN
        ("00000000", 5),  # remainder 0: 11 is written 5
        ("00000012", 0),  # 9 + 14 = 23, 23 % 11 = 1: 10 is written 0
        ("00000001", 4),  # 7 % 11 = 7: 11 - 7
    ],
)
def test_s10_check_digit_follows_the_upu_weights(serial: str, digit: int) -> None:
    assert s10_check_digit(serial) == digit


@pytest.mark.parametrize(
    ("carrier", "text", "canonical"),
    [
        (Carrier.EMS, "EA123456785CN", "EA123456785CN"),
        (Carrier.EMS, "ea 1234 5678 5cn", "EA123456785CN"),
        (Carrier.EMS, "AA473124829GB", "AA473124829GB"),
        (Carrier.CHINA_POST, "RR473124829GB", "RR473124829GB"),
        (Carrier.CHINA_POST, "9876543210123", "9876543210123"),
        (Carrier.SF, "SF1234567890123", "SF1234567890123"),
        (Carrier.SF, "sf123456789012", "SF123456789012"),
    ],
)
def test_valid_numbers_are_kept_in_canonical_form(carrier: Carrier, text: str, canonical: str) -> None:
    assert validate_waybill(carrier, text) == canonical


@pytest.mark.parametrize(
    ("carrier", "text", "reason"),
    [
        (Carrier.EMS, "EA123456784CN", "校验位应为 5"),  # one digit miscopied
        (Carrier.EMS, "AA473124828GB", "校验位应为 9"),
        (Carrier.EMS, "EMS1234567890", "13 位"),  # the free text the demo used to make up
        (Carrier.EMS, "EA12345678CN", "13 位"),
        (Carrier.EMS, "", "请填写"),
        (Carrier.CHINA_POST, "98765432101", "13 位数字"),
        (Carrier.CHINA_POST, "RR473124828GB", "校验位应为 9"),
        (Carrier.SF, "SF12345678901", "SF 加 12 至 15 位数字"),
        (Carrier.SF, "SF1234567890123456", "SF 加 12 至 15 位数字"),
        (Carrier.SF, "1234567890123", "SF 加 12 至 15 位数字"),
    ],
)
def test_invalid_numbers_are_refused_with_the_reason(carrier: Carrier, text: str, reason: str) -> None:
    with pytest.raises(WaybillError, match=reason):
        validate_waybill(carrier, text)


def test_unknown_carrier_names_the_choices() -> None:
    assert parse_carrier(" EMS ") is Carrier.EMS
    with pytest.raises(WaybillError, match="未知的承运方：圆通"):
        parse_carrier("圆通")
