"""The per-request cost of the device hot path (issue 17): one connection and few statements per upload.

An upload used to check a connection out twice (the token lookup, then the batch) and build every
statement anew; these tests pin what the profile-driven rework bought, so a later change that adds
round trips fails here rather than in a load test. They also pin the behaviour the rework had to keep:
a refused body still confirms the enrolment, a revoked token is refused at once, on both databases.
"""

from __future__ import annotations

import gzip
import json
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from fastapi import FastAPI
from sqlalchemy import event, select

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from hallclient.domain.events import GENESIS_HASH, EventRecord, seal
from hallclient.server import admin
from hallclient.server.db import Database
from hallclient.server.models import Device

DEVICE = "hot-path-device-0001"

# An upload of events without a case: the token check, the chain head, the stored ids, the events
# INSERT and the chain update, plus SQLite's BEGIN IMMEDIATE (PostgreSQL's INSERT goes through the
# driver, unseen here: 4). The old path ran 8 on SQLite over two connections (its own transaction
# for the token lookup, and the device's site looked up again).
STATEMENT_BUDGET = 6


def _events(count: int, prev: str = GENESIS_HASH, first: int = 1) -> list[EventRecord]:
    events = []
    for seq in range(first, first + count):
        record = seal(event_id=f"event-{seq:04d}", case_id=None, type="enquiry.recorded",
                      payload={"topic": "办事指南", "seq": seq}, device_id=DEVICE, seq=seq, actor="wangfang",
                      device_time="2026-03-02T10:30:00.000+08:00", prev_hash=prev)  # fmt: skip
        prev = record.hash
        events.append(record)
    return events


def _body(events: list[EventRecord]) -> bytes:
    document = {"device_id": DEVICE, "sent_at": "2026-03-02T10:30:05+08:00", "events": [e.to_wire() for e in events]}
    return gzip.compress(json.dumps(document).encode())


GZIP = {"Content-Encoding": "gzip", "Content-Type": "application/json"}


def _enrol(app: FastAPI) -> tuple[str, str]:
    row, code = admin.add_device(app.state.db, "05")
    answer = TestClient(app).post("/v1/enroll", json={"code": code, "device_id": DEVICE})
    assert answer.status_code == 200, answer.text
    return row, answer.json()["token"]


@contextmanager
def counted(db: Database) -> Iterator[dict[str, int]]:
    counts = {"checkouts": 0, "statements": 0}

    def checkout(*_args: Any) -> None:
        counts["checkouts"] += 1

    def statement(*_args: Any) -> None:
        counts["statements"] += 1

    event.listen(db.engine, "checkout", checkout)
    event.listen(db.engine, "before_cursor_execute", statement)
    try:
        yield counts
    finally:
        event.remove(db.engine, "checkout", checkout)
        event.remove(db.engine, "before_cursor_execute", statement)


def test_an_upload_takes_one_connection_and_few_statements(app: FastAPI) -> None:
    _row, token = _enrol(app)
    http = TestClient(app, headers={"Authorization": f"Bearer {token}"})
    first = _events(5)
    assert http.post("/v1/events", content=_body(first), headers=GZIP).status_code == 200  # warm: chain row made
    with counted(app.state.db) as counts:
        answer = http.post("/v1/events", content=_body(_events(5, first[-1].hash, 6)), headers=GZIP)
    assert answer.status_code == 200 and [r["status"] for r in answer.json()["results"]] == ["applied"] * 5
    assert answer.headers["content-type"] == "application/json"
    assert counts["checkouts"] == 1, counts
    # insert_rows writes through the driver on PostgreSQL (not seen here); SQLite's executemany is.
    assert counts["statements"] <= STATEMENT_BUDGET, counts


def test_a_feed_poll_takes_one_connection(app: FastAPI) -> None:
    _row, token = _enrol(app)
    http = TestClient(app, headers={"Authorization": f"Bearer {token}"})
    with counted(app.state.db) as counts:
        answer = http.get("/v1/changes", params={"after": 0})
    assert answer.status_code == 200 and answer.json()["head"] >= 1
    assert counts["checkouts"] == 1, counts


