"""What a kiosk asks the server (Qt-free): the hall it shows, and a slip that cannot print keeps the ticket.

A kiosk's window serves no category, so ``GET /v1/queue/status`` answers the hall it names
(``?hall=``, setting ``kiosk.hall``) or the server's only hall; with several halls and none named, the
kiosk says which setting to fill instead of showing an empty screen.
"""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from queue_helpers import HALL, configure_hall, window_client

from hallclient.config import Settings
from hallclient.server import queue_admin
from hallclient.sync.kiosk import Kiosk, NoHall
from hallclient.sync.queue_client import QueueClient


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
