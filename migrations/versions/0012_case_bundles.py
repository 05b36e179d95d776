"""一件事一次办: a case remembers the bundle intake it was taken in with (bundle_id shared by its cases, bundle_code);
bundles get their search initials

Revision ID: 0012
Revises: 0011
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.add_column(sa.Column("bundle_id", sa.String(length=36), nullable=True))
        batch_op.add_column(sa.Column("bundle_code", sa.String(length=64), nullable=True))
        batch_op.create_index("ix_cases_bundle_id", ["bundle_id"])
    with op.batch_alter_table("bundles", schema=None) as batch_op:
        batch_op.add_column(sa.Column("pinyin_initials", sa.String(length=255), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("bundles", schema=None) as batch_op:
        batch_op.drop_column("pinyin_initials")
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_index("ix_cases_bundle_id")
        batch_op.drop_column("bundle_code")
        batch_op.drop_column("bundle_id")
