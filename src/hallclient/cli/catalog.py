"""``hallclient catalog check|convert``: let IT staff validate and convert catalog files before import."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from hallclient.domain.catalog import Catalog
from hallclient.errors import HallError


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "catalog",
        help="check or convert a service-matter catalog file (JSON or XLSX)",
        description="Service-matter catalog (事项目录) files: check one, or convert JSON ↔ XLSX.",
    )
    actions = parser.add_subparsers(dest="catalog_command", metavar="ACTION", required=True)

    check = actions.add_parser(
        "check",
        help="validate a catalog file and list every problem",
        description="Validate a catalog file. Prints a summary on success; otherwise every problem, one per "
        "line on stderr, and exits with status 2.",
    )
    check.add_argument("file", type=Path, help="catalog file (.json or .xlsx)")
    check.set_defaults(func=_check)

    convert = actions.add_parser(
        "convert",
        help="convert a catalog between JSON and XLSX",
        description="Read IN (validated in full), write OUT; the format of each follows its suffix "
        "(.json or .xlsx). OUT is written completely or not at all.",
    )
    convert.add_argument("source", type=Path, metavar="IN", help="catalog file to read")
    convert.add_argument("target", type=Path, metavar="OUT", help="catalog file to write")
    convert.add_argument("--force", action="store_true", help="overwrite OUT if it exists")
    convert.set_defaults(func=_convert)

    from hallclient.cli._common import add_db_argument

    load = actions.add_parser(
        "import",
        help="import a catalog file into the local database",
        description="Validate FILE in full and import it into the local database in one transaction. Matters "
        "no longer listed are deactivated, never deleted (existing cases refer to them).",
    )
    load.add_argument("file", type=Path, help="catalog file (.json or .xlsx)")
    add_db_argument(load)
    load.set_defaults(func=_import)

    export = actions.add_parser(
        "export",
        help="export the local database's catalog to a file",
        description="Write the active catalog of the local database to OUT (.json or .xlsx).",
    )
    export.add_argument("target", type=Path, metavar="OUT", help="catalog file to write")
    export.add_argument("--force", action="store_true", help="overwrite OUT if it exists")
    add_db_argument(export)
    export.set_defaults(func=_export)


def _summary(catalog: Catalog) -> str:
    materials = sum(len(matter.materials) for matter in catalog.matters)
    return f"{len(catalog.matters)} matters, {len(catalog.departments)} departments, {materials} materials"


def _load_or_report(path: Path) -> Catalog | None:
    """The catalog, or None after printing every problem on stderr."""
    from hallclient.catalog import CatalogError, load_catalog

    try:
        return load_catalog(path)
    except CatalogError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        count = len(error.problems)
        print(f"hallclient: catalog {path}: {count} problem{'s' if count != 1 else ''}", file=sys.stderr)
        return None


def _check(args: argparse.Namespace) -> int:
    catalog = _load_or_report(args.file)
    if catalog is None:
        return 2
    print(f"ok: {_summary(catalog)}")
    return 0


def _convert(args: argparse.Namespace) -> int:
    from hallclient.catalog import write_catalog

    source, target = args.source, args.target
    if target.exists() and not args.force:
        raise HallError(f"{target} 已存在；如需覆盖请加 --force")
    if target.exists() and source.resolve() == target.resolve():
        raise HallError("输入和输出是同一个文件")
    catalog = _load_or_report(source)
    if catalog is None:
        return 2
    write_catalog(catalog, target)
    print(f"wrote {target}: {_summary(catalog)}")
    return 0


def _import(args: argparse.Namespace) -> int:
    from hallclient.cli._common import local_services
    from hallclient.services.catalog import import_catalog

    catalog = _load_or_report(args.file)
    if catalog is None:
        return 2
    with local_services(args) as services:
        import_catalog(services.store, catalog)
    print(f"imported {args.file}: {_summary(catalog)}")
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
    print(f"wrote {args.target}: {_summary(catalog)}")
    return 0
