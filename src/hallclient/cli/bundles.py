"""``hallclient bundle list``: the catalog's 一件事 and their matters (what the intake screen offers)."""

from __future__ import annotations

import argparse

from hallclient.cli._common import add_db_argument, local_services


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("bundle", help="一件事一次办：列出", description="一件事一次办（目录中的一件事）。")
    actions = parser.add_subparsers(dest="bundle_command", metavar="ACTION", required=True)
    listing = actions.add_parser(
        "list",
        help="列出一件事及其事项",
        description="列出本机目录中有效的一件事、各自包含的事项（部门）和少交的重复材料份数；"
        "事项不在目录中或已停用的一件事不能办理，并注明。",
    )
    add_db_argument(listing)
    listing.set_defaults(func=_list)


def _list(args: argparse.Namespace) -> int:
    from hallclient.services.bundles import list_bundles

    with local_services(args, writes=False) as services, services.store.read() as session:
        listings = list_bundles(session)
    if not listings:
        print("目录中没有一件事")
    for item in listings:
        bundle = item.bundle
        state = "" if item.usable else "，不能办理：有事项不在目录中或已停用"
        print(f"{bundle.code}\t{bundle.name}（{len(bundle.matters)} 个事项，少交材料 {item.papers_saved} 份{state}）")
        for code, matter in item.matters:
            if matter is None:
                print(f"  {code}\t（不在目录中或已停用）")
            else:
                department = item.department_names.get(matter.department_code, matter.department_code)
                print(f"  {code}\t{matter.name}\t{department}")
    return 0
