"""证照库: certificate kinds and records, the lookup log, and the shares counted from intake events

Revision ID: s0010
Revises: s0009
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "s0010"
down_revision = "s0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "certificate_kinds",
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=128), nullable=False),
        sa.Column("department_code", sa.String(length=32), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("code", name="pk_certificate_kinds"),
    )
    op.create_table(
        "certificates",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("number", sa.String(length=64), nullable=False),
        sa.Column("holder_id_number", sa.String(length=18), nullable=False),
        sa.Column("holder_name", sa.String(length=128), nullable=False),
        sa.Column("issuer", sa.String(length=128), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("file_sha256", sa.String(length=64), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_certificates"),
        sa.UniqueConstraint("kind", "number", name="uq_certificates_kind_number"),
    )
    op.create_index("ix_certificates_holder_kind", "certificates", ["holder_id_number", "kind"])
    op.create_table(
        "certificate_lookups",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("window", sa.String(length=16), nullable=False),
        sa.Column("clerk_id", sa.String(length=36), nullable=False),
        sa.Column("purpose", sa.String(length=32), nullable=False),
        sa.Column("matter_codes", sa.Text(), nullable=False),
        sa.Column("holder_id_number", sa.String(length=18), nullable=False),
        sa.Column("answered", sa.Integer(), nullable=False),
        sa.Column("expired", sa.Integer(), nullable=False),
        sa.Column("withheld", sa.Integer(), nullable=False),
        sa.Column("provincial_answered", sa.Boolean(), nullable=False),
        sa.Column("provincial_note", sa.String(length=255), nullable=False),
        sa.Column("refusal", sa.String(length=255), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_certificate_lookups"),
    )
    op.create_index("ix_certificate_lookups_device_at", "certificate_lookups", ["device_id", "at"])
    op.create_index("ix_certificate_lookups_at", "certificate_lookups", ["at"])
    op.create_table(
        "certificate_shares",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("material_code", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("number", sa.String(length=64), nullable=False),
        sa.Column("lookup_id", sa.String(length=36), nullable=False),
        sa.Column("department_code", sa.String(length=32), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_certificate_shares"),
        sa.UniqueConstraint("case_id", "material_code", name="uq_certificate_shares_case_material"),
    )
    op.create_index("ix_certificate_shares_received_on", "certificate_shares", ["received_on"])


def downgrade() -> None:
    op.drop_table("certificate_shares")
    op.drop_table("certificate_lookups")
    op.drop_table("certificates")
    op.drop_table("certificate_kinds")
