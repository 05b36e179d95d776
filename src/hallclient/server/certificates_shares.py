"""证照共享量 at ingest: the materials of an intake that a certificate stood in for, one row per (case, material).

Read from the intake snapshot of the first case event (``materials[].certificate``, written by the window);
the unique key (case id, material code) with ON CONFLICT DO NOTHING keeps a resent batch, or a bundle
imported after its upload, from counting a share twice. A malformed entry is skipped: the event itself
was already accepted, and a share the server cannot read is not a share it may count.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any, cast

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from hallclient.server.certificate_models import CertificateShare

SHARES = cast(Table, CertificateShare.__table__)


def _text(value: Any, limit: int) -> str | None:
    return value[:limit] if isinstance(value, str) and value.strip() else None


def shares_of(case_id: str, intake: dict[str, Any], received_on: date | None) -> list[dict[str, Any]]:
    """The share rows an intake snapshot holds."""
    rows: list[dict[str, Any]] = []
    materials = intake.get("materials")
    department = _text(intake.get("department_code"), 32) or ""
    for item in materials if isinstance(materials, list) else ():
        certificate = item.get("certificate") if isinstance(item, dict) else None
        if not isinstance(certificate, dict):
            continue
        code, kind, number = (
            _text(item.get("code"), 64),
            _text(certificate.get("kind"), 32),
            _text(certificate.get("number"), 64),
        )
        if code is None or kind is None or number is None:
            continue
        rows.append({"case_id": case_id, "material_code": code, "kind": kind, "number": number,
                     "lookup_id": _text(certificate.get("lookup_id"), 36) or "", "department_code": department,
                     "received_on": received_on})  # fmt: skip
    return rows


def record_shares(session: Session, rows: Sequence[dict[str, Any]]) -> None:
    if not rows:
        return
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    statement = dialect.insert(SHARES).on_conflict_do_nothing(index_elements=["case_id", "material_code"])
    session.execute(statement, list(rows))
