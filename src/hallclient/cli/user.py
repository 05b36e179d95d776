"""``hallclient user add|list``: local accounts (the server's list replaces them once synced)."""

from __future__ import annotations

import argparse
import getpass
import sys

from hallclient.cli._common import add_db_argument, local_services
from hallclient.errors import HallError


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("user", help="本地用户：添加、列出", description="管理本机用户。")
    actions = parser.add_subparsers(dest="user_command", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="添加用户", description="添加本机用户；密码从终端或标准输入读取。")
    add_db_argument(add)
    add.add_argument("username", help="用户名")
    add.add_argument("--name", default="", help="显示姓名")
    add.add_argument("--role", choices=("clerk", "supervisor", "admin"), default="clerk", help="角色（默认 clerk）")
    add.add_argument("--password-stdin", action="store_true", help="从标准输入读取密码（脚本用）")
    add.set_defaults(func=_add)
    listing = actions.add_parser("list", help="列出用户", description="列出本机用户。")
    add_db_argument(listing)
    listing.set_defaults(func=_list)


def _add(args: argparse.Namespace) -> int:
    from hallclient.services.users import add_user

    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass("密码：")
        if getpass.getpass("再次输入：") != password:
            raise HallError("两次输入的密码不一致")
    with local_services(args) as services:
        actor = add_user(services, args.username, args.name, args.role, password, by="cli")
    print(f"已添加用户 {actor.username}（{actor.display_name}，{actor.role}）")
    return 0


def _list(args: argparse.Namespace) -> int:
    from hallclient.services.users import ROLE_LABELS, list_users

    with local_services(args, writes=False) as services, services.store.read() as session:
        for user in list_users(session):
            state = "" if user.active else "（停用）"
            print(f"{user.username}\t{user.display_name}\t{ROLE_LABELS.get(user.role, user.role)}{state}")
    return 0
