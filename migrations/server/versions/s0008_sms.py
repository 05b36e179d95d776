"""SMS sender: messages keyed by notice id, approved templates and their settings, opt-outs, the sender lease,
rating attempts (rate limit of ``POST /v1/ratings/sms``).

Revision ID: s0008
Revises: s0006
Create Date: 2026-12-02 06:00:00
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from alembic import op

revision = "s0008"
down_revision = "s0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sms_messages",
        sa.Column("notice_id", sa.String(length=36), nullable=False),
        sa.Column("event_id", sa.String(length=36), nullable=False),
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("case_no", sa.String(length=80), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("phone", sa.String(length=20), nullable=False),
        sa.Column("phone_hash", sa.String(length=64), nullable=False),
        sa.Column("params", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("parts", sa.Integer(), nullable=False),
        sa.Column("rating_code", sa.String(length=16), nullable=True),
        sa.Column("rated_at", sa.DateTime(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.String(length=300), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("not_before", sa.DateTime(), nullable=True),
        sa.Column("next_attempt_at", sa.DateTime(), nullable=False),
        sa.Column("gateway_id", sa.String(length=80), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.Column("done_at", sa.DateTime(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("notice_id", name=op.f("pk_sms_messages")),
        sa.UniqueConstraint("event_id", name=op.f("uq_sms_messages_event_id")),
        sa.UniqueConstraint("rating_code", name=op.f("uq_sms_messages_rating_code")),
    )
    op.create_index("ix_sms_messages_due", "sms_messages", ["status", "next_attempt_at"], unique=False)
    op.create_index("ix_sms_messages_gateway_id", "sms_messages", ["gateway_id"], unique=False)
    op.create_index("ix_sms_messages_day", "sms_messages", ["day", "kind"], unique=False)
    op.create_table(
        "sms_templates",
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("kind", name=op.f("pk_sms_templates")),
    )
    op.create_table(
        "sms_settings",
        sa.Column("key", sa.String(length=32), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_sms_settings")),
    )
    op.create_table(
        "sms_optouts",
        sa.Column("phone_hash", sa.String(length=64), nullable=False),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("phone_hash", name=op.f("pk_sms_optouts")),
    )
    op.create_table(
        "sms_lease",
        sa.Column("name", sa.String(length=16), nullable=False),
        sa.Column("holder", sa.String(length=64), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_sms_lease")),
    )
    # Seeded, so every sender finds the row to lock: two first senders cannot both insert it.
    lease = sa.table("sms_lease", sa.column("name", sa.String), sa.column("holder", sa.String),
                     sa.column("expires_at", sa.DateTime))  # fmt: skip
    op.bulk_insert(lease, [{"name": "sender", "holder": "", "expires_at": datetime(2000, 1, 1)}])
    op.create_table(
        "sms_rating_attempts",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("ip", sa.String(length=64), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sms_rating_attempts")),
    )
    op.create_index("ix_sms_rating_attempts_code", "sms_rating_attempts", ["code", "at"], unique=False)
    op.create_index("ix_sms_rating_attempts_ip", "sms_rating_attempts", ["ip", "at"], unique=False)


def downgrade() -> None:
    op.drop_table("sms_rating_attempts")
    op.drop_table("sms_lease")
    op.drop_table("sms_optouts")
    op.drop_table("sms_settings")
    op.drop_table("sms_templates")
    op.drop_table("sms_messages")
