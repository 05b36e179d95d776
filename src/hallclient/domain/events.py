"""The event record: canonical form and the SHA-256 hash chain shared by client and server.

An event's hash covers its canonical JSON (sorted keys, no spaces, UTF-8, hash field left out), so any
party can recompute it from the stored fields alone. ``prev_hash`` links each device's events in
sequence order; the first event of a device links to :data:`GENESIS_HASH`.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import threading
import time
import uuid
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

GENESIS_HASH = "0" * 64


class EventType(StrEnum):
    """Every event type the client records. The values are in the hash chain and on the wire: never change one."""

    CASE_ACCEPTED = "case.accepted"
    CASE_NOTIFIED_MISSING = "case.notified_missing"
    CASE_REFUSED = "case.refused"
    CASE_ACCEPTED_WITH_DEFICIENCY = "case.accepted_with_deficiency"
    CASE_COMPLETED_IMMEDIATELY = "case.completed_immediately"
    CASE_SUPPLEMENTED = "case.supplemented"
    CASE_MATERIALS_RECEIVED = "case.materials_received"  # a partial supplement: the case still awaits the rest
    CASE_DEFICIENCY_SUPPLIED = "case.deficiency_supplied"
    CASE_COMPLETED = "case.completed"
    CASE_COLLECTED = "case.collected"
    CASE_SUSPENDED = "case.suspended"
    CASE_RESUMED = "case.resumed"
    CASE_EXTENDED = "case.extended"
    CASE_WITHDRAWN = "case.withdrawn"
    CASE_DEADLINES_RECOMPUTED = "case.deadlines_recomputed"
    CASE_ID_NUMBER_VIEWED = "case.id_number_viewed"
    CASE_FORWARD_FILES_SENT = "case.forward_files_sent"  # 通办 forwarding steps (domain/case.py FORWARD_AFTER)
    CASE_FORWARD_FILES_ACKNOWLEDGED = "case.forward_files_acknowledged"
    CASE_FORWARD_POSTED = "case.forward_posted"
    CASE_FORWARD_RECEIVED = "case.forward_received"
    CASE_FORWARD_RESULT_RETURNED = "case.forward_result_returned"
    RATING_GIVEN = "rating.given"
    SLIP_REPRINTED = "slip.reprinted"
    ENQUIRY_RECORDED = "enquiry.recorded"
    ASSISTANCE_RECORDED = "assistance.recorded"  # 帮办代办 without a case (domain/assistance.py)
    COMPLAINT_OPENED = "complaint.opened"
    COMPLAINT_ADVANCED = "complaint.advanced"
    COMPLAINT_APPEALED = "complaint.appealed"
    COMPLAINT_APPEAL_DECIDED = "complaint.appeal_decided"
    COMPLAINT_ASSIGNED = "complaint.assigned"
    COMPLAINT_MEETING_RECORDED = "complaint.meeting_recorded"  # 专题会: payload is the meeting, not a complaint
    DAY_CLOSED = "day.closed"
    USER_ADDED = "user.added"
    WINDOW_SIGNED_IN = "window.signed_in"  # attendance (domain/attendance.py)
    WINDOW_SIGNED_OUT = "window.signed_out"
    WINDOW_LOCKED = "window.locked"
    WINDOW_UNLOCKED = "window.unlocked"
    WINDOW_PAUSED = "window.paused"
    WINDOW_RESUMED = "window.resumed"
    FINDING_RECORDED = "assessment.finding_recorded"  # 巡查记录 / 明察暗访 / 视频抽查 (services/findings.py)
    FINDING_APPEALED = "assessment.finding_appealed"
    FINDING_APPEAL_DECIDED = "assessment.finding_appeal_decided"
    ASSESSMENT_PUBLISHED = "assessment.published"
    NOTICE_QUEUED = "notice.queued"  # an SMS for the server to render and send (domain/notices.py)
    NOTICE_SKIPPED = "notice.skipped"  # no SMS: no valid mobile number, or the applicant opted out


HASHED_FIELDS = (
    "id",
    "case_id",
    "type",
    "payload",
    "device_id",
    "seq",
    "actor",
    "device_time",
    "prev_hash",
)


# Exactly the encoder json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
# allow_nan=False) builds on every call; made once because events are hashed by the hundred thousand.
_CANONICAL = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def canonical_json(value: Any) -> str:
    """One spelling per value: sorted keys, compact separators, non-ASCII kept as is."""
    return _CANONICAL.encode(value)


_last_v7_ms = 0
_v7_lock = threading.Lock()


def new_id() -> str:
    """A time-ordered UUIDv7 (RFC 9562) as text: client-generated ids that never need the server.

    Built here from the standard library (48-bit Unix milliseconds, version, variant, 74 random bits) rather
    than with the ``uuid6`` package, whose import loads ``importlib.metadata`` and ``email`` (~10 MB in every
    window). The millisecond never repeats or goes back within the process, so ids of one process sort in the
    order they were made, as ``uuid6.uuid7`` guaranteed.
    """
    global _last_v7_ms
    with _v7_lock:
        millis = max(time.time_ns() // 1_000_000, _last_v7_ms + 1)
        _last_v7_ms = millis
    random_a, random_b = secrets.randbits(12), secrets.randbits(62)
    value = (millis & 0xFFFF_FFFF_FFFF) << 80 | 0x7 << 76 | random_a << 64 | 0b10 << 62 | random_b
    return str(uuid.UUID(int=value))


@dataclass(frozen=True)
class EventRecord:
    """One entry of a device's append-only, hash-chained log (the audit trail and sync outbox)."""

    id: str
    case_id: str | None
    type: str
    payload: dict[str, Any]
    device_id: str
    seq: int
    actor: str
    device_time: str  # ISO 8601 with offset
    prev_hash: str
    hash: str

    def hashed_content(self) -> dict[str, Any]:
        # Shallow on purpose: asdict() deep-copies the payload, which dominated server ingest time.
        return {key: getattr(self, key) for key in HASHED_FIELDS}

    def to_wire(self) -> dict[str, Any]:
        return {**self.hashed_content(), "hash": self.hash}


