"""The queue API on a real database (SQLite and PostgreSQL): tickets, calling, transfers, pauses, appointments,
the portal's key, refusals of hostile or foreign requests, and the feed entry of the categories."""

from __future__ import annotations

import gzip
from datetime import date, timedelta

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sync_helpers import enrol

from hallclient.domain.appointments import parse_slot
from hallclient.domain.queue import Category, QueueError
from hallclient.domain.workdays import WorkCalendar
from hallclient.server import queue_admin
from hallclient.server.db import Database
from hallclient.server.queue_models import QueueTicket, QueueTicketEvent, QueueWindowPause
from hallclient.services.context import Services
from queue_helpers import ALL_DAY, HALL, configure_hall, window_client

OLD = "11010519491231002X"  # born 1949: green channel by age
YOUNG = "110105200001010016"


@pytest.fixture
def hall(app: FastAPI) -> FastAPI:
    configure_hall(app.state.db, ["01", "02", "03"], max_recalls=1)
    return app


def _issue(client: TestClient, category: str = "A", **extra: object) -> dict[str, object]:
    response = client.post("/v1/queue/tickets", json={"category": category, **extra})
    assert response.status_code == 200, response.text
    return dict(response.json())


def _call(client: TestClient) -> dict[str, object] | None:
    response = client.post("/v1/queue/call")
    assert response.status_code == 200, response.text
    ticket = response.json()["ticket"]
    return dict(ticket) if ticket else None


def _events(db: Database, ticket_id: object) -> list[str]:
    with db.session() as session:
        rows = session.scalars(select(QueueTicketEvent).where(QueueTicketEvent.ticket_id == ticket_id)
                               .order_by(QueueTicketEvent.id))  # fmt: skip
        return [f"{row.action}:{row.from_state}>{row.to_state}" for row in rows]


def test_tickets_are_numbered_per_category_and_refused_for_unknown_or_closed(hall: FastAPI) -> None:
    kiosk = window_client(hall, "K1")
    counter = window_client(hall, "01")
    first, second = _issue(kiosk), _issue(kiosk, "a")
    walk_in = _issue(counter, "B", id_number=OLD, name="王小芳")
    assert (first["number"], second["number"], walk_in["number"]) == ("A001", "A002", "B001")
    assert (first["source"], walk_in["source"]) == ("kiosk", "window")
    assert second["waiting_before"] == 1
    assert walk_in["green"] is True and walk_in["green_reason"] == "60 周岁以上"
    assert _issue(kiosk, id_number=YOUNG)["green"] is False
    assert _issue(kiosk, pregnant=True)["green_reason"] == "孕妇"
    unknown = kiosk.post("/v1/queue/tickets", json={"category": "Z"})
    assert (unknown.status_code, unknown.json()["detail"]) == (409, "没有业务类别「Z」")
    closed = kiosk.post("/v1/queue/tickets", json={"category": "C"})
    assert closed.status_code == 409 and "已暂停取号" in closed.json()["detail"]
    bad_id = kiosk.post("/v1/queue/tickets", json={"category": "A", "id_number": "110105194912310021"})
    assert bad_id.status_code == 409 and bad_id.json()["detail"].startswith("身份证号无效")
    with hall.state.db.session() as session:
        assert session.scalar(select(func.count()).select_from(QueueTicket)) == 5  # nothing from the refusals


def test_call_next_follows_priority_then_green_then_first_come(hall: FastAPI) -> None:
    kiosk = window_client(hall, "K1")
    counter = window_client(hall, "01")
    b1 = _issue(kiosk, "B")
    a1 = _issue(kiosk, "A")
    a2_green = _issue(kiosk, "A", disabled=True)
    order = []
    while (ticket := _call(counter)) is not None:
        order.append(ticket["number"])
        assert counter.post(f"/v1/queue/tickets/{ticket['id']}/finish", json={}).status_code == 200
    assert order == [a2_green["number"], a1["number"], b1["number"]]


