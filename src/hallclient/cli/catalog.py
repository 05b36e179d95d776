"""``hallclient catalog check|convert|import|export|idcard-only``: validate, convert, load and publish catalog files."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from hallclient.domain.catalog import Catalog
from hallclient.errors import HallError


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "catalog",
        help="事项目录文件：检查、转换（JSON/XLSX）、导入、导出，一证通办清单",
        description="事项目录文件：检查文件，在 JSON 与 XLSX 之间转换，导入本地数据库或从中导出。",
    )
    actions = parser.add_subparsers(dest="catalog_command", metavar="ACTION", required=True)

    check = actions.add_parser(
        "check",
        help="检查事项目录文件并列出每个问题",
        description="检查事项目录文件。无误时输出概要；否则在标准错误上每行一个问题，退出码 2。",
    )
    check.add_argument("file", type=Path, help="事项目录文件（.json 或 .xlsx）")
    check.set_defaults(func=_check)

    convert = actions.add_parser(
        "convert",
        help="在 JSON 与 XLSX 之间转换事项目录",
        description="读取 IN（完整校验），写出 OUT；格式按各自的后缀（.json 或 .xlsx）。OUT 要么完整写出，要么不写。"
        "OUT 在另一个文件夹时，示范文本文件按相同的相对路径一并复制过去（不覆盖内容不同的文件）。",
    )
    convert.add_argument("source", type=Path, metavar="IN", help="要读取的事项目录文件")
    convert.add_argument("target", type=Path, metavar="OUT", help="要写出的事项目录文件")
    convert.add_argument("--force", action="store_true", help="OUT 已存在时覆盖")
    convert.set_defaults(func=_convert)

    from hallclient.cli._common import add_db_argument

    load = actions.add_parser(
        "import",
        help="把事项目录文件导入本地数据库",
        description="完整校验 FILE，在一个事务中导入本地数据库。文件中不再列出的事项停用而不删除（已有办件引用它们）。",
    )
    load.add_argument("file", type=Path, help="事项目录文件（.json 或 .xlsx）")
    add_db_argument(load)
    load.set_defaults(func=_import)

    export = actions.add_parser(
        "export",
        help="把本地数据库的事项目录导出到文件",
        description="把本地数据库中在用的事项目录写到 OUT（.json 或 .xlsx）。",
    )
    export.add_argument("target", type=Path, metavar="OUT", help="要写出的事项目录文件")
    export.add_argument("--force", action="store_true", help="OUT 已存在时覆盖")
    add_db_argument(export)
    export.set_defaults(func=_export)

    id_card = actions.add_parser(
        "idcard-only",
        help="导出一证通办事项清单（.xlsx 或 .csv）",
        description="导出只凭居民身份证即可办理的事项清单（事项编码、名称、实施部门、办理地点、承诺时限），"
        "取自本地数据库在用的目录，或用 --file 取自目录文件。",
    )
    id_card.add_argument("--out", type=Path, required=True, metavar="FILE", help="要写出的清单（.xlsx 或 .csv）")
    id_card.add_argument("--file", type=Path, metavar="CATALOG", help="从事项目录文件读取（不用本地数据库）")
    id_card.add_argument("--force", action="store_true", help="FILE 已存在时覆盖")
    add_db_argument(id_card)
    id_card.set_defaults(func=_id_card_only)


def _summary(catalog: Catalog) -> str:
    materials = sum(len(matter.materials) for matter in catalog.matters)
    return f"{len(catalog.matters)} 项事项，{len(catalog.departments)} 个部门，{materials} 项材料"


def _load_or_report(path: Path) -> Catalog | None:
    """The catalog, or None after printing every problem on stderr."""
    from hallclient.catalog import CatalogError, load_catalog

    try:
        return load_catalog(path)
    except CatalogError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        print(f"hallclient: 事项目录 {path}：{len(error.problems)} 个问题", file=sys.stderr)
        return None


def _check(args: argparse.Namespace) -> int:
    catalog = _load_or_report(args.file)
    if catalog is None:
        return 2
    print(f"目录无误：{_summary(catalog)}")
    return 0


def _convert(args: argparse.Namespace) -> int:
    from hallclient.catalog import write_catalog
    from hallclient.catalog.forms import copy_sample_forms

    source, target = args.source, args.target
    if target.exists() and not args.force:
        raise HallError(f"{target} 已存在；如需覆盖请加 --force")
    if target.exists() and source.resolve() == target.resolve():
        raise HallError("输入和输出是同一个文件")
    catalog = _load_or_report(source)
    if catalog is None:
        return 2
    copied = copy_sample_forms(catalog, source.parent, target.parent)  # the forms' paths are relative to the file
    write_catalog(catalog, target)
    print(f"已写入 {target}：{_summary(catalog)}" + (f"；复制示范文本 {copied} 个" if copied else ""))
    return 0


def _import(args: argparse.Namespace) -> int:
    from hallclient.cli._common import local_services
    from hallclient.services.catalog import import_catalog

    catalog = _load_or_report(args.file)
    if catalog is None:
        return 2
    with local_services(args) as services:
        import_catalog(services.store, catalog)
    print(f"已导入 {args.file}：{_summary(catalog)}")
    return 0


def _export(args: argparse.Namespace) -> int:
    from hallclient.catalog import write_catalog
    from hallclient.cli._common import local_services
    from hallclient.services.catalog import load_catalog

    if args.target.exists() and not args.force:
        raise HallError(f"{args.target} 已存在；如需覆盖请加 --force")
    with local_services(args, writes=False) as services:
        catalog = load_catalog(services.store)
    untyped = [matter.code for matter in catalog.matters if matter.matter_type is None]
    if untyped:  # imported before 事项类型 existed: a file without it would not load back
        shown = "、".join(untyped[:5]) + ("…" if len(untyped) > 5 else "")
        raise HallError(
            f"{len(untyped)} 个事项没有事项类型（本库在事项类型引入前导入）：{shown}；"
            "请在原目录文件中补填“事项类型”后用 catalog import 重新导入"
        )
    write_catalog(catalog, args.target)
    print(f"已写入 {args.target}：{_summary(catalog)}")
    _warn_missing_forms(catalog, args.target)
    return 0


def _warn_missing_forms(catalog: Catalog, target: Path) -> None:
    """The store keeps sample forms by name and hash only: say which files must be put beside the written file."""
    from hallclient.catalog.forms import missing_sample_forms

    missing = missing_sample_forms(catalog, target.parent)
    if missing:
        shown = "、".join(missing[:3]) + ("…" if len(missing) > 3 else "")
        print(
            f"注意：{len(missing)} 个示范文本文件不在 {target.parent} 中（{shown}）；"
            "请按相同的相对路径复制过去，否则该文件无法再导入",
            file=sys.stderr,
        )


def _id_card_only(args: argparse.Namespace) -> int:
    from hallclient.reports.id_card_only import SUFFIXES, id_card_only_matters, write_id_card_only

    out: Path = args.out
    if out.suffix.lower() not in SUFFIXES:
        raise HallError(f"{out}：输出文件应为 .xlsx 或 .csv")
    if out.exists() and not args.force:
        raise HallError(f"{out} 已存在；如需覆盖请加 --force")
    if args.file is not None and args.db:
        raise HallError("--file 与 --db 只能用其一")
    if args.file is not None:
        catalog = _load_or_report(args.file)
        if catalog is None:
            return 2
    else:
        from hallclient.cli._common import local_services
        from hallclient.services.catalog import load_catalog

        with local_services(args, writes=False) as services:
            catalog = load_catalog(services.store)
    matters = id_card_only_matters(catalog)
    write_id_card_only(catalog, out)
    print(f"已写入 {out}：{len(matters)} 项一证通办事项")
    unplaced = [matter.code for matter in matters if not matter.guide.address]
    if unplaced:
        shown = "、".join(unplaced[:5]) + ("…" if len(unplaced) > 5 else "")
        print(f"注意：{len(unplaced)} 个事项的目录中没有办理地点（办事指南），清单中该栏为空：{shown}", file=sys.stderr)
    return 0
