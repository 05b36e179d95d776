"""Rollups of the additive case figures (``server/rollup_models.py``): maintained off the upload path, read by the
tallies, rebuilt and checked from the raw ``cases`` rows by ``hallclient server rollups rebuild|check``.

A case counts once, in the rollup rows its current state maps to (:func:`contribution`). Ingest and the back office
only *mark* a case row they insert or update (``rollup_dirty``, set by the same INSERT/UPDATE: the column's
server default and ``onupdate``), so the upload path writes no rollup row. The **applier** (:func:`fold_pending`:
a background thread of every ``hallclient serve`` process, :class:`Applier`, and ``hallclient server rollups
apply``) takes up to N marked cases (``FOR UPDATE SKIP LOCKED`` on PostgreSQL: several processes share the work),
adds contribution(row now) − contribution(``rolled_up``, the row as last folded in) with ``INSERT … ON CONFLICT DO
UPDATE SET n = n + excluded.n`` in sorted key order (no deadlock), stores the new snapshot and clears the mark, all
in one transaction. A case updated while the applier holds it waits on the row lock and is marked again after: the
next round folds the rest.

The tallies are never stale: each read of the rollups (:func:`case_counts`, :func:`hour_counts`) is one SQL
statement that also returns the marked cases of its scope (through the partial index ``ix_cases_rollup_dirty``),
whose pending differences are added in Python. One statement sees one snapshot, so a case is counted exactly once
whether the applier folded it before, during or after the read.
"""

from __future__ import annotations

import json
import logging
import threading
import time
import weakref
import zlib
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, cast

from sqlalchemy import (
    Connection,
    Date,
    Engine,
    Integer,
    String,
    Table,
    Text,
    and_,
    case,
    delete,
    false,
    func,
    insert,
    literal_column,
    null,
    select,
    text,
    true,
    union_all,
    update,
)
from sqlalchemy import cast as sql_cast
from sqlalchemy.orm import Session

from hallclient.domain.tally import Period
from hallclient.errors import HallError
from hallclient.server.db import any_of
from hallclient.server.models import ServerCase
from hallclient.server.partitions import add_months
from hallclient.server.rollup_models import (
    ALL_SITES,
    DIRTY_PREDICATE,
    SHARDS,
    RollupCaseDay,
    RollupCaseHour,
    RollupCaseMonth,
    RollupRegionMonth,
    RollupRegionWindow,
    RollupSiteMonth,
)
from hallclient.server.site_models import ServerSite

log = logging.getLogger(__name__)

CASES = cast(Table, ServerCase.__table__)
DAYS = cast(Table, RollupCaseDay.__table__)
MONTHS = cast(Table, RollupCaseMonth.__table__)
HOURS = cast(Table, RollupCaseHour.__table__)
REGION_MONTHS = cast(Table, RollupRegionMonth.__table__)
REGION_WINDOWS = cast(Table, RollupRegionWindow.__table__)
SITE_MONTHS = cast(Table, RollupSiteMonth.__table__)
DIMENSIONS = ("window", "clerk_id", "department_code", "matter_code", "channel", "outcome")
MONTH_DIMENSIONS = tuple(name for name in DIMENSIONS if name != "clerk_id")
COARSE_DIMENSIONS = ("department_code", "matter_code", "channel", "outcome")  # what a region's rows are keyed by
COUNTS = ("n", "completed", "assisted", "green", "late")
Key = tuple[str, tuple[Any, ...]]  # (table name, primary key values)
Delta = dict[Key, list[int]]


def _value(row: Any, name: str) -> Any:
    return row.get(name) if isinstance(row, Mapping) else getattr(row, name)


def month_of(day: date) -> date:
    return day.replace(day=1)


def contribution(row: Any) -> Delta:
    """What one case row (a mapping or a ``ServerCase``) adds to the rollups: nothing without a day received.
    The rules are the raw tally's: completed = has a completion time; late = completed, in the hall's wall time
    (the intake's UTC offset), after the promised date; the hour is the intake's wall-clock hour."""
    day = _value(row, "received_on")
    if day is None:
        return {}
    site = str(_value(row, "site_code") or "")
    dims = {name: str(_value(row, name) or "") for name in DIMENSIONS}
    offset = timedelta(minutes=_value(row, "received_offset_min") or 0)
    completed_at, promised = _value(row, "completed_at"), _value(row, "promised_date")
    late = completed_at is not None and promised is not None and (completed_at + offset).date() > promised
    counts = [1, int(completed_at is not None), int(bool(_value(row, "assisted"))),
              int(bool(_value(row, "green_channel"))), int(late)]  # fmt: skip
    found: Delta = {
        ("days", (site, day, *(dims[name] for name in DIMENSIONS))): counts,
        ("months", (site, month_of(day), *(dims[name] for name in MONTH_DIMENSIONS))): list(counts),
    }
    # Expanded by :func:`add` into the site × month totals and the rows of the site's region and of every site.
    shard = zlib.crc32(str(_value(row, "device_id") or "").encode()) % SHARDS
    found[("regions", (site, month_of(day), shard, *(dims[name] for name in MONTH_DIMENSIONS)))] = list(counts)
    received_at = _value(row, "received_at")
    if received_at is not None:
        found[("hours", (site, day, dims["window"], (received_at + offset).hour))] = [1]
    return found


