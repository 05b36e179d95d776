"""Upload end to end on SQLite and a real PostgreSQL: exactly once, in order, compared event by event."""

from __future__ import annotations

import json
from datetime import datetime

import httpx
import pytest
from sqlalchemy import select
from sync_helpers import Enrolled, intake

from hallclient.domain.events import EventRecord
from hallclient.server.db import Database
from hallclient.server.models import ServerCase, StoredEvent
from hallclient.services import cases
from hallclient.services.context import Actor, Services
from hallclient.store.eventlog import iter_events
from hallclient.store.models import EventAck
from hallclient.sync import outbox
from hallclient.sync.batching import batches
from hallclient.sync.transport import SyncClient, Unreachable


def client_log(services: Services) -> list[EventRecord]:
    with services.store.read() as session:
        return list(iter_events(session, services.device_id))


def server_log(db: Database, device_id: str) -> list[EventRecord]:
    with db.session() as session:
        rows = session.scalars(select(StoredEvent).where(StoredEvent.device_id == device_id).order_by(StoredEvent.seq))
        return [
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
            for row in rows
        ]


def acks(services: Services) -> dict[str, str]:
    with services.store.read() as session:
        return {row.event_id: row.status for row in session.scalars(select(EventAck))}


def test_round_uploads_every_event_once_and_projects_cases(
    services: Services, clerk: Actor, enrolled: Enrolled, server_db: Database
) -> None:
    first = intake(services, clerk)
    cases.suspend(services, clerk, first.case_id, "等待外部核查")
    intake(services, clerk)
    summary = enrolled.syncer.run_once()
    # user.added (the clerk fixture) + intake and its notice + suspension + intake and its notice
    assert (summary.upload.applied, summary.upload.duplicate, summary.upload.rejected) == (6, 0, 0)
    assert summary.upload.remaining == 0
    assert server_log(server_db, services.device_id) == client_log(services)
    assert set(acks(services).values()) == {"applied"}
    with server_db.session() as session:
        row = session.scalar(select(ServerCase).where(ServerCase.case_no == first.case_no))
        assert row is not None
        assert (row.status, row.matter_code, row.applicant_name, row.events_count) == ("suspended", "XK0001", "张三", 2)
    assert enrolled.syncer.board.current.unsynced == 0
    assert enrolled.syncer.board.current.last_success is not None


def test_resent_batch_is_answered_duplicate_and_stored_once(
    services: Services, clerk: Actor, enrolled: Enrolled, server_db: Database
) -> None:
    intake(services, clerk)
    intake(services, clerk)
    (batch,) = batches(client_log(services))
    client = SyncClient(enrolled.http)
    first = client.upload(batch.body(services.device_id, "2026-03-02T10:30:00+08:00"))
    again = client.upload(batch.body(services.device_id, "2026-03-02T10:30:05+08:00"))
    assert [r.status for r in first.results] == ["applied"] * 5  # user.added + two intakes, each with its notice
    assert [r.status for r in again.results] == ["duplicate"] * 5
    assert len(server_log(server_db, services.device_id)) == 5


def test_reordered_batch_is_sorted_by_sequence(
    services: Services, clerk: Actor, enrolled: Enrolled, server_db: Database
) -> None:
    intake(services, clerk)
    events = client_log(services)  # user.added, intake, its notice
    (batch,) = batches([events[2], events[0], events[1]])
    result = SyncClient(enrolled.http).upload(batch.body(services.device_id, "2026-03-02T10:30:00+08:00"))
    assert [r.status for r in result.results] == ["applied"] * 3
    assert [r.seq for r in result.results] == [3, 1, 2]  # answers keep the sent order
    assert server_log(server_db, services.device_id) == events


class LoseResponses(httpx.BaseTransport):
    """Deliver the request to the server, then drop the answer (the server has committed)."""

    def __init__(self, inner: httpx.BaseTransport, losses: int) -> None:
        self.inner = inner
        self.losses = losses

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = self.inner.handle_request(request)
        if request.url.path == "/v1/events" and self.losses > 0:
            response.read()
            self.losses -= 1
            raise httpx.ReadError("connection reset after the server answered")
        return response


def test_response_lost_after_commit_then_retry_gets_duplicates(
    services: Services, clerk: Actor, enrolled: Enrolled, server_db: Database
) -> None:
    intake(services, clerk)
    intake(services, clerk)
    enrolled.http._transport = LoseResponses(enrolled.http._transport, losses=1)
    with pytest.raises(Unreachable):
        enrolled.syncer.run_once()
    assert acks(services) == {}  # nothing marked: the answer never arrived
    assert "无法连接服务器" in enrolled.syncer.board.current.last_error
    summary = enrolled.syncer.run_once()
    assert (summary.upload.applied, summary.upload.duplicate) == (0, 5)
    assert server_log(server_db, services.device_id) == client_log(services)
    assert enrolled.syncer.board.current.last_error == ""


