"""Slips say what the law says for the matter's type, end with their cut, and explain every QR code.

Each slip is rendered to ESC/POS and decoded back, so the assertions are about what reaches the paper.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import pytest
from escpos_decode import Decoded, Line, QrCode, decode

from hallclient.devices.printer.escpos_render import render_escpos
from hallclient.devices.printer.layout import build_layout, short_citation
from hallclient.devices.printer.samples import sample_slips
from hallclient.devices.printer.slips import (
    CompletionData,
    DeficiencyData,
    MaterialLine,
    NoticeData,
    QueueTicketData,
    ReceiptData,
    RefusalData,
    SlipData,
    SlipKind,
)
from hallclient.domain.catalog import MatterType
from hallclient.domain.legal_wording import WORDINGS

SLIPS = sample_slips()
TICKET = SLIPS[SlipKind.TICKET]
assert isinstance(TICKET, QueueTicketData)
LICENCE_LAW = "行政许可法"
APPEAL = "行政复议"


def _paper(slip: SlipData, width: int = 80) -> Decoded:
    return decode(render_escpos(build_layout(slip, width)))


def _text(slip: SlipData) -> str:
    """The decoded slip text with line breaks and hanging indents removed."""
    return "".join(line.text.strip() for line in _paper(slip).lines)


def _completion(matter_type: str, approved: bool) -> CompletionData:
    slip = SLIPS[SlipKind.COMPLETION]
    assert isinstance(slip, CompletionData)
    return replace(slip, matter_type=matter_type, approved=approved, result_name="")


# --- the decision words follow the type ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("matter_type", "approved", "words"),
    [
        (MatterType.LICENCE, True, "准予许可"),
        (MatterType.LICENCE, False, "不予许可"),
        (MatterType.PAYMENT, True, "予以给付"),  # 最低生活保障申请
        (MatterType.PAYMENT, False, "不予给付"),
        (MatterType.CONFIRMATION, True, "予以确认（登记）"),  # 工伤认定申请
        (MatterType.CONFIRMATION, False, "不予确认（登记）"),
        (MatterType.PUBLIC_SERVICE, True, "已办结"),  # 个人所得税纳税记录开具, 社会保障卡挂失与补换
        (MatterType.PUBLIC_SERVICE, False, "不予办理"),
        ("", True, "已办结"),  # a matter from a store imported before the type existed
        ("", False, "不予办理"),
    ],
)
def test_completion_slip_prints_the_decision_words_of_the_matter_type(
    matter_type: str, approved: bool, words: str
) -> None:
    text = _text(_completion(matter_type, approved))
    assert f"办理结果：{words}" in text
    if matter_type != MatterType.LICENCE:
        assert "许可" not in text


def test_every_type_has_its_own_words_and_only_a_licence_is_licensed() -> None:
    assert set(WORDINGS) == set(MatterType)
    for matter_type, wording in WORDINGS.items():
        licence = matter_type is MatterType.LICENCE
        assert ("许可" in wording.approved + wording.denied) is licence, matter_type
        assert (LICENCE_LAW in wording.basis) is licence, matter_type


def test_a_denied_completion_tells_of_appeal_rights_only_for_an_administrative_act() -> None:
    assert APPEAL in _text(_completion(MatterType.PAYMENT, approved=False))
    assert "六个月内依法提起行政诉讼" in _text(_completion(MatterType.LICENCE, approved=False))
    assert APPEAL not in _text(_completion(MatterType.PUBLIC_SERVICE, approved=False))
    assert APPEAL not in _text(_completion(MatterType.LICENCE, approved=True))


# --- the legal basis follows the type --------------------------------------------------------------------


@pytest.mark.parametrize("kind", [SlipKind.RECEIPT, SlipKind.NOTICE, SlipKind.REFUSAL])
def test_receipts_and_notices_cite_the_licensing_law_only_for_a_licence(kind: SlipKind) -> None:
    slip = SLIPS[kind]
    assert isinstance(slip, ReceiptData | NoticeData | RefusalData)
    # the receipt cites short (600-byte goal, issue 18): the same article, its number in digits
    licence, general = (
        ("依据《行政许可法》第32条", "依据《优化营商环境条例》")
        if kind is SlipKind.RECEIPT
        else ("依据：《行政许可法》第三十二条", "依据：《优化营商环境条例》")
    )
    assert licence in _text(replace(slip, matter_type=MatterType.LICENCE))
    for other in (MatterType.PUBLIC_SERVICE, MatterType.PAYMENT, MatterType.CONFIRMATION, ""):
        text = _text(replace(slip, matter_type=other))
        assert LICENCE_LAW not in text, other
        assert general in text, other


def test_a_reprinted_job_stored_before_the_type_keeps_the_basis_it_printed() -> None:
    slip = SLIPS[SlipKind.RECEIPT]
    assert isinstance(slip, ReceiptData)
    assert "依据《行政许可法》第32条" in _text(replace(slip, matter_type="", legal_basis="《行政许可法》第三十二条"))


def test_refusal_of_a_public_service_prints_no_appeal_rights() -> None:
    slip = SLIPS[SlipKind.REFUSAL]
    assert isinstance(slip, RefusalData)
    assert APPEAL in _text(replace(slip, matter_type=MatterType.CONFIRMATION))
    assert APPEAL not in _text(replace(slip, matter_type=MatterType.PUBLIC_SERVICE))


def test_deficiency_notice_consequence_uses_the_types_refusal_words() -> None:
    slip = SLIPS[SlipKind.DEFICIENCY]
    assert isinstance(slip, DeficiencyData)
    assert "按不予许可处理" in _text(replace(slip, matter_type=MatterType.LICENCE))
    payment = _text(replace(slip, matter_type=MatterType.PAYMENT))
    assert "按不予给付处理" in payment and "许可" not in payment.replace("食品经营许可", "")


# --- section 7: cut, materials, QR captions --------------------------------------------------------------


def _variants() -> list[SlipData]:
    completion = SLIPS[SlipKind.COMPLETION]
    assert isinstance(completion, CompletionData)
    collected = replace(completion, collected_at=datetime(2025, 3, 11, 9, 0), collector_name="张三丰")
    return [*SLIPS.values(), collected, replace(completion, progress_url="")]


@pytest.mark.parametrize("width", [58, 80])
@pytest.mark.parametrize("slip", _variants(), ids=lambda s: s.kind.value)
def test_every_slip_ends_with_its_cut(slip: SlipData, width: int) -> None:
    data = render_escpos(build_layout(slip, width))
    assert decode(data).after_last_cut == b"", "nothing may follow the cut (the old job ended with ESC a 0)"
    # the modes are still reset, before the cut: the last alignment command sent is "left"
    assert data.rfind(b"\x1ba") == data.rfind(b"\x1ba\x00")


def test_receipt_never_lists_a_received_material_in_0_copies() -> None:
    slip = SLIPS[SlipKind.RECEIPT]
    assert isinstance(slip, ReceiptData)
    lines = (MaterialLine("身份证", "原件", 1, 1), MaterialLine("不动产权属证书", "原件", 0, 0))
    text = _text(replace(slip, materials=lines))
    assert "0份" not in text
    # the heading names the form and count left out of the lines (原件, 1份); other forms and counts stay
    assert "已收材料（未注明的为原件1份）" in text
    assert "不动产权属证书 份数未登记" in text and "身份证 1页" in text


@pytest.mark.parametrize(
    "slip",
    [*SLIPS.values(), replace(TICKET, status_url="https://q.example.cn/A023")],
    ids=lambda s: s.kind.value,
)
def test_every_qr_code_has_a_caption_saying_what_scanning_does(slip: SlipData) -> None:
    events = _paper(slip).events
    for index, event in enumerate(events):
        if isinstance(event, QrCode):
            caption = events[index - 1]
            assert isinstance(caption, Line) and caption.text.startswith("扫码"), caption


def test_notice_qr_caption_says_it_shows_progress() -> None:
    slip = SLIPS[SlipKind.NOTICE]
    assert isinstance(slip, NoticeData) and slip.progress_url
    events = _paper(slip).events
    [index] = [i for i, event in enumerate(events) if isinstance(event, QrCode)]
    caption = events[index - 1]
    assert isinstance(caption, Line) and caption.text == "扫码查询办理进度" and caption.align == 1


@pytest.mark.parametrize(
    ("basis", "short"),
    [
        ("《行政许可法》第三十二条", "《行政许可法》第32条"),
        ("《某条例》第十条、第一百零五条", "《某条例》第10条、第105条"),
        ("《某办法》第九条第二款", "《某办法》第9条第二款"),
        ("《优化营商环境条例》", "《优化营商环境条例》"),
        ("第两条", "第两条"),  # not a numeral it knows: as it is
    ],
)
def test_the_receipt_cites_article_numbers_in_digits(basis: str, short: str) -> None:
    assert short_citation(basis) == short


def test_the_receipt_names_the_department_in_the_matter_line_unless_the_matter_names_it() -> None:
    slip = SLIPS[SlipKind.RECEIPT]
    assert isinstance(slip, ReceiptData)
    assert "事项：个体工商户设立登记（市场监督管理局）" in _text(slip)
    named = _text(replace(slip, matter_name="市场监督管理局个体工商户设立登记"))
    assert "事项：市场监督管理局个体工商户设立登记" in named and "（市场监督管理局）" not in named
    assert "部门：" not in named
    # the receipt leaves the contact phone off; the notice (a call may follow it) keeps it
    phoned = replace(slip.applicant, contact_phone="13912340000")
    assert "139****0000" not in _text(replace(slip, applicant=phoned))
    notice = SLIPS[SlipKind.NOTICE]
    assert isinstance(notice, NoticeData)
    assert "联系电话：139****0000" in _text(replace(notice, applicant=phoned))
