"""Schema migrations with Alembic: upgrade (after a backup copy), check, backup.

The schema is owned by ``migrations/``; a database is never touched by a build that does not know
its revision (a newer database is refused with a clear message).
"""

from __future__ import annotations

import logging
import sqlite3
from datetime import datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine
from sqlalchemy.exc import SQLAlchemyError

from hallclient.errors import HallError
from hallclient.paths import migrations_path

log = logging.getLogger("hallclient.store")


def alembic_config(db_path: Path) -> Config:
    config = Config()
    config.set_main_option("script_location", str(migrations_path()))
    config.set_main_option("sqlalchemy.url", f"sqlite:///{db_path}")
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config(Path("unused"))).get_current_head()
    assert head is not None
    return head


def current_revision(db_path: Path) -> str | None:
    if not db_path.exists():
        return None
    engine = create_engine(f"sqlite:///{db_path}")
    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    except SQLAlchemyError as error:  # not a database, or a damaged one
        raise HallError(f"数据库文件无法读取：{db_path}（{error}）") from error
    finally:
        engine.dispose()


def backup(db_path: Path, destination: Path | None = None) -> Path:
    """A consistent copy through SQLite's online backup API (safe while the app runs)."""
    if not db_path.exists():
        raise HallError(f"数据库文件不存在：{db_path}")
    if destination is None:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        destination = db_path.with_name(f"{db_path.stem}.backup-{stamp}{db_path.suffix}")
    destination.parent.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(db_path)
    target = sqlite3.connect(destination)
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()
    return destination


def upgrade(db_path: Path, *, target: str = "head", make_backup: bool = True) -> Path | None:
    """Bring the database to ``target``, copying it first when it already holds data.

    Returns the backup path, or None when no backup was needed (new database or already current).
    """
    db_path.parent.mkdir(parents=True, exist_ok=True)
    current = current_revision(db_path)
    script = ScriptDirectory.from_config(alembic_config(db_path))
    known = {rev.revision for rev in script.walk_revisions()}
    if current is not None and current not in known:
        raise HallError(
            f"数据库版本 {current} 比本程序新（或未知），请升级 hallclient 后再打开：{db_path}"
        )
    if target == "head" and current == script.get_current_head():
        return None
    copy = backup(db_path) if make_backup and current is not None else None
    if copy:
        log.info("backup before migration: %s", copy)
    command.upgrade(alembic_config(db_path), target)
    return copy


def check_current(db_path: Path) -> str:
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
