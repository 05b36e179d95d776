"""Service matters (事项) and their material checklists, as the domain sees them."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class MatterKind(StrEnum):
    IMMEDIATE = "immediate"  # 即办件
    PROMISED = "promised"  # 承诺件


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
class Material:
    code: str
    name: str
    form: MaterialForm = MaterialForm.ORIGINAL
    copies: int = 1
    required: bool = True
    tolerable: bool = False  # 容缺: may be supplied later under 容缺受理
    note: str = ""


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
    legal_basis: str = ""
    pinyin_initials: str = ""
    materials: tuple[Material, ...] = field(default_factory=tuple)

    def material(self, code: str) -> Material:
        for item in self.materials:
            if item.code == code:
                return item
        raise KeyError(code)


@dataclass(frozen=True)
class Catalog:
    departments: tuple[Department, ...]
    matters: tuple[Matter, ...]
    version: str = ""

    def department_name(self, code: str) -> str:
        for department in self.departments:
            if department.code == code:
                return department.name
        return code
