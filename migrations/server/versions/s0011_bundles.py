"""一件事一次办: the projected case keeps its bundle intake (bundle_id shared by its cases) and bundle code

Revision ID: s0011
Revises: s0010

Cases projected before this revision from intake events that already named a bundle (a window upgraded before
the server) get theirs from the stored intake snapshot.
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = "s0011"
down_revision = "s0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        batch.add_column(sa.Column("bundle_id", sa.String(length=36), nullable=True))
        batch.add_column(sa.Column("bundle_code", sa.String(length=64), nullable=True))
        batch.create_index("ix_cases_bundle", ["bundle_id"])
    connection = op.get_bind()
    cases = sa.table(
        "cases", sa.column("case_id"), sa.column("intake"), sa.column("bundle_id"), sa.column("bundle_code")
    )
    rows = connection.execute(sa.select(cases.c.case_id, cases.c.intake).where(cases.c.intake.like('%"bundle"%')))
    for case_id, intake in rows.fetchall():
        bundle = json.loads(intake or "{}").get("bundle")
        if isinstance(bundle, dict) and bundle.get("id"):
            connection.execute(
                cases.update()
                .where(cases.c.case_id == case_id)
                .values(bundle_id=str(bundle["id"])[:36], bundle_code=str(bundle.get("code", ""))[:64] or None)
            )


def downgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        batch.drop_index("ix_cases_bundle")
        batch.drop_column("bundle_code")
        batch.drop_column("bundle_id")
