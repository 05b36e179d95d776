"""Every slip, rendered to ESC/POS and decoded back: Chinese text, case number, QR, sizes, cut, masking."""

from __future__ import annotations

import pytest
from escpos_decode import DecodeError, decode
from PIL import Image

from hallclient.devices.printer.errors import PrintError, PrintErrorKind
from hallclient.devices.printer.escpos_render import PrinterProfile, qr_image, render_escpos
from hallclient.devices.printer.layout import Align, Text, build_layout, paper_for, text_columns
from hallclient.devices.printer.samples import APPLICANT, CASE_NO, PROGRESS, sample_slips
from hallclient.devices.printer.slips import Applicant, CompletionData, ReceiptData, SlipKind, TestSlipData

WIDTHS = [58, 80]
SLIPS = sample_slips()

EXPECTED: dict[SlipKind, list[str]] = {
    SlipKind.RECEIPT: [
        "受理通知书",
        f"受理编号：{CASE_NO}",
        "个体工商户设立登记",
        "市场监督管理局",
        "经营场所证明",
        "承诺办结：2025-03-11",
        "王小燕",
        "0851-12345678",
        "5201**********123X",
        "申请人签收",
    ],
    SlipKind.NOTICE: ["一次性告知书", CASE_NO, "需补正以下2项材料", "经营场所证明", "委托书", "补正期限：2025-03-11"],
    SlipKind.REFUSAL: [
        "不予受理通知书",
        "不属于本机关职权范围",
        "贵阳市自然资源和规划局",
        "六十日内",
        "行政复议",
        "六个月内",
        "提起行政诉讼",
    ],
    SlipKind.DEFICIENCY: [
        "容缺受理通知书",
        "申请人联",
        "存档联",
        "健康证明",
        "窗口递交、邮寄、网上提交",
        "2025-03-20前",
        "逾期后果",
        "申请人签名",
    ],
    SlipKind.COMPLETION: ["办结通知", "准予许可", "营业执照"],
    SlipKind.TRANSFER: [
        "材料流转单",
        f"受理编号：{CASE_NO}",
        "办理渠道：跨省通办",
        "协议地区：四川省成都市",
        "对方联系人：李敏 028-12345678",
        "运单号：EA123456785CN",
        "随附材料（2项，共2份）",
        "参保缴费凭证 原件 1份2页",
        "移交人签名",
        "承运人签名",
        "接收人签名",
    ],
    SlipKind.BUNDLE_RECEIPT: [
        "一件事受理回执",
        "一件事：新生儿出生一件事",
        "办件（3件）",
        "受理编号：GY20250304W03-0009",
        "结果：即办",
        "承诺办结：2025-03-11",
        "已收材料（一次提交，各事项共用）",
        "申请人身份证 原件及复印件 2份1页",
        "申请人签收",
    ],
    SlipKind.ENQUIRY: ["首问登记转办单", "李*", "138****5678", "公安户政窗口"],
    SlipKind.TICKET: ["综合受理", "A023", "您前面还有 5 人等候"],
    SlipKind.TEST: ["打印机测试页", "倍宽倍高 A023"],
}


def _joined(text: str) -> str:
    """Decoded text with line breaks and hanging-indent spaces removed, so wrapped phrases can be found."""
    return "".join(part.strip() for part in text.split("\n"))


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("kind", list(SlipKind))
def test_escpos_slip_decodes_to_its_legal_text(kind: SlipKind, width: int) -> None:
    layout = build_layout(SLIPS[kind], width)
    data = render_escpos(layout)
    decoded = decode(data)
    assert data.startswith(b"\x1b@\x1bR\x00\x1c&"), "init, USA set and Chinese mode first"
    joined = _joined(decoded.text)
    for phrase in EXPECTED[kind]:
        assert phrase.replace(" ", "") in joined.replace(" ", ""), phrase
    assert decoded.cuts == (["full", "full"] if kind is SlipKind.DEFICIENCY else ["full"])
    assert decoded.events[-1] == ("cut", "full") or decoded.events[-1] == ("feed", 3)
    columns = paper_for(width).columns
    for line in decoded.lines:
        assert text_columns(line.text) * line.width <= columns, line