def _add(total: Delta, part: Delta, sign: int) -> None:
    for key, counts in part.items():
        found = total.setdefault(key, [0] * len(counts))
        for index, count in enumerate(counts):
            found[index] += sign * count


TABLES: dict[str, tuple[Table, tuple[str, ...], tuple[str, ...]]] = {
    "days": (DAYS, ("site_code", "day", *DIMENSIONS), COUNTS),
    "months": (MONTHS, ("site_code", "month", *MONTH_DIMENSIONS), COUNTS),
    "hours": (HOURS, ("site_code", "day", "window", "hour"), ("n",)),
    "site_months": (SITE_MONTHS, ("site_code", "month", "shard"), ("n", "completed")),
    "region_months": (REGION_MONTHS, ("region_code", "month", "shard", *COARSE_DIMENSIONS), COUNTS),
    "region_windows": (REGION_WINDOWS, ("region_code", "month", "shard", "window", "department_code"), ("n",)),
}


def regions_of(connection: Connection | Session, sites: Iterable[str]) -> dict[str, str]:
    """Each site's region: its ancestor that is a child of the root (itself if it is one). The root and sites not in
    the tree have none (their cases count in the :data:`ALL_SITES` rows only). A few small reads up the tree."""
    parents: dict[str, str | None] = {}
    wanted = {code for code in sites if code}
    for _depth in range(16):  # a site tree is four levels deep; the bound only guards against a cycle
        if not wanted:
            break
        rows = connection.execute(select(ServerSite.code, ServerSite.parent_code)
                                  .where(ServerSite.code.in_(sorted(wanted)))).all()  # fmt: skip
        parents.update({code: parent for code, parent in rows})
        wanted = {parent for _code, parent in rows if parent and parent not in parents}
    found = {}
    for site in sites:
        chain = [site]
        while chain[-1] in parents and parents[chain[-1]] is not None and len(chain) < 16:
            chain.append(str(parents[chain[-1]]))
        if len(chain) >= 2 and chain[-1] in parents:  # the last is the root: the one before it is the region
            found[site] = chain[-2]
    return found


# engine → site → region: sites are added, never moved (per engine, so two databases never share an answer)
_REGIONS: weakref.WeakKeyDictionary[Engine, dict[str, str | None]] = weakref.WeakKeyDictionary()


def _cached_regions(connection: Connection, sites: set[str]) -> dict[str, str]:
    """:func:`regions_of` remembered per engine and site: ingest would otherwise walk the tree (a read per level)
    for every batch. A site is never re-parented (only added or retired), so a remembered region holds; a site not
    (yet) in the tree is asked again next time."""
    known = _REGIONS.setdefault(connection.engine, {})
    missing = sites - set(known)
    if missing:
        found = regions_of(connection, missing)
        query = select(ServerSite.code).where(ServerSite.code.in_(sorted(missing)))
        for site in set(connection.scalars(query)):
            known[site] = found.get(site)
        return {**{site: region for site in sites if (region := known.get(site))}, **found}
    return {site: region for site in sites if (region := known[site])}


def _expand(connection: Connection, delta: Delta) -> Delta:
    """The ``regions`` entries of ``delta`` (site, month, shard, window, department, matter, channel, outcome) as
    the rows of the site × month totals, of every site (``*``) and of the site's region."""
    regional = [(key, values) for (kind, key), values in delta.items() if kind == "regions"]
    expanded: Delta = {key: values for key, values in delta.items() if key[0] != "regions"}
    regions = _cached_regions(connection, {key[0] for key, _values in regional}) if regional else {}
    for (site, month, shard, window, department, matter, channel, outcome), values in regional:
        part: Delta = {("site_months", (site, month, shard)): values[:2]}
        for region in sorted({ALL_SITES, regions.get(site, ALL_SITES)}):
            part[("region_months", (region, month, shard, department, matter, channel, outcome))] = list(values)
            part[("region_windows", (region, month, shard, window, department))] = values[:1]
        _add(expanded, part, 1)
    return expanded


def add(connection: Connection, delta: Delta) -> None:
    """Add ``delta`` to the rollup rows, one upsert per table, keys in sorted order."""
    _upsert_all(connection, _expand(connection, delta))


