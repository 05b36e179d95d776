"""Server migrations: the models equal the migrated schema, and s0002 backfills intake times of existing cases."""

from __future__ import annotations

from datetime import date, datetime

from alembic import command
from sqlalchemy import create_engine, inspect, select, text

from hallclient.domain.events import canonical_json
from hallclient.server.db import alembic_config, normalise_url, upgrade
from hallclient.server.models import ServerBase, ServerCase
from hallclient.server.projection import intake_moment


def test_models_match_the_migrated_schema(db_url: str) -> None:
    upgrade(db_url)
    engine = create_engine(normalise_url(db_url))
    inspector = inspect(engine)
    for table in ServerBase.metadata.sorted_tables:
        assert {c["name"] for c in inspector.get_columns(table.name)} == {c.name for c in table.columns}, table.name
        indexes = {index["name"] for index in inspector.get_indexes(table.name)}
        assert {index.name for index in table.indexes} <= indexes, table.name
    engine.dispose()


CASE_COLUMNS = (
    'case_id, case_no, device_id, "window", matter_code, matter_name, department_code, channel, applicant_kind, '
    "applicant_name, green_channel, assisted, clerk_id, clerk_name, intake, received_on, outcome, status, state, "
    "last_event_type, last_seq, events_count, back_office_by, conflict, updated_at"
)


def _insert_case(connection: object, case_id: str, intake: str, received_on: date | None) -> None:
    connection.execute(  # type: ignore[attr-defined]
        text(
            f"INSERT INTO cases ({CASE_COLUMNS}) VALUES (:id, :no, 'd', '05', 'M', 'm', 'BDC', 'on_site', 'person', "
            "'张三', false, false, 'c', '王芳', :intake, :on, 'accept', 'accepted', '{}', 'case.accepted', 1, 1, '', "
            "'', :now)"
        ),
        {"id": case_id, "no": f"NO-{case_id}", "intake": intake, "on": received_on, "now": datetime(2026, 3, 2, 8)},
    )


def test_intake_times_of_existing_cases_are_backfilled(db_url: str) -> None:
    command.upgrade(alembic_config(db_url), "s0001")
    early = canonical_json({"received_at": "2026-03-02T07:30:00+08:00"})  # still 1 March in UTC
    engine = create_engine(normalise_url(db_url))
    with engine.begin() as connection:
        _insert_case(connection, "a", early, date(2026, 3, 1))  # the UTC date s0001's projection stored
        _insert_case(connection, "b", canonical_json({"received_at": "not a time"}), date(2026, 3, 5))
        _insert_case(connection, "c", "", None)
    upgrade(db_url)
    with engine.connect() as connection:
        c = ServerCase
        rows = {row.case_id: row for row in connection.execute(
            select(c.case_id, c.received_at, c.received_offset_min, c.received_on))}  # fmt: skip
    engine.dispose()
    assert len(rows) == 3
    assert (rows["a"].received_at, rows["a"].received_offset_min) == (datetime(2026, 3, 1, 23, 30), 480)
    assert (rows["a"].received_at, rows["a"].received_offset_min) == intake_moment("2026-03-02T07:30:00+08:00")
    assert rows["a"].received_on == date(2026, 3, 2)  # the hall's own date of the intake
    assert (rows["b"].received_at, rows["b"].received_offset_min, rows["b"].received_on) == (
        None,
        None,
        date(2026, 3, 5),
    )
    assert (rows["c"].received_at, rows["c"].received_on) == (None, None)


def test_s0003_starts_a_new_feed_epoch_so_every_client_refetches(db_url: str) -> None:
    command.upgrade(alembic_config(db_url), "s0002")
    engine = create_engine(normalise_url(db_url))
    with engine.connect() as connection:
        before = connection.execute(text("SELECT epoch FROM feed_state WHERE id = 1")).scalar_one()
    upgrade(db_url)
    with engine.connect() as connection:
        after = connection.execute(text("SELECT epoch FROM feed_state WHERE id = 1")).scalar_one()
    engine.dispose()
    assert before and after and after != before
