"""The ranking as CSV (UTF-8 with a BOM, like the tally CSV): one row per subject, then its points per indicator.

Numbers stay numbers (the total and each indicator's points), so the file is as good for machines as for
Excel; the fixed columns are :func:`hallclient.reports.assessment_table.ranking_columns`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hallclient.domain.assessment import Assessment
from hallclient.reports.assessment_table import indicator_columns, points_of, ranking_columns
from hallclient.reports.export_csv import write_table_csv


def csv_table(assessment: Assessment) -> tuple[list[str], list[list[Any]]]:
    """The heading row and the rows: the ranking columns, then ``指标（分值）`` per indicator."""
    columns = ranking_columns(assessment.subject)
    indicators = indicator_columns(assessment)
    head = [column.label for column in columns] + [f"{item.name}（{item.points:g}分）" for item in indicators]
    rows = [
        [column.value(row) for column in columns] + [points_of(row, item) for item in indicators]
        for row in assessment.rows
    ]
    return head, rows


def write_assessment_csv(assessment: Assessment, path: Path) -> Path:
    head, rows = csv_table(assessment)
    return write_table_csv(head, rows, path)
