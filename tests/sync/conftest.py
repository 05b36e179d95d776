"""Fixtures for the server and sync tests: a real PostgreSQL (started here) and SQLite, an enrolled client."""

from __future__ import annotations

import itertools
import shutil
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI

with warnings.catch_warnings():
    # Starlette 1.x prefers httpx2 for its test client; the httpx-based one still works as before.
    warnings.simplefilter("ignore")

from sync_helpers import Enrolled, enrol

from hallclient.config import Settings
from hallclient.server.app import create_app
from hallclient.server.db import Database, upgrade
from hallclient.services.context import Services
from hallclient.store.bootstrap import device_id, open_store
from pgtest import PgCluster, create_database, running_postgres

_names = itertools.count(1)


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[PgCluster]:
    """One PostgreSQL for the whole session; missing binaries fail the tests (CI installs them)."""
    with running_postgres() as cluster:
        yield cluster


@pytest.fixture(params=["sqlite", "postgres"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'server.sqlite3'}"
    cluster: PgCluster = request.getfixturevalue("pg_cluster")
    return create_database(cluster, f"t{next(_names)}")


TEMPLATE_DB = "server_template"


@pytest.fixture(scope="session")
def sqlite_server_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A server database migrated to head once; each test's empty one is replaced by a copy (~1-2 s saved)."""
    path = tmp_path_factory.mktemp("server-template") / "server.sqlite3"
    upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def pg_server_template(pg_cluster: PgCluster) -> str:
    """The PostgreSQL twin: a migrated database that ``CREATE DATABASE … TEMPLATE`` copies in ~0.1 s."""
    upgrade(create_database(pg_cluster, TEMPLATE_DB))
    return TEMPLATE_DB


def migrated_from_template(request: pytest.FixtureRequest, db_url: str) -> None:
    """Give the still empty database at ``db_url`` the migrated schema by copying the session's template.

    ``create_app`` then finds the schema at head and skips Alembic. A database a test or fixture has already
    touched (a file that exists, a PostgreSQL database with tables) is left to ``create_app``'s own migration.
    """
    if db_url.startswith("sqlite:///"):
        path = Path(db_url.removeprefix("sqlite:///"))
        if not path.exists():
            shutil.copyfile(request.getfixturevalue("sqlite_server_template"), path)
        return
    import psycopg

    cluster: PgCluster = request.getfixturevalue("pg_cluster")
    template = request.getfixturevalue("pg_server_template")
    name = db_url.rsplit("/", 1)[1]
    connect = f"host=127.0.0.1 port={cluster.port} user={cluster.user}"
    with psycopg.connect(f"{connect} dbname={name}") as target:
        tables = target.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").fetchone()
    if tables != (0,):
        return
    with psycopg.connect(f"{connect} dbname=hallclient", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE "{name}"')
        admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')


@pytest.fixture
def app(request: pytest.FixtureRequest, db_url: str) -> Iterator[FastAPI]:
    migrated_from_template(request, db_url)
    application = create_app(db_url)
    yield application
    application.state.db.dispose()


@pytest.fixture
def server_db(app: FastAPI) -> Database:
    db: Database = app.state.db
    return db


@pytest.fixture
def enrolled(app: FastAPI, services: Services) -> Enrolled:
    return enrol(app, services)


@pytest.fixture
def other(services: Services, tmp_path: Path) -> Iterator[Services]:
    """A second window's store (its own device id), on the same clock as ``services``."""
    store = open_store(tmp_path / "other.sqlite3")
    yield Services(store, Settings(), device_id(store), clock=services.clock)
    store.close()
