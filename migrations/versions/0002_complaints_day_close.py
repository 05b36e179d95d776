"""complaints register, day closes, window kinds; indexes for tallies

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "complaints",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("ref", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("rating_id", sa.String(length=36), nullable=True),
        sa.Column("case_id", sa.String(length=36), nullable=True),
        sa.Column("case_no", sa.String(length=64), nullable=False),
        sa.Column("window", sa.String(length=16), nullable=False),
        sa.Column("clerk_id", sa.String(length=36), nullable=False),
        sa.Column("clerk_name", sa.String(length=64), nullable=False),
        sa.Column("department_code", sa.String(length=32), nullable=False),
        sa.Column("complainant", sa.String(length=64), nullable=False),
        sa.Column("phone", sa.String(length=32), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("stage", sa.String(length=16), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.Column("sla_days", sa.Integer(), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("finding", sa.Text(), nullable=False),
        sa.Column("rectification", sa.Text(), nullable=False),
        sa.Column("follow_up", sa.Text(), nullable=False),
        sa.Column("follow_up_result", sa.String(length=16), nullable=False),
        sa.Column("rectified_at", sa.DateTime(), nullable=True),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.Column("appeal", sa.Boolean(), nullable=False),
        sa.Column("appeal_reason", sa.Text(), nullable=False),
        sa.Column("appeal_result", sa.String(length=16), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("ref"),
        sa.UniqueConstraint("rating_id", name="uq_complaints_rating"),
    )
    with op.batch_alter_table("complaints", schema=None) as batch_op:
        batch_op.create_index("ix_complaints_received", ["received_at"], unique=False)
        batch_op.create_index("ix_complaints_stage_due", ["stage", "due_date"], unique=False)

    op.create_table(
        "day_closes",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("window", sa.String(length=16), nullable=False),
        sa.Column("clerk_id", sa.String(length=36), nullable=False),
        sa.Column("clerk_name", sa.String(length=64), nullable=False),
        sa.Column("summary", sa.JSON(), nullable=False),
        sa.Column("summary_hash", sa.String(length=64), nullable=False),
        sa.Column("signature", sa.String(length=64), nullable=False),
        sa.Column("unsynced_events", sa.Integer(), nullable=False),
        sa.Column("bundle_file", sa.Text(), nullable=False),
        sa.Column("bundle_digest", sa.String(length=64), nullable=False),
        sa.Column("signed_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("day", "window", name="uq_day_closes_day_window"),
    )
    op.create_table(
        "window_kinds",
        sa.Column("window", sa.String(length=16), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("label", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("window"),
    )
    # Tallies find the cases running at a day through two small partial indexes instead of scanning every
    # promised date: cases completed after it (by completion time), and cases still open (by promised date).
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.create_index(
            "ix_cases_completed_at", ["completed_at", "promised_date"], unique=False,
            sqlite_where=sa.text("completed_at IS NOT NULL"), postgresql_where=sa.text("completed_at IS NOT NULL"),
        )
        running = "completed_at IS NULL AND promised_date IS NOT NULL"
        batch_op.create_index(
            "ix_cases_running", ["promised_date"], unique=False,
            sqlite_where=sa.text(running), postgresql_where=sa.text(running),
        )


def downgrade() -> None:
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_index("ix_cases_running")
        batch_op.drop_index("ix_cases_completed_at")
    op.drop_table("window_kinds")
    op.drop_table("day_closes")
    with op.batch_alter_table("complaints", schema=None) as batch_op:
        batch_op.drop_index("ix_complaints_stage_due")
        batch_op.drop_index("ix_complaints_received")
    op.drop_table("complaints")
