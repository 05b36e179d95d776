"""Exports of the queue figures (排队统计): CSV, XLSX (a sheet per grouping) and PDF, Chinese headings.

The same table as the supervisor's 排队 tab (``domain.queue_figures.QUEUE_COLUMNS``); the PDF uses the
tally PDF's fonts (the bundled CJK chain with per-character fallback), styles and table grid.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from hallclient.domain.queue_figures import (
    QUEUE_COLUMNS,
    QUEUE_DEFINITIONS,
    QUEUE_GROUPINGS,
    QueueTally,
    queue_header,
    queue_rows,
)
from hallclient.domain.tally import format_value
from hallclient.files import write_atomically
from hallclient.reports.export_csv import write_table_csv
from hallclient.reports.export_pdf import grid_table, markup, pdf_styles, register_fonts

Progress = Callable[[int, int], None]
NUMBER_FORMATS = {"int": "#,##0", "pct": "0.0%", "minutes": "0.0"}


def title(tally: QueueTally) -> str:
    return f"{tally.hall_name}排队叫号统计表"


def meta(tally: QueueTally) -> str:
    return (f"统计期间：{tally.period.label()}　分组：按{tally.grouping_label}　大厅：{tally.hall}　"
            f"数据截至：{tally.as_of:%Y-%m-%d %H:%M}")  # fmt: skip


def write_queue_csv(tally: QueueTally, path: Path) -> Path:
    return write_table_csv(queue_header(tally), queue_rows(tally), path)


def write_queue_xlsx(tallies: Mapping[str, QueueTally], path: Path, *, progress: Progress | None = None) -> Path:
    """A sheet per grouping, in the order of ``tallies`` (the first is the one asked for)."""
    import xlsxwriter

    ordered = [tally for tally in tallies.values() if tally.grouping in QUEUE_GROUPINGS]
    if not ordered:
        raise ValueError("no queue tally to export")

    def write(target: Path) -> None:
        book = xlsxwriter.Workbook(str(target))
        head = book.add_format({"bold": True, "bg_color": "#DDE6F0", "border": 1, "text_wrap": True,
                                "valign": "vcenter", "align": "center"})  # fmt: skip
        plain = {kind: book.add_format({"num_format": fmt, "border": 1}) for kind, fmt in NUMBER_FORMATS.items()}
        bold = {kind: book.add_format({"num_format": fmt, "border": 1, "bold": True})
                for kind, fmt in NUMBER_FORMATS.items()}  # fmt: skip
        plain["text"], bold["text"] = book.add_format({"border": 1}), book.add_format({"border": 1, "bold": True})
        kinds = ["text", *[column.kind for column in QUEUE_COLUMNS]]
        for number, tally in enumerate(ordered, start=1):
            sheet = book.add_worksheet(f"排队_按{tally.grouping_label}")
            sheet.write(0, 0, title(tally), book.add_format({"bold": True, "font_size": 14}))
            sheet.write(1, 0, meta(tally))
            sheet.write_row(3, 0, queue_header(tally), head)
            sheet.set_row(3, 36)
            rows = queue_rows(tally)
            for r, row in enumerate(rows, start=4):
                styles = bold if r == len(rows) + 3 else plain
                for col, (value, kind) in enumerate(zip(row, kinds, strict=True)):
                    if value is None:
                        sheet.write_blank(r, col, None, styles[kind])
                    else:
                        sheet.write(r, col, value, styles[kind])
            for offset, note in enumerate([*tally.notes, *QUEUE_DEFINITIONS], start=len(rows) + 5):
                sheet.write(offset, 0, note)
            sheet.freeze_panes(4, 1)
            sheet.set_column(0, 0, 20)
            sheet.set_column(1, len(kinds) - 1, 10)
            if progress:
                progress(number, len(ordered))
        book.close()

    return write_atomically(path, write)


def write_queue_pdf(tally: QueueTally, path: Path, *, progress: Progress | None = None) -> Path:
    register_fonts()
    story = _story(tally)
    if progress:
        progress(1, 2)

    def write(target: Path) -> None:
        from reportlab.lib.pagesizes import A4, landscape
        from reportlab.lib.units import mm
        from reportlab.platypus import SimpleDocTemplate

        doc = SimpleDocTemplate(str(target), pagesize=landscape(A4), leftMargin=12 * mm, rightMargin=12 * mm,
                                topMargin=12 * mm, bottomMargin=12 * mm, title=f"{title(tally)} {tally.period.label()}",
                                author=tally.hall_name, creator="hallclient")  # fmt: skip
        doc.build(story)

    result = write_atomically(path, write)
    if progress:
        progress(2, 2)
    return result


def _story(tally: QueueTally) -> list[Any]:
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, Spacer

    styles = pdf_styles()
    data = [[Paragraph(markup(name), styles["head"]) for name in queue_header(tally)]]
    for fig in [*tally.groups, tally.total]:
        row = [Paragraph(markup(fig.label), styles["cell"])]
        row += [
            Paragraph(escape(format_value(column.value(fig), column.kind)), styles["num"]) for column in QUEUE_COLUMNS
        ]
        data.append(row)
    usable, label_width = 273 * mm, 36 * mm
    widths = [label_width] + [(usable - label_width) / len(QUEUE_COLUMNS)] * len(QUEUE_COLUMNS)
    story: list[Any] = [
        Paragraph(markup(title(tally)), styles["title"]),
        Paragraph(markup(meta(tally)), styles["meta"]),
        Spacer(1, 4 * mm),
        grid_table(data, widths, bold_last=True),
        Paragraph(markup("说明"), styles["h2"]),
    ]
    story += [Paragraph(markup(f"· {note}"), styles["note"]) for note in [*tally.notes, *QUEUE_DEFINITIONS]]
    return story
