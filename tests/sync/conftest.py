"""Fixtures for the server and sync tests: a real PostgreSQL (started here) and SQLite, an enrolled client."""

from __future__ import annotations

import itertools
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI

with warnings.catch_warnings():
    # Starlette 1.x prefers httpx2 for its test client; the httpx-based one still works as before.
    warnings.simplefilter("ignore")

from sync_helpers import Enrolled, enrol

from hallclient.server.app import create_app
from hallclient.server.db import Database
from hallclient.services.context import Services
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


@pytest.fixture
def app(db_url: str) -> Iterator[FastAPI]:
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
