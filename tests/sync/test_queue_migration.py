"""Revisions s0004 (the queue tables: the models equal the migrated schema), s0005 (the waiting tickets' index) and
s0006 (one holder per window: a window holding several tickets is resolved first); each downgrades cleanly."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pytest
from alembic import command
from sqlalchemy import create_engine, insert, inspect, select
from sqlalchemy.exc import IntegrityError

from hallclient.server import queue_models
from hallclient.server.db import alembic_config, normalise_url, upgrade
from hallclient.server.queue_models import QueueTicket, QueueTicketEvent

QUEUE_TABLES = sorted(
    table.name for table in queue_models.ServerBase.metadata.sorted_tables if table.name.startswith("queue_")
)


def _tables(db_url: str) -> set[str]:
    engine = create_engine(normalise_url(db_url))
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_s0004_creates_the_queue_tables_as_modelled_and_downgrades(db_url: str) -> None:
    assert len(QUEUE_TABLES) == 8
    upgrade(db_url)
    engine = create_engine(normalise_url(db_url))
    inspector = inspect(engine)
    for name in QUEUE_TABLES:
        table = queue_models.ServerBase.metadata.tables[name]
        assert {c["name"] for c in inspector.get_columns(name)} == {c.name for c in table.columns}, name
        assert {index.name for index in table.indexes} <= {i["name"] for i in inspector.get_indexes(name)}, name
    engine.dispose()
    command.downgrade(alembic_config(db_url), "s0003")
    assert not _tables(db_url) & set(QUEUE_TABLES)
    assert "events" in _tables(db_url)
    upgrade(db_url)
    assert set(QUEUE_TABLES) <= _tables(db_url)


def test_s0005_indexes_only_the_waiting_tickets_and_downgrades(db_url: str) -> None:
    upgrade(db_url)
    engine = create_engine(normalise_url(db_url))
    try:
        index = {i["name"]: i for i in inspect(engine).get_indexes("queue_tickets")}["ix_queue_tickets_waiting"]
        assert index["column_names"] == ["day"]
        with engine.connect() as connection:  # partial: the predicate is part of the index definition
            sql = (
                "SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_queue_tickets_waiting'"
                if engine.dialect.name == "postgresql"
                else "SELECT sql FROM sqlite_master WHERE name = 'ix_queue_tickets_waiting'"
            )
            assert "waiting" in connection.exec_driver_sql(sql).scalar_one()
    finally:
        engine.dispose()
    command.downgrade(alembic_config(db_url), "s0004")
    engine = create_engine(normalise_url(db_url))
    try:
        assert "ix_queue_tickets_waiting" not in {i["name"] for i in inspect(engine).get_indexes("queue_tickets")}
    finally:
        engine.dispose()


def _ticket(number: str, state: str, window: str, called_at: datetime | None) -> dict[str, Any]:
    moment = datetime(2026, 3, 10, 1, 0)
    return {
        "id": f"t-{number}",
        "hall": "main",
        "category": number[0],
        "day": date(2026, 3, 10),
        "sequence": int(number[1:]),
        "number": number,
        "source": "kiosk",
        "state": state,
        "window": window,
        "issued_by": "k",
        "issued_at": moment,
        "called_at": called_at,
        "updated_at": called_at or moment,
    }


@pytest.mark.logs_expected("hallclient.server")
def test_s0006_keeps_the_latest_holder_of_each_window_requeues_the_others_and_downgrades(
    db_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    """Data from before the index: window 05 holds three tickets (a race), 06 one; held and done tickets do
    not count. The upgrade keeps 05's most recently called, puts the others back to waiting with an event
    saying why, then the index refuses any second holder."""
    command.upgrade(alembic_config(db_url), "s0005")
    at = datetime(2026, 3, 10, 1, 30)
    rows = [
        _ticket("A001", "serving", "05", at),
        _ticket("A002", "called", "05", at + timedelta(minutes=5)),  # the latest call at 05: kept
        _ticket("A003", "called", "05", at + timedelta(minutes=1)),
        _ticket("A004", "called", "06", at),
        _ticket("A005", "held", "05", at),
        _ticket("A006", "done", "05", at),
        _ticket("A007", "waiting", "", None),
    ]
    engine = create_engine(normalise_url(db_url))
    try:
        with engine.begin() as connection:
            connection.execute(insert(QueueTicket), rows)
        upgrade(db_url)
        with engine.connect() as connection:
            tickets = connection.execute(select(QueueTicket.number, QueueTicket.state, QueueTicket.window)).all()
            events = connection.execute(
                select(
                    QueueTicketEvent.ticket_id,
                    QueueTicketEvent.action,
                    QueueTicketEvent.from_state,
                    QueueTicketEvent.to_state,
                    QueueTicketEvent.window,
                    QueueTicketEvent.detail,
                ).order_by(QueueTicketEvent.ticket_id)
            ).all()
        assert sorted(tuple(row) for row in tickets) == [
            ("A001", "waiting", ""),
            ("A002", "called", "05"),
            ("A003", "waiting", ""),
            ("A004", "called", "06"),
            ("A005", "held", "05"),
            ("A006", "done", "05"),
            ("A007", "waiting", ""),
        ]
        why = "升级 s0006：05 号窗口同时占有多张号，保留最近叫的 A002 号，本号退回等候"
        assert [tuple(row) for row in events] == [
            ("t-A001", "requeue", "serving", "waiting", "05", why),
            ("t-A003", "requeue", "called", "waiting", "05", why),
        ]
        assert sorted(r.getMessage() for r in caplog.records if r.name == "hallclient.server") == [
            f"A001 号：{why}",
            f"A003 号：{why}",
        ]  # the server's log names them too
        with pytest.raises(IntegrityError), engine.begin() as connection:  # the index holds from now on
            connection.execute(insert(QueueTicket), [_ticket("A008", "serving", "06", at)])
        command.downgrade(alembic_config(db_url), "s0005")
        assert queue_models.ONE_HOLDER_INDEX not in {i["name"] for i in inspect(engine).get_indexes("queue_tickets")}
        with engine.begin() as connection:  # without the index (s0005) a second holder is not refused
            connection.execute(insert(QueueTicket), [_ticket("A008", "serving", "06", at)])
    finally:
        engine.dispose()
