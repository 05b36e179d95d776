"""Every fault of the store's file gets one plain line: what happened, to which file, what to do.

Faults are real: files damaged on disk, SQLite's own SQLITE_FULL (``max_page_count``) and a full tmpfs,
a read-only remount, a lock held by another process, impossible paths.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import event, func, select

from hallclient.cli import main
from hallclient.config import Settings
from hallclient.domain.case import Outcome
from hallclient.domain.workdays import WorkCalendar
from hallclient.errors import HallError
from hallclient.paths import default_db_path
from hallclient.services import cases
from hallclient.services.context import Actor, Services
from hallclient.services.users import add_user
from hallclient.store import migrate
from hallclient.store.bootstrap import device_id, open_store
from hallclient.store.models import Case, Event

if TYPE_CHECKING:
    from conftest import Tmpfs


def _request() -> cases.IntakeRequest:
    return cases.IntakeRequest(
        matter_code="XK0001",
        applicant=cases.Applicant(name="张三", id_number="11010519491231002X"),
        outcome=Outcome.ACCEPT,
        materials=tuple(cases.ReceivedMaterial(code, True, 1, 1) for code in ("M1", "M2", "M3", "M4")),
    )


def _fill(services: Services, clerk: Actor, count: int = 40) -> None:
    calendar = WorkCalendar.load_default()
    for _ in range(count):
        cases.record_intake(services, clerk, _request(), calendar)


@pytest.fixture
def closed_store(services: Services, clerk: Actor) -> Path:
    """A real store holding a user and 40 cases, closed (its WAL folded in), ready to be damaged."""
    _fill(services, clerk)
    services.store.close()
    return services.store.path


def _one_line_error(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0, err
    assert "sqlalche.me" not in err and "意外错误" not in err and "Traceback" not in err, err
    return err


def _quick_check(path: Path) -> str:
    connection = sqlite3.connect(path)
    try:
        return str(connection.execute("PRAGMA quick_check").fetchone()[0])
    except sqlite3.DatabaseError as error:  # damage to a page the schema needs: SQLite refuses to check at all
        return str(error)
    finally:
        connection.close()


# -- --db -----------------------------------------------------------------------------------------------------------
def test_top_level_db_reaches_the_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import io

    db = tmp_path / "chosen.sqlite3"
    monkeypatch.setattr(sys, "stdin", io.StringIO("secret123\n"))
    assert main(["--db", str(db), "user", "add", "lisi", "--name", "李四", "--password-stdin"]) == 0
    assert db.exists()
    assert not default_db_path().exists()  # the default store was neither read nor created
    capsys.readouterr()
    assert main(["--db", str(db), "user", "list"]) == 0
    assert "lisi" in capsys.readouterr().out


def test_top_level_db_is_refused_where_no_store_is_used_or_twice_different(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "chosen.sqlite3"
    assert main(["--db", str(db), "config", "path"]) == 2
    assert "--db" in _one_line_error(capsys)
    assert main(["--db", str(db), "user", "list", "--db", str(tmp_path / "other.sqlite3")]) == 2
    assert "不一致" in _one_line_error(capsys)
    assert not db.exists()


# -- damaged, truncated and foreign files ----------------------------------------------------------------------------
def _damage_middle_page(path: Path) -> None:
    page_size = 4096
    pages = path.stat().st_size // page_size
    with path.open("r+b") as file:
        file.seek((pages // 2) * page_size)
        file.write(b"\xa5" * page_size)
    assert _quick_check(path) != "ok"  # the damage is real: SQLite itself sees it


def test_damaged_pages_are_noticed_by_backup_user_list_and_bundle_export(
    closed_store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _damage_middle_page(closed_store)
    copy = tmp_path / "copies" / "copy.sqlite3"
    assert main(["db", "backup", "--db", str(closed_store), "--out", str(copy)]) == 2
    assert "已损坏" in _one_line_error(capsys)
    assert not copy.exists() and list(copy.parent.iterdir()) == []  # no copy that looks good but is not
    assert main(["user", "list", "--db", str(closed_store)]) == 2
    assert str(closed_store) in _one_line_error(capsys)
    bundle = tmp_path / "bundle.json"
    assert (
        main(["day-close", "export-bundle", "--user", "wangfang", "--out", str(bundle), "--db", str(closed_store)]) == 2
    )
    assert "已损坏" in _one_line_error(capsys)
    assert not bundle.exists()


@pytest.mark.parametrize("damage", ["truncated", "not_a_database", "header_overwritten"])
def test_broken_files_get_one_line_naming_the_automatic_backup(
    closed_store: Path, capsys: pytest.CaptureFixture[str], damage: str
) -> None:
    automatic = migrate.backup(closed_store)  # what db upgrade makes before migrating
    data = closed_store.read_bytes()
    if damage == "truncated":
        closed_store.write_bytes(data[: len(data) // 3])
    elif damage == "not_a_database":
        closed_store.write_text("这不是数据库\n" * 500, encoding="utf-8")
    else:
        closed_store.write_bytes(b"\x00" * 100 + data[100:])
    before = closed_store.read_bytes()
    assert main(["user", "list", "--db", str(closed_store)]) == 2
    err = _one_line_error(capsys)
    assert "已损坏" in err and str(closed_store) in err and str(automatic) in err
    with pytest.raises(HallError, match="已损坏"):
        open_store(closed_store)
    assert closed_store.read_bytes() == before  # nothing tried to "repair" it


def test_a_folder_or_an_impossible_path_is_named_as_such(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["user", "list", "--db", str(tmp_path)]) == 2
    assert "是一个文件夹" in _one_line_error(capsys)
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    assert main(["user", "list", "--db", str(blocker / "sub" / "hall.sqlite3")]) == 2
    err = _one_line_error(capsys)
    assert "无法创建" in err and str(blocker) in err


# -- a lock held by another process ---------------------------------------------------------------------------------
HOLDER = textwrap.dedent(
    """
    import sqlite3, sys, time
    connection = sqlite3.connect(sys.argv[1], isolation_level=None)
    connection.execute("BEGIN EXCLUSIVE")
    print("locked", flush=True)
    time.sleep(60)
    """
)


def test_a_database_locked_by_another_process_says_close_it(
    closed_store: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("hallclient.store.db.BUSY_TIMEOUT_MS", 300)
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(closed_store)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        # Reading is not blocked by another writer (WAL): only writing has to wait, and then gives up.
        assert main(["catalog", "export", "--db", str(closed_store), str(closed_store.parent / "c.json")]) == 0
        capsys.readouterr()
        import io

        monkeypatch.setattr(sys, "stdin", io.StringIO("secret123\n"))
        assert main(["user", "add", "lisi", "--password-stdin", "--db", str(closed_store)]) == 2
        err = _one_line_error(capsys)
        assert "另一个程序占用" in err and str(closed_store) in err
    finally:
        holder.kill()
        holder.wait()
        assert holder.stdout is not None
        holder.stdout.close()


# -- a full disk -------------------------------------------------------------------------------------------------------
def test_sqlite_full_from_the_page_limit_is_the_full_disk_line(services: Services) -> None:
    """SQLite's own SQLITE_FULL (``max_page_count``), without root: one line, the transaction rolled back."""
    from hallclient.store.bootstrap import get_meta, set_meta

    with services.store.read() as session:
        pages = session.connection().exec_driver_sql("PRAGMA page_count").scalar_one()

    def cap(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        dbapi_connection.execute(f"PRAGMA max_page_count={pages}")

    event.listen(services.store.writer, "connect", cap)
    services.store.writer.dispose()  # connections opened from now on have the cap
    with pytest.raises(HallError, match="磁盘空间已满") as raised, services.store.write() as session:
        set_meta(session, "note", "政" * 100_000)  # needs new pages, and there are none
    assert str(services.store.path) in str(raised.value) and "\n" not in str(raised.value)
    assert get_meta(services.store, "note") == ""


def test_a_full_disk_during_intake_saves_nothing_and_says_so(closed_store: Path, clerk: Actor, tmpfs: Tmpfs) -> None:
    folder = tmpfs.mount("8m")
    db = folder / "hall.sqlite3"
    shutil.copy(closed_store, db)
    store = open_store(db)  # opened (WAL and shared memory set up) before the disk fills, as on a running PC
    services = Services(store=store, settings=Settings(), device_id=device_id(store))
    with store.read() as session:
        cases_before = session.scalar(select(func.count()).select_from(Case))
        events_before = session.scalar(select(func.count()).select_from(Event))
    tmpfs.fill(folder)
    with pytest.raises(HallError, match="磁盘空间已满") as raised:
        cases.record_intake(services, clerk, _request(), WorkCalendar.load_default())
    assert str(db) in str(raised.value)
    with store.read() as session:
        assert session.scalar(select(func.count()).select_from(Case)) == cases_before
        assert session.scalar(select(func.count()).select_from(Event)) == events_before
    store.close()


def test_backup_onto_a_full_disk_leaves_no_partial_copy(
    closed_store: Path, tmpfs: Tmpfs, capsys: pytest.CaptureFixture[str]
) -> None:
    small = tmpfs.mount("48k")
    assert closed_store.stat().st_size > 64 * 1024  # cannot fit
    copy = small / "copy.sqlite3"
    assert main(["db", "backup", "--db", str(closed_store), "--out", str(copy)]) == 2
    err = _one_line_error(capsys)
    assert "磁盘空间已满" in err and str(small) in err
    assert list(small.iterdir()) == []


# -- a read-only data folder -------------------------------------------------------------------------------------------
@pytest.fixture(params=["read-only file system", "immutable folder"])
def read_only_store(request: pytest.FixtureRequest, tmpfs: Tmpfs, tmp_path: Path) -> Iterator[Path]:
    """A store with a user in a folder nobody can write to, root included: a read-only remount, or ``chattr +i``."""
    folder = tmpfs.mount("16m") if request.param == "read-only file system" else tmp_path / "immutable"
    folder.mkdir(exist_ok=True)
    db = folder / "hall.sqlite3"
    store = open_store(db)
    add_user(Services(store=store, settings=Settings(), device_id=device_id(store)), "lisi", "李四", "clerk", "pw1234")
    store.close()
    if request.param == "read-only file system":
        tmpfs.remount_read_only(folder)
        yield db
        return
    result = subprocess.run(["chattr", "+i", str(folder)], capture_output=True, text=True, check=False)
    if result.returncode != 0:
        pytest.skip(f"chattr +i is not possible here: {result.stderr.strip()}")
    try:
        yield db
    finally:
        subprocess.run(["chattr", "-i", str(folder)], check=True)


def test_a_read_only_folder_is_named_and_reading_commands_still_work(
    read_only_store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db = read_only_store
    capsys.readouterr()
    assert main(["user", "list", "--db", str(db)]) == 0
    assert "lisi" in capsys.readouterr().out
    out = tmp_path / "tally.csv"
    assert main(["tally", "--date", "2026-03-02", "--format", "csv", "--out", str(out), "--db", str(db)]) == 0
    assert out.exists()
    copy = tmp_path / "copy.sqlite3"
    assert main(["db", "backup", "--db", str(db), "--out", str(copy)]) == 0
    assert _quick_check(copy) == "ok"
    capsys.readouterr()
    import io

    monkeypatch.setattr(sys, "stdin", io.StringIO("secret123\n"))
    assert main(["user", "add", "wangwu", "--password-stdin", "--db", str(db)]) == 2
    err = _one_line_error(capsys)
    assert "不可写" in err and str(db.parent) in err and "损坏" not in err
    assert sorted(path.name for path in db.parent.iterdir() if path.name != "lost+found") == ["hall.sqlite3"]
