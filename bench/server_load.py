"""Benchmark: simulated windows pushing small batches to the server on PostgreSQL (loopback).

Four modes, all against ``hallclient serve --workers N`` processes on one private PostgreSQL:

* default (timetable): ``--devices`` windows (200), each pushing a batch of ``--events`` (5) every
  ``--period`` (5 s) on its own fixed timetable at a random phase, for ``--seconds``; goal p99 ≤ 100 ms,
  no errors. ``--repeat`` rounds, medians printed.
* ``--knee``: the same windows, the request rate ramped in steps (``--rates``); p50/p99 per step and
  the rate at which p99 passes 100 ms, for each ``--workers`` value (default 1 and 2).
* ``--province``: 5,000 devices, one batch each every 60 s, 2 processes: p99, errors and the server's
  CPU per 1,000 devices (for sizing).
* ``--ingest``: large batches (500 events) sent back to back by several devices at once: events/s with
  each ``--workers`` value and their ratio (bench/sync_backlog.py measures one device's backlog through
  the real uploader; this one measures what more processes add).

Latency runs from the moment a batch was *due* on its timetable to the last byte of the answer, so a
window held up by its previous slow answer counts that wait (no coordinated omission). The load
generator is a lean asyncio client over raw keep-alive sockets (one per device) with every request
prebuilt before the clock starts; its own CPU is reported next to the server's (from /proc of the
server processes) and PostgreSQL's. All share the same 2 cores here: say so when quoting figures.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import random
import resource
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(1, str(Path(__file__).resolve().parents[1] / "tests"))  # pgtest: the tests' PostgreSQL helper

from _stats import percentile
from _sync_common import cpu_seconds, device_events, free_port, postgres_cpu, process_tree, serving_process
from hallclient.server import admin
from hallclient.server.db import Database, upgrade
from hallclient.sync.batching import batches
from pgtest import PgCluster, create_database, running_postgres

SENT_AT = "2026-03-02T10:30:00+08:00"
GOAL_MS = 100.0


@dataclass
class Window:
    """One simulated device: its id, its prebuilt batch bodies (in chain order) and, once enrolled, its token."""

    device: str
    bodies: list[bytes]
    token: str = ""
    next_body: int = 0


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    server_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    events: int = 0


def build_windows(count: int, batches_each: int, per_batch: int) -> list[Window]:
    """Every device's hash-chained batches, built before any clock starts."""
    windows = []
    for number in range(count):
        device = f"bench-device-{number:05d}"
        events = device_events(device, batches_each * per_batch, seed=number)
        bodies = [batch.body(device, SENT_AT) for batch in batches(events, max_events=per_batch, max_bytes=1 << 40)]
        windows.append(Window(device, bodies))
    return windows


def request_bytes(window: Window, body: bytes) -> bytes:
    head = (
        f"POST /v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {window.token}\r\n"
        f"Content-Type: application/json\r\nContent-Encoding: gzip\r\nContent-Length: {len(body)}\r\n\r\n"
    )
    return head.encode() + body


