"""The server's call order (SQL, one locking statement) is the domain's call order: random waiting lines are
called out one by one on the real database and compared with ``domain.queue.choose_next``."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest
from fastapi import FastAPI
from sqlalchemy import select, update

from hallclient.domain.queue import QueueRules, WaitingTicket, choose_next
from hallclient.server.clock import utcnow
from hallclient.server.queue_models import QueueTicket
from queue_helpers import configure_hall, window_client


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_sql_call_order_equals_the_domain_order(app: FastAPI, seed: int) -> None:
    configure_hall(app.state.db, ["01", "02"])
    kiosk, one = window_client(app, "K1"), window_client(app, "01")
    rng = random.Random(seed)
    for _ in range(25):
        kiosk.post("/v1/queue/tickets", json={"category": rng.choice("AB"), "disabled": rng.random() < 0.2})
    now = utcnow()
    with app.state.db.session() as session:  # spread issue times, appointments and window transfers at random
        for ticket in session.scalars(select(QueueTicket)):
            values: dict[str, object] = {"issued_at": now - timedelta(minutes=rng.randint(0, 90))}
            if rng.random() < 0.3:
                values["appointment_start"] = now + timedelta(minutes=rng.randint(-30, 60))
            if rng.random() < 0.15:
                values["target_window"] = rng.choice(["01", "02"])
            session.execute(update(QueueTicket).where(QueueTicket.id == ticket.id).values(**values))
        waiting = [
            WaitingTicket(
                t.id, t.category, t.issued_at, t.sequence, t.green, t.appointment_start, t.target_window or None
            )
            for t in session.scalars(select(QueueTicket))
        ]
    priorities = {"A": 1, "B": 2}
    expected = []
    remaining = list(waiting)
    while (best := choose_next(remaining, "01", priorities, utcnow(), QueueRules())) is not None:
        expected.append(best.id)
        remaining.remove(best)
    called = []
    while (ticket := one.post("/v1/queue/call").json()["ticket"]) is not None:
        called.append(ticket["id"])
        assert one.post(f"/v1/queue/tickets/{ticket['id']}/finish", json={}).status_code == 200
    assert called == expected
    assert len(called) == sum(1 for t in waiting if t.target_window != "02")  # those sent to 02 stayed for it
