"""The server database: URL normalisation, engines for PostgreSQL (psycopg 3) and SQLite, migrations.

SQLite (the embedded default) gets WAL and ``BEGIN IMMEDIATE`` so concurrent uploads queue for the
write lock instead of failing half-way; PostgreSQL gets a small connection pool.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, cast

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    Connection,
    Engine,
    Executable,
    Table,
    any_,
    bindparam,
    create_engine,
    event,
    insert,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DisconnectionError
from sqlalchemy.orm import InstrumentedAttribute, Session, sessionmaker

from hallclient.errors import HallError
from hallclient.paths import data_dir, migrations_path

VERSION_TABLE = "server_alembic_version"
PG_MAX_PARAMETERS = 32_000  # per statement; the protocol allows 65,535
POOL_SIZE = 20  # kept open per server process
POOL_OVERFLOW = 20  # opened for bursts, closed again when idle: POOL_SIZE + POOL_OVERFLOW = worker threads


def default_url() -> str:
    return f"sqlite:///{data_dir() / 'server.sqlite3'}"


def normalise_url(url: str) -> str:
    """Accept ``postgresql://`` / ``postgres://`` and a bare file path; always use psycopg 3 for PostgreSQL."""
    if "://" not in url:
        return f"sqlite:///{Path(url).expanduser().resolve()}"
    try:
        parsed = make_url(url)
    except ArgumentError as error:
        raise HallError(f"数据库地址无法识别：{url}（{error}）") from None
    backend = parsed.get_backend_name()
    if backend in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    elif backend != "sqlite":
        raise HallError(f"不支持的数据库：{backend}（支持 postgresql 与 sqlite）")
    return parsed.render_as_string(hide_password=False)


def make_engine(url: str) -> Engine:
    url = normalise_url(url)
    if url.startswith("sqlite"):
        database = make_url(url).database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
            dbapi_connection.isolation_level = None
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=FULL")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _on_begin(connection: Any) -> None:
            connection.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    # As many pooled connections as worker threads (AnyIO's default limiter: 40): with 10 + 20 overflow,
    # bursts above 10 closed a connection at every check-in and opened a new one at the next checkout
    # (a PostgreSQL backend started, its prepared statements lost), and threads 31-40 queued for one.
    # A bounded connect: a database host gone silent fails requests (and /v1/health) in seconds, not minutes.
    connect = {} if "connect_timeout" in make_url(url).query else {"connect_timeout": CONNECT_TIMEOUT_SECONDS}
    engine = create_engine(url, pool_size=POOL_SIZE, max_overflow=POOL_OVERFLOW, connect_args=connect)
    _ping_when_idle(engine)
    return engine


IDLE_PING_SECONDS = 10.0
CONNECT_TIMEOUT_SECONDS = 5


