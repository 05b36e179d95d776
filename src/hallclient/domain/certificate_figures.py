"""The server's certificate figures (证照共享), by department and month, as the tally exports show them.

证照入库种类数 and 入库量 are what the library held at the month's end (kinds by their issuing department);
查询次数 are the lookups answered that month (a lookup for matters of two departments counts for each, so the
total row is counted apart, not summed); 证照共享量 are the materials of cases received that month that a
certificate stood in for. Computed by ``server/certificates_figures.py``; travels with the server tallies.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any, NamedTuple

CERTIFICATE_SHEET = "证照共享"
TOTAL_LABEL = "合计"


@dataclass(frozen=True)
class CertificateFigureRow:
    department: str  # department code ("" for the total)
    department_name: str
    month: str  # YYYY-MM ("" for the total)
    kinds: int = 0
    records: int = 0
    lookups: int = 0
    shares: int = 0


class FigureColumn(NamedTuple):
    """One figures column: a stable ``key`` (screens key translated headers by it) and the Chinese ``label``.
    Not domain/tally.py's ``Column``: the tally imports this module, so this one cannot import the tally."""

    key: str
    label: str
    value: Callable[[CertificateFigureRow], int]


CERTIFICATE_COLUMNS: tuple[FigureColumn, ...] = (
    FigureColumn("cert_kinds", "证照入库种类数", lambda r: r.kinds),
    FigureColumn("cert_records", "入库量", lambda r: r.records),
    FigureColumn("cert_lookups", "查询次数", lambda r: r.lookups),
    FigureColumn("cert_shares", "证照共享量", lambda r: r.shares),
)


@dataclass
class CertificateFigures:
    rows: list[CertificateFigureRow] = field(default_factory=list)
    total: CertificateFigureRow = field(default_factory=lambda: CertificateFigureRow("", TOTAL_LABEL, ""))
    # a local tally's (domain/tally_certificates.py): only 证照共享量 is known on a window PC
    local: bool = False

    @property
    def columns(self) -> tuple[FigureColumn, ...]:
        return LOCAL_CERTIFICATE_COLUMNS if self.local else CERTIFICATE_COLUMNS

    def to_dict(self) -> dict[str, Any]:
        return {"rows": [asdict(row) for row in self.rows], "total": asdict(self.total), "local": self.local}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CertificateFigures:
        return cls([CertificateFigureRow(**row) for row in data["rows"]], CertificateFigureRow(**data["total"]),
                   bool(data.get("local", False)))  # fmt: skip


#: A local tally's columns: the shares alone (the library and the lookups are the server's)
LOCAL_CERTIFICATE_COLUMNS = CERTIFICATE_COLUMNS[-1:]


def certificate_header(figures: CertificateFigures | None = None) -> list[str]:
    columns = figures.columns if figures is not None else CERTIFICATE_COLUMNS
    return ["部门", "月份", *[column.label for column in columns]]


def certificate_rows(figures: CertificateFigures) -> list[list[Any]]:
    """The table rows (department name, month, figures), the total last."""
    return [
        [row.department_name, row.month, *[column.value(row) for column in figures.columns]]
        for row in [*figures.rows, figures.total]
    ]
