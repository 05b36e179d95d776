"""Benchmark of the rollup applier: marked cases folded into the tally rollups per second, on a fresh PostgreSQL.

Ingest only marks the case rows it inserts or updates (``cases.rollup_dirty``); the applier of every server process
folds them in (``server/rollups.py``). This inserts ``--cases`` marked case rows (a province-like mix: ``--sites``
sites — the hall, 10 street centres, villages under them —, 6 windows, 8 departments × 5 matters, 3 channels,
4 outcomes, a third completed), then
times :func:`hallclient.server.rollups.fold_all` — first on new cases (never folded: every row adds), then after an
UPDATE that completes half of them (the re-fold subtracts the old snapshot and adds the new one) — and prints
cases/s, the benchmark's own CPU and PostgreSQL's, and the load average (the machine is shared: 2 cores).

    .venv/bin/python bench/rollup_applier.py [--cases 50000] [--batch 500] [--sites 300]
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(1, str(Path(__file__).resolve().parents[1] / "tests"))  # pgtest: the tests' PostgreSQL helper

from sqlalchemy import func, select, text, update

from _sync_common import cpu_seconds, process_tree
from hallclient.server import rollups
from hallclient.server.db import Database, insert_rows, upgrade
from hallclient.server.models import ServerCase
from hallclient.server.sites import SiteInput, add_sites
from pgtest import create_database, running_postgres


def _sites(db: Database, count: int) -> list[str]:
    """10 street centres under the hall (the regions), the other sites villages under them."""
    streets = [SiteInput(f"S{d:02d}", f"街道{d}", "street", "HALL") for d in range(10)]
    villages = [SiteInput(f"S{n % 10:02d}-V{n}", f"社区{n}", "village", f"S{n % 10:02d}") for n in range(count - 11)]
    add_sites(db, [*streets, *villages])
    return ["HALL", *(site.code for site in (*streets, *villages))]


def _cases(count: int, sites: list[str], rng: random.Random) -> list[dict[str, object]]:
    rows = []
    for n in range(count):
        day = date(2026, 1, 5) + timedelta(days=rng.randrange(80))
        at = datetime.combine(day, datetime.min.time()) + timedelta(hours=1 + rng.random() * 8)
        done = at + timedelta(days=rng.randrange(20)) if rng.random() < 0.33 else None
        rows.append({
            "case_id": f"c{n:09d}", "case_no": f"NO{n:09d}", "device_id": f"dev-{rng.randrange(2000)}",
            "site_code": rng.choice(sites), "window": f"{rng.randrange(6):02d}", "clerk_id": f"k{rng.randrange(12)}",
            "department_code": f"D{rng.randrange(8)}", "matter_code": f"M{rng.randrange(40)}",
            "channel": rng.choice(("on_site", "online", "mail")), "outcome": rng.choice(("accept", "instant",
            "informed", "refuse")), "assisted": rng.random() < 0.1, "green_channel": rng.random() < 0.05,
            "received_on": day, "received_at": at, "received_offset_min": 480, "promised_date": day + timedelta(10),
            "completed_at": done, "status": "completed" if done else "accepted", "state": "{}", "intake": "",
            "updated_at": at, "case_month": day.replace(day=1), "matter_name": "", "applicant_kind": "person",
            "applicant_name": "", "clerk_name": "", "last_event_type": "case.accepted", "last_seq": 1,
            "events_count": 1, "back_office_by": "", "conflict": "", "decision": None, "statutory_date": None,
        })  # fmt: skip
    return rows


def _timed(db: Database, cluster_pid: int, batch: int) -> tuple[int, float, float, float]:
    own, database = time.process_time(), cpu_seconds(process_tree(cluster_pid))
    started = time.perf_counter()
    folded = rollups.fold_all(db.engine, batch)
    wall = time.perf_counter() - started
    return folded, wall, time.process_time() - own, cpu_seconds(process_tree(cluster_pid)) - database


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=50_000)
    parser.add_argument("--batch", type=int, default=rollups.BATCH)
    parser.add_argument("--sites", type=int, default=300)
    args = parser.parse_args()
    rng = random.Random(17)
    with running_postgres(fsync=True) as cluster:
        url = create_database(cluster, "applierbench")
        upgrade(url)
        db = Database(url)
        sites = _sites(db, args.sites)
        rows = _cases(args.cases, sites, rng)
        with db.engine.begin() as connection:
            for first in range(0, len(rows), 5000):
                insert_rows(connection, ServerCase.__table__, rows[first : first + 5000])  # type: ignore[arg-type]
        pid = int((cluster.datadir / "postmaster.pid").read_text().split()[0])
        print(f"{args.cases:,} marked cases at {args.sites} sites; batch {args.batch}; "
              f"load average {os.getloadavg()[0]:.1f}", flush=True)  # fmt: skip
        for label in ("new cases", "half of them completed"):
            if label != "new cases":
                with db.engine.begin() as connection:
                    connection.execute(update(ServerCase).where(ServerCase.completed_at.is_(None),
                                                                func.mod(func.length(ServerCase.case_id) + func.ascii(
                                                                    func.right(ServerCase.case_id, 1)), 2) == 0)
                                       .values(completed_at=datetime(2026, 4, 2, 9), status="completed"))  # fmt: skip
            with db.engine.connect() as connection:
                marked = connection.scalar(select(func.count()).select_from(ServerCase).where(text("rollup_dirty")))
            folded, wall, own, database = _timed(db, pid, args.batch)
            print(f"{label}: {marked:,} marked, {folded:,} folded in {wall:.2f} s = {folded / wall:,.0f} cases/s; "
                  f"CPU applier {own:.2f} s ({own / folded * 1e3:.3f} ms/case), PostgreSQL {database:.2f} s; "
                  f"load average {os.getloadavg()[0]:.1f}", flush=True)  # fmt: skip
        with db.engine.connect() as connection:
            assert rollups.check(connection) == [], "the folded rollups differ from the raw cases"
        print("check: the rollups equal the raw cases")
        db.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
