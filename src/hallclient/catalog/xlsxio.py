"""The XLSX catalog form halls keep: sheets 事项 / 材料 / 部门 / 目录信息 with Chinese column headers, and the optional
证照类型 / 一件事 / 办事指南 (workbooks written before they existed still load).

Read with openpyxl in read-only mode (thousands of rows stay cheap), written with xlsxwriter so the file opens
in Excel and WPS with a frozen header row, sensible widths and drop-down lists for 是/否 and the fixed words.
"""

from __future__ import annotations

import unicodedata
import warnings
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from hallclient.catalog.atomic import replacing
from hallclient.catalog.records import (
    FORM_NAMES_ZH,
    KIND_NAMES_ZH,
    Problems,
    RawMatter,
    Record,
    SheetDialect,
    SheetLine,
    SheetRow,
)
from hallclient.catalog.validation import DEFICIENCY_ALLOWED_FIELD, FORMAT_MARKER, assemble
from hallclient.domain.catalog import MATTER_TYPE_LABELS, Catalog

MATTER_SHEET = "事项"
MATERIAL_SHEET = "材料"
DEPARTMENT_SHEET = "部门"
INFO_SHEET = "目录信息"
KIND_SHEET = "证照类型"
BUNDLE_SHEET = "一件事"
GUIDE_SHEET = "办事指南"
LIST_SEPARATOR = "、"  # between codes in one cell (a line break works too)
FORM_SEPARATOR = "|"  # 示范文本 lines: 名称|路径

# field -> column header, in sheet order; the second item says whether the column must be present
MATTER_COLUMNS: dict[str, tuple[str, bool]] = {
    "code": ("事项编码", True),
    "name": ("事项名称", True),
    "department": ("实施部门", True),
    "kind": ("办件类型", True),
    "matter_type": ("事项类型", True),
    "statutory_days": ("法定时限(工作日)", True),
    "promised_days": ("承诺时限(工作日)", True),
    "fee": ("收费标准", False),
    "id_card_only": ("一证通办", False),
    "province_wide": ("全省通办", False),
    "cross_province": ("跨省通办", False),
    "online": ("网上可办", False),
    "fully_online": ("全程网办", False),
    "one_window": ("一窗式", False),
    "legal_basis": ("设定依据", False),
}
MATERIAL_COLUMNS: dict[str, tuple[str, bool]] = {
    "matter": ("事项编码", True),
    "code": ("材料编码", True),
    "name": ("材料名称", True),
    "form": ("材料形式", False),
    "copies": ("份数", False),
    "required": ("是否必需", False),
    DEFICIENCY_ALLOWED_FIELD: ("可容缺", False),
    "note": ("备注", False),
    "certificate_kinds": ("可用电子证照", False),
}
DEPARTMENT_COLUMNS: dict[str, tuple[str, bool]] = {"code": ("部门编码", True), "name": ("部门名称", True)}
INFO_COLUMNS: dict[str, tuple[str, bool]] = {"key": ("项目", True), "value": ("值", True)}
INFO_KEYS = {"格式": "format", "版本": "version"}
KIND_COLUMNS: dict[str, tuple[str, bool]] = {"code": ("代码", True), "name": ("名称", True)}
BUNDLE_COLUMNS: dict[str, tuple[str, bool]] = {
    "code": ("代码", True),
    "name": ("名称", True),
    "description": ("说明", False),
    "matters": ("事项代码", True),
}
GUIDE_COLUMNS: dict[str, tuple[str, bool]] = {
    "matter": ("事项代码", True),
    "conditions": ("受理条件", False),
    "steps": ("办理流程", False),
    "address": ("办理地点", False),
    "hours": ("办理时间", False),
    "phone": ("咨询电话", False),
    "online_url": ("网上办理地址", False),
    "sample_forms": ("示范文本", False),
}
# sheets a workbook may lack (written before they existed): absent means none
OPTIONAL_SHEETS = (KIND_SHEET, BUNDLE_SHEET, GUIDE_SHEET)

