"""The 帮办代办 and by-site parts of a tally export (``domain/tally_assistance.py``, ``domain/sites.py``): XLSX
sheets 帮办代办 and 站点 (the latter only when the tally has figures by site: the server's)."""

from __future__ import annotations

from typing import Any

from hallclient.domain.sites import SITE_HEADER, site_rows
from hallclient.domain.tally import Tally
from hallclient.domain.tally_assistance import ASSISTANCE_HEADER, assistance_rows


def write_site_sheets(book: Any, tally: Tally, styles: dict[str, Any], bold: dict[str, Any]) -> None:
    _sheet(book, "帮办代办", ASSISTANCE_HEADER, assistance_rows(tally.assistance), 3, styles, bold, total=True)
    lines = tally.assistance.report_lines()
    sheet = book.get_worksheet_by_name("帮办代办")
    for offset, line in enumerate(lines):
        sheet.write(len(tally.assistance.rows) + 3 + offset, 0, line)
    if tally.sites:
        _sheet(book, "站点", SITE_HEADER, site_rows(tally.sites), 3, styles, bold, total=False)


def _sheet(book: Any, name: str, header: list[str], rows: list[list[Any]], first_number: int,
           styles: dict[str, Any], bold: dict[str, Any], *, total: bool) -> None:  # fmt: skip
    sheet = book.add_worksheet(name)
    sheet.write_row(0, 0, header, styles["head"])
    for r, row in enumerate(rows, start=1):
        style = bold if total and r == len(rows) else styles
        sheet.write_row(r, 0, row[:first_number], style["text"])
        sheet.write_row(r, first_number, row[first_number:], style["int"])
    sheet.set_column(0, 1, 18)
    sheet.set_column(2, len(header) - 1, 14)
