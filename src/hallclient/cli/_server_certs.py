"""``hallclient server certs ...``: the certificate library (证照库) — kinds, import, holder listing, figures,
and the provincial service simulator for tests and the demo."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from hallclient.cli.serve import add_server_db_argument, server_database
from hallclient.errors import HallError


def register_certs(groups: argparse._SubParsersAction) -> None:
    certs = groups.add_parser(
        "certs", help="证照库", description="电子证照库：证照类型、证照导入、按持证人查看、统计、省级证照服务模拟器。"
    )
    actions = certs.add_subparsers(dest="certs_action", metavar="ACTION", required=True)
    imported = actions.add_parser(
        "import", help="导入证照（.json/.xlsx）",
        description="整体校验证照文件（有任何问题则逐行列出、什么也不导入）；同一类型同一编号的证照再次导入时更新。",
    )  # fmt: skip
    imported.add_argument("file", type=Path, help="证照文件（.json 或 .xlsx，格式见 docs/certificates.md）")
    add_server_db_argument(imported)
    imported.set_defaults(func=_import)

    kinds = actions.add_parser("kinds", help="证照类型", description="导入与列出证照类型。")
    kind_actions = kinds.add_subparsers(dest="kinds_action", metavar="ACTION", required=True)
    kinds_import = kind_actions.add_parser(
        "import", help="导入证照类型（.json/.xlsx）", description="整体校验后导入证照类型；同一编码再次导入时更新。"
    )
    kinds_import.add_argument("file", type=Path, help="证照类型文件（.json 或 .xlsx）")
    add_server_db_argument(kinds_import)
    kinds_import.set_defaults(func=_kinds_import)
    kinds_list = kind_actions.add_parser("list", help="列出证照类型", description="列出证照类型及库中证照数。")
    add_server_db_argument(kinds_list)
    kinds_list.set_defaults(func=_kinds_list)

    listing = actions.add_parser(
        "list", help="列出某持证人的证照", description="列出某持证人在库中的全部证照（服务器管理工具，不打码）。"
    )
    listing.add_argument("--holder", required=True, help="持证人身份证号码或统一社会信用代码")
    add_server_db_argument(listing)
    listing.set_defaults(func=_list)

    report = actions.add_parser(
        "report", help="证照统计", description="证照入库种类数、入库量、查询次数、证照共享量（按部门和月份）。"
    )
    report.add_argument("--from", dest="start", required=True, help="起始日期 YYYY-MM-DD")
    report.add_argument("--to", dest="end", required=True, help="截止日期 YYYY-MM-DD")
    report.add_argument("--out", type=Path, help="导出为 .xlsx 文件（工作表“证照共享”）；不给则打印")
    add_server_db_argument(report)
    report.set_defaults(func=_report)

    simulate = actions.add_parser(
        "simulate", help="运行省级证照服务模拟器",
        description="在本机运行省级电子证照服务模拟器（测试与演示用），可模拟慢、失败与答错。",
    )  # fmt: skip
    simulate.add_argument("--port", type=int, required=True, help="端口")
    simulate.add_argument("--data", type=Path, required=True, help="证照数据文件（.json，与导入格式相同）")
    simulate.add_argument("--delay-ms", type=int, default=0, help="每次答复前等待的毫秒数（默认 0）")
    simulate.add_argument("--fail-rate", type=float, default=0.0, help="答复 HTTP 503 的比例 0–1（默认 0）")
    simulate.add_argument("--wrong-holder", action="store_true", help="答复时写错持证人（用于测试拒收）")
    simulate.add_argument("--key", default="", help="要求的访问密钥（Bearer）；空为不检查")
    simulate.set_defaults(func=_simulate)


def _import(args: argparse.Namespace) -> int:
    from hallclient.server.certificates import import_certificates, kind_codes
    from hallclient.server.certificates_file import read_certificates
    from hallclient.server.clock import utcnow

    with server_database(args) as db:
        certificates = read_certificates(args.file, kind_codes(db))  # all or nothing: every problem listed
        count = import_certificates(db, certificates, utcnow())
    print(f"已导入证照 {len(certificates)} 条：新增 {count.added} 条，更新 {count.updated} 条")
    return 0


def _kinds_import(args: argparse.Namespace) -> int:
    from hallclient.server.certificates import import_kinds
    from hallclient.server.certificates_file import read_kinds

    kinds = read_kinds(args.file)
    with server_database(args) as db:
        count = import_kinds(db, kinds)
    print(f"已导入证照类型 {len(kinds)} 种：新增 {count.added} 种，更新 {count.updated} 种")
    return 0


def _kinds_list(args: argparse.Namespace) -> int:
    from hallclient.server.certificates import list_kinds

    with server_database(args) as db:
        kinds = list_kinds(db)
    if not kinds:
        print("（没有证照类型）")
    for kind in kinds:
        state = "" if kind.active else "（停用）"
        print(f"{kind.code:<12} {kind.name}{state}  发证部门 {kind.department_code or '-'}")
    return 0


def _list(args: argparse.Namespace) -> int:
    from hallclient.server.certificates import holder_certificates
    from hallclient.server.certificates_file import holder_number

    holder = holder_number(args.holder)
    with server_database(args) as db, db.session() as session:
        rows = holder_certificates(session, holder)
    if not rows:
        print(f"（库中没有持证人 {holder} 的证照）")
    for row in rows:
        until = row.valid_to.isoformat() if row.valid_to else "长期"
        print(f"{row.kind:<10} {row.number}  {row.holder_name}  {row.issuer}  {row.valid_from.isoformat()} 至 {until}"
              f"  来源 {'省级' if row.source == 'provincial' else '本厅'}")  # fmt: skip
    return 0


def _day(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise HallError(f"{option} 应为 YYYY-MM-DD：{text}") from None


def _report(args: argparse.Namespace) -> int:
    from hallclient.domain.certificate_figures import certificate_header, certificate_rows
    from hallclient.domain.tally import Period
    from hallclient.server.certificates_figures import certificate_figures

    period = Period(_day(args.start, "--from"), _day(args.end, "--to"))
    if args.out is not None and args.out.suffix.lower() != ".xlsx":
        raise HallError(f"--out 应为 .xlsx 文件：{args.out}")
    with server_database(args) as db, db.session() as session:
        figures = certificate_figures(session, period)
    if args.out is not None:
        from hallclient.reports.export_xlsx import write_certificate_xlsx

        print(f"已导出证照统计：{write_certificate_xlsx(figures, args.out)}")
        return 0
    print("\t".join(certificate_header()))
    for row in certificate_rows(figures):
        print("\t".join(str(value) for value in row))
    return 0


def _simulate(args: argparse.Namespace) -> int:
    if not 0 < args.port < 65536:
        raise HallError(f"端口无效：{args.port}")
    if args.delay_ms < 0 or not 0.0 <= args.fail_rate <= 1.0:
        raise HallError("--delay-ms 不能为负，--fail-rate 应在 0 与 1 之间")
    import uvicorn

    from hallclient.server.certificate_simulator import SIMULATOR_PATH, Behaviour, load_simulator

    app = load_simulator(args.data, Behaviour(args.delay_ms, args.fail_rate, args.wrong_holder), args.key)
    print(f"省级证照服务模拟器：http://127.0.0.1:{args.port}{SIMULATOR_PATH}（Ctrl+C 停止）")
    uvicorn.run(app, host="127.0.0.1", port=args.port, log_level="warning")
    return 0