def _upsert_all(connection: Connection, delta: Delta) -> None:
    """One multi-row ``INSERT … ON CONFLICT DO UPDATE SET n = n + excluded.n`` per table and :data:`UPSERT_ROWS`
    rows, tables in a fixed order, keys sorted (no deadlock). Spelled as driver SQL with native placeholders
    (``$n`` through psycopg's raw cursor, as ``db.insert_rows``): row-by-row executemany, SQLAlchemy compiling a
    statement of a thousand rows, or psycopg rewriting ``%s`` in it, each cost the applier most of its CPU."""
    postgres = connection.dialect.name == "postgresql"
    quote = connection.dialect.identifier_preparer.quote
    for name, (table, keys, counts) in TABLES.items():
        mine = sorted((key, values) for (kind, key), values in delta.items() if kind == name and any(values))
        if not mine:
            continue
        width = len(keys) + len(counts)
        head = f"INSERT INTO {table.name} ({', '.join(quote(column) for column in (*keys, *counts))}) VALUES "
        tail = (f" ON CONFLICT ({', '.join(quote(key) for key in keys)}) DO UPDATE SET "
                + ", ".join(f"{quote(c)} = {table.name}.{quote(c)} + excluded.{quote(c)}" for c in counts))  # fmt: skip
        for first in range(0, len(mine), UPSERT_ROWS):
            chunk = mine[first : first + UPSERT_ROWS]
            params: list[Any] = []
            for key, values in chunk:
                params += key if postgres else [v.isoformat() if isinstance(v, date) else v for v in key]  # as stored
                params += values
            if postgres:
                _raw_execute(connection, head + _pg_marks(width, len(chunk)) + tail, params)
            else:
                marks = "(" + ", ".join(["?"] * width) + ")"
                connection.exec_driver_sql(head + ", ".join([marks] * len(chunk)) + tail, tuple(params))


def _pg_marks(width: int, count: int) -> str:
    """``($1,$2),($3,$4)`` for ``count`` rows of ``width`` values."""
    return ",".join("(" + ",".join(f"${n * width + i + 1}" for i in range(width)) + ")" for n in range(count))


def _raw_execute(connection: Connection, sql: str, params: list[Any]) -> None:
    from psycopg import Connection as PsycopgConnection
    from psycopg import RawCursor

    dbapi_connection = cast(PsycopgConnection[Any], connection.connection.dbapi_connection)  # this transaction's
    with RawCursor(dbapi_connection) as cursor:
        cursor.execute(sql, params)


UPSERT_ROWS = 1000  # rows per statement: ≤ 13 columns each, within SQLite's and PostgreSQL's bound parameter limits


# --- the applier: marked cases folded into the rollups off the upload path -----------------------------------------

# What contribution() reads of a case row: the snapshot stored in ``cases.rolled_up`` (a JSON array, this order).
SNAPSHOT_FIELDS = ("site_code", "received_on", *DIMENSIONS, "received_offset_min", "completed_at", "promised_date",
                   "assisted", "green_channel", "device_id", "received_at")  # fmt: skip
_DATES, _MOMENTS = {"received_on", "promised_date"}, {"completed_at", "received_at"}
BATCH = 500  # cases folded per transaction


def snapshot_sql(dialect: str) -> Any:
    """The snapshot of each case row as SQL (a JSON array of :data:`SNAPSHOT_FIELDS`), read back by :func:`fields`
    (PostgreSQL writes ``T`` in timestamps and true/false, SQLite a space and 0/1)."""
    columns = [CASES.c[name] for name in SNAPSHOT_FIELDS]
    if dialect == "postgresql":
        return sql_cast(func.json_build_array(*columns), Text)
    return func.json_array(*columns)


def fields(snapshot_text: str) -> dict[str, Any]:
    """A snapshot (:func:`snapshot_sql`) as the mapping :func:`contribution` reads."""
    found: dict[str, Any] = dict(zip(SNAPSHOT_FIELDS, json.loads(snapshot_text), strict=True))
    for name in _DATES | _MOMENTS:
        if found[name] is not None:
            moment = datetime.fromisoformat(found[name])
            found[name] = moment.date() if name in _DATES else moment
    for name in ("assisted", "green_channel"):
        found[name] = bool(found[name])
    return found


def pending(current: Any, rolled_up: str | None) -> Delta:
    """What a marked case still owes the rollups: its contribution now minus the one last folded in."""
    delta = contribution(current)
    if rolled_up is not None:
        _add(delta, contribution(fields(rolled_up)), -1)
    return delta


def fold_pending(connection: Connection, limit: int = BATCH) -> int:
    """Fold up to ``limit`` marked cases into the rollups, in the caller's transaction; returns how many.

    The case rows are locked (skipping those another applier or an upload holds, on PostgreSQL) and unmarked first,
    then the rollup rows are upserted: the same order as :func:`rebuild` (cases, then rollups), so the two never
    wait on each other in opposite orders. A failure rolls everything back: nothing is half folded."""
    c = CASES.c
    query = select(c.case_id, c.case_month, c.rolled_up, *(c[name] for name in SNAPSHOT_FIELDS))
    query = query.where(text(DIRTY_PREDICATE)).limit(limit)
    if connection.dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    rows = connection.execute(query).mappings().all()
    if not rows:
        return 0
    delta: Delta = {}
    for row in rows:
        _add(delta, pending(row, row["rolled_up"]), 1)
    # The rows are locked (PostgreSQL) or the database is (SQLite): the snapshot SQL writes is the row just read.
    dialect = connection.dialect.name
    folded = (update(CASES).where(any_of(dialect, c.case_id, "fold_ids"), any_of(dialect, c.case_month, "fold_months"))
              .values(rollup_dirty=False, rolled_up=snapshot_sql(dialect)))  # fmt: skip
    connection.execute(folded, {"fold_ids": [row["case_id"] for row in rows],
                                "fold_months": sorted({row["case_month"] for row in rows})})  # fmt: skip
    add(connection, delta)
    return len(rows)


