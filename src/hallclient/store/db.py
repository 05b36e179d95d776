"""Opening the local SQLite store: durable pragmas, up-front write locks, sessions.

WAL with ``synchronous=FULL`` so a committed case survives a power cut; writers take the lock with
``BEGIN IMMEDIATE`` so two writers never deadlock half-way through a transaction; readers use a
plain deferred ``BEGIN`` on their own engine and never wait for the writer.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

log = logging.getLogger("hallclient.store")

BUSY_TIMEOUT_MS = 10_000


def _make_engine(path: Path, *, immediate: bool) -> Engine:
    engine = create_engine(f"sqlite:///{path}", connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event issue BEGIN itself (pysqlite's implicit BEGIN is deferred).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.close()

    begin_sql = "BEGIN IMMEDIATE" if immediate else "BEGIN"

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql(begin_sql)

    return engine


class Store:
    """A local database file with one engine for writes and one for reads."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self.writer = _make_engine(self.path, immediate=True)
        self.reader = _make_engine(self.path, immediate=False)
        self._write_sessions = sessionmaker(self.writer, expire_on_commit=False)
        self._read_sessions = sessionmaker(self.reader, expire_on_commit=False)

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One atomic write transaction: commits on success, rolls back everything on any error."""
        with self._write_sessions() as session, session.begin():
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self._read_sessions() as session, session.begin():
            yield session

    def close(self) -> None:
        self.writer.dispose()
        self.reader.dispose()
