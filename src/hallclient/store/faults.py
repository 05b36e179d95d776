"""What went wrong with a database file, in one plain line: the one place that maps SQLite and OS errors.

Every layer that touches the store (the store's sessions, migrations, backups, the CLI and the GUI's
start-up and DB thread) turns a damaged file, a full disk, a read-only folder, a lock held by another
process or an impossible path into a :class:`HallError` that says what happened, to which file, and
what to do, instead of a driver's message with a link to SQLAlchemy's documentation.
"""

from __future__ import annotations

import errno
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from hallclient.errors import HallError

#: The primary SQLite result codes this module explains (extended codes are folded into them).
_CORRUPT = {"SQLITE_CORRUPT", "SQLITE_NOTADB"}
_FULL = {"SQLITE_FULL"}
_READONLY = {"SQLITE_READONLY", "SQLITE_PERM", "SQLITE_AUTH"}
_BUSY = {"SQLITE_BUSY", "SQLITE_LOCKED"}
_CANTOPEN = {"SQLITE_CANTOPEN"}
_IOERR = {"SQLITE_IOERR"}


def latest_backup(db_path: Path) -> Path | None:
    """The newest backup beside ``db_path`` (``migrate.backup`` names them, before upgrades and by default), if any."""
    try:
        copies = [
            (copy.stat().st_mtime, copy.name, copy)
            for copy in db_path.parent.glob(f"{db_path.stem}.backup-*{db_path.suffix}")
        ]
    except OSError:
        return None
    return max(copies)[2] if copies else None


def folder_writable(db_path: Path) -> bool:
    """Whether new files (the database, its WAL and shared-memory files) can be created beside ``db_path``."""
    folder = db_path.parent
    return folder.is_dir() and os.access(folder, os.W_OK)


def corrupt_error(db_path: Path, detail: str = "") -> HallError:
    copy = latest_backup(db_path)
    remedy = f"请关闭 hallclient，用最近的备份 {copy} 替换它" if copy else "请用最近的备份替换它，或联系信息科"
    suffix = f"（{detail}）" if detail else ""
    return HallError(f"数据库文件已损坏或不是 hallclient 数据库：{db_path}{suffix}；{remedy}")


def full_error(path: Path | None) -> HallError:
    where = f"，无法写入 {path}" if path else ""
    return HallError(f"磁盘空间已满{where}：请清理磁盘空间后重试（本次操作没有保存）")


def readonly_error(path: Path | None) -> HallError:
    if path is None:
        return HallError("数据库所在的文件夹不可写：请让管理员开放写权限，或用 --db 指定可写的位置")
    if folder_writable(path) and path.is_file() and not os.access(path, os.W_OK):
        return HallError(f"数据库文件是只读的：{path}；请让管理员开放写权限，或用 --db 指定可写的位置")
    return HallError(f"数据文件夹不可写：{path.parent}（{path.name}）；请让管理员开放写权限，或用 --db 指定可写的位置")


def busy_error(path: Path | None) -> HallError:
    where = f"：{path}" if path else ""
    return HallError(f"数据库正被另一个程序占用{where}；请关闭另一个 hallclient 窗口或命令后重试")


def _cannot_open(path: Path | None, detail: str) -> HallError:
    if path is None:
        return HallError(f"无法打开数据库文件（{detail}）：请检查 --db 指定的路径")
    if path.is_dir():
        return HallError(f"数据库路径是一个文件夹，不是文件：{path}；请用 --db 指定数据库文件")
    if not path.parent.is_dir():
        return HallError(f"数据库所在的文件夹不存在且无法创建：{path.parent}；请检查路径或用 --db 指定其他位置")
    if not folder_writable(path):
        return readonly_error(path)
    return HallError(f"无法打开数据库文件：{path}（{detail}）；请检查文件权限和路径")


