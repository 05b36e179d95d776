"""Slip layouts as data: a list of already-wrapped lines and blocks for one paper width.

Both renderers (ESC/POS bytes and the PNG preview) draw exactly these lines, so the preview shows the paper
slip as it will print. Widths are counted in Font-A columns: ASCII takes one, a Chinese character two
(``unicodedata.east_asian_width`` W/F, plus the ambiguous-width symbols such as ``· — ×`` that a GB font ROM
prints full-width). Wrapping never starts a line with closing punctuation and keeps ASCII words, case
numbers and URLs whole when they fit. Personal data is masked here and nowhere else.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from functools import cache

from hallclient.devices.printer.slips import (
    Applicant,
    BundleReceiptData,
    CompletionData,
    DeficiencyData,
    EnquiryHandoverData,
    Issuer,
    MaterialLine,
    NoticeData,
    QueueTicketData,
    ReceiptData,
    RefusalData,
    SlipData,
    SlipKind,
    SupplyMethod,
    TestSlipData,
    TransferData,
)
from hallclient.domain.legal_wording import appeal_notice, decision_words, wording_for
from hallclient.domain.masking import mask_id_number, mask_name, mask_phone
from hallclient.errors import HallError


@dataclass(frozen=True)
class Paper:
    """Paper roll: width in mm, Font-A columns (12-dot characters) and printable dots at 203 dpi."""

    mm: int
    columns: int
    dots: int


PAPER_58 = Paper(58, 32, 384)
PAPER_80 = Paper(80, 48, 576)


def paper_for(width_mm: int) -> Paper:
    if width_mm == 58:
        return PAPER_58
    if width_mm == 80:
        return PAPER_80
    raise HallError(f"不支持的纸宽 {width_mm} mm：只支持 58 或 80")


class Align(StrEnum):
    LEFT = "left"
    CENTER = "center"
    RIGHT = "right"


@dataclass(frozen=True)
class Text:
    """One printed line that already fits the paper at its size (``width_mul`` × columns)."""

    text: str
    align: Align = Align.LEFT
    width_mul: int = 1
    height_mul: int = 1
    bold: bool = False


@dataclass(frozen=True)
class Rule:
    """A full-width separator made of ``char`` (ASCII, so it costs one byte per column)."""

    char: str = "-"


@dataclass(frozen=True)
class Qr:
    """A centred QR code; ``module`` is the dot size of one module. Payloads should be ASCII URLs."""

    payload: str
    module: int = 5


@dataclass(frozen=True)
class Feed:
    lines: int = 1


@dataclass(frozen=True)
class Cut:
    partial: bool = False


Block = Text | Rule | Qr | Feed | Cut


@dataclass(frozen=True)
class Layout:
    kind: SlipKind
    paper: Paper
    blocks: tuple[Block, ...]

    def text(self) -> str:
        """All printed text lines joined by newlines (for search, logs and tests)."""
        return "\n".join(b.text for b in self.blocks if isinstance(b, Text))


# --- widths and wrapping -------------------------------------------------------------------------------

_CLOSING = set("，。、；：！？）》」』】〕…—%,.;:!?)]}·")
_OPENING = set("（《「『【〔([{“‘")
_WORD = set("-_./:@#&?=+~*%")


@cache
def char_columns(ch: str) -> int:
    """Columns one character takes on a GB-font printer and in the preview (cached: every slip asks often)."""
    code = ord(ch)
    if code < 0x80:
        return 1
    if unicodedata.east_asian_width(ch) in ("W", "F"):
        return 2
    try:
        return 2 if len(ch.encode("gb18030")) == 2 else 1
    except UnicodeEncodeError:
        return 1


def text_columns(text: str) -> int:
    return sum(map(char_columns, text))


def _tokens(text: str) -> list[str]:
    """Split into unbreakable pieces: ASCII words/numbers/URLs, single other characters, spaces."""
    tokens: list[str] = []
    for ch in text:
        wordy = ch.isascii() and (ch.isalnum() or ch in _WORD)
        if (
            wordy
            and tokens
            and tokens[-1]
            and tokens[-1][-1].isascii()
            and (tokens[-1][-1].isalnum() or tokens[-1][-1] in _WORD)
        ):
            tokens[-1] += ch
        else:
            tokens.append(ch)
    # glue closing punctuation to what precedes it and opening punctuation to what follows it
    glued: list[str] = []
    pending_open = ""
    for token in tokens:
        if token in _OPENING:
            pending_open += token
            continue
        token = pending_open + token
        pending_open = ""
        if glued and token[0] in _CLOSING and not glued[-1].isspace():
            glued[-1] += token
        else:
            glued.append(token)
    if pending_open:
        glued.append(pending_open)
    return glued


def _hard_split(token: str, width: int) -> list[str]:
    pieces: list[str] = []
    current = ""
    used = 0
    for ch in token:
        columns = char_columns(ch)
        if current and used + columns > width:
            pieces.append(current)
            current, used = "", 0
        current += ch
        used += columns
    if current:
        pieces.append(current)
    return pieces


def wrap(text: str, width: int, indent: int = 0) -> list[str]:
    """Wrap to ``width`` columns; continuation lines start with ``indent`` spaces (hanging indent)."""
    if width < 2:
        raise ValueError("width must be at least 2 columns")
    indent = min(indent, width // 2)
    lines: list[str] = []
    for paragraph in text.split("\n"):
        if text_columns(paragraph) <= width:
            # Most slip lines fit: the token walk below would drop the outer spaces and keep the rest as it is.
            lines.append(paragraph.strip())
            continue
        current = ""
        used = 0  # text_columns(current), kept as the line grows (recounting it made wrapping quadratic)
        for token in _tokens(paragraph):
            size = text_columns(token)
            if token.isspace():
                if current.strip():
                    current += token
                    used += size
                continue
            if used + size <= width:
                current += token
                used += size
                continue
            if current.strip():
                lines.append(current.rstrip())
                current, used = " " * indent, indent
            room = width - used
            if size <= room:
                current += token
                used += size
                continue
            for piece in _hard_split(token, room):
                piece_size = text_columns(piece)
                if used + piece_size > width and current.strip():
                    lines.append(current.rstrip())
                    current, used = " " * indent, indent
                current += piece
                used += piece_size
        lines.append(current.rstrip())
    return lines


# --- building blocks -------------------------------------------------------------------------------------


class _Builder:
    def __init__(self, paper: Paper) -> None:
        self.paper = paper
        self.blocks: list[Block] = []

    def line(self, text: str, align: Align = Align.LEFT, size: int = 1, bold: bool = False) -> None:
        for part in wrap(text, self.paper.columns // size):
            self.blocks.append(Text(part, align, size, size, bold))

    def title(self, text: str) -> None:
        self.line(text, Align.CENTER, size=2, bold=True)

    def field(self, label: str, value: str, bold: bool = False) -> None:
        """``label：value`` with continuation lines hanging under the value."""
        head = f"{label}："
        indent = text_columns(head)
        if indent > self.paper.columns // 2:
            indent = 0
        for part in wrap(head + value, self.paper.columns, indent):
            self.blocks.append(Text(part, Align.LEFT, 1, 1, bold))

    def para(self, text: str) -> None:
        self.line(text)

    def items(self, entries: Iterable[str]) -> None:
        for number, entry in enumerate(entries, start=1):
            prefix = f"{number}."
            for part in wrap(prefix + entry, self.paper.columns, len(prefix)):
                self.blocks.append(Text(part))

    def rule(self, char: str = "-") -> None:
        self.blocks.append(Rule(char))

    def qr(self, payload: str, caption: str) -> None:
        """A QR code under a caption saying what scanning it does (a bare code invites guessing)."""
        if payload:
            self.line(caption, Align.CENTER)
            self.blocks.append(Qr(payload, 5 if self.paper.mm == 58 else 6))

    def feed(self, lines: int = 1) -> None:
        self.blocks.append(Feed(lines))

    def cut(self) -> None:
        self.blocks.append(Feed(3))
        self.blocks.append(Cut())

    def signature(self, who: str) -> None:
        blank = "_" * min(14, max(8, self.paper.columns - text_columns(who) - 2))
        self.line(f"{who}：{blank}")


def _dt(value: datetime) -> str:
    return f"{value:%Y-%m-%d %H:%M}"


def _d(value: date) -> str:
    return f"{value:%Y-%m-%d}"


GUIDE_CAPTION = "扫码查看办事指南"  # under the QR of the matter's guide page (receipt, 一次性告知书)
PROVISIONAL_NOTE = "暂定：节假日未公布，按周一至五推算，公布后重算。"


def _dated(slip: ReceiptData | NoticeData | DeficiencyData, name: str) -> str:
    """A date field of the slip, marked 暂定 when it was counted over a year the calendar did not cover."""
    value = getattr(slip, name)
    return f"{_d(value)}（暂定）" if name in slip.provisional_dates else _d(value)


def _provisional_note(b: _Builder, slip: ReceiptData | NoticeData | DeficiencyData) -> None:
    if slip.provisional_dates:
        b.para(PROVISIONAL_NOTE)


def _applicant(b: _Builder, applicant: Applicant, *, phone: bool = True) -> None:
    """The applicant, masked; ``phone=False`` leaves the contact phone off (the receipt: the citizen knows it)."""
    if applicant.organisation:
        b.field("申请单位", applicant.name)
        if applicant.id_number:
            b.field("信用代码", applicant.id_number)
    else:
        b.field("申请人", mask_name(applicant.name))
        if applicant.id_number:
            b.field("证件号码", mask_id_number(applicant.id_number))
    if phone and applicant.contact_phone:
        b.field("联系电话", mask_phone(applicant.contact_phone))


def _header(b: _Builder, hall_name: str, title: str, reprint: bool, reprinted_at: datetime | None) -> None:
    if reprint:
        b.line("【补打】", Align.CENTER, size=2, bold=True)
        if reprinted_at is not None:
            b.line(f"补打时间 {_dt(reprinted_at)}", Align.CENTER)
    b.line(hall_name, Align.CENTER, bold=True)
    b.title(title)


def _issuer(b: _Builder, issuer: Issuer, officer_label: str = "受理人") -> None:
    b.field(officer_label, f"{issuer.clerk_name}（{issuer.window}）")
    if issuer.hall_phone:
        b.field("咨询电话", issuer.hall_phone)


def _receipt(b: _Builder, s: ReceiptData) -> None:
    """The 受理通知书, kept to the 600-byte goal (issue 18; docs/footprint.md): no rule; the department in the
    matter line unless the matter's name names it; no contact phone; a material's form only when it is not 原件
    and its count only when it is not 1份 (the heading says what is left out); the basis cited short."""
    b.field("受理编号", s.case_no, bold=True)
    b.field("事项", _matter_with_department(s.matter_name, s.department))
    _applicant(b, s.applicant, phone=False)
    if s.agent_name:
        agent = mask_name(s.agent_name)
        if s.agent_id_number:
            agent += f" {mask_id_number(s.agent_id_number)}"
        b.field("代办人", agent)
    if s.channel:
        b.field("办理渠道", s.channel)
    if s.partner_region:
        b.field("协议地区", s.partner_region)
    if s.waybill_no:
        b.field("邮件单号", s.waybill_no)
    b.field("收件时间", _dt(s.received_at))
    paper = [m for m in s.materials if not m.certificate_no]
    original = any(m.form == ORIGINAL for m in paper)
    single = any(m.copies == 1 for m in paper)
    implied = ("原件" if original else "") + ("1份" if single else "")
    b.line(f"已收材料（未注明的为{implied}）：" if implied else "已收材料：")
    b.items(_received(m, original, single) for m in s.materials)
    if s.promised_date is None:
        b.field("办理时限", "即办件，当场办结", bold=True)
    else:
        promised = _dated(s, "promised_date")
        days = f"{s.promised_days}个工作日" if s.promised_days else ""
        if days and text_columns(f"承诺办结：{promised}，{days}") <= b.paper.columns:
            b.field("承诺办结", f"{promised}，{days}", bold=True)
        else:
            b.field("承诺办结", promised, bold=True)
            if days:
                b.field("时限", days)
        _provisional_note(b, s)
    b.line("依据" + short_citation(s.legal_basis or wording_for(s.matter_type).basis))
    _issuer(b, s.issuer)
    b.qr(s.progress_url, "扫码查进度")
    b.qr(s.guide_url, GUIDE_CAPTION)
    b.signature("申请人签收")


def _matter_with_department(matter: str, department: str) -> str:
    """The matter, followed by its department unless its name already names it (or there is none)."""
    return matter if not department or department in matter else f"{matter}（{department}）"


_NUMERALS = {c: n for n, c in enumerate("零一二三四五六七八九")}


def _arabic(numeral: str) -> str:
    """A Chinese numeral below 1,000 (三十二, 一百零五, 十) in digits; anything else as it is."""
    total, digit = 0, 0
    for char in numeral:
        if char in _NUMERALS:
            digit = _NUMERALS[char]
        elif char in "十百" and (digit or char == "十"):
            total += max(digit, 1) * (10 if char == "十" else 100)
            digit = 0
        else:
            return numeral
    return str(total + digit)


def short_citation(basis: str) -> str:
    """A legal citation with its article numbers in digits, as receipts print it: 《行政许可法》第三十二条 ->
    《行政许可法》第32条 (the same article, 6 bytes fewer at 9600 baud)."""
    return re.sub(r"第([零一二三四五六七八九十百]+)条", lambda m: f"第{_arabic(m.group(1))}条", basis)


ORIGINAL = "原件"


def _received(m: MaterialLine, originals_implied: bool = False, single_implied: bool = False) -> str:
    """One 已收材料 line: "2份" when pages were not counted, "2份5页" when they were; never "0份"; a shared
    certificate instead of paper: "电子证照共享（证照编号 …）". ``originals_implied`` / ``single_implied``: the
    heading says that a material without a form is 原件 / without a count is 1份, so those are left out."""
    if m.certificate_no:
        return f"{m.name} 电子证照共享（证照编号 {m.certificate_no}）"
    count = "" if single_implied and m.copies == 1 else f"{m.copies}份" if m.copies else "份数未登记"
    form = "" if originals_implied and m.form == ORIGINAL else m.form
    detail = " ".join(part for part in (form, count + (f"{m.pages}页" if m.pages else "")) if part)
    return f"{m.name} {detail}" if detail else m.name


def _notice(b: _Builder, s: NoticeData) -> None:
    b.field("编号", s.case_no, bold=True)
    b.rule()
    b.field("事项", s.matter_name)
    b.field("部门", s.department)
    _applicant(b, s.applicant)
    b.field("申请日期", _dt(s.received_at))
    b.line(f"经审查，您的申请材料不齐全或不符合法定形式，需补正以下{len(s.missing)}项材料：")
    b.items(f"{m.name}：{m.requirement}" if m.requirement else m.name for m in s.missing)
    b.rule()
    b.field("补正期限", _dated(s, "deadline"), bold=True)
    _provisional_note(b, s)
    b.para(s.instructions)
    b.field("依据", s.legal_basis or wording_for(s.matter_type).basis)
    _issuer(b, s.issuer, "经办人")
    b.qr(s.progress_url, "扫码查询办理进度")
    b.qr(s.guide_url, GUIDE_CAPTION)
    b.signature("申请人签收")


def _refusal(b: _Builder, s: RefusalData) -> None:
    b.field("编号", s.case_no, bold=True)
    b.rule()
    b.field("事项", s.matter_name)
    _applicant(b, s.applicant)
    b.field("申请日期", _dt(s.received_at))
    b.field("不予受理理由", s.reason)
    if s.competent_body:
        b.field("请向以下机关申请", s.competent_body, bold=True)
    wording = wording_for(s.matter_type)
    b.field("依据", s.legal_basis or wording.basis)
    b.rule()
    if wording.appealable:
        b.para(appeal_notice(s.reconsideration_body, s.court))
    _issuer(b, s.issuer, "经办人")
    b.signature("申请人签收")


def _deficiency_copy(b: _Builder, s: DeficiencyData, copy_name: str) -> None:
    b.line(copy_name, Align.CENTER, bold=True)
    b.field("受理编号", s.case_no, bold=True)
    b.rule()
    b.field("事项", s.matter_name)
    b.field("部门", s.department)
    _applicant(b, s.applicant)
    b.field("受理时间", _dt(s.received_at))
    b.line("您的申请已容缺受理，请补交以下材料：")
    b.items(f"{m.name}：{m.requirement}" if m.requirement else m.name for m in s.items)
    b.field("补交方式", "、".join(m.label for m in s.methods))
    if SupplyMethod.POST in s.methods and s.post_address:
        b.field("邮寄地址", s.post_address)
    if SupplyMethod.ONLINE in s.methods and s.online_url:
        b.field("网上提交", s.online_url)
    b.field("补交期限", f"{_dated(s, 'deadline')}前（以送达本机关时间为准）", bold=True)
    b.field("承诺办结", _dated(s, "promised_date"))
    _provisional_note(b, s)
    b.field("逾期后果", s.consequence or wording_for(s.matter_type).lapse)
    b.rule()
    _issuer(b, s.issuer)


def _completion(b: _Builder, s: CompletionData) -> None:
    b.field("受理编号", s.case_no, bold=True)
    b.rule()
    b.field("事项", s.matter_name)
    _applicant(b, s.applicant)
    b.field("办理结果", decision_words(s.matter_type, s.approved), bold=True)
    b.field("办结时间", _dt(s.completed_at))
    if s.result_name:
        b.field("结果名称", s.result_name)
    b.field("领取方式", s.pickup)
    if s.waybill_no:
        b.field("邮件单号", s.waybill_no)
    if s.collected_at is not None:
        b.field("取件时间", _dt(s.collected_at))
        if s.collector_name:
            b.field("取件人", mask_name(s.collector_name))
    b.rule()
    if not s.approved and wording_for(s.matter_type).appealable:
        b.para(appeal_notice())
    _issuer(b, s.issuer, "经办人")
    b.qr(s.progress_url, "扫码查看结果、评价服务")
    if s.collected_at is not None:
        b.signature("取件人签名")


def _transfer(b: _Builder, s: TransferData) -> None:
    b.field("受理编号", s.case_no, bold=True)
    b.rule()
    b.field("事项", s.matter_name)
    _applicant(b, s.applicant)
    b.field("办理渠道", s.channel)
    b.field("协议地区", s.partner_region, bold=True)
    if s.partner_contact:
        b.field("对方联系人", s.partner_contact)
    b.field("寄出日期", _d(s.sent_on))
    b.field("承运方", s.carrier)
    b.field("运单号", s.waybill_no, bold=True)
    copies = sum(m.copies for m in s.materials)
    b.line(f"随附材料（{len(s.materials)}项，共{copies}份）：")
    b.items(_received(m) for m in s.materials)
    b.rule()
    _issuer(b, s.issuer, "移交人")
    b.signature("移交人签名")
    b.signature("承运人签名")
    b.signature("接收人签名")


def _bundle_receipt(b: _Builder, s: BundleReceiptData) -> None:
    b.field("一件事", s.bundle_name, bold=True)
    b.rule()
    _applicant(b, s.applicant)
    if s.agent_name:
        b.field("代办人", mask_name(s.agent_name))
    b.field("收件时间", _dt(s.received_at))
    b.line(f"办件（{len(s.cases)}件）：")
    for line in s.cases:
        b.field("受理编号", line.case_no, bold=True)
        b.field("事项", line.matter_name)
        b.field("部门", line.department)
        b.field("结果", line.outcome)
        if line.promised:
            b.field("承诺办结", line.promised)
        b.rule(".")
    b.line("已收材料（一次提交，各事项共用）：")
    b.items(_received(m) for m in s.materials)
    _issuer(b, s.issuer)
    b.qr(s.progress_url, "扫码查进度")
    b.signature("申请人签收")


def _enquiry(b: _Builder, s: EnquiryHandoverData) -> None:
    b.field("登记编号", s.enquiry_no, bold=True)
    b.rule()
    b.field("咨询人", mask_name(s.enquirer_name))
    b.field("联系电话", mask_phone(s.enquirer_phone))
    b.field("咨询时间", _dt(s.asked_at))
    b.field("咨询事项", s.question)
    b.field("转交给", s.handed_to, bold=True)
    if s.handed_to_phone:
        b.field("对方电话", s.handed_to_phone)
    if s.note:
        b.field("备注", s.note)
    b.rule()
    _issuer(b, s.issuer, "首问人")


def _ticket(b: _Builder, s: QueueTicketData) -> None:
    b.line(s.service_name, Align.CENTER, size=2, bold=True)
    b.feed()
    size = 4 if text_columns(s.ticket_no) * 4 <= b.paper.columns else 2
    b.line(s.ticket_no, Align.CENTER, size=size, bold=True)
    b.feed()
    b.line(f"您前面还有 {s.waiting_ahead} 人等候", Align.CENTER)
    b.line(_dt(s.issued_at), Align.CENTER)
    b.rule()
    b.para(s.hint)
    b.qr(s.status_url, "扫码查看排队进度")


def _test(b: _Builder, s: TestSlipData) -> None:
    b.field("打印机", s.printer_uri)
    b.field("纸宽", f"{b.paper.mm} mm，每行 {b.paper.columns} 列")
    b.field("时间", _dt(s.issued_at))
    b.rule()
    ruler = "".join(str(i % 10) for i in range(1, b.paper.columns + 1))
    b.line(ruler)
    b.line("汉字每字两列：" + "中" * ((b.paper.columns - 14) // 2))
    b.line("符号：￥12.50 · — № ① ★ ×÷± °")
    b.line("倍宽倍高 A023", Align.CENTER, size=2)
    b.line(f"生僻字（位图）：{s.sample_rare}", Align.LEFT)
    for extra in s.extra_lines:
        b.line(extra)
    b.rule()
    b.qr(s.qr_payload, "扫码测试")
    b.line("测试完成", Align.CENTER, bold=True)


_TITLES: dict[SlipKind, str] = {
    SlipKind.RECEIPT: "受理通知书",
    SlipKind.NOTICE: "一次性告知书",
    SlipKind.REFUSAL: "不予受理通知书",
    SlipKind.DEFICIENCY: "容缺受理通知书",
    SlipKind.TRANSFER: "材料流转单",
    SlipKind.BUNDLE_RECEIPT: "一件事受理回执",
    SlipKind.ENQUIRY: "首问登记转办单",
    SlipKind.TICKET: "排队号",
    SlipKind.TEST: "打印机测试页",
}


def _hall(slip: SlipData) -> str:
    if isinstance(slip, QueueTicketData | TestSlipData):
        return slip.hall_name
    return slip.issuer.hall_name


def title_of(slip: SlipData) -> str:
    if isinstance(slip, CompletionData):
        return "取件回执" if slip.collected_at is not None else "办结通知"
    return _TITLES[slip.kind]


def build_layout(
    slip: SlipData, paper: Paper | int = PAPER_80, *, reprint: bool = False, reprinted_at: datetime | None = None
) -> Layout:
    """The printed form of ``slip`` on ``paper`` (a :class:`Paper` or 58/80); ``reprint`` marks it 补打."""
    if isinstance(paper, int):
        paper = paper_for(paper)
    b = _Builder(paper)
    title = title_of(slip)
    if isinstance(slip, DeficiencyData):
        for copy_name in ("申请人联", "存档联"):
            _header(b, slip.issuer.hall_name, title, reprint, reprinted_at)
            _deficiency_copy(b, slip, copy_name)
            if copy_name == "存档联":
                b.para("本人已知悉上述补交要求并承诺按期补交。")
                b.signature("申请人签名")
            b.cut()
        return Layout(slip.kind, paper, tuple(b.blocks))
    if isinstance(slip, QueueTicketData):
        if reprint:
            _header(b, slip.hall_name, title, reprint, reprinted_at)
        else:
            b.line(slip.hall_name, Align.CENTER, bold=True)
    else:
        _header(b, _hall(slip), title, reprint, reprinted_at)
    if isinstance(slip, ReceiptData):
        _receipt(b, slip)
    elif isinstance(slip, NoticeData):
        _notice(b, slip)
    elif isinstance(slip, RefusalData):
        _refusal(b, slip)
    elif isinstance(slip, CompletionData):
        _completion(b, slip)
    elif isinstance(slip, TransferData):
        _transfer(b, slip)
    elif isinstance(slip, BundleReceiptData):
        _bundle_receipt(b, slip)
    elif isinstance(slip, EnquiryHandoverData):
        _enquiry(b, slip)
    elif isinstance(slip, QueueTicketData):
        _ticket(b, slip)
    else:
        _test(b, slip)
    b.cut()
    return Layout(slip.kind, paper, tuple(b.blocks))