_WIDTHS = {
    "事项编码": 14,
    "事项名称": 44,
    "实施部门": 12,
    "办件类型": 10,
    "事项类型": 14,
    "法定时限(工作日)": 16,
    "承诺时限(工作日)": 16,
    "收费标准": 22,
    "设定依据": 60,
    "材料编码": 12,
    "材料名称": 44,
    "材料形式": 14,
    "备注": 48,
    "部门编码": 12,
    "部门名称": 30,
    "项目": 12,
    "值": 30,
    "可用电子证照": 16,
    "代码": 14,
    "名称": 30,
    "说明": 48,
    "事项代码": 30,
    "受理条件": 48,
    "办理流程": 48,
    "办理地点": 30,
    "办理时间": 30,
    "咨询电话": 16,
    "网上办理地址": 36,
    "示范文本": 48,
}
_WIDE_COLUMNS = (
    "事项名称",
    "材料名称",
    "设定依据",
    "备注",
    "说明",
    "受理条件",
    "办理流程",
    "办理地点",
    "办理时间",
    "示范文本",
)
_YES_NO_COLUMNS = ("一证通办", "全省通办", "跨省通办", "网上可办", "全程网办", "一窗式", "是否必需", "可容缺")
_EXTRA_LABELS = {
    MATTER_SHEET: {"materials": f"材料（“{MATERIAL_SHEET}”表）"},
    GUIDE_SHEET: {"name": "名称", "file": "路径", "sha256": "哈希"},
}
_DIALECT = SheetDialect()


def _normalize_header(text: str) -> str:
    """Tolerate full-width brackets, stray spaces and a missing "(工作日)" in hand-made headers."""
    header = unicodedata.normalize("NFKC", text).replace(" ", "")
    return header.removesuffix("(工作日)")


class _Sheet:
    """One sheet's data rows as records, with header problems reported once."""

    def __init__(
        self,
        name: str,
        rows: Iterator[Sequence[Any]],
        columns: Mapping[str, tuple[str, bool]],
        problems: Problems,
        extra_labels: Mapping[str, str] | None = None,
    ) -> None:
        self.name = name
        self.labels = {field: header for field, (header, _) in columns.items()} | dict(extra_labels or {})
        self.records: list[Record] = []
        by_header = {_normalize_header(header): field for field, (header, _) in columns.items()}
        header_row = next(rows, None)
        if header_row is None:
            problems.add(f"{name}!1: 工作表为空（第 1 行应为表头）")
            return
        positions: dict[str, int] = {}
        for index, cell in enumerate(header_row):
            if cell is None or (isinstance(cell, str) and not cell.strip()):
                continue
            field = by_header.get(_normalize_header(str(cell)))
            if field is None:
                problems.add(f'{name}!1: 未知列 "{cell}"')
            elif field in positions:
                problems.add(f'{name}!1: 列 "{cell}" 重复')
            else:
                positions[field] = index
        missing = [header for field, (header, needed) in columns.items() if needed and field not in positions]
        for header in missing:
            problems.add(f'{name}!1: 缺少列 "{header}"')
        if missing:
            return
        for row_number, row in enumerate(rows, start=2):
            values = {
                field: row[index]
                for field, index in positions.items()
                if index < len(row) and not _DIALECT.blank(row[index])
            }
            if values:
                self.records.append(Record(SheetRow(name, row_number, self.labels), values))


def read_xlsx_catalog(path: Path) -> Catalog:
    """Load an XLSX catalog file; raises CatalogError listing every problem (with sheet and row)."""
    problems = Problems(path.name)
    try:
        size = path.stat().st_size
    except OSError as error:
        problems.fail(f"无法读取文件：{error.strerror or error}")
    if size == 0:
        problems.fail("文件为空")
    if not zipfile.is_zipfile(path):
        problems.fail("不是有效的 XLSX 文件（不是 zip 压缩包）")

    import openpyxl  # deferred: heavy, and only XLSX needs it

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # style/extension warnings (WPS files) are not problems
            workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many types for a zip that is not a workbook
        problems.fail(f"不是有效的 XLSX 文件：{error}")
    try:
        sheets: dict[str, _Sheet] = {}
        wanted = {
            DEPARTMENT_SHEET: DEPARTMENT_COLUMNS,
            MATTER_SHEET: MATTER_COLUMNS,
            MATERIAL_SHEET: MATERIAL_COLUMNS,
            INFO_SHEET: INFO_COLUMNS,
            KIND_SHEET: KIND_COLUMNS,
            BUNDLE_SHEET: BUNDLE_COLUMNS,
            GUIDE_SHEET: GUIDE_COLUMNS,
        }
        for name, columns in wanted.items():
            if name not in workbook.sheetnames:
                if name not in OPTIONAL_SHEETS:
                    problems.add(f'缺少工作表 "{name}"')
                continue
            worksheet = workbook[name]
            worksheet.reset_dimensions()  # files not written by Excel often carry a wrong <dimension>
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                rows = worksheet.iter_rows(values_only=True)
                sheets[name] = _Sheet(name, rows, columns, problems, _EXTRA_LABELS.get(name))
    finally:
        workbook.close()
    problems.raise_if_any()

    def records(name: str) -> list[Record]:
        return sheets[name].records if name in sheets else []

    version = _version(sheets[INFO_SHEET], problems)
    matters = _group_materials(sheets[MATTER_SHEET], sheets[MATERIAL_SHEET], problems)
    matters = _attach_guides(matters, records(GUIDE_SHEET), problems)
    return assemble(
        version=version,
        departments=sheets[DEPARTMENT_SHEET].records,
        matters=matters,
        problems=problems,
        dialect=_DIALECT,
        certificate_kinds=records(KIND_SHEET),
        bundles=records(BUNDLE_SHEET),
        folder=path.parent,
    )


