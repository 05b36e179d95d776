"""通办 forwarding register: partner regions (cached from the server), forwarding steps, enquiry channel

Revision ID: 0009
Revises: 0008

The lead re-chains this revision after the other revisions of the same round.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "partner_regions",
        sa.Column("id", sa.String(length=36), primary_key=True),
        sa.Column("name", sa.String(length=128), nullable=False),
        sa.Column("province", sa.String(length=64), nullable=False),
        sa.Column("matters", sa.JSON(), nullable=False),
        sa.Column("contacts", sa.JSON(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
    )
    op.create_table(
        "forwarding_steps",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("case_id", sa.String(length=36), sa.ForeignKey("cases.id", ondelete="CASCADE"), nullable=False),
        sa.Column("step", sa.String(length=32), nullable=False),
        sa.Column("on_day", sa.Date(), nullable=False),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("event_id", sa.String(length=36), nullable=False),
        sa.UniqueConstraint("case_id", "step"),
    )
    op.create_index("ix_forwarding_steps_on", "forwarding_steps", ["on_day"])
    with op.batch_alter_table("enquiries", schema=None) as batch_op:
        batch_op.add_column(sa.Column("channel", sa.String(length=32), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("partner_region", sa.String(length=128), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("enquiries", schema=None) as batch_op:
        batch_op.drop_column("partner_region")
        batch_op.drop_column("channel")
    op.drop_index("ix_forwarding_steps_on", table_name="forwarding_steps")
    op.drop_table("forwarding_steps")
    op.drop_table("partner_regions")
