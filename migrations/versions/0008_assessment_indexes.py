"""assessment speed: staff departments from one covering index; ratings find their task whatever ANALYZE says

``ix_cases_received_at`` gains window, clerk_id and department_code, and ``ix_cases_clerk`` (clerk_id, received_at)
gains department_code: whichever of the two SQLite picks for a period (its statistics decide), each staff member's
department and each window's departments are read from the index alone, not from the table row by row. ``ix_complaints_rating`` indexes only the complaints that follow up a rating: with the
unique index on rating_id alone, ANALYZE statistics of a store whose complaints all have a NULL rating_id make
SQLite scan the whole complaints table once per rating; it uses the partial index regardless.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

RATED = "rating_id IS NOT NULL"


def upgrade() -> None:
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_index("ix_cases_received_at")
        batch_op.create_index(
            "ix_cases_received_at", ["received_at", "window", "clerk_id", "department_code"], unique=False
        )
        batch_op.drop_index("ix_cases_clerk")
        batch_op.create_index("ix_cases_clerk", ["clerk_id", "received_at", "department_code"], unique=False)
    with op.batch_alter_table("complaints", schema=None) as batch_op:
        batch_op.create_index(
            "ix_complaints_rating", ["rating_id"], unique=False,
            sqlite_where=sa.text(RATED), postgresql_where=sa.text(RATED),
        )  # fmt: skip


def downgrade() -> None:
    with op.batch_alter_table("complaints", schema=None) as batch_op:
        batch_op.drop_index("ix_complaints_rating")
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_index("ix_cases_clerk")
        batch_op.create_index("ix_cases_clerk", ["clerk_id", "received_at"], unique=False)
        batch_op.drop_index("ix_cases_received_at")
        batch_op.create_index("ix_cases_received_at", ["received_at"], unique=False)
