"""PostgreSQL pooled connections are pinged only after sitting idle (hallclient.server.db._ping_when_idle):
a connection that died while idle is replaced without failing the request; one in steady use costs no ping."""

from __future__ import annotations

from typing import Any

import psycopg
import pytest
from sqlalchemy import event, text
from sqlalchemy.exc import OperationalError

from hallclient.server import db as server_db
from hallclient.server.queue_notify import libpq_conninfo
from pgtest import PgCluster, create_database


def _backend_pid(database: server_db.Database) -> int:
    with database.session() as session:
        return int(session.execute(text("SELECT pg_backend_pid()")).scalar_one())


def _terminate(url: str, pid: int) -> None:
    with psycopg.connect(libpq_conninfo(url), autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", (pid,))


def test_a_connection_killed_while_idle_is_replaced_silently(
    pg_cluster: PgCluster, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = create_database(pg_cluster, "pool_idle")
    database = server_db.Database(url)
    try:
        old = _backend_pid(database)
        _terminate(url, old)
        monkeypatch.setattr(server_db, "IDLE_PING_SECONDS", 0.0)  # every pooled connection counts as idle
        assert _backend_pid(database) != old  # pinged, found dead, replaced: the request did not fail
    finally:
        database.dispose()


def test_a_connection_in_steady_use_is_not_pinged(pg_cluster: PgCluster, monkeypatch: pytest.MonkeyPatch) -> None:
    url = create_database(pg_cluster, "pool_busy")
    database = server_db.Database(url)
    statements: list[str] = []
    event.listen(database.engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    pings: list[object] = []
    original = database.engine.dialect.do_ping

    def counted_ping(dbapi_connection: Any) -> bool:
        pings.append(dbapi_connection)
        return original(dbapi_connection)

    monkeypatch.setattr(database.engine.dialect, "do_ping", counted_ping)
    try:
        for _ in range(5):
            _backend_pid(database)
        assert pings == [] and len(statements) == 5
        old = _backend_pid(database)
        _terminate(url, old)  # died between two close uses: that request fails once, the pool recovers
        with pytest.raises(OperationalError):
            _backend_pid(database)
        assert _backend_pid(database) != old
    finally:
        database.dispose()
