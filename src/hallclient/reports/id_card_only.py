"""The published 一证通办 list: the matters an applicant can have handled with nothing but the ID card."""

from __future__ import annotations

from pathlib import Path

from hallclient.domain.catalog import Catalog, Matter, MatterKind
from hallclient.files import write_atomically
from hallclient.reports.export_csv import write_table_csv

HEADER = ("事项编码", "事项名称", "实施部门", "办理地点", "承诺时限")
SHEET = "一证通办事项"
SUFFIXES = (".xlsx", ".csv")
_WIDTHS = (14, 44, 30, 40, 14)


def id_card_only_matters(catalog: Catalog) -> list[Matter]:
    return [matter for matter in catalog.matters if matter.id_card_only]


def promised_text(matter: Matter) -> str:
    return "即办" if matter.kind is MatterKind.IMMEDIATE else f"{matter.promised_days}个工作日"


def rows(catalog: Catalog) -> list[list[str]]:
    return [
        [m.code, m.name, catalog.department_name(m.department_code), m.guide.address, promised_text(m)]
        for m in id_card_only_matters(catalog)
    ]


def write_id_card_only(catalog: Catalog, path: Path) -> Path:
    """Write the list as CSV (UTF-8 with BOM, for Excel) or XLSX, by the suffix of ``path``, whole or not at all."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return write_table_csv(HEADER, rows(catalog), path)
    if suffix != ".xlsx":
        raise ValueError(f"unsupported suffix {suffix}")

    def write(target: Path) -> None:
        import xlsxwriter

        book = xlsxwriter.Workbook(str(target), {"strings_to_numbers": False, "strings_to_formulas": False})
        head = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "valign": "vcenter"})
        cell = book.add_format({"border": 1, "text_wrap": True, "valign": "top"})
        sheet = book.add_worksheet(SHEET)
        for column, (label, width) in enumerate(zip(HEADER, _WIDTHS, strict=True)):
            sheet.write_string(0, column, label, head)
            sheet.set_column(column, column, width)
        for row_index, row in enumerate(rows(catalog), start=1):
            for column, value in enumerate(row):
                sheet.write_string(row_index, column, value, cell)
        sheet.freeze_panes(1, 0)
        book.close()

    return write_atomically(path, write)
