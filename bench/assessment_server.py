"""Benchmark of the hall-wide assessment on the server: a quarter by department and by staff, on SQLite and PostgreSQL.

The hall: 200 staff at 200 windows, 40 departments (3 matters each), 1,000,000 cases over 2025's working days
(4,000 a day), a rating event for 30 % of them, every staff member's sign-in and sign-out events each working day,
and 500 findings. Rows are generated once and cached under /tmp (a pickle, and the SQLite database itself); the
PostgreSQL cluster is started fresh and loaded with COPY. The queue tables stay empty (the answer says 无排队数据).
Goal: each assessment (2025Q4, ~250,000 cases) ≤ 2 s, median of several runs. The machine's load is printed
too, and the benchmark process's own CPU time (all of the work on SQLite; the client side on PostgreSQL), since
wall times on a shared machine say more about the neighbours than about the code.

    .venv/bin/python bench/assessment_server.py [--cases N] [--runs R] [--only sqlite|postgres]
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import random
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from datetime import time as dtime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(1, str(Path(__file__).resolve().parents[1] / "tests"))  # pgtest: the tests' PostgreSQL helper

from hallclient.domain.assessment import Subject
from hallclient.domain.assessment_file import load_demo_indicator_set
from hallclient.domain.catalog import Catalog, Department, Material, MaterialForm, Matter, MatterKind, MatterType
from hallclient.domain.workdays import WorkCalendar
from hallclient.server import admin
from hallclient.server.assessment import Options, server_assessment
from hallclient.server.db import Database, upgrade
from pgtest import create_database, running_postgres

START = date(2025, 1, 2)
PER_DAY = 4000
STAFF, DEPARTMENTS = 200, 40
QUARTER = "2025Q4"
OUTCOMES = ["accept"] * 60 + ["complete_immediately"] * 22 + ["notify_missing"] * 10 + ["refuse"] * 3 + [
    "accept_with_deficiency"] * 5  # fmt: skip
CASE_COLUMNS = ("case_id", "case_no", "device_id", "window", "matter_code", "matter_name", "department_code",
                "channel", "applicant_kind", "applicant_name", "green_channel", "assisted", "clerk_id", "clerk_name",
                "intake", "received_on", "received_at", "received_offset_min", "outcome", "status", "decision",
                "promised_date", "statutory_date", "state", "last_event_type", "last_seq", "events_count",
                "completed_at", "back_office_by", "conflict", "updated_at")  # fmt: skip
EVENT_COLUMNS = ("id", "device_id", "seq", "case_id", "type", "payload", "actor", "device_time", "prev_hash", "hash",
                 "received_at", "clock_offset_s", "clock_flag")  # fmt: skip


def catalog() -> Catalog:
    departments = tuple(Department(f"D{n:02d}", f"部门{n:02d}") for n in range(DEPARTMENTS))
    matters = tuple(
        Matter(code=f"M{n:02d}{k}", name=f"事项{n:02d}-{k}", department_code=f"D{n:02d}", kind=MatterKind.PROMISED,
               matter_type=MatterType.CONFIRMATION, statutory_days=20, promised_days=5 + k,
               materials=(Material("P1", "申请书", MaterialForm.ORIGINAL, 1),))
        for n in range(DEPARTMENTS) for k in range(3)
    )  # fmt: skip
    return Catalog(departments=departments, matters=matters, version="bench")


def generate(cases: int) -> dict[str, list[tuple[Any, ...]]]:
    rng = random.Random(7)
    calendar = WorkCalendar.load_default()
    days: list[date] = []
    day = START
    while len(days) * PER_DAY < cases:
        if calendar.is_workday(day):
            days.append(day)
        day += timedelta(days=1)
    staff = [(f"user-{n:03d}", f"人员{n:03d}", f"D{n % DEPARTMENTS:02d}", f"{n + 1:03d}") for n in range(STAFF)]
    seqs = dict.fromkeys((user for user, *_ in staff), 0)
    case_rows: list[tuple[Any, ...]] = []
    event_rows: list[tuple[Any, ...]] = []
    now = datetime(2026, 1, 15, 8)

    def event(user: str, type_: str, payload: dict[str, Any], at: datetime, case_id: str | None = None) -> None:
        seqs[user] += 1
        text = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        device_time = f"{at:%Y-%m-%dT%H:%M:%S}+08:00"
        event_rows.append((f"ev-{len(event_rows):09d}", f"dev-{user}", seqs[user], case_id, type_, text, user,
                           device_time, "0" * 64, "0" * 64, now, 0, False))  # fmt: skip

    number = 0
    for day in days:
        for user, name, department, window in staff:
            base = {"window": window, "user_id": user, "user_name": name, "department_code": department}
            start = datetime.combine(day, dtime(8, 50)) + timedelta(minutes=rng.randrange(25))
            event(user, "window.signed_in", {**base, "at": f"{start:%Y-%m-%dT%H:%M:%S}+08:00"}, start)
            end = datetime.combine(day, dtime(16, 50)) + timedelta(minutes=rng.randrange(20))
            event(user, "window.signed_out", {**base, "at": f"{end:%Y-%m-%dT%H:%M:%S}+08:00"}, end)
        for _ in range(min(PER_DAY, cases - number)):
            number += 1
            user, name, department, window = staff[rng.randrange(STAFF)]
            k = rng.randrange(3)
            received = datetime.combine(day, dtime(9)) + timedelta(seconds=rng.randrange(8 * 3600))
            outcome = rng.choice(OUTCOMES)
            promised = calendar.add_workdays(day, 5 + k) if outcome != "notify_missing" else None
            completed = None
            status = {"refuse": "refused", "notify_missing": "awaiting_supplement"}.get(outcome, "accepted")
            if outcome == "complete_immediately":
                completed, status = received, "completed"
            elif status == "accepted" and promised is not None and rng.random() < 0.9:
                done = calendar.add_workdays(day, rng.randint(1, 5 + k + 2))
                completed, status = datetime.combine(done, dtime(16)), "collected"
            case_id = f"case-{number:08d}"
            case_rows.append((
                case_id, f"NO{number:010d}", f"dev-{user}", window, f"M{department[1:]}{k}",
                f"事项{department[1:]}-{k}", department, "on_site", "person", "张*", False, False, user, name, "{}",
                day,
                received - timedelta(hours=8), 480, outcome, status, None, promised, promised, "{}", "case.accepted",
                1, 1, completed - timedelta(hours=8) if completed else None, "", "", now,
            ))  # fmt: skip
            if rng.random() < 0.3:
                level = rng.choices((5, 4, 3, 2, 1), (70, 18, 7, 3, 2))[0]
                payload = {"rating_id": f"r-{number}", "level": level, "window": window, "clerk_id": user}
                event(user, "rating.given", payload, received + timedelta(minutes=5), case_id)
    for n in range(500):
        user, name, department, window = staff[rng.randrange(STAFF)]
        day = days[rng.randrange(len(days))]
        payload = {"finding_id": f"f-{n}", "kind": rng.choice(["inspection", "mystery_visit", "video_check"]),
                   "day": day.isoformat(), "window": window, "staff_id": user, "staff_name": name,
                   "department_code": department, "points": -1, "note": "抽查", "evidence_name": "",
                   "evidence_sha256": "", "recorded_by": "boss", "recorded_by_name": "值班长", "appeal": None,
                   "status": "in_force"}  # fmt: skip
        event("user-000", "assessment.finding_recorded", payload, datetime.combine(day, dtime(15)))
    users = [(user, user, name, "clerk", "x", True, now) for user, name, _d, _w in staff]
    return {"cases": case_rows, "events": event_rows, "users": users}


def load(url: str, rows: dict[str, list[tuple[Any, ...]]]) -> None:
    upgrade(url)
    db = Database(url)
    admin.import_catalog(db, catalog())
    users = ("id", "username", "display_name", "role", "password_hash", "active", "updated_at")
    columns = {"cases": CASE_COLUMNS, "events": EVENT_COLUMNS, "users": users}
    with db.session() as session:
        connection = session.connection()
        if connection.dialect.name == "postgresql":
            raw = connection.connection.dbapi_connection
            assert raw is not None
            with raw.cursor() as cursor:  # type: ignore[attr-defined]
                for table, names in columns.items():
                    quoted = ", ".join(f'"{name}"' for name in names)
                    with cursor.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy:
                        for row in rows[table]:
                            copy.write_row(row)
        else:
            from sqlalchemy import text

            for table, names in columns.items():
                sql = text(f"INSERT INTO {table} ({', '.join(repr(n).replace(chr(39), chr(34)) for n in names)}) "
                           f"VALUES ({', '.join(':' + n for n in names)})")  # fmt: skip
                for start in range(0, len(rows[table]), 50_000):
                    chunk = [dict(zip(names, row, strict=True)) for row in rows[table][start : start + 50_000]]
                    connection.execute(sql, chunk)
    with db.session() as session:
        session.connection().exec_driver_sql("ANALYZE")
    db.dispose()


def measure(url: str, runs: int) -> dict[str, float]:
    db = Database(url)
    indicator_set = load_demo_indicator_set()
    options = Options(hall_name="大厅", opening_hours="09:00-12:00,13:30-17:00", today=date(2026, 1, 15),
                      now=datetime(2026, 1, 15, 9))  # fmt: skip
    results = {}
    for subject in (Subject.DEPARTMENT, Subject.STAFF):
        times, cpu = [], []
        for _ in range(runs):
            began, began_cpu = time.perf_counter(), time.process_time()
            with db.session() as session:
                found = server_assessment(session, QUARTER, subject, indicator_set, options)
            times.append(time.perf_counter() - began)
            cpu.append(time.process_time() - began_cpu)
        results[subject.value] = statistics.median(times)
        print(f"    {subject.value:10s} {len(found.rows):4d} rows, best {found.rows[0].total:6.2f}, "
              f"median {results[subject.value]:.2f} s of {runs} (this process's CPU {statistics.median(cpu):.2f} s)",
              flush=True)  # fmt: skip
    db.dispose()
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", choices=["sqlite", "postgres"])
    args = parser.parse_args()
    cache = Path(tempfile.gettempdir()) / f"hallclient-bench-assess-{args.cases}"
    rows_file, sqlite_file = cache.with_suffix(".pickle"), cache.with_suffix(".sqlite3")
    if not rows_file.exists():
        began = time.perf_counter()
        print(f"generating {args.cases:,} cases → {rows_file} …", flush=True)
        rows_file.write_bytes(pickle.dumps(generate(args.cases)))
        print(f"  generated in {time.perf_counter() - began:.1f} s", flush=True)
    rows: dict[str, list[tuple[Any, ...]]] | None = None
    results: dict[str, dict[str, float]] = {}
    if args.only != "postgres":
        if not sqlite_file.exists():
            rows = pickle.loads(rows_file.read_bytes())
            began = time.perf_counter()
            load(f"sqlite:///{sqlite_file}.part", rows)
            Path(f"{sqlite_file}.part").rename(sqlite_file)
            print(f"  SQLite loaded in {time.perf_counter() - began:.1f} s", flush=True)
        print("SQLite:", flush=True)
        results["SQLite"] = measure(f"sqlite:///{sqlite_file}", args.runs)
    if args.only != "sqlite":
        rows = rows or pickle.loads(rows_file.read_bytes())
        with running_postgres(fsync=True) as cluster:
            url = create_database(cluster, "assessbench")
            began = time.perf_counter()
            load(url, rows)
            print(f"PostgreSQL (loaded with COPY in {time.perf_counter() - began:.1f} s):", flush=True)
            results["PostgreSQL"] = measure(url, args.runs)
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    ok = all(seconds <= 2.0 for found in results.values() for seconds in found.values())
    print("goal (each assessment ≤ 2 s):", "met" if ok else "NOT met")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
