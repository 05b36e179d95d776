"""Monthly partitions of events and cases (s0013, server/partitions.py): the month rule in Python and SQL, the
migration of a populated PostgreSQL database, the DEFAULT partition, partitions ahead (also concurrently), and
``hallclient server partitions`` with its refusals."""

from __future__ import annotations

import csv
import json
import threading
from datetime import date, datetime
from pathlib import Path
from uuid import uuid4

import pytest
from alembic import command
from sqlalchemy import text

from hallclient.cli import main
from hallclient.domain.events import GENESIS_HASH, EventRecord, seal
from hallclient.protocol.wire import UploadBatch
from hallclient.server.db import Database, alembic_config, upgrade
from hallclient.server.ingest import ingest
from hallclient.server.partitions import (
    LOCK_KEY,
    MONTH_SQL_PG,
    MONTH_SQL_SQLITE,
    ensure,
    ensure_at_startup,
    month_of,
    partitions,
)
from pgtest import PgCluster, create_database

NOW = datetime(2026, 12, 2, 2, 0)  # naive UTC, as the server stores it
TIMES = [
    "2026-12-02T10:00:00+08:00", "2025-03-31T23:59:59.999+08:00", "1970-01-01T00:00:00Z", "2099-06-01T00:00:00Z",
    "", "garbage", "2026-13-01T00:00:00Z", "2026-00-05T00:00:00Z", "0999-01-01T00:00:00Z", "２０２６-01-01",
    "2026-1-01", "2026-12",
]  # fmt: skip


def _pg(cluster: PgCluster) -> str:
    return create_database(cluster, f"part{uuid4().hex[:10]}")


def events(device: str, times: list[str], seq: int = 1, prev: str = GENESIS_HASH) -> list[EventRecord]:
    """A verified chain of plain events of ``device`` at the given device times."""
    chain = []
    for offset, moment in enumerate(times):
        record = seal(event_id=str(uuid4()), case_id=None, type="note.added", payload={"n": seq + offset},
                      device_id=device, seq=seq + offset, actor="u1", device_time=moment, prev_hash=prev)  # fmt: skip
        chain.append(record)
        prev = record.hash
    return chain


def upload(db: Database, device: str, records: list[EventRecord]) -> list[tuple[str, str | None]]:
    batch = UploadBatch(device_id=device, sent_at="2026-12-02T10:00:00+08:00", events=[r.to_wire() for r in records])
    with db.session() as session:
        result = ingest(session, device, batch, NOW)
    return [(r.status, r.code or None) for r in result.results]


def where(db: Database, table: str, key: str, value: str) -> str:
    with db.engine.connect() as connection:
        return str(connection.execute(text(f"SELECT tableoid::regclass::text FROM {table} WHERE {key} = :v"),
                                      {"v": value}).scalar_one())  # fmt: skip


