"""Rollups of the case figures (by site and day, site and month, site/day/window/hour; by region and month, region,
window and department, site and month totals) maintained by the rollup applier from the case rows marked
``rollup_dirty``, backfilled from the existing cases; a partial index on the open cases for the as-of figures

Revision ID: s0014
Revises: s0013

Assigned s0014 by the issue-17 contract. The backfill is ``hallclient server rollups rebuild`` (one ``INSERT …
SELECT … GROUP BY`` per table over ``cases``), which also sets every existing case's snapshot (``rolled_up``) and
clears its mark in one UPDATE: marking them all instead would leave the applier millions of cases to fold after
the upgrade of a large database, and every tally meanwhile reading them all as pending. The indexes on ``cases``
are created on the partitioned parent on PostgreSQL (s0013), which creates them on every partition, present and
future.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "s0014"
down_revision = "s0013"
branch_labels = None
depends_on = None

OPEN_PREDICATE = "completed_at IS NULL AND status NOT IN ('refused', 'withdrawn', 'suspended')"
DIMENSIONS = ("window", "clerk_id", "department_code", "matter_code", "channel", "outcome")
LENGTHS = {"window": 16, "clerk_id": 36, "department_code": 32, "matter_code": 64, "channel": 32, "outcome": 32}


def _counts() -> list[sa.Column]:
    return [sa.Column(name, sa.Integer(), nullable=False) for name in ("n", "completed", "assisted", "green", "late")]


def _dims(names: tuple[str, ...]) -> list[sa.Column]:
    return [sa.Column(name, sa.String(length=LENGTHS[name]), nullable=False) for name in names]


def _region() -> list[sa.Column]:
    return [sa.Column("region_code", sa.String(length=32), nullable=False),
            sa.Column("month", sa.Date(), nullable=False),
            sa.Column("shard", sa.Integer(), nullable=False, autoincrement=False)]  # fmt: skip


def upgrade() -> None:
    op.create_table(
        "rollup_case_days",
        sa.Column("site_code", sa.String(length=32), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        *_dims(DIMENSIONS),
        *_counts(),
        sa.PrimaryKeyConstraint("site_code", "day", *DIMENSIONS, name="pk_rollup_case_days"),
    )
    months = tuple(name for name in DIMENSIONS if name != "clerk_id")
    op.create_table(
        "rollup_case_months",
        sa.Column("site_code", sa.String(length=32), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        *_dims(months),
        *_counts(),
        sa.PrimaryKeyConstraint("site_code", "month", *months, name="pk_rollup_case_months"),
    )
    op.create_table(
        "rollup_case_hours",
        sa.Column("site_code", sa.String(length=32), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("window", sa.String(length=16), nullable=False),
        sa.Column("hour", sa.Integer(), nullable=False, autoincrement=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("site_code", "day", "window", "hour", name="pk_rollup_case_hours"),
    )
    # The coarse level (issue 17): a province or district quarter reads ≤ ~10⁵ rows; shard spreads the writers.
    coarse = ("department_code", "matter_code", "channel", "outcome")
    op.create_table(
        "rollup_region_months",
        *_region(),
        *_dims(coarse),
        *_counts(),
        sa.PrimaryKeyConstraint("region_code", "month", "shard", *coarse, name="pk_rollup_region_months"),
    )
    op.create_table(
        "rollup_region_windows",
        *_region(),
        *_dims(("window", "department_code")),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("region_code", "month", "shard", "window", "department_code",
                                name="pk_rollup_region_windows"),
    )  # fmt: skip
    op.create_table(
        "rollup_site_months",
        sa.Column("site_code", sa.String(length=32), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("shard", sa.Integer(), nullable=False, autoincrement=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.Column("completed", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("site_code", "month", "shard", name="pk_rollup_site_months"),
    )
    # Every INSERT marks a case (server default), every UPDATE too (the model's onupdate); the applier unmarks it.
    op.add_column("cases", sa.Column("rollup_dirty", sa.Boolean(), nullable=False, server_default=sa.true()))
    op.add_column("cases", sa.Column("rolled_up", sa.Text(), nullable=True))
    dirty = sa.text("rollup_dirty")
    op.create_index("ix_cases_rollup_dirty", "cases", ["rollup_dirty"], sqlite_where=dirty, postgresql_where=dirty)
    op.create_index("ix_cases_open_promised", "cases", ["promised_date"], sqlite_where=sa.text(OPEN_PREDICATE),
                    postgresql_where=sa.text(OPEN_PREDICATE))  # fmt: skip
    done = sa.text("completed_at IS NOT NULL")
    op.create_index("ix_cases_completed_at", "cases", ["completed_at"], sqlite_where=done, postgresql_where=done)
    from hallclient.server.rollups import rebuild

    rebuild(op.get_bind())


def downgrade() -> None:
    op.drop_index("ix_cases_completed_at", table_name="cases")
    op.drop_index("ix_cases_open_promised", table_name="cases")
    op.drop_index("ix_cases_rollup_dirty", table_name="cases")
    op.drop_column("cases", "rolled_up")
    op.drop_column("cases", "rollup_dirty")
    for table in (
        "rollup_site_months",
        "rollup_region_windows",
        "rollup_region_months",
        "rollup_case_hours",
        "rollup_case_months",
        "rollup_case_days",
    ):
        op.drop_table(table)
