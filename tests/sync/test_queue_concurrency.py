"""50 windows calling at once over real HTTP (uvicorn), while the kiosk keeps issuing, on SQLite and PostgreSQL:
no ticket is called twice, none is skipped, and each call is recorded for the window that received it."""

from __future__ import annotations

import threading
import time
from collections import Counter
from datetime import timedelta

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import func, select

from hallclient.domain.idnumber import check_digit
from hallclient.domain.workdays import WorkCalendar
from hallclient.server import queue_admin
from hallclient.server.clock import utcnow
from hallclient.server.queue_models import QueueAppointment, QueueTicket, QueueTicketEvent
from queue_helpers import ALL_DAY, configure_hall, device_token, serving

WINDOWS = [f"{n:02d}" for n in range(1, 51)]
BEFORE = 120  # tickets waiting when the windows start
DURING = 60  # tickets issued while they call


def test_fifty_windows_never_call_a_ticket_twice_nor_skip_one(app: FastAPI) -> None:
    configure_hall(app.state.db, WINDOWS)
    kiosk = device_token(app, "K1")
    tokens = {window: device_token(app, window) for window in WINDOWS}
    received: list[tuple[str, str]] = []
    errors: list[str] = []
    lock = threading.Lock()
    issuing_done = threading.Event()
    start = threading.Barrier(len(WINDOWS) + 1)

    with serving(app) as base:

        def issue(count: int, client: httpx.Client) -> None:
            for n in range(count):
                response = client.post("/v1/queue/tickets", json={"category": "AB"[n % 2]})
                if response.status_code != 200:
                    errors.append(response.text)

        def window(name: str) -> None:
            with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {tokens[name]}"}, timeout=60) as client:
                start.wait()
                while True:
                    response = client.post("/v1/queue/call")
                    if response.status_code != 200:
                        errors.append(f"{name}: {response.status_code} {response.text}")
                        return
                    ticket = response.json()["ticket"]
                    if ticket is None:
                        if issuing_done.is_set():
                            return
                        time.sleep(0.02)  # nobody waits yet: ask again shortly, as a clerk would
                        continue
                    with lock:
                        received.append((ticket["id"], name))
                    done = client.post(f"/v1/queue/tickets/{ticket['id']}/finish", json={})
                    if done.status_code != 200:
                        errors.append(f"{name}: finish {done.status_code} {done.text}")
                        return

        with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {kiosk}"}, timeout=60) as issuer:
            issue(BEFORE, issuer)
            threads = [threading.Thread(target=window, args=(name,)) for name in WINDOWS]
            for thread in threads:
                thread.start()
            start.wait()
            issue(DURING, issuer)
            issuing_done.set()
            for thread in threads:
                thread.join(120)
            # a window that found nobody just before the last ticket was issued may have stopped: one more round
            for name in WINDOWS[:1]:
                window_last = httpx.Client(base_url=base, headers={"Authorization": f"Bearer {tokens[name]}"})
                with window_last:
                    while (ticket := window_last.post("/v1/queue/call").json()["ticket"]) is not None:
                        received.append((ticket["id"], name))
                        window_last.post(f"/v1/queue/tickets/{ticket['id']}/finish", json={})

    assert not errors, errors[:5]
    counts = Counter(ticket for ticket, _window in received)
    assert [ticket for ticket, seen in counts.items() if seen > 1] == []  # never called twice
    with app.state.db.session() as session:
        tickets = session.scalars(select(QueueTicket)).all()
        assert len(tickets) == BEFORE + DURING
        assert {t.state for t in tickets} == {"done"}  # nobody left waiting: none skipped
        assert set(counts) == {t.id for t in tickets}
        calls = session.execute(
            select(QueueTicketEvent.ticket_id, QueueTicketEvent.window).where(QueueTicketEvent.action == "call")
        ).all()
    assert sorted((row.ticket_id, row.window) for row in calls) == sorted(received)
    assert len({window for _ticket, window in received}) > 1  # the calls really were spread over windows


def test_concurrent_bookings_never_overfill_a_slot(app: FastAPI, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(WorkCalendar, "is_workday", lambda _self, _day: True)  # book today whatever the date
    configure_hall(app.state.db, ["01"], capacity=3)
    _key_id, key = queue_admin.add_portal_key(app.state.db, "main")
    day = (utcnow() + timedelta(hours=8)).date().isoformat()
    people = [first + check_digit(first) for first in (f"11010519700101{n:03d}" for n in range(1, 21))]
    answers: list[int] = []
    with serving(app) as base:

        def book(id_number: str) -> None:
            body = {"category": "A", "day": day, "slot": ALL_DAY, "id_number": id_number, "name": "张三"}
            with httpx.Client(base_url=base, headers={"X-Api-Key": key}, timeout=60) as client:
                answers.append(client.post("/v1/queue/appointments", json=body).status_code)

        threads = [threading.Thread(target=book, args=(person,)) for person in people]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
    assert sorted(answers) == [200] * 3 + [409] * 17
    with app.state.db.session() as session:
        assert session.scalar(select(func.count()).select_from(QueueAppointment)) == 3
