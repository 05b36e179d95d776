"""Storing one uploaded batch: idempotent, sequence- and hash-checked per device, in one transaction.

Per event the answer is ``applied``, ``duplicate`` or ``rejected`` (with a code and reason):

* an id or (device, seq) already stored with the same hash → ``duplicate`` (a resent batch is harmless);
* the same id or sequence number with a *different* hash → ``rejected`` (``id_conflict`` /
  ``seq_conflict``): a forged or replayed event never overwrites what was stored;
* a sequence number beyond the next expected one → ``rejected`` with ``retryable`` (``sequence_gap``):
  nothing is lost, the client keeps it and sends the missing events first;
* the next expected event whose link or hash does not verify (``verify_link``) → ``rejected``
  (``chain_broken``) and **quarantined in place**: the body is kept in ``rejected_events`` and the
  event's *declared* hash becomes the chain head (a "quarantined link"). Later events of the device
  still verify against what the device declared, so one bad event never blocks or hides the tail,
  and re-sending the rejected event gets the same answer again;
* a verified event whose case values cannot be stored (``projection.unfit``) → ``rejected``
  (``invalid``), one on a case held by another device → ``rejected`` (``case_owner_mismatch``), and a
  finding by someone who is not a supervisor or an attendance event of another window → ``rejected``
  (``not_permitted``): all quarantined in place the same way (see ``server/ownership.py``, where a
  hand-over is explicit, and ``server/event_permits.py``).

Clocks: the server's receive time is stored next to the device time; an offset beyond
``CLOCK_SKEW_LIMIT`` (from the batch's ``sent_at``) or a device time in the future is accepted but
flagged (``clock_skew``), because ordering uses sequence numbers, not wall clocks.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from pydantic import ValidationError
from sqlalchemy import Connection, Table, bindparam, insert, select, update
from sqlalchemy.orm import Session

from hallclient.domain.events import (
    GENESIS_HASH,
    ChainBreak,
    EventRecord,
    canonical_json,
    canonical_members,
    hash_with_payload_json,
    join_members,
    verify_link,
)
from hallclient.protocol.wire import MAX_SEQ, EventIn, EventResult, UploadBatch, UploadResult
from hallclient.server import assistance
from hallclient.server.clock import iso_utc, parse_aware
from hallclient.server.db import Prebuilt, any_of, insert_rows
from hallclient.server.event_permits import Permits
from hallclient.server.models import DeviceChain, RejectedEvent, StoredEvent
from hallclient.server.ownership import Holders
from hallclient.server.partitions import month_of
from hallclient.server.projection import case_no_of, project, read_cases, unfit
from hallclient.server.sites import device_site

CLOCK_SKEW_LIMIT = timedelta(minutes=5)


@dataclass
class _Candidate:
    index: int
    raw: dict[str, Any]
    record: EventRecord
    invalid: str = ""  # schema problem of an event whose seq and hash are still readable


def _reject(
    index: int, event_id: str | None, seq: int | None, code: str, reason: str, *, retryable: bool = False
) -> EventResult:
    return EventResult(
        index=index, id=event_id, seq=seq, status="rejected", code=code, reason=reason, retryable=retryable
    )


def _short(error: ValidationError) -> str:
    first = error.errors()[0]
    where = ".".join(str(part) for part in first.get("loc", ())) or "event"
    more = f"（另有 {error.error_count() - 1} 处）" if error.error_count() > 1 else ""
    return f"{where}: {first.get('msg', 'invalid')}{more}"


def verify(record: EventRecord, expected_seq: int, expected_prev: str, payload_json: str | None = None) -> None:
    """:func:`~hallclient.domain.events.verify_link` with the same checks, order and reasons, reusing the
    payload's canonical JSON (``payload_json``) that is also stored, so the payload is encoded once."""
    if record.seq != expected_seq or record.prev_hash != expected_prev:
        verify_link(record, expected_seq, expected_prev)  # raises with the shared reason
    text = canonical_json(record.payload) if payload_json is None else payload_json
    if hash_with_payload_json(record.hashed_content(), text) != record.hash:
        raise ChainBreak(record.seq, record.id, "哈希值与内容不符（已被改动）")


