"""Benchmark of the province quarter tally served from the rollups, on a fresh PostgreSQL.

The province (``--scale 1``): 100 district halls (60 windows: 48 department counters with 17 matters each, 12
integrated windows taking 5 departments × 10 matters), 900 street centres (6 windows, 3 departments × 5 matters)
and 2,000 village stations (1 window, 6 departments × 4 matters); 40 departments, 3 channels at halls and 2 below,
5 outcomes (4 at villages). The rollup rows of one quarter (2026Q1) are generated — not the raw cases: 100,000,000
cases would be ~60 GB of ``cases`` and hours to load here — and only the rows the timed queries read, in SQL
(``generate_series``):

- the site × month rows (``rollup_case_months``: every (site, month, window, department, matter, channel, outcome)
  of the model with 1 to 19 cases, mean 10) of the first district's subtree only (its hall, 9 streets, their
  villages: ~1/100 of the province's ~10,000,000), which the street quarter reads; with ``--all-site-rows`` of
  every site (the 865 s load of the first round);
- the region rows of that district (``rollup_region_months``, ``rollup_region_windows``) summed from its site rows,
  the shard of a row being a hash of its site and window (one device per window);
- the rows of every site (region ``*``): every (department, matter of it, channel, outcome) × shard × month —
  each key is taken by hundreds of windows across the province, so every shard holds it — with counts whose sum is
  ~100,000,000 × scale, and the (window, department) rows: 60 window names × 40 departments × shard × month.

The daily rows are not generated: a calendar quarter reads none. The site × month totals (``rollup_site_months``)
are not either: only the full tally's figures by site read them.

Timed: :func:`hallclient.server.tallies.grouped_tally` (the real function the assessment and a quarter use) for
the whole province by department and by matter, for one district (its hall, 9 streets and their villages) and
for one street centre; each ``--runs`` times after one warm-up run: p50 and p99 (nearest rank), and the
benchmark process's own CPU time. The machine is shared (2 cores): the load average is printed with the figures.

    .venv/bin/python bench/province_tally.py [--scale 1.0] [--runs 30] [--province-groupings department,matter]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from datetime import date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(1, str(Path(__file__).resolve().parents[1] / "tests"))  # pgtest: the tests' PostgreSQL helper

from sqlalchemy import text

from _stats import percentile
from hallclient.domain.tally import Period
from hallclient.server.db import Database, upgrade
from hallclient.server.rollup_models import SHARDS
from hallclient.server.tallies import grouped_tally
from pgtest import create_database, running_postgres

QUARTER = Period(date(2026, 1, 1), date(2026, 3, 31))
MONTHS = ("2026-01-01", "2026-02-01", "2026-03-01")
TODAY, NOW = date(2026, 4, 15), datetime(2026, 4, 15, 9, 0)

# Each site kind: its windows as (window number, departments, matters per department), its channels and outcomes.
HALL_WINDOWS = "SELECT w, CASE WHEN w <= 48 THEN 1 ELSE 5 END AS depts, CASE WHEN w <= 48 THEN 17 ELSE 10 END AS ms " \
               "FROM generate_series(1, 60) AS w"  # fmt: skip
KINDS = {
    "hall": (HALL_WINDOWS, 3, 5),
    "street": ("SELECT w, 3 AS depts, 5 AS ms FROM generate_series(1, 6) AS w", 2, 5),
    "village": ("SELECT 1 AS w, 6 AS depts, 4 AS ms", 2, 4),
}
CHANNELS = ("on_site", "online", "post")
OUTCOMES = ("accept", "complete_immediately", "notify_missing", "accept_with_deficiency", "refuse")


def _sites(scale: float) -> dict[str, list[str]]:
    """Halls (districts), 9 street centres under each, the villages spread evenly under the streets."""
    halls = max(1, round(100 * scale))
    villages = max(1, round(2000 * scale))
    streets = 9 * halls
    sites: dict[str, list[str]] = {"hall": [], "street": [], "village": []}
    for h in range(halls):
        sites["hall"].append(f"D{h:03d}")
        for s in range(9):
            street, number = f"D{h:03d}-S{s}", h * 9 + s
            sites["street"].append(street)
            count = villages // streets + (number < villages % streets)
            sites["village"] += [f"{street}-V{v}" for v in range(count)]
    return sites


def _load(db: Database, sites: dict[str, list[str]], all_site_rows: bool, scale: float) -> None:
    with db.engine.begin() as connection:
        rows = [{"code": code, "name": code, "level": "district", "parent": "HALL"} for code in sites["hall"]]
        rows += [{"code": code, "name": code, "level": "street", "parent": code.rsplit("-", 1)[0]}
                 for code in sites["street"]]  # fmt: skip
        rows += [{"code": code, "name": code, "level": "village", "parent": code.rsplit("-", 1)[0]}
                 for code in sites["village"]]  # fmt: skip
        connection.execute(text("INSERT INTO sites (code, name, level, parent_code, active) "
                                "VALUES (:code, :name, :level, :parent, true)"), rows)  # fmt: skip
    channels = "ARRAY[" + ",".join(f"'{c}'" for c in CHANNELS) + "]"
    outcomes = "ARRAY[" + ",".join(f"'{o}'" for o in OUTCOMES) + "]"
    district = sites["hall"][0]
    for kind, (windows, channel_count, outcome_count) in KINDS.items():
        started = time.perf_counter()
        with db.engine.begin() as connection:
            connection.execute(text("CREATE TEMP TABLE bench_sites (code text, n int) ON COMMIT DROP"))
            connection.execute(text("INSERT INTO bench_sites VALUES (:code, :n)"),
                               [{"code": code, "n": n} for n, code in enumerate(sites[kind])
                                if all_site_rows or code.startswith(district)])  # fmt: skip
            connection.execute(text(f"""
                INSERT INTO rollup_case_months (site_code, month, "window", department_code, matter_code, channel,
                                                outcome, n, completed, assisted, green, late)
                SELECT s.code, m.month::date, lpad(win.w::text, 2, '0'),
                       'D' || lpad(((s.n * 7 + win.w * 3 + d) % 40)::text, 2, '0'),
                       'D' || lpad(((s.n * 7 + win.w * 3 + d) % 40)::text, 2, '0') || '-M' || k,
                       ({channels})[c], ({outcomes})[o],
                       x.n, x.n * 7 / 10, x.n / 20, x.n / 50, x.n / 25
                FROM bench_sites s
                CROSS JOIN unnest(ARRAY[{",".join(f"'{month}'" for month in MONTHS)}]) AS m(month)
                CROSS JOIN ({windows}) AS win
                CROSS JOIN LATERAL generate_series(0, win.depts - 1) AS d
                CROSS JOIN LATERAL generate_series(1, win.ms) AS k
                CROSS JOIN generate_series(1, {channel_count}) AS c
                CROSS JOIN generate_series(1, {outcome_count}) AS o
                CROSS JOIN LATERAL (SELECT 1 + (hashtext(s.code || m.month || win.w || d || k || c || o)
                                                & 2147483647) % 19 AS n) AS x
            """))  # fmt: skip
        print(f"  {kind}: {len(sites[kind])} sites loaded in {time.perf_counter() - started:.0f} s", flush=True)
    started = time.perf_counter()
    counts = "sum(n), sum(completed), sum(assisted), sum(green), sum(late)"
    shard = f"""((hashtext(site_code || "window") & 2147483647) % {SHARDS})"""
    mean = max(1, round(100_000_000 * scale / (len(MONTHS) * 40 * 17 * 3 * 5 * SHARDS)))  # ~100 M × scale cases in all
    with db.engine.begin() as connection:
        connection.execute(text(f"""
            INSERT INTO rollup_region_months (region_code, month, shard, department_code, matter_code, channel,
                                              outcome, n, completed, assisted, green, late)
            SELECT :region, month, {shard}, department_code, matter_code, channel, outcome, {counts}
            FROM rollup_case_months WHERE site_code LIKE :subtree GROUP BY 2, 3, 4, 5, 6, 7"""),
            {"region": district, "subtree": f"{district}%"})  # fmt: skip
        connection.execute(text(f"""
            INSERT INTO rollup_region_windows (region_code, month, shard, "window", department_code, n)
            SELECT :region, month, {shard}, "window", department_code, sum(n)
            FROM rollup_case_months WHERE site_code LIKE :subtree GROUP BY 2, 3, 4, 5"""),
            {"region": district, "subtree": f"{district}%"})  # fmt: skip
        connection.execute(text(f"""
            INSERT INTO rollup_region_months (region_code, month, shard, department_code, matter_code, channel,
                                              outcome, n, completed, assisted, green, late)
            SELECT '*', m.month::date, sh, 'D' || lpad(d::text, 2, '0'), 'D' || lpad(d::text, 2, '0') || '-M' || k,
                   ({channels})[c], ({outcomes})[o], x.n, x.n * 7 / 10, x.n / 20, x.n / 50, x.n / 25
            FROM unnest(ARRAY[{",".join(f"'{month}'" for month in MONTHS)}]) AS m(month)
            CROSS JOIN generate_series(0, 39) AS d CROSS JOIN generate_series(1, 17) AS k
            CROSS JOIN generate_series(1, 3) AS c CROSS JOIN generate_series(1, 5) AS o
            CROSS JOIN generate_series(0, {SHARDS - 1}) AS sh
            CROSS JOIN LATERAL (SELECT 1 + (hashtext(m.month || d || k || c || o || sh) & 2147483647)
                                           % {2 * mean - 1} AS n) AS x"""))  # fmt: skip
        connection.execute(text(f"""
            INSERT INTO rollup_region_windows (region_code, month, shard, "window", department_code, n)
            SELECT '*', m.month::date, sh, lpad(w::text, 2, '0'), 'D' || lpad(d::text, 2, '0'),
                   1 + (hashtext(m.month || w || d || sh) & 2147483647) % {2 * mean * 17 * 15 // 60 - 1}
            FROM unnest(ARRAY[{",".join(f"'{month}'" for month in MONTHS)}]) AS m(month)
            CROSS JOIN generate_series(1, 60) AS w CROSS JOIN generate_series(0, 39) AS d
            CROSS JOIN generate_series(0, {SHARDS - 1}) AS sh"""))  # fmt: skip
    print(f"  region rows ({district} from its sites, '*' generated) in {time.perf_counter() - started:.0f} s",
          flush=True)  # fmt: skip
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        for table in ("rollup_case_months", "rollup_region_months", "rollup_region_windows"):
            connection.execute(text(f"VACUUM ANALYZE {table}"))
        connection.execute(text("ANALYZE sites"))


def _time(db: Database, label: str, grouping: str, site: str | None, runs: int) -> None:
    wall: list[float] = []
    cpu_started = time.process_time()
    groups = 0
    for run in range(runs + 1):
        started = time.perf_counter()
        with db.session() as session:
            tally = grouped_tally(session, QUARTER, grouping, hall_name="省政务服务网", today=TODAY, now=NOW,
                                  site=site)  # fmt: skip
        if run:  # the first run warms the caches and is not counted
            wall.append((time.perf_counter() - started) * 1000)
        groups = len(tally.groups)
        cases = tally.total.cases
    cpu = (time.process_time() - cpu_started) / (runs + 1) * 1000
    print(f"{label:<38} p50 {statistics.median(wall):7.1f} ms  p99 {percentile(wall, 0.99):7.1f} ms  "
          f"(client CPU {cpu:5.1f} ms/run; {groups} groups, {cases:,} cases; {runs} runs)", flush=True)  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="1.0: 3,000 sites, ~100,000,000 cases a quarter")
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--all-site-rows", action="store_true",
                        help="generate the site × month rows of every site, not only the first district's")  # fmt: skip
    parser.add_argument("--province-groupings", default="department,matter,channel",
                        help="the groupings timed for the whole province (comma-separated)")  # fmt: skip
    args = parser.parse_args()
    print(f"load average before: {os.getloadavg()}", flush=True)
    with running_postgres() as cluster:
        url = create_database(cluster, "province")
        upgrade(url)
        db = Database(url)
        sites = _sites(args.scale)
        started = time.perf_counter()
        _load(db, sites, args.all_site_rows, args.scale)
        print(f"generated in {time.perf_counter() - started:.0f} s: {len(sites['hall'])} halls, "
              f"{len(sites['street'])} streets, {len(sites['village'])} villages ({QUARTER.label()})")  # fmt: skip
        with db.engine.connect() as connection:
            for table, region in (("rollup_case_months", None), ("rollup_region_months", sites["hall"][0]),
                                  ("rollup_region_months", "*"), ("rollup_region_windows", sites["hall"][0]),
                                  ("rollup_region_windows", "*")):  # fmt: skip
                where = "" if region is None else f" WHERE region_code = '{region}'"
                rows, cases = connection.execute(text(f"SELECT count(*), sum(n) FROM {table}{where}")).one()
                print(f"  {table}{where}: {rows:,} rows, {cases or 0:,} cases", flush=True)
        street = sites["street"][0]
        cases = [(f"province quarter by {grouping}", grouping, None) for grouping in args.province_groupings.split(",")]
        for label, grouping, site in (
            *cases,
            (f"district {sites['hall'][0]} (subtree) by department", "department", sites["hall"][0]),
            (f"street {street} (subtree) by matter", "matter", street),
        ):
            _time(db, label, grouping, site, args.runs)
        print(f"load average after: {os.getloadavg()}", flush=True)
        db.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
