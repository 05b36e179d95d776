"""Benchmark: 200 simulated windows each pushing a batch every 5 s to the server on PostgreSQL (loopback).

Goal: p99 request latency ≤ 100 ms and no errors. Each device gets its own enrolment and token, sends
a small hash-chained batch (``--events`` per batch) on its own fixed 5-second timetable, at a random
phase. The load generator shares one async HTTP client (a keep-alive connection per device) and
builds every body before the clock starts, so its own work does not distort the latencies.
``--seconds`` shortens the run; repetitions print medians of p50/p99.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(1, str(Path(__file__).resolve().parents[1] / "tests"))  # pgtest: the tests' PostgreSQL helper

from _stats import percentile
from _sync_common import device_events, free_port, serving
from hallclient.server import admin
from hallclient.server.db import Database, upgrade
from hallclient.sync.batching import batches
from pgtest import create_database, running_postgres


async def device_loop(
    client: httpx.AsyncClient,
    token: str,
    device: str,
    bodies: list[bytes],
    start: float,
    offset: float,
    seconds: float,
    period: float,
    latencies: list[float],
    errors: list[str],
) -> None:
    """One window: a batch at ``start + offset + k * period`` (a fixed timetable, so a slow answer
    never bunches devices together), until ``seconds`` have passed or its batches run out."""
    headers = {"Authorization": f"Bearer {token}", "Content-Encoding": "gzip", "Content-Type": "application/json"}
    for index, body in enumerate(bodies):
        due = start + offset + index * period
        if due - start >= seconds:
            break
        await asyncio.sleep(max(0.0, due - time.monotonic()))
        began = time.perf_counter()
        try:
            response = await client.post("/v1/events", content=body, headers=headers)
            latencies.append(time.perf_counter() - began)
            if response.status_code != 200 or any(r["status"] != "applied" for r in response.json()["results"]):
                errors.append(f"{device}: HTTP {response.status_code} {response.text[:120]}")
        except httpx.HTTPError as error:
            errors.append(f"{device}: {type(error).__name__}")


async def run(
    base: str, tokens: list[tuple[str, str]], seconds: float, period: float, per_batch: int
) -> tuple[list[float], list[str]]:
    latencies: list[float] = []
    errors: list[str] = []
    rounds = int(seconds / period) + 2
    rng = random.Random(7)
    plans = []
    for number, (device, token) in enumerate(tokens):  # all bodies are built before the clock starts
        events = device_events(device, rounds * per_batch, seed=number)
        bodies = [batch.body(device, "2026-03-02T10:30:00+08:00") for batch in batches(events, max_events=per_batch)]
        plans.append((device, token, bodies, rng.random() * period))
    # One client for all windows (one keep-alive connection each): the load generator's own work per
    # request stays small, so what is measured is the server.
    limits = httpx.Limits(max_connections=len(tokens), max_keepalive_connections=len(tokens))
    async with httpx.AsyncClient(base_url=base, timeout=30, limits=limits) as client:
        start = time.monotonic() + 0.5
        await asyncio.gather(
            *(
                device_loop(client, token, device, bodies, start, offset, seconds, period, latencies, errors)
                for device, token, bodies, offset in plans
            )
        )
    return latencies, errors


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--devices", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--period", type=float, default=5.0)
    parser.add_argument("--events", type=int, default=5, help="events per batch (default 5)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workers", type=int, default=1, help="server processes (default 1)")
    args = parser.parse_args()
    p50s: list[float] = []
    p99s: list[float] = []
    with running_postgres(fsync=True) as cluster:
        for round_no in range(1, args.repeat + 1):
            url = create_database(cluster, f"load{round_no}")
            upgrade(url)
            db = Database(url)
            codes = [admin.add_device(db, f"{n:03d}")[1] for n in range(args.devices)]
            db.dispose()
            port = free_port()
            with serving(url, port, args.workers) as base:
                tokens = []
                with httpx.Client(base_url=base) as client:
                    for number, code in enumerate(codes):
                        device = f"bench-device-{round_no}-{number:04d}"
                        answer = client.post("/v1/enroll", json={"code": code, "device_id": device})
                        tokens.append((device, answer.json()["token"]))
                latencies, errors = asyncio.run(run(base, tokens, args.seconds, args.period, args.events))
            p50, p99 = percentile(latencies, 0.5) * 1000, percentile(latencies, 0.99) * 1000
            p50s.append(p50)
            p99s.append(p99)
            print(
                f"round {round_no}: {len(latencies)} requests ({len(latencies) / args.seconds:.1f}/s), "
                f"p50 {p50:.1f} ms, p99 {p99:.1f} ms, max {max(latencies) * 1000:.1f} ms, errors {len(errors)}"
                + (f" e.g. {errors[0]}" if errors else ""),
                flush=True,
            )
            if errors:
                return 1
    p99 = statistics.median(p99s)
    print(
        f"median: p50 {statistics.median(p50s):.1f} ms, p99 {p99:.1f} ms over {args.devices} devices "
        f"(goal p99 ≤ 100 ms, no errors: {'met' if p99 <= 100 else 'NOT met'})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
