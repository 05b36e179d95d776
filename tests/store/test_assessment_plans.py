"""Query plans of the assessment's reads on SQLite after ANALYZE (migration 0008): the plan must not depend on
statistics that make a read cost a table scan per row (13 s seen for a quarter's ratings)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine

from hallclient.config import Settings
from hallclient.domain.tally import Period
from hallclient.services import tally_facts
from hallclient.services.assessment import _staff_departments
from hallclient.services.context import Services
from hallclient.store.bootstrap import device_id, open_store


@contextmanager
def _statements() -> Iterator[list[tuple[str, Any]]]:
    """Every SQL statement run meanwhile, with its parameters."""
    seen: list[tuple[str, Any]] = []

    def note(_conn: Any, _cursor: Any, statement: str, parameters: Any, _context: Any, _many: bool) -> None:
        seen.append((statement, parameters))

    event.listen(Engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(Engine, "before_cursor_execute", note)


def _plan(path: Path, read: Callable[[], object]) -> list[str]:
    with _statements() as seen:
        read()
    statement, parameters = seen[-1]
    with sqlite3.connect(path) as raw:
        return [row[3] for row in raw.execute("EXPLAIN QUERY PLAN " + statement, parameters)]


@pytest.mark.parametrize("grouping", ["department", "clerk"])
def test_ratings_find_their_task_by_index_when_no_complaint_has_a_rating(tmp_path: Path, grouping: str) -> None:
    """A store whose complaints all lack a rating_id: ANALYZE then calls the unique index on rating_id useless, and
    SQLite scanned the whole complaints table once per rating. The partial index is used regardless."""
    path = tmp_path / "store.sqlite3"
    store = open_store(path)
    with sqlite3.connect(path) as raw:
        raw.executemany(
            "INSERT INTO ratings (id, level, reason, on_behalf, rated_at, window, clerk_id)"
            " VALUES (?, ?, '', 0, ?, '01', 'u1')",
            [(f"r{n}", 1 + n % 5, f"2025-10-{1 + n % 28:02d} 10:00:00.000000") for n in range(40)],
        )
        raw.executemany(
            "INSERT INTO complaints (id, ref, kind, source, case_no, window, clerk_id, clerk_name, department_code,"
            " complainant, phone, content, stage, received_at, sla_days, due_date, finding, rectification, follow_up,"
            " follow_up_result, appeal, appeal_reason, appeal_result, updated_at, handler_id, handler_name)"
            " VALUES (?, ?, 'complaint', 'phone', '', '01', 'u1', '', 'D1', '', '', '', 'received',"
            " '2025-10-02 10:00:00.000000', 5, '2025-10-09', '', '', '', '', 0, '', '', '2025-10-02 10:00:00.000000',"
            " '', '')",
            [(f"k{n}", f"TS{n}") for n in range(20)],
        )
        raw.execute("ANALYZE")
    try:
        with store.read() as session:
            plan = _plan(path, lambda: tally_facts._ratings(session, grouping, datetime(2025, 10, 1),
                                                            datetime(2026, 1, 1), None))  # fmt: skip
    finally:
        store.close()
    assert not [step for step in plan if step.startswith("SCAN complaints")], plan
    assert any("complaints USING INDEX ix_complaints_rating" in step for step in plan), plan


# sqlite_stat1 of cases in a store of 1,000,000 cases by 200 clerks (bench/assessment.py): SQLite then skip-scans
# ix_cases_clerk for a period; with no statistics it takes ix_cases_received_at.
LARGE_HALL = {"ix_cases_received_at": "1000000 1 1 1 1", "ix_cases_clerk": "1000000 5000 1 1",
              "ix_cases_status_promised": "1000000 200000 664", "sqlite_autoindex_cases_1": "1000000 1"}  # fmt: skip


@pytest.mark.parametrize("statistics", ["none", "large hall"])
def test_staff_departments_are_read_from_an_index_alone(tmp_path: Path, statistics: str) -> None:
    """Each staff member's department over a quarter (~0.3 s of a large hall's assessment when read row by row)."""
    path = tmp_path / "store.sqlite3"
    store = open_store(path)
    with sqlite3.connect(path) as raw:
        raw.execute("ANALYZE")
        if statistics == "large hall":
            raw.executemany("INSERT INTO sqlite_stat1 VALUES ('cases', ?, ?)", LARGE_HALL.items())
    store.close()
    store = open_store(path)  # statistics are read when a connection opens
    try:
        services = Services(store=store, settings=Settings(), device_id=device_id(store))
        plan = _plan(path, lambda: _staff_departments(services, Period(date(2025, 10, 1), date(2025, 12, 31))))
    finally:
        store.close()
    assert plan[0].startswith("SEARCH cases USING COVERING INDEX"), plan
