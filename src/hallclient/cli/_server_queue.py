"""``hallclient server queue hall|category|appointment ...``: the queue's administration on the server database."""

from __future__ import annotations

import argparse
import json

from hallclient.cli.serve import add_server_db_argument, server_database
from hallclient.errors import HallError


def register_queue(groups: argparse._SubParsersAction) -> None:
    queue = groups.add_parser("queue", help="排队叫号", description="大厅、业务类别（下发到各窗口）、预约与门户密钥。")
    objects = queue.add_subparsers(dest="queue_object", metavar="OBJECT", required=True)

    hall = objects.add_parser("hall", help="大厅与规则", description="新增或修改大厅及其排队规则。")
    hall_actions = hall.add_subparsers(dest="hall_action", metavar="ACTION", required=True)
    hall_set = hall_actions.add_parser("set", help="新增或修改大厅", description="新增或修改大厅；--rule 可重复。")
    hall_set.add_argument("code", help="大厅代码（小写字母、数字、- 与 _），用于显示屏地址 /display/代码")
    hall_set.add_argument("--name", default="", help="大厅名称（新增时必填）")
    hall_set.add_argument("--utc-offset", type=int, default=None, help="大厅时区相对 UTC 的分钟数（默认 480）")
    hall_set.add_argument("--rule", action="append", default=[], metavar="NAME=VALUE",
                          help="排队规则，如 max_recalls=2、green_age=60、appointment_priority_minutes=15")  # fmt: skip
    add_server_db_argument(hall_set)
    hall_set.set_defaults(func=_hall_set)

    category = objects.add_parser("category", help="业务类别", description="业务类别：号码前缀、事项、服务窗口。")
    category_actions = category.add_subparsers(dest="category_action", metavar="ACTION", required=True)
    category_set = category_actions.add_parser(
        "set", help="新增或替换业务类别", description="新增或替换业务类别并下发。"
    )
    category_set.add_argument("code", help="类别代码（1–2 个大写字母，也是号码前缀）")
    category_set.add_argument("--name", required=True, help="类别名称，如 企业开办")
    category_set.add_argument("--hall", default="main", help="所属大厅（默认 main）")
    category_set.add_argument("--window", action="append", default=[], metavar="WINDOW=PRIORITY",
                              help="服务窗口及其优先级（1 最先），可重复，如 --window 05=1")  # fmt: skip
    category_set.add_argument("--matter", action="append", default=[], help="包含的事项编码，可重复")
    category_set.add_argument("--slot", action="append", default=[], metavar="HH:MM-HH:MM=CAPACITY",
                              help="预约时段及名额，可重复，如 --slot 09:00-10:00=6")  # fmt: skip
    category_set.add_argument("--green", action="store_true", help="绿色通道类别（其号码全部优先）")
    category_set.add_argument("--closed", action="store_true", help="暂停取号与预约")
    add_server_db_argument(category_set)
    category_set.set_defaults(func=_category_set)
    for action, is_open, text in (("open", True, "恢复取号与预约"), ("close", False, "暂停取号与预约")):
        toggle = category_actions.add_parser(action, help=text, description=f"{text}（下发到各窗口）。")
        toggle.add_argument("code", help="类别代码")
        add_server_db_argument(toggle)
        toggle.set_defaults(func=_category_toggle, is_open=is_open)
    category_list = category_actions.add_parser("list", help="列出业务类别", description="列出业务类别。")
    add_server_db_argument(category_list)
    category_list.set_defaults(func=_category_list)

    appointment = objects.add_parser("appointment", help="预约", description="预约的查询与取消，门户 API 密钥。")
    appointment_actions = appointment.add_subparsers(dest="appointment_action", metavar="ACTION", required=True)
    listing = appointment_actions.add_parser("list", help="列出预约", description="按日期列出大厅的预约。")
    listing.add_argument("--day", required=True, help="日期 YYYY-MM-DD")
    listing.add_argument("--hall", default="main", help="大厅（默认 main）")
    add_server_db_argument(listing)
    listing.set_defaults(func=_appointment_list)
    cancel = appointment_actions.add_parser("cancel", help="取消预约", description="按预约码取消预约。")
    cancel.add_argument("code", help="预约码")
    cancel.add_argument("--hall", default="main", help="大厅（默认 main）")
    add_server_db_argument(cancel)
    cancel.set_defaults(func=_appointment_cancel)
    key_add = appointment_actions.add_parser(
        "key-add", help="新增门户 API 密钥", description="为大厅的小程序或网上大厅新增 API 密钥（只显示一次）。"
    )
    key_add.add_argument("--hall", default="main", help="大厅（默认 main）")
    key_add.add_argument("--label", default="", help="备注，如 微信小程序")
    add_server_db_argument(key_add)
    key_add.set_defaults(func=_key_add)
    key_revoke = appointment_actions.add_parser("key-revoke", help="吊销门户 API 密钥", description="吊销密钥。")
    key_revoke.add_argument("key_id", help="密钥编号（key-add 时打印）")
    add_server_db_argument(key_revoke)
    key_revoke.set_defaults(func=_key_revoke)


