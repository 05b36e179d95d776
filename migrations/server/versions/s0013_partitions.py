"""Monthly partitions of events and cases on PostgreSQL (issue 17)

Revision ID: s0013
Revises: s0012

Both tables get an immutable month column, their partition key (``server/partitions.py``): ``events.event_month``
(the month of the hashed device time) and ``cases.case_month`` (the intake month, else the month the row was
made). On PostgreSQL each table is rebuilt as ``PARTITION BY RANGE`` of that month with the same columns and
indexes: the old table is renamed away, the partitioned one created with a DEFAULT partition and one partition
per month found in the rows (years 2000 to three months ahead; other months go to DEFAULT) and per month up to
three ahead, the rows copied in one INSERT ... SELECT, the old table dropped, all in the migration's transaction.
PostgreSQL wants the key in every unique constraint: (id, month) and (device_id, seq, month) for events,
(case_id, month) and (case_no, month) for cases. The upgrade holds the tables exclusively while it copies: run it
with the servers stopped (it is what ``hallclient serve`` does before it listens).

SQLite (the embedded single hall) keeps its tables and constraints; it only gains the two columns, filled by the
same rule, because the models are shared.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import sqlalchemy as sa
from alembic import op

from hallclient.server.partitions import (
    DEFAULT_AHEAD,
    MONTH_SQL_PG,
    MONTH_SQL_SQLITE,
    add_months,
    partition_name,
)

revision = "s0013"
down_revision = "s0012"
branch_labels = None
depends_on = None

EARLIEST = date(2000, 1, 1)  # months before get no partition of their own (a device clock in 1970: DEFAULT)
CASE_MONTH_PG = "date_trunc('month', COALESCE(received_on, updated_at::date))::date"
CASE_MONTH_SQLITE = "substr(COALESCE(received_on, updated_at), 1, 7) || '-01'"
# table -> (key, its SQL from the old columns, the unique constraints that gain the key)
TABLES = {
    "events": ("event_month", MONTH_SQL_PG, {"pk_events": "PRIMARY KEY (id, event_month)",
                                              "uq_events_device_seq": "UNIQUE (device_id, seq, event_month)"}),
    "cases": ("case_month", CASE_MONTH_PG, {"pk_cases": "PRIMARY KEY (case_id, case_month)",
                                            "uq_cases_case_no": "UNIQUE (case_no, case_month)"}),
}  # fmt: skip
OLD_CONSTRAINTS = {
    "events": {"pk_events": "PRIMARY KEY (id)", "uq_events_device_seq": "UNIQUE (device_id, seq)"},
    "cases": {"pk_cases": "PRIMARY KEY (case_id)", "uq_cases_case_no": "UNIQUE (case_no)"},
}


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        op.add_column("events", sa.Column("event_month", sa.Date(), nullable=False, server_default="1970-01-01"))
        op.add_column("cases", sa.Column("case_month", sa.Date(), nullable=False, server_default="1970-01-01"))
        op.execute(f"UPDATE events SET event_month = {MONTH_SQL_SQLITE}")
        op.execute(f"UPDATE cases SET case_month = {CASE_MONTH_SQLITE}")
        return
    this_month = datetime.now(UTC).date().replace(day=1)
    last = add_months(this_month, DEFAULT_AHEAD)
    for table, (key, month_sql, constraints) in TABLES.items():
        _rebuild(bind, table, key, month_sql, constraints, this_month, last)


def _rebuild(
    bind: sa.Connection, table: str, key: str, month_sql: str, constraints: dict[str, str], first: date, last: date
) -> None:
    """Rename ``table`` away, create it partitioned by ``key`` with the same columns and indexes, copy, drop."""
    old = f"{table}_s0012"
    plain_indexes = list(
        bind.execute(
            sa.text(
                "SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid "
                "WHERE x.indrelid = to_regclass(:t) AND NOT EXISTS "
                "(SELECT 1 FROM pg_constraint c WHERE c.conindid = i.oid)"
            ),
            {"t": table},
        )
    )
    constraint_indexes = bind.execute(
        sa.text("SELECT conname FROM pg_constraint WHERE conrelid = to_regclass(:t) AND contype IN ('p', 'u')"),
        {"t": table},
    ).scalars()
    op.execute(f"ALTER TABLE {table} RENAME TO {old}")
    for name in [*constraint_indexes, *(row[0] for row in plain_indexes)]:
        op.execute(f"ALTER INDEX {name} RENAME TO {name}_s0012")  # renames a constraint's name with its index
    columns = _column_list(bind, old)
    op.execute(
        f"CREATE TABLE {table} (LIKE {old} INCLUDING DEFAULTS INCLUDING CONSTRAINTS, {key} date NOT NULL) "
        f"PARTITION BY RANGE ({key})"
    )
    op.execute(f"CREATE TABLE {table}_default PARTITION OF {table} DEFAULT")
    found = bind.execute(sa.text(f"SELECT DISTINCT {month_sql} FROM {old}")).scalars()
    months = {month for month in found if EARLIEST <= month <= last}
    month = first
    while month <= last:
        months.add(month)
        month = add_months(month, 1)
    for month in sorted(months):
        op.execute(
            f"CREATE TABLE {partition_name(table, month)} PARTITION OF {table} "
            f"FOR VALUES FROM ('{month.isoformat()}') TO ('{add_months(month, 1).isoformat()}')"
        )
    op.execute(f"INSERT INTO {table} ({columns}, {key}) SELECT {columns}, {month_sql} FROM {old}")
    # Indexes built once over the copied rows (several times faster than maintaining them row by row).
    for name, definition in constraints.items():
        op.execute(f"ALTER TABLE {table} ADD CONSTRAINT {name} {definition}")
    for _name, definition in plain_indexes:
        op.execute(definition)  # the definition read before the rename: same name, same table name
    op.execute(f"DROP TABLE {old}")


def downgrade() -> None:
    """Back to plain tables (PostgreSQL) or without the month columns (SQLite); the rows are kept."""
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        with op.batch_alter_table("events") as batch:
            batch.drop_column("event_month")
        with op.batch_alter_table("cases") as batch:
            batch.drop_column("case_month")
        return
    for table, (key, _sql, constraints) in TABLES.items():
        old = f"{table}_s0013"
        plain_indexes = list(
            bind.execute(
                sa.text(
                    "SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x "
                    "JOIN pg_class i ON i.oid = x.indexrelid WHERE x.indrelid = to_regclass(:t) AND NOT EXISTS "
                    "(SELECT 1 FROM pg_constraint c WHERE c.conindid = i.oid)"
                ),
                {"t": table},
            )
        )
        op.execute(f"ALTER TABLE {table} RENAME TO {old}")
        for name in [*constraints, *(row[0] for row in plain_indexes)]:
            op.execute(f"ALTER INDEX {name} RENAME TO {name}_s0013")
        op.execute(f"CREATE TABLE {table} (LIKE {old} INCLUDING DEFAULTS INCLUDING CONSTRAINTS)")
        op.execute(f"ALTER TABLE {table} DROP COLUMN {key}")
        for name, definition in OLD_CONSTRAINTS[table].items():
            op.execute(f"ALTER TABLE {table} ADD CONSTRAINT {name} {definition}")
        for _name, definition in plain_indexes:
            op.execute(definition.replace(" ON ONLY ", " ON "))  # a partitioned table's index reads ON ONLY
        columns = _column_list(bind, table)
        op.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM {old}")
        op.execute(f"DROP TABLE {old} CASCADE")


def _column_list(bind: sa.engine.Connection, table: str) -> str:
    """The table's columns, quoted, in their order: what ``INSERT … SELECT`` between old and new tables names."""
    names = bind.execute(
        sa.text(
            "SELECT attname FROM pg_attribute WHERE attrelid = to_regclass(:t) AND attnum > 0 "
            "AND NOT attisdropped ORDER BY attnum"
        ),
        {"t": table},
    ).scalars()
    return ", ".join(f'"{name}"' for name in names)
