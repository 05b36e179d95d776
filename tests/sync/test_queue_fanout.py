"""Several server workers on one PostgreSQL: a call made through one reaches a display connected to another
(LISTEN/NOTIFY, hallclient.server.queue_notify), and a burst of changes is one rebuild of the hall's state."""

from __future__ import annotations

import asyncio
import queue
import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx
import psycopg
import pytest
from fastapi import FastAPI

from hallclient.server.app import create_app
from hallclient.server.queue_live import Broadcaster
from hallclient.server.queue_notify import CHANNEL, HallListener, libpq_conninfo, stop_listener
from pgtest import PgCluster, create_database
from queue_helpers import configure_hall, device_token, read_display_states, serving

WITHIN_S = 1.0


@pytest.fixture
def two_workers(pg_cluster: PgCluster) -> Iterator[tuple[FastAPI, FastAPI]]:
    """Two application instances on the same database, like two ``serve --workers 2`` processes."""
    url = create_database(pg_cluster, "fanout")
    first, second = create_app(url), create_app(url, migrate=False)
    configure_hall(first.state.db, ["01", "02"])
    yield first, second
    for app in (first, second):
        stop_listener(app.state)
        app.state.db.dispose()


def test_a_call_through_one_worker_reaches_a_display_on_the_other_within_a_second(
    two_workers: tuple[FastAPI, FastAPI],
) -> None:
    caller_app, display_app = two_workers
    kiosk, window = device_token(caller_app, "K1"), device_token(caller_app, "01")
    states: queue.Queue[dict[str, Any]] = queue.Queue()
    stop = threading.Event()
    with serving(caller_app) as caller, serving(display_app) as display:
        reader = threading.Thread(target=read_display_states, args=(display, states, stop), daemon=True)
        reader.start()
        assert states.get(timeout=10)["recent"] == []  # connected: the first state, nobody called yet
        with httpx.Client(base_url=caller) as client:
            issued = client.post(
                "/v1/queue/tickets", json={"category": "A"}, headers={"Authorization": f"Bearer {kiosk}"}
            )
            assert issued.status_code == 200, issued.text
            sent = time.monotonic()
            called = client.post("/v1/queue/call", headers={"Authorization": f"Bearer {window}"}).json()["ticket"]
        shown = None
        while shown is None and time.monotonic() - sent < WITHIN_S:
            try:
                state = states.get(timeout=max(0.01, WITHIN_S - (time.monotonic() - sent)))
            except queue.Empty:
                break
            if state["recent"] and state["recent"][0]["number"] == called["number"]:
                shown = time.monotonic() - sent
        stop.set()
        with httpx.Client(base_url=caller) as client:  # one more change wakes the reader so it can stop
            client.post("/v1/queue/tickets", json={"category": "A"}, headers={"Authorization": f"Bearer {kiosk}"})
        reader.join(5)
    assert shown is not None, f"{called['number']} not shown on the other worker's display within {WITHIN_S} s"


def test_a_burst_of_notifications_is_one_rebuild_per_batch(pg_cluster: PgCluster) -> None:
    url = create_database(pg_cluster, "fanout_burst")
    rebuilding, release = threading.Event(), threading.Event()
    rebuilds: list[str] = []

    def state_json(hall: str) -> str:
        rebuilds.append(hall)
        rebuilding.set()
        release.wait(10)  # the first rebuild is slow: the burst piles up meanwhile
        return f"state {len(rebuilds)}"

    async def scenario() -> list[str]:
        live = Broadcaster()
        screen = live.subscribe("main")
        listener = HallListener(libpq_conninfo(url), live, state_json)
        try:
            with psycopg.connect(libpq_conninfo(url), autocommit=True) as sender:
                sender.execute("SELECT pg_notify(%s, 'main')", (CHANNEL,))
                await asyncio.to_thread(rebuilding.wait, 10)
                for _ in range(50):  # fifty separate commits: fifty notifications
                    sender.execute("SELECT pg_notify(%s, 'main')", (CHANNEL,))
                sender.execute("SELECT pg_notify(%s, 'elsewhere')", (CHANNEL,))  # no screen: never rebuilt
            await asyncio.sleep(0.3)
            release.set()
            received = [await asyncio.wait_for(screen.messages.get(), 5) for _ in range(2)]
            await asyncio.sleep(0.3)
            assert screen.messages.empty()
            return received
        finally:
            release.set()
            await asyncio.to_thread(listener.stop)

    assert asyncio.run(scenario()) == ["state 1", "state 2"]
    assert rebuilds == ["main", "main"]
