"""``hallclient server ...``: administer the central server's database (devices, users, catalog, calendar,
partner regions)."""

from __future__ import annotations

import argparse
import getpass
import os
from datetime import timedelta
from pathlib import Path

from hallclient.cli.serve import add_server_db_argument, server_database
from hallclient.errors import HallError


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "server", help="管理中心服务器数据库", description="管理中心服务器：站点、设备、用户、事项目录、工作日历。"
    )
    groups = parser.add_subparsers(dest="server_command", metavar="OBJECT", required=True)

    device = groups.add_parser("device", help="窗口设备", description="登记、列出、吊销窗口设备。")
    device_actions = device.add_subparsers(dest="device_action", metavar="ACTION", required=True)
    add = device_actions.add_parser(
        "add", help="新增设备并打印一次性登记码", description="为窗口新增设备，打印一次性登记码（只显示一次）。"
    )
    add.add_argument("--window", required=True, help="窗口号")
    add.add_argument("--label", default="", help="备注（如机器位置）")
    add.add_argument("--ttl-hours", type=int, default=24, help="登记码有效小时数（默认 24）")
    add.add_argument("--site", default="HALL", help="所属站点编码（默认根站点 HALL）")
    add_server_db_argument(add)
    add.set_defaults(func=_device_add)
    listing = device_actions.add_parser("list", help="列出设备", description="列出设备及其状态。")
    add_server_db_argument(listing)
    listing.set_defaults(func=_device_list)
    revoke = device_actions.add_parser("revoke", help="吊销设备令牌", description="吊销设备：其令牌立即失效。")
    revoke.add_argument("device", help="设备 ID（或其唯一前缀，或客户端设备 ID）")
    add_server_db_argument(revoke)
    revoke.set_defaults(func=_device_revoke)
    from hallclient.cli._server_sites import register_device_move, register_sites

    register_device_move(device_actions)

    user = groups.add_parser("user", help="用户", description="新增与列出大厅用户（下发到各窗口，可离线登录）。")
    user_actions = user.add_subparsers(dest="user_action", metavar="ACTION", required=True)
    user_add = user_actions.add_parser(
        "add", help="新增用户", description="新增用户；密码从 HALLCLIENT_PASSWORD 或交互输入读取。"
    )
    user_add.add_argument("username", help="用户名")
    user_add.add_argument("--name", default="", help="显示名")
    user_add.add_argument(
        "--role", choices=["clerk", "supervisor", "admin"], default="clerk", help="角色（默认 clerk）"
    )
    user_add.add_argument("--site", help="只能查看该站点及其下级站点的数据（默认全部站点）")
    add_server_db_argument(user_add)
    user_add.set_defaults(func=_user_add)
    user_passwd = user_actions.add_parser(
        "passwd",
        help="重设用户密码",
        description="重设密码（如窗口机丢失后）；新密码从 HALLCLIENT_PASSWORD 或交互输入读取，下次同步时各窗口生效。",
    )
    user_passwd.add_argument("username", help="用户名")
    add_server_db_argument(user_passwd)
    user_passwd.set_defaults(func=_user_passwd)
    user_list = user_actions.add_parser("list", help="列出用户", description="列出用户与角色。")
    add_server_db_argument(user_list)
    user_list.set_defaults(func=_user_list)

    catalog = groups.add_parser("catalog", help="事项目录", description="发布事项目录。")
    catalog_actions = catalog.add_subparsers(dest="catalog_action", metavar="ACTION", required=True)
    catalog_import = catalog_actions.add_parser(
        "import", help="导入并发布事项目录（.json/.xlsx）", description="校验并发布事项目录；各窗口下次同步时更新。"
    )
    catalog_import.add_argument("file", type=Path, help="事项目录文件（.json 或 .xlsx）")
    add_server_db_argument(catalog_import)
    catalog_import.set_defaults(func=_catalog_import)

    calendar = groups.add_parser("calendar", help="工作日历", description="发布节假日与调休安排。")
    calendar_actions = calendar.add_subparsers(dest="calendar_action", metavar="ACTION", required=True)
    calendar_import = calendar_actions.add_parser(
        "import", help="导入并发布工作日历（JSON）", description="校验并发布工作日历；覆盖文件中包含的年份。"
    )
    calendar_import.add_argument("file", type=Path, help="工作日历文件（JSON）")
    add_server_db_argument(calendar_import)
    calendar_import.set_defaults(func=_calendar_import)

    register_sites(groups)

    from hallclient.cli._server_partner import register_partner

    register_partner(groups)

    from hallclient.cli._server_rollups import register_rollups

    register_rollups(groups)

    from hallclient.cli._bundle import import_bundle_command

    bundle = groups.add_parser(
        "import-bundle", help="导入窗口的离线数据包（日结）",
        description="校验离线数据包（校验值、哈希链、与服务器已存记录的衔接）后导入；重复导入不会重复计入。",
    )  # fmt: skip
    bundle.add_argument("file", type=Path, help="离线数据包文件")
    add_server_db_argument(bundle)
    bundle.set_defaults(func=import_bundle_command)

    from hallclient.cli._server_queue import register_queue

    register_queue(groups)

    assess = groups.add_parser("assess", help="考核", description="全大厅考核：导入考核指标集。")
    assess_objects = assess.add_subparsers(dest="assess_object", metavar="OBJECT", required=True)
    indicators = assess_objects.add_parser("indicators", help="考核指标集", description="导入考核指标集。")
    indicator_actions = indicators.add_subparsers(dest="indicators_action", metavar="ACTION", required=True)
    indicators_import = indicator_actions.add_parser(
        "import", help="校验并导入考核指标集（TOML）",
        description="整体校验考核指标文件（有任何问题则逐行列出、什么也不导入），通过后存为服务器上生效的新版本。",
    )  # fmt: skip
    indicators_import.add_argument("file", type=Path, help="考核指标文件（.toml）")
    add_server_db_argument(indicators_import)
    indicators_import.set_defaults(func=_indicators_import)
    from hallclient.cli._server_sms import register_sms

    register_sms(groups)
    from hallclient.cli._server_certs import register_certs

    register_certs(groups)
    from hallclient.cli._server_partitions import register_partitions

    register_partitions(groups)