def fold_all(engine: Engine, limit: int = BATCH) -> int:
    """Fold marked cases, one transaction per ``limit``, until none is left (or only ones others hold)."""
    total = 0
    while True:
        with engine.begin() as connection:
            folded = fold_pending(connection, limit)
        total += folded
        if folded < limit:
            return total


class Applier:
    """Runs :func:`fold_all` in a daemon thread of a server process: at once while there is work, else every
    ``interval`` seconds. Off the event loop; an error is logged and retried next round, never raised."""

    def __init__(self, engine: Engine, interval: float = 2.0, limit: int = BATCH) -> None:
        self.engine, self.interval, self.limit = engine, interval, limit
        self.folded, self.cpu_seconds = 0, 0.0  # cases folded and the loop's own CPU time, logged at stop
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="rollup-applier", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        """Ask the loop to end and wait for the round in progress (its transaction commits or rolls back)."""
        self._stop.set()
        self._thread.join(timeout=30)
        log.info("rollup applier stopped: %d cases folded, %.2f s CPU", self.folded, self.cpu_seconds)

    def _run(self) -> None:
        while not self._stop.is_set():
            folded, started = 0, time.thread_time()
            try:
                with self.engine.begin() as connection:
                    folded = fold_pending(connection, self.limit)
                self.folded += folded
            except Exception:
                log.exception("rollup applier round failed; retrying in %g s", self.interval)
            self.cpu_seconds += time.thread_time() - started
            if folded < self.limit:  # a full batch: more is waiting, go on at once
                self._stop.wait(self.interval)


# --- reading -------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Spans:
    """A period cut into whole months (read from the monthly rows) and the days around them."""

    day_ranges: tuple[tuple[date, date], ...]
    months: tuple[date, date] | None  # first days of the first and last whole month


def spans(period: Period, *, months: bool = True) -> Spans:
    if not months:
        return Spans(((period.start, period.end),), None)
    first = period.start if period.start.day == 1 else month_of(month_of(period.start) + timedelta(days=32))
    after = period.end + timedelta(days=1)
    last_end = period.end if after.day == 1 else month_of(period.end) - timedelta(days=1)
    if first > last_end:
        return Spans(((period.start, period.end),), None)
    ranges = []
    if period.start < first:
        ranges.append((period.start, first - timedelta(days=1)))
    if last_end < period.end:
        ranges.append((last_end + timedelta(days=1), period.end))
    return Spans(tuple(ranges), (first, month_of(last_end)))


def case_counts(
    session: Session,
    period: Period,
    group: Sequence[str],
    sites: Sequence[str] | None = None,
    integrated: Collection[str] | None = None,
    region: str | None = None,
) -> dict[tuple[str, ...], list[int]]:
    """The case counts (:data:`COUNTS`) of the cases received in ``period`` at ``sites`` (None: all), by the
    columns ``group`` (among ``site_code`` and :data:`DIMENSIONS`); groups without a case are left out. With
    ``integrated`` (window names), one count more: the cases taken at those windows (一窗受理), summed in SQL so the
    window need not be in ``group``.

    The days at the edges of the period come from the daily rows of ``sites``; its whole months from the coarsest
    table that answers them exactly (:func:`_month_table`): the site × month totals for figures by site, the rows
    of ``region`` (:func:`coarse_region`: exactly the cases of ``sites``) when the grouping has no site, window
    or clerk, else the monthly rows of ``sites``. The cases not folded in yet are added (:func:`_read`)."""
    plan = spans(period, months="clerk_id" not in group)
    width = len(COUNTS) + (integrated is not None)
    totals: defaultdict[tuple[str, ...], list[int]] = defaultdict(lambda: [0] * width)
    parts: list[tuple[Table, str, date, date]] = [(DAYS, "day", start, end) for start, end in plan.day_ranges]
    if plan.months:
        parts.append((_month_table(group, integrated, region), "month", *plan.months))
    queries: list[Part] = []
    for table, column, start, end in parts:
        sums = [func.sum(table.c[name]) if name in table.c else literal_column("0", Integer) for name in COUNTS]
        if integrated is not None and table is not REGION_MONTHS:
            at_integrated = table.c.window.in_(sorted(integrated)) if integrated else false()
            sums.append(func.sum(case((at_integrated, table.c.n), else_=0)))
        scope = table.c.region_code == region if "region_code" in table.c else _in(table.c.site_code, sites)
        queries.append(Part(table, [table.c[name] for name in group], sums,
                            [table.c[column] >= start, table.c[column] <= end, scope], (start, end)))  # fmt: skip
    windows = next((part.span for part in queries if part.table is REGION_MONTHS), None) if integrated else None
    if integrated and windows is not None:  # the region's cases at the integrated windows, by department
        w = REGION_WINDOWS.c
        where = [w.region_code == region, w.month >= windows[0], w.month <= windows[1],
                 w.window.in_(sorted(integrated))]  # fmt: skip
        queries.append(Part(REGION_WINDOWS, [w.department_code], [func.sum(w.n)], where, windows))
    found, owed = _read(session, queries, sites)
    for part, rows in zip(queries[: len(parts)], found, strict=False):
        for key, counts in rows:
            total = totals[key]
            for index, value in enumerate(counts):
                total[index] += value
        for named, owes in _owed(owed, part, sites, region):
            total = totals[tuple(str(named[name]) for name in group)]
            for index, name in enumerate(COUNTS):
                total[index] += owes.get(name, 0)
            if integrated is not None and part.table is not REGION_MONTHS and named["window"] in integrated:
                total[len(COUNTS)] += owes["n"]
    if integrated and windows is not None:
        by_department: defaultdict[str, int] = defaultdict(int)
        for (department,), (count,) in found[-1]:
            by_department[department] += count
        for named, owes in _owed(owed, queries[-1], sites, region):
            if named["window"] in integrated:
                by_department[str(named["department_code"])] += owes["n"]
        _add_integrated(totals, group, by_department)
    return {key: counts for key, counts in totals.items() if counts[0]}


