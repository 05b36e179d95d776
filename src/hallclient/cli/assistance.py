"""``hallclient assistance report --month YYYY-MM [--server URL [--site CODE]]``: the month's 帮办代办 without a case,
as the report states it (“上门帮办代办 N 次”), from this PC's store or from the server (the tallies' figures)."""

from __future__ import annotations

import argparse
import re
from typing import TYPE_CHECKING

from hallclient.cli._common import add_db_argument
from hallclient.errors import HallError

if TYPE_CHECKING:
    from hallclient.domain.tally import Period, Tally

MONTH = re.compile(r"[1-9]\d{3}-(0[1-9]|1[0-2])")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "assistance",
        help="帮办代办记录（不含办件）",
        description="帮办代办（咨询、取号、引导、代填、上门）的月度统计。",
    )
    actions = parser.add_subparsers(dest="assistance_action", metavar="ACTION", required=True)
    report = actions.add_parser(
        "report", help="某月的帮办代办次数",
        description="按类型、站点统计某月帮办代办次数及其中为老年人、残疾人的次数；默认读本机数据，--server 读服务器。",
    )  # fmt: skip
    report.add_argument("--month", required=True, metavar="YYYY-MM", help="月份，如 2026-03")
    add_db_argument(report)
    report.add_argument("--server", metavar="URL", help="从中心服务器取（需值班长登录令牌）")
    report.add_argument("--user-token", metavar="TOKEN", help="值班长登录令牌（默认取环境变量 HALLCLIENT_USER_TOKEN）")
    report.add_argument("--site", metavar="CODE", help="只统计该站点及其下级站点（须与 --server 一起用）")
    report.set_defaults(func=_report)


def _report(args: argparse.Namespace) -> int:
    from hallclient.domain.assessment import quarter_period
    from hallclient.domain.tally_assistance import assistance_rows

    if not MONTH.fullmatch(args.month.strip()):
        raise HallError(f"--month 应为 YYYY-MM（如 2026-03），实为 {args.month}")
    if args.db and args.server:
        raise HallError("--db 与 --server 只能选一个")
    if args.site and not args.server:
        raise HallError("--site 须与 --server 一起用（站点数据只在服务器上）")
    period, label = quarter_period(args.month.strip())
    if args.server:
        tally = _from_server(args, period)
    else:
        from hallclient.cli._common import local_services
        from hallclient.services.tallies import local_tallies

        with local_services(args, writes=False) as services:
            tally = local_tallies(services, period, ["window"], durations=False)["window"]
    figures = tally.assistance
    print(f"{tally.scope} {label}")
    for line in figures.report_lines():
        print(line)
    for month, site, kind, count, elderly, disabled in assistance_rows(figures)[:-1]:
        print(f"  {month}  站点 {site or '（未知）'}  {kind} {count} 次（老年人 {elderly}，残疾人 {disabled}）")
    for note in tally.notes:
        print(f"说明：{note}")
    return 0


def _from_server(args: argparse.Namespace, period: Period) -> Tally:
    """No fallback to this PC's data: it is not the hall's (nor the site's)."""
    import os

    from hallclient import config
    from hallclient.reports.server import ServerUnavailable, fetch_tallies

    token = str(args.user_token or os.environ.get("HALLCLIENT_USER_TOKEN", ""))
    if not token:
        raise HallError("未提供值班长登录令牌（--user-token 或 HALLCLIENT_USER_TOKEN）")
    settings = config.load()
    try:
        found = fetch_tallies(args.server, settings.device_token, token, period, ["window"], ca_file=settings.ca_file,
                              site=args.site)  # fmt: skip
    except ServerUnavailable as error:
        raise HallError(str(error)) from None
    return found["window"]
