"""Benchmark of the tally engine and exports on a local store of 1,000,000 cases.

The store is generated once with bulk SQL inserts (not through the services) and cached under /tmp, so
reruns start at once. Targets: one day ≤ 100 ms, a quarter ≤ 1 s. Prints medians of several runs.

    .venv/bin/python bench/tally.py [--cases N] [--runs R]
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from datetime import time as dtime
from pathlib import Path
from typing import Any

import hallclient.reports  # noqa: F401  (registers the supervision tables)
from hallclient.config import Settings
from hallclient.demo import demo_catalog
from hallclient.domain.catalog import Catalog
from hallclient.domain.tally import Period
from hallclient.domain.workdays import WorkCalendar
from hallclient.reports.export_pdf import write_pdf
from hallclient.reports.export_xlsx import write_xlsx
from hallclient.services.catalog import import_catalog
from hallclient.services.context import Services
from hallclient.services.tallies import local_tallies, local_tally
from hallclient.store.bootstrap import device_id, open_store

START = date(2024, 1, 2)
WINDOWS = [f"{n:02d}" for n in range(1, 9)]
OUTCOMES = (
    ["accept"] * 60
    + ["complete_immediately"] * 22
    + ["notify_missing"] * 10
    + ["refuse"] * 3
    + ["accept_with_deficiency"] * 5
)
CHANNELS = ["on_site"] * 80 + ["province_wide"] * 10 + ["cross_province"] * 3 + ["id_card_only"] * 7


def generate(path: Path, cases: int, *, catalog: Catalog | None = None, clerk_count: int = 24) -> None:
    """Bulk-write ``cases`` cases (2,000 a working day from 2024-01-02) with ratings and enquiries; the catalog
    (default: the demo one) and the number of clerks are the caller's (bench/assessment.py: a bigger hall)."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    store = open_store(path)
    import_catalog(store, catalog or demo_catalog())
    device = device_id(store)
    store.close()
    rng = random.Random(1)
    calendar = WorkCalendar.load_default()
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA synchronous=OFF")
    matters = connection.execute("SELECT code, name, department_code, promised_days FROM matters").fetchall()
    clerks = [(f"clerk-{n:03d}", f"人员{n:03d}") for n in range(clerk_count)]
    connection.executemany(
        "INSERT INTO users (id, username, display_name, role, password_hash, active, updated_at) "
        "VALUES (?, ?, ?, 'clerk', 'x', 1, '2024-01-01 00:00:00.000000')",
        [(cid, cid, name) for cid, name in clerks],
    )
    days: list[date] = []
    day = START
    per_day = 2000
    while len(days) * per_day < cases:
        if calendar.is_workday(day):
            days.append(day)
        day += timedelta(days=1)
    today = days[-1]
    case_rows: list[Any] = []
    rating_rows: list[Any] = []
    enquiry_rows: list[Any] = []
    number = 0
    for day in days:
        for _ in range(min(per_day, cases - number)):
            number += 1
            code, name, department, promised_days = matters[rng.randrange(len(matters))]
            clerk_id, clerk_name = clerks[rng.randrange(len(clerks))]
            received = datetime.combine(day, dtime(9)) + timedelta(seconds=rng.randrange(8 * 3600))
            outcome = rng.choice(OUTCOMES)
            promised = calendar.add_workdays(day, promised_days) if outcome != "notify_missing" else None
            completed = None
            status = {"refuse": "refused", "notify_missing": "awaiting_supplement"}.get(outcome, "accepted")
            if outcome == "complete_immediately":
                completed, status, promised = received, "completed", day
            elif status == "accepted" and promised is not None and ((today - day).days > 3 or rng.random() < 0.3):
                # most older cases are done, some within days, a few after their promised date
                done_on = calendar.add_workdays(day, rng.randint(1, promised_days + 2)) if promised_days else day
                completed, status = max(received, datetime.combine(done_on, dtime(16))), "collected"
            case_id = f"case-{number:08d}"
            case_rows.append((
                case_id, f"330106{day:%Y%m%d}{number:08d}", code, name, department, "person", "张*", "id_card",
                "330106199001011234", "", "{}", rng.choice(CHANNELS), "{}", int(rng.random() < 0.15),
                int(rng.random() < 0.08), outcome, status, received, day, promised, promised, 0, 0, completed,
                rng.choice(WINDOWS), clerk_id, clerk_name, device, received,
            ))  # fmt: skip
            if rng.random() < 0.6:
                level = rng.choices((5, 4, 3, 2, 1), (70, 18, 7, 3, 2))[0]
                rating_rows.append((f"rating-{number:08d}", case_id, level, received, case_rows[-1][-4], clerk_id))
            if rng.random() < 0.1:
                enquiry_rows.append((f"enq-{number:08d}", received, code, case_rows[-1][-4], clerk_id))
        if len(case_rows) >= 100_000:
            _flush(connection, case_rows, rating_rows, enquiry_rows)
    _flush(connection, case_rows, rating_rows, enquiry_rows)
    connection.execute("ANALYZE")
    connection.commit()
    connection.close()