CHAINS = cast(Table, DeviceChain.__table__)


@dataclass
class _Head:
    last_seq: int
    last_hash: str
    quarantined: int


EVENTS = cast(Table, StoredEvent.__table__)
REJECTED = cast(Table, RejectedEvent.__table__)

# The statements of every upload, built once per dialect (see Prebuilt); values are bound by name.
_HEAD = Prebuilt(
    lambda _dialect: (
        select(CHAINS.c.last_seq, CHAINS.c.last_hash, CHAINS.c.quarantined)
        .where(CHAINS.c.device_id == bindparam("device_id"))
        .with_for_update()
    )
)
_BY_ID = Prebuilt(
    lambda dialect: select(EVENTS.c.id, EVENTS.c.device_id, EVENTS.c.seq, EVENTS.c.hash).where(
        any_of(dialect, EVENTS.c.id, "ids")
    )
)
_BY_SEQ = Prebuilt(
    lambda dialect: select(EVENTS.c.seq, EVENTS.c.hash).where(
        EVENTS.c.device_id == bindparam("device_id"), any_of(dialect, EVENTS.c.seq, "seqs")
    )
)
_REJECTED_BEFORE = Prebuilt(
    lambda dialect: select(REJECTED.c.seq, REJECTED.c.hash, REJECTED.c.code, REJECTED.c.reason).where(
        REJECTED.c.device_id == bindparam("device_id"), any_of(dialect, REJECTED.c.seq, "seqs")
    )
)
_ADVANCE = Prebuilt(
    lambda _dialect: (
        update(CHAINS)
        .where(CHAINS.c.device_id == bindparam("chain_device"))
        .values(
            last_seq=bindparam("last_seq"),
            last_hash=bindparam("last_hash"),
            quarantined=bindparam("quarantined"),
            updated_at=bindparam("now"),
        )
    )
)


def _lock_chain(connection: Connection, device_id: str, now: datetime) -> _Head:
    """The device's chain head, row-locked for this transaction (created on the first upload)."""
    rows = _HEAD.fetch(connection, {"device_id": device_id})
    if not rows:
        connection.execute(insert(CHAINS).values(device_id=device_id, last_seq=0, last_hash=GENESIS_HASH,
                                                 quarantined=0, updated_at=now))  # fmt: skip
        rows = _HEAD.fetch(connection, {"device_id": device_id})
    last_seq, last_hash, quarantined = rows[0]
    return _Head(last_seq, last_hash, quarantined)


