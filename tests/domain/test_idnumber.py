"""GB 11643 ID numbers as typed at the counter: every fault named precisely, age and green channel right."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hallclient.domain.idnumber import (
    IdNumber,
    InvalidIdNumber,
    age_on,
    check_digit,
    convert_legacy_15,
    green_channel_suggested,
    is_valid_id_number,
    parse_id_number,
    region_code_warning,
)
from hallclient.errors import HallError

TODAY = date(2025, 6, 1)
# The example printed in GB 11643-1999 itself.
STANDARD_EXAMPLE = "11010519491231002X"
# Hand-worked: weighted sum 262, 262 mod 11 = 9 -> "3".
SHENZHEN = "440304198506150023"
# Hand-worked: weighted sum 167, 167 mod 11 = 2 -> "X".
GUIYANG = "52010219900101123X"


def test_standard_example_parses_with_all_fields() -> None:
    assert parse_id_number(STANDARD_EXAMPLE, today=TODAY) == IdNumber(
        number=STANDARD_EXAMPLE,
        region_code="110105",
        birth_date=date(1949, 12, 31),
        sex="female",
        sex_code=2,
    )


def test_sex_from_the_seventeenth_digit() -> None:
    male = parse_id_number(GUIYANG, today=TODAY)  # 17th digit 3 (odd)
    female = parse_id_number(SHENZHEN, today=TODAY)  # 17th digit 2 (even)
    assert (male.sex, male.sex_code, male.birth_date) == ("male", 1, date(1990, 1, 1))
    assert (female.sex, female.sex_code, female.region_code) == ("female", 2, "440304")


def test_lower_case_x_full_width_and_spaces_are_normalised() -> None:
    assert parse_id_number("  52010219900101123x \n", today=TODAY).number == GUIYANG
    full_width = "５２０１０２１９９００１０１１２３ｘ"
    assert parse_id_number(full_width, today=TODAY).number == GUIYANG


def _with_check(first17: str) -> str:
    return first17 + check_digit(first17)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("00000019900101123X", r"^地址码错误：前两位“00”不是省级行政区划代码$"),
        ("990000199001011239", r"^地址码错误：外国人永久居留身份证号码第 2-3 位“90”不是省级行政区划代码$"),
        (_with_check("10010519491231002"), r"前两位“10”"),
        (_with_check("72000019900101123"), r"前两位“72”"),
        (_with_check("84000019900101123"), r"前两位“84”"),
        (_with_check("97112419810803002"), r"第 2-3 位“71”"),  # foreigners' numbers are issued on the mainland
    ],
)
def test_impossible_province_codes_are_refused(text: str, message: str) -> None:
    with pytest.raises(InvalidIdNumber, match=message):
        parse_id_number(text, today=TODAY)


def test_taiwan_hong_kong_macau_and_foreigners_numbers_still_parse_without_warning() -> None:
    for number in (
        _with_check("83000019900101123"),  # Taiwan residents' residence permit (2018)
        "810000199001011230",  # Hong Kong residents' residence permit (the bundled sample card)
        _with_check("82000019900101123"),
        _with_check("71000019900101123"),
        "911124198108030024",  # 2023 foreign permanent residence ID: 9, Beijing, 124 Canada
    ):
        assert parse_id_number(number, today=TODAY).warnings == (), number


def test_unknown_six_digit_code_is_a_warning_not_a_refusal() -> None:
    number = _with_check("11019919900101123")
    parsed = parse_id_number(number, today=TODAY)
    assert parsed.number == number
    assert parsed.warnings == (region_code_warning(number),)
    assert parsed.warnings[0].startswith("地址码 110199 不在内置的 GB/T 2260 历史代码表中")


def test_retired_region_codes_of_old_numbers_are_known() -> None:
    # 崇文区 (110103) was merged into 东城区 in 2010; 燕山区 (110110) existed only in the early 1980s.
    for first17 in ("11010319700101123", "11011019700101123", "52010219900101123"):
        assert parse_id_number(_with_check(first17), today=TODAY).warnings == ()


@pytest.mark.parametrize(
    ("text", "position", "char"),
    [
        ("①10105194912310" + "02X", 1, "①"),
        ("110105194912310¹2X", 16, "¹"),
        ("11010519491231٠02X", 15, "٠"),  # Arabic-Indic zero
        ("1101051949123１００２Ⅹ", 18, "Ⅹ"),  # Roman numeral ten, not the letter
    ],
)
def test_look_alike_digits_are_refused_not_folded(text: str, position: int, char: str) -> None:
    with pytest.raises(InvalidIdNumber, match=f"^身份证号码含非法字符：第 {position} 位“{char}”不是普通数字"):
        parse_id_number(text, today=TODAY)


def test_full_width_capital_x_is_accepted() -> None:
    assert parse_id_number("１１０１０５１９４９１２３１００２Ｘ", today=TODAY).number == STANDARD_EXAMPLE


def test_check_digit_matches_hand_worked_values() -> None:
    assert check_digit(STANDARD_EXAMPLE[:17]) == "X"
    assert check_digit(SHENZHEN[:17]) == "3"
    assert check_digit(GUIYANG[:17]) == "X"


def test_wrong_check_digit_says_which_one_is_expected() -> None:
    with pytest.raises(InvalidIdNumber, match=r"^校验位错误：末位应为 X$"):
        parse_id_number("520102199001011234", today=TODAY)
    with pytest.raises(InvalidIdNumber, match=r"末位应为 3$"):
        parse_id_number("440304198506150024", today=TODAY)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("52010219900101123", r"应为 18 位，实际为 17 位"),
        ("52010219900101123X9", r"应为 18 位，实际为 19 位"),
        ("", r"应为 18 位，实际为 0 位"),
        ("520102199001011", r"15 位旧身份证号码"),
        ("52010219900101123A", r"第 18 位“A”"),
        ("5201021990010X123X", r"第 14 位“X”"),
        ("520102 19900101123", r"第 7 位“ ”"),
        ("110105199002300012", r"出生日期不存在：19900230"),
        ("110105199013010012", r"出生日期不存在：19901301"),
        ("110105189912310012", r"出生日期不合理：1899-12-31 早于 1900 年"),
        ("110105202506020012", r"出生日期 2025-06-02 晚于今天 2025-06-01"),
    ],
)
def test_each_fault_has_its_own_message(text: str, message: str) -> None:
    with pytest.raises(InvalidIdNumber, match=message):
        parse_id_number(text, today=TODAY)


def test_invalid_id_number_is_a_hall_error_for_the_cli() -> None:
    with pytest.raises(HallError):
        parse_id_number("123", today=TODAY)


def test_is_valid_id_number() -> None:
    assert is_valid_id_number(SHENZHEN, today=TODAY)
    assert not is_valid_id_number("440304198506150024", today=TODAY)
    assert not is_valid_id_number("not a number", today=TODAY)


def test_birth_on_today_is_accepted() -> None:
    assert parse_id_number(SHENZHEN, today=date(1985, 6, 15)).birth_date == date(1985, 6, 15)


def test_convert_legacy_15_inserts_century_and_check_digit() -> None:
    assert convert_legacy_15("110105491231002") == STANDARD_EXAMPLE
    assert convert_legacy_15(" 440304850615002 ") == SHENZHEN


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("11010549123100", r"应为 15 位，实际为 14 位"),
        ("11010549123100A", r"第 15 位“A”"),
        ("110105490230002", r"出生日期不存在：19490230"),
        ("000105491231002", r"前两位“00”不是省级行政区划代码"),
        ("911124491231002", r"前两位“91”不是省级行政区划代码"),
        ("11010549123①002", r"第 12 位“①”不是普通数字"),
    ],
)
def test_convert_legacy_15_refuses_bad_input(text: str, message: str) -> None:
    with pytest.raises(InvalidIdNumber, match=message):
        convert_legacy_15(text)


def test_age_is_one_less_until_the_birthday() -> None:
    born = date(1990, 6, 15)
    assert age_on(born, date(2025, 6, 14)) == 34
    assert age_on(born, date(2025, 6, 15)) == 35
    assert age_on(born, date(2025, 12, 31)) == 35
    assert age_on(born, born) == 0


def test_age_of_a_leap_day_birth() -> None:
    born = date(2000, 2, 29)
    assert age_on(born, date(2021, 2, 28)) == 20
    assert age_on(born, date(2021, 3, 1)) == 21
    assert age_on(born, date(2024, 2, 28)) == 23
    assert age_on(born, date(2024, 2, 29)) == 24


def test_age_before_birth_is_refused() -> None:
    with pytest.raises(HallError, match="早于出生日期"):
        age_on(date(2000, 1, 2), date(2000, 1, 1))


def test_green_channel_from_the_sixtieth_birthday() -> None:
    born = date(1965, 6, 15)
    assert not green_channel_suggested(born, date(2025, 6, 14))
    assert green_channel_suggested(born, date(2025, 6, 15))
    assert green_channel_suggested(date(1930, 1, 1), date(2025, 6, 15))


_MAINLAND = [str(code) for code in (*range(11, 16), *range(21, 24), *range(31, 38), *range(41, 47))]
_MAINLAND += [str(code) for code in (*range(50, 55), *range(61, 66))]
_region = st.one_of(
    st.builds(
        lambda province, rest: province + rest,
        st.sampled_from([*_MAINLAND, "71", "81", "82", "83"]),
        st.from_regex(r"[0-9]{4}", fullmatch=True),
    ),
    st.builds(
        lambda province, nationality: f"9{province}{nationality}",
        st.sampled_from(_MAINLAND),
        st.from_regex(r"[0-9]{3}", fullmatch=True),
    ),
)
_first17 = st.builds(
    lambda region, born, seq: f"{region}{born:%Y%m%d}{seq}",
    _region,
    st.dates(min_value=date(1900, 1, 1), max_value=TODAY),
    st.from_regex(r"[0-9]{3}", fullmatch=True),
)


@given(_first17)
def test_any_17_digits_with_computed_check_digit_parse(first17: str) -> None:
    parsed = parse_id_number(first17 + check_digit(first17), today=TODAY)
    assert parsed.number[:17] == first17
    assert parsed.birth_date == date(int(first17[6:10]), int(first17[10:12]), int(first17[12:14]))
    assert parsed.sex_code == (1 if int(first17[16]) % 2 else 2)


@given(_first17, st.sampled_from("0123456789X"))
def test_any_other_last_character_fails(first17: str, last: str) -> None:
    expected = check_digit(first17)
    if last == expected:
        return
    with pytest.raises(InvalidIdNumber, match=f"末位应为 {expected}$"):
        parse_id_number(first17 + last, today=TODAY)


def test_future_birth_is_bounded_by_today_argument() -> None:
    tomorrow = TODAY + timedelta(days=1)
    first17 = f"110105{tomorrow:%Y%m%d}001"
    with pytest.raises(InvalidIdNumber, match="晚于今天"):
        parse_id_number(first17 + check_digit(first17), today=TODAY)
