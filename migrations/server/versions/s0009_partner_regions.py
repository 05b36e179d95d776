"""协议地区: the partner regions of the hall's 通办 agreements (published to the windows by the feed)

Revision ID: s0009
Revises: s0008

Chained after s0008 (the SMS tables, merged into this branch); the lead re-chains it with the other
revisions of the same round.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "s0009"
down_revision = "s0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "partner_regions",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=128), nullable=False),
        sa.Column("province", sa.String(length=64), nullable=False),
        sa.Column("agreed_on", sa.Date(), nullable=False),
        sa.Column("contacts", sa.Text(), nullable=False),
        sa.Column("matters", sa.Text(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("retired_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_partner_regions"),
        sa.UniqueConstraint("name", name="uq_partner_regions_name"),
    )


def downgrade() -> None:
    op.drop_table("partner_regions")
