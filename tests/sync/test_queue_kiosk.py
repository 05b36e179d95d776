"""What a kiosk asks the server (Qt-free): the hall it shows, and a slip that cannot print keeps the ticket.

A kiosk's window serves no category, so ``GET /v1/queue/status`` answers the hall it names
(``?hall=``, setting ``kiosk.hall``) or the server's only hall; with several halls and none named, the
kiosk says which setting to fill instead of showing an empty screen. A citizen waits at the kiosk, so
its calls give up within seconds, and a ticket request whose answer was lost is never sent again.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
from fastapi import FastAPI

from hallclient.config import Settings
from hallclient.server import queue_admin
from hallclient.sync.kiosk import Kiosk, NoHall
from hallclient.sync.queue_client import QueueClient
from hallclient.sync.transport import AnswerLost, Unreachable
from queue_helpers import HALL, configure_hall, window_client


@pytest.fixture
def hall(app: FastAPI) -> FastAPI:
    configure_hall(app.state.db, ["01"])
    return app


def test_a_kiosk_sees_the_hall_it_names_or_the_only_hall(hall: FastAPI) -> None:
    kiosk = window_client(hall, "K1")
    only = kiosk.get("/v1/queue/status").json()["hall"]
    assert only["hall"] == HALL and [(c["category"], c["open"]) for c in only["categories"]] == [
        ("A", True), ("B", True), ("C", False)]  # fmt: skip
    assert kiosk.get("/v1/queue/status", params={"hall": HALL}).json()["hall"]["name"] == "市民中心"
    unknown = kiosk.get("/v1/queue/status", params={"hall": "nowhere"})
    assert (unknown.status_code, unknown.json()["detail"]) == (404, "没有大厅「nowhere」")
    assert kiosk.get("/v1/queue/status", params={"hall": "Bad Hall"}).status_code == 422
    queue_admin.set_hall(hall.state.db, "east", "东厅")
    assert kiosk.get("/v1/queue/status").json()["hall"] is None  # two halls: the kiosk must name its own
    assert kiosk.get("/v1/queue/status", params={"hall": "east"}).json()["hall"]["name"] == "东厅"
    counter = window_client(hall, "01")  # a window keeps the hall of its categories
    assert counter.get("/v1/queue/status", params={"hall": "east"}).json()["hall"]["hall"] == HALL


def test_kiosk_names_the_missing_setting_and_keeps_an_unprinted_ticket(hall: FastAPI) -> None:
    queue_admin.set_hall(hall.state.db, "east", "东厅")
    client = QueueClient(window_client(hall, "K1"))
    with pytest.raises(NoHall, match=r"kiosk\.hall"):
        Kiosk(client, Settings()).hall()
    kiosk = Kiosk(client, Settings(kiosk_hall=HALL))  # no printer configured
    assert [c.category for c in kiosk.hall().categories] == ["A", "B", "C"]
    ticket = kiosk.take("A")
    assert ticket.number == "A001" and kiosk.print_slip(ticket) == "已取号 A001，但未配置打印机（printer.uri）"
    assert [c.waiting for c in kiosk.hall().categories if c.category == "A"] == [1]  # the ticket stands


class SilentServer:
    """Accepts connections and reads what arrives, but never answers (a hung server); counts the requests."""

    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}"
        self.received = bytearray()
        self.connections: list[socket.socket] = []
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        self.listener.settimeout(0.1)
        while self.listener.fileno() != -1:
            try:
                connection, _address = self.listener.accept()
                self.connections.append(connection)
            except (TimeoutError, OSError):
                pass
            for connection in self.connections:
                connection.settimeout(0.01)
                with contextlib.suppress(TimeoutError, OSError):
                    self.received += connection.recv(65536)

    def requests(self) -> list[str]:
        return [line for line in bytes(self.received).decode("latin-1").splitlines() if " HTTP/1.1" in line]

    def close(self) -> None:
        self.listener.close()
        self.thread.join(5)
        for connection in self.connections:
            connection.close()


@pytest.fixture
def silent() -> Iterator[SilentServer]:
    server = SilentServer()
    yield server
    server.close()


def test_a_server_that_never_answers_fails_a_ticket_in_seconds_and_it_is_asked_once(silent: SilentServer) -> None:
    kiosk = Kiosk.connect(Settings(server_url=silent.url, device_token="t"))
    started = time.monotonic()
    with pytest.raises(AnswerLost):  # the request went out: the ticket may exist, so nobody may send it again
        kiosk.take("A")
    waited = time.monotonic() - started
    kiosk.close()
    assert 7.5 < waited < 12, f"the citizen waited {waited:.1f} s (the sync's read timeout is 30 s)"
    assert silent.requests() == ["POST /v1/queue/tickets HTTP/1.1"]  # one request, no retry


def test_a_server_that_does_not_accept_connections_is_unreachable_in_seconds() -> None:
    listener = socket.create_server(("127.0.0.1", 0), backlog=0)
    address = listener.getsockname()
    fillers = [socket.socket() for _ in range(3)]  # fill the accept queue: later handshakes get no answer
    for filler in fillers:
        filler.setblocking(False)
        filler.connect_ex(address)
    kiosk = Kiosk.connect(Settings(server_url=f"http://127.0.0.1:{address[1]}", device_token="t"))
    started = time.monotonic()
    try:
        with pytest.raises(Unreachable) as raised:
            kiosk.take("A")
        waited = time.monotonic() - started
    finally:
        kiosk.close()
        for end in (*fillers, listener):
            end.close()
    assert not isinstance(raised.value, AnswerLost)  # nothing reached the server: no ticket exists
    assert 2.5 < waited < 6, f"the citizen waited {waited:.1f} s (the sync's connect timeout is 10 s)"


def test_a_ticket_carries_the_halls_offset_so_the_slip_shows_the_halls_time(hall: FastAPI) -> None:
    answer = window_client(hall, "K1").post("/v1/queue/tickets", json={"category": "A"}).json()
    issued = datetime.fromisoformat(answer["issued_at"])
    assert issued.utcoffset() == timedelta(hours=8)  # the hall's zone (queue halls default to UTC+8)