def test_a_ticket_lives_through_its_states_and_every_change_is_an_event(hall: FastAPI) -> None:
    kiosk, counter = window_client(hall, "K1"), window_client(hall, "01")
    issued = _issue(kiosk, id_number=YOUNG, name="李四")
    called = _call(counter)
    assert called is not None and called["id"] == issued["id"] and called["applicant_name"] == "李四"
    busy = counter.post("/v1/queue/call")
    assert busy.status_code == 409 and busy.json()["detail"] == "请先办结、过号或挂起 A001 号，再叫下一位"
    path = f"/v1/queue/tickets/{issued['id']}"
    assert counter.post(f"{path}/recall").json()["recalls"] == 1
    refused = counter.post(f"{path}/recall")
    assert refused.status_code == 409 and "达到上限 1 次" in refused.json()["detail"]
    assert counter.post(f"{path}/start").json()["state"] == "serving"
    done = counter.post(f"{path}/finish", json={"case_no": "XK-2026-000123"}).json()
    assert (done["state"], done["case_no"]) == ("done", "XK-2026-000123")
    again = counter.post(f"{path}/finish", json={})
    assert again.status_code == 409 and again.json()["detail"] == "A001 号当前状态为「已办结」，不能办结"
    assert _events(hall.state.db, issued["id"]) == [
        "issue:>waiting",
        "call:waiting>called",
        "recall:called>called",
        "start:called>serving",
        "link:serving>serving",
        "finish:serving>done",
    ]


def test_no_show_hold_and_call_back(hall: FastAPI) -> None:
    kiosk, counter = window_client(hall, "K1"), window_client(hall, "01")
    first, second = _issue(kiosk), _issue(kiosk)
    assert _call(counter)["id"] == first["id"]  # type: ignore[index]
    assert counter.post(f"/v1/queue/tickets/{first['id']}/no-show").json()["state"] == "no_show"
    assert _call(counter)["id"] == second["id"]  # type: ignore[index]
    assert counter.post(f"/v1/queue/tickets/{second['id']}/hold").json()["state"] == "held"
    assert _call(counter) is None  # nobody waits; the held one is not called by call-next
    assert counter.post(f"/v1/queue/tickets/{second['id']}/call-back").json()["state"] == "called"
    late = counter.post(f"/v1/queue/tickets/{first['id']}/call-back")
    assert late.status_code == 409 and late.json()["detail"] == "A001 号当前状态为「过号」，不能回呼"


def test_transfer_to_a_category_keeps_the_number_and_the_old_ticket_cannot_be_called(hall: FastAPI) -> None:
    kiosk, one, two = window_client(hall, "K1"), window_client(hall, "01"), window_client(hall, "02")
    issued = _issue(kiosk, "A", name="王小芳")
    _call(one)
    moved = one.post(f"/v1/queue/tickets/{issued['id']}/transfer", json={"category": "B", "note": "社保业务"}).json()
    assert (moved["number"], moved["category"], moved["state"], moved["note"]) == ("A001", "B", "waiting", "社保业务")
    for action in ("recall", "call-back", "start"):
        refused = one.post(f"/v1/queue/tickets/{issued['id']}/{action}")
        assert refused.status_code == 409 and refused.json()["detail"].startswith("A001 号已转移，不能再")
    called = _call(two)
    assert called is not None and called["id"] == moved["id"] and called["applicant_name"] == "王小芳"
    foreign = two.post(f"/v1/queue/tickets/{issued['id']}/recall")
    assert foreign.status_code == 403  # the transferred original belongs to window 01


def test_transfer_to_a_window_only_that_window_calls_it(hall: FastAPI) -> None:
    kiosk, one, two, three = (window_client(hall, w) for w in ("K1", "01", "02", "03"))
    issued = _issue(kiosk, "B")
    _call(one)
    bad = one.post(f"/v1/queue/tickets/{issued['id']}/transfer", json={"window": "99", "note": "x"})
    assert bad.status_code == 409 and "不能转移到窗口「99」" in bad.json()["detail"]
    both = one.post(f"/v1/queue/tickets/{issued['id']}/transfer", json={"window": "03", "category": "A", "note": "x"})
    assert both.status_code == 409
    moved = one.post(f"/v1/queue/tickets/{issued['id']}/transfer", json={"window": "03", "note": "复核"}).json()
    _issue(kiosk, "A")  # a ticket of a higher priority category
    first = _call(two)
    assert first is not None and first["category"] == "A"
    assert two.post(f"/v1/queue/tickets/{first['id']}/finish", json={}).status_code == 200
    assert _call(two) is None  # 02 never gets the one sent to 03
    assert _call(three)["id"] == moved["id"]  # type: ignore[index]


