"""Cutting pending events into upload batches (≤ 500 events and ≤ 1 MB of JSON) and compressing them.

Each event travels as one JSON object in the field order of ``EventRecord.to_wire()``. The uploader
builds that text straight from the stored row (:func:`wire_text`): the payload is stored as canonical
JSON, exactly as hashed, so it is spliced in as it is instead of being parsed and encoded again.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterable
from dataclasses import dataclass

from hallclient.domain.events import EventRecord
from hallclient.protocol.limits import MAX_BATCH_BYTES, MAX_BATCH_EVENTS

ENVELOPE_BYTES = 200  # room for device_id, sent_at and the JSON punctuation around the events

_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


@dataclass(frozen=True)
class Outgoing:
    """One event ready to send: its id and sequence number (to match the answer) and its wire JSON."""

    id: str
    seq: int
    text: str


@dataclass(frozen=True)
class Batch:
    items: tuple[Outgoing, ...]

    def body(self, device_id: str, sent_at: str) -> bytes:
        """The gzip-compressed UploadBatch document."""
        head = json.dumps({"device_id": device_id, "sent_at": sent_at}, ensure_ascii=False)[:-1]
        document = f'{head},"events":[{",".join(item.text for item in self.items)}]}}'
        return gzip.compress(document.encode("utf-8"), compresslevel=1, mtime=0)


def encode(event: EventRecord) -> str:
    return json.dumps(event.to_wire(), ensure_ascii=False, separators=(",", ":"))


def wire_text(
    event_id: str,
    case_id: str | None,
    type: str,
    payload_json: str,
    device_id: str,
    seq: int,
    actor: str,
    device_time: str,
    prev_hash: str,
    hash: str,
) -> str:
    """The same text as :func:`encode` for an event whose payload is given as (canonical) JSON text."""
    text = _ENCODER.encode
    return (
        f'{{"id":{text(event_id)},"case_id":{text(case_id)},"type":{text(type)},"payload":{payload_json},'
        f'"device_id":{text(device_id)},"seq":{text(seq)},"actor":{text(actor)},'
        f'"device_time":{text(device_time)},"prev_hash":{text(prev_hash)},"hash":{text(hash)}}}'
    )


def outgoing(event: EventRecord) -> Outgoing:
    return Outgoing(event.id, event.seq, encode(event))


def batches(events: Iterable[EventRecord], max_events: int = MAX_BATCH_EVENTS,
            max_bytes: int = MAX_BATCH_BYTES) -> list[Batch]:  # fmt: skip
    """Consecutive batches of ``events`` in the given (sequence) order."""
    return batches_of((outgoing(event) for event in events), max_events, max_bytes)


def batches_of(items: Iterable[Outgoing], max_events: int = MAX_BATCH_EVENTS,
               max_bytes: int = MAX_BATCH_BYTES) -> list[Batch]:  # fmt: skip
    """Consecutive batches in the given order; a single oversized event travels alone."""
    result: list[Batch] = []
    current: list[Outgoing] = []
    size = ENVELOPE_BYTES
    for item in items:
        cost = len(item.text.encode("utf-8")) + 1
        if current and (len(current) >= max_events or size + cost > max_bytes):
            result.append(Batch(tuple(current)))
            current, size = [], ENVELOPE_BYTES
        current.append(item)
        size += cost
    if current:
        result.append(Batch(tuple(current)))
    return result
