"""Migrations: every earlier revision upgrades with its data intact; newer databases are refused."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect

from hallclient.cli import main
from hallclient.errors import HallError
from hallclient.store import migrate
from hallclient.store.bootstrap import open_store
from hallclient.store.schema import metadata


def _revisions() -> list[str]:
    script = ScriptDirectory.from_config(migrate.alembic_config(Path("x")))
    return [rev.revision for rev in reversed(list(script.walk_revisions()))]


def _fill_every_table(path: Path) -> dict[str, int]:
    """Insert one generic row into every table that exists at this revision (values by column type)."""
    engine = create_engine(f"sqlite:///{path}")
    inspector = inspect(engine)
    counts: dict[str, int] = {}
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA foreign_keys=OFF")
    for table in inspector.get_table_names():
        if table == "alembic_version":
            continue
        columns = inspector.get_columns(table)
        values: list[object] = []
        for column in columns:
            kind = str(column["type"]).upper()
            if "INT" in kind or "BOOL" in kind:
                values.append(1)
            elif "DATETIME" in kind:
                values.append("2026-03-02 10:00:00.000000")
            elif "DATE" in kind:
                values.append("2026-03-02")
            elif "JSON" in kind:
                values.append("{}")
            elif "BLOB" in kind or "BINARY" in kind:
                values.append(b"\x00\x01")
            else:
                values.append(f"{table}-1")
        placeholders = ",".join("?" for _ in columns)
        names = ",".join(f'"{column["name"]}"' for column in columns)
        connection.execute(f'INSERT INTO "{table}" ({names}) VALUES ({placeholders})', values)
        counts[table] = 1
    connection.commit()
    connection.close()
    engine.dispose()
    return counts


@pytest.mark.parametrize("revision", _revisions())
def test_database_at_every_revision_upgrades_without_losing_rows(tmp_path: Path, revision: str) -> None:
    path = tmp_path / f"at-{revision}.sqlite3"
    migrate.upgrade(path, target=revision, make_backup=False)
    filled = _fill_every_table(path)
    backup = migrate.upgrade(path)
    assert migrate.current_revision(path) == migrate.head_revision()
    connection = sqlite3.connect(path)
    for table, rows in filled.items():
        assert connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] == rows, table
    connection.close()
    if revision != migrate.head_revision():
        assert backup is not None and backup.exists()


def test_models_match_the_migrated_schema(tmp_path: Path) -> None:
    path = tmp_path / "head.sqlite3"
    migrate.upgrade(path)
    inspector = inspect(create_engine(f"sqlite:///{path}"))
    assert set(metadata.tables) == set(inspector.get_table_names()) - {"alembic_version"}
    for table in metadata.sorted_tables:
        assert {c["name"] for c in inspector.get_columns(table.name)} == {c.name for c in table.columns}, table.name


def test_upgrade_copies_the_database_first(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    migrate.upgrade(path, target=_revisions()[0], make_backup=False)
    if len(_revisions()) == 1:
        # Nothing to migrate: no copy is made and the file is untouched.
        assert migrate.upgrade(path) is None
        return
    copy = migrate.upgrade(path)
    assert copy is not None and copy.exists()


def test_database_from_a_newer_version_is_refused_and_untouched(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "newer.sqlite3"
    open_store(path).close()
    connection = sqlite3.connect(path)
    with connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999_future'")
    connection.close()
    before = path.read_bytes()
    with pytest.raises(HallError, match="比本程序新"):
        open_store(path)
    assert main(["db", "upgrade", "--db", str(path)]) == 2
    assert "比本程序新" in capsys.readouterr().err
    assert path.read_bytes() == before


def test_store_pragmas_are_durable(tmp_path: Path) -> None:
    store = open_store(tmp_path / "p.sqlite3")
    with store.write() as session:
        connection = session.connection()
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.connection.in_transaction  # BEGIN IMMEDIATE already issued
    store.close()


def test_the_head_read_without_alembic_is_alembics_head() -> None:
    """A current store opens without importing Alembic: the head comes from the migration files' text."""
    assert migrate._head_from_files() == migrate.head_revision() == _revisions()[-1]


def test_a_second_head_sends_the_check_back_to_alembic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two branches' revisions on one parent (before the lead re-chains them): no guess, Alembic decides."""
    versions = tmp_path / "migrations" / "versions"
    versions.mkdir(parents=True)
    for source in (migrate.migrations_path() / "versions").glob("*.py"):
        (versions / source.name).write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    (versions / "9998_branch.py").write_text(
        f'revision = "9998"\ndown_revision = "{_revisions()[-2]}"\n', encoding="utf-8"
    )
    monkeypatch.setattr(migrate, "migrations_path", lambda: tmp_path / "migrations")
    migrate._head_from_files.cache_clear()
    try:
        assert migrate._head_from_files() is None
        store = tmp_path / "store.sqlite3"
        sqlite3.connect(store).close()
        assert migrate._already_current(store) is None
    finally:
        migrate._head_from_files.cache_clear()
