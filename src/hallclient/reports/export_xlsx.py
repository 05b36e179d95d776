"""XLSX export with xlsxwriter: a summary sheet with native Excel charts, then a sheet per grouping, then the
sections not grouped (通办 by partner region, 一件事 by bundle, 短信).

Each grouping sheet holds exactly the CSV's table (same rows, same values) with a frozen header row
and label column, number formats for shares and hours, and the total row in bold.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from hallclient.domain.case import OUTCOME_LABELS, Outcome
from hallclient.domain.certificate_figures import (
    CERTIFICATE_SHEET,
    CertificateFigures,
    certificate_header,
    certificate_rows,
)
from hallclient.domain.sms_figures import SmsFigures
from hallclient.domain.tally import (
    BUNDLE_COLUMNS,
    BUNDLE_HEADING,
    CATALOG_COLUMNS,
    CATALOG_HEADING,
    COLUMNS,
    GROUPINGS,
    LEVEL_LABELS,
    LEVELS,
    OUTCOMES,
    PARTNER_COLUMNS,
    PARTNER_HEADING,
    SMS_COLUMNS,
    SMS_HEADING,
    Column,
    Tally,
    bundle_rows,
    catalog_row,
    header,
    partner_rows,
    sms_rows,
    table_rows,
)
from hallclient.domain.tally_catalog import DEFINITIONS as CATALOG_DEFINITIONS
from hallclient.domain.tally_catalog import MISSING_NOTE, SCOPE_NOTE
from hallclient.files import write_atomically
from hallclient.reports.export_sites import write_site_sheets

Progress = Callable[[int, int], None]


def write_xlsx(tallies: Mapping[str, Tally], path: Path, *, progress: Progress | None = None) -> Path:
    """``tallies`` maps grouping → tally of the same period (e.g. from ``local_tallies``); first one leads."""
    import xlsxwriter

    ordered = [tallies[name] for name in GROUPINGS if name in tallies]
    if not ordered:
        raise ValueError("no tally to export")
    lead = next(iter(tallies.values()))
    steps = len(ordered) + 1

    def write(target: Path) -> None:
        book = xlsxwriter.Workbook(str(target), {"constant_memory": False})
        styles = {
            "title": book.add_format({"bold": True, "font_size": 14}),
            "head": book.add_format({"bold": True, "bg_color": "#DDE6F0", "border": 1, "text_wrap": True,
                                     "valign": "vcenter", "align": "center"}),
            "int": book.add_format({"num_format": "#,##0", "border": 1}),
            "pct": book.add_format({"num_format": "0.0%", "border": 1}),
            "hours": book.add_format({"num_format": "0.0", "border": 1}),
            "text": book.add_format({"border": 1}),
        }  # fmt: skip
        bold = {kind: book.add_format({**_props(kind), "bold": True, "border": 1}) for kind in styles}
        _summary(book, lead, styles)
        if progress:
            progress(1, steps)
        for number, tally in enumerate(ordered, start=2):
            _grouping_sheet(book, tally, styles, bold)
            if progress:
                progress(number, steps)
        _figures_sheet(book, PARTNER_HEADING, PARTNER_HEADING, PARTNER_COLUMNS, partner_rows(lead), styles, bold)
        _figures_sheet(book, BUNDLE_HEADING, BUNDLE_HEADING, BUNDLE_COLUMNS, bundle_rows(lead), styles, bold)
        write_site_sheets(book, lead, styles, bold)  # 帮办代办, and 站点 from the server
        _catalog_sheet(book, lead, styles)
        if lead.sms is not None:
            _sms_sheet(book, lead.sms, styles, bold)
        if lead.certificates is not None:
            certificate_sheet(book, lead.certificates, styles, bold)
        book.close()

    return write_atomically(path, write)


def _props(kind: str) -> dict[str, Any]:
    return {"int": {"num_format": "#,##0"}, "pct": {"num_format": "0.0%"}, "hours": {"num_format": "0.0"}}.get(kind, {})


def _grouping_sheet(book: Any, tally: Tally, styles: dict[str, Any], bold: dict[str, Any]) -> None:
    sheet = book.add_worksheet(f"按{tally.grouping_label}")
    sheet.write_row(0, 0, header(tally), styles["head"])
    sheet.set_row(0, 36)
    kinds = ["text", *[column.kind for column in COLUMNS]]
    rows = table_rows(tally)
    for r, row in enumerate(rows, start=1):
        is_total = r == len(rows)
        for col, (value, kind) in enumerate(zip(row, kinds, strict=True)):
            style = (bold if is_total else styles)[kind]
            if value is None:
                sheet.write_blank(r, col, None, style)
            else:
                sheet.write(r, col, value, style)
    sheet.freeze_panes(1, 1)
    sheet.set_column(0, 0, 24)
    sheet.set_column(1, len(kinds) - 1, 9)
    sheet.autofilter(0, 0, len(rows) - 1, len(kinds) - 1)


def _figures_sheet(
    book: Any,
    name: str,
    heading: str,
    columns: Sequence[Column[Any]],
    rows: list[list[Any]],
    styles: dict[str, Any],
    bold: dict[str, Any],
) -> None:
    """A section not grouped by the tally's groupings (通办 by partner region, 一件事 by bundle): one sheet, its
    rows then the total in bold."""
    sheet = book.add_worksheet(name)
    sheet.write_row(0, 0, [heading, *[column.label for column in columns]], styles["head"])
    kinds = ["text", *["hours" if column.kind == "days" else column.kind for column in columns]]
    for r, row in enumerate(rows, start=1):
        for col, (value, kind) in enumerate(zip(row, kinds, strict=True)):
            style = (bold if r == len(rows) else styles)[kind]
            if value is None:
                sheet.write_blank(r, col, None, style)
            else:
                sheet.write(r, col, value, style)
    sheet.set_column(0, 0, 24)
    sheet.set_column(1, len(kinds) - 1, 12)


def _catalog_sheet(book: Any, tally: Tally, styles: dict[str, Any]) -> None:
    """事项目录指标: each figure with its value and, in 说明, its definition."""
    sheet = book.add_worksheet(CATALOG_HEADING)
    sheet.write_row(0, 0, ["指标", "数值", "说明"], styles["head"])
    sheet.set_column(0, 0, 18)
    sheet.set_column(1, 1, 10)
    sheet.set_column(2, 2, 70)
    if tally.catalog is None:
        sheet.write(1, 0, MISSING_NOTE)
        return
    for r, (column, value) in enumerate(zip(CATALOG_COLUMNS, catalog_row(tally.catalog), strict=True), start=1):
        sheet.write(r, 0, column.label, styles["text"])
        if value is None:
            sheet.write_blank(r, 1, None, styles[column.kind])
        else:
            sheet.write(r, 1, value, styles[column.kind])
        sheet.write(r, 2, CATALOG_DEFINITIONS[column.key], styles["text"])
    sheet.write(len(CATALOG_COLUMNS) + 2, 0, f"事项目录版本：{tally.catalog.version or '未标版本'}。{SCOPE_NOTE}")


def _sms_sheet(book: Any, sms: SmsFigures, styles: dict[str, Any], bold: dict[str, Any]) -> None:
    """短信 (server tallies only): per day and notice kind, then the total 短信发送条数, then the notes."""
    sheet = book.add_worksheet("短信")
    sheet.write_row(0, 0, ["日期", SMS_HEADING, *[column.label for column in SMS_COLUMNS]], styles["head"])
    rows = sms_rows(sms, by_day=True) if sms.provided else []
    for r, row in enumerate(rows, start=1):
        style = bold if r == len(rows) else styles
        sheet.write_row(r, 0, row[:2], style["text"])
        sheet.write_row(r, 2, row[2:], style["int"])
    for offset, note in enumerate(sms.notes):
        sheet.write(len(rows) + 2 + offset, 0, note)
    sheet.set_column(0, 1, 16)
    sheet.set_column(2, len(SMS_COLUMNS) + 1, 12)


def certificate_sheet(book: Any, figures: CertificateFigures, styles: dict[str, Any], bold: dict[str, Any]) -> None:
    """证照共享 (server tallies and ``server certs report``): by department and month, the total last."""
    sheet = book.add_worksheet(CERTIFICATE_SHEET)
    sheet.write_row(0, 0, certificate_header(figures), styles["head"])
    rows = certificate_rows(figures)
    for r, row in enumerate(rows, start=1):
        style = bold if r == len(rows) else styles
        sheet.write_row(r, 0, row[:2], style["text"])
        sheet.write_row(r, 2, row[2:], style["int"])
    sheet.set_column(0, 0, 24)
    sheet.set_column(1, len(rows[0]) - 1, 14)


def write_certificate_xlsx(figures: CertificateFigures, path: Path) -> Path:
    """A workbook of the 证照共享 sheet alone (``hallclient server certs report --out``)."""
    import xlsxwriter

    def write(target: Path) -> None:
        book = xlsxwriter.Workbook(str(target))
        head = book.add_format({"bold": True, "bg_color": "#DDE6F0", "border": 1, "text_wrap": True})
        styles = {"head": head, "int": book.add_format({"num_format": "#,##0", "border": 1}),
                  "text": book.add_format({"border": 1})}  # fmt: skip
        bold = {kind: book.add_format({"bold": True, "border": 1, **_props(kind)}) for kind in ("int", "text")}
        certificate_sheet(book, figures, styles, bold)
        book.close()

    return write_atomically(path, write)


def _summary(book: Any, tally: Tally, styles: dict[str, Any]) -> None:
    sheet = book.add_worksheet("汇总")
    sheet.set_column(0, 0, 22)
    sheet.set_column(1, 6, 12)
    sheet.write(0, 0, f"{tally.hall_name} 办件统计", styles["title"])
    facts = [
        ("统计期间", tally.period.label()),
        ("数据范围", tally.scope),
        ("状态截至", tally.as_of.isoformat()),
        ("生成时间", tally.generated_at.strftime("%Y-%m-%d %H:%M")),
        ("未同步事件", "—" if tally.unsynced_events is None else tally.unsynced_events),
    ]
    for r, (name, value) in enumerate(facts, start=2):
        sheet.write(r, 0, name, styles["head"])
        sheet.write(r, 1, value, styles["text"])
    total = tally.total
    row = 8
    sheet.write_row(row, 0, ["受理结果", "件数"], styles["head"])
    for i, outcome in enumerate(OUTCOMES, start=1):
        sheet.write(row + i, 0, OUTCOME_LABELS[Outcome(outcome)], styles["text"])
        sheet.write(row + i, 1, total.outcomes.get(outcome, 0), styles["int"])
    _chart(book, sheet, "column", "受理结果", (row + 1, row + len(OUTCOMES)), "D9")
    row += len(OUTCOMES) + 2
    sheet.write_row(row, 0, ["评价等级", "次数"], styles["head"])
    for i, level in enumerate(LEVELS, start=1):
        sheet.write(row + i, 0, LEVEL_LABELS[level], styles["text"])
        sheet.write(row + i, 1, total.ratings[level], styles["int"])
    _chart(book, sheet, "column", "好差评", (row + 1, row + len(LEVELS)), "D25")
    row += len(LEVELS) + 2
    sheet.write_row(row, 0, ["投诉来源", "受理", "办结", "整改", "超期", "办结率", "整改率"], styles["head"])
    for i, item in enumerate(tally.complaint_sources, start=1):
        sheet.write(row + i, 0, item.label, styles["text"])
        for col, value in enumerate((item.received, item.closed, item.rectified, item.overdue), start=1):
            sheet.write(row + i, col, value, styles["int"])
        for col, share in ((5, item.handling), (6, item.rectification)):
            if share is None:
                sheet.write_blank(row + i, col, None, styles["pct"])
            else:
                sheet.write(row + i, col, share, styles["pct"])
    row += len(tally.complaint_sources) + 2
    sheet.write_row(row, 0, ["时段", "受理件数"], styles["head"])
    for hour in range(24):
        sheet.write(row + 1 + hour, 0, f"{hour:02d}:00", styles["text"])
        sheet.write(row + 1 + hour, 1, tally.hourly[hour], styles["int"])
    _chart(book, sheet, "column", "分时段受理量", (row + 1, row + 24), "D41")
    if tally.notes:
        sheet.write(row + 26, 0, "说明：" + " ".join(tally.notes))


def _chart(book: Any, sheet: Any, kind: str, title: str, rows: tuple[int, int], anchor: str) -> None:
    chart = book.add_chart({"type": kind})
    first, last = rows
    chart.add_series({
        "name": title,
        "categories": ["汇总", first, 0, last, 0],
        "values": ["汇总", first, 1, last, 1],
        "data_labels": {"value": True},
    })  # fmt: skip
    chart.set_title({"name": title})
    chart.set_legend({"none": True})
    chart.set_size({"width": 560, "height": 300})
    sheet.insert_chart(anchor, chart)