def _flush(connection: sqlite3.Connection, cases: list[Any], ratings: list[Any], enquiries: list[Any]) -> None:
    connection.executemany(
        "INSERT INTO cases (id, case_no, matter_code, matter_name, department_code, applicant_kind, applicant_name,"
        " applicant_id_type, applicant_id_number, applicant_phone, applicant, channel, channel_details,"
        " green_channel, assisted, outcome, status, received_at, clock_start, promised_date, statutory_date,"
        " deficiency_open, extended_days, completed_at, refusal_reason, competent_body, window, clerk_id,"
        " clerk_name, device_id, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,'','',?,?,?,?,?)",
        [_text(row) for row in cases],
    )
    connection.executemany(
        "INSERT INTO ratings (id, case_id, level, reason, on_behalf, rated_at, window, clerk_id)"
        " VALUES (?, ?, ?, '', 0, ?, ?, ?)", [_text(row) for row in ratings],
    )  # fmt: skip
    connection.executemany(
        "INSERT INTO enquiries (id, asked_at, visitor_name, phone, matter_code, subject, handling, handed_to, note,"
        " window, clerk_id) VALUES (?, ?, '', '', ?, '咨询', 'answered', '', '', ?, ?)",
        [_text(row) for row in enquiries],
    )
    connection.commit()
    cases.clear()
    ratings.clear()
    enquiries.clear()


def _text(row: tuple[object, ...]) -> tuple[object, ...]:
    """Dates and times in the exact text form SQLAlchemy stores in SQLite."""
    return tuple(
        value.strftime("%Y-%m-%d %H:%M:%S.%f") if isinstance(value, datetime)
        else value.isoformat() if isinstance(value, date) else value
        for value in row
    )  # fmt: skip


def median_ms(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        fn()
        times.append((time.perf_counter() - began) * 1000)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    path = Path(tempfile.gettempdir()) / f"hallclient-bench-tally-{args.cases}.sqlite3"
    if not path.exists():
        began = time.perf_counter()
        print(f"generating {args.cases:,} cases → {path} …", flush=True)
        generate(path, args.cases)
        print(f"  generated in {time.perf_counter() - began:.1f} s")
    store = open_store(path)
    services = Services(store=store, settings=Settings(), device_id=device_id(store))
    last = date.fromisoformat(sqlite3.connect(path).execute("SELECT max(date(received_at)) FROM cases").fetchone()[0])
    day = Period.day(last - timedelta(days=7) if last.weekday() < 5 else last)
    quarter = Period(last - timedelta(days=90), last)  # 91 days: a quarter
    total = sqlite3.connect(path).execute("SELECT count(*) FROM cases").fetchone()[0]
    print(f"store: {total:,} cases; day {day.label()}, quarter {quarter.label()}; medians of {args.runs} runs")
    results = {
        "one day, one grouping": median_ms(lambda: local_tally(services, day, "window", today=last), args.runs),
        "one day, all 5 groupings": median_ms(lambda: local_tallies(services, day, today=last), args.runs),
        "quarter, one grouping": median_ms(lambda: local_tally(services, quarter, "clerk", today=last), args.runs),
        "quarter, all 5 groupings": median_ms(lambda: local_tallies(services, quarter, today=last), args.runs),
    }
    tallies = local_tallies(services, quarter, today=last)
    print(f"  quarter: {tallies['window'].total.cases:,} cases, {tallies['window'].total.rated:,} ratings")
    out = Path(tempfile.mkdtemp(prefix="hallclient-bench-"))
    results["PDF export (quarter, by matter)"] = median_ms(lambda: write_pdf(tallies["matter"], out / "q.pdf"),
                                                           args.runs)  # fmt: skip
    results["XLSX export (quarter, 5 sheets)"] = median_ms(lambda: write_xlsx(tallies, out / "q.xlsx"), args.runs)
    for name, ms in results.items():
        print(f"{name:36s} {ms:8.1f} ms")
    store.close()
    ok = results["one day, one grouping"] <= 100 and results["quarter, one grouping"] <= 1000
    print("targets (day ≤ 100 ms, quarter ≤ 1 s):", "met" if ok else "NOT met")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
