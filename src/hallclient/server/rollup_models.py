"""Rollup tables: the additive case figures of the tallies, counted per site and day (and per site and month), kept
up to date off the upload path by the rollup applier from the cases marked ``rollup_dirty`` (``server/rollups.py``),
so a quarter for a province reads thousands of rollup rows instead of scanning millions of cases.

Distribution key (Citus-style distributed PostgreSQL): ``site_code`` for every rollup table. Each primary key
starts with it, so the upserts (``INSERT … ON CONFLICT DO UPDATE``) stay on one shard; a site's tally reads one
shard, a province's tally fans out one aggregate per shard and adds the partial sums.

The as-of figures (open, near due, overdue at a date) are not additive: they are read from the open cases of
``cases`` through the partial index :data:`OPEN_CASES_INDEX` (cases that are neither completed nor stopped), plus
the cases completed after the as-of day through ``ix_cases_completed_at`` — never a scan of the period.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, Index, Integer, String, text
from sqlalchemy.orm import Mapped, mapped_column

from hallclient.server.models import ServerBase, ServerCase

# Cases still running whatever the as-of day: the same literal text in the index and in the query, so the planners
# of SQLite and PostgreSQL both prove the query implies the index's predicate (bound parameters would defeat that).
OPEN_PREDICATE = "completed_at IS NULL AND status NOT IN ('refused', 'withdrawn', 'suspended')"
OPEN_CASES_INDEX = Index(
    "ix_cases_open_promised",
    ServerCase.promised_date,
    sqlite_where=text(OPEN_PREDICATE),
    postgresql_where=text(OPEN_PREDICATE),
)
# Cases completed, by completion time: the ones completed after a past as-of day (a range on it implies the predicate).
COMPLETED_AT_INDEX = Index(
    "ix_cases_completed_at",
    ServerCase.completed_at,
    sqlite_where=text("completed_at IS NOT NULL"),
    postgresql_where=text("completed_at IS NOT NULL"),
)

# Cases changed since the rollup applier last folded them in (few: it runs every few seconds in every server process).
DIRTY_PREDICATE = "rollup_dirty"
DIRTY_CASES_INDEX = Index(
    "ix_cases_rollup_dirty",
    ServerCase.rollup_dirty,
    sqlite_where=text(DIRTY_PREDICATE),
    postgresql_where=text(DIRTY_PREDICATE),
)


class _CaseCounts:
    """The additive figures of the cases received on a day (or in a month) with one set of dimensions."""

    n: Mapped[int] = mapped_column(Integer, default=0)  # cases received
    completed: Mapped[int] = mapped_column(Integer, default=0)  # among them, completed (办结)
    assisted: Mapped[int] = mapped_column(Integer, default=0)  # 帮办代办
    green: Mapped[int] = mapped_column(Integer, default=0)  # 绿色通道
    late: Mapped[int] = mapped_column(Integer, default=0)  # completed after the promised date (hall wall time)


class RollupCaseDay(_CaseCounts, ServerBase):
    """Cases by site, day received (hall wall time) and every tally dimension; distributed by ``site_code``."""

    __tablename__ = "rollup_case_days"
    site_code: Mapped[str] = mapped_column(String(32), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    window: Mapped[str] = mapped_column(String(16), primary_key=True)
    clerk_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    department_code: Mapped[str] = mapped_column(String(32), primary_key=True)
    matter_code: Mapped[str] = mapped_column(String(64), primary_key=True)
    channel: Mapped[str] = mapped_column(String(32), primary_key=True)
    outcome: Mapped[str] = mapped_column(String(32), primary_key=True)


class RollupCaseMonth(_CaseCounts, ServerBase):
    """The coarser level for long periods: by site and month (``month`` = its first day), without the clerk (a
    grouping by clerk reads the days); distributed by ``site_code``."""

    __tablename__ = "rollup_case_months"
    site_code: Mapped[str] = mapped_column(String(32), primary_key=True)
    month: Mapped[date] = mapped_column(Date, primary_key=True)
    window: Mapped[str] = mapped_column(String(16), primary_key=True)
    department_code: Mapped[str] = mapped_column(String(32), primary_key=True)
    matter_code: Mapped[str] = mapped_column(String(64), primary_key=True)
    channel: Mapped[str] = mapped_column(String(32), primary_key=True)
    outcome: Mapped[str] = mapped_column(String(32), primary_key=True)


class RollupCaseHour(ServerBase):
    """Cases received by site, day, window and hour of the day (hall wall time; the tally's 时段分布); by
    ``site_code``. The window is in the key so that the windows of a site do not all add to one hot row at ingest."""

    __tablename__ = "rollup_case_hours"
    site_code: Mapped[str] = mapped_column(String(32), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    window: Mapped[str] = mapped_column(String(16), primary_key=True)
    hour: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    n: Mapped[int] = mapped_column(Integer, default=0)


# --- the coarse level: a province or a district without the site (issue 17: a quarter reads ≤ ~10⁵ rows) -------------
ALL_SITES = "*"  # region code of the rows that count every case (the whole network: a tally with no site)
SHARDS = 4  # rows of one region are spread over this many shards (by the case's device) so sites do not queue on them


class RollupRegionMonth(_CaseCounts, ServerBase):
    """Cases by region (``*``: every site; else the district-level site — a child of the root — whose subtree the
    case's site is in), month, shard and the dimensions a province or district tally groups by (department,
    matter, channel, outcome — not the window or clerk: those name one site's counters). ``shard`` is
    crc32(device) % :data:`SHARDS`: the devices of a region add to different rows; readers sum over it.
    Distributed by ``region_code`` (a handful of shards hold the province's few ×10⁴ rows)."""

    __tablename__ = "rollup_region_months"
    region_code: Mapped[str] = mapped_column(String(32), primary_key=True)
    month: Mapped[date] = mapped_column(Date, primary_key=True)
    shard: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    department_code: Mapped[str] = mapped_column(String(32), primary_key=True)
    matter_code: Mapped[str] = mapped_column(String(64), primary_key=True)
    channel: Mapped[str] = mapped_column(String(32), primary_key=True)
    outcome: Mapped[str] = mapped_column(String(32), primary_key=True)


class RollupRegionWindow(ServerBase):
    """Cases by region, month, shard, window name and department: which windows took two departments or more
    (一窗受理, integrated windows) in a period and how many cases each department had at them, without the site."""

    __tablename__ = "rollup_region_windows"
    region_code: Mapped[str] = mapped_column(String(32), primary_key=True)
    month: Mapped[date] = mapped_column(Date, primary_key=True)
    shard: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    window: Mapped[str] = mapped_column(String(16), primary_key=True)
    department_code: Mapped[str] = mapped_column(String(32), primary_key=True)
    n: Mapped[int] = mapped_column(Integer, default=0)


class RollupSiteMonth(ServerBase):
    """Cases received and completed by site and month (and shard): the tally's figures by site read one row per site
    and month and shard instead of every (window, department, matter, channel, outcome) of it."""

    __tablename__ = "rollup_site_months"
    site_code: Mapped[str] = mapped_column(String(32), primary_key=True)
    month: Mapped[date] = mapped_column(Date, primary_key=True)
    shard: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    n: Mapped[int] = mapped_column(Integer, default=0)
    completed: Mapped[int] = mapped_column(Integer, default=0)
