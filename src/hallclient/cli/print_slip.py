"""``hallclient print``: print (or reprint, marked 补打) a case's slip through the persistent queue."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from hallclient.cli._common import add_db_argument
from hallclient.errors import HallError

if TYPE_CHECKING:
    from hallclient.devices.printer.slips import SlipKind

# The parser is built for every command (``serve`` too), so the slip kinds are named here in prose and
# checked in _print against SlipKind; tests/services/test_slip_printing.py holds the two together.
SLIP_HELP = (
    "凭证种类：receipt 受理回执，notice 一次性告知书，refusal 不予受理通知书，deficiency 容缺受理通知书，"
    "completion 办结通知，transfer 材料流转单；旧名 rejection（即 refusal）、tolerance（即 deficiency）仍可使用"
)


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "print",
        help="打印办件凭证（回执、告知书、通知书）",
        description="按办件编号打印凭证。任务先写入本地打印队列再发送；已打印过的同类凭证标记为“补打”。"
        "打印失败时任务留在队列中等待重试，办件不受影响。",
    )
    add_db_argument(parser)
    parser.add_argument("--case", required=True, metavar="CASE_NO", help="办件编号")
    parser.add_argument("--slip", required=True, metavar="KIND", help=SLIP_HELP)
    parser.add_argument("--printer", required=True, metavar="URI", help="打印机 URI，如 tcp://10.0.0.5:9100")
    parser.add_argument("--width", type=int, choices=(58, 80), help="纸宽（毫米，默认取配置）")
    parser.set_defaults(func=_print)


def _slip_kind(name: str) -> SlipKind:
    """The case slip ``--slip`` names (SlipKind reads the former names too), or one line saying which exist."""
    from hallclient.devices.printer.slips import CASE_SLIP_KINDS, SlipKind

    try:
        kind: SlipKind | None = SlipKind(name)
    except ValueError:
        kind = None
    if kind is None or kind not in CASE_SLIP_KINDS:
        raise HallError(f"未知的凭证种类：{name}（可选：{'、'.join(k.value for k in CASE_SLIP_KINDS)}）")
    return kind


def _print(args: argparse.Namespace) -> int:
    from hallclient.cli._common import local_services
    from hallclient.devices.printer.layout import build_layout, title_of
    from hallclient.devices.printer.printing import layout_unprintable
    from hallclient.devices.printer.queue import PrintQueue
    from hallclient.fonts import uncovered_message
    from hallclient.services.cases import case_by_number
    from hallclient.services.slips import already_printed, build_slip, log_reprint

    kind = _slip_kind(args.slip)
    with local_services(args) as services:
        width = args.width or services.settings.paper_width
        queue = PrintQueue(services.store)
        with services.store.write() as session:
            case = case_by_number(session, args.case)
            if case is None:
                raise HallError(f"办件不存在：{args.case}")
            slip = build_slip(session, case, kind, services.settings)
            missing = layout_unprintable(build_layout(slip, width), args.printer)
            if missing:  # told before the slip is queued, never a silent box on paper
                print(f"警告：{uncovered_message(missing)}", file=sys.stderr)
            reprint = already_printed(session, case.id, kind)
            job_id = queue.enqueue(session, slip, args.printer, width=width, case_id=case.id, reprint=reprint)
            if reprint:
                log_reprint(session, services, "cli", case.id, kind.value, job_id)
        queue.run_pending(args.printer)
        job = queue.get(job_id)
        assert job is not None
        label = "补打" if reprint else "打印"
        if job.state == "done":
            print(f"已{label} {args.case} 的《{title_of(slip)}》：{args.printer}")
            return 0
        if job.state == "failed" or job.error:
            raise HallError(f"{job.error}（任务 {job_id} 已留在队列中，可重试）", exit_code=3)
        blocking = next((j for j in queue.jobs() if j.printer_uri == args.printer and j.error and j.id != job_id), None)
        if blocking is not None:
            raise HallError(f"打印机暂不可用：{blocking.error}（任务 {job_id} 已排队，恢复后按顺序打印）", exit_code=3)
        print(f"{args.case} 的凭证已排队，任务 {job_id}")
        return 0
