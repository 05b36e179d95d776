"""Two real ``hallclient serve`` processes on one PostgreSQL, each on its own port, like two hosts behind a
load balancer: one device's batches sent to both at once in random order, one enrolment code sent to both
at the same instant, and a queue call through one reaching a hall display connected to the other."""

from __future__ import annotations

import queue
import random
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from multiproc_helpers import ServerProcess, enrol_store, local_chain, server_chain, server_processes
from sqlalchemy import select
from sync_helpers import intake

from hallclient.domain.events import GENESIS_HASH
from hallclient.server import admin
from hallclient.server.db import Database
from hallclient.server.models import DeviceChain, RejectedEvent, StoredEvent
from hallclient.services.context import Actor, Services
from hallclient.store.eventlog import iter_events
from hallclient.sync.batching import batches
from hallclient.sync.engine import Syncer
from hallclient.sync.transport import SyncClient, make_http
from pgtest import PgCluster, create_database
from queue_helpers import read_display_states

pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def two_processes(pg_cluster: PgCluster, tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[ServerProcess]]:
    """Both started at the same instant on an empty database: both migrate it at start-up (a deploy)."""
    url = create_database(pg_cluster, "multiproc")
    with server_processes(url, 2, log_dir=tmp_path_factory.mktemp("servers")) as servers:
        yield servers


@pytest.fixture
def db(two_processes: list[ServerProcess]) -> Iterator[Database]:
    database = Database(two_processes[0].db_url)
    yield database
    database.dispose()


def test_both_processes_came_up_on_a_fresh_database_and_serve_the_same_schema(
    two_processes: list[ServerProcess],
) -> None:
    for server in two_processes:
        assert server.running and httpx.get(f"{server.base}/v1/ping").status_code == 401


def test_one_devices_batches_sent_to_both_processes_at_once_in_random_order_are_stored_once_in_order(
    two_processes: list[ServerProcess], db: Database, services: Services, clerk: Actor
) -> None:
    for _ in range(12):
        intake(services, clerk)
    token = enrol_store(db, two_processes[0].base, services, "07")
    with services.store.read() as session:
        events = list(iter_events(session, services.device_id))
    chunks = batches(events, max_events=3)
    sent_at = datetime.now(UTC).isoformat(timespec="milliseconds")
    bodies = [chunk.body(services.device_id, sent_at) for chunk in chunks]
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json", "Content-Encoding": "gzip"}
    clients = [httpx.Client(base_url=server.base, headers=headers, timeout=30) for server in two_processes]
    rng = random.Random(17)
    applied: Counter[str] = Counter()
    answers: Counter[str] = Counter()
    unexpected: list[str] = []

    def send(job: tuple[int, int]) -> int:
        number, process = job
        response = clients[process].post("/v1/events", content=bodies[number])
        if response.status_code != 200:
            unexpected.append(f"HTTP {response.status_code}: {response.text[:200]}")
            return 0
        result = response.json()
        for answer in result["results"]:
            if answer["status"] == "applied":
                applied[answer["id"]] += 1
            elif answer["status"] == "rejected" and not (answer["code"] == "sequence_gap" and answer["retryable"]):
                unexpected.append(f"{answer['code']}: {answer['reason']}")
            answers[answer["code"] or answer["status"]] += 1
        return int(result["next_seq"])

    complete_after = None
    rounds = 0
    with ThreadPoolExecutor(max_workers=8) as pool:
        while rounds < len(chunks) + 3:  # a round always applies the next batch at least: done in len(chunks)
            rounds += 1
            jobs = [(number, process) for number in range(len(chunks)) for process in (0, 1)]
            jobs += [(rng.randrange(len(chunks)), rng.randrange(2)) for _ in range(len(chunks))]  # resends
            rng.shuffle(jobs)
            highest = max(pool.map(send, jobs))
            if complete_after is None and highest == events[-1].seq + 1:
                complete_after = rounds
            if complete_after is not None and rounds >= complete_after + 2:  # then resends of a complete chain
                break
    for client in clients:
        client.close()
    assert not unexpected
    assert complete_after is not None and answers["sequence_gap"] > 0 and answers["duplicate"] > 0, answers
    assert applied == Counter({event.id: 1 for event in events})  # each applied exactly once
    remote = server_chain(db, services.device_id)
    assert remote == [(event.id, event.seq, event.hash) for event in events]
    with db.session() as session:
        links = session.execute(
            select(StoredEvent.prev_hash, StoredEvent.hash)
            .where(StoredEvent.device_id == services.device_id)
            .order_by(StoredEvent.seq)
        ).all()
        assert [link.prev_hash for link in links] == [GENESIS_HASH] + [link.hash for link in links[:-1]]
        head = session.get(DeviceChain, services.device_id)
        assert head is not None and (head.last_seq, head.last_hash, head.quarantined) == (
            events[-1].seq,
            events[-1].hash,
            0,
        )
        assert not session.scalars(select(RejectedEvent).where(RejectedEvent.device_id == services.device_id)).all()
    syncer = Syncer(services.store, SyncClient(make_http(two_processes[1].base, token=token)))
    summary = syncer.run_once()  # the client knew nothing of those answers: it resends all, gets duplicates
    syncer.close()
    assert (summary.upload.applied, summary.upload.duplicate, summary.upload.rejected, summary.upload.remaining) == (
        0,
        len(events),
        0,
        0,
    )
    assert local_chain(Path(services.store.path), services.device_id) == remote


