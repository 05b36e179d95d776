"""The JSON catalog form (docs/catalog-format.md): strict schema, unknown fields rejected.

The same document shape is what the lead's sync can send over the wire, hence the in-memory entry points
:func:`catalog_from_json` and :func:`catalog_to_json` next to the file ones.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from hallclient.catalog.atomic import replacing
from hallclient.catalog.records import Dialect, FieldReader, JsonPath, Problems, RawMatter, Record
from hallclient.catalog.validation import DEFICIENCY_ALLOWED_FIELD, FORMAT_MARKER, GUIDE_TEXT_FIELDS, assemble
from hallclient.domain.catalog import Catalog, Guide, Material, Matter

TOP_FIELDS = ("format", "version", "departments", "matters", "certificate_kinds", "bundles")
DEPARTMENT_FIELDS = ("code", "name")
CERTIFICATE_KIND_FIELDS = ("code", "name")
BUNDLE_FIELDS = ("code", "name", "description", "matters")
MATTER_FIELDS = (
    "code",
    "name",
    "department",
    "kind",
    "matter_type",
    "statutory_days",
    "promised_days",
    "fee",
    "id_card_only",
    "province_wide",
    "cross_province",
    "online",
    "fully_online",
    "one_window",
    "legal_basis",
    "pinyin_initials",
    "materials",
    "guide",
)
MATERIAL_FIELDS = ("code", "name", "form", "copies", "required", DEFICIENCY_ALLOWED_FIELD, "note", "certificate_kinds")
GUIDE_FIELDS = ("conditions", "steps", *GUIDE_TEXT_FIELDS, "sample_forms")
SAMPLE_FORM_FIELDS = ("name", "file", "sha256")

_DIALECT = Dialect()


def read_json_catalog(path: Path) -> Catalog:
    """Load a JSON catalog file; raises CatalogError listing every problem."""
    problems = Problems(path.name)
    try:
        data = path.read_bytes()
    except OSError as error:
        problems.fail(f"无法读取文件：{error.strerror or error}")
    if not data.strip():
        problems.fail("文件为空")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        problems.fail("不是 UTF-8 编码的文本文件")
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        problems.fail(f"不是有效的 JSON：第 {error.lineno} 行第 {error.colno} 列：{error.msg}")
    return catalog_from_json(document, path.name, folder=path.parent)


def catalog_from_json(document: object, source: str = "<json>", *, folder: Path | None = None) -> Catalog:
    """Validate a parsed JSON document and build the catalog; raises CatalogError listing every problem.

    ``folder`` is where the file came from (sample forms are checked there); None for a document from the server.
    """
    problems = Problems(source)
    top = JsonPath("")
    if not isinstance(document, dict):
        problems.fail(f"顶层应为 JSON 对象，实为{_kind_of(document)}")
    marker = document.get("format")
    if marker != FORMAT_MARKER:
        shown = "但缺少该字段" if "format" not in document else f"实为 {_DIALECT.show(marker)}"
        problems.fail(f'format: 不是 hallclient 事项目录（应为 "{FORMAT_MARKER}"，{shown}）')
    _unknown_fields(document, TOP_FIELDS, top, problems)
    version = FieldReader(problems, _DIALECT).text(Record(top, document), "version", required=True)

    departments = _records(document, "departments", DEPARTMENT_FIELDS, top, problems)
    kinds = _records(document, "certificate_kinds", CERTIFICATE_KIND_FIELDS, top, problems, optional=True)
    bundles = _records(document, "bundles", BUNDLE_FIELDS, top, problems, optional=True)
    matters: list[RawMatter] = []
    for where, item in _objects(document, "matters", top, problems):
        _unknown_fields(item, MATTER_FIELDS, where, problems)
        materials = _records(item, "materials", MATERIAL_FIELDS, where, problems)  # reports a missing or bad list
        listed = isinstance(item.get("materials"), list)
        guide, sample_forms = _guide(item, where, problems)
        matters.append(RawMatter(Record(where, item), materials if listed else None, guide, sample_forms))
    return assemble(
        version=version,
        departments=departments,
        matters=matters,
        problems=problems,
        dialect=_DIALECT,
        certificate_kinds=kinds,
        bundles=bundles,
        folder=folder,
    )


def _guide(matter: dict[str, object], where: JsonPath, problems: Problems) -> tuple[Record | None, list[Record]]:
    """The matter's guide object and its sample forms, shapes checked."""
    if "guide" not in matter:
        return None, []
    guide = matter["guide"]
    guide_where = JsonPath(where.at("guide"))
    if not isinstance(guide, dict):
        problems.add(f"{guide_where.label()}: 应为对象，实为{_kind_of(guide)}")
        return None, []
    _unknown_fields(guide, GUIDE_FIELDS, guide_where, problems)
    forms = _records(guide, "sample_forms", SAMPLE_FORM_FIELDS, guide_where, problems, optional=True)
    return Record(guide_where, guide), forms


