"""Sites (the service network), every device, case and event placed at a site, users scoped to one, and the
帮办代办 log

Revision ID: s0012
Revises: s0011

The root site HALL (the district hall, named from the config's hall name, else 区政务服务中心) is created and every
existing device, case and event belongs to it. Assigned s0012 by the issue-16 contract (the lead re-chains).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "s0012"
down_revision = "s0011"
branch_labels = None
depends_on = None

ROOT = "HALL"


def _root_name() -> str:
    try:
        from hallclient import config

        return config.load().hall_name.strip() or "区政务服务中心"
    except Exception:  # a broken or missing config must not block the upgrade: the name can be changed later
        return "区政务服务中心"


def upgrade() -> None:
    sites = op.create_table(
        "sites",
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=128), nullable=False),
        sa.Column("level", sa.String(length=16), nullable=False),
        sa.Column("parent_code", sa.String(length=32), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("code", name="pk_sites"),
    )
    op.bulk_insert(sites, [{"code": ROOT, "name": _root_name(), "level": "district", "parent_code": None,
                            "active": True}])  # fmt: skip
    for table in ("devices", "cases", "events"):
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("site_code", sa.String(length=32), nullable=False, server_default=ROOT))
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("site_code", sa.String(length=32), nullable=True))
    op.create_table(
        "assistance",
        sa.Column("event_id", sa.String(length=36), nullable=False),
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("site_code", sa.String(length=32), nullable=False),
        sa.Column("window", sa.String(length=16), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("elderly", sa.Boolean(), nullable=False),
        sa.Column("disabled", sa.Boolean(), nullable=False),
        sa.Column("on", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("event_id", name="pk_assistance"),
    )
    op.create_index("ix_assistance_on_site", "assistance", ["on", "site_code"])


def downgrade() -> None:
    op.drop_index("ix_assistance_on_site", table_name="assistance")
    op.drop_table("assistance")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("site_code")
    for table in ("events", "cases", "devices"):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("site_code")
    op.drop_table("sites")
