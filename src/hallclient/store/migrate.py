"""Schema migrations with Alembic: create (atomically), upgrade (after a backup copy), check, backup.

The schema is owned by ``migrations/``; a database is never touched by a build that does not know
its revision (a newer database is refused with a clear message). Alembic (with Mako, Pygments and
SQLAlchemy's other dialects, ~15 MB) is imported only when a store is not already current: the window
opens its store at every start, and :func:`_already_current` answers that from the migration files'
text and the version row alone.
"""

from __future__ import annotations

import logging
import os
import re
import sqlite3
import tempfile
from contextlib import suppress
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import create_engine
from sqlalchemy.exc import SQLAlchemyError

from hallclient.errors import HallError
from hallclient.paths import migrations_path
from hallclient.store.db import read_only_uri
from hallclient.store.faults import (
    check_pages,
    describe,
    error_kind,
    explained,
    folder_writable,
    latest_backup,
    readonly_error,
)

if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger("hallclient.store")

#: ``revision = "0010"`` / ``down_revision = "0009"`` (or None) at the top of a migration file.
_REVISION_LINE = re.compile(r"^(revision|down_revision)\s*(?::[^=]*)?=\s*(.*?)\s*$", re.MULTILINE)
_PLAIN_VALUE = re.compile(r"""^(?:None|"([^"]+)"|'([^']+)')$""")


@cache
def _head_from_files() -> str | None:
    """The single head of ``migrations/versions`` read as text (no Alembic import); None when the files do
    not say it plainly (a merge revision, an odd assignment, no files): Alembic then decides."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (migrations_path() / "versions").glob("*.py"):
        fields: dict[str, str | None] = {}
        for name, value in _REVISION_LINE.findall(path.read_text(encoding="utf-8")):
            plain = _PLAIN_VALUE.match(value)
            if plain is None or name in fields:
                return None
            fields[name] = plain.group(1) or plain.group(2)
        revision = fields.get("revision")
        if revision is None or "down_revision" not in fields:
            return None
        revisions.add(revision)
        if (parent := fields["down_revision"]) is not None:
            parents.add(parent)
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


def _stamped_revision(db_path: Path) -> str | None:
    """The revision stamped in the store, read with plain sqlite3 and without writing; None on any doubt."""
    if not db_path.is_file():
        return None
    try:
        connection = sqlite3.connect(read_only_uri(db_path), uri=True)
        try:
            rows = connection.execute("SELECT version_num FROM alembic_version").fetchall()
        finally:
            connection.close()
    except sqlite3.Error:  # no version table, a damaged or locked file: the full path explains it
        return None
    return str(rows[0][0]) if len(rows) == 1 else None


def _already_current(db_path: Path) -> str | None:
    """The store's revision when it is the one head, known without importing Alembic; None otherwise."""
    head = _head_from_files()
    return head if head is not None and _stamped_revision(db_path) == head else None


def alembic_config(db_path: Path) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(migrations_path()))
    config.set_main_option("sqlalchemy.url", f"sqlite:///{db_path}")
    return config


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config(Path("unused"))).get_current_head()
    assert head is not None
    return head


def current_revision(db_path: Path) -> str | None:
    from alembic.runtime.migration import MigrationContext

    if not db_path.exists():
        return None
    read_only = not folder_writable(db_path)
    engine = create_engine(f"sqlite:///{read_only_uri(db_path)}&uri=true" if read_only else f"sqlite:///{db_path}")
    try:
        with explained(db_path), engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    except SQLAlchemyError as error:  # a failure faults does not know: still one line
        raise HallError(f"数据库文件无法读取：{db_path}（{error}）") from error
    finally:
        engine.dispose()


def backup(db_path: Path, destination: Path | None = None) -> Path:
    """A consistent, checked copy through SQLite's online backup API (safe while the app runs).

    The copy is written under a temporary name and renamed once complete and checked page by page, so a
    full disk or a damaged source leaves no backup file that looks good but is not.
    """
    if not db_path.is_file():
        if db_path.is_dir():
            raise HallError(f"数据库路径是一个文件夹，不是文件：{db_path}；请用 --db 指定数据库文件")
        raise HallError(f"数据库文件不存在：{db_path}")
    if destination is None:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        destination = db_path.with_name(f"{db_path.stem}.backup-{stamp}{db_path.suffix}")
        for n in range(1, 1000):  # never overwrite a backup taken in the same second
            if not destination.exists():
                break
            destination = db_path.with_name(f"{db_path.stem}.backup-{stamp}-{n}{db_path.suffix}")
    with explained(destination):
        destination.parent.mkdir(parents=True, exist_ok=True)
    partial = destination.with_name(f".{destination.name}.partial")
    try:
        with explained(db_path):
            source = sqlite3.connect(read_only_uri(db_path), uri=True)
        try:
            with explained(destination):
                target = sqlite3.connect(partial)
            try:
                _copy_pages(source, target, db_path, destination)
                check_pages(target, db_path)  # damaged pages in the source show in the copy
            finally:
                target.close()
        finally:
            source.close()
        with explained(destination):
            os.replace(partial, destination)
    finally:
        _remove(partial, partial.with_name(partial.name + "-journal"))
    return destination


def _copy_pages(source: sqlite3.Connection, target: sqlite3.Connection, db_path: Path, destination: Path) -> None:
    try:
        source.backup(target)
    except sqlite3.Error as error:  # reading blames the source, writing the copy
        blamed = db_path if error_kind(error) in {"SQLITE_CORRUPT", "SQLITE_NOTADB", "SQLITE_BUSY"} else destination
        raise describe(error, blamed) or HallError(f"备份失败：{db_path} → {destination}（{error}）") from error


