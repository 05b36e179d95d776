"""Call-next on PostgreSQL in one round trip: pick, lock, call and record in a single autocommit statement.

The general path (:func:`hallclient.server.queue.call_next`) reads the configuration, checks the window,
picks under ``FOR UPDATE SKIP LOCKED``, writes the ticket and its event and counts what is left: about a
dozen round trips, each one waited for by a worker thread. Here the same rules are one statement: the
window's open categories and priorities are read from ``queue_categories.windows`` in SQL, the hall's
day and ``appointment_priority_minutes`` from ``queue_halls``, the pause and "still holding a ticket"
guards are ``NOT EXISTS`` clauses, and the chosen row is taken with ``FOR UPDATE SKIP LOCKED`` and
updated together with its ``queue_ticket_events`` row, and the hall's displays are notified
(:mod:`hallclient.server.queue_notify`); the statement is its own transaction.

When it calls nobody (the window is paused, holds a ticket, serves no category, or nobody waits) the
caller falls back to the general path, which says why in Chinese or answers "nobody waits": the
refusals and their wording exist once. tests/sync/test_queue_order.py holds the order to the domain's.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, text

from hallclient.domain.queue import MAX_PRIORITY, Action, QueueRules, TicketState, transition
from hallclient.server.queue_models import QueueTicket
from hallclient.server.queue_notify import CHANNEL

TICKET_COLUMNS = tuple(column.name for column in QueueTicket.__table__.columns)

_CALL = text("""
WITH served AS (
    SELECT code, hall, open, CAST(CAST(windows AS jsonb) ->> :window AS integer) AS rank
    FROM queue_categories
    WHERE CAST(windows AS jsonb) -> :window IS NOT NULL
),
hall AS (
    SELECT
        CAST(CAST(:now AS timestamp) + make_interval(mins => h.utc_offset_min) AS date) AS today,
        CAST(:now AS timestamp) + interval '1 minute' * COALESCE(
            CAST(CAST(h.rules AS jsonb) ->> 'appointment_priority_minutes' AS double precision), :due_minutes
        ) AS due
    FROM queue_halls h
    WHERE h.code = (SELECT hall FROM served ORDER BY code LIMIT 1)
),
pick AS (
    SELECT t.id
    FROM queue_tickets t
    CROSS JOIN hall
    LEFT JOIN served s ON s.code = t.category AND s.open
    WHERE t.state = :waiting
      AND t.day = hall.today
      AND (t.target_window = :window OR (t.target_window = '' AND s.code IS NOT NULL))
      AND NOT EXISTS (SELECT 1 FROM queue_window_pauses p WHERE p."window" = :window AND p.ended_at IS NULL)
      AND NOT EXISTS (SELECT 1 FROM queue_tickets held WHERE held."window" = :window AND held.state = ANY(:holding))
    ORDER BY
        CASE WHEN t.target_window = :window THEN 0 ELSE 1 END,
        COALESCE(s.rank, :unranked),
        CASE WHEN t.green THEN 0 ELSE 1 END,
        CASE WHEN t.appointment_start IS NOT NULL AND t.appointment_start <= hall.due THEN 0 ELSE 1 END,
        t.issued_at,
        t.sequence
    LIMIT 1
    FOR UPDATE OF t SKIP LOCKED
),
called AS (
    UPDATE queue_tickets t
    SET state = :called, "window" = :window, called_at = :now, updated_at = :now
    FROM pick
    WHERE t.id = pick.id
    RETURNING t.*
),
logged AS (
    INSERT INTO queue_ticket_events (ticket_id, action, from_state, to_state, "window", device_id, detail, at)
    SELECT id, :action, :waiting, :called, :window, :device, '', :now FROM called
)
SELECT
    called.*,
    COALESCE(c.name, '') AS category_name,
    pg_notify(:channel, called.hall) AS notified,
    GREATEST(0, (
        SELECT count(*)
        FROM queue_tickets w
        CROSS JOIN hall
        LEFT JOIN served s ON s.code = w.category AND s.open
        WHERE w.state = :waiting
          AND w.day = hall.today
          AND (w.target_window = :window OR (w.target_window = '' AND s.code IS NOT NULL))
    ) - 1) AS remaining
FROM called
LEFT JOIN queue_categories c ON c.code = called.category
""")


def call_in_one_statement(
    connection: Connection, window: str, device_row: str, now: datetime, holding: tuple[str, ...]
) -> tuple[QueueTicket, str, int] | None:
    """The ticket called for ``window`` (committed), its category's name and how many still wait for
    the window; None when this statement called nobody (the general path then says why)."""
    called_state = transition(TicketState.WAITING, Action.CALL, ticket="").value
    parameters: dict[str, Any] = {
        "window": window,
        "device": device_row,
        "now": now,
        "waiting": TicketState.WAITING.value,
        "called": called_state,
        "action": Action.CALL.value,
        "holding": list(holding),
        "unranked": MAX_PRIORITY + 1,
        "due_minutes": QueueRules().appointment_priority_minutes,
        "channel": CHANNEL,
    }
    row = connection.execute(_CALL, parameters).mappings().first()
    if row is None:
        return None
    ticket = QueueTicket(**{column: row[column] for column in TICKET_COLUMNS})
    return ticket, str(row["category_name"]), int(row["remaining"])
