"""A store killed (SIGKILL) while it is created or upgraded opens again, whole, with its data intact.

Stores an older, non-transactional hallclient left half-built are rebuilt when empty, refused with the
backup to restore when they hold data.

A real process imports everything once and forks one child per attempt, which opens the store and is
SIGKILLed after a random delay; each test repeats until several kills are seen (from what they left on
disk) to have landed inside the schema work itself.
"""

from __future__ import annotations

import contextlib
import os
import random
import select
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

#: A process that imports everything once, then forks one child per database it is given: the child opens
#: (creates or upgrades) the store, so a kill can be aimed at the work itself, not at Python's start-up.
FORK_SERVER = textwrap.dedent(
    """
    import os
    import sys
    from pathlib import Path

    import alembic.command  # noqa: F401
    from hallclient.store.bootstrap import open_store

    for line in sys.stdin:
        pid = os.fork()
        if pid == 0:
            open_store(Path(line.strip())).close()
            print(f"done {os.getpid()}", flush=True)
            os._exit(0)
        print(f"started {pid}", flush=True)
        os.waitpid(pid, 0)
        print(f"ended {pid}", flush=True)
    """
)

#: Each test kills until this many kills landed inside the schema work, or its time is up (2 shared cores).
WANTED_LANDED = 8
BUDGET_SECONDS = 8.0

#: Looks at what a killed worker left (before anything reopens it): True when the kill landed inside the schema work.
Landed = Callable[[Path], bool]


class ForkServer:
    """Drives ``FORK_SERVER``: its output is read unbuffered, so a line can be awaited with a timeout."""

    def __init__(self) -> None:
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
        self.process = subprocess.Popen(
            [sys.executable, "-c", FORK_SERVER], stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env, bufsize=0
        )
        assert self.process.stdout is not None
        self.out = self.process.stdout.fileno()
        self.pending = b""

    def _line(self, timeout: float | None) -> list[str] | None:
        """The next output line split in words, or None when none came within ``timeout`` seconds."""
        deadline = None if timeout is None else time.perf_counter() + timeout
        while b"\n" not in self.pending:
            remaining = None if deadline is None else max(0.0, deadline - time.perf_counter())
            if not select.select([self.out], [], [], remaining)[0]:
                return None
            chunk = os.read(self.out, 4096)
            assert chunk, "the fork server died"
            self.pending += chunk
        line, self.pending = self.pending.split(b"\n", 1)
        return line.decode().split()

    def run(self, db: Path, delay: float) -> tuple[bool, float]:
        """Open ``db`` in a fresh child, SIGKILLed ``delay`` seconds after it started unless it ended first.

        Returns whether the child finished its work, and the seconds from its start to its end.
        """
        assert self.process.stdin is not None
        self.process.stdin.write(f"{db}\n".encode())
        words = self._line(None)
        assert words is not None and words[0] == "started"
        pid = words[1]
        started = time.perf_counter()
        finished = False
        words = self._line(delay)
        if words is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(int(pid), signal.SIGKILL)
            words = self._line(None)
        while True:
            assert words is not None
            if words == ["done", pid]:
                finished = True
            elif words == ["ended", pid]:
                return finished, time.perf_counter() - started
            words = self._line(None)

    def close(self) -> None:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.close()
        self.process.wait(timeout=10)
        self.process.stdout.close()


def _kill_runs(prepare: Callable[[int], Path], landed: Landed, check: Callable[[int, Path], None], seed: int) -> int:
    """prepare → child killed at a random point → ``landed``? → ``check`` (reopen), until enough kills landed.

    Returns how many kills landed inside the schema work.
    """
    server = ForkServer()
    try:
        finished, duration = server.run(prepare(-1), 30.0)  # measures how long the work takes here
        assert finished
        rng = random.Random(seed)
        inside = 0
        deadline = time.monotonic() + BUDGET_SECONDS
        attempt = 0
        while inside < WANTED_LANDED and time.monotonic() < deadline:
            db = prepare(attempt)
            finished, elapsed = server.run(db, rng.uniform(0.0, duration))
            if finished:
                duration = max(duration, elapsed)
            elif landed(db):
                inside += 1
            check(attempt, db)
            attempt += 1
        return inside
    finally:
        server.close()


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

    def landed(db: Path) -> bool:  # killed while the schema was being built under its temporary name
        return any(db.parent.glob(f".{db.name}.creating-*"))

    assert _kill_runs(prepare, landed, check, seed=11) >= 3, "too few kills landed inside the creation"


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

    def landed(db: Path) -> bool:  # killed after the pre-upgrade backup, before the last revision was stamped
        return any(db.parent.glob("hall.backup-*")) and migrate.current_revision(db) != migrate.head_revision()

    assert _kill_runs(prepare, landed, check, seed=12) >= 3, "too few kills landed inside the upgrade"


# -- stores an older hallclient left half-built ------------------------------------------------------------------------
@pytest.mark.logs_expected("hallclient.store")
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