def catalog_to_json(catalog: Catalog) -> dict[str, object]:
    """The catalog as a JSON document, every field written (pinyin initials too, so readers need not compute them)."""
    return {
        "format": FORMAT_MARKER,
        "version": catalog.version,
        "departments": [{"code": d.code, "name": d.name} for d in catalog.departments],
        "certificate_kinds": [{"code": k.code, "name": k.name} for k in catalog.certificate_kinds],
        "bundles": [
            {"code": b.code, "name": b.name, "description": b.description, "matters": list(b.matters)}
            for b in catalog.bundles
        ],
        "matters": [_matter_to_json(m) for m in catalog.matters],
    }


def _matter_to_json(m: Matter) -> dict[str, object]:
    return {
        "code": m.code,
        "name": m.name,
        "department": m.department_code,
        "kind": m.kind.value,
        "matter_type": m.matter_type.value if m.matter_type else "",
        "statutory_days": m.statutory_days,
        "promised_days": m.promised_days,
        "fee": m.fee,
        "id_card_only": m.id_card_only,
        "province_wide": m.province_wide,
        "cross_province": m.cross_province,
        "online": m.online,
        "fully_online": m.fully_online,
        "one_window": m.one_window,
        "legal_basis": m.legal_basis,
        "pinyin_initials": m.pinyin_initials,
        "materials": [_material_to_json(x) for x in m.materials],
        "guide": guide_to_json(m.guide),
    }


def _material_to_json(x: Material) -> dict[str, object]:
    return {
        "code": x.code,
        "name": x.name,
        "form": x.form.value,
        "copies": x.copies,
        "required": x.required,
        DEFICIENCY_ALLOWED_FIELD: x.deficiency_allowed,
        "note": x.note,
        "certificate_kinds": list(x.certificate_kinds),
    }


def guide_to_json(guide: Guide) -> dict[str, Any]:
    """The guide as the file's ``guide`` object (the local store keeps the same shape)."""
    return {
        "conditions": list(guide.conditions),
        "steps": list(guide.steps),
        "address": guide.address,
        "hours": guide.hours,
        "phone": guide.phone,
        "online_url": guide.online_url,
        "sample_forms": [{"name": f.name, "file": f.file, "sha256": f.sha256} for f in guide.sample_forms],
    }


def write_json_catalog(catalog: Catalog, path: Path) -> None:
    """Write the catalog as UTF-8 JSON (indented, Chinese kept readable), replacing ``path`` atomically."""
    text = json.dumps(catalog_to_json(catalog), ensure_ascii=False, indent=2) + "\n"
    with replacing(path) as temp:
        temp.write_text(text, encoding="utf-8")


def _kind_of(value: object) -> str:
    names = {list: "数组", str: "字符串", int: "数字", float: "数字", bool: "布尔值", dict: "对象"}
    return "null" if value is None else names.get(type(value), type(value).__name__)


def _records(
    parent: Mapping[str, object],
    field: str,
    allowed: tuple[str, ...],
    where: JsonPath,
    problems: Problems,
    *,
    optional: bool = False,
) -> list[Record]:
    """The objects of the array ``parent[field]`` as records, unknown fields reported."""
    found = _objects(parent, field, where, problems, optional=optional)
    for item_where, item in found:
        _unknown_fields(item, allowed, item_where, problems)
    return [Record(item_where, item) for item_where, item in found]


def _objects(
    parent: Mapping[str, object], field: str, where: JsonPath, problems: Problems, *, optional: bool = False
) -> list[tuple[JsonPath, dict[str, object]]]:
    """The objects of the array ``parent[field]``, each with its path; bad shapes become problems."""
    if field not in parent:
        if not optional:
            problems.at(where, field, "缺少必填项")
        return []
    items = parent[field]
    if not isinstance(items, list):
        problems.at(where, field, f"应为数组，实为{_kind_of(items)}")
        return []
    found: list[tuple[JsonPath, dict[str, object]]] = []
    for index, item in enumerate(items):
        item_where = JsonPath(f"{where.at(field)}[{index}]")
        if isinstance(item, dict):
            found.append((item_where, item))
        else:
            problems.add(f"{item_where.label()}: 应为对象，实为{_kind_of(item)}")
    return found


def _unknown_fields(item: Mapping[str, object], allowed: tuple[str, ...], where: JsonPath, problems: Problems) -> None:
    for key in item:
        if key not in allowed:
            problems.at(where, key, "未知字段")