def _device_add(args: argparse.Namespace) -> int:
    from hallclient.server.admin import add_device

    if args.ttl_hours < 1:
        raise HallError("--ttl-hours 须为正整数")
    with server_database(args) as db:
        device_id, code = add_device(db, args.window, args.label, timedelta(hours=args.ttl_hours), args.site)
    print(f"设备 {device_id}（窗口 {args.window}，站点 {args.site.strip()}）")
    print(f"一次性登记码（{args.ttl_hours} 小时内有效，只显示这一次）：{code}")
    print(f"在窗口机上运行：hallclient enroll --server https://<服务器>:<端口> --code {code}")
    return 0


def _device_list(args: argparse.Namespace) -> int:
    from hallclient.server.admin import list_devices

    with server_database(args) as db:
        devices = list_devices(db)
    if not devices:
        print("（没有设备）")
    for item in devices:
        seen = item.last_seen_at.isoformat(timespec="seconds") if item.last_seen_at else "-"
        print(
            f"{item.id}  窗口 {item.window:<4} {item.state:<8} 客户端 {item.client_device_id or '-'}  "
            f"最近连接 {seen}  站点 {item.site}  {item.label}"
        )
    return 0


def _device_revoke(args: argparse.Namespace) -> int:
    from hallclient.server.admin import revoke_device

    with server_database(args) as db:
        info = revoke_device(db, args.device)
    print(f"已吊销设备 {info.id}（窗口 {info.window}）")
    return 0


def _read_password() -> str:
    password = os.environ.get("HALLCLIENT_PASSWORD")
    if password is None:
        password = getpass.getpass("密码：")
        if getpass.getpass("再次输入：") != password:
            raise HallError("两次输入的密码不一致")
    return password


def _user_passwd(args: argparse.Namespace) -> int:
    from hallclient.server.admin import set_password

    password = _read_password()
    with server_database(args) as db:
        set_password(db, args.username, password)
    print(f"已重设用户 {args.username} 的密码；其服务器登录已失效，各窗口下次同步后只接受新密码")
    return 0


def _user_add(args: argparse.Namespace) -> int:
    from hallclient.server.admin import add_user

    password = _read_password()
    with server_database(args) as db:
        add_user(db, args.username, args.name, args.role, password, args.site)
    scope = f"，站点 {args.site.strip()} 及其下级" if args.site else ""
    print(f"已新增用户 {args.username}（{args.role}{scope}）")
    return 0


def _user_list(args: argparse.Namespace) -> int:
    from hallclient.server.admin import list_users

    with server_database(args) as db:
        users = list_users(db)
    if not users:
        print("（没有用户）")
    for user in users:
        scope = f"  站点 {user.site_code}" if user.site_code else ""
        print(f"{user.username:<16} {user.role:<10} {user.display_name}{'' if user.active else '（停用）'}{scope}")
    return 0


def _catalog_import(args: argparse.Namespace) -> int:
    from hallclient.catalog import load_catalog
    from hallclient.server.admin import import_catalog

    catalog = load_catalog(args.file)
    with server_database(args) as db:
        version = import_catalog(db, catalog)
    print(f"已发布事项目录 {catalog.version or '-'}：{len(catalog.matters)} 项事项（变更号 {version}）")
    return 0


def _calendar_import(args: argparse.Namespace) -> int:
    from hallclient.domain.workdays import load_file
    from hallclient.server.admin import import_calendar

    calendar = load_file(Path(args.file))
    with server_database(args) as db:
        version = import_calendar(db, calendar)
    print(f"已发布工作日历 {calendar.version or '-'}：{len(calendar.years)} 个年份（变更号 {version}）")
    return 0


def _indicators_import(args: argparse.Namespace) -> int:
    import hashlib

    from hallclient.domain.assessment_file import load_indicator_set
    from hallclient.server.assessment_store import store_indicator_set
    from hallclient.server.clock import utcnow

    indicator_set = load_indicator_set(args.file)  # all or nothing: every problem listed, nothing stored
    data = Path(args.file).read_bytes()
    if hashlib.sha256(data).hexdigest() != indicator_set.digest:
        raise HallError(f"考核指标文件 {args.file} 在导入过程中被改动，请重试")
    with server_database(args) as db, db.session() as session:
        number = store_indicator_set(session, indicator_set, data.decode("utf-8"), Path(args.file).name, utcnow())
    print(f"已导入考核指标集 {indicator_set.version}（{indicator_set.name}）：{len(indicator_set.indicators)} 项指标，"
          f"服务器第 {number} 版，校验值 {indicator_set.digest[:12]}")  # fmt: skip
    return 0
