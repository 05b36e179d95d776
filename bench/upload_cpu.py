"""Benchmark: the server's own CPU per small upload, without HTTP, on a private PostgreSQL (fsync on).

Runs exactly what ``POST /v1/events`` runs after the body arrived (``api.events._store``: token check, gzip and JSON
checks, ingest and commit in one transaction) in a loop over ``--devices`` enrolled devices, each sending its
hash-chained batches of ``--events`` in order, and prints the CPU time of this process (``time.process_time``)
per upload: median of ``--repeat`` rounds. PostgreSQL's own CPU is printed next to it. The HTTP server's share
(uvicorn, routing) is what ``bench/server_load.py`` adds on top; this figure is the part the code owns.

``--profile N`` prints the N functions with the most CPU time (cumulative) of one extra round under cProfile with
a CPU clock: where the milliseconds go. The profiler roughly triples the time; read the shares, not the totals.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import statistics
import sys
import time
from pathlib import Path

from fastapi.testclient import TestClient

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(1, str(Path(__file__).resolve().parents[1] / "tests"))  # pgtest: the tests' PostgreSQL helper

from _sync_common import device_events, postgres_cpu
from hallclient.server import admin
from hallclient.server.api.events import _store
from hallclient.server.app import create_app
from hallclient.server.db import Database, upgrade
from hallclient.sync.batching import batches
from pgtest import PgCluster, create_database, running_postgres

SENT_AT = "2026-03-02T10:30:00+08:00"


Upload = tuple[str, bytes]  # (device token, gzip'd batch)


def _round(cluster: PgCluster, name: str, devices: int, uploads: int, events: int) -> tuple[Database, list[Upload]]:
    """A fresh database with ``devices`` enrolled devices and their uploads, interleaved device by device."""
    url = create_database(cluster, name)
    upgrade(url)
    db = Database(url)
    per_device = -(-uploads // devices)
    queues: list[list[Upload]] = []
    codes = [code for _device, code in admin.add_devices(db, [f"{n % 1000:03d}" for n in range(devices)])]
    with TestClient(create_app(url)) as client:
        for number, code in enumerate(codes):
            device = f"bench-device-{number:05d}"
            answer = client.post("/v1/enroll", json={"code": code, "device_id": device})
            answer.raise_for_status()
            token = answer.json()["token"]
            chained = device_events(device, per_device * events, seed=number)
            bodies = [batch.body(device, SENT_AT) for batch in batches(chained, max_events=events, max_bytes=1 << 40)]
            queues.append([(token, body) for body in bodies])
    ordered = [queue[step] for step in range(per_device) for queue in queues][:uploads]
    return db, ordered


def _send_all(db: Database, uploads: list[Upload]) -> None:
    for token, body in uploads:
        result = _store(db, token, "gzip", body)
        if any(item.status != "applied" for item in result.results):
            raise SystemExit(f"an upload was not applied: {result.results[0]}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--devices", type=int, default=50)
    parser.add_argument("--uploads", type=int, default=400, help="uploads per round (default 400)")
    parser.add_argument("--events", type=int, default=5, help="events per upload (default 5)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--profile", type=int, default=0, metavar="N", help="also profile a round: top N functions")
    args = parser.parse_args()
    with running_postgres(fsync=True) as cluster:
        figures: list[float] = []
        for round_no in range(1, args.repeat + 1):
            db, uploads = _round(cluster, f"upload_cpu_{round_no}", args.devices, args.uploads, args.events)
            _send_all(db, uploads[: args.devices])  # warm-up: each device's first batch, pool and statement caches
            rest = uploads[args.devices :]
            pg_before, cpu_before, wall_before = postgres_cpu(cluster.datadir), time.process_time(), time.perf_counter()
            _send_all(db, rest)
            cpu = (time.process_time() - cpu_before) * 1000 / len(rest)
            pg = (postgres_cpu(cluster.datadir) - pg_before) * 1000 / len(rest)
            wall = (time.perf_counter() - wall_before) * 1000 / len(rest)
            figures.append(cpu)
            print(f"round {round_no}: {len(rest)} uploads of {args.events} events: server CPU {cpu:.2f} ms per upload, "
                  f"PostgreSQL {pg:.2f} ms, wall {wall:.2f} ms", flush=True)  # fmt: skip
            db.dispose()
        print(f"median server CPU per upload: {statistics.median(figures):.2f} ms over {args.repeat} rounds")
        if args.profile:
            db, uploads = _round(cluster, "upload_cpu_profile", args.devices, args.uploads, args.events)
            _send_all(db, uploads[: args.devices])
            profile = cProfile.Profile(time.process_time)
            profile.runcall(_send_all, db, uploads[args.devices :])
            pstats.Stats(profile).sort_stats("cumulative").print_stats(args.profile)
            db.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
