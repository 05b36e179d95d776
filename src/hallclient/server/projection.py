"""Projecting accepted events into the hall-wide ``cases`` table, one batch at a time.

Every case event carries the resulting case state and the first one the intake snapshot, so a case
row is rebuilt from its events alone. A batch is folded in memory (events in sequence order) after one
SELECT of the touched cases and of the case numbers it would take, then written with one multi-row
INSERT and one UPDATE per changed column set (plain Core: no ORM objects). A back-office completion is never undone by a
device event that had not seen it: the stale status is kept out and the case is flagged (a recount of deadlines by a
new working-day calendar, ``case.deadlines_recomputed``, only moves the dates).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import cache
from typing import Any, cast

from sqlalchemy import Connection, Table, bindparam, or_, select, update
from sqlalchemy.orm import Session

from hallclient.domain.case import RECOMPUTED_EVENT
from hallclient.domain.events import EventRecord, canonical_json
from hallclient.domain.sites import ROOT_SITE
from hallclient.server.bundles_projection import bundle_columns, bundle_problem
from hallclient.server.certificates_shares import record_shares, shares_of
from hallclient.server.clock import parse_aware
from hallclient.server.db import Prebuilt, any_of, insert_rows
from hallclient.server.models import ServerCase
from hallclient.server.ownership import HANDED_OVER, handed_to
from hallclient.server.partitions import case_month

CASES = cast(Table, ServerCase.__table__)
NO_TEXTS: Mapping[str, str] = {}

AFTER_COMPLETION = frozenset({"completed", "collected"})
FORWARD_PREFIX = "case.forward_"  # 通办 forwarding steps (domain/case.py FORWARD_EVENTS)

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


def intake_moment(text: Any) -> tuple[datetime | None, int | None]:
    """An intake timestamp (ISO 8601 with offset) as (naive UTC, offset in minutes); (None, None) otherwise."""
    if not isinstance(text, str):
        return None, None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None, None
    offset = moment.utcoffset()
    if offset is None:
        return None, None
    return moment.astimezone(UTC).replace(tzinfo=None), int(offset.total_seconds() // 60)


def case_no_of(event: EventRecord) -> str | None:
    payload = event.payload
    value = payload.get("case_no")
    if value is None and isinstance(payload.get("intake"), dict):
        value = payload["intake"].get("case_no")
    return value if isinstance(value, str) and value else None


@dataclass(frozen=True)
class CaseRead:
    """Case rows by case id, and every case number already taken among those asked for."""

    rows: dict[str, dict[str, Any]]
    taken: set[str]


_CASES_BY_ID_OR_NUMBER = Prebuilt(
    lambda dialect: select(CASES).where(
        or_(any_of(dialect, CASES.c.case_id, "case_ids"), any_of(dialect, CASES.c.case_no, "case_nos"))
    )
)


def read_cases(connection: Connection, case_ids: Iterable[str], case_nos: Iterable[str]) -> CaseRead:
    """One SELECT of the cases a batch touches (by id) and of the numbers its new cases would take."""
    ids = sorted(set(case_ids))
    rows: dict[str, dict[str, Any]] = {}
    taken: set[str] = set()
    if not ids:
        return CaseRead(rows, taken)
    parameters = {"case_ids": ids, "case_nos": sorted(set(case_nos))}
    wanted = set(ids)
    names = _CASES_BY_ID_OR_NUMBER.columns(connection)
    for values in _CASES_BY_ID_OR_NUMBER.fetch(connection, parameters):
        row = dict(zip(names, values, strict=True))
        taken.add(row["case_no"])
        if row["case_id"] in wanted:
            rows[row["case_id"]] = row
    return CaseRead(rows, taken)


@dataclass
class _Fold:
    values: dict[str, Any]
    new: bool
    touched: set[str] = field(default_factory=set)

    def set(self, key: str, value: Any) -> None:
        self.values[key] = value
        self.touched.add(key)


def _apply(fold: _Fold, event: EventRecord, now: datetime, texts: Mapping[str, str]) -> None:
    """Fold one event; ``texts`` holds the canonical JSON of payload members already encoded by ingest."""
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
        fold.set("intake", texts.get("intake") or canonical_json(intake))
        for key, value in bundle_columns(intake).items():
            fold.set(key, value)
        received_at, offset = intake_moment(intake.get("received_at"))
        fold.set("received_at", received_at)
        fold.set("received_offset_min", offset)
        wall = received_at + timedelta(minutes=offset) if received_at and offset is not None else None
        state_before = payload.get("state")
        fallback = state_before.get("received_on") if isinstance(state_before, dict) else None
        fold.set("received_on", wall.date() if wall else _day(fallback))
    state = payload.get("state")
    if isinstance(state, dict) and not event.type.startswith(FORWARD_PREFIX):  # forwarding leaves the status
        status = str(state.get("status", ""))
        if fold.values.get("back_office_by") and event.type == RECOMPUTED_EVENT:
            # A recount by a new calendar changes dates only: never a status conflict.
            fold.set("promised_date", _day(state.get("promised_date")))
            fold.set("statutory_date", _day(state.get("statutory_date")))
        elif fold.values.get("back_office_by") and status not in AFTER_COMPLETION:
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
            fold.set("state", texts.get("state") or canonical_json(state))
            if status == "completed" and fold.values.get("completed_at") is None:
                fold.set("completed_at", parse_aware(event.device_time) or now)
    if event.type == HANDED_OVER:
        fold.set("device_id", handed_to(event))  # checked by ingest: an enrolled device other than the sender
    fold.set("last_event_type", event.type)
    fold.set("last_seq", event.seq)
    fold.set("events_count", int(fold.values.get("events_count") or 0) + 1)
    fold.set("updated_at", now)


@cache
def _length(column: str) -> int | None:
    length: int | None = getattr(CASES.c[column].type, "length", None)
    return length


CASE_NUMBER_ROOM = (_length("case_no") or 80) - 9  # a clashing number gets "#" and 8 characters appended


def _unfit_text(value: Any, column: str, where: str, *, text_only: bool = False) -> str | None:
    if value is None:
        return None
    if text_only and not isinstance(value, str):
        return f"{where}：应为文本"
    limit = _length(column)
    if isinstance(value, str) and limit is not None and len(value) > limit:
        return f"{where}：超过 {limit} 个字符"
    return None


def unfit(event: EventRecord) -> str | None:
    """Why a case event cannot be folded into its case row (a value longer than its column, a decision
    that is not text), or None. Ingest checks it before accepting the event, so a hostile or broken
    event is quarantined on its own instead of failing the device's whole batch in the database."""
    if not (event.case_id and event.type.startswith("case.")):
        return None
    payload = event.payload
    intake = payload.get("intake")
    problems: list[str | None] = []
    if isinstance(intake, dict):
        problems += [_unfit_text(intake.get(key), key, f"payload.intake.{key}") for key in INTAKE_FIELDS]
        applicant = intake.get("applicant")
        if isinstance(applicant, dict):
            problems.append(
                _unfit_text(str(applicant.get("kind", "")), "applicant_kind", "payload.intake.applicant.kind")
            )
        problems.append(bundle_problem(intake))
    state = payload.get("state")
    if isinstance(state, dict):
        problems += [_unfit_text(str(state.get(key, "")), key, f"payload.state.{key}") for key in ("status", "outcome")]
        problems.append(_unfit_text(state.get("decision"), "decision", "payload.state.decision", text_only=True))
    number = case_no_of(event)
    if number is not None and len(number) > CASE_NUMBER_ROOM:
        problems.append(f"case number longer than {CASE_NUMBER_ROOM} characters")
    return next((problem for problem in problems if problem), None)


