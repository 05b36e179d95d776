"""The JSON catalog form (docs/catalog-format.md): strict schema, unknown fields rejected.

The same document shape is what the lead's sync can send over the wire, hence the in-memory entry points
:func:`catalog_from_json` and :func:`catalog_to_json` next to the file ones.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

from hallclient.catalog.atomic import replacing
from hallclient.catalog.validation import (
    DEFICIENCY_ALLOWED_FIELD,
    FORMAT_MARKER,
    Dialect,
    FieldReader,
    JsonPath,
    Problems,
    RawMatter,
    Record,
    assemble,
)
from hallclient.domain.catalog import Catalog

TOP_FIELDS = ("format", "version", "departments", "matters")
DEPARTMENT_FIELDS = ("code", "name")
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
    "legal_basis",
    "materials",
)
MATERIAL_FIELDS = ("code", "name", "form", "copies", "required", DEFICIENCY_ALLOWED_FIELD, "note")

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
    return catalog_from_json(document, path.name)


def catalog_from_json(document: object, source: str = "<json>") -> Catalog:
    """Validate a parsed JSON document and build the catalog; raises CatalogError listing every problem."""
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

    departments: list[Record] = []
    for where, item in _objects(document, "departments", top, problems):
        _unknown_fields(item, DEPARTMENT_FIELDS, where, problems)
        departments.append(Record(where, item))
    matters: list[RawMatter] = []
    for where, item in _objects(document, "matters", top, problems):
        _unknown_fields(item, MATTER_FIELDS, where, problems)
        found = _objects(item, "materials", where, problems)  # reports a missing or non-array list
        for material_where, material in found:
            _unknown_fields(material, MATERIAL_FIELDS, material_where, problems)
        materials = [Record(material_where, material) for material_where, material in found]
        listed = isinstance(item.get("materials"), list)
        matters.append(RawMatter(Record(where, item), materials if listed else None))
    return assemble(version=version, departments=departments, matters=matters, problems=problems, dialect=_DIALECT)


def catalog_to_json(catalog: Catalog) -> dict[str, object]:
    """The catalog as a JSON document (without the derived pinyin initials)."""
    return {
        "format": FORMAT_MARKER,
        "version": catalog.version,
        "departments": [{"code": d.code, "name": d.name} for d in catalog.departments],
        "matters": [
            {
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
                "legal_basis": m.legal_basis,
                "materials": [
                    {
                        "code": x.code,
                        "name": x.name,
                        "form": x.form.value,
                        "copies": x.copies,
                        "required": x.required,
                        DEFICIENCY_ALLOWED_FIELD: x.deficiency_allowed,
                        "note": x.note,
                    }
                    for x in m.materials
                ],
            }
            for m in catalog.matters
        ],
    }


def write_json_catalog(catalog: Catalog, path: Path) -> None:
    """Write the catalog as UTF-8 JSON (indented, Chinese kept readable), replacing ``path`` atomically."""
    text = json.dumps(catalog_to_json(catalog), ensure_ascii=False, indent=2) + "\n"
    with replacing(path) as temp:
        temp.write_text(text, encoding="utf-8")


def _kind_of(value: object) -> str:
    names = {list: "数组", str: "字符串", int: "数字", float: "数字", bool: "布尔值", dict: "对象"}
    return "null" if value is None else names.get(type(value), type(value).__name__)


def _objects(
    parent: Mapping[str, object], field: str, where: JsonPath, problems: Problems
) -> list[tuple[JsonPath, dict[str, object]]]:
    """The objects of the array ``parent[field]``, each with its path; bad shapes become problems."""
    if field not in parent:
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
