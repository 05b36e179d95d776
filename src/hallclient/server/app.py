"""The FastAPI application factory: ``create_app(db_url)`` with every router under ``/v1``."""

from __future__ import annotations

import gc
import logging
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import OperationalError

from hallclient import __version__
from hallclient.protocol.wire import API_PREFIX
from hallclient.server import db as server_db
from hallclient.server import partitions, rollups
from hallclient.server.access_log import RequestObserver, access_logger
from hallclient.server.api import routers
from hallclient.server.api.health import schema_revisions
from hallclient.server.certificates_lookup import LookupSettings
from hallclient.server.clock import utcnow
from hallclient.server.limits import BodyLimit
from hallclient.server.queue_notify import stop_listener
from hallclient.server.timing import ServerTiming

log = logging.getLogger("hallclient.server")

ENV_DB_URL = "HALLCLIENT_SERVER_DB"


ENV_SMS_GATEWAY = "HALLCLIENT_SMS_GATEWAY"
ENV_ACCESS_LOG = "HALLCLIENT_ACCESS_LOG"  # ``hallclient serve --access-log`` for its worker processes


def create_app(
    db_url: str,
    *,
    migrate: bool = True,
    sms_gateway: str = "",
    certificates: LookupSettings | None = None,
    access_log: str = "",
    metrics_token: str = "",
) -> FastAPI:
    """An app bound to ``db_url`` (PostgreSQL or SQLite), its schema upgraded first unless ``migrate`` is off.

    ``certificates``: the provincial certificate service and the lookup rate limit (default: library only,
    30 lookups a minute per device; ``hallclient serve`` passes the ``[certificates]`` config).

    With ``sms_gateway`` (a gateway URI) the SMS sender runs as a background thread of the process; the
    sender lease keeps it to one sender per database however many processes serve.

    ``access_log``: the ``[server] access_log`` setting (server/access_log.py); ``metrics_token``: the bearer
    token of ``GET /metrics`` (server/metrics.py; empty: no metrics, the endpoint is 404).
    """
    if migrate:
        server_db.upgrade(db_url)
    database = server_db.Database(db_url)
    partitions.ensure_at_startup(database.engine, utcnow().date())  # PostgreSQL: this month and 3 ahead exist

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        _tune_gc()
        applier = rollups.Applier(database.engine)  # folds the cases uploads marked into the tally rollups
        applier.start()
        sender = None
        if sms_gateway:
            from hallclient.server.sms.sender import SenderThread

            sender = SenderThread(database, sms_gateway)
            sender.start()
        yield
        if sender is not None:
            sender.stop()
        applier.stop()
        stop_listener(_app.state)
        database.dispose()

    app = FastAPI(
        title="hallclient central server",
        version=__version__,
        description="Device enrolment, idempotent event upload and the download feed of hallclient windows.",
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url=f"{API_PREFIX}/docs",
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.db = database
    app.state.certificates = certificates or LookupSettings()
    app.add_middleware(BodyLimit)
    app.add_middleware(ServerTiming)  # its time includes the body limit's
    app.state.metrics_token = metrics_token.strip()
    from hallclient.paths import log_dir
    from hallclient.server import metrics

    logger = access_logger(access_log, log_dir())
    if logger is not None or app.state.metrics_token:  # outermost: it sees every answer, refusals included
        observer = metrics.observe_request if app.state.metrics_token else None
        app.add_middleware(RequestObserver, logger=logger, observer=observer)
    app.include_router(metrics.router)
    schema_revisions()  # read once now, not on the first load balancer probe

    @app.exception_handler(OperationalError)
    async def _database_down(_request: Request, error: OperationalError) -> JSONResponse:
        log.warning("database unavailable: %s", str(error).splitlines()[0])
        return JSONResponse({"detail": "数据库暂时不可用，请稍后重试"}, status_code=503)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, error: RequestValidationError) -> JSONResponse:
        # One line naming the first problem; never echoes the input (it may hold NaN or 1e400, which
        # JSON cannot encode: the default handler answered those with a 500).
        first = error.errors()[0] if error.errors() else {}
        where = ".".join(str(part) for part in first.get("loc", ())) or "body"
        return JSONResponse({"detail": f"请求内容格式错误：{where}: {first.get('msg', 'invalid')}"}, status_code=422)

    for router in routers():
        app.include_router(router)
    return app


def _tune_gc() -> None:
    """Keep the cyclic garbage collector off the ingest path.

    An upload batch allocates tens of thousands of short-lived dicts, which triggered frequent full
    collections that walked every long-lived object of the process (FastAPI, SQLAlchemy, pydantic):
    a large share of ingest time. Objects alive after start-up are frozen out of collection, and the
    young generation collects less often; memory stays bounded because collections still run.
    """
    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 20, 100)


def create_app_from_env() -> FastAPI:
    """Factory for ``uvicorn --factory`` with several worker processes (``hallclient serve --workers N``)."""
    from hallclient.log import setup_logging

    setup_logging()  # each worker process writes the server log (and the audit lines) like a single process
    from hallclient import config
    from hallclient.server.certificates_lookup import lookup_settings

    settings = config.load()
    return create_app(os.environ[ENV_DB_URL], migrate=False, sms_gateway=os.environ.get(ENV_SMS_GATEWAY, ""),
                      certificates=lookup_settings(settings),
                      access_log=os.environ.get(ENV_ACCESS_LOG, settings.server_access_log),
                      metrics_token=settings.server_metrics_token)  # fmt: skip