def project(
    session: Session,
    events: list[EventRecord],
    now: datetime,
    texts: Mapping[str, Mapping[str, str]] | None = None,
    *,
    site: str = ROOT_SITE,
    known: CaseRead | None = None,
) -> int:
    """Fold ``events`` (already accepted, in sequence order) into case rows; returns cases touched.

    ``known``: the touched case rows as ingest read them for the holders (:func:`read_cases` of at least these
    events' case ids and numbers), so they are not read twice.

    ``texts`` maps an event id to the canonical JSON of its payload members (from ingest), so the
    intake and state snapshots are not encoded again. A new case belongs to ``site`` (the uploading device's)
    for good: a device moved later does not move its cases.
    """
    case_events = [event for event in events if event.case_id and event.type.startswith("case.")]
    if not case_events:
        return 0
    first: dict[str, EventRecord] = {}
    for event in case_events:
        assert event.case_id is not None
        first.setdefault(event.case_id, event)
    wanted = {case_id: case_no_of(event) or f"?{case_id}" for case_id, event in first.items()}
    connection = session.connection()
    if known is None:
        known = read_cases(connection, wanted, wanted.values())
    existing, taken = known.rows, known.taken
    folds: dict[str, _Fold] = {}
    for event in case_events:
        assert event.case_id is not None
        fold = folds.get(event.case_id)
        if fold is None:
            values = existing.get(event.case_id)
            if values is not None:
                fold = _Fold(values, new=False)
            else:
                fold = _Fold({"case_id": event.case_id, "case_no": wanted[event.case_id], "device_id": event.device_id,
                              "site_code": site}, new=True)  # fmt: skip
            folds[event.case_id] = fold
        _apply(fold, event, now, (texts or {}).get(event.id, NO_TEXTS))
    _resolve_case_number_clashes(taken, [fold for fold in folds.values() if fold.new])
    shares: list[dict[str, Any]] = []  # 证照共享量: the materials a certificate stood in for
    for event in case_events:
        intake = event.payload.get("intake")
        if isinstance(intake, dict) and event.case_id:
            shares += shares_of(event.case_id, intake, folds[event.case_id].values.get("received_on"))
    defaults = _insert_defaults()
    new_rows = [fold.values for fold in folds.values() if fold.new]
    insert_rows(connection, CASES, [{**defaults, **row, "case_month": case_month(row.get("received_on"), now)}
                                    for row in new_rows])  # fmt: skip
    by_keys: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for fold in folds.values():
        if not fold.new:
            keys = tuple(sorted(fold.touched))
            by_keys.setdefault(keys, []).append({"key_case_id": fold.values["case_id"],
                                                 **{key: fold.values[key] for key in keys}})  # fmt: skip
    for keys, group in by_keys.items():
        _update_of(keys).run_many(connection, group)
    record_shares(session, shares)
    return len(folds)