def _warm(base: str) -> httpx.Client:
    client = httpx.Client(base_url=base, timeout=30)
    client.get("/v1/ping")  # the connection is open before the race starts
    return client


def test_an_enrolment_code_sent_to_both_processes_at_the_same_instant_gives_one_token(
    two_processes: list[ServerProcess], db: Database
) -> None:
    clients = [_warm(server.base) for server in two_processes]
    outcomes: Counter[tuple[int, ...]] = Counter()
    for trial in range(12):
        _row, code = admin.add_device(db, f"{trial + 20:02d}")
        gate = threading.Barrier(2)
        answers: list[httpx.Response | None] = [None, None]
        device_ids = [str(uuid.uuid4()), str(uuid.uuid4())]  # two PCs: the code leaked, or was typed twice

        def claim(side: int, code: str, gate: threading.Barrier, answers: list[Any], device_id: str) -> None:
            gate.wait()
            answers[side] = clients[side].post("/v1/enroll", json={"code": code, "device_id": device_id})

        threads = [
            threading.Thread(target=claim, args=(side, code, gate, answers, device_ids[side])) for side in (0, 1)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
        statuses = tuple(sorted(answer.status_code for answer in answers if answer is not None))
        outcomes[statuses] += 1
        assert statuses == (200, 409), [answer.text for answer in answers if answer is not None]
        winner = next(side for side, answer in enumerate(answers) if answer is not None and answer.status_code == 200)
        token = answers[winner].json()["token"]  # type: ignore[union-attr]
        ping = clients[1 - winner].get("/v1/ping", headers={"Authorization": f"Bearer {token}"})
        assert ping.status_code == 200 and ping.json()["device_id"] == device_ids[winner]
        again = clients[winner].post("/v1/enroll", json={"code": code, "device_id": device_ids[1 - winner]})
        assert again.status_code == 401  # confirmed by its first call: the code is spent everywhere
    for client in clients:
        client.close()
    assert outcomes == Counter({(200, 409): 12})


def test_a_queue_call_through_one_process_reaches_a_display_connected_to_the_other(
    two_processes: list[ServerProcess], db: Database
) -> None:
    from queue_helpers import configure_hall

    configure_hall(db, ["01"])
    tokens = {}
    for window in ("K1", "01"):
        _row, code = admin.add_device(db, window)
        enrolled = httpx.post(
            f"{two_processes[0].base}/v1/enroll", json={"code": code, "device_id": str(uuid.uuid4())}
        ).json()
        tokens[window] = enrolled["token"]
    states: queue.Queue[dict[str, Any]] = queue.Queue()
    stop = threading.Event()

    reader = threading.Thread(target=read_display_states, args=(two_processes[1].base, states, stop), daemon=True)
    reader.start()
    assert states.get(timeout=20)["recent"] == []
    with httpx.Client(base_url=two_processes[0].base, timeout=30) as caller:
        kiosk, clerk_window = ({"Authorization": f"Bearer {tokens[name]}"} for name in ("K1", "01"))
        assert caller.post("/v1/queue/tickets", json={"category": "A"}, headers=kiosk).status_code == 200
        called = caller.post("/v1/queue/call", headers=clerk_window).json()["ticket"]["number"]
        deadline = time.monotonic() + 10
        shown = False
        while not shown and time.monotonic() < deadline:
            try:
                state = states.get(timeout=max(0.01, deadline - time.monotonic()))
            except queue.Empty:
                break
            shown = bool(state["recent"]) and state["recent"][0]["number"] == called
        stop.set()
        caller.post("/v1/queue/tickets", json={"category": "A"}, headers=kiosk)  # wakes the reader to stop
    reader.join(10)
    assert shown, f"{called} never reached the display on the other process"
