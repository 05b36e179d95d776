"""the complaint loop to the end: a step log (complaint_steps), a handler per complaint, 专题会 records

Revision ID: 0006
Revises: 0005

The stages keep their keys: 受理 (accepted), 调查核实 (investigating), 整改 (rectifying) and 回访反馈
(follow_up) are the first four of the six steps, so every existing row keeps its stage; a row at 回访反馈
now goes on to 举一反三 and 保持长效 before 办结, and a closed row stays closed. The steps already
finished are copied into the step log from their ``complaint.advanced`` events (who, when, what), and
whoever recorded a complaint's 受理 becomes its handler, as the new rule has it. Nothing recorded is
dropped: events stay as they are; a payload that is not a complaint step is left alone.
"""

from __future__ import annotations

import json
import uuid
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

STEPS = ("accepted", "investigating", "rectifying", "follow_up", "lessons", "lasting")


def upgrade() -> None:
    with op.batch_alter_table("complaints", schema=None) as batch_op:
        batch_op.add_column(sa.Column("handler_id", sa.String(length=36), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("handler_name", sa.String(length=64), nullable=False, server_default=""))
    steps = op.create_table(
        "complaint_steps",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("complaint_id", sa.String(length=36), nullable=False),
        sa.Column("step", sa.String(length=16), nullable=False),
        sa.Column("actor_id", sa.String(length=36), nullable=False),
        sa.Column("actor_name", sa.String(length=64), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("result", sa.String(length=16), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("complaint_id", "step", name="uq_complaint_steps_step"),
    )
    with op.batch_alter_table("complaint_steps", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_complaint_steps_complaint_id"), ["complaint_id"], unique=False)
    op.create_table(
        "complaint_meetings",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("department_code", sa.String(length=32), nullable=False),
        sa.Column("attendees", sa.Text(), nullable=False),
        sa.Column("decisions", sa.Text(), nullable=False),
        sa.Column("complaint_ids", sa.JSON(), nullable=False),
        sa.Column("recorded_by", sa.String(length=36), nullable=False),
        sa.Column("recorded_by_name", sa.String(length=64), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("complaint_meetings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_complaint_meetings_held_on"), ["held_on"], unique=False)
    _copy_finished_steps(steps)


def _copy_finished_steps(steps: sa.Table) -> None:
    """One step row per ``complaint.advanced`` event of an existing complaint (the first, if ever repeated)."""
    bind = op.get_bind()
    complaints = {row[0] for row in bind.execute(sa.text("SELECT id FROM complaints"))}
    users = {row[0]: (row[1], row[2]) for row in bind.execute(sa.text("SELECT username, id, display_name FROM users"))}
    events = bind.execute(
        sa.text("SELECT payload, actor, device_time FROM events WHERE type = 'complaint.advanced' ORDER BY seq")
    )
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for payload_text, actor, device_time in events:
        try:
            payload = json.loads(payload_text)
            at = datetime.fromisoformat(device_time).replace(tzinfo=None)
        except (TypeError, ValueError):
            continue
        if not isinstance(payload, dict):
            continue
        complaint_id, step = payload.get("complaint_id"), payload.get("from")
        if complaint_id not in complaints or step not in STEPS or (complaint_id, step) in found:
            continue
        actor_id, actor_name = users.get(actor, (actor, actor))
        found[(complaint_id, step)] = {
            "id": str(uuid.uuid4()), "complaint_id": complaint_id, "step": step, "actor_id": actor_id,
            "actor_name": actor_name, "at": at, "text": str(payload.get("note") or ""),
            "result": str(payload.get("result") or ""),
        }  # fmt: skip
    if found:
        op.bulk_insert(steps, list(found.values()))
    for (complaint_id, step), row in found.items():
        if step == "accepted":
            bind.execute(
                sa.text("UPDATE complaints SET handler_id = :id, handler_name = :name WHERE id = :complaint"),
                {"id": row["actor_id"], "name": row["actor_name"], "complaint": complaint_id},
            )


def downgrade() -> None:
    # Rows at the two new steps are past 回访反馈, which closed a complaint in the old register.
    op.execute(
        sa.text(
            "UPDATE complaints SET stage = 'closed', closed_at = COALESCE(closed_at, updated_at) "
            "WHERE stage IN ('lessons', 'lasting')"
        )
    )
    with op.batch_alter_table("complaint_meetings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_complaint_meetings_held_on"))
    op.drop_table("complaint_meetings")
    with op.batch_alter_table("complaint_steps", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_complaint_steps_complaint_id"))
    op.drop_table("complaint_steps")
    with op.batch_alter_table("complaints", schema=None) as batch_op:
        batch_op.drop_column("handler_name")
        batch_op.drop_column("handler_id")
