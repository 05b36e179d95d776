"""``hallclient server sms templates|optout|run|status``: the SMS sender on the server database."""

from __future__ import annotations

import argparse
import os
from datetime import date, timedelta
from pathlib import Path

from hallclient.cli.serve import add_server_db_argument, server_database
from hallclient.errors import HallError

ENV_GATEWAY = "HALLCLIENT_SMS_GATEWAY"
KIND_NAMES = {"accepted": "受理", "missing": "一次性告知", "deficiency_reminder": "容缺提醒", "ready": "办结/可取件",
              "posted": "邮寄", "rating_invite": "评价邀请"}  # fmt: skip
STATUS_NAMES = {"queued": "待发", "sending": "发送中", "sent": "已发", "delivered": "已送达", "failed": "失败",
                "suppressed": "不发（退订/已无需）"}  # fmt: skip


def add_gateway_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--gateway",
        metavar="URI",
        help="短信网关：smpp://账号:密码@主机:端口?source_addr=…、http+json:配置文件 或 file:路径"
        f"（默认：环境变量 {ENV_GATEWAY}）",
    )


def gateway_uri(args: argparse.Namespace) -> str:
    uri = getattr(args, "gateway", None) or os.environ.get(ENV_GATEWAY, "")
    if not uri:
        raise HallError(f"未指定短信网关：请用 --gateway URI 或设置环境变量 {ENV_GATEWAY}")
    return str(uri)


def register_sms(groups: argparse._SubParsersAction) -> None:
    sms = groups.add_parser("sms", help="短信通知", description="短信模板、退订名单、发送与统计。")
    actions = sms.add_subparsers(dest="sms_object", metavar="OBJECT", required=True)

    templates = actions.add_parser("templates", help="短信模板", description="导入中心审定的短信模板（TOML）。")
    template_actions = templates.add_subparsers(dest="templates_action", metavar="ACTION", required=True)
    template_import = template_actions.add_parser(
        "import", help="校验并导入模板文件", description="校验整个文件（逐行报错），全部无误才导入，替换原有模板。"
    )
    template_import.add_argument("file", type=Path, help="模板文件（TOML，示例见 resources/sms-templates.toml）")
    add_server_db_argument(template_import)
    template_import.set_defaults(func=_templates_import)

    optout = actions.add_parser("optout", help="退订名单", description="不接收短信的手机号（只存其摘要）。")
    optout_actions = optout.add_subparsers(dest="optout_action", metavar="ACTION", required=True)
    for name, help_text in (("add", "加入退订名单"), ("remove", "移出退订名单")):
        sub = optout_actions.add_parser(name, help=help_text, description=f"{help_text}。")
        sub.add_argument("phone", metavar="PHONE", help="手机号")
        add_server_db_argument(sub)
        sub.set_defaults(func=_optout, optout_add=name == "add")

    run = actions.add_parser(
        "run",
        help="发送待发短信",
        description="取租约后发送到期的短信；--once 只发一轮（hallclient serve 会在后台持续发送）。",
    )
    run.add_argument("--once", action="store_true", required=True, help="只发一轮后退出")
    run.add_argument(
        "--lease-seconds",
        type=float,
        default=60.0,
        help="发送租约时长（秒，默认 60）：本进程意外终止后，其他进程等这么久才接手",
    )
    run.add_argument("--chunk", type=int, default=100, help="每次提交处理的短信条数（默认 100）")
    add_gateway_argument(run)
    add_server_db_argument(run)
    run.set_defaults(func=_run)

    resend = actions.add_parser(
        "resend",
        help="重发发送中断的短信",
        description="列出发送中断（短信中心可能已收到）的短信；确认后重新排队一次。可能重复，但不会丢失通知。",
    )
    resend.add_argument("--interrupted", action="store_true", required=True, help="发送中断的短信")
    resend.add_argument("--since", type=date.fromisoformat, metavar="YYYY-MM-DD", help="只列此日（大厅时间）起中断的")
    resend.add_argument("--yes", action="store_true", help="不再询问，直接重新排队")
    add_server_db_argument(resend)
    resend.set_defaults(func=_resend)

    status = actions.add_parser("status", help="发送状态与每日条数", description="各状态条数、最近失败及每日发送条数。")
    status.add_argument("--days", type=int, default=7, help="列出最近几天的每日条数（默认 7）")
    add_server_db_argument(status)
    status.set_defaults(func=_status)