def test_a_device_acts_only_for_its_own_window(hall: FastAPI) -> None:
    kiosk, one, two = window_client(hall, "K1"), window_client(hall, "01"), window_client(hall, "02")
    issued = _issue(kiosk)
    _call(one)
    for action in ("recall", "no-show", "hold", "start"):
        response = two.post(f"/v1/queue/tickets/{issued['id']}/{action}")
        assert response.status_code == 403 and response.json()["detail"] == "A001 号不属于本窗口（在 01 号窗口）"
    assert two.post(f"/v1/queue/tickets/{issued['id']}/finish", json={}).status_code == 403
    waiting = _issue(kiosk)
    assert one.post(f"/v1/queue/tickets/{waiting['id']}/start").status_code == 403  # not called by anyone yet
    assert kiosk.post("/v1/queue/call").status_code == 403  # the kiosk serves no category
    assert TestClient(hall).post("/v1/queue/call").status_code == 401
    assert (
        TestClient(hall, headers={"Authorization": "Bearer nope"})
        .post("/v1/queue/tickets", json={"category": "A"})
        .status_code
        == 401
    )
    assert one.post("/v1/queue/tickets/no-such-ticket/recall").status_code == 404


def test_pause_and_resume_are_the_attendance_record(hall: FastAPI) -> None:
    kiosk, one = window_client(hall, "K1"), window_client(hall, "01")
    _issue(kiosk)
    assert one.post("/v1/queue/pause", json={"reason": "会议"}).status_code == 204
    again = one.post("/v1/queue/pause", json={"reason": "会议"})
    assert again.status_code == 409 and again.json()["detail"] == "窗口 01 已在暂停服务中（会议）"
    refused = one.post("/v1/queue/call")
    assert refused.status_code == 409 and refused.json()["detail"] == "窗口 01 已暂停服务（会议），请先恢复服务"
    status = one.get("/v1/queue/status").json()
    assert status["paused"] is True and status["hall"]["windows"][0] == {
        "window": "01", "ticket": "", "state": "paused", "pause_reason": "会议"}  # fmt: skip
    assert one.post("/v1/queue/pause", json={"reason": ""}).status_code == 422
    assert one.post("/v1/queue/resume").status_code == 204
    assert one.post("/v1/queue/resume").status_code == 409
    assert _call(one) is not None
    with hall.state.db.session() as session:
        pauses = session.scalars(select(QueueWindowPause)).all()
        assert [(p.window, p.reason, p.ended_at is not None) for p in pauses] == [("01", "会议", True)]


@pytest.fixture
def every_day_a_workday(monkeypatch: pytest.MonkeyPatch) -> None:
    """Booking today must work whatever day the tests run on (the workday rule itself: tests/domain)."""
    monkeypatch.setattr(WorkCalendar, "is_workday", lambda _self, _day: True)


def _portal(app: FastAPI) -> TestClient:
    _key_id, key = queue_admin.add_portal_key(app.state.db, HALL, "微信小程序")
    return TestClient(app, headers={"X-Api-Key": key})


def _today(client: TestClient) -> str:
    # the hall's day (UTC+8 by default), as the server counts it
    from hallclient.server.clock import utcnow

    return (utcnow() + timedelta(hours=8)).date().isoformat()


def _booking(day: str, id_number: str = OLD, slot: str = ALL_DAY) -> dict[str, str]:
    return {"category": "A", "day": day, "slot": slot, "id_number": id_number, "name": "王小芳", "phone": "13800000000"}