def _remove(*paths: Path) -> None:
    for path in paths:
        with suppress(OSError):
            path.unlink(missing_ok=True)


def _sync_folder(folder: Path) -> None:
    """Make a rename or link durable (POSIX; Windows commits directory entries itself)."""
    if os.name != "posix":
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _create(db_path: Path, target: str) -> None:
    """Build a new store under a temporary name and link it into place: a crash leaves nothing or a whole store."""
    prefix = f".{db_path.name}.creating-"
    with explained(db_path):
        descriptor, name = tempfile.mkstemp(prefix=prefix, dir=db_path.parent)
        os.close(descriptor)
    building = Path(name)
    from alembic import command

    try:
        with explained(db_path):
            command.upgrade(alembic_config(building), target)
            try:
                os.link(building, db_path)  # never replaces a store another process finished first
            except FileExistsError:
                log.info("store created by another process meanwhile: %s", db_path)
            except OSError:  # a file system without hard links (FAT, some network shares)
                if not db_path.exists():
                    os.replace(building, db_path)
            _sync_folder(db_path.parent)
    finally:
        _remove(building, building.with_name(building.name + "-journal"))


def _discard_unversioned(db_path: Path) -> None:
    """Remove an empty file or the empty schema a killed older version left; refuse one that holds data."""
    if not db_path.exists():
        return
    with explained(db_path):
        connection = sqlite3.connect(db_path)
        try:
            tables = [row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
            rows = sum(connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] for table in tables)
        finally:
            connection.close()
    if rows:
        raise HallError(f"数据库文件有数据但没有版本信息，不能自动升级：{db_path}；请联系信息科")
    if tables:
        log.warning("discarding the empty, half-created schema of %s", db_path)
    with explained(db_path):
        db_path.unlink()
    _remove(*(db_path.with_name(db_path.name + suffix) for suffix in ("-wal", "-shm", "-journal")))


def upgrade(db_path: Path, *, target: str = "head", make_backup: bool = True) -> Path | None:
    """Bring the database to ``target``, copying it first when it already holds data.

    A new store is built atomically (see ``_create``); each revision runs in one transaction with its
    version stamp (``migrations/env.py``), so a crash leaves the schema at a revision boundary.
    Returns the backup path, or None when no backup was needed (new database or already current).
    """
    with explained(db_path):
        db_path.parent.mkdir(parents=True, exist_ok=True)
    if folder_writable(db_path):  # what a killed creation or pre-upgrade backup left behind
        _remove(*db_path.parent.glob(f".{db_path.name}.creating-*"))
        _remove(*db_path.parent.glob(f".{db_path.stem}.backup-*{db_path.suffix}.partial*"))
    if target == "head" and _already_current(db_path) is not None:
        return None
    from alembic import command
    from alembic.script import ScriptDirectory

    current = current_revision(db_path)
    script = ScriptDirectory.from_config(alembic_config(db_path))
    known = {rev.revision for rev in script.walk_revisions()}
    if current is not None and current not in known:
        raise HallError(f"数据库版本 {current} 比本程序新（或未知），请升级 hallclient 后再打开：{db_path}")
    if target == "head" and current == script.get_current_head():
        return None
    if not folder_writable(db_path):
        raise readonly_error(db_path)
    if current is None:
        _discard_unversioned(db_path)
        _create(db_path, target)
        return None
    earlier = latest_backup(db_path)
    copy = backup(db_path) if make_backup else None
    if copy:
        log.info("backup before migration: %s", copy)
    try:
        with explained(db_path):
            command.upgrade(alembic_config(db_path), target)
    except SQLAlchemyError as error:  # the failing revision's transaction rolled back, earlier ones stay
        raise _upgrade_failed(db_path, copy, earlier, error) from error
    return copy


def _upgrade_failed(db_path: Path, copy: Path | None, earlier: Path | None, error: SQLAlchemyError) -> HallError:
    reason = str(getattr(error, "orig", None) or error).splitlines()[0]
    if "already exists" in reason:  # an older hallclient ran its DDL outside a transaction and was interrupted
        remedy = (
            f"请关闭 hallclient，用中断前的备份 {earlier} 替换它后重试" if earlier else "请用中断前的备份替换它后重试"
        )
        return HallError(f"数据库文件停在旧版本一次中断的升级中途，无法升级：{db_path}（{reason}）；{remedy}")
    text = f"升级数据库失败，文件停在完整的版本 {current_revision(db_path)}：{db_path}（{reason}）"
    return HallError(f"{text}；升级前备份：{copy}" if copy else text)


def check_current(db_path: Path) -> str:
    if (current := _already_current(db_path)) is not None:
        return current
    from alembic.script import ScriptDirectory

    current = current_revision(db_path)
    head = head_revision()
    if current is None:
        raise HallError(f"数据库未初始化：{db_path}（运行 hallclient db upgrade）")
    if current != head:
        script = ScriptDirectory.from_config(alembic_config(db_path))
        known = {rev.revision for rev in script.walk_revisions()}
        if current not in known:
            raise HallError(f"数据库版本 {current} 比本程序新，无法使用：{db_path}")
        raise HallError(f"数据库版本 {current} 不是最新（{head}），运行 hallclient db upgrade")
    return current
