"""Monthly partitions of ``events`` and ``cases`` on PostgreSQL: the month keys, partitions ahead, archiving.

Both tables grow without bound, so on PostgreSQL they are range-partitioned by month on a column that never
changes once the row exists (s0013):

* ``events.event_month``: the month of the event's *device time* as the device wrote it (``2026-12-02T…`` →
  2026-12-01). The device time is hashed, so a resent event always carries the same month; the server's receive
  time is not used because it is the server's, not the event's. A device time that is no date (or a clock in 1970
  or 2099) still gets a month (:data:`UNDATED` for no date) and lands in the DEFAULT partition when no month
  partition holds it.
* ``cases.case_month``: the month of the intake date (``received_on``) when the row is created, else the month
  it was created in; never updated afterwards.

:func:`month_of` and :data:`MONTH_SQL_PG` / :data:`MONTH_SQL_SQLITE` (the migration's backfill) must agree
exactly: ingest finds a resent event by its month, so a row filed under another month would make a resend look
like a conflict. SQLite keeps unpartitioned tables with the same columns.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import re
import time
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import OperationalError

from hallclient.errors import HallError

UNDATED = date(1970, 1, 1)  # the month of a device time that names no month
_MONTH = re.compile(r"[1-9][0-9]{3}-(0[1-9]|1[0-2])")

# The same rule in SQL, for the migration's backfill (``device_time`` is the column).
MONTH_SQL_PG = (
    "CASE WHEN device_time ~ '^[1-9][0-9]{3}-(0[1-9]|1[0-2])' "
    "THEN to_date(substr(device_time, 1, 7) || '-01', 'YYYY-MM-DD') ELSE DATE '1970-01-01' END"
)
MONTH_SQL_SQLITE = (
    "CASE WHEN device_time GLOB '[1-9][0-9][0-9][0-9]-[01][0-9]*' AND substr(device_time, 6, 2) BETWEEN '01' AND '12' "
    "THEN substr(device_time, 1, 7) || '-01' ELSE '1970-01-01' END"
)

PARTITIONED = {"events": "event_month", "cases": "case_month"}  # table → its partition key
DEFAULT_AHEAD = 3  # months created ahead of the current one
ARCHIVE_MIN_AGE = 12  # months: younger partitions may still get resends and case events; never archived
LOCK_KEY = 0x68616C6C70617274  # pg_advisory_xact_lock key: one partition maintainer at a time ("hallpart")
_NAME = re.compile(r"^(events|cases)_y([0-9]{4})m([0-9]{2})$")
_BOUND = re.compile(r"FROM \('([0-9-]+)'\) TO \('([0-9-]+)'\)")

ONLY_POSTGRES = "分区仅用于 PostgreSQL：SQLite（单大厅内嵌库）的表不分区，无需此命令"


def month_of(device_time: str) -> date:
    """The partition month of an event: the year and month its device time starts with, else :data:`UNDATED`."""
    if _MONTH.match(device_time):
        return date(int(device_time[:4]), int(device_time[5:7]), 1)
    return UNDATED


def case_month(received_on: date | None, created_at: datetime) -> date:
    """The partition month of a new case row: its intake month, else the month the row is created."""
    day = received_on or created_at.date()
    return day.replace(day=1)


def add_months(month: date, count: int) -> date:
    index = month.year * 12 + month.month - 1 + count
    return date(index // 12, index % 12 + 1, 1)


def parse_month(value: str) -> date:
    """``YYYY-MM`` as the month's first day; a one-line refusal otherwise."""
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}", value.strip()) or not _MONTH.fullmatch(value.strip()):
        raise HallError(f"月份格式应为 YYYY-MM（如 2024-01）：{value}")
    return date(int(value[:4]), int(value[5:7]), 1)


def partition_name(table: str, month: date) -> str:
    return f"{table}_y{month.year:04d}m{month.month:02d}"


@dataclass(frozen=True)
class Partition:
    table: str
    name: str
    month: date | None  # None: the DEFAULT partition
    rows: int  # the planner's estimate (pg_class.reltuples), -1 when never analysed
    bytes: int


def _require_postgres(connection: Connection) -> None:
    if connection.dialect.name != "postgresql":
        raise HallError(ONLY_POSTGRES)


def partitions(connection: Connection) -> list[Partition]:
    """Every partition of ``events`` and ``cases``, months in order, the DEFAULT partition last."""
    _require_postgres(connection)
    found: list[Partition] = []
    for table in PARTITIONED:
        rows = connection.execute(
            text(
                "SELECT c.relname, pg_get_expr(c.relpartbound, c.oid) AS bound, c.reltuples::bigint AS estimate, "
                "pg_total_relation_size(c.oid) AS size FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
                "WHERE i.inhparent = to_regclass(:t)"
            ),
            {"t": table},
        )
        for row in rows:
            bound = _BOUND.search(row.bound)
            month = date.fromisoformat(bound.group(1)) if bound else None
            found.append(Partition(table, row.relname, month, int(row.estimate), int(row.size)))
    return sorted(found, key=lambda p: (p.table, p.month is None, p.month or UNDATED))