def _pairs(values: list[str], what: str) -> list[tuple[str, str]]:
    pairs = []
    for value in values:
        name, sep, rest = value.partition("=")
        if not sep or not name.strip() or not rest.strip():
            raise HallError(f"{what}「{value}」应写作 名称=值")
        pairs.append((name.strip(), rest.strip()))
    return pairs


def _integer(text: str, what: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise HallError(f"{what}「{text}」应为整数") from None


def _rule_value(text: str) -> int | bool:
    if text.lower() in ("true", "false"):
        return text.lower() == "true"
    return _integer(text, "规则值")


def _hall_set(args: argparse.Namespace) -> int:
    from hallclient.server.queue_admin import set_hall

    rules = {name: _rule_value(value) for name, value in _pairs(args.rule, "规则")}
    with server_database(args) as db:
        result = set_hall(db, args.code.strip(), args.name, utc_offset_min=args.utc_offset, rules=rules)
    print(f"大厅 {args.code} 已保存；规则：{json.dumps(result.__dict__, ensure_ascii=False)}")
    return 0


def _category_set(args: argparse.Namespace) -> int:
    from hallclient.domain.appointments import parse_slot
    from hallclient.domain.queue import Category
    from hallclient.server.queue_admin import set_category

    windows = {window: _integer(priority, "优先级") for window, priority in _pairs(args.window, "窗口")}
    slots = [parse_slot(slot, _integer(capacity, "名额")) for slot, capacity in _pairs(args.slot, "时段")]
    category = Category(args.code.strip().upper(), args.name.strip(), args.hall.strip(),
                        tuple(m.strip() for m in args.matter), windows, not args.closed, args.green)  # fmt: skip
    with server_database(args) as db:
        set_category(db, category, slots)
    served = "、".join(f"{w}（优先级 {p}）" for w, p in sorted(windows.items())) or "无（尚无窗口办理此类）"
    print(f"业务类别 {category.code}「{category.name}」已保存并下发；服务窗口：{served}")
    return 0


def _category_toggle(args: argparse.Namespace) -> int:
    from hallclient.server.queue_admin import set_open

    with server_database(args) as db:
        category = set_open(db, args.code.strip(), args.is_open)
    print(f"业务类别 {category.code}「{category.name}」已{'恢复' if args.is_open else '暂停'}取号与预约")
    return 0


def _category_list(args: argparse.Namespace) -> int:
    from hallclient.server.queue_admin import list_categories

    with server_database(args) as db:
        rows = list_categories(db)
    if not rows:
        print("尚无业务类别：用 hallclient server queue category set 新增")
    for category, slots in rows:
        windows = " ".join(f"{w}={p}" for w, p in sorted(category.windows.items())) or "-"
        slot_text = " ".join(f"{s.label}={s.capacity}" for s in slots) or "-"
        flags = ("绿色通道 " if category.green else "") + ("开放" if category.open else "暂停")
        print(f"{category.hall}\t{category.code}\t{category.name}\t{flags}\t窗口 {windows}\t时段 {slot_text}")
    return 0


def _appointment_list(args: argparse.Namespace) -> int:
    from hallclient.server.queue_appointments import Portal, list_appointments

    with server_database(args) as db:
        rows = list_appointments(db, Portal("admin", args.hall), args.day, None)
    if not rows:
        print(f"{args.day} 无预约")
    for row in rows:
        print(f"{row.code}\t{row.category}\t{row.day} {row.slot}\t{row.name}\t{row.id_number}\t{row.state}")
    return 0


def _appointment_cancel(args: argparse.Namespace) -> int:
    from hallclient.server.queue_appointments import Portal, cancel

    with server_database(args) as db:
        row = cancel(db, Portal("admin", args.hall), args.code)
    print(f"预约 {row.code}（{row.day} {row.slot}）已取消")
    return 0


def _key_add(args: argparse.Namespace) -> int:
    from hallclient.server.queue_admin import add_portal_key

    with server_database(args) as db:
        key_id, key = add_portal_key(db, args.hall, args.label)
    print(f"密钥编号 {key_id}（大厅 {args.hall}，只能查询时段、预约、查询与取消预约）")
    print(f"API 密钥（只显示这一次，请求头 X-Api-Key）：{key}")
    return 0


def _key_revoke(args: argparse.Namespace) -> int:
    from hallclient.server.queue_admin import revoke_portal_key

    with server_database(args) as db:
        revoke_portal_key(db, args.key_id.strip())
    print(f"密钥 {args.key_id} 已吊销")
    return 0