@dataclass(frozen=True)
class Part:
    """One aggregate of a rollup table: group columns, summed columns, conditions, the dates it spans."""

    table: Table
    keys: list[Any]
    sums: list[Any]
    where: list[Any]
    span: tuple[date, date]


def _read(
    session: Session, parts: Sequence[Part], sites: Sequence[str] | None
) -> tuple[list[list[tuple[tuple[str, ...], list[int]]]], Delta]:
    """The rows of each aggregate in ``parts`` and what the marked cases of ``sites`` still owe the rollups,
    expanded to every table (:func:`_expand`) — read by ONE statement (``UNION ALL``), hence from one snapshot:
    a case the applier folds meanwhile is either in the rollup rows or marked here, never both or neither."""
    dialect = session.get_bind().dialect.name
    width_keys = max(len(part.keys) for part in parts)
    width_sums = max(len(part.sums) for part in parts)
    text_null, count_zero = sql_cast(null(), String), literal_column("0", Integer)
    selects: list[Any] = []
    for tag, part in enumerate(parts):
        keys = [*(sql_cast(key, String) for key in part.keys), *[text_null] * (width_keys - len(part.keys))]
        sums = [*part.sums, *[count_zero] * (width_sums - len(part.sums))]
        selects.append(select(literal_column(str(tag), Integer), *keys, *sums, text_null, text_null).where(*part.where)
                       .group_by(*part.keys))  # fmt: skip
    c = CASES.c
    marked = [literal_column("-1", Integer), *[text_null] * width_keys, *[count_zero] * width_sums]
    selects.append(select(*marked, snapshot_sql(dialect), c.rolled_up).where(text(DIRTY_PREDICATE),
                                                                             _in(c.site_code, sites)))  # fmt: skip
    found: list[list[tuple[tuple[str, ...], list[int]]]] = [[] for _part in parts]
    owed: Delta = {}
    for row in session.execute(union_all(*selects)):
        tag = row[0]
        if tag < 0:
            _add(owed, pending(fields(row[-2]), row[-1]), 1)
            continue
        part = parts[tag]
        key = tuple(str(value) for value in row[1 : 1 + len(part.keys)])
        counts = [int(value or 0) for value in row[1 + width_keys : 1 + width_keys + len(part.sums)]]
        found[tag].append((key, counts))
    return found, (_expand(session.connection(), owed) if owed else {})


TABLE_NAMES = {table.name: name for name, (table, _keys, _counts) in TABLES.items()}


def _owed(
    owed: Delta, part: Part, sites: Sequence[str] | None, region: str | None
) -> Iterable[tuple[dict[str, Any], dict[str, int]]]:
    """The entries of ``owed`` that ``part`` would read (its table, dates and scope), as named keys and counts."""
    name = TABLE_NAMES[part.table.name]
    _table, keys, counts = TABLES[name]
    start, end = part.span
    for (kind, key), values in owed.items():
        if kind != name or not start <= key[1] <= end:
            continue
        named = dict(zip(keys, key, strict=True))
        in_scope = named["region_code"] == region if "region_code" in named else sites is None or key[0] in sites
        if in_scope:
            yield named, dict(zip(counts, values, strict=True))


def _in(column: Any, sites: Sequence[str] | None) -> Any:
    return true() if sites is None else column.in_(list(sites))


def _month_table(group: Sequence[str], integrated: Collection[str] | None, region: str | None) -> Table:
    """The coarsest monthly table that gives ``group`` exactly: the site × month totals for the sites' cases and
    completions; the region rows for department, matter, channel, outcome (一窗受理 only by department: the rows
    by window hold the department, not the matter or channel); the region's (window, department) rows for which
    windows took which departments; else the site × month rows."""
    wanted = set(group)
    if wanted <= {"site_code"} and integrated is None:
        return SITE_MONTHS
    if region is not None and wanted <= set(COARSE_DIMENSIONS) and (not integrated or "department_code" in wanted):
        return REGION_MONTHS
    if region is not None and wanted <= {"window", "department_code"} and integrated is None:
        return REGION_WINDOWS
    return MONTHS


def _add_integrated(
    totals: dict[tuple[str, ...], list[int]], group: Sequence[str], by_department: Mapping[str, int]
) -> None:
    """Add the cases at the integrated windows (by department, from the region's window rows) to one row of each
    department in ``totals`` (the first in key order): a tally grouped by department sums them per department."""
    index = list(group).index("department_code")
    first: dict[str, tuple[str, ...]] = {}
    for key in sorted(totals):
        first.setdefault(key[index], key)
    for department, count in by_department.items():
        if count and department in first:
            totals[first[department]][len(COUNTS)] += count


