"""A window holds at most one ticket, even when its requests race (a double key press, two clients with the
same token, a retry after a timeout): the database's unique index (server revision s0006) refuses the second
holder, and the losing request is the usual 409 refusal with nothing written. On SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import partial
from typing import Any

import pytest
from fastapi import FastAPI
from sqlalchemy import select

from hallclient.domain.queue import Action, QueueError
from hallclient.server import queue
from hallclient.server.db import Database
from hallclient.server.queue_models import QueueTicket, QueueTicketEvent
from queue_helpers import configure_hall, window_client

CALLERS = 8
ROUNDS = 4
WINDOW = queue.Window(device_row="d-05", window="05")


def _at_once(jobs: list[Callable[[], Any]]) -> tuple[list[Any], list[str]]:
    """Run the jobs in threads released together; their answers and their refusals (QueueError texts)."""
    start = threading.Barrier(len(jobs))
    answers: list[Any] = []
    refusals: list[str] = []
    failures: list[BaseException] = []
    lock = threading.Lock()

    def run(job: Callable[[], Any]) -> None:
        start.wait()
        try:
            answer = job()
        except QueueError as error:
            with lock:
                refusals.append(str(error))
        except BaseException as error:  # anything else (an IntegrityError) fails the test below
            with lock:
                failures.append(error)
        else:
            with lock:
                answers.append(answer)

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not failures, failures
    return answers, refusals


def _holding(db: Database) -> list[QueueTicket]:
    with db.session() as session:
        return list(session.scalars(select(QueueTicket).where(QueueTicket.window == WINDOW.window,
                                                               QueueTicket.state.in_(queue.HOLDING))))  # fmt: skip


def _assert_events_match(db: Database) -> None:
    """Every ticket's last event leads to its state; a ticket still waiting was never called."""
    with db.session() as session:
        for ticket in session.scalars(select(QueueTicket)):
            events = session.scalars(
                select(QueueTicketEvent).where(QueueTicketEvent.ticket_id == ticket.id).order_by(QueueTicketEvent.id)
            ).all()
            assert events[-1].to_state == ticket.state, (ticket.number, [e.action for e in events])
            if ticket.state == "waiting":
                assert [e.action for e in events] == ["issue"], ticket.number
                assert ticket.window == ""


@pytest.fixture(params=["one statement", "general path"])
def call_path(request: pytest.FixtureRequest, app: FastAPI, monkeypatch: pytest.MonkeyPatch) -> str:
    """PostgreSQL calls in one statement first; the general path is tested by passing that statement over."""
    if request.param == "general path":
        if app.state.db.dialect != "postgresql":
            pytest.skip("SQLite has only the general path (run as 'one statement')")
        monkeypatch.setattr(queue, "call_in_one_statement", lambda *_args: None)
    return str(request.param)


def _issue(app: FastAPI, count: int) -> None:
    kiosk = window_client(app, "K1")
    for _ in range(count):
        assert kiosk.post("/v1/queue/tickets", json={"category": "A"}).status_code == 200


def test_one_window_calling_at_once_gets_exactly_one_ticket(app: FastAPI, call_path: str) -> None:
    db: Database = app.state.db
    configure_hall(db, [WINDOW.window])
    _issue(app, CALLERS * ROUNDS)
    for _round in range(ROUNDS):
        answers, refusals = _at_once([lambda: queue.call_next(db, WINDOW) for _ in range(CALLERS)])
        assert [a.ticket is not None for a in answers] == [True], (call_path, answers, refusals)
        assert len(refusals) == CALLERS - 1
        assert all("请先办结、过号或挂起" in text for text in refusals), refusals
        held = _holding(db)
        assert [t.id for t in held] == [answers[0].ticket.id]
        _assert_events_match(db)
        queue.act(db, WINDOW, held[0].id, Action.FINISH)
    with db.session() as session:
        states = sorted(t.state for t in session.scalars(select(QueueTicket)))
    assert states == ["done"] * ROUNDS + ["waiting"] * (CALLERS * ROUNDS - ROUNDS)


def test_call_back_racing_call_next_leaves_one_ticket_held(app: FastAPI, call_path: str) -> None:
    db: Database = app.state.db
    configure_hall(db, [WINDOW.window])
    _issue(app, ROUNDS * CALLERS + ROUNDS)
    for _round in range(ROUNDS):
        first = queue.call_next(db, WINDOW).ticket
        assert first is not None
        queue.act(db, WINDOW, first.id, Action.HOLD)
        jobs: list[Callable[[], Any]] = [partial(queue.act, db, WINDOW, first.id, Action.CALL_BACK)]
        jobs += [lambda: queue.call_next(db, WINDOW) for _ in range(CALLERS - 1)]
        answers, refusals = _at_once(jobs)
        assert len(answers) == 1 and len(refusals) == CALLERS - 1, (call_path, answers, refusals)
        held = _holding(db)
        assert len(held) == 1
        _assert_events_match(db)
        for ticket in held:
            queue.act(db, WINDOW, ticket.id, Action.FINISH)
        if held[0].id != first.id:  # call-next won: the held ticket is still on hold, called back now
            queue.act(db, WINDOW, first.id, Action.CALL_BACK)
            queue.act(db, WINDOW, first.id, Action.FINISH)


def test_the_refusal_over_http_is_409(app: FastAPI) -> None:
    db: Database = app.state.db
    configure_hall(db, [WINDOW.window])
    _issue(app, 2)
    client = window_client(app, WINDOW.window)
    assert client.post("/v1/queue/call").json()["ticket"]["number"] == "A001"
    busy = client.post("/v1/queue/call")
    assert busy.status_code == 409 and "请先办结、过号或挂起" in busy.json()["detail"]


def test_a_second_holder_is_refused_by_the_database_whatever_the_code(
    app: FastAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The guards read "does this window hold a ticket?" before writing; a racing request reads it too early.
    Passing the guards over (as that request would) leaves the database's index to refuse: the usual refusal,
    the ticket picked still waiting, no event row written."""
    db: Database = app.state.db
    configure_hall(db, [WINDOW.window, "06"])
    _issue(app, 4)
    first = queue.call_next(db, WINDOW).ticket
    assert first is not None and first.number == "A001"
    other = queue.call_next(db, queue.Window("d-06", "06")).ticket  # one ticket per window, not per hall
    assert other is not None and other.number == "A002"
    monkeypatch.setattr(queue, "_holding", lambda _session, _window: None)
    monkeypatch.setattr(queue, "call_in_one_statement", lambda *_args: None)
    with db.session() as session:
        events_before = len(session.scalars(select(QueueTicketEvent)).all())
    with pytest.raises(QueueError, match=r"本窗口已有正在叫号或办理的号.*再叫号"):
        queue.call_next(db, WINDOW)
    queue.act(db, WINDOW, first.id, Action.HOLD)
    assert (called := queue.call_next(db, WINDOW).ticket) is not None and called.number == "A003"
    with pytest.raises(QueueError, match=r"本窗口已有正在叫号或办理的号.*再回呼"):
        queue.act(db, WINDOW, first.id, Action.CALL_BACK)
    with db.session() as session:
        states = {t.number: (t.state, t.window) for t in session.scalars(select(QueueTicket))}
        events_after = len(session.scalars(select(QueueTicketEvent)).all())
    assert states == {
        "A001": ("held", "05"),
        "A002": ("called", "06"),
        "A003": ("called", "05"),
        "A004": ("waiting", ""),
    }
    assert events_after == events_before + 2  # the hold and the call of A003; nothing of the refusals
    _assert_events_match(db)