def test_a_refused_first_body_still_confirms_the_enrolment(app: FastAPI) -> None:
    """The token check and the batch share one transaction now: a 4xx on the body must not roll back
    the confirmation (the one-time code is spent at the first authenticated call, whatever it carries)."""
    row, token = _enrol(app)
    http = TestClient(app, headers={"Authorization": f"Bearer {token}"})
    answer = http.post("/v1/events", content=gzip.compress(b'{"device_id": '), headers=GZIP)
    assert answer.status_code == 400
    wrong_device = {"device_id": "another", "sent_at": "", "events": []}
    assert http.post("/v1/events", json=wrong_device).status_code == 403
    db: Database = app.state.db
    with db.session() as session:
        device = session.scalars(select(Device).where(Device.id == row)).one()
        assert device.code_hash is None and device.last_seen_at is not None


def test_revocation_and_bad_tokens_are_refused_before_the_body_is_looked_at(app: FastAPI) -> None:
    row, token = _enrol(app)
    plain = TestClient(app)
    hostile = b"\x1f\x8b not gzip at all"
    assert plain.post("/v1/events", content=hostile, headers=GZIP).status_code == 401  # no token
    stranger = {**GZIP, "Authorization": "Bearer " + "0" * 64}
    assert plain.post("/v1/events", content=hostile, headers=stranger).status_code == 401
    assert plain.get("/v1/changes", headers={"Authorization": "Bearer " + "0" * 64}).status_code == 401
    admin.revoke_device(app.state.db, row)
    mine = {**GZIP, "Authorization": f"Bearer {token}"}
    refused = plain.post("/v1/events", content=_body(_events(1)), headers=mine)
    assert refused.status_code == 403 and refused.json()["detail"] == "设备令牌已吊销，请重新登记本机"
    assert plain.post("/v1/events", content=hostile, headers=mine).status_code == 403  # not a 400: token first
    assert plain.get("/v1/snapshot", headers={"Authorization": f"Bearer {token}"}).status_code == 403


def test_the_hot_statements_go_to_the_driver_on_postgresql_and_read_what_sqlalchemy_reads(app: FastAPI) -> None:
    """Prebuilt.fetch/run skip SQLAlchemy's execution context on psycopg: the rows must be the same values, in the
    same column order, as through SQLAlchemy (types included), and SQLite must keep SQLAlchemy's path."""
    from hallclient.protocol.credentials import digest
    from hallclient.server import auth, ingest, ownership, projection

    _row, token = _enrol(app)
    http = TestClient(app, headers={"Authorization": f"Bearer {token}"})
    case = seal(event_id="case-event-0001", case_id="case-0001", type="case.accepted",
                payload={"case_no": "330106-0001", "state": {"status": "accepted", "outcome": "accept",
                                                             "promised_date": "2026-03-09"}},
                device_id=DEVICE, seq=1, actor="wangfang", device_time="2026-03-02T10:30:00.000+08:00",
                prev_hash=GENESIS_HASH)  # fmt: skip
    assert http.post("/v1/events", content=_body([case, *_events(2, case.hash, 2)]), headers=GZIP).status_code == 200
    db: Database = app.state.db
    reads = [
        (auth._BY_TOKEN, {"token_hash": digest(token)}),
        (ingest._HEAD, {"device_id": DEVICE}),
        (ingest._BY_ID, {"ids": ["case-event-0001", "event-0002", "nothing"]}),
        (ingest._BY_SEQ, {"device_id": DEVICE, "seqs": [1, 3]}),
        (ingest._REJECTED_BEFORE, {"device_id": DEVICE, "seqs": [1, 2]}),
        (ownership._FIRST_SENDERS, {"case_ids": ["case-0001"]}),
        (projection._CASES_BY_ID_OR_NUMBER, {"case_ids": ["case-0001"], "case_nos": ["330106-0001"]}),
    ]
    with db.session() as session:
        connection = session.connection()
        on_driver = connection.dialect.name == "postgresql"
        for statement, parameters in reads:
            expected = [tuple(row) for row in connection.execute(statement.on(connection), parameters)]
            assert statement.fetch(connection, parameters) == expected, statement
            assert (statement._for_driver(connection) is not None) == on_driver
        assert len(projection._CASES_BY_ID_OR_NUMBER.fetch(connection, reads[-1][1])) == 1
        assert len(ingest._BY_ID.fetch(connection, reads[2][1])) == 2
        session.rollback()