def test_client_killed_mid_acknowledgement_leaves_no_partial_acks(
    services: Services, clerk: Actor, enrolled: Enrolled, server_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    for _ in range(3):
        intake(services, clerk)

    class Crash(Exception):
        pass

    def dying_record_acks(store: object, answers: list[outbox.Ack], at: datetime) -> None:
        with services.store.write() as session:
            for ack in answers[:2]:  # half of the answer is written and flushed ...
                session.add(EventAck(event_id=ack.event_id, status=ack.status, reason="", acked_at=at))
                session.flush()
            raise Crash("killed while writing acknowledgements")  # ... then the process dies

    monkeypatch.setattr(outbox, "record_acks", dying_record_acks)
    with pytest.raises(Crash):
        enrolled.syncer.run_once()
    monkeypatch.undo()
    assert acks(services) == {}  # the ack transaction is all-or-nothing
    summary = enrolled.syncer.run_once()
    assert summary.upload.duplicate == 7  # user.added + three intakes, each with its notice
    assert server_log(server_db, services.device_id) == client_log(services)


def test_tampered_event_is_quarantined_and_the_tail_still_applies(
    services: Services, clerk: Actor, enrolled: Enrolled, server_db: Database
) -> None:
    for _ in range(2):
        intake(services, clerk)
    events = client_log(services)  # user.added, intake, intake
    forged = EventRecord(**{**events[1].to_wire(), "actor": "mallory"})  # content changed, hash kept
    (batch,) = batches([events[0], forged, events[2]])
    result = SyncClient(enrolled.http).upload(batch.body(services.device_id, "2026-03-02T10:30:00+08:00"))
    statuses = [(r.status, r.code) for r in result.results]
    assert statuses == [("applied", ""), ("rejected", "chain_broken"), ("applied", "")]
    assert result.results[1].reason == "哈希值与内容不符（已被改动）；已隔离，哈希链从其声明的哈希继续"
    assert result.next_seq == 4
    stored = server_log(server_db, services.device_id)
    assert [e.seq for e in stored] == [1, 3]
    # Re-sending the forged event gets the same rejection, not a duplicate or a conflict.
    again = SyncClient(enrolled.http).upload(batch.body(services.device_id, "2026-03-02T10:31:00+08:00"))
    assert [(r.status, r.code) for r in again.results] == [
        ("duplicate", ""),
        ("rejected", "chain_broken"),
        ("duplicate", ""),
    ]


@pytest.mark.logs_expected("hallclient.sync")
def test_quarantined_events_do_not_block_the_queue(
    services: Services, clerk: Actor, enrolled: Enrolled, server_db: Database
) -> None:
    intake(services, clerk)
    events = client_log(services)  # user.added, intake, its notice
    # A forged copy of event #1 reached the server first (e.g. a replayed, altered batch).
    forged = EventRecord(**{**events[0].to_wire(), "actor": "mallory"})
    (batch,) = batches([forged])
    SyncClient(enrolled.http).upload(batch.body(services.device_id, "2026-03-02T10:30:00+08:00"))
    summary = enrolled.syncer.run_once()
    assert (summary.upload.applied, summary.upload.rejected, summary.upload.remaining) == (2, 1, 0)  # intake, notice
    assert enrolled.syncer.board.current.quarantined == 1
    ((record, reason, _at),) = outbox.quarantine(services.store)
    assert record.id == events[0].id and reason.startswith("chain_broken")
    intake(services, clerk)  # later events keep flowing
    assert enrolled.syncer.run_once().upload.applied == 2
    assert [e.seq for e in server_log(server_db, services.device_id)] == [2, 3, 4, 5]


def test_forged_event_with_an_existing_id_is_rejected_not_duplicate(
    services: Services, clerk: Actor, enrolled: Enrolled, server_db: Database
) -> None:
    intake(services, clerk)
    enrolled.syncer.run_once()
    _user_added, original, notice = client_log(services)
    replay = EventRecord(**{**original.to_wire(), "hash": "f" * 64})
    (batch,) = batches([replay])
    result = SyncClient(enrolled.http).upload(batch.body(services.device_id, "2026-03-02T10:30:00+08:00"))
    assert (result.results[0].status, result.results[0].code) == ("rejected", "id_conflict")
    assert server_log(server_db, services.device_id) == [_user_added, original, notice]


def test_sequence_gap_is_retryable_and_not_quarantined(services: Services, clerk: Actor, enrolled: Enrolled) -> None:
    intake(services, clerk)
    events = client_log(services)
    (batch,) = batches([events[1]])
    result = SyncClient(enrolled.http).upload(batch.body(services.device_id, "2026-03-02T10:30:00+08:00"))
    answer = result.results[0]
    assert (answer.status, answer.code, answer.retryable, result.next_seq) == ("rejected", "sequence_gap", True, 1)
    summary = enrolled.syncer.run_once()
    assert (summary.upload.applied, summary.upload.rejected) == (3, 0)  # user.added, intake, its notice
