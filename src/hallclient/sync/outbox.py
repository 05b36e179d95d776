"""The client side of upload state, kept in the local store: pending events, acks, quarantine, counts.

An event is pending while it has no ``EventAck`` row; acks of one server answer are written in one
transaction, so a crash leaves either all or none of them (the resend then gets ``duplicate``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from hallclient.domain.events import EventRecord
from hallclient.store.db import Store
from hallclient.store.eventlog import to_record
from hallclient.store.models import Event, EventAck
from hallclient.sync.batching import Outgoing, wire_text

_PENDING_COLUMNS = (Event.id, Event.case_id, Event.type, Event.payload, Event.device_id, Event.seq, Event.actor,
                    Event.device_time, Event.prev_hash, Event.hash)  # fmt: skip


@dataclass(frozen=True)
class Ack:
    event_id: str
    status: str  # applied | duplicate | rejected
    reason: str = ""


def _pending_query(device_id: str, limit: int, after_seq: int) -> Any:
    return (
        select(*_PENDING_COLUMNS)
        .outerjoin(EventAck, EventAck.event_id == Event.id)
        .where(Event.device_id == device_id, Event.seq > after_seq, EventAck.event_id.is_(None))
        .order_by(Event.seq)
        .limit(limit)
    )


def pending(session: Session, device_id: str, limit: int, after_seq: int = 0) -> list[EventRecord]:
    """The oldest unanswered events of this device after ``after_seq``, in sequence order."""
    return [  # plain column rows, no ORM objects: the outbox is read in large chunks
        EventRecord(
            row.id,
            row.case_id,
            row.type,
            json.loads(row.payload),
            row.device_id,
            row.seq,
            row.actor,
            row.device_time,
            row.prev_hash,
            row.hash,
        )
        for row in session.execute(_pending_query(device_id, limit, after_seq))
    ]


def pending_outgoing(session: Session, device_id: str, limit: int, after_seq: int = 0) -> list[Outgoing]:
    """Like :func:`pending`, but each event already as its wire JSON, built from the stored row: the
    payload column holds the canonical JSON that was hashed, so it is sent as is (no parse, no re-encode)."""
    return [
        Outgoing(row.id, row.seq, wire_text(row.id, row.case_id, row.type, row.payload, row.device_id, row.seq,
                                            row.actor, row.device_time, row.prev_hash, row.hash))
        for row in session.execute(_pending_query(device_id, limit, after_seq))
    ]  # fmt: skip


def record_acks(store: Store, acks: list[Ack], at: datetime) -> None:
    """Store one server answer's acknowledgements atomically (rejected ones form the quarantine)."""
    if not acks:
        return
    with store.write() as session:
        known = set(session.scalars(select(EventAck.event_id).where(EventAck.event_id.in_([a.event_id for a in acks]))))
        rows = [
            {"event_id": ack.event_id, "status": ack.status, "reason": ack.reason, "acked_at": at}
            for ack in acks
            if ack.event_id not in known
        ]
        if rows:
            session.connection().execute(insert(EventAck), rows)  # Core executemany, no ORM bulk bookkeeping


def forget_acks_from(store: Store, device_id: str, seq: int) -> int:
    """The server no longer has events from ``seq`` on (restored from a backup): send them again.

    Quarantined events too: the restored server lost their quarantine with them and expects their sequence
    numbers again (it quarantines them again, in place); kept back, the window could never upload again.
    """
    with store.write() as session:
        ids = list(
            session.scalars(
                select(EventAck.event_id)
                .join(Event, Event.id == EventAck.event_id)
                .where(Event.device_id == device_id, Event.seq >= seq)
            )
        )
        for event_id in ids:
            ack = session.get(EventAck, event_id)
            if ack is not None:
                session.delete(ack)
        return len(ids)


def highest_acked_seq(session: Session, device_id: str) -> int:
    value = session.scalar(
        select(func.max(Event.seq)).join(EventAck, EventAck.event_id == Event.id).where(Event.device_id == device_id)
    )
    return int(value or 0)


def counts(store: Store, device_id: str) -> tuple[int, int]:
    """(unsynced, quarantined) for the status bar."""
    with store.read() as session:
        unsynced = session.scalar(
            select(func.count())
            .select_from(Event)
            .outerjoin(EventAck, EventAck.event_id == Event.id)
            .where(Event.device_id == device_id, EventAck.event_id.is_(None))
        )
        quarantined = session.scalar(select(func.count()).select_from(EventAck).where(EventAck.status == "rejected"))
    return int(unsynced or 0), int(quarantined or 0)


def quarantine(store: Store) -> list[tuple[EventRecord, str, datetime]]:
    """Rejected events with the server's reason, for the quarantine view."""
    with store.read() as session:
        rows = session.execute(
            select(Event, EventAck)
            .join(EventAck, EventAck.event_id == Event.id)
            .where(EventAck.status == "rejected")
            .order_by(Event.seq)
        )
        return [(to_record(event), ack.reason, ack.acked_at) for event, ack in rows]