@pytest.mark.parametrize("width", WIDTHS)
def test_escpos_decoded_lines_match_the_layout_exactly(width: int) -> None:
    layout = build_layout(SLIPS[SlipKind.NOTICE], width)
    decoded = decode(render_escpos(layout))
    expected = [b for b in layout.blocks if isinstance(b, Text)]
    text_lines = [line for line in decoded.lines if line.text and set(line.text) != {"-"}]
    assert [line.text for line in text_lines] == [b.text for b in expected if b.text]
    align_code = {Align.LEFT: 0, Align.CENTER: 1, Align.RIGHT: 2}
    for line, block in zip(text_lines, [b for b in expected if b.text], strict=True):
        assert (line.align, line.width, line.height, line.bold) == (
            align_code[block.align],
            block.width_mul,
            block.height_mul,
            block.bold,
        )


@pytest.mark.parametrize("width", WIDTHS)
def test_escpos_receipt_qr_payload_title_size_and_masking(width: int) -> None:
    data = render_escpos(build_layout(SLIPS[SlipKind.RECEIPT], width))
    decoded = decode(data)
    assert [(q.payload, q.align) for q in decoded.qrs] == [(PROGRESS, 1)]
    assert decoded.qrs[0].module == (5 if width == 58 else 6)
    title = decoded.line("受理通知书")
    assert (title.width, title.height, title.bold, title.align) == (2, 2, True, 1)
    assert decoded.line(CASE_NO).width == 1
    # the full ID number and full name never reach the paper, in any encoding
    for secret in (APPLICANT.id_number, APPLICANT.name):
        assert secret not in decoded.text
        assert secret.encode("gb18030") not in data
    assert decoded.rasters == []


@pytest.mark.parametrize("width", WIDTHS)
def test_escpos_receipt_fits_the_600_byte_text_budget(width: int) -> None:
    assert len(render_escpos(build_layout(SLIPS[SlipKind.RECEIPT], width))) <= 600


def test_escpos_ticket_number_is_big() -> None:
    decoded = decode(render_escpos(build_layout(SLIPS[SlipKind.TICKET], 58)))
    number = decoded.line("A023")
    assert (number.width, number.height, number.align) == (4, 4, 1)
    assert decoded.lines[-1].width == 1 or all(line.width == 1 for line in decoded.lines[-2:])


def test_escpos_size_is_reset_before_the_job_ends() -> None:
    data = render_escpos(build_layout(SLIPS[SlipKind.TICKET], 80))
    assert data.rfind(b"\x1d!\x00") > data.rfind(b"\x1d!\x33")


def test_escpos_reprint_is_marked_prominently() -> None:
    from datetime import datetime

    layout = build_layout(SLIPS[SlipKind.RECEIPT], 58, reprint=True, reprinted_at=datetime(2025, 3, 5, 8, 0))
    decoded = decode(render_escpos(layout))
    first = decoded.lines[0]
    assert "补打" in first.text and (first.width, first.height, first.bold) == (2, 2, True)
    assert "补打时间 2025-03-05 08:00" in decoded.text
    plain = decode(render_escpos(build_layout(SLIPS[SlipKind.RECEIPT], 58)))
    assert "补打" not in plain.text


