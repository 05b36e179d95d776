"""Masks shown in lists, on slips and in exports: the SPEC's examples plus the edge cases."""

from __future__ import annotations

import pytest

from hallclient.domain.masking import mask_id_number, mask_name, mask_phone


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("520102199001011234", "5201**********1234"),
        ("52010219900101123X", "5201**********123X"),
        ("110105491231002", "1101*******1002"),  # 15-digit legacy number
        (" 52010219900101123X ", "5201**********123X"),
        ("E12345678", "E*******8"),  # passport: never most of it visible
        ("AB1", "A*1"),
        ("12", "**"),
        ("", ""),
    ],
)
def test_mask_id_number(value: str, expected: str) -> None:
    assert mask_id_number(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("张三", "张*"),
        ("欧阳娜娜", "欧***"),
        ("李", "李"),
        ("John Smith", "J*** *****"),
        ("阿卜杜拉·买买提", "阿***·***"),
        (" 王小明 ", "王**"),
        ("", ""),
        ("   ", ""),
    ],
)
def test_mask_name(value: str, expected: str) -> None:
    assert mask_name(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("13812345678", "138****5678"),
        ("138-1234-5678", "138-****-5678"),
        ("0851-86812345", "085*-****2345"),
        ("86812345", "****2345"),
        ("12345", "****5"),
        ("12", "**"),
        ("", ""),
    ],
)
def test_mask_phone(value: str, expected: str) -> None:
    assert mask_phone(value) == expected


def test_masks_keep_the_length_of_the_value() -> None:
    assert len(mask_id_number("440304198506150023")) == 18
    assert len(mask_name("欧阳娜娜")) == 4
    assert len(mask_phone("+86 13812345678")) == len("+86 13812345678")
