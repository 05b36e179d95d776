"""Devices receive device-bound offline credentials instead of the users' password hashes: new feed epoch.

Clients synced before this revision hold the server's argon2 hashes of every user, administrators
included. A new epoch makes each of them fetch a full snapshot on its next sync, which replaces those
hashes with credentials bound to the device and erases the ones it must not hold (see
``services/device_credentials.py`` and ``sync/downloader.py``). No schema change.

Revision ID: s0003
Revises: s0002
Create Date: 2026-12-02 00:30:00
"""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from alembic import op

revision = "s0003"
down_revision = "s0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    feed_state = sa.table("feed_state", sa.column("id", sa.Integer), sa.column("epoch", sa.String))
    op.get_bind().execute(feed_state.update().where(feed_state.c.id == 1).values(epoch=str(uuid.uuid4())))


def downgrade() -> None:
    """Nothing to undo: another new epoch only makes the clients fetch a snapshot once more."""