@pytest.mark.usefixtures("every_day_a_workday")
def test_portal_books_lists_and_cancels_and_a_full_slot_is_refused(hall: FastAPI) -> None:
    portal = _portal(hall)
    today = _today(portal)
    booked = portal.post("/v1/queue/appointments", json=_booking(today))
    assert booked.status_code == 200, booked.text
    body = booked.json()
    assert (body["state"], body["name"], body["id_number"]) == ("booked", "王*芳", "1101**********002X")
    twice = portal.post("/v1/queue/appointments", json=_booking(today))
    assert twice.status_code == 409 and "请勿重复预约" in twice.json()["detail"]
    assert portal.post("/v1/queue/appointments", json=_booking(today, YOUNG)).status_code == 200
    full = portal.post("/v1/queue/appointments", json=_booking(today, "110105196612020011"))
    assert full.status_code == 409 and full.json()["detail"] == f"时段 {ALL_DAY} 已约满（2 个名额）"
    assert portal.get("/v1/queue/slots", params={"category": "A", "day": today}).json()[0]["free"] == 0
    listed = portal.get("/v1/queue/appointments", params={"day": today}).json()
    assert len(listed) == 2
    cancelled = portal.delete(f"/v1/queue/appointments/{body['code']}")
    assert cancelled.json()["state"] == "cancelled"
    assert portal.delete(f"/v1/queue/appointments/{body['code']}").status_code == 409
    assert portal.get("/v1/queue/slots", params={"category": "A", "day": today}).json()[0]["free"] == 1
    wrong_slot = portal.post("/v1/queue/appointments", json=_booking(today, slot="09:00-10:00"))
    assert wrong_slot.status_code == 409 and "没有时段「09:00-10:00」" in wrong_slot.json()["detail"]
    far = (date.fromisoformat(today) + timedelta(days=10)).isoformat()
    assert "最多可预约 3 天内" in portal.post("/v1/queue/appointments", json=_booking(far)).json()["detail"]


@pytest.mark.usefixtures("every_day_a_workday")
def test_check_in_by_code_or_id_number_and_a_code_works_once(hall: FastAPI) -> None:
    portal, kiosk, one = _portal(hall), window_client(hall, "K1"), window_client(hall, "01")
    today = _today(portal)
    code = portal.post("/v1/queue/appointments", json=_booking(today)).json()["code"]
    portal.post("/v1/queue/appointments", json=_booking(today, YOUNG))
    walk_in = _issue(kiosk, "A")
    ticket = kiosk.post("/v1/queue/check-in", json={"code": code.lower()}).json()
    assert (ticket["source"], ticket["number"], ticket["applicant_name"]) == ("appointment", "A002", "王小芳")
    assert ticket["id_number"] == "1101**********002X"  # a booking code shows no ID number; the caller gets it
    used = kiosk.post("/v1/queue/check-in", json={"code": code})
    assert used.status_code == 409 and used.json()["detail"] == f"预约码 {code} 已签到过，不能重复使用"
    by_id = kiosk.post("/v1/queue/check-in", json={"id_number": YOUNG}).json()
    assert by_id["number"] == "A003"
    assert kiosk.post("/v1/queue/check-in", json={"id_number": YOUNG}).status_code == 404
    assert kiosk.post("/v1/queue/check-in", json={"code": "ZZZZZZZZ"}).status_code == 404
    # kept appointments (and the green channel) go before the earlier walk-in
    assert [_call(one)["number"] for _ in range(1)] == ["A002"]  # type: ignore[index]
    assert walk_in["number"] == "A001"


