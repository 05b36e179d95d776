"""Shared pieces of the sync benchmarks: a served PostgreSQL-backed server process and synthetic events."""

from __future__ import annotations

import math
import os
import random
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import httpx

from hallclient.domain.events import GENESIS_HASH, EventRecord, new_id, seal

SHANGHAI = timezone(timedelta(hours=8))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def serving(db_url: str, port: int, workers: int = 1) -> Iterator[str]:
    with serving_process(db_url, port, workers) as (base, _process):
        yield base


@contextmanager
def serving_process(db_url: str, port: int, workers: int = 1) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """``hallclient serve`` in a subprocess until the block ends; yields its base URL and the process."""
    log_path = os.environ.get("HALLCLIENT_BENCH_SERVER_LOG", os.devnull)  # server stderr, for diagnosis
    with open(log_path, "ab") as log:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "hallclient",
                "serve",
                "--db",
                db_url,
                "--port",
                str(port),
                "--workers",
                str(workers),
            ],
            stdout=subprocess.DEVNULL,
            stderr=log,
        )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180  # a loaded 2-core machine starts slowly
    try:
        while True:
            try:
                httpx.get(f"{base}/v1/openapi.json", timeout=1).raise_for_status()
                break
            except httpx.HTTPError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit("server did not start") from None
                time.sleep(0.1)
        yield base, process
    finally:  # also when it never answered or the run was interrupted: no server is left behind
        process.terminate()
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)


def process_tree(root: int) -> list[int]:
    """``root`` and its descendants (uvicorn's worker processes), from /proc (Linux)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    parent = int(stat.read().rpartition(")")[2].split()[1])
            except OSError:
                continue
            children.setdefault(parent, []).append(int(entry))
    found, pending = [], [root]
    while pending:
        pid = pending.pop()
        found.append(pid)
        pending.extend(children.get(pid, []))
    return found


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time used so far by these processes."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as stat:
                fields = stat.read().rpartition(")")[2].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


def postgres_cpu(datadir: Path) -> float:
    """CPU seconds used so far by the PostgreSQL cluster in ``datadir``: the postmaster, its live backends and the
    backends it has reaped (closed connections); NaN when the postmaster cannot be found."""
    try:
        postmaster = int((datadir / "postmaster.pid").read_text().split()[0])
        with open(f"/proc/{postmaster}/stat") as stat:
            fields = stat.read().rpartition(")")[2].split()
    except (OSError, ValueError, IndexError):
        return math.nan
    reaped = (int(fields[13]) + int(fields[14])) / os.sysconf("SC_CLK_TCK")  # cutime, cstime
    return cpu_seconds(process_tree(postmaster)) + reaped


def rss_bytes(pids: list[int]) -> int:
    """Resident memory of these processes."""
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/status") as status:
                for line in status:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1]) * 1024
        except OSError:
            continue
    return total


def intake_payload(rng: random.Random, case_no: str) -> dict[str, Any]:
    """About the size of a real intake event (snapshot of applicant, matter and checklist)."""
    return {
        "intake": {
            "case_no": case_no, "matter_code": f"XK{rng.randint(1, 400):04d}",
            "matter_name": "国有建设用地使用权及房屋所有权转移登记",
            "department_code": "BDC", "channel": "on_site", "channel_details": {}, "green_channel": False,
            "assisted": False, "window": "05", "clerk_id": new_id(), "clerk_name": "王芳",
            "received_at": "2026-03-02T10:30:00+08:00", "note": "",
            "applicant": {"kind": "person", "name": "张三", "id_type": "id_card", "id_number": "11010519491231002X",
                          "phone": "13800000000", "address": "浙江省杭州市西湖区文三路 100 号", "card": None,
                          "card_raw": None, "representative_name": "", "representative_id_number": ""},
            "agent": None, "missing": [],
            "materials": [{"code": f"M{i}", "name": f"材料{i}：不动产登记申请书", "form": "original", "received": True,
                           "copies": 1, "pages": 2, "tolerated": False} for i in range(1, 6)],
        },
        "state": {"status": "accepted", "outcome": "accept", "received_on": "2026-03-02", "clock_start": "2026-03-02",
                  "promised_date": "2026-03-09", "statutory_date": "2026-04-14", "notice_deadline": None,
                  "supply_deadline": None, "deficiency_open": False, "suspended_on": None, "decision": None,
                  "extended_days": 0},
    }  # fmt: skip


def device_events(device_id: str, count: int, seed: int = 1) -> list[EventRecord]:
    """A device's hash-chained log: every third event an intake, the others transitions of recent cases."""
    rng = random.Random(seed)
    events: list[EventRecord] = []
    prev = GENESIS_HASH
    cases: list[tuple[str, str]] = []
    start = datetime(2026, 3, 2, 9, 0, tzinfo=SHANGHAI)
    for seq in range(1, count + 1):
        if seq % 3 == 1 or not cases:
            case = (new_id(), f"330106202603{device_id[-6:]}{seq:08d}")
            cases.append(case)
            payload = intake_payload(rng, case[1])
            kind = "case.accepted"
        else:
            case = cases[-1 - rng.randint(0, min(len(cases) - 1, 5))]
            payload = {
                "case_no": case[1],
                "on": "2026-03-03",
                "reason": "等待外部核查",
                "state": {**intake_payload(rng, case[1])["state"], "status": "suspended"},
            }
            kind = "case.suspended"
        record = seal(
            event_id=new_id(),
            case_id=case[0],
            type=kind,
            payload=payload,
            device_id=device_id,
            seq=seq,
            actor="wangfang",
            device_time=(start + timedelta(seconds=seq)).isoformat(timespec="milliseconds"),
            prev_hash=prev,
        )
        prev = record.hash
        events.append(record)
    return events
