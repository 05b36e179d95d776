"""Projecting accepted events into the hall-wide ``cases`` table, one batch at a time.

Every case event carries the resulting case state and the first one the intake snapshot, so a case
row is rebuilt from its events alone. A batch is folded in memory (events in sequence order), then
written with one bulk INSERT and one bulk UPDATE. A back-office completion is never undone by a
device event that had not seen it: the stale status is kept out and the case is flagged.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from hallclient.domain.events import EventRecord, canonical_json
from hallclient.server.clock import parse_aware
from hallclient.server.models import ServerCase

AFTER_COMPLETION = frozenset({"completed", "collected"})

INTAKE_FIELDS = (
    "matter_code",
    "matter_name",
    "department_code",
    "channel",
    "window",
    "clerk_id",
    "clerk_name",
)


def _day(value: Any) -> date | None:
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def case_no_of(event: EventRecord) -> str | None:
    payload = event.payload
    value = payload.get("case_no")
    if value is None and isinstance(payload.get("intake"), dict):
        value = payload["intake"].get("case_no")
    return value if isinstance(value, str) and value else None


@dataclass
class _Fold:
    values: dict[str, Any]
    new: bool
    touched: set[str] = field(default_factory=set)

    def set(self, key: str, value: Any) -> None:
        self.values[key] = value
        self.touched.add(key)


def _apply(fold: _Fold, event: EventRecord, now: datetime) -> None:
    payload = event.payload
    intake = payload.get("intake")
    if isinstance(intake, dict):
        for key in INTAKE_FIELDS:
            if isinstance(intake.get(key), str):
                fold.set(key, intake[key])
        raw_applicant = intake.get("applicant")
        applicant: dict[str, Any] = raw_applicant if isinstance(raw_applicant, dict) else {}
        fold.set("applicant_kind", str(applicant.get("kind", "")))
        fold.set("applicant_name", str(applicant.get("name", ""))[:128])
        fold.set("green_channel", bool(intake.get("green_channel", False)))
        fold.set("assisted", bool(intake.get("assisted", False)))
        fold.set("intake", canonical_json(intake))
        received = parse_aware(str(intake.get("received_at", "")))
        fold.set("received_on", received.date() if received else _day(payload.get("state", {}).get("received_on")))
    state = payload.get("state")
    if isinstance(state, dict):
        status = str(state.get("status", ""))
        if fold.values.get("back_office_by") and status not in AFTER_COMPLETION:
            fold.set(
                "conflict",
                f"device event #{event.seq} ({event.type}) would set status {status!r} after back-office completion",
            )
        else:
            fold.set("status", status)
            fold.set("outcome", str(state.get("outcome", "")))
            fold.set("decision", state.get("decision"))
            fold.set("promised_date", _day(state.get("promised_date")))
            fold.set("statutory_date", _day(state.get("statutory_date")))
            fold.set("state", canonical_json(state))
            if status == "completed" and fold.values.get("completed_at") is None:
                fold.set("completed_at", parse_aware(event.device_time) or now)
    fold.set("last_event_type", event.type)
    fold.set("last_seq", event.seq)
    fold.set("events_count", int(fold.values.get("events_count") or 0) + 1)
    fold.set("updated_at", now)


def project(session: Session, events: list[EventRecord], now: datetime) -> int:
    """Fold ``events`` (already accepted, in sequence order) into case rows; returns cases touched."""
    case_events = [event for event in events if event.case_id and event.type.startswith("case.")]
    if not case_events:
        return 0
    ids = sorted({event.case_id for event in case_events if event.case_id})
    existing = {
        row.case_id: row
        for row in session.scalars(select(ServerCase).where(ServerCase.case_id.in_(ids)))
    }
    folds: dict[str, _Fold] = {}
    for event in case_events:
        assert event.case_id is not None
        fold = folds.get(event.case_id)
        if fold is None:
            row = existing.get(event.case_id)
            if row is not None:
                values = {column.key: getattr(row, column.key) for column in ServerCase.__table__.columns}
                fold = _Fold(values, new=False)
            else:
                case_no = case_no_of(event) or f"?{event.case_id}"
                fold = _Fold({"case_id": event.case_id, "case_no": case_no, "device_id": event.device_id}, new=True)
            folds[event.case_id] = fold
        _apply(fold, event, now)
    _resolve_case_number_clashes(session, [fold for fold in folds.values() if fold.new])
    inserts = [fold.values for fold in folds.values() if fold.new]
    updates = [
        {"case_id": fold.values["case_id"], **{key: fold.values[key] for key in fold.touched}}
        for fold in folds.values()
        if not fold.new
    ]
    if inserts:
        defaults = _insert_defaults()
        session.connection().execute(insert(ServerCase), [{**defaults, **values} for values in inserts])
    if updates:
        by_keys: dict[frozenset[str], list[dict[str, Any]]] = {}
        for values in updates:
            by_keys.setdefault(frozenset(values), []).append(values)
        for group in by_keys.values():
            session.execute(update(ServerCase), group)
    return len(folds)


def _insert_defaults() -> dict[str, Any]:
    return {
        "window": "", "matter_code": "", "matter_name": "", "department_code": "", "channel": "",
        "applicant_kind": "", "applicant_name": "", "green_channel": False, "assisted": False, "clerk_id": "",
        "clerk_name": "", "intake": "", "received_on": None, "outcome": "", "status": "", "decision": None,
        "promised_date": None, "statutory_date": None, "state": "{}", "last_event_type": "", "last_seq": 0,
        "events_count": 0, "completed_at": None, "back_office_by": "", "conflict": "",
    }  # fmt: skip


def _resolve_case_number_clashes(session: Session, folds: list[_Fold]) -> None:
    """Two devices issuing the same case number (misconfigured device codes) must not block uploads:
    the later case keeps a suffixed number and a conflict note."""
    if not folds:
        return
    wanted = [fold.values["case_no"] for fold in folds]
    taken = set(session.scalars(select(ServerCase.case_no).where(ServerCase.case_no.in_(wanted))))
    seen: set[str] = set()
    for fold in folds:
        number = fold.values["case_no"]
        if number in taken or number in seen:
            fold.values["case_no"] = f"{number}#{fold.values['case_id'][-8:]}"
            fold.values["conflict"] = f"case number {number} already used by another case"
        seen.add(fold.values["case_no"])


def state_dict(row: ServerCase) -> dict[str, Any]:
    return dict(json.loads(row.state or "{}"))