def test_the_portal_key_and_device_tokens_do_not_stand_in_for_each_other(hall: FastAPI) -> None:
    portal, one = _portal(hall), window_client(hall, "01")
    device_token = one.headers["Authorization"].split()[1]
    assert one.get("/v1/queue/appointments", params={"day": "2026-12-02"}).status_code == 401
    assert TestClient(hall, headers={"X-Api-Key": device_token}).get(
        "/v1/queue/appointments", params={"day": "2026-12-02"}).status_code == 401  # fmt: skip
    for method, path in (("post", "/v1/queue/call"), ("post", "/v1/queue/tickets"), ("get", "/v1/queue/status"),
                         ("post", "/v1/queue/check-in"), ("get", "/v1/changes")):  # fmt: skip
        assert getattr(portal, method)(path).status_code == 401, path
    key_id, key = queue_admin.add_portal_key(hall.state.db, HALL)
    queue_admin.revoke_portal_key(hall.state.db, key_id)
    revoked = TestClient(hall, headers={"X-Api-Key": key}).get("/v1/queue/appointments", params={"day": "2026-12-02"})
    assert revoked.status_code == 401
    queue_admin.set_hall(hall.state.db, "east", "东区分厅")
    queue_admin.set_category(hall.state.db, Category("E", "东区业务", "east", (), {"09": 1}))
    other_hall = portal.get("/v1/queue/slots", params={"category": "E", "day": "2026-12-02"})
    assert other_hall.status_code == 404


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/v1/queue/tickets", {"category": "A", "admin": True}),
        ("/v1/queue/tickets", {"category": "A' OR 1=1 --"}),
        ("/v1/queue/tickets", {"category": "A", "id_number": "1" * 400}),
        ("/v1/queue/tickets", {"category": ["A"]}),
        ("/v1/queue/pause", {"reason": "x" * 101}),
        ("/v1/queue/check-in", {"code": {"$ne": ""}}),
    ],
)
def test_hostile_bodies_are_4xx(hall: FastAPI, path: str, body: object) -> None:
    one = window_client(hall, "01")
    assert one.post(path, json=body).status_code == 422


def test_malformed_oversized_and_gzip_bomb_bodies_are_refused(hall: FastAPI) -> None:
    one = window_client(hall, "01")
    headers = {"Content-Type": "application/json"}
    assert one.post("/v1/queue/tickets", content=b'{"category": "A"', headers=headers).status_code == 422
    assert one.post("/v1/queue/tickets", content=b"[" * 20_000, headers=headers).status_code == 413
    deep, huge_int = b"[" * 5000 + b"]" * 5000, b'{"reason": ' + b"1" * 5000 + b"}"
    not_json = (b'{"category": "A", "name": NaN}', b'{"category": "A", "disabled": 1e400}', b'{"name": "\xff\xfe"}')
    for hostile in (deep, huge_int, *not_json):
        assert one.post("/v1/queue/tickets", content=hostile, headers=headers).status_code in (400, 422), hostile[:40]
        assert one.post("/v1/queue/pause", content=hostile, headers=headers).status_code in (400, 422), hostile[:40]
    assert one.post("/v1/queue/tickets/x/transfer", json={"note": "n" * 20_000}).status_code == 413
    bomb = gzip.compress(b" " * 5_000_000)
    response = one.post("/v1/queue/tickets", content=bomb, headers={**headers, "Content-Encoding": "gzip"})
    assert 400 <= response.status_code < 500
    portal = _portal(hall)
    assert portal.get("/v1/queue/appointments", params={"day": "2026-13-45"}).status_code == 409
    assert portal.get("/v1/queue/appointments", params={"day": "x"}).status_code == 422
    assert portal.get("/v1/queue/appointments").status_code == 409  # neither day nor ID number
    assert TestClient(hall, headers={"X-Api-Key": "k" * 5000}).get("/v1/queue/slots").status_code in (401, 422)


def test_categories_are_published_to_the_windows_through_the_feed(hall: FastAPI) -> None:
    one = window_client(hall, "01")
    changes = one.get("/v1/changes").json()["changes"]
    entries = [change for change in changes if change["kind"] == "queue"]
    assert len(entries) == 1 and entries[0]["key"] == HALL
    categories = {c["code"]: c for c in entries[0]["data"]["categories"]}
    assert categories["A"]["windows"] == {"01": 1, "02": 1, "03": 1} and categories["C"]["open"] is False
    assert entries[0]["data"]["rules"]["max_recalls"] == 1
    queue_admin.set_open(hall.state.db, "C", True)
    later = [c for c in one.get("/v1/changes").json()["changes"] if c["kind"] == "queue"]
    assert {c["code"]: c["open"] for c in later[0]["data"]["categories"]}["C"] is True
    queue_admin.set_hall(hall.state.db, HALL, "", rules={"max_recalls": 3})
    rules = next(c for c in one.get("/v1/changes").json()["changes"] if c["kind"] == "queue")["data"]["rules"]
    assert rules["max_recalls"] == 3


