"""Catalog: service guides, 全程网办/一窗式 flags, certificate kinds of materials, 一件事一次办 bundles

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("matters", schema=None) as batch_op:
        batch_op.add_column(sa.Column("fully_online", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column("one_window", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column("guide", sa.JSON(), nullable=False, server_default="{}"))
    with op.batch_alter_table("materials", schema=None) as batch_op:
        batch_op.add_column(sa.Column("certificate_kinds", sa.JSON(), nullable=False, server_default="[]"))
    op.create_table(
        "bundles",
        sa.Column("code", sa.String(length=64), primary_key=True),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("matters", sa.JSON(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
    )
    op.create_table(
        "certificate_kinds",
        sa.Column("code", sa.String(length=64), primary_key=True),
        sa.Column("name", sa.String(length=255), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("certificate_kinds")
    op.drop_table("bundles")
    with op.batch_alter_table("materials", schema=None) as batch_op:
        batch_op.drop_column("certificate_kinds")
    with op.batch_alter_table("matters", schema=None) as batch_op:
        batch_op.drop_column("guide")
        batch_op.drop_column("one_window")
        batch_op.drop_column("fully_online")