def coarse_region(session: Session, site: str | None) -> str | None:
    """The region whose rows hold exactly the cases of ``site``'s subtree: ``*`` for no site (every case), the site
    itself when it is a region (a child of the root), else None (read the site rows)."""
    if site is None:
        return ALL_SITES
    return site if regions_of(session, [site]).get(site) == site else None


def hour_counts(session: Session, period: Period, sites: Sequence[str] | None = None) -> list[int]:
    h = HOURS.c
    part = Part(HOURS, [h.hour], [func.sum(h.n)], [h.day >= period.start, h.day <= period.end, _in(h.site_code, sites)],
                (period.start, period.end))  # fmt: skip
    found, owed = _read(session, [part], sites)
    hourly = [0] * 24
    for (hour,), (count,) in found[0]:
        hourly[int(hour)] += count
    for named, counts in _owed(owed, part, sites, None):
        hourly[int(named["hour"])] += counts["n"]
    return hourly


# --- rebuilding and checking from the raw cases --------------------------------------------------------------------


def _offset_minutes() -> Any:
    return func.coalesce(ServerCase.received_offset_min, 0)


def _wall(dialect: str, moment: Any, part: str) -> Any:
    """The hall's wall-time date (``part`` = 'date') or hour ('hour') of a UTC ``cases`` column, in SQL."""
    if dialect == "sqlite":
        shift = func.printf("%+d minutes", _offset_minutes())
        return func.date(moment, shift) if part == "date" else sql_cast(func.strftime("%H", moment, shift), Integer)
    shifted = moment + func.make_interval(0, 0, 0, 0, 0, _offset_minutes())
    return sql_cast(shifted, Date) if part == "date" else sql_cast(func.extract("hour", shifted), Integer)


def _raw_day_select(dialect: str, start: date | None, end: date | None) -> Any:
    s = ServerCase
    late = and_(s.completed_at.isnot(None), s.promised_date.isnot(None),
                _wall(dialect, s.completed_at, "date") > s.promised_date)  # fmt: skip
    keys = [s.site_code, s.received_on, *(getattr(s, name) for name in DIMENSIONS)]  # NOT NULL columns
    return (
        select(*keys, func.count(), func.count(s.completed_at), func.sum(case((s.assisted, 1), else_=0)),
               func.sum(case((s.green_channel, 1), else_=0)), func.sum(case((late, 1), else_=0)))
        .where(s.received_on.isnot(None), _between(s.received_on, start, end))
        .group_by(*keys)
    )  # fmt: skip


def _raw_hour_select(dialect: str, start: date | None, end: date | None) -> Any:
    s = ServerCase
    hour = _wall(dialect, s.received_at, "hour")
    return (
        select(s.site_code, s.received_on, s.window, hour, func.count())
        .where(s.received_on.isnot(None), _between(s.received_on, start, end), s.received_at.isnot(None))
        .group_by(s.site_code, s.received_on, s.window, hour)
    )


def _month_select(dialect: str, start: date | None, end: date | None) -> Any:
    d = DAYS.c
    month = (
        func.date(d.day, "start of month") if dialect == "sqlite" else sql_cast(func.date_trunc("month", d.day), Date)
    )
    keys = [d.site_code, month, *(d[name] for name in MONTH_DIMENSIONS)]
    return select(*keys, *(func.sum(d[name]) for name in COUNTS)).where(_between(d.day, start, end)).group_by(*keys)


def _between(column: Any, start: date | None, end: date | None) -> Any:
    return and_(true() if start is None else column >= start, true() if end is None else column <= end)


def _month_bounds(start: date | None, end: date | None) -> tuple[date | None, date | None]:
    """The whole months around [start, end]: the monthly rows of a month need every day of it."""
    first = month_of(start) if start else None
    last = month_of(month_of(end) + timedelta(days=32)) - timedelta(days=1) if end else None
    return first, last


def gone_months(connection: Connection, start: date | None = None, end: date | None = None) -> list[date]:
    """The months around [start, end] the rollups count cases in but whose raw case rows are no longer in the
    database (``partitions archive`` dropped them). The rollups are then the only record of those months: a rebuild
    from the raw rows would erase them and a check would report every row, so both refuse such months."""
    first, last = _month_bounds(start, end)
    counted = select(SITE_MONTHS.c.month).where(SITE_MONTHS.c.n > 0, _between(SITE_MONTHS.c.month, first, last))
    gone = []
    for month in connection.scalars(counted.group_by(SITE_MONTHS.c.month).order_by(SITE_MONTHS.c.month)):
        present = select(CASES.c.case_id).where(CASES.c.case_month == month).limit(1)  # one partition, one probe
        if connection.execute(present).first() is None:
            gone.append(month)
    return gone


def _refuse_gone(connection: Connection, start: date | None, end: date | None) -> None:
    gone = gone_months(connection, start, end)
    if gone:
        months = "、".join(f"{month:%Y-%m}" for month in gone)
        after = add_months(gone[-1], 1)
        raise HallError(
            f"{months} 的原始办件已不在库中（已归档），汇总表是这些月份仅存的统计：不能按原始办件重算或核对；"
            f"请用 --from {after:%Y-%m-%d} 或之后的日期"
        )


