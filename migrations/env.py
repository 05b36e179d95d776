"""Alembic environment for the local store: batch mode (ALTERs on SQLite), one transaction per revision."""

from __future__ import annotations

import sqlite3
from typing import Any

from alembic import context
from sqlalchemy import Engine, create_engine, event

from hallclient.store.schema import metadata

config = context.config
target_metadata = metadata


def run_migrations_offline() -> None:
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def _transactional_sqlite_engine(url: str) -> Engine:
    """An engine whose migrations really run in transactions (SQLAlchemy's "pysqlite serializable" recipe).

    Python 3.11's sqlite3 commits on its own before every DDL statement, so a migration killed half-way
    would leave half a schema. With its own transaction handling off we issue BEGIN ourselves, and
    SQLite's DDL is transactional: each revision and its version stamp commit together, or not at all.
    """
    engine = create_engine(url)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        # Batch migrations recreate tables, so foreign keys must be off; the PRAGMA is ignored inside a
        # transaction, hence here, before the first BEGIN.
        dbapi_connection.execute("PRAGMA foreign_keys=OFF")

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def run_migrations_online() -> None:
    options: dict[str, Any] = {
        "target_metadata": target_metadata,
        "render_as_batch": True,
        "transactional_ddl": True,
        "transaction_per_migration": True,
    }
    connection = config.attributes.get("connection")
    if connection is not None:
        context.configure(connection=connection, **options)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = _transactional_sqlite_engine(str(config.get_main_option("sqlalchemy.url")))
    with engine.connect() as conn:
        context.configure(connection=conn, **options)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
