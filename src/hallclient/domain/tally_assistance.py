"""帮办代办 figures (help without a case), one definition for the local and the server tally.

Counted on the day the help was given, by month, site and kind, and among them those given to elderly (老年人) and
disabled (残疾人) people (one record may be both). The report states each kind as “上门帮办代办 N 次”.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from hallclient.domain.assistance import KINDS

#: One count: (month "YYYY-MM", site code, kind, elderly, disabled, count).
AssistanceFact = tuple[str, str, str, bool, bool, int]


@dataclass
class AssistanceRow:
    month: str
    site: str
    kind: str
    count: int = 0
    elderly: int = 0
    disabled: int = 0

    @property
    def label(self) -> str:
        return KINDS.get(self.kind, self.kind)


@dataclass
class AssistanceFigures:
    rows: list[AssistanceRow] = field(default_factory=list)  # by month, site, kind (sorted)
    by_kind: dict[str, int] = field(default_factory=dict)  # every kind, 0 when none
    total: int = 0
    elderly: int = 0
    disabled: int = 0

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> AssistanceFigures:
        return cls(rows=[AssistanceRow(**row) for row in data.get("rows", [])], by_kind=dict(data.get("by_kind", {})),
                   total=int(data.get("total", 0)), elderly=int(data.get("elderly", 0)),
                   disabled=int(data.get("disabled", 0)))  # fmt: skip

    def report_lines(self) -> list[str]:
        """What the report states: one line per kind, then the elderly and disabled counts."""
        lines = [f"{label}帮办代办 {self.by_kind.get(kind, 0)} 次" for kind, label in KINDS.items()]
        return [f"帮办代办共 {self.total} 次", *lines, f"其中为老年人 {self.elderly} 次、为残疾人 {self.disabled} 次"]


def assistance_figures(facts: Iterable[AssistanceFact]) -> AssistanceFigures:
    rows: dict[tuple[str, str, str], AssistanceRow] = {}
    figures = AssistanceFigures(by_kind=dict.fromkeys(KINDS, 0))
    for month, site, kind, elderly, disabled, count in facts:
        row = rows.setdefault((month, site, kind), AssistanceRow(month, site, kind))
        row.count += count
        row.elderly += count if elderly else 0
        row.disabled += count if disabled else 0
        figures.by_kind[kind] = figures.by_kind.get(kind, 0) + count
        figures.total += count
        figures.elderly += count if elderly else 0
        figures.disabled += count if disabled else 0
    order = list(KINDS)
    figures.rows = sorted(rows.values(), key=lambda r: (r.month, r.site, order.index(r.kind) if r.kind in order
                                                        else len(order), r.kind))  # fmt: skip
    return figures


ASSISTANCE_HEADER = ["月份", "站点", "帮办代办类型", "次数", "其中老年人", "其中残疾人"]


def assistance_rows(figures: AssistanceFigures) -> list[list[Any]]:
    """The 帮办代办 table (XLSX sheet, PDF section, screen): by month, site and kind, then the total."""
    body = [[row.month, row.site, row.label, row.count, row.elderly, row.disabled] for row in figures.rows]
    return [*body, ["合计", "", "", figures.total, figures.elderly, figures.disabled]]
