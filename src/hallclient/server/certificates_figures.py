"""证照入库种类数, 入库量, 查询次数 and 证照共享量 by department and month, from the library, the lookup log and
the shares recorded at ingest (the meaning of each figure: domain/certificate_figures.py)."""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import distinct, func, select
from sqlalchemy.orm import Session

from hallclient.domain.certificate_figures import TOTAL_LABEL, CertificateFigureRow, CertificateFigures
from hallclient.domain.tally import Period
from hallclient.server.certificate_models import (
    CertificateKindRow,
    CertificateLookup,
    CertificateRecord,
    CertificateShare,
)
from hallclient.server.tallies import published_catalog


def _months(period: Period) -> list[tuple[str, date]]:
    """(YYYY-MM, last day counted) for each month the period touches."""
    months: list[tuple[str, date]] = []
    day = period.start.replace(day=1)
    while day <= period.end:
        following = (day + timedelta(days=32)).replace(day=1)
        months.append((day.strftime("%Y-%m"), min(following - timedelta(days=1), period.end)))
        day = following
    return months


def _local_day(moment: datetime) -> date:
    """A naive UTC time of the server as the server's own calendar day."""
    return moment.replace(tzinfo=UTC).astimezone().date()


def certificate_figures(session: Session, period: Period) -> CertificateFigures:
    months = _months(period)
    catalog = published_catalog(session)
    stock: dict[tuple[str, str], tuple[int, int]] = {}
    for month, last in months:
        for department, kinds, records in _held(session, last):
            stock[(department, month)] = (kinds, records)
    lookups: Counter[tuple[str, str]] = Counter()
    answered = 0
    start = datetime.combine(period.start, datetime.min.time()) - timedelta(days=1)
    end = datetime.combine(period.end, datetime.min.time()) + timedelta(days=2)
    query = select(CertificateLookup.at, CertificateLookup.matter_codes).where(
        CertificateLookup.at >= start, CertificateLookup.at < end, CertificateLookup.refusal == ""
    )
    for at, matter_codes in session.execute(query):
        day = _local_day(at)
        if not period.start <= day <= period.end:
            continue
        answered += 1
        codes = json.loads(matter_codes)
        for department in {catalog.matter_department.get(code, "") for code in codes}:
            lookups[(department, day.strftime("%Y-%m"))] += 1
    shares: Counter[tuple[str, str]] = Counter()
    received = select(CertificateShare.department_code, CertificateShare.received_on).where(
        CertificateShare.received_on >= period.start, CertificateShare.received_on <= period.end
    )
    for department_code, received_on in session.execute(received):
        if received_on is not None:
            shares[(department_code, received_on.strftime("%Y-%m"))] += 1
    keys = sorted(set(stock) | set(lookups) | set(shares))
    rows = [
        CertificateFigureRow(
            department,
            catalog.departments.get(department, department or "（未注明部门）"),
            month,
            *stock.get((department, month), (0, 0)),
            lookups[(department, month)],
            shares[(department, month)],
        )
        for department, month in keys
    ]
    kinds_at_end, records_at_end = _held_in_all(session, months[-1][1])
    total = CertificateFigureRow("", TOTAL_LABEL, "", kinds_at_end, records_at_end, answered, sum(shares.values()))
    return CertificateFigures(rows, total)


def _until(last: date) -> datetime:
    """The end of the server's day ``last`` as naive UTC (the library's ``imported_at``)."""
    return datetime.combine(last + timedelta(days=1), datetime.min.time()).astimezone(UTC).replace(tzinfo=None)


def _held(session: Session, last: date) -> list[tuple[str, int, int]]:
    """(department, kinds, records) the library held at the end of ``last``, counted in SQL (it may be large)."""
    r, k = CertificateRecord, CertificateKindRow
    department = func.coalesce(k.department_code, "")
    query = (
        select(department, func.count(distinct(r.kind)), func.count())
        .select_from(r)
        .outerjoin(k, k.code == r.kind)
        .where(r.imported_at < _until(last))
        .group_by(department)
    )
    return [(str(name), int(kinds), int(records)) for name, kinds, records in session.execute(query)]


def _held_in_all(session: Session, last: date) -> tuple[int, int]:
    r = CertificateRecord
    query = select(func.count(distinct(r.kind)), func.count()).where(r.imported_at < _until(last))
    kinds, records = session.execute(query).one()
    return int(kinds), int(records)
