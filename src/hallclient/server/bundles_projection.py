"""一件事一次办 on the server: the projected case's bundle columns, and the bundle facts of the hall-wide tally.

The intake snapshot's ``bundle`` (``{"id", "code", "name"}`` or null, services/cases.py) gives ``bundle_id`` and
``bundle_code``; the name is read back from the stored snapshot when figures are built.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hallclient.domain.tally import Period
from hallclient.domain.tally_bundles import BundleCaseFact
from hallclient.server.models import ServerCase

ID_LENGTH, CODE_LENGTH = 36, 64  # the columns' lengths (migration s0011)


def _bundle(intake: dict[str, Any]) -> dict[str, Any] | None:
    bundle = intake.get("bundle")
    return bundle if isinstance(bundle, dict) else None


def bundle_columns(intake: dict[str, Any]) -> dict[str, str | None]:
    """``bundle_id`` and ``bundle_code`` of the case an intake snapshot records (None for a single intake)."""
    bundle = _bundle(intake)
    if bundle is None:
        return {"bundle_id": None, "bundle_code": None}
    return {"bundle_id": str(bundle.get("id") or "") or None, "bundle_code": str(bundle.get("code") or "") or None}


def bundle_problem(intake: dict[str, Any]) -> str | None:
    """Why the snapshot's bundle cannot be stored (ingest quarantines the event), or None."""
    bundle = intake.get("bundle")
    if bundle is None:
        return None
    if not isinstance(bundle, dict) or not isinstance(bundle.get("id"), str) or not isinstance(bundle.get("code"), str):
        return "payload.intake.bundle：应为 {id, code, name}"
    if len(bundle["id"]) > ID_LENGTH or len(bundle["code"]) > CODE_LENGTH:
        return f"payload.intake.bundle：id 超过 {ID_LENGTH} 个字符或 code 超过 {CODE_LENGTH} 个字符"
    return None


def bundle_facts(session: Session, period: Period) -> list[BundleCaseFact]:
    """The cases of the 一件事 intakes received in ``period``, hall-wide."""
    s = ServerCase
    query = select(s.bundle_id, s.bundle_code, s.received_on, s.status, s.completed_at, s.received_offset_min,
                   s.intake).where(s.bundle_id.is_not(None), s.received_on >= period.start,
                                   s.received_on <= period.end)  # fmt: skip
    facts = []
    for bundle_id, code, received_on, status, completed_at, offset, intake_text in session.execute(query):
        if received_on is None:  # excluded by the query; for the type checker
            continue
        intake = json.loads(intake_text or "{}")
        bundle = _bundle(intake) or {}
        completed: date | None = None
        if completed_at is not None:
            completed = (completed_at + timedelta(minutes=offset or 0)).date()
        materials = intake.get("materials") or []
        facts.append(
            BundleCaseFact(
                bundle_id=str(bundle_id),
                bundle_code=str(code or ""),
                bundle_name=str(bundle.get("name") or code or ""),
                received_on=received_on,
                status=str(status),
                completed_on=completed,
                papers=tuple(str(m.get("name", "")) for m in materials if isinstance(m, dict) and m.get("received")),
            )
        )
    return facts
