"""``hallclient selftest [--db PATH]``: check config, database, fonts, translations, devices and server."""

from __future__ import annotations

import argparse
import sys

from hallclient.cli._common import add_db_argument


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "selftest",
        help="自检：配置、数据库、字体、翻译、阅读器、打印机、服务器",
        description="检查本机安装：配置文件、日志目录、数据库（完整性、结构版本、事件哈希链）、随附字体、"
        "界面翻译、身份证阅读器与打印机（已配置时）、中心服务器（可达且令牌有效，已配置时）。"
        "打印结果表；有任何一项失败时退出码为 1，每个问题一行。",
    )
    add_db_argument(parser, "要检查的数据库文件（默认：配置中的路径或平台数据目录）")
    parser.set_defaults(func=_selftest)


def _selftest(args: argparse.Namespace) -> int:
    from pathlib import Path

    from hallclient.selftest import Status, format_table, run_checks, summary

    db = getattr(args, "db", None)
    rows = run_checks(Path(db) if db else None)
    print(format_table(rows))
    failed = any(row.status is Status.FAIL for row in rows)
    print(summary(rows), file=sys.stderr if failed else sys.stdout)
    return 1 if failed else 0
