"""Case-number templates: configurable per province, refused when they could repeat a number offline."""

from __future__ import annotations

from datetime import date

import pytest

from hallclient.domain.caseno import DEFAULT_CASE_NUMBER_PATTERN, CaseNumberParts, CaseNumberTemplate
from hallclient.errors import HallError

DAY = date(2026, 2, 14)


def test_default_pattern_renders_and_parses_back() -> None:
    template = CaseNumberTemplate()
    assert template.pattern == DEFAULT_CASE_NUMBER_PATTERN == "{hall}{date}{device}{seq:04}"
    number = template.render("GY01", DAY, device="D3", seq=27)
    assert number == "GY0120260214D30027"
    assert template.parse(number) == CaseNumberParts(hall="GY01", day=DAY, window=None, device="D3", seq=27)
    assert template.matches(" GY0120260214D30027 ")


def test_numeric_codes_still_split_at_the_right_place() -> None:
    template = CaseNumberTemplate()
    number = template.render("A20", date(2025, 1, 1), device="03", seq=1)
    assert number == "A2020250101030001"
    assert template.parse(number) == CaseNumberParts(hall="A20", day=date(2025, 1, 1), window=None, device="03", seq=1)


def test_province_style_with_separators_window_and_short_date() -> None:
    template = CaseNumberTemplate("{hall}-{yymmdd}-W{window:03}-{seq:05}")
    number = template.render("520102", DAY, window=7, seq=123)
    assert number == "520102-260214-W007-00123"
    assert template.parse(number) == CaseNumberParts(hall="520102", day=DAY, window=7, device=None, seq=123)


def test_device_width_pads_and_chinese_literals_are_kept() -> None:
    template = CaseNumberTemplate("受{date}{device:03}{seq:04}")
    assert template.render("GY", DAY, device="7", seq=1) == "受202602140070001"


def test_seq_overflow_is_an_error_never_truncated() -> None:
    template = CaseNumberTemplate()
    assert template.render("GY", DAY, device="D1", seq=9999).endswith("9999")
    with pytest.raises(HallError, match=r"10000 超出编号模板 \{seq:04\} 的 4 位"):
        template.render("GY", DAY, device="D1", seq=10000)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"device": "D1", "seq": 0}, "流水号从 1 开始"),
        ({"device": None, "seq": 1}, "没有提供终端编码"),
        ({"device": "D-1", "seq": 1}, "终端编码“D-1”只能由字母和数字组成"),
    ],
)
def test_render_refuses_missing_or_bad_values(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(HallError, match=message):
        CaseNumberTemplate().render("GY", DAY, **kwargs)  # type: ignore[arg-type]


def test_window_overflow_and_missing_window() -> None:
    template = CaseNumberTemplate("{date}W{window:02}{seq:04}")
    with pytest.raises(HallError, match=r"100 超出编号模板 \{window:02\}"):
        template.render("GY", DAY, window=100, seq=1)
    with pytest.raises(HallError, match="没有提供窗口号"):
        template.render("GY", DAY, seq=1)


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        ("", "不能为空"),
        ("{hall}{device}{seq:04}", r"必须含日期 \{date\} 或 \{yymmdd\}"),
        ("{hall}{date}{device}", r"必须含当日流水号 \{seq\}"),
        ("{hall}{date}{seq:04}", r"必须含 \{device\} 或 \{window\}"),
        ("{hall}{date}{device}{serial:04}", r"未知占位符 \{serial:04\}"),
        ("{hall}{date}{device}{seq:4}", r"\{seq:4\} 的位数写法错误"),
        ("{hall}{date:08}{device}{seq:04}", r"\{date\} 不能指定位数"),
        ("{hall}{date}{device}{seq:04", "没有对应的“}”"),
        ("{hall}{date}{device}seq:04}", "没有对应的“{”"),
        ("{hall{date}}{device}{seq:04}", "没有对应的“}”"),
        ("{hall} {date}{device}{seq:04}", "不能含空白字符"),
        ("{date}{device}{seq:04}{seq:04}", r"\{seq\} 出现了不止一次"),
        ("{date}{yymmdd}{device}{seq:04}", r"\{date\} 与 \{yymmdd\} 只能用一个"),
        ("{date}{device}{seq}", r"\{device\} 与 \{seq\} 紧邻且都不定长"),
    ],
)
def test_bad_patterns_are_refused_with_a_clear_message(pattern: str, message: str) -> None:
    with pytest.raises(HallError, match=message):
        CaseNumberTemplate(pattern)


def test_validate_accepts_a_good_pattern() -> None:
    template = CaseNumberTemplate("{hall}-{date}-{window}-{seq}")
    template.validate()
    assert template.render("GY", DAY, window=12, seq=345) == "GY-20260214-12-345"
    assert template.parse("GY-20260214-12-345") == CaseNumberParts("GY", DAY, 12, None, 345)


@pytest.mark.parametrize(
    "text",
    [
        "GY0120260214D3",  # nothing left for the 4-digit sequence
        "GY0120260214D300A",  # sequence not numeric
        "GY0120261314D30027",  # month 13
        "GY0120260230D30027",  # 30 February passes the regex but is no date
        "GY01-20260214D30027",
        "",
    ],
)
def test_parse_rejects_text_the_template_could_not_issue(text: str) -> None:
    template = CaseNumberTemplate()
    assert template.parse(text) is None
    assert not template.matches(text)


def test_distinct_inputs_give_distinct_numbers() -> None:
    template = CaseNumberTemplate()
    numbers = {
        template.render("GY", day, device=device, seq=seq)
        for day in (date(2026, 2, 13), date(2026, 2, 14))
        for device in ("D1", "D2", "D12")
        for seq in range(1, 200)
    }
    assert len(numbers) == 2 * 3 * 199
