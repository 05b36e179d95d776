"""A partial index on the waiting tickets (by day), for call-next and the hall's waiting counts.

Every call reads "waiting tickets of today" (queue_call_pg: the pick and the count of who still waits);
without this index both are sequential scans of every ticket ever issued, growing day after day. Only
waiting rows are in it, so it stays small.

Revision ID: s0005
Revises: s0004
Create Date: 2026-12-02 04:05:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "s0005"
down_revision = "s0004"
branch_labels = None
depends_on = None

WAITING = sa.text("state = 'waiting'")


def upgrade() -> None:
    op.create_index(
        "ix_queue_tickets_waiting", "queue_tickets", ["day"], postgresql_where=WAITING, sqlite_where=WAITING
    )


def downgrade() -> None:
    op.drop_index("ix_queue_tickets_waiting", table_name="queue_tickets")
