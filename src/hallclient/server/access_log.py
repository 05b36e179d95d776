"""Structured access log: one JSON line per request, and the same measurement for the request metrics.

A line holds the time, method, route *template* (``/v1/cases/{case_no}``: never the raw path, which carries
case numbers), status, duration in ms, response bytes, the calling device's id once authenticated, and the
client address. Never a token, a header, a query string or a body: ID numbers and names travel in those.

A pure ASGI middleware (no ``BaseHTTPMiddleware``: it runs on every request, so it adds one timer and a
dict, not a task and a queue). The authentication dependency reports the device through :func:`note_device`:
a context variable holds this request's record, and the worker thread the dependency runs in shares it.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from hallclient.errors import HallError
from hallclient.server.limits import ASGIApp, Message, Receive, Scope, Send

ACCESS_LOGGER = "hallclient.access"
# No route: a 404 (scanners must not mint a metric label per path) or a refusal before routing (the body
# limit's 413, whose status says it).
UNMATCHED = "<unmatched>"

_current: ContextVar[dict[str, Any] | None] = ContextVar("hallclient_access", default=None)

# (method, route template, status, seconds): the metrics' observer, called once per request.
Observer = Callable[[str, str, int, float], None]


def note_device(device_id: str) -> None:
    """Called by authentication: the request being served is this device's."""
    record = _current.get()
    if record is not None:
        record["device"] = device_id


def route_template(scope: Scope) -> str:
    """The matched route's path template, or :data:`UNMATCHED`."""
    route = scope.get("route")
    path = getattr(route, "path", None)
    return path if isinstance(path, str) else UNMATCHED


class RequestObserver:
    """ASGI middleware: times each HTTP request; writes the access line and feeds the metrics (either may be off)."""

    def __init__(self, app: ASGIApp, logger: logging.Logger | None = None, observer: Observer | None = None) -> None:
        self.app = app
        self.logger = logger
        self.observer = observer

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        began = time.perf_counter()
        record: dict[str, Any] = {}
        token = _current.set(record)
        status = 500  # what the client gets when the app fails before answering
        sent = 0

        async def observed(message: Message) -> None:
            nonlocal status, sent
            if message["type"] == "http.response.start":
                status = int(message["status"])
            elif message["type"] == "http.response.body":
                sent += len(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, receive, observed)
        finally:
            _current.reset(token)
            seconds = time.perf_counter() - began
            method = str(scope.get("method", ""))
            route = route_template(scope)
            if self.observer is not None:
                self.observer(method, route, status, seconds)
            if self.logger is not None:
                client = scope.get("client")
                line = {
                    "time": _timestamp(time.time()),
                    "method": method,
                    "route": route,
                    "status": status,
                    "ms": round(seconds * 1000, 2),
                    "bytes": sent,
                    "device": record.get("device"),
                    "client": client[0] if client else None,
                }
                text = json.dumps(line, ensure_ascii=False, separators=(",", ":"))
                # A record made here, not by logger.info: that would walk the stack for the caller on every request.
                self.logger.handle(logging.LogRecord(ACCESS_LOGGER, logging.INFO, __file__, 0, text, None, None))


_second: list[Any] = [-1, ""]  # the last whole second formatted, and its text: one strftime per second


def _timestamp(moment: float) -> str:
    """ISO 8601 UTC with milliseconds, e.g. ``2026-12-02T11:55:30.845Z``, cheaply (it runs per request)."""
    whole = int(moment)
    if whole != _second[0]:
        _second[1] = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(whole))
        _second[0] = whole
    return f"{_second[1]}.{int((moment - whole) * 1000):03d}Z"


def access_logger(setting: str, log_directory: Path) -> logging.Logger | None:
    """The logger the ``[server] access_log`` setting asks for: None (off, ``""``), the server log (``log``)
    or its own file (a path; relative to the log directory).

    Its own file holds bare JSON lines, opened for appending by every worker process (each line is one write).
    No rotation here: several processes renaming the file under each other would lose lines, and a
    ``WatchedFileHandler`` would pay a ``stat`` per request. Rotate it with logrotate's ``copytruncate``.
    """
    setting = setting.strip()
    logger = logging.getLogger(ACCESS_LOGGER)
    for handler in list(logger.handlers):  # idempotent: a second app in one process replaces the first's file
        logger.removeHandler(handler)
        handler.close()
    if not setting:
        return None
    logger.setLevel(logging.INFO)
    if setting == "log":
        logger.propagate = True
        return logger
    path = Path(setting).expanduser()
    if not path.is_absolute():
        path = log_directory / path
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.FileHandler(path, encoding="utf-8")
    except OSError as error:
        raise HallError(f"访问日志文件无法写入：{path}（{error.strerror or error}）") from None
    handler.setFormatter(logging.Formatter("%(message)s"))
    logger.addHandler(handler)
    logger.propagate = False
    return logger
