"""``hallclient tally``: a day's or a period's tally as PDF, XLSX or CSV, locally or hall-wide from the server;
``--queue``: the queue figures (排队统计), which only the server has."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from hallclient.cli._common import add_db_argument, iso_date
from hallclient.errors import HallError

if TYPE_CHECKING:
    from hallclient.domain.tally import Period

FORMATS = ("pdf", "xlsx", "csv")
GROUPS = ("window", "clerk", "department", "matter", "channel")
QUEUE_GROUPS = ("category", "hour", "window")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "tally",
        help="导出日/期间统计（PDF、XLSX、CSV）",
        description="按窗口、人员、部门、事项或渠道统计一天或一段期间的办件、评价、投诉等，导出 PDF/XLSX/CSV。"
        "默认读本机数据；--server 读全大厅数据（服务器不可用时改用本机数据并提示）。"
        "--queue 导出排队统计（取号、等候/服务时长、过号、预约、暂停服务），只在服务器上，须与 --server 一起用。",
    )
    when = parser.add_mutually_exclusive_group(required=True)
    when.add_argument("--date", type=iso_date, metavar="D", help="统计某一天（YYYY-MM-DD）")
    when.add_argument("--from", dest="start", type=iso_date, metavar="D", help="期间开始日（与 --to 一起用）")
    parser.add_argument("--to", dest="end", type=iso_date, metavar="D", help="期间结束日（含）")
    parser.add_argument("--by", choices=sorted({*GROUPS, *QUEUE_GROUPS}), default="window",
                        help="分组（默认 window；--queue 时为 category、hour 或 window）")  # fmt: skip
    parser.add_argument("--format", choices=FORMATS, help="输出格式（默认按 --out 的扩展名）")
    parser.add_argument("--out", required=True, type=Path, metavar="FILE", help="输出文件")
    add_db_argument(parser)
    parser.add_argument("--server", metavar="URL", help="从中心服务器取全大厅统计（需值班长登录令牌）")
    parser.add_argument("--user-token", metavar="TOKEN",
                        help="值班长登录令牌（默认取环境变量 HALLCLIENT_USER_TOKEN）")  # fmt: skip
    parser.add_argument(
        "--site", metavar="CODE", help="只统计该站点及其下级站点（须与 --server 一起用；服务器不可用时不改用本机数据）"
    )
    parser.add_argument("--queue", action="store_true", help="排队统计（须与 --server 一起用）")
    parser.add_argument("--hall", default="", metavar="CODE", help="--queue 的大厅代码（服务器只有一个大厅时可省略）")
    parser.set_defaults(func=_tally)


def _tally(args: argparse.Namespace) -> int:
    from hallclient.domain.tally import Period

    if args.db and args.server:
        raise HallError("--db 与 --server 只能选一个")
    if args.start is not None and args.end is None:
        raise HallError("--from 须与 --to 一起使用")
    if args.date is not None and args.end is not None:
        raise HallError("--to 须与 --from 一起使用（单日用 --date）")
    period = Period.day(args.date) if args.date else Period(args.start, args.end)
    fmt = args.format or args.out.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise HallError(f"无法从文件名判断格式，请用 --format {'|'.join(FORMATS)}")
    if args.queue:
        return _queue(args, period, fmt)
    if args.by not in GROUPS:
        raise HallError(f"--by {args.by} 只用于排队统计（--queue）；办件统计的分组为 {'、'.join(GROUPS)}")
    if args.hall:
        raise HallError("--hall 只用于排队统计（--queue）")
    if args.site and not args.server:
        raise HallError("--site 须与 --server 一起用（站点数据只在服务器上）")
    groupings = [args.by] + ([name for name in GROUPS if name != args.by] if fmt == "xlsx" else [])
    tallies = None
    if args.server:
        from hallclient import config
        from hallclient.reports.server import ServerUnavailable, fetch_tallies

        settings = config.load()
        token = _user_token(args)
        try:
            if not token:
                raise ServerUnavailable(NO_TOKEN)
            tallies = fetch_tallies(args.server, settings.device_token, token, period, groupings,
                                    ca_file=settings.ca_file, site=args.site)  # fmt: skip
        except ServerUnavailable as error:
            if args.site:  # this PC's data is not the site's: no fallback
                raise HallError(str(error)) from None
            print(f"hallclient: {error}；改用本机数据（仅本窗口机记录）", file=sys.stderr)
    if tallies is None:
        from hallclient.cli._common import local_services
        from hallclient.services.tallies import local_tallies

        with local_services(args, writes=False) as services:
            tallies = local_tallies(services, period, groupings)
    tally = tallies[args.by]
    if fmt == "pdf":
        from hallclient.reports.export_pdf import write_pdf

        write_pdf(tally, args.out)
    elif fmt == "xlsx":
        from hallclient.reports.export_xlsx import write_xlsx

        write_xlsx(tallies, args.out)
    else:
        from hallclient.reports.export_csv import write_csv

        write_csv(tally, args.out)
    total = tally.total
    print(f"{tally.scope} {period.label()}：办件 {total.cases} 件，评价 {total.rated} 次，差评 {total.bad_reviews}，"
          f"投诉 {total.complaints}，在办超期 {total.overdue} → {args.out}")  # fmt: skip
    if tally.sms is not None and tally.sms.provided:
        sms = tally.sms.total
        counts = f"送达 {sms.delivered}，失败 {sms.failed}，待发 {sms.queued}，计费 {sms.parts} 条"
        print(f"短信发送条数 {sms.sent}（{counts}）")
    bundles = tally.bundles_total
    if bundles.intakes:
        print(f"一件事一次办：受理 {bundles.intakes} 次，办件 {bundles.cases} 件，整件办结 {bundles.completed} 次，"
              f"少交材料 {bundles.papers_saved} 份")  # fmt: skip
    for line in tally.assistance.report_lines()[:1] if tally.assistance.total else []:
        print(line)
    for note in [*tally.notes, *(tally.sms.notes if tally.sms is not None else [])]:
        print(f"说明：{note}")
    return 0


NO_TOKEN = "未提供值班长登录令牌（--user-token 或 HALLCLIENT_USER_TOKEN）"


def _user_token(args: argparse.Namespace) -> str:
    return str(args.user_token or os.environ.get("HALLCLIENT_USER_TOKEN", ""))


def _queue(args: argparse.Namespace, period: Period, fmt: str) -> int:
    """Queue figures from the server; no local fallback (a window's store has no queue), so any failure
    is the one-line error and a non-zero exit, and no file is written."""
    from hallclient import config
    from hallclient.reports.server import fetch_queue_figures

    if not args.server:
        raise HallError("排队统计只在中心服务器上：请用 --server URL（并提供值班长登录令牌）")
    if args.by not in QUEUE_GROUPS:
        raise HallError(f"排队统计的分组只能是 {'、'.join(QUEUE_GROUPS)}，实为 {args.by}")
    token = _user_token(args)
    if not token:
        raise HallError(NO_TOKEN)
    settings = config.load()
    groupings = [args.by] + ([name for name in QUEUE_GROUPS if name != args.by] if fmt == "xlsx" else [])
    tallies = fetch_queue_figures(args.server, settings.device_token, token, period, groupings, hall=args.hall,
                                  ca_file=settings.ca_file)  # fmt: skip
    tally = tallies[args.by]
    from hallclient.reports import export_queue

    if fmt == "pdf":
        export_queue.write_queue_pdf(tally, args.out)
    elif fmt == "xlsx":
        export_queue.write_queue_xlsx(tallies, args.out)
    else:
        export_queue.write_queue_csv(tally, args.out)
    total = tally.total
    print(f"{tally.hall_name} 排队 {period.label()}：取号 {total.issued}，叫号 {total.called}，过号 {total.no_show}，"
          f"预约 {total.appointments}（签到 {total.appointments_kept}，爽约 {total.appointments_missed}），"
          f"暂停服务 {total.paused_minutes:.0f} 分钟 → {args.out}")  # fmt: skip
    for note in tally.notes:
        print(f"说明：{note}")
    return 0
