"""A store killed (SIGKILL) while it is created or upgraded opens again, whole, with its data intact.

Stores an older, non-transactional hallclient left half-built are rebuilt when empty, refused with the
backup to restore when they hold data.

A real subprocess imports everything, says "go", and is killed after a random delay that falls inside the
creation or migration; the loop repeats enough times to land in the DDL window many times over.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from hallclient.errors import HallError
from hallclient.store import migrate
from hallclient.store.bootstrap import device_id, load_calendar, open_store

WORKER = textwrap.dedent(
    """
    import os
    import sys
    from pathlib import Path
    from hallclient.store.bootstrap import open_store
    import alembic.command, hallclient.store.models  # noqa: F401  (imported before "go")
    print("go", flush=True)
    open_store(Path(sys.argv[1])).close()
    print("done", flush=True)
    os._exit(0)  # skip the interpreter's slow shutdown: the measured time is the work's
    """
)


def _run_killed(db: Path, delay: float) -> tuple[bool, float]:
    """Start the worker on ``db``, kill it ``delay`` seconds after "go".

    Returns whether it finished first, and the seconds from "go" to its end.
    """
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    process = subprocess.Popen([sys.executable, "-c", WORKER, str(db)], stdout=subprocess.PIPE, text=True, env=env)
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "go"
    started = time.perf_counter()
    try:
        process.wait(timeout=delay)
    except subprocess.TimeoutExpired:
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
    elapsed = time.perf_counter() - started
    finished = process.stdout.read().strip() == "done"
    process.stdout.close()
    return finished, elapsed


#: Each test kills until this many kills landed mid-way, or its time is up (2 shared cores: timings vary).
WANTED_KILLS = 6
BUDGET_SECONDS = 9.0


def _kill_runs(prepare: Callable[[int], Path], check: Callable[[int, Path], None], seed: int) -> int:
    """Run prepare → killed worker → check until enough kills landed mid-way; returns how many did."""
    finished, duration = _run_killed(prepare(-1), 30.0)  # measures how long the work takes here
    assert finished
    rng = random.Random(seed)
    killed_mid_way = 0
    deadline = time.monotonic() + BUDGET_SECONDS
    attempt = 0
    while killed_mid_way < WANTED_KILLS and time.monotonic() < deadline:
        db = prepare(attempt)
        delay = rng.uniform(0.0, duration)
        finished, elapsed = _run_killed(db, delay)
        if finished:
            duration = max(duration, elapsed)
        else:
            killed_mid_way += 1
        check(attempt, db)
        attempt += 1
    return killed_mid_way


def _user_rows(path: Path) -> dict[str, int]:
    connection = sqlite3.connect(path)
    try:
        tables = [row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {
            table: connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
            for table in tables
            if table != "alembic_version"
        }
    finally:
        connection.close()


def test_store_killed_while_being_created_is_absent_or_whole(tmp_path: Path) -> None:
    def prepare(attempt: int) -> Path:
        folder = tmp_path / f"run{attempt}"
        folder.mkdir()
        return folder / "hall.sqlite3"

    def check(attempt: int, db: Path) -> None:
        store = open_store(db)  # absent → created now; present → whole
        assert device_id(store)
        assert load_calendar(store).holidays
        store.close()
        assert migrate.current_revision(db) == migrate.head_revision()
        leftovers = sorted(p.name for p in db.parent.iterdir() if not p.name.startswith("hall.sqlite3"))
        assert leftovers == [], leftovers  # the killed creation's temporary file is gone too

    assert _kill_runs(prepare, check, seed=11) >= 3, "the kills never landed inside the creation"


def test_store_killed_while_upgrading_from_0001_keeps_its_data(tmp_path: Path) -> None:
    from test_migrations import _fill_every_table  # tests/store is on sys.path (pytest's rootdir import mode)

    template = tmp_path / "template.sqlite3"
    migrate.upgrade(template, target="0001", make_backup=False)
    filled = _fill_every_table(template)

    def prepare(attempt: int) -> Path:
        folder = tmp_path / f"run{attempt}"
        folder.mkdir()
        shutil.copy(template, folder / "hall.sqlite3")
        return folder / "hall.sqlite3"

    def check(attempt: int, db: Path) -> None:
        store = open_store(db)  # finishes the upgrade when the kill came first
        store.close()
        assert migrate.current_revision(db) == migrate.head_revision()
        rows = _user_rows(db)
        for table, count in filled.items():
            if table not in ("meta", "calendar_days"):  # open_store adds the device id and the calendar
                assert rows[table] == count, (attempt, table)
        assert not list(db.parent.glob(".*")), "a partial backup or temporary file was left behind"

    assert _kill_runs(prepare, check, seed=12) >= 3, "the kills never landed inside the upgrade"


# -- stores an older hallclient left half-built ------------------------------------------------------------------------
def test_an_empty_half_created_store_from_an_older_version_is_rebuilt(tmp_path: Path) -> None:
    db = tmp_path / "hall.sqlite3"
    connection = sqlite3.connect(db)  # what a kill during the old, non-transactional creation left
    connection.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)")
    connection.execute("CREATE TABLE calendar_days (day DATE NOT NULL PRIMARY KEY, kind VARCHAR(16) NOT NULL)")
    connection.commit()
    connection.close()
    store = open_store(db)
    assert device_id(store)
    store.close()
    assert migrate.current_revision(db) == migrate.head_revision()


def test_an_unversioned_file_holding_data_is_refused_and_kept(tmp_path: Path) -> None:
    db = tmp_path / "hall.sqlite3"
    connection = sqlite3.connect(db)
    connection.execute("CREATE TABLE cases (id TEXT)")
    connection.execute("INSERT INTO cases VALUES ('a case')")
    connection.commit()
    connection.close()
    before = db.read_bytes()
    with pytest.raises(HallError, match="没有版本信息"):
        open_store(db)
    assert db.read_bytes() == before


def test_a_store_an_older_version_left_half_upgraded_names_the_earlier_backup(tmp_path: Path) -> None:
    from test_migrations import _fill_every_table

    db = tmp_path / "hall.sqlite3"
    migrate.upgrade(db, target="0001", make_backup=False)
    _fill_every_table(db)
    earlier = migrate.backup(db)  # the copy the interrupted upgrade took first
    connection = sqlite3.connect(db)  # ... and the first table of 0002 it created before being killed
    connection.execute("CREATE TABLE complaints (id VARCHAR(36) NOT NULL PRIMARY KEY)")
    connection.commit()
    connection.close()
    with pytest.raises(HallError, match="中断的升级中途") as raised:
        open_store(db)
    assert str(earlier) in str(raised.value)
    assert migrate.current_revision(db) == "0001"
    assert _user_rows(db)["cases"] == 1  # the data is untouched
