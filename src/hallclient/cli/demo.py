"""``hallclient demo seed``: a deterministic, realistic demo store."""

from __future__ import annotations

import argparse
from pathlib import Path

from hallclient.cli._common import add_db_argument
from hallclient.errors import HallError


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("demo", help="演示数据", description="生成演示数据。")
    actions = parser.add_subparsers(dest="demo_command", metavar="ACTION", required=True)
    seed = actions.add_parser(
        "seed",
        help="生成确定性的演示库（用户、事项、各类办件、评价、首问登记）",
        description="通过与程序相同的业务代码生成演示库；相同 --seed 得到相同内容。",
    )
    add_db_argument(seed, "演示数据库文件（必填，须不存在或为空库）")
    seed.add_argument("--days", type=int, default=20, help="工作日天数（默认 20）")
    seed.add_argument("--cases-per-day", type=int, default=30, help="每天办件数（默认 30）")
    seed.add_argument("--seed", type=int, default=1, help="随机种子（默认 1）")
    seed.set_defaults(func=_seed)


def _seed(args: argparse.Namespace) -> int:
    from hallclient.config import Settings
    from hallclient.demo import seed
    from hallclient.services.context import Services
    from hallclient.store.bootstrap import device_id, open_store
    from hallclient.store.models import Case

    if not getattr(args, "db", None):
        raise HallError("demo seed 需要 --db PATH（演示数据库文件，须不存在或为空库）")
    if args.days < 1 or args.cases_per_day < 1:
        raise HallError("--days 和 --cases-per-day 须为正整数")
    store = open_store(Path(args.db))
    with store.read() as session:
        if session.query(Case).first() is not None:
            raise HallError(f"数据库已有办件，不能再生成演示数据：{args.db}")
    services = Services(store=store, settings=Settings(), device_id=device_id(store))
    total = seed(services, days=args.days, cases_per_day=args.cases_per_day, seed=args.seed)
    print(f"已生成 {total} 件演示办件（{args.days} 个工作日）：{args.db}")
    print("演示账号：wangfang / demo1234（窗口人员），zhaomin / demo1234（值班长）")
    return 0
