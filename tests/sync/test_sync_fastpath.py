"""The fast paths of upload and ingest give exactly what the plain definitions give.

The server hashes an event from member-wise canonical JSON and the uploader splices the stored payload
text into the wire JSON; both must produce the very bytes of the straightforward encodings, or a
device's chain would stop verifying. The pipelined uploader must still acknowledge only answered batches.
"""

from __future__ import annotations

import gzip
import json
import threading
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any, cast

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import insert, select

from hallclient.domain.events import (
    GENESIS_HASH,
    canonical_json,
    canonical_members,
    compute_hash,
    hash_with_payload_json,
    join_members,
    new_id,
    seal,
)
from hallclient.protocol.wire import EventResult, UploadResult
from hallclient.store.bootstrap import device_id, open_store
from hallclient.store.db import Store
from hallclient.store.models import ChainHead, Event, EventAck
from hallclient.sync.batching import encode, wire_text
from hallclient.sync.transport import SyncClient, Unreachable
from hallclient.sync.uploader import upload_pending

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=12),
)  # fmt: skip
json_values = st.recursive(
    scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)  # fmt: skip
payloads = st.dictionaries(st.text(max_size=10), json_values, max_size=6)


@settings(max_examples=300, deadline=None)
@given(payload=payloads, case_id=st.none() | st.text(min_size=1, max_size=36), seq=st.integers(1, 10**9),
       actor=st.text(max_size=20), device_time=st.text(max_size=30))  # fmt: skip
def test_member_wise_hash_equals_the_defined_hash(
    payload: dict[str, Any], case_id: str | None, seq: int, actor: str, device_time: str
) -> None:
    fields = {"id": new_id(), "case_id": case_id, "type": "case.accepted", "payload": payload, "device_id": "dev-1",
              "seq": seq, "actor": actor, "device_time": device_time, "prev_hash": GENESIS_HASH}  # fmt: skip
    members = canonical_members(payload)
    assert members is not None
    payload_json = join_members(members)
    assert payload_json == canonical_json(payload)
    assert hash_with_payload_json(fields, payload_json) == compute_hash(fields)


def test_non_string_keys_fall_back_to_the_whole_encoding() -> None:
    assert canonical_members({1: "a"}) is None  # json.dumps turns the key into "1": no member-wise shortcut


@settings(max_examples=100, deadline=None)
@given(payload=payloads, case_id=st.none() | st.text(min_size=1, max_size=36), actor=st.text(max_size=20))
def test_wire_text_from_the_stored_payload_equals_encoding_the_event(
    payload: dict[str, Any], case_id: str | None, actor: str
) -> None:
    stored = json.loads(canonical_json(payload))  # what the event log keeps and hashes
    event = seal(event_id=new_id(), case_id=case_id, type="case.accepted", payload=stored, device_id="dev-1", seq=7,
                 actor=actor, device_time="2026-03-02T10:30:00+08:00", prev_hash=GENESIS_HASH)  # fmt: skip
    text = wire_text(event.id, event.case_id, event.type, canonical_json(stored), event.device_id, event.seq,
                     event.actor, event.device_time, event.prev_hash, event.hash)  # fmt: skip
    assert text == encode(event)


@pytest.fixture
def backlog(tmp_path: Path) -> Iterator[tuple[Store, str, list[str]]]:
    """A client store with 1,200 pending events (three upload batches)."""
    store = open_store(tmp_path / "client.sqlite3")
    device = device_id(store)
    prev, rows, ids = GENESIS_HASH, [], []
    for seq in range(1, 1201):
        event = seal(event_id=new_id(), case_id=None, type="note", payload={"n": seq, "text": "材料"}, device_id=device,
                     seq=seq, actor="clerk", device_time="2026-03-02T10:30:00+08:00", prev_hash=prev)  # fmt: skip
        prev = event.hash
        ids.append(event.id)
        rows.append({**event.hashed_content(), "payload": canonical_json(event.payload), "hash": event.hash})
    with store.write() as session:
        session.execute(insert(Event), rows)
        session.add(ChainHead(device_id=device, last_seq=1200, last_hash=prev))
    yield store, device, ids
    store.close()


class FakeServer:
    """Answers ``applied`` for every event; fails the request numbered ``fail_on``; tracks concurrency."""

    def __init__(self, fail_on: int | None = None) -> None:
        self.fail_on = fail_on
        self.calls = 0
        self.in_flight = 0
        self.most_in_flight = 0
        self.received: list[list[str]] = []
        self._lock = threading.Lock()

    def upload(self, body: bytes) -> UploadResult:
        with self._lock:
            self.calls += 1
            number = self.calls
            self.in_flight += 1
            self.most_in_flight = max(self.most_in_flight, self.in_flight)
        try:
            document = json.loads(gzip.decompress(body))
            events = document["events"]
            self.received.append([event["id"] for event in events])
            if number == self.fail_on:
                raise Unreachable("connection reset")
            results = [EventResult(index=i, id=e["id"], seq=e["seq"], status="applied") for i, e in enumerate(events)]
            return UploadResult(results=results, next_seq=events[-1]["seq"] + 1, server_time="2026-03-02T02:30:00Z")
        finally:
            with self._lock:
                self.in_flight -= 1


def _acked(store: Store) -> set[str]:
    with store.read() as session:
        return set(session.scalars(select(EventAck.event_id)))


def test_pipelined_upload_sends_in_order_one_request_at_a_time(backlog: tuple[Store, str, list[str]]) -> None:
    store, device, ids = backlog
    server = FakeServer()
    summary = upload_pending(store, device, cast(SyncClient, server), datetime.now)
    assert server.most_in_flight == 1
    assert [event_id for batch in server.received for event_id in batch] == ids
    assert (summary.applied, summary.batches, summary.remaining) == (1200, 3, 0)
    assert _acked(store) == set(ids)


def test_a_failed_request_acknowledges_only_the_answered_batches(backlog: tuple[Store, str, list[str]]) -> None:
    store, device, ids = backlog
    server = FakeServer(fail_on=2)
    with pytest.raises(Unreachable):
        upload_pending(store, device, cast(SyncClient, server), datetime.now)
    assert _acked(store) == set(ids[:500])  # batch 1 answered; batch 2 failed; batch 3 never sent
    assert server.calls == 2
    again = FakeServer()
    summary = upload_pending(store, device, cast(SyncClient, again), datetime.now)
    assert [event_id for batch in again.received for event_id in batch] == ids[500:]
    assert summary.remaining == 0 and _acked(store) == set(ids)