def ensure(connection: Connection, today: date, ahead: int = DEFAULT_AHEAD) -> list[str]:
    """Create the month partitions of ``today``'s month and ``ahead`` months after it that are missing; returns
    their names. Idempotent and safe when several server processes start at once: a transaction-scoped
    advisory lock lets one create while the others wait, then find nothing left to do.

    A new partition is created empty, filled with the rows of its month that the DEFAULT partition caught
    meanwhile (a device clock ahead of time), and attached: ATTACH PARTITION takes only a SHARE UPDATE EXCLUSIVE
    lock on the parent, so uploads keep flowing (CREATE TABLE ... PARTITION OF would lock the parent exclusively).
    Runs in the caller's transaction."""
    _require_postgres(connection)
    if ahead < 0:
        raise HallError(f"--ahead 不能为负数：{ahead}")
    connection.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": LOCK_KEY})
    # One catalog query (no sizes): this runs at every server start.
    found = connection.execute(
        text(
            "SELECT p.partrelid::regclass::text AS parent, c.relname FROM pg_partitioned_table p "
            "LEFT JOIN pg_inherits i ON i.inhparent = p.partrelid LEFT JOIN pg_class c ON c.oid = i.inhrelid "
            "WHERE p.partrelid IN (to_regclass('events'), to_regclass('cases'))"
        )
    ).all()
    parents = {row.parent for row in found}
    existing = {row.relname for row in found}
    first = today.replace(day=1)
    created: list[str] = []
    for table, key in PARTITIONED.items():
        if table not in parents:
            continue
        for offset in range(ahead + 1):
            month = add_months(first, offset)
            name = partition_name(table, month)
            if name not in existing:
                _create(connection, table, key, month)
                created.append(name)
    return created


def _create(connection: Connection, table: str, key: str, month: date) -> None:
    name, low, high = partition_name(table, month), month.isoformat(), add_months(month, 1).isoformat()
    default = f"{table}_default"
    columns = ", ".join(
        f'"{column}"'
        for column in connection.execute(
            text(
                "SELECT attname FROM pg_attribute WHERE attrelid = to_regclass(:t) AND attnum > 0 "
                "AND NOT attisdropped ORDER BY attnum"
            ),
            {"t": table},
        ).scalars()
    )
    in_range = f"{key} >= DATE '{low}' AND {key} < DATE '{high}'"
    connection.execute(text(f"CREATE TABLE {name} (LIKE {table} INCLUDING DEFAULTS INCLUDING CONSTRAINTS)"))
    # The bound as a CHECK lets ATTACH skip its validating scan of the new table.
    connection.execute(text(f"ALTER TABLE {name} ADD CONSTRAINT {name}_bound CHECK ({in_range})"))
    if connection.execute(text("SELECT to_regclass(:d)"), {"d": default}).scalar() is not None:
        # Rows of this month caught by DEFAULT must move first, or ATTACH refuses; lock it so none arrive meanwhile.
        connection.execute(text(f"LOCK TABLE {default} IN ACCESS EXCLUSIVE MODE"))
        connection.execute(text(f"INSERT INTO {name} ({columns}) SELECT {columns} FROM {default} WHERE {in_range}"))
        connection.execute(text(f"DELETE FROM {default} WHERE {in_range}"))
    connection.execute(text(f"ALTER TABLE {table} ATTACH PARTITION {name} FOR VALUES FROM ('{low}') TO ('{high}')"))
    connection.execute(text(f"ALTER TABLE {name} DROP CONSTRAINT {name}_bound"))


def ensure_at_startup(engine: Engine, today: date, lock_timeout: str = "5s") -> list[str]:
    """:func:`ensure` for a starting server process (PostgreSQL only). A lock it cannot get within 5 s is given
    up on: the next start or ``server partitions ensure`` does it, and meanwhile rows go to DEFAULT, none lost."""
    if engine.dialect.name != "postgresql":
        return []
    try:
        with engine.begin() as connection:
            connection.execute(text("SELECT set_config('lock_timeout', :t, true)"), {"t": lock_timeout})
            return ensure(connection, today)
    except OperationalError:
        return []


@dataclass(frozen=True)
class Archived:
    table: str
    name: str
    month: date
    rows: int
    file: Path


