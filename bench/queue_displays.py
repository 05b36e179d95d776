"""Benchmark: 200 hall display clients (SSE) connected to one hall while a window calls, on PostgreSQL (loopback).

Issue 13: "200 display clients connected: server CPU and memory". Every display opens
``/display/main/events`` (as the page does) and notes when each called number first appears in the
states it receives. Once all are connected a window calls ``--rate`` tickets a second for ``--seconds``
(the kiosk issues each just before, the window finishes it just after: three hall changes per call).
Reported: server CPU (all its processes, user + system, while calling) and resident memory (before
the displays connect and with all of them connected),
call → received latency p50/p99 over every (display, call), and displays that missed a call. The
latency is measured from the moment the call request is sent, like bench/queue_display.py.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(1, str(Path(__file__).resolve().parents[1] / "tests"))  # pgtest: the tests' PostgreSQL helper

from _stats import percentile
from _sync_common import cpu_seconds, free_port, process_tree, rss_bytes, serving_process
from hallclient.domain.queue import Category
from hallclient.server import admin, queue_admin
from hallclient.server.db import Database, upgrade
from pgtest import create_database, running_postgres

MB = 1024 * 1024


async def display(client: httpx.AsyncClient, seen: dict[str, float], connected: asyncio.Queue[None]) -> None:
    """One screen: records the first moment each called number is in a state it received."""
    async with client.stream("GET", "/display/main/events") as stream:
        first = True
        async for line in stream.aiter_lines():
            if not line.startswith("data: "):
                continue
            now = time.perf_counter()
            for call in json.loads(line[6:])["recent"]:
                seen.setdefault(call["number"], now)
            if first:
                first = False
                connected.put_nowait(None)


async def run(
    base: str, tokens: list[str], displays: int, seconds: float, rate: float, server: list[int]
) -> dict[str, object]:
    window = httpx.AsyncClient(base_url=base, headers={"Authorization": f"Bearer {tokens[0]}"}, timeout=30)
    kiosk = httpx.AsyncClient(base_url=base, headers={"Authorization": f"Bearer {tokens[1]}"}, timeout=30)
    limits = httpx.Limits(max_connections=displays + 10, max_keepalive_connections=displays + 10)
    screens = httpx.AsyncClient(base_url=base, limits=limits, timeout=httpx.Timeout(30, read=None))
    seen: list[dict[str, float]] = [{} for _ in range(displays)]
    connected: asyncio.Queue[None] = asyncio.Queue()
    tasks = [asyncio.create_task(display(screens, seen[n], connected)) for n in range(displays)]
    for _ in range(displays):
        await asyncio.wait_for(connected.get(), 60)
    rss_connected = rss_bytes(server)
    sent: dict[str, float] = {}
    errors: list[str] = []
    interval = 1 / rate
    cpu_before, started = cpu_seconds(server), time.perf_counter()
    for n in range(round(seconds * rate)):
        await asyncio.sleep(max(0.0, started + n * interval - time.perf_counter()))
        (await kiosk.post("/v1/queue/tickets", json={"category": "A"})).raise_for_status()
        began = time.perf_counter()
        response = await window.post("/v1/queue/call")
        if response.status_code != 200 or response.json()["ticket"] is None:
            errors.append(f"call HTTP {response.status_code} {response.text[:120]}")
            continue
        ticket = response.json()["ticket"]
        sent[ticket["number"]] = began
        (await window.post(f"/v1/queue/tickets/{ticket['id']}/finish", json={})).raise_for_status()
    await asyncio.sleep(2.0)  # the last states reach the screens
    cpu, elapsed = cpu_seconds(server) - cpu_before, time.perf_counter() - started
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    for client in (window, kiosk, screens):
        await client.aclose()
    latencies = [screen[number] - at for screen in seen for number, at in sent.items() if number in screen]
    missed = [sum(1 for number in sent if number not in screen) for screen in seen]
    return {"calls": len(sent), "latencies": latencies, "missed": missed, "errors": errors,
            "cpu": cpu, "elapsed": elapsed, "rss": rss_connected}  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--displays", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--rate", type=float, default=1.0, help="calls per second (default 1)")
    parser.add_argument("--workers", type=int, default=1, help="server processes (default 1)")
    args = parser.parse_args()
    with running_postgres(fsync=True) as cluster:
        url = create_database(cluster, "queuedisplays")
        upgrade(url)
        db = Database(url)
        queue_admin.set_hall(db, "main", "市民中心")
        queue_admin.set_category(db, Category("A", "综合受理", "main", (), {"01": 1}))
        codes = [admin.add_device(db, window)[1] for window in ("01", "K1")]
        db.dispose()
        with serving_process(url, free_port(), args.workers) as (base, process):
            tokens = []
            with httpx.Client(base_url=base) as client:
                for number, code in enumerate(codes):
                    token = client.post("/v1/enroll", json={"code": code, "device_id": f"bench-{number}"}).json()
                    client.get("/v1/ping", headers={"Authorization": f"Bearer {token['token']}"}).raise_for_status()
                    tokens.append(token["token"])
            server = process_tree(process.pid)
            rss_idle = rss_bytes(server)
            result = asyncio.run(run(base, tokens, args.displays, args.seconds, args.rate, server))
    cpu, elapsed, rss = float(result["cpu"]), float(result["elapsed"]), int(result["rss"])  # type: ignore[arg-type]
    latencies: list[float] = result["latencies"]  # type: ignore[assignment]
    missed: list[int] = result["missed"]  # type: ignore[assignment]
    errors: list[str] = result["errors"]  # type: ignore[assignment]
    p50, p99 = percentile(latencies, 0.5) * 1000, percentile(latencies, 0.99) * 1000
    print(
        f"{args.displays} displays, {result['calls']} calls in {args.seconds:.0f} s, {args.workers} worker(s): "
        f"server CPU {cpu:.1f} s over {elapsed:.0f} s of calls and settling ({100 * cpu / elapsed:.1f} % of one core), "
        f"RSS {rss_idle / MB:.0f} MB before the displays, {rss / MB:.0f} MB with them; "
        f"call → received p50 {p50:.1f} ms, p99 {p99:.1f} ms, max {max(latencies) * 1000:.1f} ms; "
        f"displays that missed a call {sum(1 for m in missed if m)} ({sum(missed)} deliveries missing); "
        f"errors {len(errors)}" + (f" e.g. {errors[0]}" if errors else "")
    )
    return 0 if not any(missed) and not errors else 1


if __name__ == "__main__":
    raise SystemExit(main())
