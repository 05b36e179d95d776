"""one root word each for 容缺 (deficiency) and 不予受理 (refusal) in the local store

Revision ID: 0005
Revises: 0004

Print jobs stored their slip kind as ``rejection`` / ``tolerance``; the columns of 容缺 were ``tolerable``
(catalog materials) and ``tolerated`` (case materials). Local tables only: nothing here is uploaded or
hash-chained (events keep their payloads, see docs/glossary.md).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

SLIP_KINDS = {"rejection": "refusal", "tolerance": "deficiency"}  # before → after
COLUMNS = {("materials", "tolerable"): "deficiency_allowed", ("case_materials", "tolerated"): "deficient"}


def _rename_slip_kinds(renames: dict[str, str]) -> None:
    for old, new in renames.items():
        op.execute(sa.text("UPDATE print_jobs SET kind = :new WHERE kind = :old").bindparams(old=old, new=new))


def upgrade() -> None:
    for (table, old), new in COLUMNS.items():
        op.alter_column(table, old, new_column_name=new)
    _rename_slip_kinds(SLIP_KINDS)


def downgrade() -> None:
    for (table, old), new in COLUMNS.items():
        op.alter_column(table, new, new_column_name=old)
    _rename_slip_kinds({new: old for old, new in SLIP_KINDS.items()})
