"""The hall queue: halls, service categories, tickets and every change of them, appointments, window pauses,
the portal's API keys (see ``server/queue_models.py``).

Revision ID: s0004
Revises: s0003
Create Date: 2026-12-02 01:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "s0004"
down_revision = "s0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "queue_appointments",
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("hall", sa.String(length=32), nullable=False),
        sa.Column("category", sa.String(length=2), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("slot", sa.String(length=11), nullable=False),
        sa.Column("slot_start", sa.DateTime(), nullable=False),
        sa.Column("id_number", sa.String(length=18), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("phone", sa.String(length=20), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("ticket_id", sa.String(length=36), nullable=False),
        sa.Column("booked_by", sa.String(length=36), nullable=False),
        sa.Column("booked_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_queue_appointments")),
    )
    op.create_index("ix_queue_appointments_id_number", "queue_appointments", ["id_number", "day"], unique=False)
    op.create_index("ix_queue_appointments_slot", "queue_appointments", ["category", "day", "slot"], unique=False)
    op.create_table(
        "queue_categories",
        sa.Column("code", sa.String(length=2), nullable=False),
        sa.Column("hall", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("matters", sa.Text(), nullable=False),
        sa.Column("windows", sa.Text(), nullable=False),
        sa.Column("slots", sa.Text(), nullable=False),
        sa.Column("open", sa.Boolean(), nullable=False),
        sa.Column("green", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_queue_categories")),
    )
    op.create_index(op.f("ix_queue_categories_hall"), "queue_categories", ["hall"], unique=False)
    op.create_table(
        "queue_counters",
        sa.Column("category", sa.String(length=2), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("last", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("category", "day", name=op.f("pk_queue_counters")),
    )
    op.create_table(
        "queue_halls",
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("rules", sa.Text(), nullable=False),
        sa.Column("utc_offset_min", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_queue_halls")),
    )
    op.create_table(
        "queue_portal_keys",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("key_hash", sa.String(length=64), nullable=False),
        sa.Column("hall", sa.String(length=32), nullable=False),
        sa.Column("label", sa.String(length=128), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_queue_portal_keys")),
        sa.UniqueConstraint("key_hash", name=op.f("uq_queue_portal_keys_key_hash")),
    )
    op.create_table(
        "queue_ticket_events",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("ticket_id", sa.String(length=36), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("from_state", sa.String(length=16), nullable=False),
        sa.Column("to_state", sa.String(length=16), nullable=False),
        sa.Column("window", sa.String(length=16), nullable=False),
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("detail", sa.String(length=300), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_queue_ticket_events")),
    )
    op.create_index("ix_queue_ticket_events_ticket", "queue_ticket_events", ["ticket_id"], unique=False)
    op.create_table(
        "queue_tickets",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("hall", sa.String(length=32), nullable=False),
        sa.Column("category", sa.String(length=2), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=8), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("green", sa.Boolean(), nullable=False),
        sa.Column("green_reason", sa.String(length=32), nullable=False),
        sa.Column("applicant_name", sa.String(length=64), nullable=False),
        sa.Column("id_number", sa.String(length=18), nullable=False),
        sa.Column("appointment_code", sa.String(length=16), nullable=False),
        sa.Column("appointment_start", sa.DateTime(), nullable=True),
        sa.Column("target_window", sa.String(length=16), nullable=False),
        sa.Column("window", sa.String(length=16), nullable=False),
        sa.Column("recalls", sa.Integer(), nullable=False),
        sa.Column("transferred_from", sa.String(length=36), nullable=False),
        sa.Column("case_no", sa.String(length=80), nullable=False),
        sa.Column("note", sa.String(length=200), nullable=False),
        sa.Column("waiting_before", sa.Integer(), nullable=False),
        sa.Column("issued_by", sa.String(length=36), nullable=False),
        sa.Column("issued_at", sa.DateTime(), nullable=False),
        sa.Column("called_at", sa.DateTime(), nullable=True),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_queue_tickets")),
    )
    op.create_index("ix_queue_tickets_category_day", "queue_tickets", ["category", "day"], unique=False)
    op.create_index("ix_queue_tickets_hall_state", "queue_tickets", ["hall", "state"], unique=False)
    op.create_index("ix_queue_tickets_window_state", "queue_tickets", ["window", "state"], unique=False)
    op.create_table(
        "queue_window_pauses",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("window", sa.String(length=16), nullable=False),
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("reason", sa.String(length=100), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("ended_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_queue_window_pauses")),
    )
    op.create_index("ix_queue_window_pauses_window", "queue_window_pauses", ["window", "ended_at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_queue_window_pauses_window", table_name="queue_window_pauses")
    op.drop_table("queue_window_pauses")
    op.drop_index("ix_queue_tickets_window_state", table_name="queue_tickets")
    op.drop_index("ix_queue_tickets_hall_state", table_name="queue_tickets")
    op.drop_index("ix_queue_tickets_category_day", table_name="queue_tickets")
    op.drop_table("queue_tickets")
    op.drop_index("ix_queue_ticket_events_ticket", table_name="queue_ticket_events")
    op.drop_table("queue_ticket_events")
    op.drop_table("queue_portal_keys")
    op.drop_table("queue_halls")
    op.drop_table("queue_counters")
    op.drop_index(op.f("ix_queue_categories_hall"), table_name="queue_categories")
    op.drop_table("queue_categories")
    op.drop_index("ix_queue_appointments_slot", table_name="queue_appointments")
    op.drop_index("ix_queue_appointments_id_number", table_name="queue_appointments")
    op.drop_table("queue_appointments")
