"""The service guide (办事指南) of one matter as plain data: what the PDF, the HTML page and the site all say.

Built once from the catalog (:func:`guide_for`), so the printed guide and the published page can never
disagree. A part the catalog leaves empty is written as :data:`MISSING` and named in the
:attr:`GuideDoc.incomplete` line ("办事指南未完善…"): a guide is never silently incomplete.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from hallclient.domain.catalog import Catalog, Matter, MatterKind, SampleForm
from hallclient.services.slips import FORM_LABELS

MISSING = "未提供，请咨询窗口"
KIND_LABELS = {MatterKind.IMMEDIATE: "即办件", MatterKind.PROMISED: "承诺件"}
MATERIAL_HEADER = ("序号", "材料名称", "材料形式", "份数", "是否必需", "容缺", "说明")
SHARED_PREFIX = "可通过电子证照共享获取："
SAMPLE_HEADER = ("名称", "文件", "SHA-256")


@dataclass(frozen=True)
class GuideDoc:
    """One matter's guide. ``facts``: (label, value) rows of 基本信息; ``materials``: rows under
    :data:`MATERIAL_HEADER`; ``incomplete``: the visible "办事指南未完善" line, or ""."""

    code: str
    name: str
    department: str
    catalog_version: str
    generated_on: date
    facts: tuple[tuple[str, str], ...]
    marks: tuple[str, ...]  # 一证通办 / 全省通办 / 跨省通办 / 全程网办
    conditions: tuple[str, ...]
    materials: tuple[tuple[str, ...], ...]
    steps: tuple[str, ...]
    sample_forms: tuple[SampleForm, ...]
    online_url: str
    incomplete: str

    @property
    def title(self) -> str:
        return f"{self.name}办事指南"

    @property
    def footer(self) -> str:
        """Catalog version and date: on every printed page and at the foot of every page of the site."""
        version = self.catalog_version or "未标版本"
        return f"事项目录版本：{version}　生成日期：{self.generated_on.isoformat()}"


def online_text(matter: Matter) -> str:
    """网上办理: 全程网办 (no visit), 可网办 (part online), or 不可网办."""
    if matter.fully_online:
        return "全程网办（无需到现场）"
    if matter.online:
        return "可网办（部分环节网上办理）"
    return "不可网办，须到窗口办理"


def marks_of(matter: Matter) -> tuple[str, ...]:
    flags = (
        (matter.id_card_only, "一证通办"),
        (matter.province_wide, "全省通办"),
        (matter.cross_province, "跨省通办"),
        (matter.fully_online, "全程网办"),
    )
    return tuple(label for flag, label in flags if flag)


def _material_rows(matter: Matter, catalog: Catalog) -> tuple[tuple[str, ...], ...]:
    rows = []
    for number, material in enumerate(matter.materials, start=1):
        notes = [material.note] if material.note else []
        if material.certificate_kinds:
            kinds = "、".join(catalog.certificate_kind_name(code) for code in material.certificate_kinds)
            notes.append(SHARED_PREFIX + kinds)
        rows.append((
            str(number),
            material.name,
            FORM_LABELS.get(material.form.value, material.form.value),
            str(material.copies),
            "必需" if material.required else "非必需",
            "可容缺" if material.deficiency_allowed else "—",
            "；".join(notes),
        ))  # fmt: skip
    return tuple(rows)


def _missing_parts(matter: Matter) -> list[str]:
    guide = matter.guide
    parts = (
        (guide.conditions, "受理条件"),
        (guide.steps, "办理流程"),
        (guide.address, "办理地点"),
        (guide.hours, "办理时间"),
        (guide.phone, "咨询电话"),
        (matter.materials, "申请材料"),
    )
    return [label for value, label in parts if not value]


def guide_for(matter: Matter, catalog: Catalog, generated_on: date) -> GuideDoc:
    """The guide of ``matter`` from its columns and its ``guide`` (which may be empty)."""
    guide = matter.guide
    missing = _missing_parts(matter)
    incomplete = f"办事指南未完善：缺少{'、'.join(missing)}，请以窗口一次性告知为准。" if missing else ""
    online = online_text(matter)
    if (matter.online or matter.fully_online) and guide.online_url:
        online += f"：{guide.online_url}"
    department = catalog.department_name(matter.department_code)
    facts = (
        ("事项名称", matter.name),
        ("事项编码", matter.code),
        ("实施部门", department),
        ("事项类型", matter.matter_type.label if matter.matter_type is not None else "未标注"),
        ("办件类型", KIND_LABELS[matter.kind]),
        ("法定时限", f"{matter.statutory_days} 个工作日"),
        ("承诺时限", "当场办结" if matter.kind is MatterKind.IMMEDIATE else f"{matter.promised_days} 个工作日"),
        ("收费标准", matter.fee or "不收费"),
        ("设定依据", matter.legal_basis or MISSING),
        ("网上办理", online),
        ("通办", "、".join(label for label in marks_of(matter) if label != "全程网办") or "无"),
        ("办理地点", guide.address or MISSING),
        ("办理时间", guide.hours or MISSING),
        ("咨询电话", guide.phone or MISSING),
    )
    return GuideDoc(
        code=matter.code,
        name=matter.name,
        department=department,
        catalog_version=catalog.version,
        generated_on=generated_on,
        facts=facts,
        marks=marks_of(matter),
        conditions=guide.conditions,
        materials=_material_rows(matter, catalog),
        steps=guide.steps,
        sample_forms=guide.sample_forms,
        online_url=guide.online_url if matter.online or matter.fully_online else "",
        incomplete=incomplete,
    )
