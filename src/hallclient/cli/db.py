"""``hallclient db upgrade|check|backup``: schema migrations, integrity and event-chain checks, backups."""

from __future__ import annotations

import argparse
from pathlib import Path

from hallclient.cli._common import add_db_argument, resolve_db_path
from hallclient.errors import HallError


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("db", help="本地数据库：升级、检查、备份", description="本地数据库维护。")
    actions = parser.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    upgrade = actions.add_parser(
        "upgrade", help="升级数据库结构（先自动备份）", description="把数据库升级到当前版本；已有数据时先备份。"
    )
    add_db_argument(upgrade)
    upgrade.set_defaults(func=_upgrade)
    check = actions.add_parser(
        "check",
        help="检查数据库完整性、版本和事件哈希链",
        description="检查 SQLite 完整性、结构版本，并逐条验证事件哈希链；发现问题时报告第一条坏事件。",
    )
    add_db_argument(check)
    check.set_defaults(func=_check)
    backup = actions.add_parser("backup", help="在线备份数据库", description="用 SQLite 在线备份接口复制数据库。")
    add_db_argument(backup)
    backup.add_argument("--out", metavar="PATH", help="备份文件（默认：数据库旁带时间戳的文件）")
    backup.set_defaults(func=_backup)


def _upgrade(args: argparse.Namespace) -> int:
    from hallclient.store import migrate

    path = resolve_db_path(args)
    before = migrate.current_revision(path)
    copy = migrate.upgrade(path)
    after = migrate.current_revision(path)
    if before == after:
        print(f"已是最新版本 {after}：{path}")
    else:
        print(f"已升级 {before or '(新建)'} → {after}：{path}")
    if copy:
        print(f"升级前备份：{copy}")
    return 0


def _check(args: argparse.Namespace) -> int:
    import sqlite3

    from hallclient.domain.events import ChainBreak
    from hallclient.store import migrate
    from hallclient.store.db import Store, read_only_uri
    from hallclient.store.eventlog import verify_chain
    from hallclient.store.faults import corrupt_error, explained

    path = resolve_db_path(args)
    if not path.exists():
        raise HallError(f"数据库文件不存在：{path}")
    with explained(path):
        connection = sqlite3.connect(read_only_uri(path), uri=True)
        try:
            result = connection.execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            connection.close()
    if result != "ok":
        raise corrupt_error(path, f"完整性检查：{result}")
    revision = migrate.check_current(path)
    store = Store(path, read_only=True)
    try:
        with store.read() as session:
            report = verify_chain(session)
    except ChainBreak as error:
        raise HallError(f"事件哈希链校验失败：{error}") from error
    finally:
        store.close()
    print(f"完整性 ok；结构版本 {revision}；事件哈希链 ok（{report.devices} 台设备，{report.events} 条事件）")
    return 0


def _backup(args: argparse.Namespace) -> int:
    from hallclient.store import migrate

    copy = migrate.backup(resolve_db_path(args), Path(args.out) if args.out else None)
    print(f"已备份到 {copy}")
    return 0