def _ping_when_idle(engine: Engine) -> None:
    """Test a pooled PostgreSQL connection before use only when it sat idle for a while.

    ``pool_pre_ping`` pinged on every checkout: a round trip more per request, two on the queue calls
    (the token lookup and the handler each check a connection out), paid in full when the machine is
    busy. A connection in steady use is known good; one idle longer than :data:`IDLE_PING_SECONDS`
    (the database may have restarted meanwhile) is pinged and, if dead, replaced. A connection that dies
    between two close uses fails its request once (503, "retry later") and the pool drops every older
    connection with it."""

    @event.listens_for(engine, "connect")
    def _fresh(_dbapi_connection: Any, record: Any) -> None:
        record.info["idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkin")
    def _idle(_dbapi_connection: Any, record: Any) -> None:
        record.info["idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _ping_if_idle(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        if time.monotonic() - record.info.get("idle_since", 0.0) < IDLE_PING_SECONDS:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except Exception as error:  # any failure: the pool retries with a new connection
            raise DisconnectionError(f"stale pooled connection: {error}") from error


class Database:
    """An engine plus transactional sessions; one per server process (or CLI command)."""

    def __init__(self, url: str) -> None:
        self.url = normalise_url(url)
        self.engine = make_engine(self.url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._autocommit = (
            self.engine.execution_options(isolation_level="AUTOCOMMIT") if self.dialect == "postgresql" else None
        )

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One transaction: commit on success, roll back on any error."""
        with self._sessions() as session, session.begin():
            yield session

    @contextmanager
    def autocommit(self) -> Iterator[Connection]:
        """A connection whose every statement is its own transaction: for the one-statement reads on each
        request (the token lookup), without a BEGIN and COMMIT round trip each on PostgreSQL. SQLite
        keeps an ordinary transaction (its writer lock makes both cost the same)."""
        if self._autocommit is None:
            with self.engine.begin() as connection:
                yield connection
        else:
            with self._autocommit.connect() as connection:
                yield connection

    def dispose(self) -> None:
        self.engine.dispose()


_ARRAYS: dict[int, tuple[Any, ARRAY[Any]]] = {}


def _array_of(item: Any) -> ARRAY[Any]:
    """``ARRAY(item)``, one per column type (kept with the type so its id is not reused)."""
    known = _ARRAYS.get(id(item))
    if known is None:
        known = _ARRAYS[id(item)] = (item, ARRAY(item))
    return known[1]


def any_of(dialect: str, column: InstrumentedAttribute[Any] | ColumnElement[Any], name: str) -> ColumnElement[bool]:
    """``column IN (values)`` with the values bound later as ``name`` (a list), for statements built once per
    dialect; on PostgreSQL spelled ``column = ANY(array)`` so the statement text does not grow with the number of
    values (the driver caches and prepares it instead of parsing it each time)."""
    if dialect == "postgresql":
        values: BindParameter[Any] = bindparam(name, type_=_array_of(column.type))
        return column == any_(values)
    return column.in_(bindparam(name, expanding=True))


@dataclass(frozen=True)
class _Driver:
    """A prebuilt statement compiled for psycopg: its SQL text and bind processors."""

    sql: bytes
    processors: dict[str, Callable[[Any], Any]]
    fixed: dict[str, Any]  # values the statement carries itself (``.values(code_hash=None)``)


class Prebuilt:
    """A Core statement built once per dialect by ``build(dialect_name)`` and reused with bound values.

    Building ``select(...).where(...)`` costs about as much CPU as running it on a warm connection
    (coercions, operator dispatch, a fresh cache key), so the statements every upload and token check
    runs are built once; SQLAlchemy's compiled cache then serves them.

    :meth:`fetch` and :meth:`run` go further on psycopg: the statement compiled once is sent on the
    transaction's own DBAPI cursor, without SQLAlchemy's execution context and result metadata (about a
    fifth of an upload's CPU, docs/scale.md). Statements whose columns need a result processor keep the
    SQLAlchemy path, as does every other driver.
    """

    def __init__(self, build: Callable[[str], Executable]) -> None:
        self._build = build
        self._built: dict[str, Executable] = {}
        self._columns: dict[str, tuple[str, ...]] = {}
        self._driver: _Driver | None = None
        self._driver_known = False

    def on(self, connection: Connection) -> Executable:
        dialect = connection.dialect.name
        statement = self._built.get(dialect)
        if statement is None:
            statement = self._built[dialect] = self._build(dialect)
        return statement

    def fetch(self, connection: Connection, parameters: Mapping[str, Any]) -> list[tuple[Any, ...]]:
        """The rows of the statement (a SELECT) as plain tuples, in its column order."""
        driver = self._for_driver(connection)
        if driver is None:
            return [tuple(row) for row in connection.execute(self.on(connection), dict(parameters))]
        with _dbapi(connection).cursor() as cursor:
            cursor.execute(driver.sql, _bound(driver, parameters))
            return cursor.fetchall()  # (never ``description``: it builds a Column object per column)

    def run(self, connection: Connection, parameters: Mapping[str, Any]) -> None:
        """Execute the statement (an UPDATE or INSERT) once with ``parameters``."""
        driver = self._for_driver(connection)
        if driver is None:
            connection.execute(self.on(connection), dict(parameters))
            return
        with _dbapi(connection).cursor() as cursor:
            cursor.execute(driver.sql, _bound(driver, parameters))

    def run_many(self, connection: Connection, rows: Sequence[Mapping[str, Any]]) -> None:
        """Execute the statement once per parameter set in ``rows`` (the driver's ``executemany``)."""
        driver = self._for_driver(connection)
        if driver is None:
            connection.execute(self.on(connection), [dict(row) for row in rows])
            return
        with _dbapi(connection).cursor() as cursor:
            cursor.executemany(driver.sql, [_bound(driver, row) for row in rows])

    def columns(self, connection: Connection) -> tuple[str, ...]:
        """The names of the statement's result columns, for :meth:`fetch`'s tuples."""
        names = self._columns.get(connection.dialect.name)
        if names is None:
            statement = self.on(connection)
            names = self._columns[connection.dialect.name] = tuple(
                column.key for column in cast(Any, statement).selected_columns
            )
        return names

    def _for_driver(self, connection: Connection) -> _Driver | None:
        dialect = connection.dialect
        if dialect.name != "postgresql" or dialect.driver != "psycopg":
            return None
        if not self._driver_known:
            self._driver = _compile_for_driver(self.on(connection), dialect)
            self._driver_known = True
        return self._driver


def _compile_for_driver(statement: Executable, dialect: Any) -> _Driver | None:
    compiled = cast(Any, statement).compile(dialect=dialect)
    if compiled.positional:
        return None
    for _key, _name, _objects, type_ in getattr(compiled, "_result_columns", ()):
        if type_.dialect_impl(dialect).result_processor(dialect, None) is not None:
            return None  # the driver's value would differ from SQLAlchemy's: keep its path
    processors: dict[str, Callable[[Any], Any]] = {}
    fixed: dict[str, Any] = {}
    for bind, name in compiled.bind_names.items():
        process = bind.type.dialect_impl(dialect).bind_processor(dialect)
        if process is not None:
            processors[name] = process
        if not bind.required:
            if bind.callable is not None:
                return None
            fixed[name] = bind.value
    return _Driver(compiled.string.encode(), processors, fixed)


def _bound(driver: _Driver, parameters: Mapping[str, Any]) -> dict[str, Any]:
    values = {**driver.fixed, **parameters} if driver.fixed else dict(parameters)
    for name, process in driver.processors.items():
        if name in values:
            values[name] = process(values[name])
    return values


def _dbapi(connection: Connection) -> Any:
    """The psycopg connection of ``connection``'s transaction (statements sent on it are part of it)."""
    return connection.connection.dbapi_connection


_SHAPES: dict[tuple[int, tuple[str, ...]], tuple[Table, str, str, list[Callable[[Any], Any] | None]]] = {}


def _insert_shape(
    connection: Connection, table: Table, keys: tuple[str, ...]
) -> tuple[str, str, list[Callable[[Any], Any] | None]]:
    """Quoted table name, column list and bind processors of an INSERT into ``table`` of ``keys``: the
    same few shapes on every upload, so computed once (PostgreSQL only; the table is kept with them)."""
    shape = _SHAPES.get((id(table), keys))
    if shape is None:
        columns = [table.c[key] for key in keys]
        dialect = connection.dialect
        preparer = dialect.identifier_preparer
        processors: list[Callable[[Any], Any] | None] = [
            column.type.dialect_impl(dialect).bind_processor(dialect) for column in columns
        ]
        names = ", ".join(preparer.quote(column.name) for column in columns)
        shape = (table, preparer.format_table(table), names, processors)
        _SHAPES[(id(table), keys)] = shape
    return shape[1], shape[2], shape[3]


@lru_cache(maxsize=64)
def _placeholders(width: int, count: int) -> str:
    """``($1,$2),($3,$4)`` for ``count`` rows of ``width`` values."""
    return ",".join("(" + ",".join(f"${n * width + i + 1}" for i in range(width)) + ")" for n in range(count))


def insert_rows(connection: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """Insert many rows with the same keys in as few statements as possible.

    On PostgreSQL (psycopg) this is a plain multi-row ``INSERT ... VALUES (...), (...)`` with native
    ``$n`` placeholders, sent through the transaction's own connection: several times faster than a
    row-by-row ``executemany`` and nothing a PostgreSQL-compatible engine lacks. SQLite keeps the
    driver's ``executemany``, which is already a loop in C.
    """
    if not rows:
        return
    if connection.dialect.name != "postgresql" or connection.dialect.driver != "psycopg":
        connection.execute(insert(table), list(rows))
        return
    from psycopg import Connection as PsycopgConnection
    from psycopg import RawCursor

    keys = tuple(rows[0])
    target, names, processors = _insert_shape(connection, table, keys)
    width = len(keys)
    per_statement = max(1, PG_MAX_PARAMETERS // width)
    dbapi_connection = cast(PsycopgConnection[Any], connection.connection.dbapi_connection)  # this transaction's
    with RawCursor(dbapi_connection) as cursor:
        for start in range(0, len(rows), per_statement):
            chunk = rows[start : start + per_statement]
            params: list[Any] = []
            for row in chunk:
                if len(row) != width:
                    raise ValueError(f"insert_rows: rows of {table.name} differ in their keys")
                for key, process in zip(keys, processors, strict=True):
                    value = row[key]
                    params.append(process(value) if process is not None else value)
            cursor.execute(f"INSERT INTO {target} ({names}) VALUES {_placeholders(width, len(chunk))}", params)


def alembic_config(url: str) -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(migrations_path() / "server"))
    config.set_main_option("sqlalchemy.url", normalise_url(url).replace("%", "%%"))
    return config


def upgrade(url: str) -> None:
    """Bring the server schema to the newest revision (creates it on an empty database)."""
    from alembic import command
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    config = alembic_config(url)
    script = ScriptDirectory.from_config(config)
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            current = MigrationContext.configure(
                connection, opts={"version_table": VERSION_TABLE}
            ).get_current_revision()
    except Exception as error:
        raise HallError(f"无法连接服务器数据库：{error.__class__.__name__}: {error}".splitlines()[0]) from None
    finally:
        engine.dispose()
    known = {revision.revision for revision in script.walk_revisions()}
    if current is not None and current not in known:
        raise HallError(f"服务器数据库版本 {current} 比本程序新，请升级 hallclient")
    if current != script.get_current_head():
        command.upgrade(config, "head")
