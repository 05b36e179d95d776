"""Prometheus metrics at ``GET /metrics`` (text format), for the operators of a province-wide service.

Counted as requests run (every process writes its own; with several worker processes prometheus_client's
multiprocess mode sums them, so a scrape of any process sees all of them):

- ``hallclient_http_request_duration_seconds{method,route,status}``: latency histogram by route template and
  status class (``2xx`` ...);
- ``hallclient_events_ingested_total{result}``: uploaded events applied, duplicate or rejected;
- ``hallclient_upload_batches_total``: upload batches stored.

Read from the database at scrape time, one indexed query each (no scan of events):

- ``hallclient_queue_waiting{hall}``: tickets waiting today in each hall;
- ``hallclient_site_sync_lag_seconds{site}``: now minus the newest upload of any device of the site
  (``device_chains.updated_at``);
- ``hallclient_site_devices_silent{site}``: enrolled, unrevoked devices not heard from in
  :data:`SILENT_MINUTES` minutes (``devices.last_seen_at``).

Not for devices nor the public (the figures describe every hall): only ``Authorization: Bearer <[server]
metrics_token>`` may read them, compared in constant time; without a configured token the endpoint is 404.
"""

from __future__ import annotations

import hmac
from collections import Counter as Tally
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

from fastapi import APIRouter, Depends, Header, HTTPException, Request, Response
from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest, values
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector
from sqlalchemy import func, select

from hallclient.protocol.wire import UploadResult
from hallclient.server.auth import database
from hallclient.server.clock import utcnow
from hallclient.server.db import Database
from hallclient.server.models import Device, DeviceChain
from hallclient.server.queue_models import QueueHall, QueueTicket

SILENT_MINUTES = 15
CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)

# Our own registry: in single-process mode the scrape reads it; in multiprocess mode the values live in the
# directory's files and the registry only serves to construct the metrics.
REGISTRY = CollectorRegistry(auto_describe=True)
REQUEST_SECONDS = Histogram(
    "hallclient_http_request_duration_seconds",
    "Time from a request's arrival to the end of its answer, by route template and status class",
    ("method", "route", "status"),
    buckets=BUCKETS,
    registry=REGISTRY,
)
EVENTS = Counter("hallclient_events_ingested", "Uploaded events by result", ("result",), registry=REGISTRY)
BATCHES = Counter("hallclient_upload_batches", "Upload batches stored", registry=REGISTRY)
for _result in ("applied", "duplicate", "rejected"):
    EVENTS.labels(_result)  # present at zero from the start, so rates work from the first scrape

router = APIRouter(tags=["operations"])


_children: dict[tuple[str, str, int], Any] = {}  # labels() validates and locks: once per series, not per request


METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


def observe_request(method: str, route: str, status: int, seconds: float) -> None:
    """The access middleware's observer (``server/access_log.py``); it runs on every request.

    Every label is bounded, whatever a client sends: a made-up method counts as ``OTHER`` and an unknown path as
    ``<unmatched>``, so nobody can grow the series (and the multiprocess files) without limit.
    """
    if method not in METHODS:
        method = "OTHER"
    key = (method, route, status // 100)
    child = _children.get(key)
    if child is None:
        child = _children[key] = REQUEST_SECONDS.labels(method, route, f"{status // 100}xx")
    child.observe(seconds)


def count_upload(result: UploadResult) -> None:
    """One stored upload batch and its events' results (after the commit)."""
    BATCHES.inc()
    for status, count in Tally(item.status for item in result.results).items():  # applied, duplicate, rejected
        EVENTS.labels(status).inc(count)


class DatabaseFigures(Collector):
    """The gauges read at scrape time (see the module docstring)."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def collect(self) -> Iterator[GaugeMetricFamily]:
        now = utcnow()
        waiting = GaugeMetricFamily("hallclient_queue_waiting", "Tickets waiting today, per hall", labels=["hall"])
        lag = GaugeMetricFamily(
            "hallclient_site_sync_lag_seconds", "Now minus the newest upload from any device of the site",
            labels=["site"],
        )  # fmt: skip
        silent = GaugeMetricFamily(
            "hallclient_site_devices_silent",
            f"Enrolled devices of the site not heard from in {SILENT_MINUTES} minutes",
            labels=["site"],
        )
        with self.db.autocommit() as session:  # four one-statement reads: no BEGIN/COMMIT on PostgreSQL
            halls = session.execute(select(QueueHall.code, QueueHall.utc_offset_min)).all()
            today = {hall.code: (now + timedelta(minutes=hall.utc_offset_min)).date() for hall in halls}
            counts: dict[str, int] = dict.fromkeys(today, 0)
            if today:
                rows = session.execute(
                    select(QueueTicket.hall, QueueTicket.day, func.count())
                    .where(QueueTicket.state == "waiting", QueueTicket.day >= min(today.values()))
                    .group_by(QueueTicket.hall, QueueTicket.day)
                )  # the partial index on waiting tickets (by day) serves it
                for hall, day, count in rows:
                    if today.get(hall) == day:
                        counts[hall] = int(count)
            newest = session.execute(
                select(Device.site_code, func.max(DeviceChain.updated_at))
                .join(DeviceChain, DeviceChain.device_id == Device.client_device_id)
                .group_by(Device.site_code)
            ).all()
            quiet = session.execute(
                select(Device.site_code, func.count())
                .where(Device.enrolled_at.is_not(None), Device.revoked_at.is_(None))
                .where(Device.last_seen_at.is_(None) | (Device.last_seen_at < now - timedelta(minutes=SILENT_MINUTES)))
                .group_by(Device.site_code)
            ).all()
        for hall, count in sorted(counts.items()):
            waiting.add_metric([hall], count)
        for site, moment in newest:
            if moment is not None:
                lag.add_metric([site], max(0.0, (now - moment).total_seconds()))
        for site, count in quiet:
            silent.add_metric([site], int(count))
        yield waiting
        yield lag
        yield silent


def exposition(db: Database) -> bytes:
    """This moment's metrics in the Prometheus text format."""
    registry = CollectorRegistry()
    if values.ValueClass is not values.MutexValue:  # chosen at import (PROMETHEUS_MULTIPROC_DIR)
        MultiProcessCollector(registry)
    else:
        registry.register(_Forward())
    registry.register(DatabaseFigures(db))
    return generate_latest(registry)


class _Forward(Collector):
    """This process's counters (single-process mode)."""

    def collect(self) -> Iterator[object]:  # type: ignore[override]
        yield from REGISTRY.collect()


def _authorised(request: Request, authorization: str | None = Header(default=None)) -> None:
    expected: str = getattr(request.app.state, "metrics_token", "")
    if not expected:
        raise HTTPException(404, "未找到")  # as any unknown path: no token set, no endpoint
    scheme, _, presented = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(presented.strip().encode(), expected.encode()):
        raise HTTPException(401, "缺少或错误的监控令牌", headers={"WWW-Authenticate": "Bearer"})


@router.get("/metrics", include_in_schema=False, dependencies=[Depends(_authorised)])
def metrics(db: Database = Depends(database)) -> Response:
    return Response(exposition(db), media_type=CONTENT_TYPE)
