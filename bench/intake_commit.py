"""Commit latency of recording an accepted case, side by side with a bare SQLite commit in the same run.

The bare side is one row inserted and committed per transaction in a WAL / ``synchronous=FULL`` SQLite
file (``BEGIN IMMEDIATE``, as the store does), through the standard ``sqlite3`` module. The app side
records an accepted case through the service (``services.cases.record_intake``): case, materials, event
with its hash chain head, and the receipt's print job, one transaction in the same durability. Both
write to the same folder; bare and app runs alternate so machine load hits both alike.

Usage: python bench/intake_commit.py [--cases N] [--runs R]
Prints p50/p99 per run and the median of each across runs, and the p99 ratio. Goal (issue 18): app p99
<= 10 x bare p99.
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import tempfile
import time
from datetime import datetime
from pathlib import Path

from _stats import percentile
from hallclient.config import Settings
from hallclient.demo import demo_catalog
from hallclient.devices.printer.queue import PrintQueue
from hallclient.domain.case import Outcome
from hallclient.domain.catalog import MatterKind
from hallclient.domain.workdays import WorkCalendar
from hallclient.services import cases
from hallclient.services.catalog import import_catalog
from hallclient.services.context import Services
from hallclient.services.users import add_user
from hallclient.store.bootstrap import device_id, open_store


def bare_run(count: int) -> tuple[float, float]:
    with tempfile.TemporaryDirectory() as folder:
        connection = sqlite3.connect(Path(folder) / "bare.sqlite3", isolation_level=None)
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=FULL")
        connection.execute("CREATE TABLE rows (id INTEGER PRIMARY KEY, body TEXT NOT NULL)")
        body = "x" * 200
        latencies = []
        for _ in range(count):
            start = time.perf_counter()
            connection.execute("BEGIN IMMEDIATE")
            connection.execute("INSERT INTO rows (body) VALUES (?)", (body,))
            connection.execute("COMMIT")
            latencies.append((time.perf_counter() - start) * 1000)
        connection.close()
    return percentile(latencies, 0.5), percentile(latencies, 0.99)


def app_run(count: int) -> tuple[float, float]:
    with tempfile.TemporaryDirectory() as folder:
        printer = f"file:{Path(folder) / 'slips.bin'}"
        store = open_store(Path(folder) / "bench.sqlite3")
        services = Services(store=store, settings=Settings(printer_uri=printer), device_id=device_id(store))
        services.print_queue = PrintQueue(store)  # as the window does: the receipt's job is part of the commit
        catalog = demo_catalog()
        import_catalog(store, catalog)
        matter = next(m for m in catalog.matters if m.kind is MatterKind.PROMISED)
        clerk = add_user(services, "bench", "压测", "clerk", "bench1234")
        calendar = WorkCalendar.load_default()
        request = cases.IntakeRequest(
            matter_code=matter.code,
            applicant=cases.Applicant(name="张三", id_number="11010519491231002X"),
            outcome=Outcome.ACCEPT,
            materials=tuple(cases.ReceivedMaterial(m.code, True, m.copies, 2) for m in matter.materials),
        )
        services.clock = lambda: datetime(2026, 3, 2, 10, 0).astimezone()
        latencies = []
        for _ in range(count):
            start = time.perf_counter()
            result = cases.record_intake(services, clerk, request, calendar)
            latencies.append((time.perf_counter() - start) * 1000)
        if result.print_job_id is None:
            raise RuntimeError("no print job was queued: the benchmark would leave out part of the commit")
        store.close()
    return percentile(latencies, 0.5), percentile(latencies, 0.99)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    bare: list[tuple[float, float]] = []
    app: list[tuple[float, float]] = []
    for run in range(args.runs):
        bare.append(bare_run(args.cases))
        app.append(app_run(args.cases))
        print(
            f"run {run + 1}: {args.cases} commits each; bare p50 {bare[-1][0]:.3f} ms p99 {bare[-1][1]:.3f} ms; "
            f"accepted case p50 {app[-1][0]:.2f} ms p99 {app[-1][1]:.2f} ms"
        )
    bare_p50, bare_p99 = (statistics.median(x) for x in zip(*bare, strict=True))
    app_p50, app_p99 = (statistics.median(x) for x in zip(*app, strict=True))
    ratio = app_p99 / bare_p99
    print(f"median over {args.runs} runs:")
    print(f"bare WAL/FULL commit   p50 {bare_p50:.3f} ms  p99 {bare_p99:.3f} ms")
    print(f"accepted case          p50 {app_p50:.3f} ms  p99 {app_p99:.3f} ms")
    verdict = "met" if ratio <= 10 else "NOT met"
    print(f"ratio p50 {app_p50 / bare_p50:.1f} x, p99 {ratio:.1f} x  (goal p99 <= 10: {verdict})")


if __name__ == "__main__":
    main()