def _qr_from_raster(raster_bits: list[list[bool]], size: int) -> list[list[bool]]:
    rows = [r for r in raster_bits if any(r)]
    top = raster_bits.index(rows[0])
    left = min(r.index(True) for r in rows)
    module = 6
    return [
        [raster_bits[top + y * module + module // 2][left + x * module + module // 2] for x in range(size)]
        for y in range(size)
    ]


def test_escpos_qr_falls_back_to_an_image_that_carries_the_payload() -> None:
    import qrcode

    profile = PrinterProfile(paper=paper_for(80), native_qr=False)
    decoded = decode(render_escpos(build_layout(SLIPS[SlipKind.RECEIPT], 80), profile))
    assert decoded.qrs == []
    assert len(decoded.rasters) == 1
    raster = decoded.rasters[0]
    assert raster.width_bytes < 72, "no right margin is sent"
    bits = [[raster.pixel(x, y) for x in range(raster.width_bytes * 8)] for y in range(raster.height)]
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    code.add_data(PROGRESS.encode("utf-8"))
    code.make(fit=True)
    expected = code.get_matrix()
    assert _qr_from_raster(bits, len(expected)) == expected


def test_escpos_qr_image_is_centred_on_the_paper() -> None:
    image = qr_image(PROGRESS, 5, 384)
    assert image.size[0] <= 384
    dark_columns = [x for x in range(image.width) if any(image.getpixel((x, y)) == 0 for y in range(image.height))]
    assert abs((dark_columns[0] + dark_columns[-1]) / 2 - 192) <= 3


def test_escpos_no_qr_and_no_raster_is_a_classified_error() -> None:
    profile = PrinterProfile(paper=paper_for(58), native_qr=False, raster=False)
    with pytest.raises(PrintError) as caught:
        render_escpos(build_layout(SLIPS[SlipKind.RECEIPT], 58), profile)
    assert caught.value.kind is PrintErrorKind.UNSUPPORTED


def test_escpos_control_characters_in_data_cannot_inject_commands() -> None:
    from dataclasses import replace

    receipt = SLIPS[SlipKind.RECEIPT]
    assert isinstance(receipt, ReceiptData)
    evil = replace(receipt, matter_name="登记\x1b@\x1dV\x00结束")
    data = render_escpos(build_layout(evil, 80))
    decoded = decode(data)
    assert [e for e in decoded.events if e == ("init",)] == [("init",)]
    assert decoded.cuts == ["full"]
    assert "登记 @ V 结束" in decoded.text


def test_escpos_four_byte_symbols_are_substituted() -> None:
    from dataclasses import replace

    completion = SLIPS[SlipKind.COMPLETION]
    assert isinstance(completion, CompletionData)
    slip = replace(completion, result_name="收费¥12")
    decoded = decode(render_escpos(build_layout(slip, 80)))
    assert "收费￥12" in decoded.text
    assert decoded.rasters == []


def test_escpos_decoder_rejects_high_bytes_outside_chinese_mode() -> None:
    with pytest.raises(DecodeError):
        decode(b"\x1b@" + "受理".encode("gbk") + b"\n")


def _rare_slip(name: str) -> TestSlipData:
    from datetime import datetime

    return TestSlipData(
        printer_uri="file:x", issued_at=datetime(2025, 1, 1), sample_rare="", extra_lines=(f"申请人：{name}",)
    )


@pytest.mark.parametrize("rare", ["䶮", "𠮷", "鿏"])
@pytest.mark.parametrize("width", WIDTHS)
def test_escpos_rare_characters_take_the_raster_path(rare: str, width: int) -> None:
    layout = build_layout(_rare_slip(f"王{rare}明"), width)
    decoded = decode(render_escpos(layout))
    assert f"王{rare}明" not in decoded.text
    assert "打印机测试页" in decoded.text, "the other lines stay text"
    line_rasters = [r for r in decoded.rasters if r.height == 24]
    assert len(line_rasters) == 1
    assert line_rasters[0].width_bytes == paper_for(width).dots // 8
    assert line_rasters[0].ink() > 200


def _raster_cell(rare: str, codec: str) -> list[list[bool]]:
    """The 24x24 dots of ``rare`` in the raster line ``申请人：王{rare}`` on a 58 mm printer with ``codec``."""
    layout = build_layout(_rare_slip(f"王{rare}"), 58)
    decoded = decode(render_escpos(layout, PrinterProfile(paper=paper_for(58), codec=codec)))
    [raster] = [r for r in decoded.rasters if r.height == 24]
    left = text_columns("申请人：王") * 12
    return [[raster.pixel(x, y) for x in range(left, left + 24)] for y in range(24)]


@pytest.mark.parametrize("codec", ["gbk", "gb18030"])
@pytest.mark.parametrize("rare", ["𠮷", "𪜀", "𫝀", "𫠠", "𬺰"])  # Extensions B, C, D, E, F
def test_escpos_extension_b_to_f_rasters_draw_the_glyph_not_a_box(rare: str, codec: str) -> None:
    cell = _raster_cell(rare, codec)
    assert sum(map(sum, cell)) > 20, "blank cell"
    assert cell != _raster_cell("\U00030000", codec), "the missing-glyph box of a character no font has"


def test_escpos_unprintable_names_only_what_the_fonts_cannot_draw() -> None:
    from hallclient.devices.printer.escpos_render import unprintable

    layout = build_layout(_rare_slip("𠮷\U00030000\ue000"), 58)
    assert unprintable(layout, PrinterProfile(paper=paper_for(58))) == ["\U00030000", "\ue000"]
    assert unprintable(layout) == ["\U00030000", "\ue000"]  # the preview draws every line
    assert unprintable(build_layout(_rare_slip("王䶮𠮷"), 58)) == []


def test_escpos_private_use_characters_never_go_to_the_rom() -> None:
    # GB18030 maps U+E000 to its user-defined area (AAA1), which a printer's ROM prints blank or as anything
    profile = PrinterProfile(paper=paper_for(58), codec="gb18030")
    decoded = decode(render_escpos(build_layout(_rare_slip("王\ue000"), 58), profile))
    assert "\ue000" not in decoded.text and len([r for r in decoded.rasters if r.height == 24]) == 1


def test_escpos_gb18030_rom_prints_extension_a_as_text() -> None:
    layout = build_layout(_rare_slip("王䶮"), 80)
    decoded = decode(render_escpos(layout, PrinterProfile(paper=paper_for(80), codec="gb18030")))
    assert "申请人：王䶮" in decoded.text
    assert [r for r in decoded.rasters if r.height == 24] == []


def test_escpos_rare_character_without_raster_support_is_an_encoding_error() -> None:
    layout = build_layout(_rare_slip("王䶮"), 58)
    with pytest.raises(PrintError) as caught:
        render_escpos(layout, PrinterProfile(paper=paper_for(58), raster=False))
    assert caught.value.kind is PrintErrorKind.ENCODING
    assert "U+4DAE" in str(caught.value)


def test_escpos_raster_line_shows_the_glyph_where_the_text_is() -> None:
    """The raster of a left-aligned line has ink in the columns the text occupies and none beyond."""
    layout = build_layout(_rare_slip("䶮"), 58)
    raster = next(r for r in decode(render_escpos(layout)).rasters if r.height == 24)
    used_dots = text_columns("申请人：䶮") * 12
    ink_x = [x for x in range(384) for y in range(24) if raster.pixel(x, y)]
    assert max(ink_x) < used_dots + 2
    assert min(ink_x) >= used_dots - 24 - 2 or min(ink_x) < 24
    rare_cell = [x for x in ink_x if used_dots - 24 <= x < used_dots]
    assert len(rare_cell) > 50, "the rare character itself was drawn (fallback font)"


def test_escpos_organisation_credit_code_is_printed_in_full() -> None:
    from dataclasses import replace

    org = Applicant(name="某某有限公司", id_number="91520100MA6DK8Y30N", organisation=True)
    receipt = SLIPS[SlipKind.RECEIPT]
    assert isinstance(receipt, ReceiptData)
    slip = replace(receipt, applicant=org)
    decoded = decode(render_escpos(build_layout(slip, 80)))
    assert "信用代码：91520100MA6DK8Y30N" in decoded.text
    assert "申请单位：某某有限公司" in decoded.text


def test_escpos_raster_bits_match_pillow_black() -> None:
    from hallclient.devices.printer.escpos_render import raster_command

    image = Image.new("1", (16, 2), 1)
    image.putpixel((0, 0), 0)
    image.putpixel((15, 1), 0)
    raster = decode(raster_command(image)).rasters[0]
    assert (raster.width_bytes, raster.height) == (2, 2)
    assert raster.pixel(0, 0) and raster.pixel(15, 1)
    assert raster.ink() == 2
