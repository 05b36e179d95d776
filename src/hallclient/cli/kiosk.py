"""``hallclient kiosk``: the full-screen ticket kiosk of an enrolled device (see docs/queue.md)."""

from __future__ import annotations

import argparse
import getpass
import sys

from hallclient.errors import HallError

MIN_EXIT_PASSWORD = 4


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "kiosk",
        help="取号机（全屏触摸）",
        description="在已登记的取号机上全屏运行取号界面：选业务取号、刷身份证或输入预约码签到，号票由本机打印机打印。"
        "按 Esc 并输入退出密码可退出。",
    )
    parser.add_argument("--windowed", action="store_true", help="以窗口运行（工作人员调试用，Esc 直接退出）")
    parser.add_argument(
        "--set-exit-password",
        action="store_true",
        help="设置全屏时按 Esc 退出所需的密码（写入配置文件，只存哈希），然后退出",
    )
    parser.add_argument("--password-stdin", action="store_true", help="与 --set-exit-password 同用：从标准输入读取密码")
    parser.set_defaults(func=_kiosk)


def _kiosk(args: argparse.Namespace) -> int:
    from hallclient import config

    if args.set_exit_password:
        return _set_exit_password(args.password_stdin)
    settings = config.load()
    if not settings.device_token:
        raise HallError(
            "本机尚未登记到中心服务器：请先运行 hallclient enroll（取号机登记为一个不服务任何业务类别的窗口号）"
        )
    if not settings.printer_uri:
        raise HallError("未配置号票打印机：请在配置文件中设置 printer.uri")
    from hallclient.app import run_kiosk

    return run_kiosk(windowed=args.windowed, lang=args.lang)


def _set_exit_password(from_stdin: bool) -> int:
    from hallclient import config
    from hallclient.protocol.accounts import hash_password

    if from_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass("退出密码：")
        if getpass.getpass("再次输入：") != password:
            raise HallError("两次输入的密码不一致")
    if len(password) < MIN_EXIT_PASSWORD:
        raise HallError(f"退出密码至少 {MIN_EXIT_PASSWORD} 位（取号机屏幕键盘只有数字，建议用数字）")
    path = config.save(config.load()._replace(kiosk_exit_password=hash_password(password)))
    print(f"已设置取号机退出密码（{path}）")
    return 0
