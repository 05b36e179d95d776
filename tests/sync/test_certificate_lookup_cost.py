"""What a lookup costs the server (bench/cert_lookup.py found both): the holder's rows are read through the
(holder, kind) index, not by walking the library in (kind, number) order, and a lookup the province need not
answer is one transaction (one commit, one fsync), not two."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cert_helpers import ask, stock_library
from fastapi import FastAPI
from sqlalchemy import event

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from hallclient.server import admin
from hallclient.server.app import create_app


@pytest.fixture
def hall(tmp_path: Path) -> Iterator[FastAPI]:
    app = create_app(f"sqlite:///{tmp_path / 'server.sqlite3'}")
    stock_library(app)
    yield app
    app.state.db.dispose()


def test_a_lookup_reads_the_holders_rows_by_index_in_one_transaction(hall: FastAPI) -> None:
    _row, code = admin.add_device(hall.state.db, "05")
    token = TestClient(hall).post("/v1/enroll", json={"code": code, "device_id": "d-05"}).json()["token"]
    window = TestClient(hall, headers={"Authorization": f"Bearer {token}"})
    engine = hall.state.db.engine
    transactions: list[str] = []
    library_reads: list[str] = []

    def began(_connection: Any) -> None:
        transactions.append("begin")

    def statement(connection: Any, _cursor: Any, sql: str, parameters: Any, _context: Any, _many: bool) -> None:
        if sql.lstrip().upper().startswith("SELECT") and "FROM certificates " in sql + " ":
            plan = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}", parameters).fetchall()
            library_reads.append(" ".join(str(step[-1]) for step in plan))

    event.listen(engine, "begin", began)
    event.listen(engine, "before_cursor_execute", statement)
    try:
        response = window.post("/v1/certificates/lookup", json=ask(["XK0001"]))
    finally:
        event.remove(engine, "before_cursor_execute", statement)
        event.remove(engine, "begin", began)
    assert response.status_code == 200, response.text
    assert [c["number"] for c in response.json()["certificates"]] == ["BDC-1", "SFZ-1"]  # in (kind, number) order
    assert library_reads and all("ix_certificates_holder_kind" in plan for plan in library_reads), library_reads
    assert len(transactions) == 2  # the device token's check, then the lookup itself: one
