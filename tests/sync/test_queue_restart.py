"""The server process killed (SIGKILL) while windows call, then restarted: no ticket is lost, none is called
twice, and every call a window was answered is on record (SQLite and PostgreSQL)."""

from __future__ import annotations

import threading
import time
from collections import Counter

import httpx
from sqlalchemy import select
from test_server_process import free_port, serving

from hallclient.server.app import create_app
from hallclient.server.db import Database
from hallclient.server.queue_models import QueueTicket, QueueTicketEvent
from queue_helpers import configure_hall, device_token

WINDOWS = [f"{n:02d}" for n in range(1, 11)]
TICKETS = 150


def _work(base: str, token: str, received: list[tuple[str, str]], window: str, lock: threading.Lock) -> None:
    """Call and finish until nobody waits; a window whose call was in flight finishes its current ticket first."""
    with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=10) as client:
        try:
            while True:
                response = client.post("/v1/queue/call")
                if response.status_code == 409 and "请先办结" in response.json()["detail"]:
                    current = client.get("/v1/queue/status").json()["current"]
                    client.post(f"/v1/queue/tickets/{current['id']}/finish", json={}).raise_for_status()
                    with lock:
                        if (current["id"], window) not in received:  # its call answer was lost with the server
                            received.append((current["id"], window))
                    continue
                response.raise_for_status()
                ticket = response.json()["ticket"]
                if ticket is None:
                    return
                with lock:
                    received.append((ticket["id"], window))
                client.post(f"/v1/queue/tickets/{ticket['id']}/finish", json={}).raise_for_status()
        except httpx.TransportError:
            return  # the server died under us


def _round(base: str, tokens: dict[str, str], received: list[tuple[str, str]]) -> list[threading.Thread]:
    lock = threading.Lock()
    threads = [threading.Thread(target=_work, args=(base, tokens[w], received, w, lock)) for w in WINDOWS]
    for thread in threads:
        thread.start()
    return threads


def test_killed_mid_call_and_restarted_nothing_lost_or_called_twice(db_url: str) -> None:
    app = create_app(db_url)
    configure_hall(app.state.db, WINDOWS)
    kiosk = device_token(app, "K1")
    tokens = {window: device_token(app, window) for window in WINDOWS}
    app.state.db.dispose()
    received: list[tuple[str, str]] = []
    port = free_port()
    with serving(db_url, port) as process:
        base = f"http://127.0.0.1:{port}"
        with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {kiosk}"}, timeout=10) as issuer:
            for n in range(TICKETS):
                issuer.post("/v1/queue/tickets", json={"category": "AB"[n % 2]}).raise_for_status()
        threads = _round(base, tokens, received)
        deadline = time.monotonic() + 20
        while len(received) < TICKETS // 3 and time.monotonic() < deadline:
            time.sleep(0.01)
        process.kill()  # SIGKILL: no shutdown, transactions in flight are cut off
        process.wait(10)
        for thread in threads:
            thread.join(30)
    before_kill = len(received)
    assert 0 < before_kill < TICKETS, "the kill must land while windows are calling"
    port = free_port()
    with serving(db_url, port):
        for thread in _round(f"http://127.0.0.1:{port}", tokens, received):
            thread.join(60)

    counts = Counter(ticket for ticket, _window in received)
    assert [ticket for ticket, seen in counts.items() if seen > 1] == []
    db = Database(db_url)
    try:
        with db.session() as session:
            tickets = session.scalars(select(QueueTicket)).all()
            calls = Counter(
                session.scalars(select(QueueTicketEvent.ticket_id).where(QueueTicketEvent.action == "call"))
            )
    finally:
        db.dispose()
    assert len(tickets) == TICKETS  # none lost
    assert {ticket.state for ticket in tickets} == {"done"}  # none left behind
    assert set(calls.values()) == {1} and set(calls) == {ticket.id for ticket in tickets}  # each called once
    assert set(counts) == set(calls)  # every answered call is on record, and every recorded call was served
