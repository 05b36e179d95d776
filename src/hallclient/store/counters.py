"""The daily case-number counter, moved with fixed SQL on the write transaction's connection.

Every intake takes a number, so this is on the hot path: two prepared statements (read, then insert or
update) instead of the ORM's identity map and unit of work. The caller's ``BEGIN IMMEDIATE`` transaction holds
the write lock from the read to the commit, so two windows' intakes on one store can never take the same number,
and a rolled-back intake gives its number back with everything else it wrote.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

_READ_SQL = "SELECT last_seq FROM case_number_counters WHERE day = ? AND scope = ?"
_INSERT_SQL = "INSERT INTO case_number_counters (day, scope, last_seq) VALUES (?, ?, ?)"
_UPDATE_SQL = "UPDATE case_number_counters SET last_seq = ? WHERE day = ? AND scope = ?"


def next_case_seq(session: Session, day: date, scope: str) -> int:
    """The next sequence number of ``day`` for ``scope`` (a device), stored in the caller's transaction."""
    connection = session.connection()
    key = day.isoformat()  # how SQLAlchemy's Date stores a day in SQLite: the ORM reads these rows back as dates
    row = connection.exec_driver_sql(_READ_SQL, (key, scope)).first()
    if row is None:
        connection.exec_driver_sql(_INSERT_SQL, (key, scope, 1))
        return 1
    seq = int(row[0]) + 1
    connection.exec_driver_sql(_UPDATE_SQL, (seq, key, scope))
    return seq
