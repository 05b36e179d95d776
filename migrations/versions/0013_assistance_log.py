"""The 帮办代办 log: help given without a case (event ``assistance.recorded``)

Revision ID: 0013
Revises: 0012

Assigned 0013 by the issue-16 contract (the lead re-chains it after 0011 and 0012).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "assistance_log",
        sa.Column("id", sa.String(length=36), primary_key=True),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("on", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("elderly", sa.Boolean(), nullable=False),
        sa.Column("disabled", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("site", sa.String(length=32), nullable=False),
        sa.Column("window", sa.String(length=16), nullable=False),
        sa.Column("clerk_id", sa.String(length=36), sa.ForeignKey("users.id"), nullable=False),
    )
    op.create_index("ix_assistance_log_on", "assistance_log", ["on"])


def downgrade() -> None:
    op.drop_index("ix_assistance_log_on", table_name="assistance_log")
    op.drop_table("assistance_log")