def _version(sheet: _Sheet, problems: Problems) -> str | None:
    found: dict[str, str] = {}
    for record in sheet.records:
        where = record.where
        key = _DIALECT.text(record.values.get("key"))
        field = INFO_KEYS.get(key or "")
        if field is None:
            shown = _DIALECT.show(record.values.get("key"))
            problems.at(where, "key", f"应为 {'/'.join(INFO_KEYS)} 之一，实为 {shown}")
            continue
        value = _DIALECT.text(record.values.get("value"))
        if not value:
            problems.at(where, "value", "缺少必填项")
            continue
        found[field] = value
    if found.get("format", FORMAT_MARKER) != FORMAT_MARKER:
        problems.add(f'{INFO_SHEET}: 格式应为 "{FORMAT_MARKER}"，实为 "{found["format"]}"')
    if "version" not in found:
        problems.add(f'{INFO_SHEET}: 缺少 "版本"（事项目录的版本号）')
    return found.get("version")


def _group_materials(matter_sheet: _Sheet, material_sheet: _Sheet, problems: Problems) -> list[RawMatter]:
    """Attach each 材料 row to its 事项 row by 事项编码 (rows keep their order)."""
    by_code: dict[str, list[Record]] = {}
    for record in matter_sheet.records:
        code = _DIALECT.text(record.values.get("code"))
        if code and code not in by_code:
            by_code[code] = []
    for record in material_sheet.records:
        raw_code = record.values.get("matter")
        code = _DIALECT.text(raw_code)
        if code is None:
            problems.at(record.where, "matter", "缺少必填项" if raw_code is None else "应为文本")
        elif code not in by_code:
            problems.at(record.where, "matter", f'未知事项 "{code}"（不在“{MATTER_SHEET}”表中）')
        else:
            by_code[code].append(record)
    matters: list[RawMatter] = []
    attached: set[str] = set()
    for record in matter_sheet.records:
        code = _DIALECT.text(record.values.get("code"))
        if code and code not in attached:
            attached.add(code)
            matters.append(RawMatter(record, by_code[code]))
        else:  # no code, or a duplicate row: both are reported by assemble, the materials count only once
            matters.append(RawMatter(record, None))
    return matters


def _attach_guides(matters: list[RawMatter], guides: Sequence[Record], problems: Problems) -> list[RawMatter]:
    """Give each matter its 办事指南 row (one at most) and that row's sample forms."""
    by_code: dict[str, Record] = {}
    known = {_DIALECT.text(raw.record.values.get("code")) for raw in matters}
    for record in guides:
        raw_code = record.values.get("matter")
        code = _DIALECT.text(raw_code)
        if not code:
            problems.at(record.where, "matter", "缺少必填项" if raw_code is None else "应为文本")
        elif code not in known:
            problems.at(record.where, "matter", f'未知事项 "{code}"（不在“{MATTER_SHEET}”表中）')
        elif code in by_code:
            problems.at(
                record.where, "matter", f'事项 "{code}" 的办事指南重复，首次出现于 {by_code[code].where.label()}'
            )
        else:
            by_code[code] = record
    attached: list[RawMatter] = []
    for raw in matters:
        guide = by_code.pop(_DIALECT.text(raw.record.values.get("code")) or "", None)
        forms = _sample_forms(guide, problems) if guide is not None else []
        attached.append(RawMatter(raw.record, raw.materials, guide, forms))
    return attached


def _sample_forms(guide: Record, problems: Problems) -> list[Record]:
    """The 示范文本 cell's ``名称|路径`` lines as records, each placed by its line."""
    value = guide.values.get("sample_forms")
    if value is None:
        return []
    lines = _DIALECT.lines(value)
    if lines is None:
        problems.at(guide.where, "sample_forms", f"应为文本，实为 {_DIALECT.show(value)}")
        return []
    assert isinstance(guide.where, SheetRow)
    forms: list[Record] = []
    for number, line in enumerate(lines, start=1):
        where = SheetLine(guide.where, "sample_forms", number)
        name, separator, file = line.rpartition(FORM_SEPARATOR)
        if not separator:
            problems.add(f'{where.label()}: 应为 "名称{FORM_SEPARATOR}路径"，实为 "{line}"')
            continue
        forms.append(Record(where, {"name": name.strip(), "file": file.strip()}))
    return forms


