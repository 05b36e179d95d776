"""Appending to and verifying the hash-chained event log.

``append`` runs inside the caller's write transaction, so an event exists exactly when the state
change it records exists. The chain head row makes appends O(1) and, because it is updated in the
same ``BEGIN IMMEDIATE`` transaction, sequence numbers are gapless per device.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hallclient.domain.events import (
    GENESIS_HASH,
    ChainBreak,
    EventRecord,
    canonical_json,
    new_id,
    seal,
    verify_link,
)
from hallclient.store.models import ChainHead, Event

_HEAD_SQL = "SELECT last_seq, last_hash FROM chain_heads WHERE device_id = ?"
_INSERT_EVENT_SQL = (
    "INSERT INTO events (id, device_id, seq, case_id, type, payload, actor, device_time, prev_hash, hash)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_INSERT_HEAD_SQL = "INSERT INTO chain_heads (device_id, last_seq, last_hash) VALUES (?, ?, ?)"
_UPDATE_HEAD_SQL = "UPDATE chain_heads SET last_seq = ?, last_hash = ? WHERE device_id = ?"


def append(
    session: Session,
    *,
    device_id: str,
    case_id: str | None,
    type: str,
    payload: dict[str, Any],
    actor: str,
    at: datetime,
) -> EventRecord:
    """Append one event and move the chain head, in the caller's transaction.

    On every intake's hot path, so it runs three fixed statements (read the head, insert the event, move the
    head) as plain SQL on the transaction's connection: SQLite keeps them prepared, and neither the ORM's
    unit of work nor statement compilation runs. Pending ORM changes are flushed first, so the event lands
    after the rows it refers to. The payload is encoded to canonical JSON once: that text is stored and hashed.
    """
    session.flush()
    connection = session.connection()
    head = connection.exec_driver_sql(_HEAD_SQL, (device_id,)).first()
    seq = head.last_seq + 1 if head else 1
    prev_hash = head.last_hash if head else GENESIS_HASH
    payload_json = canonical_json(payload)
    record = seal(
        event_id=new_id(),
        case_id=case_id,
        type=type,
        payload=json.loads(payload_json),  # what a reader of the stored text gets (tuples become lists ...)
        payload_json=payload_json,
        device_id=device_id,
        seq=seq,
        actor=actor,
        device_time=at.isoformat(timespec="milliseconds"),
        prev_hash=prev_hash,
    )
    connection.exec_driver_sql(
        _INSERT_EVENT_SQL,
        (record.id, device_id, seq, case_id, type, payload_json, actor, record.device_time, prev_hash, record.hash),
    )
    if head is None:
        connection.exec_driver_sql(_INSERT_HEAD_SQL, (device_id, seq, record.hash))
    else:
        connection.exec_driver_sql(_UPDATE_HEAD_SQL, (seq, record.hash, device_id))
    return record


def to_record(row: Event) -> EventRecord:
    return EventRecord(
        id=row.id,
        case_id=row.case_id,
        type=row.type,
        payload=json.loads(row.payload),
        device_id=row.device_id,
        seq=row.seq,
        actor=row.actor,
        device_time=row.device_time,
        prev_hash=row.prev_hash,
        hash=row.hash,
    )


def iter_events(session: Session, device_id: str | None = None, after_seq: int = 0) -> Iterator[EventRecord]:
    query = select(Event).where(Event.seq > after_seq).order_by(Event.device_id, Event.seq)
    if device_id is not None:
        query = query.where(Event.device_id == device_id)
    for row in session.scalars(query.execution_options(yield_per=2000)):
        yield to_record(row)


@dataclass(frozen=True)
class ChainReport:
    devices: int
    events: int


def verify_chain(session: Session) -> ChainReport:
    """Verify every device's chain from its genesis; raise :class:`ChainBreak` at the first bad event."""
    events = 0
    devices: set[str] = set()
    current_device: str | None = None
    expected_seq, expected_prev = 1, GENESIS_HASH
    for record in iter_events(session):
        if record.device_id != current_device:
            current_device = record.device_id
            devices.add(current_device)
            expected_seq, expected_prev = 1, GENESIS_HASH
        verify_link(record, expected_seq, expected_prev)
        expected_seq, expected_prev = record.seq + 1, record.hash
        events += 1
    for head in session.scalars(select(ChainHead)):
        last = session.scalar(
            select(Event).where(Event.device_id == head.device_id).order_by(Event.seq.desc()).limit(1)
        )
        if last is None or last.seq != head.last_seq or last.hash != head.last_hash:
            seq = last.seq if last else 0
            raise ChainBreak(seq, last.id if last else "-", "链头与最后一条事件不符（日志被截断）")
    return ChainReport(devices=len(devices), events=events)
