"""``hallclient server site add|list|retire|import`` and ``server device move``: the service network's sites."""

from __future__ import annotations

import argparse
from pathlib import Path

from hallclient.cli.serve import add_server_db_argument, server_database


def register_sites(groups: argparse._SubParsersAction) -> None:
    site = groups.add_parser(
        "site", help="站点（区、街道、村三级）",
        description="登记、列出、撤销、导入站点：区政务服务中心（根站点 HALL）、街道便民服务中心、村（社区）服务站。",
    )  # fmt: skip
    actions = site.add_subparsers(dest="site_action", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="新增站点", description="新增站点；街道挂在区下，村/社区挂在街道下。")
    add.add_argument("code", help="站点编码（字母、数字、- 和 _）")
    add.add_argument("--name", required=True, help="站点名称")
    add.add_argument("--level", required=True, choices=["street", "village"], help="级别：street 街道，village 村")
    add.add_argument("--parent", required=True, help="上级站点编码")
    add_server_db_argument(add)
    add.set_defaults(func=_add)
    listing = actions.add_parser("list", help="按层级列出站点", description="按层级列出站点及其设备数。")
    add_server_db_argument(listing)
    listing.set_defaults(func=_list)
    retire = actions.add_parser(
        "retire", help="撤销站点", description="撤销站点：须先迁移或吊销其设备、撤销其下级站点；历史数据照常统计。"
    )
    retire.add_argument("code", help="站点编码")
    add_server_db_argument(retire)
    retire.set_defaults(func=_retire)
    imported = actions.add_parser(
        "import", help="从 CSV/XLSX 导入站点",
        description="逐行校验文件（表头 编码,名称,级别,上级）；有任何问题则逐行列出、什么也不导入。",
    )  # fmt: skip
    imported.add_argument("file", type=Path, help="站点文件（.csv 或 .xlsx）")
    add_server_db_argument(imported)
    imported.set_defaults(func=_import)


def register_device_move(device_actions: argparse._SubParsersAction) -> None:
    move = device_actions.add_parser(
        "move", help="把设备迁到另一站点", description="把设备迁到另一站点：此后的数据计入新站点，已上传的历史不动。"
    )
    move.add_argument("device", help="设备 ID（或其唯一前缀，或客户端设备 ID）")
    move.add_argument("--site", required=True, help="站点编码")
    add_server_db_argument(move)
    move.set_defaults(func=_device_move)


def _add(args: argparse.Namespace) -> int:
    from hallclient.server.sites import SiteInput, add_sites

    with server_database(args) as db:
        add_sites(db, [SiteInput(args.code, args.name, args.level, args.parent)])
    print(f"已新增站点 {args.code.strip()}（{args.name.strip()}）")
    return 0


def _list(args: argparse.Namespace) -> int:
    from collections import Counter

    from sqlalchemy import select

    from hallclient.domain.sites import LEVELS, tree_order
    from hallclient.server.models import Device
    from hallclient.server.sites import all_sites

    with server_database(args) as db, db.session() as session:
        sites = all_sites(session)
        devices = Counter(session.scalars(select(Device.site_code).where(Device.revoked_at.is_(None))))
    for site, depth in tree_order(sites):
        state = "" if site.active else "（已撤销）"
        print(f"{'  ' * depth}{site.code}  {site.name}{state}  {LEVELS[site.level]}  设备 {devices[site.code]} 台")
    return 0


def _retire(args: argparse.Namespace) -> int:
    from hallclient.server.sites import retire_site

    with server_database(args) as db:
        site = retire_site(db, args.code)
    print(f"已撤销站点 {site.code}（{site.name}）")
    return 0


def _import(args: argparse.Namespace) -> int:
    from hallclient.server.sites import add_sites, read_site_file

    entries = read_site_file(args.file)
    with server_database(args) as db:
        count = add_sites(db, entries)
    print(f"已导入 {count} 个站点")
    return 0


def _device_move(args: argparse.Namespace) -> int:
    from hallclient.server.admin import move_device

    with server_database(args) as db:
        info = move_device(db, args.device, args.site)
    print(f"设备 {info.id}（窗口 {info.window}）已迁到站点 {info.site}；已上传的数据仍计入原站点")
    return 0