def write_xlsx_catalog(catalog: Catalog, path: Path) -> None:
    """Write the catalog in the halls' XLSX form, replacing ``path`` atomically."""
    import xlsxwriter  # deferred: only exports need it

    with replacing(path) as temp:
        workbook = xlsxwriter.Workbook(str(temp), {"strings_to_numbers": False, "strings_to_formulas": False})
        header = workbook.add_format(
            {"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True, "valign": "vcenter"}
        )
        text = workbook.add_format({"num_format": "@", "valign": "top"})
        wrap = workbook.add_format({"num_format": "@", "text_wrap": True, "valign": "top"})
        yes_no = {True: "是", False: "否"}
        matter_rows = [
            [
                m.code,
                m.name,
                m.department_code,
                KIND_NAMES_ZH[m.kind],
                m.matter_type.label if m.matter_type else "",
                m.statutory_days,
                m.promised_days,
                m.fee,
                yes_no[m.id_card_only],
                yes_no[m.province_wide],
                yes_no[m.cross_province],
                yes_no[m.online],
                yes_no[m.fully_online],
                yes_no[m.one_window],
                m.legal_basis,
            ]
            for m in catalog.matters
        ]
        material_rows = [
            [
                m.code,
                x.code,
                x.name,
                FORM_NAMES_ZH[x.form],
                x.copies,
                yes_no[x.required],
                yes_no[x.deficiency_allowed],
                x.note,
                LIST_SEPARATOR.join(x.certificate_kinds),
            ]
            for m in catalog.matters
            for x in m.materials
        ]
        guide_rows: list[list[object]] = [
            [
                m.code,
                "\n".join(m.guide.conditions),
                "\n".join(m.guide.steps),
                m.guide.address,
                m.guide.hours,
                m.guide.phone,
                m.guide.online_url,
                "\n".join(f"{f.name}{FORM_SEPARATOR}{f.file}" for f in m.guide.sample_forms),
            ]
            for m in catalog.matters
            if not m.guide.empty
        ]
        choices = {
            "办件类型": list(KIND_NAMES_ZH.values()),
            "事项类型": list(MATTER_TYPE_LABELS.values()),
            "材料形式": list(FORM_NAMES_ZH.values()),
            **{label: ["是", "否"] for label in _YES_NO_COLUMNS},
        }
        sheets: list[tuple[str, Mapping[str, tuple[str, bool]], list[list[object]]]] = [
            (MATTER_SHEET, MATTER_COLUMNS, matter_rows),
            (MATERIAL_SHEET, MATERIAL_COLUMNS, material_rows),
            (DEPARTMENT_SHEET, DEPARTMENT_COLUMNS, [[d.code, d.name] for d in catalog.departments]),
            (INFO_SHEET, INFO_COLUMNS, [["格式", FORMAT_MARKER], ["版本", catalog.version]]),
            (KIND_SHEET, KIND_COLUMNS, [[k.code, k.name] for k in catalog.certificate_kinds]),
            (
                BUNDLE_SHEET,
                BUNDLE_COLUMNS,
                [[b.code, b.name, b.description, LIST_SEPARATOR.join(b.matters)] for b in catalog.bundles],
            ),
            (GUIDE_SHEET, GUIDE_COLUMNS, guide_rows),
        ]
        for name, columns, rows in sheets:
            worksheet = workbook.add_worksheet(name)
            headers = [label for label, _ in columns.values()]
            for column, label in enumerate(headers):
                worksheet.write_string(0, column, label, header)
                wide = label in _WIDE_COLUMNS
                worksheet.set_column(column, column, _WIDTHS.get(label, 10), wrap if wide else text)
                if label in choices and rows:
                    worksheet.data_validation(
                        1, column, max(len(rows), 1000), column, {"validate": "list", "source": choices[label]}
                    )
            for row_index, row in enumerate(rows, start=1):
                for column, value in enumerate(row):
                    if isinstance(value, int):
                        worksheet.write_number(row_index, column, value)
                    else:
                        worksheet.write_string(row_index, column, str(value))
            worksheet.freeze_panes(1, 0)
            if rows:
                worksheet.autofilter(0, 0, len(rows), len(headers) - 1)
        workbook.close()
