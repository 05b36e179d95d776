"""Width-aware wrapping, masking and the shape of each layout (independent of the transport)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hallclient.devices.printer.layout import (
    PAPER_58,
    PAPER_80,
    Cut,
    Qr,
    Text,
    build_layout,
    char_columns,
    paper_for,
    text_columns,
    wrap,
)
from hallclient.devices.printer.samples import sample_slips
from hallclient.devices.printer.slips import CompletionData, ReceiptData, SlipKind
from hallclient.errors import HallError


def test_slip_character_columns() -> None:
    assert [char_columns(c) for c in "A1中：￥·—×䶮𠮷"] == [1, 1, 2, 2, 2, 2, 2, 2, 2, 2]
    assert text_columns("受理编号：GY-1") == 14


def test_slip_paper_widths() -> None:
    assert (paper_for(58).columns, paper_for(58).dots) == (32, 384)
    assert (paper_for(80).columns, paper_for(80).dots) == (48, 576)
    with pytest.raises(HallError, match="58 或 80"):
        paper_for(76)


def test_slip_wrap_chinese_never_starts_a_line_with_closing_punctuation() -> None:
    text = "请按上述要求一次性补齐材料，到本窗口递交；补正材料齐全之日起受理并重新计算办理时限。"
    for width in range(8, 40):
        lines = wrap(text, width)
        assert "".join(lines) == text
        assert all(text_columns(line) <= width for line in lines)
        assert not any(line[0] in "，。；：、）" for line in lines)


def test_slip_wrap_keeps_case_numbers_and_urls_whole() -> None:
    lines = wrap("受理编号：GY20250304W03-0007", 20)
    assert lines == ["受理编号：", "GY20250304W03-0007"]
    long = "https://zwfw.example.cn/progress?case=GY20250304W03-0007"
    assert "".join(wrap(long, 16)) == long
    assert all(text_columns(line) <= 16 for line in wrap(long, 16))


def test_slip_wrap_hanging_indent() -> None:
    lines = wrap("依据：《中华人民共和国行政许可法》第三十二条", 20, indent=6)
    assert lines[0].startswith("依据：")
    assert all(line.startswith("      ") and not line[6:].startswith(" ") for line in lines[1:])
    assert "".join(line.strip() for line in lines) == "依据：《中华人民共和国行政许可法》第三十二条"


@settings(max_examples=150, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list("受理编号事项，。（）《》：ABC123-/ 䶮·—")), max_size=120),
    st.integers(min_value=4, max_value=48),
)
def test_slip_wrap_fits_and_loses_nothing(text: str, width: int) -> None:
    lines = wrap(text, width)
    assert all(text_columns(line) <= width for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")


@pytest.mark.parametrize("paper", [PAPER_58, PAPER_80])
@pytest.mark.parametrize("kind", list(SlipKind))
def test_slip_every_layout_fits_its_paper(kind: SlipKind, paper: object) -> None:
    layout = build_layout(sample_slips()[kind], paper)  # type: ignore[arg-type]
    assert layout.kind is kind
    for block in layout.blocks:
        if isinstance(block, Text):
            assert text_columns(block.text) * block.width_mul <= layout.paper.columns, block
    assert isinstance(layout.blocks[-1], Cut)


def test_slip_deficiency_notice_has_two_copies() -> None:
    layout = build_layout(sample_slips()[SlipKind.DEFICIENCY], 80)
    cuts = [i for i, b in enumerate(layout.blocks) if isinstance(b, Cut)]
    assert len(cuts) == 2
    first = [b.text for b in layout.blocks[: cuts[0]] if isinstance(b, Text)]
    second = [b.text for b in layout.blocks[cuts[0] :] if isinstance(b, Text)]
    assert "申请人联" in first and "存档联" in second
    assert any("申请人签名" in t for t in second) and not any("申请人签名" in t for t in first)
    assert any("补交期限" in t for t in first) and any("补交期限" in t for t in second)


def test_slip_receipt_for_immediate_matter_says_so() -> None:
    from dataclasses import replace

    receipt = sample_slips()[SlipKind.RECEIPT]
    assert isinstance(receipt, ReceiptData)
    slip = replace(receipt, promised_date=None, promised_days=None)
    text = build_layout(slip, 58).text()
    assert "即办件" in text and "承诺办结" not in text


def test_slip_qr_only_when_a_url_is_given() -> None:
    from dataclasses import replace

    receipt = sample_slips()[SlipKind.RECEIPT]
    assert isinstance(receipt, ReceiptData)
    assert any(isinstance(b, Qr) for b in build_layout(receipt, 58).blocks)
    without = replace(receipt, progress_url="")
    assert not any(isinstance(b, Qr) for b in build_layout(without, 58).blocks)


def test_slip_completion_becomes_a_collection_receipt_when_collected() -> None:
    from dataclasses import replace
    from datetime import datetime

    completion = sample_slips()[SlipKind.COMPLETION]
    assert isinstance(completion, CompletionData)
    slip = replace(completion, collected_at=datetime(2025, 3, 12, 10, 0), collector_name="张三丰")
    text = build_layout(slip, 80).text()
    assert "取件回执" in text and "取件人：张**" in text and "取件人签名" in text
