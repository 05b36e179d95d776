"""``hallclient calendar show|import|provisional``: the working-day calendar and the deadlines it leaves 暂定.

``import`` is for a PC that cannot reach the server: the file is applied exactly as a server update
would be, recounting provisional deadlines (one ``case.deadlines_recomputed`` event per case).
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from hallclient.cli._common import add_db_argument, local_services


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "calendar", help="工作日历：查看、导入、暂定期限", description="本机的节假日与调休安排，以及期限为暂定的办件。"
    )
    actions = parser.add_subparsers(dest="calendar_command", metavar="ACTION", required=True)
    show = actions.add_parser(
        "show", help="列出覆盖的年份及来源", description="列出工作日历覆盖的年份及每年的来源通知。"
    )
    add_db_argument(show)
    show.set_defaults(func=_show)
    load = actions.add_parser(
        "import",
        help="导入工作日历（JSON）并重算暂定期限",
        description="导入工作日历文件（与 server calendar import 相同格式，每年须写明 source），"
        "并重算在办办件的暂定期限（每件记一条事件）。",
    )
    load.add_argument("file", type=Path, help="工作日历文件（JSON）")
    add_db_argument(load)
    load.set_defaults(func=_import)
    listing = actions.add_parser(
        "provisional",
        help="列出期限为暂定的在办办件（值班长）",
        description="列出期限按周一至周五暂定计算的在办办件：办件号、事项、状态、暂定的期限、受理人。",
    )
    add_db_argument(listing)
    listing.set_defaults(func=_provisional)


def _show(args: argparse.Namespace) -> int:
    from hallclient.store.bootstrap import load_calendar

    with local_services(args, writes=False) as services:
        calendar = load_calendar(services.store)
    print(f"工作日历版本 {calendar.version or '-'}")
    for year in sorted(calendar.years):
        print(f"{year}\t{calendar.source(year) or '（未记录来源）'}")
    warning = calendar.coverage_warning(date.today())
    if warning:
        print(f"注意：{warning}")
    return 0


def _import(args: argparse.Namespace) -> int:
    from hallclient.services.calendar import import_calendar_file

    with local_services(args) as services:
        applied = import_calendar_file(services, args.file)
    years = sorted(applied.calendar.years)
    print(f"已导入工作日历 {applied.calendar.version or '-'}：覆盖 {years[0]}–{years[-1]} 年")
    if applied.recomputed:
        print(f"已重算 {len(applied.recomputed)} 件办件的暂定期限：{'、'.join(applied.recomputed)}")
    else:
        print("没有需要重算的暂定期限")
    return 0


def _provisional(args: argparse.Namespace) -> int:
    from hallclient.domain.case import DEADLINE_FIELDS, STATUS_LABELS, CaseStatus, deadline_text
    from hallclient.services.calendar import provisional_cases

    labels = dict(zip(DEADLINE_FIELDS, ("承诺办结", "法定办结", "告知期限", "容缺补齐"), strict=True))
    with local_services(args, writes=False) as services, services.store.read() as session:
        rows = provisional_cases(session)
        for row in rows:
            fields = row.provisional_fields
            dates = "；".join(
                f"{labels[name]} {deadline_text(getattr(row, name), True)}"
                for name in DEADLINE_FIELDS
                if name in fields and getattr(row, name) is not None
            )
            status = STATUS_LABELS[CaseStatus(row.status)]
            print(f"{row.case_no}\t{row.matter_name}\t{status}\t{dates}\t{row.clerk_name}")
    print(f"共 {len(rows)} 件在办办件的期限为暂定" if rows else "没有期限为暂定的在办办件")
    return 0