def ingest(
    session: Session, device_id: str, batch: UploadBatch, now: datetime, *, site: str | None = None
) -> UploadResult:
    """Apply ``batch`` from the authenticated device ``device_id`` (the client's id bound at enrolment).

    ``site``: the device's site when the caller already read it with the token (else looked up here)."""
    results: dict[int, EventResult] = {}
    candidates: list[_Candidate] = []
    for index, raw in enumerate(batch.events):
        try:
            record = EventIn.model_validate(raw).record()
        except ValidationError as error:
            raw_id = raw["id"] if isinstance(raw.get("id"), str) and len(raw["id"]) <= 36 else None
            raw_seq = raw.get("seq") if isinstance(raw.get("seq"), int) and 1 <= raw["seq"] <= MAX_SEQ else None
            raw_hash = raw.get("hash") if isinstance(raw.get("hash"), str) and len(raw["hash"]) == 64 else None
            if raw_seq is not None and raw_seq >= 1 and raw_hash and raw.get("device_id") == device_id:
                # Still placeable in the chain: quarantine it in place like a broken link, so it never blocks.
                placeholder = EventRecord(
                    id=raw_id or "",
                    case_id=None,
                    type="",
                    payload={},
                    device_id=device_id,
                    seq=raw_seq,
                    actor="",
                    device_time="",
                    prev_hash="",
                    hash=raw_hash,
                )
                candidates.append(_Candidate(index, raw, placeholder, invalid=_short(error)))
            else:
                results[index] = _reject(index, raw_id, raw_seq, "invalid", _short(error))
            continue
        if record.device_id != device_id:
            results[index] = _reject(
                index,
                record.id,
                record.seq,
                "device_mismatch",
                f"事件属于设备 {record.device_id}，不是本令牌的设备",
            )
            continue
        candidates.append(_Candidate(index, raw, record))

    sent_at = parse_aware(batch.sent_at)
    offset_s = int((sent_at - now).total_seconds()) if sent_at else None
    batch_skewed = offset_s is None or abs(offset_s) > CLOCK_SKEW_LIMIT.total_seconds()

    connection = session.connection()
    chain = _lock_chain(connection, device_id, now)
    if not site:
        site = device_site(connection, device_id)  # what this batch counts for (a later move leaves it there)
    candidates.sort(key=lambda item: (item.record.seq, item.index))
    ids = [item.record.id for item in candidates]
    seqs = [item.record.seq for item in candidates if item.record.seq <= chain.last_seq]
    # Both lookups search every month's partition (one index probe each), not only the batch's months: an id or
    # sequence number reused with another device time must still be found and refused (id_conflict /
    # seq_conflict), and uniqueness on PostgreSQL is per month (docs/scale.md). The sequence lookup runs only
    # for resends (seq <= the chain head).
    by_id: dict[str, tuple[str, int, str]] = {}
    if ids:
        for event_id, event_device, event_seq, event_hash in _BY_ID.fetch(connection, {"ids": ids}):
            by_id[event_id] = (event_device, event_seq, event_hash)
    by_seq: dict[int, str] = {}
    rejected_before: dict[tuple[int, str], tuple[str, str]] = {}  # (seq, hash) -> (code, reason)
    if seqs:
        for stored_seq, stored_hash in _BY_SEQ.fetch(connection, {"device_id": device_id, "seqs": seqs}):
            by_seq[stored_seq] = stored_hash
        for seq, hash_, code, reason in _REJECTED_BEFORE.fetch(connection, {"device_id": device_id, "seqs": seqs}):
            if seq is not None and hash_ is not None:
                rejected_before[(seq, hash_)] = (code, reason)

    case_ids = [item.record.case_id for item in candidates if item.record.case_id]
    numbers = [case_no_of(item.record) or f"?{item.record.case_id}" for item in candidates
               if item.record.case_id and item.record.type.startswith("case.")]  # fmt: skip
    known = read_cases(connection, case_ids, numbers)  # one read for the holders and the projection
    holders = Holders(connection, device_id, case_ids, known.rows)
    permits = Permits(connection, device_id, (item.record for item in candidates))
    accepted: list[EventRecord] = []
    texts: dict[str, dict[str, str]] = {}  # event id -> canonical JSON of each payload member
    rows: list[dict[str, Any]] = []
    quarantine: list[dict[str, Any]] = []
    quarantined: set[int] = set()
    seen_in_batch: dict[str, str] = {}
    for item in candidates:
        record, index = item.record, item.index
        if record.id and record.id in seen_in_batch:
            same = seen_in_batch[record.id] == record.hash
            results[index] = (
                EventResult(index=index, id=record.id, seq=record.seq, status="duplicate")
                if same
                else _reject(index, record.id, record.seq, "id_conflict", "同一事件编号出现两次且内容不同")
            )
            continue
        seen_in_batch[record.id] = record.hash
        stored = by_id.get(record.id)
        if stored is not None:
            if stored == (record.device_id, record.seq, record.hash):
                results[index] = EventResult(index=index, id=record.id, seq=record.seq, status="duplicate")
            else:
                results[index] = _reject(
                    index,
                    record.id,
                    record.seq,
                    "id_conflict",
                    "事件编号已存有内容不同的事件（伪造或重放）",
                )
            continue
        if record.seq <= chain.last_seq:
            earlier = rejected_before.get((record.seq, record.hash))
            if earlier is not None:
                results[index] = _reject(index, record.id, record.seq, *earlier)
            elif record.seq in by_seq and by_seq[record.seq] == record.hash:
                results[index] = EventResult(index=index, id=record.id, seq=record.seq, status="duplicate")
            else:
                results[index] = _reject(
                    index,
                    record.id,
                    record.seq,
                    "seq_conflict",
                    f"第 {record.seq} 条已是另一事件",
                )
            continue
        if record.seq > chain.last_seq + 1:
            results[index] = _reject(
                index,
                record.id,
                record.seq,
                "sequence_gap",
                f"序号不连续：应为第 {chain.last_seq + 1} 条",
                retryable=True,
            )
            continue
        problem = ("invalid", item.invalid) if item.invalid else None
        members: dict[str, str] | None = None
        payload_json = ""
        if problem is None:
            members = canonical_members(record.payload)
            payload_json = join_members(members) if members is not None else canonical_json(record.payload)
            try:
                verify(record, chain.last_seq + 1, chain.last_hash, payload_json)
            except ChainBreak as broken:
                problem = ("chain_broken", broken.reason)
            else:
                unfit_reason = unfit(record) or assistance.unfit(record)
                problem = ("invalid", unfit_reason) if unfit_reason else holders.refusal(record)
                problem = problem or permits.refusal(record)
        if problem is not None:
            code, why = problem
            reason = f"{why}；已隔离，哈希链从其声明的哈希继续"
            results[index] = _reject(index, record.id or None, record.seq, code, reason)
            quarantined.add(index)
            quarantine.append({
                "device_id": device_id, "seq": record.seq, "event_id": record.id or None, "hash": record.hash,
                "code": code, "reason": reason, "body": canonical_json(item.raw), "chain_link": True,
                "received_at": now,
            })  # fmt: skip
            chain.last_seq, chain.last_hash = record.seq, record.hash
            chain.quarantined += 1
            continue
        device_moment = parse_aware(record.device_time)
        flagged = batch_skewed or device_moment is None or device_moment - now > CLOCK_SKEW_LIMIT
        rows.append({
            "id": record.id, "device_id": record.device_id, "seq": record.seq, "case_id": record.case_id,
            "type": record.type, "payload": payload_json, "actor": record.actor,
            "device_time": record.device_time, "prev_hash": record.prev_hash, "hash": record.hash,
            "received_at": now, "clock_offset_s": offset_s, "clock_flag": flagged, "site_code": site,
            "event_month": month_of(record.device_time),
        })  # fmt: skip
        accepted.append(record)
        holders.accept(record)
        if members is not None:
            texts[record.id] = members
        results[index] = EventResult(
            index=index, id=record.id, seq=record.seq, status="applied", flags=["clock_skew"] if flagged else []
        )
        chain.last_seq, chain.last_hash = record.seq, record.hash

    invalid = [
        {"device_id": device_id, "seq": result.seq, "event_id": result.id, "hash": None, "code": result.code,
         "reason": result.reason, "body": canonical_json(batch.events[result.index]), "chain_link": False,
         "received_at": now}
        for result in results.values()
        if result.status == "rejected" and result.code in ("invalid", "device_mismatch", "id_conflict", "seq_conflict")
        and result.index not in quarantined
    ]  # fmt: skip
    insert_rows(connection, cast(Table, StoredEvent.__table__), rows)  # multi-row INSERT: no ORM objects
    if quarantine or invalid:
        connection.execute(insert(RejectedEvent), quarantine + invalid)
    project(session, accepted, now, texts, site=site, known=known)
    assistance.project(connection, accepted, site)
    _ADVANCE.run(connection, {"chain_device": device_id, "last_seq": chain.last_seq, "last_hash": chain.last_hash,
                              "quarantined": chain.quarantined, "now": now})  # fmt: skip
    ordered = [results[index] for index in sorted(results)]
    return UploadResult(results=ordered, next_seq=chain.last_seq + 1, server_time=iso_utc(now))


def stored_chain(session: Session, device_id: str) -> list[tuple[int, str]]:
    """(seq, hash) of every stored event of a device, for audits and tests."""
    rows = session.execute(
        select(StoredEvent.seq, StoredEvent.hash).where(StoredEvent.device_id == device_id).order_by(StoredEvent.seq)
    )
    return [(row.seq, row.hash) for row in rows]
