"""Opening the local SQLite store: durable pragmas, up-front write locks, sessions.

WAL with ``synchronous=FULL`` so a committed case survives a power cut; writers take the lock with
``BEGIN IMMEDIATE`` so two writers never deadlock half-way through a transaction; readers use a
plain deferred ``BEGIN`` on their own engine and never wait for the writer. A read-only store (a data
folder that cannot be written) opens the file with SQLite's ``mode=ro`` or, when not even the WAL's
shared-memory file can be created, ``immutable=1``. Failures come out as one-line :class:`HallError` s
(see ``faults``).
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

from hallclient.store.faults import check_pages, explained

log = logging.getLogger("hallclient.store")

BUSY_TIMEOUT_MS = 10_000


def read_only_uri(path: Path) -> str:
    """An SQLite URI that reads ``path`` without writing anything, even in a folder nobody may write to."""
    from urllib.parse import quote

    from hallclient.store.faults import folder_writable

    wal = path.with_name(path.name + "-wal")
    # Without a WAL file there is nothing uncommitted to read; without a writable folder SQLite cannot create
    # the shared-memory file a WAL reader needs, so the file is declared unchanging instead.
    mode = "ro" if folder_writable(path) or wal.exists() else "ro&immutable=1"
    return f"file:{quote(str(path.resolve()))}?mode={mode}"


def _make_engine(path: Path, *, immediate: bool, read_only: bool = False) -> Engine:
    url = f"sqlite:///{read_only_uri(path)}&uri=true" if read_only else f"sqlite:///{path}"
    engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event issue BEGIN itself (pysqlite's implicit BEGIN is deferred).
        dbapi_connection.isolation_level = None
        if read_only:
            return
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
    """A local database file with one engine for writes and one for reads (``read_only``: reads only)."""

    def __init__(self, path: Path | str, *, read_only: bool = False) -> None:
        self.path = Path(path)
        self.read_only = read_only
        self.writer = _make_engine(self.path, immediate=True, read_only=read_only)
        self.reader = _make_engine(self.path, immediate=False, read_only=read_only)
        self._write_sessions = sessionmaker(self.writer, expire_on_commit=False)
        self._read_sessions = sessionmaker(self.reader, expire_on_commit=False)

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One atomic write transaction: commits on success, rolls back everything on any error."""
        with explained(self.path), self._write_sessions() as session, session.begin():
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        with explained(self.path), self._read_sessions() as session, session.begin():
            yield session

    def check_pages(self) -> None:
        """Refuse a file with damaged pages, even pages no query of the caller would have touched."""
        with self.reader.connect() as connection:
            dbapi = connection.connection.dbapi_connection
            assert isinstance(dbapi, sqlite3.Connection)
            check_pages(dbapi, self.path)

    def close(self) -> None:
        self.writer.dispose()
        self.reader.dispose()
