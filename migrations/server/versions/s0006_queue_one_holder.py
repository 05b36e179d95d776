"""A window holds at most one ticket: a partial unique index on queue_tickets(window) over the holding states.

Two call-next requests of one window at the same moment (a double key press, two clients with one token, a
retry after a timeout), or a call-back racing a call-next, could each pass the "still holding a ticket" check
before the other wrote, and a ticket ended up called at a window serving another: neither waiting nor served.
The index makes the database refuse the second holder, whatever the code path.

Data written before may already break the rule. Refusing the upgrade would keep the server down until someone
edits tickets by hand, and the extra tickets are invisible to the window anyway (its status shows one current
ticket), so the upgrade resolves it the same way every time: per window the most recently called ticket stays
(the one the clerk is most likely serving); each other one goes back to waiting in its old place in line
(``issued_at`` unchanged), so the citizen is called again, never lost. Each is an event row (``requeue``) that
says why, and the server log names them.

Revision ID: s0006
Revises: s0005
Create Date: 2026-12-09 10:00:00
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "s0006"
down_revision = "s0005"
branch_labels = None
depends_on = None

HOLDING = ("called", "serving")
WHERE = sa.text("state IN ('called', 'serving')")
INDEX = "ux_queue_tickets_window_holding"
REQUEUE = "requeue"

log = logging.getLogger("hallclient.server")

tickets = sa.table(
    "queue_tickets",
    sa.column("id", sa.String),
    sa.column("number", sa.String),
    sa.column("state", sa.String),
    sa.column("window", sa.String),
    sa.column("called_at", sa.DateTime),
    sa.column("updated_at", sa.DateTime),
)
events = sa.table(
    "queue_ticket_events",
    sa.column("ticket_id", sa.String),
    sa.column("action", sa.String),
    sa.column("from_state", sa.String),
    sa.column("to_state", sa.String),
    sa.column("window", sa.String),
    sa.column("device_id", sa.String),
    sa.column("detail", sa.String),
    sa.column("at", sa.DateTime),
)


def _requeue_extra_holders() -> None:
    """Per window, keep the most recently called holder; put the others back to waiting, with an event."""
    bind = op.get_bind()
    rows = bind.execute(
        sa.select(tickets.c.id, tickets.c.number, tickets.c.state, tickets.c.window)
        .where(tickets.c.state.in_(HOLDING))
        .order_by(
            tickets.c.window,
            sa.func.coalesce(tickets.c.called_at, tickets.c.updated_at).desc(),
            tickets.c.updated_at.desc(),
            tickets.c.id.desc(),
        )
    ).all()
    kept: dict[str, str] = {}
    now = datetime.now(UTC).replace(tzinfo=None)  # naive UTC, like every server time
    for row in rows:
        if row.window not in kept:
            kept[row.window] = row.number
            continue
        why = f"升级 s0006：{row.window} 号窗口同时占有多张号，保留最近叫的 {kept[row.window]} 号，本号退回等候"
        bind.execute(
            sa.update(tickets).where(tickets.c.id == row.id).values(state="waiting", window="", updated_at=now)
        )
        bind.execute(
            sa.insert(events).values(
                ticket_id=row.id,
                action=REQUEUE,
                from_state=row.state,
                to_state="waiting",
                window=row.window,
                device_id="",
                detail=why,
                at=now,
            )
        )
        log.warning("%s 号：%s", row.number, why)


def upgrade() -> None:
    _requeue_extra_holders()
    op.create_index(INDEX, "queue_tickets", ["window"], unique=True, postgresql_where=WHERE, sqlite_where=WHERE)


def downgrade() -> None:
    op.drop_index(INDEX, table_name="queue_tickets")
