"""``hallclient server partner add|list|retire|import``: the 协议地区 of the hall's 通办 agreements."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from hallclient.cli.serve import add_server_db_argument, server_database
from hallclient.errors import HallError


def register_partner(groups: argparse._SubParsersAction) -> None:
    partner = groups.add_parser(
        "partner", help="协议地区", description="登记、列出、停用、导入通办协议地区（下发到各窗口）。"
    )
    actions = partner.add_subparsers(dest="partner_action", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="登记协议地区", description="登记一个协议地区并下发到各窗口。")
    add.add_argument("name", help="协议地区名称（如 四川省成都市）")
    add.add_argument("--province", required=True, help="所在省份（如 四川省）")
    add.add_argument("--agreed-on", required=True, help="协议签订日期 YYYY-MM-DD")
    add.add_argument("--contact", action="append", default=[], help="联系人，格式 姓名:电话（可重复）")
    add.add_argument("--matter", action="append", default=[], help="涵盖的事项编码（可重复）")
    add_server_db_argument(add)
    add.set_defaults(func=_add)
    listing = actions.add_parser("list", help="列出协议地区", description="列出协议地区及其状态。")
    add_server_db_argument(listing)
    listing.set_defaults(func=_list)
    retire = actions.add_parser("retire", help="停用协议地区", description="协议终止：各窗口不再可选。")
    retire.add_argument("name", help="协议地区名称")
    add_server_db_argument(retire)
    retire.set_defaults(func=_retire)
    imported = actions.add_parser(
        "import", help="从 JSON 文件导入协议地区", description="校验文件中的全部协议地区，全部登记或全部不登记。"
    )
    imported.add_argument("file", type=Path, help="JSON 文件（见 docs/forwarding.md）")
    add_server_db_argument(imported)
    imported.set_defaults(func=_import)


def _contact(text: str) -> dict[str, str]:
    name, colon, phone = text.partition(":")
    if not colon:
        name, colon, phone = text.partition("：")
    if not colon:
        raise HallError(f"联系人格式应为 姓名:电话：{text}")
    return {"name": name, "phone": phone}


def _add(args: argparse.Namespace) -> int:
    from hallclient.server.partners import PartnerInput, add_partners

    try:
        agreed = date.fromisoformat(args.agreed_on)
    except ValueError:
        raise HallError(f"--agreed-on 应为 YYYY-MM-DD：{args.agreed_on}") from None
    entry = PartnerInput(
        args.name, args.province, agreed, tuple(_contact(text) for text in args.contact), tuple(args.matter)
    )
    with server_database(args) as db:
        add_partners(db, [entry], date.today())
    print(f"已登记协议地区 {args.name.strip()}（{args.province.strip()}），各窗口下次同步时可选")
    return 0


def _list(args: argparse.Namespace) -> int:
    from hallclient.server.partners import list_partners

    with server_database(args) as db:
        partners = list_partners(db)
    if not partners:
        print("（没有协议地区）")
    for info in partners:
        p = info.partner
        contacts = "、".join(f"{c.name} {c.phone}" for c in p.contacts) or "-"
        state = "" if p.active else "（已停用）"
        print(f"{p.name}{state}  {p.province}  协议 {info.agreed_on.isoformat()}  事项 {','.join(p.matters)}  "
              f"联系人 {contacts}")  # fmt: skip
    return 0


def _retire(args: argparse.Namespace) -> int:
    from hallclient.server.partners import retire_partner

    with server_database(args) as db:
        retire_partner(db, args.name)
    print(f"已停用协议地区 {args.name.strip()}；各窗口下次同步后不再可选")
    return 0


def _import(args: argparse.Namespace) -> int:
    from hallclient.server.partners import add_partners, read_partner_file

    entries = read_partner_file(args.file)
    with server_database(args) as db:
        ids = add_partners(db, entries, date.today())
    print(f"已导入 {len(ids)} 个协议地区，各窗口下次同步时可选")
    return 0
