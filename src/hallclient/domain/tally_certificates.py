"""证照共享量 of this PC's own cases, by department and month (the local tally's 证照共享 sheet and section).

A window knows only its shares: the materials of its cases received in the period that an electronic certificate
stood in for (电子证照共享). The library's kinds and records and the lookups are the server's figures
(``server/certificates_figures.py``); both travel as :class:`~hallclient.domain.certificate_figures.CertificateFigures`,
one row dataclass for a (department, month), the local one flagged ``local`` so its exports show the share column
alone and say where the rest is.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping

from hallclient.domain.certificate_figures import TOTAL_LABEL, CertificateFigureRow, CertificateFigures

#: The 说明 line of a local tally's 证照共享 part.
LOCAL_CERTIFICATE_NOTE = (
    "证照共享量：本机受理的办件中以电子证照代替纸质的材料数；证照入库和查询次数见全厅（服务器）统计。"
)

#: (department code, month "YYYY-MM", shared materials)
ShareFact = tuple[str, str, int]


def local_certificate_figures(shares: Iterable[ShareFact], department_names: Mapping[str, str]) -> CertificateFigures:
    """The shares by department (by name) and month, then the total."""
    counts: Counter[tuple[str, str]] = Counter()
    for department, month, count in shares:
        counts[(department, month)] += count
    rows = [
        CertificateFigureRow(department, department_names.get(department, department), month, shares=count)
        for (department, month), count in counts.items()
    ]
    rows.sort(key=lambda row: (row.department_name, row.month))
    total = CertificateFigureRow("", TOTAL_LABEL, "", shares=sum(counts.values()))
    return CertificateFigures(rows, total, local=True)
