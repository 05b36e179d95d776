"""GB 32100 unified social credit codes: real published codes pass, every typo is caught and named."""

from __future__ import annotations

import pytest

from hallclient.domain.uscc import ALPHABET, InvalidUscc, is_valid_uscc, parse_uscc, uscc_check_char
from hallclient.errors import HallError

# Published codes. Hand-worked check characters (weights 1,3,9,27,...; values 0-9, A=10 ... Y=30):
#   91350100M000100Y43: sum 1640, 1640 mod 31 = 28, 31 - 28 = 3 -> "3"
#   91110000802100433B: sum 485, 485 mod 31 = 20, 31 - 20 = 11 -> "B"
FUZHOU = "91350100M000100Y43"
BEIJING = "91110000802100433B"


@pytest.mark.parametrize("code", [FUZHOU, BEIJING])
def test_published_codes_are_accepted(code: str) -> None:
    assert parse_uscc(code) == code
    assert is_valid_uscc(code)


def test_check_char_matches_hand_worked_values() -> None:
    assert uscc_check_char(FUZHOU[:17]) == "3"
    assert uscc_check_char(BEIJING[:17]) == "B"


def test_lower_case_and_spaces_are_normalised() -> None:
    assert parse_uscc("  91110000802100433b ") == BEIJING
    assert parse_uscc("９１１１００００８０２１００４３３ｂ") == BEIJING


def test_alphabet_is_the_official_31_characters() -> None:
    assert len(ALPHABET) == 31
    assert not set("IOZSV") & set(ALPHABET)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("9111000080210043", r"应为 18 位，实际为 16 位"),
        ("91110000802100433B1", r"应为 18 位，实际为 19 位"),
        ("91110000802I00433B", r"第 12 位“I”"),
        ("9111000080210O433B", r"第 14 位“O”"),
        ("91110000802100433S", r"第 18 位“S”"),
        ("91110000-02100433B", r"第 9 位“-”"),
        ("01110000802100433B", r"第 1 位登记管理部门代码“0”不存在"),
        ("B1110000802100433B", r"第 1 位登记管理部门代码“B”不存在"),
        ("911A0000802100433B", r"第 3–8 位应为行政区划数字代码，实际为“1A0000”"),
        ("91110000802100433C", r"^统一社会信用代码校验码错误：末位应为 B$"),
        ("91350100M000100Y44", r"末位应为 3$"),
    ],
)
def test_each_fault_has_its_own_message(text: str, message: str) -> None:
    with pytest.raises(InvalidUscc, match=message):
        parse_uscc(text)


def test_every_single_character_typo_is_refused() -> None:
    for position in range(17):
        for char in ALPHABET:
            if char == BEIJING[position]:
                continue
            typo = BEIJING[:position] + char + BEIJING[position + 1 :]
            assert not is_valid_uscc(typo), typo


def test_invalid_uscc_is_a_hall_error() -> None:
    with pytest.raises(HallError):
        parse_uscc("")
