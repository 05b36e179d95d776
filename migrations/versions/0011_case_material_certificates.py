"""电子证照共享: the certificate a case material was received as, and the lookup behind it

Revision ID: 0011
Revises: 0010
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("case_materials", schema=None) as batch_op:
        batch_op.add_column(sa.Column("certificate_kind", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("certificate_no", sa.String(length=128), nullable=True))
        batch_op.add_column(sa.Column("certificate_issuer", sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column("certificate_valid_to", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("lookup_id", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("case_materials", schema=None) as batch_op:
        for column in ("lookup_id", "certificate_valid_to", "certificate_issuer", "certificate_no", "certificate_kind"):
            batch_op.drop_column(column)
