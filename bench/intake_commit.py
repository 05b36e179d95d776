"""Commit latency of recording an accepted case (state + materials + event + chain head) in a WAL/FULL store.

Usage: python bench/intake_commit.py [--cases N] [--runs R]
Prints p50/p99 per run and the median of each across runs. Goal: p99 <= 5 ms.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import datetime
from pathlib import Path

from _stats import percentile
from hallclient.config import Settings
from hallclient.demo import demo_catalog
from hallclient.domain.case import Outcome
from hallclient.domain.catalog import MatterKind
from hallclient.domain.workdays import WorkCalendar
from hallclient.services import cases
from hallclient.services.catalog import import_catalog
from hallclient.services.context import Services
from hallclient.services.users import add_user
from hallclient.store.bootstrap import device_id, open_store


def one_run(count: int) -> tuple[float, float]:
    with tempfile.TemporaryDirectory() as folder:
        store = open_store(Path(folder) / "bench.sqlite3")
        services = Services(store=store, settings=Settings(), device_id=device_id(store))
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
            cases.record_intake(services, clerk, request, calendar)
            latencies.append((time.perf_counter() - start) * 1000)
        store.close()
    return percentile(latencies, 0.5), percentile(latencies, 0.99)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    p50s, p99s = [], []
    for run in range(args.runs):
        p50, p99 = one_run(args.cases)
        p50s.append(p50)
        p99s.append(p99)
        print(f"run {run + 1}: {args.cases} accepted cases, p50 {p50:.2f} ms, p99 {p99:.2f} ms")
    print(f"median over {args.runs} runs: p50 {statistics.median(p50s):.2f} ms, p99 {statistics.median(p99s):.2f} ms")


if __name__ == "__main__":
    main()