_UPDATES: dict[tuple[str, ...], Prebuilt] = {}


def _update_of(keys: tuple[str, ...]) -> Prebuilt:
    """The UPDATE of a case row's ``keys`` columns (a few sets recur: an intake, a transition, a recount)."""
    statement = _UPDATES.get(keys)
    if statement is None:
        statement = _UPDATES[keys] = Prebuilt(
            lambda _dialect: update(CASES).where(CASES.c.case_id == bindparam("key_case_id"))
            .values({key: bindparam(key) for key in keys})
        )  # fmt: skip
    return statement


def _insert_defaults() -> dict[str, Any]:
    return {
        "window": "", "matter_code": "", "matter_name": "", "department_code": "", "channel": "",
        "applicant_kind": "", "applicant_name": "", "green_channel": False, "assisted": False, "clerk_id": "",
        "clerk_name": "", "intake": "", "received_on": None, "received_at": None, "received_offset_min": None,
        "outcome": "", "status": "", "decision": None,
        "promised_date": None, "statutory_date": None, "state": "{}", "last_event_type": "", "last_seq": 0,
        "events_count": 0, "completed_at": None, "back_office_by": "", "conflict": "",
        "bundle_id": None, "bundle_code": None,
    }  # fmt: skip


def _resolve_case_number_clashes(taken: set[str], folds: list[_Fold]) -> None:
    """Two devices issuing the same case number (misconfigured device codes) must not block uploads:
    the later case keeps a suffixed number and a conflict note."""
    seen: set[str] = set()
    for fold in folds:
        number = fold.values["case_no"]
        if number in taken or number in seen:
            fold.values["case_no"] = f"{number}#{fold.values['case_id'][-8:]}"
            fold.values["conflict"] = f"case number {number} already used by another case"
        seen.add(fold.values["case_no"])


def state_dict(row: ServerCase) -> dict[str, Any]:
    return dict(json.loads(row.state or "{}"))
