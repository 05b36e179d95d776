"""``hallclient complaint ledger|meetings``: the complaint ledger (台账, XLSX) and the 专题会 records of a period.

Both read the local store as IT staff do for the tallies (no sign-in); the register itself is worked in
the supervisor window.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from hallclient.cli._common import add_db_argument, iso_date, local_services
from hallclient.errors import HallError


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "complaint",
        help="差评与投诉：处理台账（XLSX）、专题会记录",
        description="差评与投诉的处理台账（每件一行：六个环节的经办人、时间、处理情况、期限与超期）和专题会记录。",
    )
    actions = parser.add_subparsers(dest="complaint_command", metavar="ACTION", required=True)
    ledger = actions.add_parser(
        "ledger",
        help="导出处理台账（XLSX）",
        description="导出期间内受理的差评与投诉的处理台账（XLSX）：每件一行，六个环节各记经办人、时间、"
        "处理情况、期限，超期环节标红；另附专题会记录和来源统计。",
    )
    ledger.add_argument(
        "--from", dest="start", required=True, type=iso_date, metavar="D", help="受理日期自（YYYY-MM-DD）"
    )
    ledger.add_argument("--to", dest="end", required=True, type=iso_date, metavar="D", help="受理日期至（含）")
    ledger.add_argument("--out", required=True, type=Path, metavar="FILE", help="输出文件（.xlsx）")
    add_db_argument(ledger)
    ledger.set_defaults(func=_ledger)
    listing = actions.add_parser(
        "meetings",
        help="列出专题会记录及待开专题会的部门",
        description="列出期间内召开的专题会（日期、部门、参会人员、议定事项、涉及的差评/投诉），"
        "以及本月或上月差评达到提示数、尚未召开专题会的部门。",
    )
    listing.add_argument("--from", dest="start", required=True, type=iso_date, metavar="D", help="会议日期自")
    listing.add_argument("--to", dest="end", required=True, type=iso_date, metavar="D", help="会议日期至（含）")
    add_db_argument(listing)
    listing.set_defaults(func=_meetings)


def _ledger(args: argparse.Namespace) -> int:
    from hallclient.reports.complaint_ledger import build_ledger, write_ledger

    if args.out.suffix.lower() != ".xlsx":
        raise HallError(f"台账只导出 XLSX，输出文件须以 .xlsx 结尾：{args.out}")
    if args.end < args.start:
        raise HallError(f"结束日 {args.end.isoformat()} 早于开始日 {args.start.isoformat()}")
    from hallclient.services.complaints import count_missing_bad_review_tasks

    with local_services(args, writes=False) as services:
        ledger = build_ledger(services, args.start, args.end)
        missing = count_missing_bad_review_tasks(services)
    written = write_ledger(ledger, args.out)
    overdue = sum(1 for entry in ledger.entries if entry.overdue_steps)
    counts = f"{len(ledger.entries)} 件，其中 {overdue} 件有超期环节；专题会 {len(ledger.meetings)} 次"
    print(f"已导出台账：{written}（{counts}）")
    if missing:
        print(f"注意：{missing} 条差评尚未建立处理任务（打开“统计与督办”时自动建立），未列入台账")
    return 0


def _meetings(args: argparse.Namespace) -> int:
    from hallclient.services.complaint_meetings import meeting_flags, meetings

    if args.end < args.start:
        raise HallError(f"结束日 {args.end.isoformat()} 早于开始日 {args.start.isoformat()}")
    with local_services(args, writes=False) as services:
        held = meetings(services, held=(args.start, args.end))
        flags = meeting_flags(services)
    for meeting in held:
        print(f"{meeting.held_on.isoformat()}\t{meeting.department_name}\t参会：{meeting.attendees}\t"
              f"议定：{meeting.decisions}\t涉及：{'、'.join(meeting.complaint_refs)}")  # fmt: skip
    if not held:
        print("期间内没有专题会记录")
    for flag in flags:
        print(f"待开专题会：{flag.department_name}（{flag.month:%Y年%m月}差评 {flag.bad_reviews} 件）")
    return 0