def _sqlite_cause(error: BaseException) -> sqlite3.Error | None:
    """The sqlite3 error behind ``error`` (SQLAlchemy wraps it as ``.orig``, others chain it)."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, sqlite3.Error):
            return current
        orig = getattr(current, "orig", None)
        if isinstance(orig, sqlite3.Error):
            return orig
        current = current.__cause__ or current.__context__
    return None


def error_kind(error: sqlite3.Error) -> str:
    """The primary SQLite result code's name (``SQLITE_FULL`` for ``SQLITE_FULL``'s extended codes too)."""
    name = str(getattr(error, "sqlite_errorname", "") or "")
    if name:
        return "_".join(name.split("_")[:2])
    text = str(error).lower()  # errors raised by the sqlite3 module itself carry no code
    for needle, code in (
        ("malformed", "SQLITE_CORRUPT"),
        ("not a database", "SQLITE_NOTADB"),
        ("disk is full", "SQLITE_FULL"),
        ("readonly", "SQLITE_READONLY"),
        ("locked", "SQLITE_BUSY"),
        ("unable to open", "SQLITE_CANTOPEN"),
        ("disk i/o", "SQLITE_IOERR"),
    ):
        if needle in text:
            return code
    return ""


def describe(error: BaseException, path: Path | None) -> HallError | None:
    """The one-line explanation of a database or file-system failure on ``path``; None for other errors."""
    if isinstance(error, HallError):
        return error
    cause = _sqlite_cause(error)
    if cause is not None:
        code = error_kind(cause)
        if code in _CORRUPT:
            return corrupt_error(path, str(cause)) if path else HallError(f"数据库文件已损坏：{cause}；请从备份恢复")
        if code in _FULL:
            return full_error(path)
        if code in _READONLY:
            return readonly_error(path)
        if code in _BUSY:
            return busy_error(path)
        if code in _CANTOPEN:
            return _cannot_open(path, str(cause))
        if code in _IOERR:
            where = f"：{path}" if path else ""
            return HallError(f"读写数据库文件时出现磁盘错误{where}（{cause}）；请检查磁盘后重试")
        return None
    if isinstance(error, OSError):
        target = Path(error.filename) if error.filename else path
        if error.errno == errno.ENOSPC:
            return full_error(target)
        if error.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            if target is None or path is None or target.parent == path.parent:
                return readonly_error(target)
            return HallError(f"无法写入 {target}：没有写权限或文件系统只读（{error.strerror}）；请换一个位置")
        if isinstance(error, IsADirectoryError):
            return HallError(f"路径是一个文件夹，不是文件：{target}；请指定文件路径")
        if isinstance(error, (NotADirectoryError, FileExistsError, FileNotFoundError)):
            remedy = "请检查路径或用 --db 指定其他位置" if target == path else "请检查路径"
            return HallError(f"无法创建文件或文件夹：{target}（{error.strerror}）；{remedy}")
        return None
    return None


def explain_database_error(error: BaseException) -> HallError | None:
    """``describe`` for an SQLite failure whose file is not known here (the GUI's DB thread); None otherwise."""
    return describe(error, None) if _sqlite_cause(error) is not None else None


@contextmanager
def explained(path: Path | None) -> Iterator[None]:
    """Re-raise database and file-system failures inside the block as one-line :class:`HallError` s."""
    try:
        yield
    except HallError:
        raise
    except Exception as error:
        explanation = describe(error, path)
        if explanation is None:
            raise
        raise explanation from error


def check_pages(connection: sqlite3.Connection, db_path: Path) -> None:
    """Refuse a file with damaged pages (``PRAGMA quick_check``: every page and record, not the indexes' content)."""
    try:
        rows = connection.execute("PRAGMA quick_check").fetchall()
    except sqlite3.Error as error:
        raise describe(error, db_path) or corrupt_error(db_path, str(error)) from error
    problems = [str(row[0]) for row in rows if row[0] != "ok"]
    if problems:
        raise corrupt_error(db_path, f"完整性检查：{problems[0]}")