class Connection:
    """One keep-alive HTTP/1.1 connection speaking just enough of the protocol for POST /v1/events."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader, self.writer = reader, writer

    @classmethod
    async def open(cls, port: int) -> Connection:
        reader, writer = await asyncio.open_connection("127.0.0.1", port, limit=1 << 22)
        return cls(reader, writer)

    async def exchange(self, request: bytes) -> tuple[int, float, bytes]:
        """Send one request; (status, the server's own time from Server-Timing in ms, body)."""
        self.writer.write(request)
        head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ", 2)[1])
        length, server_ms = 0, math.nan
        for line in lines[1:]:
            name, _, value = line.partition(":")
            name = name.lower()
            if name == "content-length":
                length = int(value)
            elif name == "server-timing":
                server_ms = float(value.rpartition("dur=")[2])
        return status, server_ms, await self.reader.readexactly(length)

    def close(self) -> None:
        self.writer.close()


async def open_all(port: int, count: int) -> list[Connection]:
    connections: list[Connection] = []
    for start in range(0, count, 200):  # a few hundred at a time: the listen backlog is finite
        connections.extend(await asyncio.gather(*(Connection.open(port) for _ in range(min(200, count - start)))))
    return connections


async def device_loop(
    window: Window, connection: Connection, start: float, offset: float, seconds: float, period: float, tally: Tally
) -> None:
    """One window: a batch due at ``start + offset + k * period`` until ``seconds`` have passed."""
    k = 0
    while True:
        due = start + offset + k * period
        if due - start >= seconds or window.next_body >= len(window.bodies):
            return
        k += 1
        await asyncio.sleep(max(0.0, due - time.monotonic()))
        body = window.bodies[window.next_body]
        window.next_body += 1
        try:
            status, server_ms, answer = await connection.exchange(request_bytes(window, body))
        except (OSError, asyncio.IncompleteReadError, ValueError) as error:
            tally.errors.append(f"{window.device}: {type(error).__name__}")
            return
        tally.latencies.append(time.monotonic() - due)
        tally.server_ms.append(server_ms)
        results = json.loads(answer).get("results", []) if status == 200 else []
        tally.events += len(results)
        if status != 200 or any(result["status"] != "applied" for result in results):
            tally.errors.append(f"{window.device}: HTTP {status} {answer[:120]!r}")


async def timetable(
    port: int, windows: list[Window], seconds: float, period: float, rng: random.Random
) -> tuple[Tally, float]:
    """Every window on its own timetable for ``seconds``; (tally, wall seconds)."""
    connections = await open_all(port, len(windows))
    tally = Tally()
    start = time.monotonic() + 0.3
    try:
        await asyncio.gather(*(device_loop(window, connection, start, rng.random() * period, seconds, period, tally)
                               for window, connection in zip(windows, connections, strict=True)))  # fmt: skip
    finally:
        for connection in connections:
            connection.close()
    return tally, time.monotonic() - start


async def back_to_back(port: int, windows: list[Window]) -> tuple[int, float]:
    """Every window sends all its batches, each as soon as the previous one is answered; (events, seconds)."""
    connections = await open_all(port, len(windows))
    tally = Tally()

    async def send_all(window: Window, connection: Connection) -> None:
        for body in window.bodies:
            status, _ms, answer = await connection.exchange(request_bytes(window, body))
            results = json.loads(answer)["results"] if status == 200 else []
            if status != 200 or any(result["status"] != "applied" for result in results):
                tally.errors.append(f"{window.device}: HTTP {status} {answer[:120]!r}")
            tally.events += len(results)

    started = time.monotonic()
    await asyncio.gather(*(send_all(w, c) for w, c in zip(windows, connections, strict=True)))
    elapsed = time.monotonic() - started
    for connection in connections:
        connection.close()
    if tally.errors:
        raise SystemExit(f"ingest errors: {len(tally.errors)}, e.g. {tally.errors[0]}")
    return tally.events, elapsed


class Meter:
    """CPU seconds used by the server processes, PostgreSQL and this load generator over a span."""

    def __init__(self, server_pid: int, cluster: PgCluster) -> None:
        self.server_pid = server_pid
        self.cluster = cluster

    def read(self) -> tuple[float, float, float]:
        server = cpu_seconds(process_tree(self.server_pid))
        own = resource.getrusage(resource.RUSAGE_SELF)
        return server, postgres_cpu(self.cluster.datadir), own.ru_utime + own.ru_stime


def fresh_server_db(cluster: PgCluster, name: str, devices: int) -> tuple[str, list[str]]:
    url = create_database(cluster, name)
    upgrade(url)
    db = Database(url)
    codes = [code for _device, code in admin.add_devices(db, [f"{n % 1000:03d}" for n in range(devices)])]
    db.dispose()
    return url, codes


def enrol(base: str, windows: list[Window], codes: list[str]) -> None:
    """Every window enrolled over HTTP, 8 at a time (5,000 one by one took most of a province run)."""
    from concurrent.futures import ThreadPoolExecutor

    def one(pair: tuple[Window, str]) -> None:
        window, code = pair
        answer = client.post("/v1/enroll", json={"code": code, "device_id": window.device})
        answer.raise_for_status()
        window.token = answer.json()["token"]
        window.next_body = 0

    with httpx.Client(base_url=base, timeout=60) as client, ThreadPoolExecutor(8) as pool:
        list(pool.map(one, zip(windows, codes, strict=True)))


def describe(tally: Tally, seconds: float) -> str:
    p50 = percentile(tally.latencies, 0.5) * 1000
    p99 = percentile(tally.latencies, 0.99) * 1000
    server = [ms for ms in tally.server_ms if not math.isnan(ms)]
    return (
        f"{len(tally.latencies)} requests ({len(tally.latencies) / seconds:.1f}/s), p50 {p50:.1f} ms, "
        f"p99 {p99:.1f} ms, max {max(tally.latencies) * 1000:.1f} ms, server time p50 "
        f"{statistics.median(server) if server else math.nan:.1f} ms, errors {len(tally.errors)}"
        + (f" e.g. {tally.errors[0]}" if tally.errors else "")
    )


def cpu_line(before: tuple[float, float, float], after: tuple[float, float, float], requests: int) -> str:
    server, database, own = (b - a for a, b in zip(before, after, strict=True))
    per = 1000 / max(1, requests)
    return (
        f"CPU per request: server {server * per:.2f} ms, PostgreSQL {database * per:.2f} ms, "
        f"load generator {own * per:.2f} ms"
    )


def run_timetable(args: argparse.Namespace, cluster: PgCluster, workers: int) -> int:
    p50s: list[float] = []
    p99s: list[float] = []
    rounds = int(args.seconds / args.period) + 2
    for round_no in range(1, args.repeat + 1):
        windows = build_windows(args.devices, rounds, args.events)
        url, codes = fresh_server_db(cluster, f"load{workers}_{round_no}", args.devices)
        with serving_process(url, free_port(), workers) as (base, process):
            enrol(base, windows, codes)
            meter = Meter(process.pid, cluster)
            before = meter.read()
            tally, wall = asyncio.run(
                timetable(int(base.rpartition(":")[2]), windows, args.seconds, args.period, random.Random(7))
            )
            after = meter.read()
        p50s.append(percentile(tally.latencies, 0.5) * 1000)
        p99s.append(percentile(tally.latencies, 0.99) * 1000)
        server_cpu = after[0] - before[0]
        print(f"round {round_no} ({workers} process{'es' if workers > 1 else ''}): {describe(tally, args.seconds)}")
        print(f"  {cpu_line(before, after, len(tally.latencies))}")
        print(
            f"  server CPU {server_cpu / wall * 100:.0f}% of one core over {wall:.0f} s = "
            f"{server_cpu / wall * 100 / (args.devices / 1000):.1f}% of a core per 1,000 devices "
            f"(one batch each every {args.period:g} s)",
            flush=True,
        )
        if tally.errors:
            return 1
    p99 = statistics.median(p99s)
    print(
        f"median: p50 {statistics.median(p50s):.1f} ms, p99 {p99:.1f} ms over {args.devices} devices "
        f"(goal p99 ≤ {GOAL_MS:.0f} ms, no errors: {'met' if p99 <= GOAL_MS else 'NOT met'})",
        flush=True,
    )
    return 0


def run_knee(args: argparse.Namespace, cluster: PgCluster, workers: int, windows: list[Window]) -> float | None:
    """The ramp for one process count; returns the first rate whose p99 passed the goal (None: never)."""
    url, codes = fresh_server_db(cluster, f"knee{workers}", len(windows))
    knee: float | None = None
    with serving_process(url, free_port(), workers) as (base, process):
        enrol(base, windows, codes)
        port = int(base.rpartition(":")[2])
        meter = Meter(process.pid, cluster)
        rng = random.Random(11)
        print(f"knee, {workers} process{'es' if workers > 1 else ''}, {len(windows)} devices:", flush=True)
        for rate in args.rates:
            before = meter.read()
            tally, wall = asyncio.run(timetable(port, windows, args.step_seconds, len(windows) / rate, rng))
            after = meter.read()
            p99 = percentile(tally.latencies, 0.99) * 1000
            print(f"  {rate:5.0f}/s offered: {describe(tally, wall)}")
            print(f"         {cpu_line(before, after, len(tally.latencies))}", flush=True)
            if p99 > GOAL_MS and knee is None:
                knee = rate
            if p99 > 10 * GOAL_MS or tally.errors:
                break  # far past the knee: the next steps only queue up
            time.sleep(1)  # let the previous step's stragglers drain
    return knee


def run_ingest(args: argparse.Namespace, cluster: PgCluster) -> None:
    per_device = args.ingest_events // args.ingest_devices
    windows = build_windows(args.ingest_devices, math.ceil(per_device / 500), 500)
    rates: dict[int, list[float]] = {}
    for round_no in range(1, args.repeat + 1):
        for workers in args.workers:
            url, codes = fresh_server_db(cluster, f"ingest{workers}_{round_no}", len(windows))
            with serving_process(url, free_port(), workers) as (base, process):
                enrol(base, windows, codes)
                meter = Meter(process.pid, cluster)
                before = meter.read()
                events, elapsed = asyncio.run(back_to_back(int(base.rpartition(":")[2]), windows))
                after = meter.read()
            rates.setdefault(workers, []).append(events / elapsed)
            server, database, own = (b - a for a, b in zip(before, after, strict=True))
            print(
                f"round {round_no}, {workers} process{'es' if workers > 1 else ''}: {events} events in {elapsed:.1f} s "
                f"= {events / elapsed:,.0f} events/s; CPU server {server:.1f} s, PostgreSQL {database:.1f} s, "
                f"load generator {own:.1f} s",
                flush=True,
            )
    medians = {workers: statistics.median(values) for workers, values in rates.items()}
    line = ", ".join(f"{w} process{'es' if w > 1 else ''} {rate:,.0f} events/s" for w, rate in medians.items())
    if len(medians) > 1:
        first, *rest = medians
        line += "; ratio " + ", ".join(f"{w}:{first} = {medians[w] / medians[first]:.2f}" for w in rest)
    print(f"median: {line}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--devices", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--period", type=float, default=5.0, help="seconds between a device's batches (default 5)")
    parser.add_argument("--events", type=int, default=5, help="events per batch (default 5)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workers", default="", help="server processes, e.g. 1 or 1,2 (default 1; knee/ingest 1,2)")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--knee", action="store_true", help="ramp the request rate; p99 per step and the knee")
    mode.add_argument("--province", action="store_true", help="5,000 devices, a batch every 60 s, 2 processes")
    mode.add_argument("--ingest", action="store_true", help="events/s with large batches, per process count")
    parser.add_argument("--rates", default="50,100,200,300,400,500,600,800", help="knee steps (requests/s)")
    parser.add_argument("--step-seconds", type=float, default=8.0, help="knee: seconds per step (default 8)")
    parser.add_argument("--ingest-events", type=int, default=40_000, help="ingest: events in all (default 40,000)")
    parser.add_argument("--ingest-devices", type=int, default=4, help="ingest: devices sending at once (default 4)")
    args = parser.parse_args()
    default_workers = "1,2" if args.knee or args.ingest else ("2" if args.province else "1")
    args.workers = [int(value) for value in (args.workers or default_workers).split(",")]
    args.rates = [float(value) for value in args.rates.split(",")]
    if args.province:
        args.devices, args.period = 5000, 60.0
        args.seconds = max(args.seconds, 120.0)
        args.repeat = 1 if args.repeat == 3 else args.repeat
    with running_postgres(fsync=True) as cluster:
        if args.ingest:
            run_ingest(args, cluster)
            return 0
        if args.knee:
            batches_each = math.ceil(sum(rate * args.step_seconds for rate in args.rates) / args.devices) + len(
                args.rates
            )
            print(f"building {args.devices} × {batches_each} batches …", flush=True)
            windows = build_windows(args.devices, batches_each, args.events)
            knees = {workers: run_knee(args, cluster, workers, windows) for workers in args.workers}
            for workers, knee in knees.items():
                print(
                    f"knee, {workers} process{'es' if workers > 1 else ''}: "
                    + (f"p99 passed {GOAL_MS:.0f} ms at {knee:.0f} requests/s" if knee else "not reached")
                    + " (goal ≥ 400/s)"
                )
            return 0
        return max(run_timetable(args, cluster, workers) for workers in args.workers)


if __name__ == "__main__":
    raise SystemExit(main())
