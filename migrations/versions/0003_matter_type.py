"""matter type (事项类型) on matters: slips and notices take their legal wording from it

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Empty for matters imported before the type existed: the wording falls back to neutral terms until
    # the catalog is imported again (never 准予许可 for a matter whose type is unknown).
    with op.batch_alter_table("matters", schema=None) as batch_op:
        batch_op.add_column(sa.Column("matter_type", sa.String(length=16), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("matters", schema=None) as batch_op:
        batch_op.drop_column("matter_type")
