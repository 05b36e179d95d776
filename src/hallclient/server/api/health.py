"""``GET /v1/health``: may a load balancer send requests to this process?

200 ``{"status": "ok", "database": "ok", "schema": "s00xx"}`` when the database answers and its schema revision
is the one this code was written for; 503 with a one-line reason otherwise: database unreachable, schema behind
(a migration not run yet) or ahead (a newer hallclient migrated it). A process started against a half-upgraded
database must leave the rotation, not answer with the wrong schema.

No authentication (load balancers have no token) and nothing beyond those three facts. One round trip to the
database per probe; the expected revision is read from the migration scripts once per process.
"""

from __future__ import annotations

import logging
import sqlite3
from functools import lru_cache
from typing import Any

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse
from sqlalchemy import text
from sqlalchemy.exc import ProgrammingError, SQLAlchemyError

from hallclient.paths import migrations_path
from hallclient.protocol.wire import API_PREFIX
from hallclient.server.auth import database
from hallclient.server.db import VERSION_TABLE, Database

router = APIRouter(prefix=API_PREFIX, tags=["operations"])
log = logging.getLogger("hallclient.server.health")

_QUERY = f"SELECT version_num FROM {VERSION_TABLE}"  # a constant table name
_last_problem: list[str] = [""]  # the previous probe's problem, so the log notes changes, not every probe


@lru_cache(maxsize=1)
def schema_revisions() -> tuple[str, frozenset[str]]:
    """The head revision this code expects and every revision it knows (to tell "behind" from "ahead")."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(migrations_path() / "server"))
    script = ScriptDirectory.from_config(config)
    head = script.get_current_head()
    assert head is not None, "the server migrations have no head"
    return head, frozenset(revision.revision for revision in script.walk_revisions())


def current_revision(db: Database) -> str | None:
    """The database's schema revision, in one statement outside any write transaction.

    SQLite reads through the raw pooled connection: the engine's ``BEGIN IMMEDIATE`` would make a probe queue
    behind a long upload for the write lock.
    """
    if db.dialect == "postgresql":
        with db.autocommit() as connection:
            return connection.execute(text(_QUERY)).scalar()
    raw = db.engine.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute(_QUERY)
        row = cursor.fetchone()
        cursor.close()
    finally:
        raw.close()
    return None if row is None else str(row[0])


def check(db: Database) -> tuple[int, dict[str, Any]]:
    """The status code and body of a probe (see the module docstring)."""
    head, known = schema_revisions()
    try:
        revision = current_revision(db)
    except ProgrammingError:  # PostgreSQL: no version table
        revision = None
    except sqlite3.OperationalError as error:
        if "no such table" not in str(error):
            raise
        revision = None
    except SQLAlchemyError as error:
        _note("数据库无法连接", str(error).splitlines()[0] if str(error) else error.__class__.__name__)
        return 503, {"status": "unavailable", "database": "down", "schema": None, "detail": "数据库无法连接"}
    if revision == head:
        _note("", "")
        return 200, {"status": "ok", "database": "ok", "schema": head}
    if revision is None:
        detail = f"数据库尚未建立表结构（本程序需要 {head}）"
    elif revision in known:
        detail = f"数据库结构版本 {revision} 落后于本程序的 {head}，请先升级数据库"
    else:
        detail = f"数据库结构版本 {revision} 比本程序的 {head} 新，请升级本服务器的 hallclient"
    _note(detail, "")
    return 503, {"status": "unavailable", "database": "ok", "schema": revision, "detail": detail}


def _note(problem: str, cause: str) -> None:
    """Log a change of health once (a load balancer probes every few seconds)."""
    if problem == _last_problem[0]:
        return
    _last_problem[0] = problem
    if problem:
        log.warning("health: %s%s", problem, f"（{cause}）" if cause else "")
    else:
        log.info("health: ok again")


@router.head("/health", include_in_schema=False)  # some load balancers probe with HEAD; one operation in the schema
@router.get(
    "/health",
    summary="For load balancers: 200 when the database answers with the expected schema, else 503",
    responses={503: {"description": "database unreachable or schema not the expected revision"}},
)
def health(db: Database = Depends(database)) -> JSONResponse:
    status, body = check(db)
    return JSONResponse(body, status_code=status, headers={"cache-control": "no-store"})
