"""A rating through the SMS invitation: it lands on the case's rating, counts in the hall-wide 好差评 and opens the
bad-review task on the window, exactly like a rating given at the counter. SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from fastapi import FastAPI
from sms_helpers import invited
from sqlalchemy import select
from sync_helpers import Enrolled

from hallclient.domain.events import GENESIS_HASH, EventRecord, verify_link
from hallclient.domain.tally import Period
from hallclient.server import clock
from hallclient.server.db import Database
from hallclient.server.models import StoredEvent
from hallclient.server.sms.ratings import CODE_LIMIT, SERVER_CHAIN_ID
from hallclient.server.tallies import server_tallies
from hallclient.services.context import Actor, Services
from hallclient.store.models import Rating
from hallclient.store.supervision_models import Complaint


@pytest.fixture
def hall_noon(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clock, "source", lambda: datetime(2026, 3, 2, 4, 0, tzinfo=UTC))  # 12:00 in the hall


def test_a_bad_sms_rating_counts_hall_wide_and_opens_the_task_on_the_window(
    services: Services, clerk: Actor, enrolled: Enrolled, server_db: Database, app: FastAPI, tmp_path: Path,
    hall_noon: None,
) -> None:  # fmt: skip
    from fastapi.testclient import TestClient

    case_no, code = invited(services, clerk, enrolled, server_db, tmp_path)
    citizen = TestClient(app)  # no device token
    answer = citizen.post("/v1/ratings/sms", json={"code": code.lower(), "level": 1, "reason": "等了太久"})
    assert answer.status_code == 200, answer.text
    given = answer.json()
    assert (given["case_no"], given["window"], given["clerk_id"], given["channel"]) == (case_no, "05", clerk.user_id,
                                                                                        "sms")  # fmt: skip
    again = citizen.post("/v1/ratings/sms", json={"code": code, "level": 5})
    assert (again.status_code, again.json()["detail"]) == (409, "该办件已通过此评价码评价过")

    # Hall-wide 好差评: the server's own chain carries the rating.given event the tallies read.
    with server_db.session() as session:
        rows = session.scalars(select(StoredEvent).where(StoredEvent.device_id == SERVER_CHAIN_ID)).all()
        tally = server_tallies(session, Period(date(2026, 3, 2), date(2026, 3, 2)), ["window"], hall_name="测试大厅",
                               today=date(2026, 3, 2), now=datetime(2026, 3, 2, 12))["window"]  # fmt: skip
    assert [row.type for row in rows] == ["rating.given"]
    row = rows[0]
    record = EventRecord(id=row.id, case_id=row.case_id, type=row.type, payload=json.loads(row.payload),
                         device_id=row.device_id, seq=row.seq, actor=row.actor, device_time=row.device_time,
                         prev_hash=row.prev_hash, hash=row.hash)  # fmt: skip
    verify_link(record, 1, GENESIS_HASH)  # a proper hash chain, like a window's
    assert record.payload["channel"] == "sms" and record.payload["bad_review"] is True
    assert record.device_time.startswith("2026-03-02T12:00:00") and record.device_time.endswith("+08:00")
    (window,) = [group for group in tally.groups if group.key == "05"]
    assert (window.ratings[1], window.bad_reviews, tally.total.rated) == (1, 1, 1)  # counted in 好差评 for window 05

    # The window holding the case gets it through the feed: the case's rating, and the bad-review task.
    enrolled.syncer.run_once()
    enrolled.syncer.run_once()  # idempotent: a second delivery changes nothing
    with services.store.read() as session:
        kept = session.scalars(select(Rating)).all()
        tasks = session.scalars(select(Complaint)).all()
    assert [(r.level, r.reason, r.window, r.clerk_id) for r in kept] == [(1, "等了太久", "05", clerk.user_id)]
    assert [(t.kind, t.rating_id, t.case_no) for t in tasks] == [("bad_review", kept[0].id, case_no)]
    # … and the task's own events travel back up with the next round, as for a window rating.
    enrolled.syncer.run_once()
    with server_db.session() as session:
        opened = session.scalars(select(StoredEvent.type).where(StoredEvent.type == "complaint.opened")).all()
    assert opened == ["complaint.opened"]


def test_unknown_codes_and_too_many_attempts_are_refused_in_chinese(
    services: Services, clerk: Actor, enrolled: Enrolled, server_db: Database, app: FastAPI, tmp_path: Path,
    hall_noon: None,
) -> None:  # fmt: skip
    from fastapi.testclient import TestClient

    _case_no, code = invited(services, clerk, enrolled, server_db, tmp_path)
    citizen = TestClient(app)
    wrong = citizen.post("/v1/ratings/sms", json={"code": "AAAAAAAA", "level": 5})
    assert (wrong.status_code, wrong.json()["detail"]) == (404, "评价码无效")
    bad_level = citizen.post("/v1/ratings/sms", json={"code": code, "level": 9})
    assert bad_level.status_code == 422
    for _ in range(CODE_LIMIT):  # each answered 404, each counted
        citizen.post("/v1/ratings/sms", json={"code": "BBBBBBBB", "level": 5})
    limited = citizen.post("/v1/ratings/sms", json={"code": "BBBBBBBB", "level": 5})
    assert (limited.status_code, limited.json()["detail"]) == (429, "尝试次数过多，请一小时后再试")
    assert citizen.post("/v1/ratings/sms", json={"code": code, "level": 5}).status_code == 200  # another code