def _templates_import(args: argparse.Namespace) -> int:
    from hallclient.server.sms.admin import import_templates

    with server_database(args) as db:
        templates = import_templates(db, args.file)
    settings = templates.settings()
    print(f"已导入 {len(templates.texts)} 个短信模板（签名 {settings['signature']}，免打扰 {settings['quiet_hours']}）")
    return 0


def _optout(args: argparse.Namespace) -> int:
    from hallclient.domain.masking import mask_phone
    from hallclient.server.sms.admin import add_optout, remove_optout

    with server_database(args) as db:
        changed = add_optout(db, args.phone) if args.optout_add else remove_optout(db, args.phone)
    masked = mask_phone(args.phone)
    if args.optout_add:
        print(f"{masked} 已加入退订名单" if changed else f"{masked} 已在退订名单中")
    else:
        print(f"{masked} 已移出退订名单" if changed else f"{masked} 不在退订名单中")
    return 0


def _run(args: argparse.Namespace) -> int:
    import uuid

    from hallclient.server.sms.sender import SenderConfig, release_lease, run_once
    from hallclient.server.sms.uri import gateway_for

    if args.lease_seconds <= 0:
        raise HallError("--lease-seconds 须为正数")
    if args.chunk < 1:
        raise HallError("--chunk 须为正整数")
    gateway = gateway_for(gateway_uri(args))
    holder = f"cli-{uuid.uuid4()}"
    with server_database(args) as db:
        try:
            result = run_once(
                db, gateway, holder=holder, config=SenderConfig(lease_seconds=args.lease_seconds, chunk=args.chunk)
            )
        finally:
            gateway.close()
            release_lease(db, holder)
    if not result.leased:
        raise HallError(f"未发送：{result.held}")
    print(f"新收通知 {result.taken_in} 条；已发 {result.sent}，失败 {result.failed}，待重试 {result.retried}，"
          f"不发 {result.suppressed}，回执 {result.receipts}")  # fmt: skip
    if result.held:
        print(f"暂停发送：{result.held}")
    return 0


def _resend(args: argparse.Namespace) -> int:
    import getpass
    import sys

    from hallclient.domain.masking import mask_phone
    from hallclient.server.sms.admin import interrupted_messages, requeue_interrupted

    with server_database(args) as db:
        found = interrupted_messages(db, args.since)
        if not found:
            print("没有发送中断、尚未重发过的短信")
            return 0
        for message in found:
            print(f"{message.case_no} {KIND_NAMES.get(message.kind, message.kind)} {mask_phone(message.phone)}")
        print(f"共 {len(found)} 条：短信中心可能已收到其中一些，重发可能使申请人收到两次。")
        if not args.yes:
            if not sys.stdin.isatty():
                raise HallError("未重发：请在终端确认，或加 --yes")
            if input("确认重新排队？输入 y 确认：").strip().lower() != "y":
                print("未重发")
                return 1
        count = requeue_interrupted(db, [message.notice_id for message in found], by=getpass.getuser())
    print(f"已重新排队 {count} 条（操作人 {getpass.getuser()}，已记入审计）")
    return 0


def _status(args: argparse.Namespace) -> int:
    from hallclient.domain.masking import mask_phone
    from hallclient.server.sms.admin import daily_figures, recent_failures, status_counts

    if args.days < 1:
        raise HallError("--days 须为正整数")
    with server_database(args) as db:
        counts = status_counts(db)
        failures = recent_failures(db)
        end = date.today()
        rows = daily_figures(db, end - timedelta(days=args.days - 1), end)
    print("状态：" + ("，".join(f"{STATUS_NAMES.get(k, k)} {counts.get(k, 0)}" for k in STATUS_NAMES)))
    for message in failures:
        print(f"失败：{message.case_no} {KIND_NAMES.get(message.kind, message.kind)} {mask_phone(message.phone)}："
              f"{message.reason}")  # fmt: skip
    print("日期        类型          已发  送达  失败  计费条数")
    for row in rows:
        print(f"{row['day']}  {KIND_NAMES.get(str(row['kind']), row['kind']):<10}  {row['sent']:>4}  "
              f"{row['delivered']:>4}  {row['failed']:>4}  {row['parts']:>6}")  # fmt: skip
    return 0