def archive(autocommit: Connection, before: date, out: Path, today: date) -> list[Archived]:
    """Detach every month partition of ``events`` and ``cases`` older than ``before``, dump it to
    ``out/NAME.csv`` (COPY, CSV with a header) with ``out/NAME.json`` (rows, SHA-256, columns), and drop it
    once the file's row count equals the table's. ``autocommit``: a connection in autocommit mode.

    DETACH PARTITION ... CONCURRENTLY is what PostgreSQL offers for no downtime, but it refuses a table that has a
    DEFAULT partition, which these have. A plain DETACH only changes the catalog: it needs the parent's ACCESS
    EXCLUSIVE lock for an instant, so it runs with a 2 s lock_timeout and is retried; uploads wait at most that
    long instead of queueing behind a long report. A partition detached earlier but not dropped (an interrupted
    run) is picked up again."""
    _require_postgres(autocommit)
    if before > add_months(today.replace(day=1), -ARCHIVE_MIN_AGE):
        raise HallError(
            f"只能归档 {ARCHIVE_MIN_AGE} 个月以前的分区：--before 最晚为 "
            f"{add_months(today.replace(day=1), -ARCHIVE_MIN_AGE):%Y-%m}（近期的事件仍可能被重发、办件仍在办理）"
        )
    if out.exists() and not out.is_dir():
        raise HallError(f"--out 应为文件夹：{out} 是一个文件")
    attached = [p for p in partitions(autocommit) if p.month is not None and p.month < before]
    leftovers = _detached_leftovers(autocommit, before, {p.name for p in attached})
    todo = [(p.table, p.name, p.month) for p in attached if p.month is not None] + leftovers
    if not todo:
        return []
    out.mkdir(parents=True, exist_ok=True)
    done: list[Archived] = []
    for table, name, month in todo:
        if any(name == p.name for p in attached):
            _detach(autocommit, table, name)
        rows, file = _dump(autocommit, name, month, out)
        autocommit.execute(text(f"DROP TABLE {name}"))
        done.append(Archived(table, name, month, rows, file))
    return done


def _detached_leftovers(connection: Connection, before: date, attached: set[str]) -> list[tuple[str, str, date]]:
    """Month tables named like partitions that are no longer attached (an archive run stopped after DETACH)."""
    names = connection.execute(
        text(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = current_schema() AND c.relkind = 'r' AND NOT c.relispartition "
            "AND c.relname ~ '^(events|cases)_y[0-9]{4}m[0-9]{2}$'"
        )
    ).scalars()
    found: list[tuple[str, str, date]] = []
    for name in names:
        match = _NAME.match(name)
        if match and name not in attached:
            month = date(int(match.group(2)), int(match.group(3)), 1)
            if month < before:
                found.append((match.group(1), name, month))
    return sorted(found)


def _detach(connection: Connection, table: str, name: str, attempts: int = 30) -> None:
    for attempt in range(attempts):
        try:
            connection.execute(text("SET lock_timeout = '2s'"))
            connection.execute(text(f"ALTER TABLE {table} DETACH PARTITION {name}"))
            return
        except OperationalError as error:
            if "lock timeout" not in str(error) or attempt == attempts - 1:
                raise HallError(f"无法分离分区 {name}：{str(error).splitlines()[0]}") from None
            time.sleep(1.0)
        finally:
            connection.execute(text("RESET lock_timeout"))


def _dump(connection: Connection, name: str, month: date, out: Path) -> tuple[int, Path]:
    """COPY the detached table to ``out/NAME.csv``, then check the file's rows against the table's count."""
    target, partial = out / f"{name}.csv", out / f"{name}.csv.partial"
    digest = hashlib.sha256()
    raw = connection.connection.dbapi_connection
    assert raw is not None
    with partial.open("wb") as sink, raw.cursor() as cursor:  # type: ignore[attr-defined]
        with cursor.copy(f"COPY {name} TO STDOUT WITH (FORMAT csv, HEADER true)") as copy:
            for chunk in copy:
                data = bytes(chunk)
                digest.update(data)
                sink.write(data)
        sink.flush()
        os.fsync(sink.fileno())
    expected = int(connection.execute(text(f"SELECT count(*) FROM {name}")).scalar_one())
    with partial.open(newline="", encoding="utf-8") as source:
        reader = csv.reader(source)
        columns = next(reader, [])
        written = sum(1 for _ in reader)
    if written != expected:
        raise HallError(f"归档校验失败：{name} 有 {expected} 行，文件 {partial} 只有 {written} 行；分区已分离但未删除")
    partial.replace(target)
    manifest = {"table": name, "month": f"{month:%Y-%m}", "rows": expected, "sha256": digest.hexdigest(),
                "columns": columns, "format": "PostgreSQL COPY CSV with header"}  # fmt: skip
    (out / f"{name}.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return expected, target