@pytest.mark.parametrize("dialect", ["sqlite", "postgres"])
def test_the_month_rule_is_the_same_in_python_and_in_the_migrations_sql(
    dialect: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """Ingest finds a resent event by the month Python computes; the backfill computed it in SQL."""
    if dialect == "sqlite":
        db, rule = Database(f"sqlite:///{tmp_path / 's.sqlite3'}"), MONTH_SQL_SQLITE
    else:
        db, rule = Database(_pg(request.getfixturevalue("pg_cluster"))), MONTH_SQL_PG
    with db.engine.connect() as connection:
        for moment in TIMES:
            found = connection.execute(text(f"SELECT {rule} FROM (SELECT :t AS device_time) AS v"), {"t": moment})
            value = found.scalar_one()
            assert (value if isinstance(value, date) else date.fromisoformat(value)) == month_of(moment), moment
    db.dispose()
    assert month_of(TIMES[0]) == date(2026, 12, 1) and month_of("2099-06-01T00:00:00Z") == date(2099, 6, 1)
    assert {month_of(moment) for moment in TIMES[4:11]} == {date(1970, 1, 1)}


def _raw_case(case_id: str, received_on: date | None, updated_at: datetime) -> dict[str, object]:
    return {"id": case_id, "no": f"NO-{case_id}", "on": received_on, "at": updated_at}


def test_the_migration_partitions_a_populated_database_and_resends_stay_duplicates(pg_cluster: PgCluster) -> None:
    url = _pg(pg_cluster)
    command.upgrade(alembic_config(url), "s0012")
    device = "dev-a"
    chain = events(device, ["2025-03-10T09:00:00+08:00", "2026-11-30T23:00:00+08:00", "1970-01-01T00:00:00Z",
                            "2099-06-01T00:00:00Z", "garbage"])  # fmt: skip
    db = Database(url)
    with db.engine.begin() as connection:
        for r in chain:
            connection.execute(
                text("INSERT INTO events (id, device_id, seq, case_id, type, payload, actor, device_time, prev_hash, "
                     "hash, received_at, clock_offset_s, clock_flag) VALUES (:id, :device_id, :seq, NULL, :type, "
                     ":payload, :actor, :device_time, :prev_hash, :hash, :now, 0, false)"),
                {**r.to_wire(), "payload": json.dumps(r.payload), "now": NOW},
            )  # fmt: skip
        connection.execute(text("INSERT INTO device_chains VALUES (:d, 5, :h, 0, :now)"),
                           {"d": device, "h": chain[-1].hash, "now": NOW})  # fmt: skip
        for case in (_raw_case("c1", date(2025, 3, 10), NOW), _raw_case("c2", None, datetime(2026, 11, 3))):
            connection.execute(
                text("INSERT INTO cases (case_id, case_no, device_id, \"window\", matter_code, matter_name, "
                     "department_code, channel, applicant_kind, applicant_name, green_channel, assisted, clerk_id, "
                     "clerk_name, intake, received_on, outcome, status, state, last_event_type, last_seq, "
                     "events_count, back_office_by, conflict, updated_at) VALUES (:id, :no, 'dev-a', '05', 'M', "
                     "'m', 'BDC', 'on_site', 'person', '张三', false, false, 'c', '王芳', '', :on, 'accept', "
                     "'accepted', '{}', 'case.accepted', 1, 1, '', '', :at)"), case)  # fmt: skip
    upgrade(url)
    with db.engine.connect() as connection:
        partitioned = set(
            connection.execute(text("SELECT partrelid::regclass::text FROM pg_partitioned_table")).scalars()
        )
        constraints: dict[str, str] = dict(connection.execute(text(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid IN ('events'::regclass, "
            "'cases'::regclass) AND contype IN ('p', 'u')")).all())  # fmt: skip
        indexes = set(connection.execute(text("SELECT indexname FROM pg_indexes WHERE tablename = 'events'")).scalars())
        counts = [connection.execute(text(f"SELECT count(*) FROM {t}")).scalar_one() for t in ("events", "cases")]
    assert partitioned == {"events", "cases"} and counts == [5, 2]
    assert constraints == {
        "pk_events": "PRIMARY KEY (id, event_month)", "uq_events_device_seq": "UNIQUE (device_id, seq, event_month)",
        "pk_cases": "PRIMARY KEY (case_id, case_month)", "uq_cases_case_no": "UNIQUE (case_no, case_month)",
    }  # fmt: skip
    assert {"ix_events_case", "ix_events_received", "ix_events_type_time"} <= indexes
    assert [where(db, "events", "seq", str(seq)) for seq in range(1, 6)] == [
        "events_y2025m03", "events_y2026m11", "events_default", "events_default", "events_default"]  # fmt: skip
    assert where(db, "cases", "case_id", "c1") == "cases_y2025m03"
    assert where(db, "cases", "case_id", "c2") == "cases_y2026m11"
    with db.engine.connect() as connection:
        names = {p.name for p in partitions(connection)}
    assert {"events_y2026m12", "events_y2027m03", "cases_y2027m03"} <= names  # this month and 3 ahead (today)
    # Ingest files a resend under the month the migration computed: duplicates, not conflicts.
    assert upload(db, device, chain) == [("duplicate", None)] * 5
    forged = EventRecord(**{**chain[0].to_wire(), "hash": "f" * 64})
    assert upload(db, device, [forged]) == [("rejected", "id_conflict")]
    assert upload(db, device, events(device, ["2026-12-02T10:00:00+08:00"], 6, chain[-1].hash)) == [("applied", None)]
    db.dispose()


def test_an_event_id_reused_with_a_device_time_in_another_month_is_refused(pg_cluster: PgCluster) -> None:
    """Uniqueness on PostgreSQL is per month (the partition key is in the primary key), so ingest looks ids up in
    every month: another device's event under a stored id, dated a month later, is an id conflict, not a new row."""
    url = _pg(pg_cluster)
    upgrade(url)
    db = Database(url)
    [stored] = events("dev-a", ["2026-11-30T10:00:00+08:00"])
    assert upload(db, "dev-a", [stored]) == [("applied", None)]
    [hostile] = events("dev-b", ["2026-12-02T10:00:00+08:00"])
    reused = seal(event_id=stored.id, case_id=None, type="note.added", payload={"n": 1}, device_id="dev-b", seq=1,
                  actor="u1", device_time=hostile.device_time, prev_hash=GENESIS_HASH)  # fmt: skip
    assert upload(db, "dev-b", [reused]) == [("rejected", "id_conflict")]
    with db.engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM events WHERE id = :id"), {"id": stored.id}).scalar() == 1
    db.dispose()


def test_the_default_partition_catches_far_clocks_and_ensure_moves_them_into_their_month(
    pg_cluster: PgCluster,
) -> None:
    url = _pg(pg_cluster)
    upgrade(url)
    db = Database(url)
    chain = events("dev-b", ["2099-06-01T08:00:00+08:00", "1970-01-01T00:00:00Z", "2026-12-02T10:00:00+08:00"])
    assert upload(db, "dev-b", chain) == [("applied", None)] * 3
    assert [where(db, "events", "id", r.id) for r in chain] == ["events_default", "events_default", "events_y2026m12"]
    with db.engine.connect() as holder:  # another process busy ensuring: a starting server does not wait long
        holder.execute(text("SELECT pg_advisory_lock(:k)"), {"k": LOCK_KEY})
        assert ensure_at_startup(db.engine, date(2099, 6, 17), lock_timeout="200ms") == []
        holder.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": LOCK_KEY})
    assert where(db, "events", "id", chain[0].id) == "events_default"
    with db.engine.begin() as connection:
        created = ensure(connection, date(2099, 6, 17), ahead=0)
    assert created == ["events_y2099m06", "cases_y2099m06"]
    assert [where(db, "events", "id", r.id) for r in chain] == ["events_y2099m06", "events_default", "events_y2026m12"]
    assert upload(db, "dev-b", chain) == [("duplicate", None)] * 3  # found in the new partition
    with db.engine.begin() as connection:
        assert ensure(connection, date(2099, 6, 17), ahead=0) == []
    db.dispose()


def test_ensure_from_several_processes_at_once_creates_each_partition_once(pg_cluster: PgCluster) -> None:
    url = _pg(pg_cluster)
    upgrade(url)
    databases = [Database(url) for _ in range(3)]
    results: list[list[str]] = []
    errors: list[BaseException] = []
    start = threading.Barrier(len(databases))

    def run(db: Database) -> None:
        try:
            start.wait()
            with db.engine.begin() as connection:
                results.append(ensure(connection, date(2031, 1, 1), ahead=2))
        except BaseException as error:  # reported below
            errors.append(error)

    threads = [threading.Thread(target=run, args=(db,)) for db in databases]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    created = sorted(name for names in results for name in names)
    assert created == sorted(f"{t}_y2031m0{m}" for t in ("events", "cases") for m in (1, 2, 3))
    assert sorted(len(names) for names in results) == [0, 0, 6]
    for db in databases:
        db.dispose()


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("HALLCLIENT_CONFIG", str(tmp_path / "config.toml"))

    def run(db: str, *args: str, code: int = 0) -> str:
        result = main(["server", "partitions", *args, "--db", db])
        captured = capsys.readouterr()
        assert result == code, captured.err
        if code:
            assert len(captured.err.strip().splitlines()) == 1 and "Traceback" not in captured.err, captured.err
            return captured.err
        return captured.out

    return run


def test_partitions_cli_refuses_sqlite_and_bad_input_and_changes_nothing(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    sqlite = f"sqlite:///{tmp_path / 'server.sqlite3'}"
    for args in (["list"], ["ensure"], ["archive", "--before", "2020-01", "--out", str(tmp_path / "a")]):
        assert "分区仅用于 PostgreSQL" in cli(sqlite, *args, code=2)
    assert not (tmp_path / "server.sqlite3").exists() and not (tmp_path / "a").exists()
    assert "0–120" in cli(sqlite, "ensure", "--ahead", "-1", code=2)
    assert "--before" in cli(sqlite, "archive", "--out", str(tmp_path), code=2)


def test_partitions_cli_lists_ensures_and_archives_an_old_month(cli, tmp_path: Path, pg_cluster: PgCluster) -> None:  # type: ignore[no-untyped-def]
    url = _pg(pg_cluster)
    upgrade(url)
    db = Database(url)
    old = events("dev-c", ["2024-01-05T09:00:00+08:00", "2024-01-31T18:00:00+08:00"])
    intake = seal(event_id=str(uuid4()), case_id="case-2024", type="case.accepted", device_id="dev-c", seq=3,
                  payload={"intake": {"case_no": "NO-2024", "received_at": "2024-01-31T18:05:00+08:00"},
                           "state": {"status": "accepted"}},
                  actor="u1", device_time="2024-01-31T18:05:00+08:00", prev_hash=old[-1].hash)  # fmt: skip
    recent = events("dev-c", ["2026-12-02T10:00:00+08:00"], 4, intake.hash)
    assert upload(db, "dev-c", [*old, intake, *recent]) == [("applied", None)] * 4
    with db.engine.begin() as connection:
        ensure(connection, date(2024, 1, 1), ahead=0)  # the month existed then: its rows move out of DEFAULT
    listing = cli(url, "list")
    assert "events_y2024m01\t2024-01" in listing and "cases_default\t默认分区" in listing
    assert "已新建 2 个分区：events_y2027m04、cases_y2027m04" in cli(url, "ensure", "--ahead", "4")
    assert "分区已齐全" in cli(url, "ensure", "--ahead", "4")
    out = tmp_path / "archive"
    # Bad input and a month too recent: one line, exit 2, nothing detached.
    assert "YYYY-MM" in cli(url, "archive", "--before", "2024-13", "--out", str(out), code=2)
    assert "12 个月以前" in cli(url, "archive", "--before", "2026-01", "--out", str(out), code=2)
    (tmp_path / "file").write_text("x")
    assert "应为文件夹" in cli(url, "archive", "--before", "2024-02", "--out", str(tmp_path / "file"), code=2)
    assert not out.exists() and "events_y2024m01" in cli(url, "list")
    done = cli(url, "archive", "--before", "2024-02", "--out", str(out))
    assert "已归档并删除 2 个分区（共 4 行" in done and "查不到这些办件" in done
    with (out / "events_y2024m01.csv").open(newline="", encoding="utf-8") as source:
        rows = list(csv.DictReader(source))
    assert sorted(row["id"] for row in rows) == sorted(r.id for r in [*old, intake])
    manifest = json.loads((out / "cases_y2024m01.json").read_text(encoding="utf-8"))
    assert (manifest["rows"], manifest["month"]) == (1, "2024-01") and "case_month" in manifest["columns"]
    with db.engine.connect() as connection:
        left = connection.execute(text("SELECT id FROM events")).scalars().all()
        tables = connection.execute(text("SELECT count(*) FROM pg_class WHERE relname LIKE '%y2024m01'")).scalar()
    assert left == [recent[0].id] and tables == 0
    assert "没有早于 2024-02 的分区" in cli(url, "archive", "--before", "2024-02", "--out", str(out))
    db.dispose()
