"""Service matters (事项) and their material checklists, as the domain sees them."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class MatterKind(StrEnum):
    IMMEDIATE = "immediate"  # 即办件
    PROMISED = "promised"  # 承诺件


class MatterType(StrEnum):
    """事项类型: what kind of act the matter is, which decides the legal words on its slips.

    The seven kinds of 依申请 administrative power plus 公共服务, as the national 政务服务事项基本目录 classifies
    matters (国办函〔2016〕108号《"互联网+政务服务"技术体系建设指南》). Values fit the store's 16-character column.
    """

    LICENCE = "licence"  # 行政许可
    PAYMENT = "payment"  # 行政给付
    CONFIRMATION = "confirmation"  # 行政确认
    LEVY = "levy"  # 行政征收
    ADJUDICATION = "adjudication"  # 行政裁决
    REWARD = "reward"  # 行政奖励
    OTHER_POWER = "other_power"  # 其他行政权力
    PUBLIC_SERVICE = "public_service"  # 公共服务

    @property
    def label(self) -> str:
        """The Chinese name used in catalog files and on screen."""
        return MATTER_TYPE_LABELS[self]


MATTER_TYPE_LABELS: dict[MatterType, str] = {
    MatterType.LICENCE: "行政许可",
    MatterType.PAYMENT: "行政给付",
    MatterType.CONFIRMATION: "行政确认",
    MatterType.LEVY: "行政征收",
    MatterType.ADJUDICATION: "行政裁决",
    MatterType.REWARD: "行政奖励",
    MatterType.OTHER_POWER: "其他行政权力",
    MatterType.PUBLIC_SERVICE: "公共服务",
}


class MaterialForm(StrEnum):
    ORIGINAL = "original"  # 原件
    COPY = "copy"  # 复印件
    ORIGINAL_AND_COPY = "original_and_copy"  # 原件及复印件
    ELECTRONIC = "electronic"  # 电子材料（共享获取）


@dataclass(frozen=True)
class Department:
    code: str
    name: str


@dataclass(frozen=True)
class CertificateKind:
    """A kind of electronic certificate (证照类型) the provincial 电子证照 library holds, e.g. 营业执照."""

    code: str
    name: str


@dataclass(frozen=True)
class Material:
    code: str
    name: str
    form: MaterialForm = MaterialForm.ORIGINAL
    copies: int = 1
    required: bool = True
    deficiency_allowed: bool = False  # 容缺: may be supplied later under 容缺受理
    note: str = ""
    # 电子证照共享: a valid certificate of one of these kinds (CertificateKind.code) satisfies the material,
    # so the applicant need not bring the paper
    certificate_kinds: tuple[str, ...] = ()


@dataclass(frozen=True)
class SampleForm:
    """A sample or blank form of the guide (示范文本/空白表格), kept as a file next to the catalog, checked by hash."""

    name: str
    file: str  # path relative to the catalog file's folder, "/"-separated
    sha256: str


@dataclass(frozen=True)
class Guide:
    """The service guide (办事指南) parts that are not already matter columns (fees, time limits, legal basis)."""

    conditions: tuple[str, ...] = ()  # 受理条件, one per line
    steps: tuple[str, ...] = ()  # 办理流程, in order
    address: str = ""  # 办理地点
    hours: str = ""  # 办理时间
    phone: str = ""  # 咨询电话
    online_url: str = ""  # 网上办理地址; "" when it cannot be done online
    sample_forms: tuple[SampleForm, ...] = ()

    @property
    def empty(self) -> bool:
        return self == Guide()


@dataclass(frozen=True)
class Matter:
    code: str
    name: str
    department_code: str
    kind: MatterKind
    statutory_days: int
    promised_days: int
    fee: str = "不收费"
    id_card_only: bool = False  # 一证通办
    province_wide: bool = False  # 全省通办
    cross_province: bool = False  # 跨省通办
    online: bool = False  # 可网办
    fully_online: bool = False  # 全程网办: no visit at all; implies online
    one_window: bool = False  # 一窗式: taken in at the integrated (综合) window
    legal_basis: str = ""
    # None only for matters from a store imported before the type existed: their slips get neutral wording
    matter_type: MatterType | None = None
    pinyin_initials: str = ""
    materials: tuple[Material, ...] = field(default_factory=tuple)
    guide: Guide = field(default_factory=Guide)

    def material(self, code: str) -> Material:
        for item in self.materials:
            if item.code == code:
                return item
        raise KeyError(code)


@dataclass(frozen=True)
class Bundle:
    """一件事一次办: related matters taken in at once, the applicant and shared papers entered once.

    Each matter still becomes its own case (own department, clock and outcome); the cases are linked.
    """

    code: str
    name: str
    matters: tuple[str, ...]  # matter codes, in the order the intake screen and the receipt list them
    description: str = ""
    pinyin_initials: str = ""  # for the matter search (bundles 0012); "" = computed from the name at import


@dataclass(frozen=True)
class Catalog:
    departments: tuple[Department, ...]
    matters: tuple[Matter, ...]
    version: str = ""
    bundles: tuple[Bundle, ...] = ()
    certificate_kinds: tuple[CertificateKind, ...] = ()

    def matter(self, code: str) -> Matter | None:
        for matter in self.matters:
            if matter.code == code:
                return matter
        return None

    def certificate_kind_name(self, code: str) -> str:
        for kind in self.certificate_kinds:
            if kind.code == code:
                return kind.name
        return code

    def department_name(self, code: str) -> str:
        for department in self.departments:
            if department.code == code:
                return department.name
        return code
