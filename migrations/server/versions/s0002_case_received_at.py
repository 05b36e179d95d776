"""Cases carry their intake time as columns; events are indexed by (type, device time) for the tallies.

``received_at`` (naive UTC) and ``received_offset_min`` (the device's UTC offset at intake) replace
parsing the intake JSON of every case in a tally. Existing rows are backfilled from that JSON in Python
(JSON functions differ between PostgreSQL and SQLite), in chunks, and ``received_on`` is set to the
device's wall-clock date (it was the UTC date before, off by one for early-morning intakes east of UTC).

Revision ID: s0002
Revises: s0001
Create Date: 2026-11-30 08:30:00
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "s0002"
down_revision = "s0001"
branch_labels = None
depends_on = None

CHUNK = 2000


def _moment(intake_text: str) -> tuple[datetime | None, int | None]:
    """The same reading as ``server.projection.intake_moment`` (kept here: migrations must not change later)."""
    try:
        intake = json.loads(intake_text) if intake_text else {}
        moment = datetime.fromisoformat(str(intake.get("received_at", "")))
    except (ValueError, AttributeError):
        return None, None
    offset = moment.utcoffset()
    if offset is None:
        return None, None
    return moment.astimezone(UTC).replace(tzinfo=None), int(offset.total_seconds() // 60)


def upgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        batch.add_column(sa.Column("received_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("received_offset_min", sa.Integer(), nullable=True))
    op.create_index("ix_events_type_time", "events", ["type", "device_time"], unique=False)

    cases = sa.table(
        "cases",
        sa.column("case_id", sa.String),
        sa.column("intake", sa.Text),
        sa.column("received_on", sa.Date),
        sa.column("received_at", sa.DateTime),
        sa.column("received_offset_min", sa.Integer),
    )
    connection = op.get_bind()
    last = ""
    while True:
        rows = connection.execute(
            sa.select(cases.c.case_id, cases.c.intake)
            .where(cases.c.case_id > last)
            .order_by(cases.c.case_id)
            .limit(CHUNK)
        ).all()
        if not rows:
            break
        last = rows[-1].case_id
        updates: list[dict[str, Any]] = []
        for row in rows:
            received_at, offset = _moment(row.intake)
            if received_at is not None and offset is not None:
                updates.append(
                    {
                        "key": row.case_id,
                        "at": received_at,
                        "offset": offset,
                        "on": (received_at + timedelta(minutes=offset)).date(),
                    }
                )
        if updates:
            connection.execute(
                cases.update()
                .where(cases.c.case_id == sa.bindparam("key"))
                .values(
                    received_at=sa.bindparam("at"),
                    received_offset_min=sa.bindparam("offset"),
                    received_on=sa.bindparam("on"),
                ),
                updates,
            )


def downgrade() -> None:
    op.drop_index("ix_events_type_time", table_name="events")
    with op.batch_alter_table("cases") as batch:
        batch.drop_column("received_offset_min")
        batch.drop_column("received_at")
