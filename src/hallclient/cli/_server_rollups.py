"""``hallclient server rollups apply|rebuild|check``: fold the marked cases into the tally rollups now, recompute
the rollups from the raw cases, or compare them."""

from __future__ import annotations

import argparse

from hallclient.cli._common import iso_date
from hallclient.cli.serve import add_server_db_argument, server_database
from hallclient.errors import HallError

SHOWN = 50  # differences printed at most (the count is always printed)


def register_rollups(groups: argparse._SubParsersAction) -> None:
    rollups = groups.add_parser(
        "rollups", help="统计汇总表（重算、核对）",
        description="统计汇总表（按站点日、月、时段，按区县及全部站点的月度汇总，站点月度合计）由各服务进程在后台"
                    "每隔几秒汇入新上传或变更的办件（统计时未汇入的办件另行计入，结果始终准确）；apply 立即汇入，"
                    "rebuild 按原始办件重算，check 与原始办件逐行核对（有差异时退出码 1）。",
    )  # fmt: skip
    actions = rollups.add_subparsers(dest="rollups_action", metavar="ACTION", required=True)
    apply = actions.add_parser(
        "apply",
        help="立即把待汇入的办件汇入汇总表",
        description="立即把新上传或变更、尚未汇入的办件汇入统计汇总表（服务进程也会在后台自动汇入）。",
    )
    add_server_db_argument(apply)
    apply.set_defaults(func=_apply)
    for name, help_text, func in (
        ("rebuild", "按原始办件重算汇总表（整月一并重算）", _rebuild),
        ("check", "与原始办件核对汇总表，列出差异", _check),
    ):
        action = actions.add_parser(name, help=help_text, description=help_text + "；不给日期则为全部。")
        action.add_argument("--from", dest="start", type=iso_date, metavar="YYYY-MM-DD", help="起始受理日（含）")
        action.add_argument("--to", dest="end", type=iso_date, metavar="YYYY-MM-DD", help="截止受理日（含）")
        add_server_db_argument(action)
        action.set_defaults(func=func)


def _span(args: argparse.Namespace) -> str:
    if args.start and args.end and args.end < args.start:
        raise HallError(f"截止日 {args.end} 早于起始日 {args.start}")
    return f"{args.start or '最早'} 至 {args.end or '最新'}"


def _apply(args: argparse.Namespace) -> int:
    from hallclient.server.rollups import fold_all

    with server_database(args) as db:
        folded = fold_all(db.engine)
    print(f"已汇入 {folded} 个办件")
    return 0


def _rebuild(args: argparse.Namespace) -> int:
    from hallclient.server.rollups import rebuild

    span = _span(args)
    with server_database(args) as db, db.engine.begin() as connection:
        rows = rebuild(connection, args.start, args.end)
    print(f"已重算 {span} 的统计汇总表：按日 {rows} 行")
    return 0


def _check(args: argparse.Namespace) -> int:
    from hallclient.server.rollups import check

    span = _span(args)
    with server_database(args) as db:
        # One snapshot for all its reads (PostgreSQL): an applier folding cases meanwhile shows no false difference.
        engine = (
            db.engine.execution_options(isolation_level="REPEATABLE READ") if db.dialect == "postgresql" else db.engine
        )
        with engine.connect() as connection:
            differences = check(connection, args.start, args.end)
    if not differences:
        print(f"{span} 的统计汇总表与原始办件一致")
        return 0
    for difference in differences[:SHOWN]:
        print(difference.line())
    more = f"（仅列出前 {SHOWN} 条）" if len(differences) > SHOWN else ""
    print(f"{span} 的统计汇总表有 {len(differences)} 处与原始办件不符{more}；"
          "可运行 hallclient server rollups rebuild 重算")  # fmt: skip
    return 1