def rebuild(connection: Connection, start: date | None = None, end: date | None = None) -> int:
    """Recompute the rollups of the cases received from ``start`` to ``end`` (None: open-ended) from the raw rows,
    in SQL (``INSERT … SELECT … GROUP BY``), and the months around them from the days; returns the day rows
    written. Run in one transaction, with the servers running or not: on PostgreSQL it locks ``cases`` against
    writes (uploads and appliers wait; reads go on) so the raw rows it reads are the ones it marks as folded in.

    The marked cases are settled first: what they owe rows outside the rebuilt dates is added, then they are
    unmarked with their snapshot set (the rebuilt rows count them as they are now). So a rebuild leaves no marked
    case behind and counts nothing twice."""
    dialect = connection.dialect.name
    if dialect == "postgresql":
        connection.execute(text("LOCK TABLE cases IN EXCLUSIVE MODE"))
    _refuse_gone(connection, start, end)
    _settle_marked(connection, start, end)
    connection.execute(delete(DAYS).where(_between(DAYS.c.day, start, end)))
    connection.execute(delete(HOURS).where(_between(HOURS.c.day, start, end)))
    connection.execute(insert(DAYS).from_select(["site_code", "day", *DIMENSIONS, *COUNTS],
                                                _raw_day_select(dialect, start, end)))  # fmt: skip
    connection.execute(insert(HOURS).from_select(["site_code", "day", "window", "hour", "n"],
                                                 _raw_hour_select(dialect, start, end)))  # fmt: skip
    first, last = _month_bounds(start, end)
    connection.execute(delete(MONTHS).where(_between(MONTHS.c.month, first, last)))
    connection.execute(insert(MONTHS).from_select(["site_code", "month", *MONTH_DIMENSIONS, *COUNTS],
                                                  _month_select(dialect, first, last)))  # fmt: skip
    coarse = _raw_coarse(connection, first, last)
    for name in COARSE_TABLES:
        table, keys, counts = TABLES[name]
        connection.execute(delete(table).where(_between(table.c.month, first, last)))
        names = [key for key in keys if key != "shard"]
        rows: list[dict[str, Any]] = []
        for key, values in sorted(coarse[name].items()):
            row: dict[str, Any] = {**dict(zip(names, key, strict=True)), **dict(zip(counts, values, strict=True))}
            rows.append({**row, "shard": 0, "month": date.fromisoformat(key[names.index("month")])})
        for first_row in range(0, len(rows), 5000):
            connection.execute(insert(table), rows[first_row : first_row + 5000])
    return int(connection.scalar(select(func.count()).select_from(DAYS).where(_between(DAYS.c.day, start, end))) or 0)


def _settle_marked(connection: Connection, start: date | None, end: date | None) -> None:
    first, last = _month_bounds(start, end)
    outside = {key: values for key, values in _owed_by_marked(connection).items()
               if not _covered(key, start, end, first, last)}  # fmt: skip
    _upsert_all(connection, outside)
    connection.execute(update(CASES).where(text(DIRTY_PREDICATE))
                       .values(rollup_dirty=False, rolled_up=snapshot_sql(connection.dialect.name)))  # fmt: skip


def _covered(key: Key, start: date | None, end: date | None, first: date | None, last: date | None) -> bool:
    """Whether :func:`rebuild` of ``start``–``end`` recomputes the rollup row ``key`` from the raw cases: the day
    rows of those days, the month rows of the whole months around them."""
    kind, values = key
    low, high = (start, end) if kind in ("days", "hours") else (first, last)
    return (low is None or values[1] >= low) and (high is None or values[1] <= high)


@dataclass(frozen=True)
class Difference:
    table: str
    key: tuple[str, ...]
    expected: tuple[int, ...]
    found: tuple[int, ...]

    def line(self) -> str:
        return f"{self.table} {' / '.join(self.key)}：应为 {self.expected}，实为 {self.found}"


def _rows(connection: Connection, query: Any, width: int) -> dict[tuple[str, ...], tuple[int, ...]]:
    found = {}
    for row in connection.execute(query):
        counts = tuple(int(value or 0) for value in row[width:])
        if any(counts):
            found[tuple(str(value) for value in row[:width])] = counts
    return found


def check(connection: Connection, start: date | None = None, end: date | None = None) -> list[Difference]:
    """Every rollup row of the days ``start`` to ``end`` (and of the whole months around them) against the raw
    ``cases`` rows; the rows that differ (none: the rollups are right)."""
    _refuse_gone(connection, start, end)
    dialect = connection.dialect.name
    first, last = _month_bounds(start, end)
    width = 2 + len(DIMENSIONS)
    pairs = [
        ("days", _rows(connection, _raw_day_select(dialect, start, end), width),
         _rows(connection, _stored("days").where(_between(DAYS.c.day, start, end)), width)),
        ("hours", _rows(connection, _raw_hour_select(dialect, start, end), 4),
         _rows(connection, _stored("hours").where(_between(HOURS.c.day, start, end)), 4)),
        ("months", _raw_months(connection, first, last),
         _rows(connection, _stored("months").where(_between(MONTHS.c.month, first, last)), width - 1)),
    ]  # fmt: skip
    coarse = _raw_coarse(connection, first, last)
    pairs += [(name, coarse[name], _stored_coarse(connection, name, first, last)) for name in COARSE_TABLES]
    owed = _owed_by_marked(connection)
    differences = []
    for name, expected, found in pairs:
        found = _plus(found, owed, name, start, end, first, last)
        zero = (0,) * len(TABLES[name][2])
        for key in sorted(set(expected) | set(found)):
            if expected.get(key, zero) != found.get(key, zero):
                differences.append(Difference(name, key, expected.get(key, zero), found.get(key, zero)))
    return differences


