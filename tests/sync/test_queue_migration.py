"""Revisions s0004 (the queue tables: the models equal the migrated schema) and s0005 (the waiting tickets' index);
each downgrades cleanly."""

from __future__ import annotations

from alembic import command
from sqlalchemy import create_engine, inspect

from hallclient.server import queue_models
from hallclient.server.db import alembic_config, normalise_url, upgrade

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
