"""``hallclient day-close``: close a window's day (日结), export and verify offline bundles."""

from __future__ import annotations

import argparse
from pathlib import Path

from hallclient.cli._common import add_db_argument, iso_date, password_from_env_or_prompt


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "day-close",
        help="窗口日结与离线数据包",
        description="窗口日结：汇总当天数据并由窗口人员签署；有未同步事件时须先同步或导出离线数据包。",
    )
    actions = parser.add_subparsers(dest="day_close_command", metavar="ACTION", required=True)
    close = actions.add_parser("close", help="日结（窗口人员输入密码签署）",
                               description="日结本窗口某一天；密码从 HALLCLIENT_PASSWORD 或交互输入读取。")  # fmt: skip
    close.add_argument("--user", required=True, help="窗口人员用户名")
    close.add_argument("--date", type=iso_date, help="日结日期（默认今天）")
    close.add_argument("--bundle", type=Path, metavar="FILE", help="有未同步事件时，把它们导出到此离线数据包")
    add_db_argument(close)
    close.set_defaults(func=_close)
    export = actions.add_parser(
        "export-bundle",
        help="导出未同步事件的离线数据包",
        description="把本机未同步的事件导出为带哈希链的离线数据包，交值班长在服务器导入。",
    )
    export.add_argument("--user", required=True, help="导出人用户名")
    export.add_argument("--out", required=True, type=Path, metavar="FILE", help="数据包文件")
    add_db_argument(export)
    export.set_defaults(func=_export)
    verify = actions.add_parser("verify-bundle", help="校验离线数据包", description="校验数据包的校验值与哈希链。")
    verify.add_argument("file", type=Path, help="离线数据包文件")
    verify.set_defaults(func=_verify)


def _close(args: argparse.Namespace) -> int:
    from hallclient.cli._common import local_services
    from hallclient.services.day_close import close_day
    from hallclient.services.users import active_user

    with local_services(args) as services:
        actor = active_user(services, args.user)
        result = close_day(
            services, actor, password_from_env_or_prompt("密码（签署）："), day=args.date, bundle_path=args.bundle
        )
    summary = result.summary
    print(f"{result.window} 号窗口 {result.day.isoformat()} 已日结：办件 {summary['cases']} 件，"
          f"首问 {summary['enquiries']} 条，差评 {summary['bad_reviews']}；签名 {result.signature[:16]}…")  # fmt: skip
    if result.bundle is not None:
        print(f"离线数据包：{args.bundle}（第 {result.bundle.first_seq}–{result.bundle.last_seq} 条，"
              f"校验值 {result.bundle.digest[:16]}…）请交值班长导入服务器")  # fmt: skip
    return 0


def _export(args: argparse.Namespace) -> int:
    from hallclient.cli._common import local_services
    from hallclient.services.day_close import export_bundle
    from hallclient.services.users import active_user

    with local_services(args) as services:
        actor = active_user(services, args.user)
        bundle = export_bundle(services, actor, args.out)
    print(f"已导出 {len(bundle.events)} 条事件（第 {bundle.first_seq}–{bundle.last_seq} 条）→ {args.out}")
    return 0


def _verify(args: argparse.Namespace) -> int:
    from hallclient.protocol.bundle import read_bundle

    bundle = read_bundle(args.file)
    print(f"数据包完好：设备 {bundle.device_id[:8]}，{bundle.window} 号窗口，"
          f"第 {bundle.first_seq}–{bundle.last_seq} 条，校验值 {bundle.digest[:16]}…")  # fmt: skip
    return 0