def _owed_by_marked(connection: Connection) -> Delta:
    c = CASES.c
    owed: Delta = {}
    query = select(c.rolled_up, *(c[name] for name in SNAPSHOT_FIELDS)).where(text(DIRTY_PREDICATE))
    for row in connection.execute(query).mappings():
        _add(owed, pending(row, row["rolled_up"]), 1)
    return _expand(connection, owed) if owed else {}


def _plus(
    found: dict[tuple[str, ...], tuple[int, ...]], owed: Delta, name: str,
    start: date | None, end: date | None, first: date | None, last: date | None,
) -> dict[tuple[str, ...], tuple[int, ...]]:  # fmt: skip
    """The stored rows of table ``name`` plus what the marked cases owe them (keys as :func:`_rows` spells them;
    the coarse tables summed over the shard, as :func:`_stored_coarse` reads them)."""
    total = {key: list(values) for key, values in found.items()}
    shard = TABLES[name][1].index("shard") if "shard" in TABLES[name][1] else None
    for (kind, key), values in owed.items():
        if kind != name or not _covered((kind, key), start, end, first, last):
            continue
        spelled = tuple(str(value) for index, value in enumerate(key) if index != shard)
        _sum_into(total.setdefault(spelled, [0] * len(values)), values)
    return {key: tuple(values) for key, values in total.items() if any(values)}


def _stored(name: str) -> Any:
    table, keys, counts = TABLES[name]
    return select(*(table.c[key] for key in (*keys, *counts)))


def _raw_months(
    connection: Connection, first: date | None, last: date | None
) -> dict[tuple[str, ...], tuple[int, ...]]:
    """The monthly figures straight from the raw cases (summing their day rows in Python)."""
    months: defaultdict[tuple[str, ...], list[int]] = defaultdict(lambda: [0] * len(COUNTS))
    for key, counts in _rows(connection, _raw_day_select(connection.dialect.name, first, last),
                             2 + len(DIMENSIONS)).items():  # fmt: skip
        site, day, *dims = key
        named = dict(zip(DIMENSIONS, dims, strict=True))
        month_key = (site, month_of(date.fromisoformat(day[:10])).isoformat(), *(named[n] for n in MONTH_DIMENSIONS))
        for index, value in enumerate(counts):
            months[month_key][index] += value
    return {key: tuple(counts) for key, counts in months.items() if any(counts)}


COARSE_TABLES = ("site_months", "region_months", "region_windows")


def _raw_coarse(
    connection: Connection, first: date | None, last: date | None
) -> dict[str, dict[tuple[str, ...], tuple[int, ...]]]:
    """The rows of :data:`COARSE_TABLES` (summed over the shards, which only spread the writers) straight from the
    raw cases of the whole months ``first`` to ``last``, with each site's region from the site tree."""
    raw = _rows(connection, _raw_day_select(connection.dialect.name, first, last), 2 + len(DIMENSIONS))
    regions = regions_of(connection, {key[0] for key in raw})
    found: dict[str, defaultdict[tuple[str, ...], list[int]]] = {
        name: defaultdict(lambda: [0] * len(COUNTS)) for name in COARSE_TABLES
    }
    for key, counts in raw.items():
        site, day, *dims = key
        named = dict(zip(DIMENSIONS, dims, strict=True))
        month = month_of(date.fromisoformat(day[:10])).isoformat()
        _sum_into(found["site_months"][(site, month)], counts[:2])
        for region in {ALL_SITES, regions.get(site, ALL_SITES)}:
            _sum_into(found["region_months"][(region, month, *(named[n] for n in COARSE_DIMENSIONS))], counts)
            _sum_into(found["region_windows"][(region, month, named["window"], named["department_code"])], counts[:1])
    return {name: {key: tuple(values[: len(TABLES[name][2])]) for key, values in rows.items()
                   if any(values)} for name, rows in found.items()}  # fmt: skip


def _sum_into(total: list[int], counts: Sequence[int]) -> None:
    for index, value in enumerate(counts):
        total[index] += value


def _stored_coarse(
    connection: Connection, name: str, first: date | None, last: date | None
) -> dict[tuple[str, ...], tuple[int, ...]]:
    table, keys, counts = TABLES[name]
    group = [table.c[key] for key in keys if key != "shard"]
    query = (
        select(*group, *(func.sum(table.c[count]) for count in counts))
        .where(_between(table.c.month, first, last))
        .group_by(*group)
    )
    return _rows(connection, query, len(group))
