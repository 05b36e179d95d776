"""provisional deadlines on cases: dates counted over a year the working-day calendar did not cover

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Comma-separated deadline field names ("" = every date final). Cases recorded before this revision
    # were counted Monday-Friday in uncovered years without a flag; the upgrade marks them (see below).
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("deadlines_provisional", sa.String(length=128), nullable=False, server_default="")
        )
    _flag_existing_cases()


DEADLINES = ("promised_date", "statutory_date", "notice_deadline", "supply_deadline")
OPEN = ("awaiting_supplement", "accepted", "suspended")


def _year(value: object) -> int | None:
    return int(str(value)[:4]) if value else None


def _flag_existing_cases() -> None:
    """Open cases whose deadlines were counted over a year the stored calendar lacks become provisional."""
    connection = op.get_bind()
    row = connection.execute(sa.text("SELECT value FROM meta WHERE key = 'calendar_years'")).first()
    covered = {int(year) for year in row[0].split(",") if year} if row else set()
    columns = ", ".join(DEADLINES)
    cases = connection.execute(
        sa.text(f"SELECT id, clock_start, received_at, {columns} FROM cases WHERE status IN :open").bindparams(
            sa.bindparam("open", expanding=True)
        ),
        {"open": list(OPEN)},
    ).all()
    for case in cases:
        start = _year(case.clock_start) or _year(case.received_at)
        flagged = []
        for name in DEADLINES:
            end = _year(getattr(case, name))
            if start is not None and end is not None and any(y not in covered for y in range(start, end + 1)):
                flagged.append(name)
        if flagged:
            connection.execute(
                sa.text("UPDATE cases SET deadlines_provisional = :flags WHERE id = :id"),
                {"flags": ",".join(sorted(flagged)), "id": case.id},
            )


def downgrade() -> None:
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_column("deadlines_provisional")
