"""The quarter's assessment as XLSX (xlsxwriter): sheets 排名, 明细, 扣分依据 and 说明.

排名 is the CSV's table; 明细 one row per subject × indicator; 扣分依据 every piece of evidence behind a
deduction or bonus (the PDF prints only the first few per indicator); 说明 the period, the indicator set,
the coverage notes, the grades with their rewards and penalties, and each indicator's scoring rule.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hallclient.domain.assessment import Assessment
from hallclient.domain.tally import Column
from hallclient.files import write_atomically
from hallclient.reports.assessment_csv import csv_table
from hallclient.reports.assessment_table import (
    DETAIL_COLUMNS,
    EVIDENCE_COLUMNS,
    SUBJECT_LABELS,
    detail_rows,
    evidence_rows,
    indicator_columns,
    ranking_columns,
    rule_text,
    set_line,
    status_text,
)

NUMBER_FORMATS = {"int": "0", "score": "0.00", "signed": "+0.00;-0.00;0", "value": "General"}


def write_assessment_xlsx(assessment: Assessment, path: Path, *, version: int | None = None) -> Path:
    """``version``: the published snapshot's version, None for a draft (said on the 说明 sheet)."""
    import xlsxwriter

    def write(target: Path) -> None:
        book = xlsxwriter.Workbook(str(target))
        formats = {kind: book.add_format({"num_format": fmt, "border": 1}) for kind, fmt in NUMBER_FORMATS.items()}
        formats["text"] = book.add_format({"border": 1, "text_wrap": True, "valign": "top"})
        head = book.add_format({"bold": True, "bg_color": "#DDE6F0", "border": 1, "text_wrap": True,
                                "valign": "vcenter", "align": "center"})  # fmt: skip
        names, rows = csv_table(assessment)
        kinds = [column.kind for column in ranking_columns(assessment.subject)]
        kinds += ["score"] * len(indicator_columns(assessment))
        _sheet(book, "排名", names, rows, kinds, head, formats)
        _table(book, "明细", DETAIL_COLUMNS, detail_rows(assessment), head, formats)
        _table(book, "扣分依据", EVIDENCE_COLUMNS, evidence_rows(assessment), head, formats)
        _about(book, assessment, version, head, formats)
        book.close()

    return write_atomically(path, write)


def _table(book: Any, name: str, columns: list[Column[Any]], rows: Any, head: Any, formats: dict[str, Any]) -> None:
    values = [[column.value(row) for column in columns] for row in rows]
    _sheet(book, name, [column.label for column in columns], values, [column.kind for column in columns], head,
           formats)  # fmt: skip


def _sheet(book: Any, name: str, names: list[str], rows: list[list[Any]], kinds: list[str], head: Any,
           formats: dict[str, Any]) -> None:  # fmt: skip
    sheet = book.add_worksheet(name)
    sheet.write_row(0, 0, names, head)
    for r, row in enumerate(rows, start=1):
        for c, (value, kind) in enumerate(zip(row, kinds, strict=True)):
            style = formats.get(kind, formats["text"])
            if value is None or value == "":
                sheet.write_blank(r, c, None, style)
            else:
                sheet.write(r, c, value, style)
    sheet.freeze_panes(1, 0)
    sheet.set_column(0, len(names) - 1, 12)
    if rows:
        sheet.autofilter(0, 0, len(rows), len(names) - 1)


def _about(book: Any, assessment: Assessment, version: int | None, head: Any, formats: dict[str, Any]) -> None:
    sheet = book.add_worksheet("说明")
    sheet.set_column(0, 0, 16)
    sheet.set_column(1, 1, 36)
    sheet.set_column(2, 3, 48)
    period = assessment.period
    facts = [
        ("考核", f"{assessment.period_label} {SUBJECT_LABELS[assessment.subject]}考核"),
        ("考核期间", f"{period.start.isoformat()} 至 {period.end.isoformat()}"),
        ("数据范围", "全厅（服务器）" if assessment.source == "server" else "本机数据"),
        ("计算时间", f"{assessment.computed_at:%Y-%m-%d %H:%M}"),
        ("指标体系", set_line(assessment).removeprefix("指标体系：")),
        ("发布状态", status_text(version)),
    ]
    row = 0
    for name, value in facts:
        sheet.write(row, 0, name, head)
        sheet.write(row, 1, value, formats["text"])
        row += 1
    row += 1
    sheet.write(row, 0, "数据说明", head)
    for note in assessment.notes or ("无",):
        sheet.write(row, 1, note)
        row += 1
    row += 1
    sheet.write_row(row, 0, ["等次", "分数线", "奖惩措施"], head)
    for grade in sorted(assessment.indicator_set.grades, key=lambda grade: -grade.min_score):
        row += 1
        sheet.write_row(row, 0, [grade.name, f"≥ {grade.min_score:g}", grade.consequence], formats["text"])
    row += 2
    sheet.write_row(row, 0, ["指标类别", "指标", "计分规则", "来源"], head)
    for indicator in indicator_columns(assessment):
        row += 1
        sheet.write_row(row, 0, [indicator.group, f"{indicator.name}（{indicator.points:g}分）", rule_text(indicator),
                                 indicator.source], formats["text"])  # fmt: skip
