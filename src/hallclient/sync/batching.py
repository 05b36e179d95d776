"""Cutting pending events into upload batches (≤ 500 events and ≤ 1 MB of JSON) and compressing them."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterable
from dataclasses import dataclass

from hallclient.domain.events import EventRecord
from hallclient.sync.wire import MAX_BATCH_BYTES, MAX_BATCH_EVENTS

ENVELOPE_BYTES = 200  # room for device_id, sent_at and the JSON punctuation around the events


@dataclass(frozen=True)
class Batch:
    events: tuple[EventRecord, ...]
    encoded: tuple[str, ...]  # each event's JSON, measured once

    def body(self, device_id: str, sent_at: str) -> bytes:
        """The gzip-compressed UploadBatch document."""
        head = json.dumps({"device_id": device_id, "sent_at": sent_at}, ensure_ascii=False)[:-1]
        document = f'{head},"events":[{",".join(self.encoded)}]}}'
        return gzip.compress(document.encode("utf-8"), compresslevel=1, mtime=0)


def encode(event: EventRecord) -> str:
    return json.dumps(event.to_wire(), ensure_ascii=False, separators=(",", ":"))


def batches(
    events: Iterable[EventRecord], max_events: int = MAX_BATCH_EVENTS, max_bytes: int = MAX_BATCH_BYTES
) -> list[Batch]:
    """Consecutive batches in the given (sequence) order; a single oversized event travels alone."""
    result: list[Batch] = []
    current: list[EventRecord] = []
    encoded: list[str] = []
    size = ENVELOPE_BYTES
    for event in events:
        text = encode(event)
        cost = len(text.encode("utf-8")) + 1
        if current and (len(current) >= max_events or size + cost > max_bytes):
            result.append(Batch(tuple(current), tuple(encoded)))
            current, encoded, size = [], [], ENVELOPE_BYTES
        current.append(event)
        encoded.append(text)
        size += cost
    if current:
        result.append(Batch(tuple(current), tuple(encoded)))
    return result
