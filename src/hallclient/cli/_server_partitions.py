"""``hallclient server partitions list|ensure|archive``: the monthly partitions of events and cases (PostgreSQL)."""

from __future__ import annotations

import argparse
from pathlib import Path

from hallclient.cli.serve import add_server_db_argument, server_database, server_db_url
from hallclient.errors import HallError

ARCHIVED_MEANS = (
    "这些月份的事件与办件已不在数据库中：服务器按原始事件和办件计算的统计、考核不再计入这些月份，"
    "按编号或办件号也查不到这些办件；需要时按各 .json 中的列名把 .csv 用 COPY 导回同名表再挂回分区"
)


def register_partitions(groups: argparse._SubParsersAction) -> None:
    parser = groups.add_parser(
        "partitions", help="事件与办件的按月分区（仅 PostgreSQL）",
        description="事件表与办件表按月分区（仅 PostgreSQL）：列出分区、提前建好分区、把旧月份归档到文件后删除。",
    )  # fmt: skip
    actions = parser.add_subparsers(dest="partitions_action", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="列出分区", description="列出各分区的月份、估计行数与占用空间。")
    add_server_db_argument(listing)
    listing.set_defaults(func=_list)
    ensure = actions.add_parser(
        "ensure", help="建好本月及以后几个月的分区",
        description="建好本月及以后 N 个月的分区（服务器启动时也会做）；默认分区里已有的这些月份的行随之移入。",
    )  # fmt: skip
    ensure.add_argument("--ahead", type=_ahead, default=3, metavar="N", help="提前几个月（0–120，默认 3）")
    add_server_db_argument(ensure)
    ensure.set_defaults(func=_ensure)
    archive = actions.add_parser(
        "archive", help="归档并删除旧月份的分区",
        description="分离早于某月的分区，用 COPY 导出为 CSV（附行数与 SHA-256 的 .json），核对行数无误后删除。"
        "只能归档一年以前的月份；默认分区不归档。" + ARCHIVED_MEANS + "。",
    )  # fmt: skip
    archive.add_argument("--before", required=True, metavar="YYYY-MM", help="归档此月之前的分区（不含此月）")
    archive.add_argument("--out", required=True, type=Path, metavar="DIR", help="归档文件夹（不存在则新建）")
    add_server_db_argument(archive)
    archive.set_defaults(func=_archive)


def _ahead(value: str) -> int:
    try:
        ahead = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"应为 0–120 的整数：{value}") from None
    if not 0 <= ahead <= 120:
        raise argparse.ArgumentTypeError(f"应为 0–120 的整数：{value}")
    return ahead


def _require_postgres(args: argparse.Namespace) -> None:
    """Refuse SQLite before opening it: nothing created, nothing migrated."""
    from hallclient.server.db import normalise_url
    from hallclient.server.partitions import ONLY_POSTGRES

    if normalise_url(server_db_url(args)).startswith("sqlite"):
        raise HallError(ONLY_POSTGRES)


def _list(args: argparse.Namespace) -> int:
    from hallclient.server.partitions import partitions

    _require_postgres(args)
    with server_database(args) as db, db.engine.connect() as connection:
        found = partitions(connection)
    for part in found:
        month = f"{part.month:%Y-%m}" if part.month else "默认分区"
        rows = f"约 {part.rows} 行" if part.rows >= 0 else "行数未统计"
        print(f"{part.table}\t{part.name}\t{month}\t{rows}\t{part.bytes / 1_048_576:.1f} MB")
    if not found:
        print("没有分区：事件表与办件表尚未分区（数据库版本低于 s0013？）")
    return 0


def _ensure(args: argparse.Namespace) -> int:
    from hallclient.server.clock import utcnow
    from hallclient.server.partitions import ensure

    _require_postgres(args)
    with server_database(args) as db, db.engine.begin() as connection:
        created = ensure(connection, utcnow().date(), args.ahead)
    print(f"已新建 {len(created)} 个分区：{'、'.join(created)}" if created else "分区已齐全，无需新建")
    return 0


def _archive(args: argparse.Namespace) -> int:
    from hallclient.server.clock import utcnow
    from hallclient.server.partitions import archive, parse_month

    _require_postgres(args)
    before = parse_month(args.before)
    if args.out.exists() and not args.out.is_dir():
        raise HallError(f"--out 应为文件夹：{args.out} 是一个文件")
    with server_database(args) as db:
        autocommit = db.engine.execution_options(isolation_level="AUTOCOMMIT")
        with autocommit.connect() as connection:
            done = archive(connection, before, args.out, utcnow().date())
    if not done:
        print(f"没有早于 {before:%Y-%m} 的分区，未做任何改动")
        return 0
    for item in done:
        print(f"{item.name}\t{item.month:%Y-%m}\t{item.rows} 行\t→ {item.file}")
    total = sum(item.rows for item in done)
    print(f"已归档并删除 {len(done)} 个分区（共 {total} 行，文件行数已核对）。{ARCHIVED_MEANS}")
    return 0
