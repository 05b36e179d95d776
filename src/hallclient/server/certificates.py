"""The certificate library (证照库) on the server: kinds, records, and their upsert.

A record is keyed by (kind, number): importing the same certificate again, or the province answering it
again, updates the one row. The admin tools here run on the server and mask nothing; what reaches a
window goes through the lookup (``server/certificates_lookup.py``) and its rules.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, select, tuple_
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from hallclient.domain.certificates import Certificate
from hallclient.server.certificate_models import CertificateKindRow, CertificateRecord
from hallclient.server.certificates_file import KindInput
from hallclient.server.db import Database

RECORDS = cast(Table, CertificateRecord.__table__)
KINDS = cast(Table, CertificateKindRow.__table__)
LIBRARY = "library"
PROVINCIAL = "provincial"


@dataclass(frozen=True)
class ImportCount:
    added: int
    updated: int


def _upsert(session: Session, table: Table, rows: Sequence[dict[str, Any]], keys: Sequence[str]) -> None:
    """INSERT ... ON CONFLICT (keys) DO UPDATE, on PostgreSQL and SQLite alike (concurrent writers never clash)."""
    if not rows:
        return
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    statement = dialect.insert(table)
    # imported_at stays the first import's: the library's size at a month's end must not shrink on re-import
    updates = {column: statement.excluded[column] for column in rows[0] if column not in (*keys, "imported_at")}
    session.execute(statement.on_conflict_do_update(index_elements=list(keys), set_=updates), list(rows))


def import_kinds(db: Database, kinds: Sequence[KindInput]) -> ImportCount:
    with db.session() as session:
        known = set(session.scalars(select(CertificateKindRow.code)))
        rows = [{"code": k.code, "name": k.name, "department_code": k.department_code, "active": k.active}
                for k in kinds]  # fmt: skip
        _upsert(session, KINDS, rows, ["code"])
    added = sum(1 for k in kinds if k.code not in known)
    return ImportCount(added, len(kinds) - added)


def list_kinds(db: Database) -> list[CertificateKindRow]:
    with db.session() as session:
        return list(session.scalars(select(CertificateKindRow).order_by(CertificateKindRow.code)))


def kind_codes(db: Database) -> set[str]:
    with db.session() as session:
        return set(session.scalars(select(CertificateKindRow.code)))


def store_certificates(session: Session, certificates: Sequence[Certificate], source: str, now: datetime) -> int:
    """Upsert ``certificates`` on (kind, number); returns how many were new."""
    keys = [(c.kind, c.number) for c in certificates]
    known: set[tuple[str, str]] = set()
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
        pair = tuple_(RECORDS.c.kind, RECORDS.c.number)
        known |= {
            (row.kind, row.number)
            for row in session.execute(select(RECORDS.c.kind, RECORDS.c.number).where(pair.in_(chunk)))
        }
    rows = [
        {"kind": c.kind, "number": c.number, "holder_id_number": c.holder_id_number, "holder_name": c.holder_name,
         "issuer": c.issuer, "valid_from": c.valid_from, "valid_to": c.valid_to, "file_sha256": c.file_sha256,
         "source": source, "imported_at": now}
        for c in certificates
    ]  # fmt: skip
    for start in range(0, len(rows), 500):
        _upsert(session, RECORDS, rows[start : start + 500], ["kind", "number"])
    return len({key for key in keys if key not in known})


def import_certificates(db: Database, certificates: Sequence[Certificate], now: datetime) -> ImportCount:
    """All of ``certificates`` in one transaction (a validated file: see ``certificates_file``)."""
    with db.session() as session:
        added = store_certificates(session, certificates, LIBRARY, now)
    return ImportCount(added, len(certificates) - added)


def to_certificate(row: Any) -> Certificate:
    return Certificate(row.kind, row.number, row.holder_id_number, row.holder_name, row.issuer, row.valid_from,
                       row.valid_to, row.file_sha256)  # fmt: skip


def holder_certificates(session: Session, holder_id_number: str, kinds: Sequence[str] | None = None) -> list[Any]:
    """The library's rows of a holder (of ``kinds`` when given), by kind and number."""
    query = select(RECORDS).where(RECORDS.c.holder_id_number == holder_id_number)
    if kinds is not None:
        query = query.where(RECORDS.c.kind.in_(list(kinds)))
    # sorted here, not by ORDER BY: with it SQLite walks the (kind, number) index over the whole library instead of
    # the holder's few rows (20 ms a lookup at 100,000 certificates; bench/cert_lookup.py)
    return sorted(session.execute(query), key=lambda row: (row.kind, row.number))