def test_administration_refuses_bad_categories_and_rules(app: FastAPI) -> None:
    db = app.state.db
    with pytest.raises(QueueError, match="没有大厅「main」"):
        queue_admin.set_category(db, Category("A", "企业开办", HALL))
    with pytest.raises(QueueError, match="未知的规则：speed"):
        queue_admin.set_hall(db, HALL, "市民中心", rules={"speed": 3})
    queue_admin.set_hall(db, HALL, "市民中心")
    queue_admin.set_category(db, Category("A", "企业开办", HALL, (), {"01": 1}))
    queue_admin.set_hall(db, "east", "东区")
    with pytest.raises(QueueError, match="已属于大厅「main」"):
        queue_admin.set_category(db, Category("A", "企业开办", "east"))


def test_a_window_syncs_with_queue_entries_in_its_feed(hall: FastAPI, services: Services) -> None:
    enrolled = enrol(hall, services)
    page = enrolled.http.get("/v1/changes", params={"after": 0}).json()
    assert [change["kind"] for change in page["changes"]] == ["queue", "site"]  # and the device's site (enrolment)
    summary = enrolled.syncer.run_once()  # the client stores the hall's categories (services.queue_halls)
    assert summary.download.version == page["head"]
    assert enrolled.syncer.run_once().download.version == page["head"]


def test_a_ticket_left_from_an_earlier_day_is_neither_called_nor_counted(hall: FastAPI) -> None:
    kiosk, one = window_client(hall, "K1"), window_client(hall, "01")
    old, today = _issue(kiosk), _issue(kiosk)
    with hall.state.db.session() as session:
        ticket = session.get(QueueTicket, old["id"])
        assert ticket is not None
        ticket.day -= timedelta(days=1)
    assert one.get("/v1/queue/status").json()["hall"]["categories"][0]["waiting"] == 1
    called = _call(one)
    assert called is not None and called["id"] == today["id"]
    assert one.post(f"/v1/queue/tickets/{today['id']}/finish", json={}).status_code == 200
    assert _call(one) is None
    assert _issue(kiosk)["waiting_before"] == 0


def _walk_in(client: TestClient, category: str = "A", **extra: object) -> httpx.Response:
    return client.post("/v1/queue/walk-in", json={"category": category, **extra})


def _ticket_count(db: Database) -> int:
    with db.session() as session:
        return int(session.scalar(select(func.count()).select_from(QueueTicket)) or 0)


def test_a_walk_in_at_the_window_is_issued_and_held_there_at_once(hall: FastAPI) -> None:
    kiosk, counter = window_client(hall, "K1"), window_client(hall, "01")
    waiting = _issue(kiosk, "A")
    answer = _walk_in(counter, "a", id_number=OLD, name="王小芳")
    assert answer.status_code == 200, answer.text
    ticket = answer.json()
    assert (ticket["number"], ticket["source"], ticket["state"], ticket["window"]) == ("A002", "window", "called", "01")
    assert ticket["id_number"] == OLD and ticket["applicant_name"] == "王小芳"  # the window holding it sees it all
    assert ticket["green_reason"] == "60 周岁以上" and ticket["called_at"] == ticket["issued_at"]  # no wait
    assert _events(hall.state.db, ticket["id"]) == ["issue:>waiting", "call:waiting>called"]
    assert counter.get("/v1/queue/status").json()["current"]["id"] == ticket["id"]
    linked = counter.post(f"/v1/queue/tickets/{ticket['id']}/finish", json={"case_no": "C-1"}).json()
    assert (linked["state"], linked["cases"]) == ("done", ["C-1"])
    assert _events(hall.state.db, waiting["id"]) == ["issue:>waiting"]  # the kiosk's ticket still waits


