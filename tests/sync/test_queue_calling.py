"""The window's queue client against the real API (SQLite and PostgreSQL): every step the calling panel uses,
what the server lets each device see of the applicant, the categories a window stores from the feed, and
the join of a ticket to its case and that case's rating."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from sqlalchemy import select
from sync_helpers import enrol, intake

from hallclient.domain.masking import mask_id_number
from hallclient.protocol.queue import TicketRequest, TransferRequest
from hallclient.server import queue_admin
from hallclient.server.queue import journeys
from hallclient.server.queue_models import QueueTicketEvent
from hallclient.services.context import Actor, Services
from hallclient.services.queue_halls import hall_of_window, stored_halls
from hallclient.services.ratings import record_rating
from hallclient.sync.queue_client import QueueClient
from hallclient.sync.transport import Refused, SyncClient
from queue_helpers import HALL, configure_hall, window_client

OLD = "11010519491231002X"


@pytest.fixture
def hall(app: FastAPI) -> FastAPI:
    configure_hall(app.state.db, ["05", "06"], max_recalls=1)
    return app


def _client(app: FastAPI, window: str) -> QueueClient:
    return QueueClient(window_client(app, window))


def test_every_calling_step_through_the_client(hall: FastAPI) -> None:
    kiosk, five, six = _client(hall, "K1"), _client(hall, "05"), _client(hall, "06")
    first = kiosk.issue(TicketRequest(category="A", name="王小芳", id_number=OLD))
    second = kiosk.issue(TicketRequest(category="A"))
    called = five.call_next().ticket
    assert called is not None and called.number == first.number
    assert five.recall(called.id).recalls == 1
    with pytest.raises(Refused, match="达到上限 1 次"):  # the server's reason reaches the clerk as is
        five.recall(called.id)
    assert five.start(called.id).state == "serving"
    assert five.hold(called.id).state == "held"
    status = five.status()
    assert status.current is None and [t.number for t in status.held] == [first.number]
    assert status.max_recalls == 1
    nxt = five.call_next().ticket
    assert nxt is not None and nxt.number == second.number
    assert five.no_show(nxt.id).state == "no_show"
    assert five.call_back(called.id).state == "called"
    moved = five.transfer(called.id, TransferRequest(window="06", note="需窗口 06 复核"))
    assert (moved.number, moved.state, moved.target_window) == (first.number, "waiting", "06")
    assert five.status().current is None and five.status().held == []
    again = six.call_next().ticket
    assert again is not None and again.number == first.number and again.note == "需窗口 06 复核"
    six.pause("午休")
    status = six.status()
    assert status.paused and status.pause_reason == "午休" and status.current is not None
    with pytest.raises(Refused, match="已在暂停服务中"):
        six.pause("会议")
    six.resume()
    assert not six.status().paused
    with pytest.raises(Refused, match="未暂停服务"):
        six.resume()
    done = six.finish(again.id, "XK-2026-000001")
    assert (done.state, done.case_no, done.cases) == ("done", "XK-2026-000001", ["XK-2026-000001"])


def _link_events(app: FastAPI, ticket_id: str) -> list[str]:
    with app.state.db.session() as session:
        rows = session.execute(
            select(QueueTicketEvent.from_state, QueueTicketEvent.to_state, QueueTicketEvent.detail)
            .where(QueueTicketEvent.ticket_id == ticket_id, QueueTicketEvent.action == "link")
            .order_by(QueueTicketEvent.id)
        ).all()
        return [f"{before}>{after}:{case_no}" for before, after, case_no in rows]


def test_one_visit_links_several_cases_once_each_and_the_ticket_stays_served(hall: FastAPI) -> None:
    kiosk, five, six = _client(hall, "K1"), _client(hall, "05"), _client(hall, "06")
    kiosk.issue(TicketRequest(category="A"))
    called = five.call_next().ticket
    assert called is not None
    first = five.link(called.id, "XK-2026-000001")
    assert (first.state, first.case_no, first.cases) == ("serving", "XK-2026-000001", ["XK-2026-000001"])
    second = five.link(called.id, "XK-2026-000002")
    assert (second.state, second.case_no) == ("serving", "XK-2026-000001")  # the column keeps the first case
    assert second.cases == ["XK-2026-000001", "XK-2026-000002"]
    again = five.link(called.id, "XK-2026-000001")  # a resend after a lost answer: answered, not linked twice
    assert again.cases == ["XK-2026-000001", "XK-2026-000002"]
    with pytest.raises(Refused, match="不属于本窗口"):
        six.link(called.id, "XK-2026-000003")
    with pytest.raises(Refused, match="办件编号「XK 1」无效"):
        five.link(called.id, "XK 1")
    assert five.status().current is not None and five.status().current.cases == second.cases  # type: ignore[union-attr]
    done = five.finish(called.id)
    assert (done.state, done.cases) == ("done", ["XK-2026-000001", "XK-2026-000002"])
    assert five.link(called.id, "XK-2026-000002").state == "done"  # a resend after 办结 still answers
    with pytest.raises(Refused, match="当前状态为「已办结」，不能关联办件"):
        five.link(called.id, "XK-2026-000009")
    assert _link_events(hall, called.id) == ["called>serving:XK-2026-000001", "serving>serving:XK-2026-000002"]


def test_finishing_with_a_case_number_links_it_first(hall: FastAPI) -> None:
    kiosk, five = _client(hall, "K1"), _client(hall, "05")
    kiosk.issue(TicketRequest(category="A"))
    called = five.call_next().ticket
    assert called is not None
    five.link(called.id, "XK-2026-000001")
    done = five.finish(called.id, "XK-2026-000001")  # already linked: not twice
    assert done.cases == ["XK-2026-000001"] and _link_events(hall, called.id) == ["called>serving:XK-2026-000001"]
    with pytest.raises(Refused, match="无效"):
        five.finish(called.id, "bad\tcase")


def test_the_full_id_number_reaches_only_the_window_holding_the_ticket(hall: FastAPI) -> None:
    kiosk, five, six = _client(hall, "K1"), _client(hall, "05"), _client(hall, "06")
    issued = kiosk.issue(TicketRequest(category="A", name="王小芳", id_number=OLD))
    assert issued.id_number == mask_id_number(OLD)  # the kiosk prints a number, it keeps no ID number
    assert six.status().current is None
    called = five.call_next().ticket
    assert called is not None and (called.id_number, called.applicant_name) == (OLD, "王小芳")
    assert five.status().current is not None and five.status().current.id_number == OLD  # type: ignore[union-attr]
    with pytest.raises(Refused, match="不属于本窗口"):
        six.start(called.id)
    moved = five.transfer(called.id, TransferRequest(category="B", note="转社保"))
    assert moved.id_number == mask_id_number(OLD)  # no longer this window's citizen
    hall_view = six.status().hall
    assert hall_view is not None and OLD not in hall_view.model_dump_json()
    taken = six.call_next().ticket
    assert taken is not None and taken.id_number == OLD


def test_a_window_stores_its_halls_categories_from_the_feed(hall: FastAPI, services: Services) -> None:
    enrolled = enrol(hall, services, window="05")
    assert stored_halls(services.store) == []
    enrolled.syncer.run_once()
    mine = hall_of_window(services.store, "05")
    assert mine is not None and mine.hall == HALL and mine.rules.max_recalls == 1
    assert [c.code for c in mine.transfer_categories()] == ["A", "B"]  # C is closed
    assert mine.transfer_windows("05") == ("06",)
    assert hall_of_window(services.store, "99") is None
    queue_admin.set_open(hall.state.db, "C", True)
    enrolled.syncer.run_once()
    again = hall_of_window(services.store, "05")
    assert again is not None and [c.code for c in again.transfer_categories()] == ["A", "B", "C"]


def test_a_full_resync_brings_the_categories_too(hall: FastAPI, services: Services) -> None:
    enrolled = enrol(hall, services, window="05")
    snapshot = SyncClient(enrolled.http).snapshot()
    assert [entry["hall"] for entry in snapshot.queues] == [HALL]
    from hallclient.sync.downloader import apply_snapshot

    apply_snapshot(services.store, snapshot, services.now())
    assert hall_of_window(services.store, "06") is not None


def test_the_rating_of_every_case_of_a_visit_joins_the_ticket_it_was_served_for(
    hall: FastAPI, services: Services, clerk: Actor
) -> None:
    enrolled = enrol(hall, services, window="05")
    window = QueueClient(enrolled.http)
    _client(hall, "K1").issue(TicketRequest(category="A"))
    called = window.call_next().ticket
    assert called is not None
    case = intake(services, clerk)
    other = intake(services, clerk)
    record_rating(services, clerk, level=5, case_id=case.case_id)
    record_rating(services, clerk, level=3, case_id=other.case_id)
    window.link(called.id, case.case_no)
    window.link(called.id, other.case_no)
    assert journeys(hall.state.db, [other.case_no])[other.case_no].served_s is None  # still being served
    window.finish(called.id)
    enrolled.syncer.run_once()  # the cases and their ratings reach the server as events
    joined = journeys(hall.state.db, [case.case_no, other.case_no, "NO-SUCH-CASE"])
    assert sorted(joined) == sorted([case.case_no, other.case_no])
    journey, second = joined[case.case_no], joined[other.case_no]
    assert (journey.number, journey.window, journey.ratings) == (called.number, "05", (5,))
    assert (second.number, second.case_no, second.ratings) == (called.number, other.case_no, (3,))
    assert journey.waited_s is not None and journey.waited_s >= 0 and journey.served_s is not None