def compute_hash(fields: dict[str, Any]) -> str:
    content = {key: fields[key] for key in HASHED_FIELDS}
    return hashlib.sha256(canonical_json(content).encode("utf-8")).hexdigest()


_SORTED_FIELDS = tuple(sorted(HASHED_FIELDS))


def canonical_members(value: dict[Any, Any]) -> dict[str, str] | None:
    """The canonical JSON of each member of an object, or None if a key is not a string.

    ``join_members`` of the result is exactly ``canonical_json(value)``: a server that needs both the
    whole payload and some of its members as canonical text encodes every part only once.
    """
    if not all(isinstance(key, str) for key in value):
        return None
    return {key: canonical_json(member) for key, member in value.items()}


def join_members(members: dict[str, str]) -> str:
    """Reassemble an object's canonical JSON from :func:`canonical_members` (same bytes as encoding it whole)."""
    return "{" + ",".join(f"{canonical_json(key)}:{members[key]}" for key in sorted(members)) + "}"


def hash_with_payload_json(fields: dict[str, Any], payload_json: str) -> str:
    """:func:`compute_hash` of ``fields`` when the canonical JSON of ``fields["payload"]`` is already known.

    The hashed text is assembled member by member exactly as ``canonical_json`` lays out the whole
    content (sorted keys, compact), so the definition of the hash does not change; only the payload,
    by far the largest member, is not encoded a second time.
    """
    parts = [f'"{key}":{payload_json if key == "payload" else canonical_json(fields[key])}' for key in _SORTED_FIELDS]
    return hashlib.sha256(("{" + ",".join(parts) + "}").encode("utf-8")).hexdigest()


def seal(
    *,
    event_id: str,
    case_id: str | None,
    type: str,
    payload: dict[str, Any],
    device_id: str,
    seq: int,
    actor: str,
    device_time: str,
    prev_hash: str,
    payload_json: str | None = None,
) -> EventRecord:
    """Build an event and compute its hash; ``payload_json``: the payload's canonical JSON when the caller
    already has it (the hash is the same, the payload is not encoded twice)."""
    fields: dict[str, Any] = {
        "id": event_id,
        "case_id": case_id,
        "type": type,
        "payload": payload,
        "device_id": device_id,
        "seq": seq,
        "actor": actor,
        "device_time": device_time,
        "prev_hash": prev_hash,
    }
    digest = compute_hash(fields) if payload_json is None else hash_with_payload_json(fields, payload_json)
    return EventRecord(**fields, hash=digest)


class ChainBreak(Exception):
    """The first event at which a device's chain does not verify."""

    def __init__(self, seq: int, event_id: str, reason: str) -> None:
        super().__init__(f"第 {seq} 条事件（{event_id}）：{reason}")
        self.seq = seq
        self.event_id = event_id
        self.reason = reason


def verify_link(event: EventRecord, expected_seq: int, expected_prev: str) -> None:
    """Check one event against its predecessor; raise :class:`ChainBreak` on the first fault."""
    if event.seq != expected_seq:
        raise ChainBreak(event.seq, event.id, f"序号不连续：应为第 {expected_seq} 条")
    if event.prev_hash != expected_prev:
        raise ChainBreak(event.seq, event.id, "与上一条事件的哈希链接断开")
    if compute_hash(event.hashed_content()) != event.hash:
        raise ChainBreak(event.seq, event.id, "哈希值与内容不符（已被改动）")