def test_a_walk_in_is_refused_while_holding_paused_for_a_foreign_category_or_at_a_kiosk(hall: FastAPI) -> None:
    queue_admin.set_category(hall.state.db, Category("D", "公积金", HALL, (), {"02": 1}))
    kiosk, counter = window_client(hall, "K1"), window_client(hall, "01")
    held = _walk_in(counter).json()
    before = _ticket_count(hall.state.db)
    holding = _walk_in(counter, "B")
    assert (holding.status_code, holding.json()["detail"]) == (409, "请先办结、过号或挂起 A001 号，再为现场群众取号")
    counter.post(f"/v1/queue/tickets/{held['id']}/finish", json={})
    foreign = _walk_in(counter, "D")
    assert (foreign.status_code, foreign.json()["detail"]) == (403, "业务类别 D「公积金」不在窗口 01 的办理范围内")
    closed = _walk_in(counter, "C")
    assert closed.status_code == 409 and "已暂停取号" in closed.json()["detail"]
    at_kiosk = _walk_in(kiosk)
    assert (at_kiosk.status_code, at_kiosk.json()["detail"]) == (
        403,
        "只有服务窗口可以窗口取号（窗口 K1 未绑定任何业务类别）",
    )
    bad_id = _walk_in(counter, id_number="110105194912310021")
    assert bad_id.status_code == 409 and bad_id.json()["detail"].startswith("身份证号无效")
    assert counter.post("/v1/queue/pause", json={"reason": "会议"}).status_code == 204
    paused = _walk_in(counter)
    assert (paused.status_code, paused.json()["detail"]) == (409, "窗口 01 已暂停服务（会议），请先恢复服务")
    assert _ticket_count(hall.state.db) == before  # no refusal wrote a ticket
    assert counter.post("/v1/queue/resume").status_code == 204
    assert _walk_in(counter, "B").json()["number"] == "B001"


@pytest.mark.usefixtures("every_day_a_workday")
def test_check_in_at_the_window_calls_the_appointment_here_when_the_window_is_free(hall: FastAPI) -> None:
    portal, counter, other = _portal(hall), window_client(hall, "01"), window_client(hall, "02")
    today = _today(portal)
    first = portal.post("/v1/queue/appointments", json=_booking(today)).json()["code"]
    second = portal.post("/v1/queue/appointments", json=_booking(today, YOUNG)).json()["code"]
    called = counter.post("/v1/queue/check-in", json={"code": first, "call_here": True}).json()
    assert (called["source"], called["state"], called["window"], called["id_number"]) == (
        "appointment",
        "called",
        "01",
        OLD,
    )
    assert _events(hall.state.db, called["id"]) == ["issue:>waiting", "call:waiting>called"]
    again = counter.post("/v1/queue/check-in", json={"code": first, "call_here": True})
    assert (again.status_code, again.json()["detail"]) == (409, f"预约码 {first} 已签到过，不能重复使用")
    # this window still holds A001: the next one checked in here waits in the queue, its ID number masked
    waits = counter.post("/v1/queue/check-in", json={"code": second, "call_here": True}).json()
    assert (waits["state"], waits["window"], waits["waiting_before"]) == ("waiting", "", 0)
    assert waits["id_number"] == "1101**********0016"
    assert _call(other)["id"] == waits["id"]  # type: ignore[index]


@pytest.mark.usefixtures("every_day_a_workday")
def test_check_in_at_the_window_waits_when_the_window_is_paused_or_does_not_serve_the_category(hall: FastAPI) -> None:
    queue_admin.set_category(hall.state.db, Category("A", "企业开办", HALL, (), {"02": 1}), [parse_slot(ALL_DAY, 2)])
    portal, counter = _portal(hall), window_client(hall, "01")
    today = _today(portal)
    code = portal.post("/v1/queue/appointments", json=_booking(today)).json()["code"]
    foreign = counter.post("/v1/queue/check-in", json={"code": code, "call_here": True}).json()
    assert (foreign["state"], foreign["window"]) == ("waiting", "")
    queue_admin.set_category(hall.state.db, Category("A", "企业开办", HALL, (), {"01": 1}), [parse_slot(ALL_DAY, 2)])
    counter.post("/v1/queue/pause", json={"reason": "会议"})
    code = portal.post("/v1/queue/appointments", json=_booking(today, YOUNG)).json()["code"]
    paused = counter.post("/v1/queue/check-in", json={"code": code, "call_here": True}).json()
    assert (paused["state"], paused["window"]) == ("waiting", "")
