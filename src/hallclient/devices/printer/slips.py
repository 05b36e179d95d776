"""What each slip must say, as plain frozen data (no layout, no transport).

Field choices follow the legal contents in domain-anchors §B3–B6: the receipt carries the case number,
materials with copies and pages, the promised date, the clerk and a progress QR; the one-time notice lists
every missing item with its standard and the deadline; the refusal states the reason, the competent body
and the applicant's remedies; the 容缺 notice lists items, how and by when they may be supplied and what
happens otherwise, in two copies. Personal data is stored in full here; only the layout masks it.
The legal words (basis, 准予许可 or 予以给付 …, remedies) are not stored: the layout takes them from the matter's
type (``matter_type``, a :class:`~hallclient.domain.catalog.MatterType` value, "" when unknown).
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, is_dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any, ClassVar


class SlipKind(StrEnum):
    """Which slip; the value is stored with each print job and in ``slip.reprinted`` events."""

    RECEIPT = "receipt"  # 受理回执 / 受理通知书
    NOTICE = "notice"  # 一次性告知书
    REFUSAL = "refusal"  # 不予受理通知书
    DEFICIENCY = "deficiency"  # 容缺受理通知书
    COMPLETION = "completion"  # 办结通知 / 取件回执
    TRANSFER = "transfer"  # 材料流转单: travels with the originals posted to a 通办 partner region
    BUNDLE_RECEIPT = "bundle_receipt"  # 一件事受理回执: every case of one bundle intake on one slip
    ENQUIRY = "enquiry"  # 首问登记转办单
    TICKET = "ticket"  # 排队号票
    TEST = "test"  # 打印机测试页

    @classmethod
    def _missing_(cls, value: object) -> SlipKind | None:
        """Older spellings still read: ``slip.reprinted`` events recorded before 0005 can never change."""
        return FORMER_SLIP_KINDS.get(str(value))


# Slip kinds by their spelling before migration 0005 (docs/glossary.md, "persisted spellings").
FORMER_SLIP_KINDS: dict[str, SlipKind] = {"rejection": SlipKind.REFUSAL, "tolerance": SlipKind.DEFICIENCY}
# The slips a case can have (what ``hallclient print --slip`` offers).
CASE_SLIP_KINDS = (
    SlipKind.RECEIPT,
    SlipKind.NOTICE,
    SlipKind.REFUSAL,
    SlipKind.DEFICIENCY,
    SlipKind.COMPLETION,
    SlipKind.TRANSFER,
)


class SupplyMethod(StrEnum):
    """How a 容缺 item may be supplied; the time it reaches the agency is what counts (§B6)."""

    WINDOW = "window"
    POST = "post"
    ONLINE = "online"

    @property
    def label(self) -> str:
        return {"window": "窗口递交", "post": "邮寄", "online": "网上提交"}[self.value]


@dataclass(frozen=True)
class Issuer:
    """The hall, window and clerk issuing a slip (every legal slip names the officer and a phone)."""

    hall_name: str
    window: str
    clerk_name: str
    hall_phone: str = ""


@dataclass(frozen=True)
class Applicant:
    """Applicant as identified at intake; ``id_number`` is the full number (masked only when printed).

    For an organisation ``name`` is its legal name and ``id_number`` its unified social credit code,
    which is public and printed unmasked.
    """

    name: str
    id_number: str = ""
    organisation: bool = False
    contact_phone: str = ""


@dataclass(frozen=True)
class MaterialLine:
    """One received material: name, 原件/复印件, copies and pages (page counts are required on receipts), or the
    number of the electronic certificate that stands in for it (电子证照共享: no paper)."""

    name: str
    form: str = "原件"
    copies: int = 1
    pages: int = 1
    certificate_no: str = ""


@dataclass(frozen=True)
class MissingItem:
    """A material still to be supplied, with the exact standard it must meet (§B4)."""

    name: str
    requirement: str = ""


@dataclass(frozen=True)
class ReceiptData:
    kind: ClassVar[SlipKind] = SlipKind.RECEIPT
    case_no: str
    matter_name: str
    department: str
    applicant: Applicant
    materials: tuple[MaterialLine, ...]
    received_at: datetime
    promised_date: date | None  # None for an immediate (即办) matter
    issuer: Issuer
    progress_url: str = ""
    agent_name: str = ""
    agent_id_number: str = ""
    promised_days: int | None = None
    matter_type: str = ""
    legal_basis: str = ""  # "" = the type's basis; jobs stored before 事项类型 keep the text they printed
    provisional_dates: tuple[str, ...] = ()  # names of this slip's date fields that are provisional (暂定)
    channel: str = ""  # 办理渠道 when not 现场办理 (e.g. 跨省通办), as printed
    partner_region: str = ""  # 协议地区 of a 通办 case
    waybill_no: str = ""  # the originals' waybill, once posted
    guide_url: str = ""  # the matter's 办事指南 page (config hall.guide_base_url); "" = no QR


@dataclass(frozen=True)
class NoticeData:
    kind: ClassVar[SlipKind] = SlipKind.NOTICE
    case_no: str
    matter_name: str
    department: str
    applicant: Applicant
    received_at: datetime
    missing: tuple[MissingItem, ...]
    deadline: date
    issuer: Issuer
    instructions: str = "请按上述要求一次性补齐材料，到本窗口递交；补正材料齐全之日起受理并重新计算办理时限。"
    progress_url: str = ""
    matter_type: str = ""
    legal_basis: str = ""  # "" = the type's basis
    provisional_dates: tuple[str, ...] = ()
    guide_url: str = ""  # the matter's 办事指南 page (config hall.guide_base_url); "" = no QR


@dataclass(frozen=True)
class RefusalData:
    kind: ClassVar[SlipKind] = SlipKind.REFUSAL
    case_no: str
    matter_name: str
    applicant: Applicant
    received_at: datetime
    reason: str
    issuer: Issuer
    competent_body: str = ""  # the body to apply to when the matter is outside this agency's powers
    reconsideration_body: str = ""  # 行政复议机关, named when known
    court: str = ""  # 人民法院, named when known
    matter_type: str = ""
    legal_basis: str = ""  # "" = the type's basis


@dataclass(frozen=True)
class DeficiencyData:
    kind: ClassVar[SlipKind] = SlipKind.DEFICIENCY
    case_no: str
    matter_name: str
    department: str
    applicant: Applicant
    received_at: datetime
    items: tuple[MissingItem, ...]
    methods: tuple[SupplyMethod, ...]
    deadline: date  # never later than the promised completion date (§B6)
    promised_date: date
    issuer: Issuer
    matter_type: str = ""
    consequence: str = ""  # "" = the type's words (按不予许可处理 only for a licence)
    post_address: str = ""
    online_url: str = ""
    progress_url: str = ""
    provisional_dates: tuple[str, ...] = ()


@dataclass(frozen=True)
class CompletionData:
    kind: ClassVar[SlipKind] = SlipKind.COMPLETION
    case_no: str
    matter_name: str
    applicant: Applicant
    approved: bool
    completed_at: datetime
    issuer: Issuer
    result_name: str = ""  # e.g. the licence or certificate issued
    pickup: str = "窗口领取"  # or 邮寄送达 with the waybill in ``waybill_no``
    waybill_no: str = ""
    collected_at: datetime | None = None  # set: the slip is a 取件回执 signed by the collector
    collector_name: str = ""
    progress_url: str = ""
    matter_type: str = ""  # decides 准予许可 / 予以给付 / 已办结 …; "" prints the neutral 已办结 / 不予办理


@dataclass(frozen=True)
class TransferData:
    """材料流转单: what travels with the originals to the partner region, signed at each hand."""

    kind: ClassVar[SlipKind] = SlipKind.TRANSFER
    case_no: str
    matter_name: str
    applicant: Applicant
    channel: str
    partner_region: str
    materials: tuple[MaterialLine, ...]
    carrier: str
    waybill_no: str
    sent_on: date
    issuer: Issuer
    partner_contact: str = ""


@dataclass(frozen=True)
class BundleCaseLine:
    """One case of a bundle receipt, as printed: outcome and promised date are texts (即办, 一次性告知 …)."""

    case_no: str
    matter_name: str
    department: str
    outcome: str
    promised: str = ""  # the promised date, "" when the outcome promises none


@dataclass(frozen=True)
class BundleReceiptData:
    """一件事受理回执: one slip for one bundle intake, its cases and the papers received once for all of them."""

    kind: ClassVar[SlipKind] = SlipKind.BUNDLE_RECEIPT
    bundle_name: str
    applicant: Applicant
    cases: tuple[BundleCaseLine, ...]
    materials: tuple[MaterialLine, ...]
    received_at: datetime
    issuer: Issuer
    agent_name: str = ""
    progress_url: str = ""


@dataclass(frozen=True)
class EnquiryHandoverData:
    """首问登记 hand-over: the enquiry never became a case, but who asked and who took it over is on paper."""

    kind: ClassVar[SlipKind] = SlipKind.ENQUIRY
    enquiry_no: str
    enquirer_name: str
    enquirer_phone: str
    question: str
    handed_to: str  # window / department / officer now responsible
    asked_at: datetime
    issuer: Issuer
    handed_to_phone: str = ""
    note: str = ""


@dataclass(frozen=True)
class QueueTicketData:
    kind: ClassVar[SlipKind] = SlipKind.TICKET
    ticket_no: str
    service_name: str
    waiting_ahead: int
    issued_at: datetime
    hall_name: str
    hint: str = "请留意叫号屏幕和语音提示，过号请重新取号。"
    status_url: str = ""


@dataclass(frozen=True)
class TestSlipData:
    kind: ClassVar[SlipKind] = SlipKind.TEST
    __test__: ClassVar[bool] = False  # not a pytest test class despite the name
    printer_uri: str
    issued_at: datetime
    hall_name: str = "政务服务中心"
    sample_rare: str = "䶮𠮷"  # Extension A and B characters: prove the raster path and its fonts work here
    qr_payload: str = "https://example.invalid/hallclient/test"
    extra_lines: tuple[str, ...] = field(default=())


SlipData = (
    ReceiptData
    | NoticeData
    | RefusalData
    | DeficiencyData
    | CompletionData
    | TransferData
    | BundleReceiptData
    | EnquiryHandoverData
    | QueueTicketData
    | TestSlipData
)

SLIP_TYPES: dict[SlipKind, type[SlipData]] = {
    SlipKind.RECEIPT: ReceiptData,
    SlipKind.NOTICE: NoticeData,
    SlipKind.REFUSAL: RefusalData,
    SlipKind.DEFICIENCY: DeficiencyData,
    SlipKind.COMPLETION: CompletionData,
    SlipKind.TRANSFER: TransferData,
    SlipKind.BUNDLE_RECEIPT: BundleReceiptData,
    SlipKind.ENQUIRY: EnquiryHandoverData,
    SlipKind.TICKET: QueueTicketData,
    SlipKind.TEST: TestSlipData,
}

_NESTED: dict[str, type[Any]] = {
    "applicant": Applicant,
    "issuer": Issuer,
    "materials": MaterialLine,
    "missing": MissingItem,
    "items": MissingItem,
    "methods": SupplyMethod,
    "cases": BundleCaseLine,
}


def _plain(value: object) -> object:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, StrEnum):
        return value.value
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    return value


def slip_to_dict(slip: SlipData) -> dict[str, Any]:
    """JSON-ready form of a slip (dates as ISO text), stored with a print job so it can be laid out again."""
    out = _plain(slip)
    assert isinstance(out, dict)
    return out


def _revive(name: str, hint: str, value: Any) -> Any:
    if value is None:
        return None
    nested = _NESTED.get(name)
    if nested is not None:
        if isinstance(value, list):
            return tuple(nested(v) if nested is SupplyMethod else nested(**v) for v in value)
        return nested(**value)
    if hint.startswith("datetime"):
        return datetime.fromisoformat(value)
    if hint.startswith("date"):
        return date.fromisoformat(value)
    if isinstance(value, list):
        return tuple(value)
    return value


def slip_from_dict(kind: SlipKind | str, data: dict[str, Any]) -> SlipData:
    """The slip :func:`slip_to_dict` stored; unknown keys are ignored so older jobs stay readable."""
    cls = SLIP_TYPES[SlipKind(kind)]
    known = {f.name: str(f.type) for f in fields(cls)}
    values = {name: _revive(name, known[name], value) for name, value in data.items() if name in known}
    return cls(**values)
