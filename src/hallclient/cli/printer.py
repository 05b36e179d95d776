"""``hallclient printer test|status``: check a slip printer from the command line (IT installers)."""

from __future__ import annotations

import argparse
import sys

URI_HELP = (
    "打印机地址：serial:/dev/ttyS0?baudrate=9600、tcp://HOST:9100、usb:VID:PID、cups:NAME、win32:NAME、"
    "file:PATH、preview:PATH.png（可加参数：?width=58&codec=gbk&qr=0&cut=0）"
)


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "printer", help="检查凭证打印机（测试页、状态）", description="检查凭证打印机：打印测试页，查询状态。"
    )
    commands = parser.add_subparsers(dest="printer_command", metavar="ACTION", required=True)

    test = commands.add_parser(
        "test",
        help="打印测试页（中文、字号、生僻字点阵、二维码、切纸）",
        description="打印测试页：列标尺、中文与符号、倍宽倍高字、走点阵打印的生僻字、二维码和切纸。",
    )
    test.add_argument("--printer", required=True, metavar="URI", help=URI_HELP)
    test.add_argument("--width", type=int, choices=[58, 80], default=None, help="纸宽，毫米（默认 80）")
    test.add_argument("--timeout", type=float, default=10.0, help="超过这么多秒即放弃（默认 10）")
    test.set_defaults(func=_test)

    status = commands.add_parser(
        "status",
        help="查询打印机状态（DLE EOT）",
        description="询问打印机是否联机、上盖是否合好、是否有纸。",
    )
    status.add_argument("--printer", required=True, metavar="URI", help=URI_HELP)
    status.add_argument("--timeout", type=float, default=5.0, help="超过这么多秒即放弃（默认 5）")
    status.set_defaults(func=_status)


def _test(args: argparse.Namespace) -> int:
    from datetime import datetime

    from hallclient.devices.printer.layout import build_layout
    from hallclient.devices.printer.printing import layout_unprintable, print_layout, profile_for
    from hallclient.devices.printer.slips import TestSlipData
    from hallclient.fonts import uncovered_message

    profile = profile_for(args.printer, args.width)
    layout = build_layout(TestSlipData(printer_uri=args.printer, issued_at=datetime.now()), profile.paper)
    missing = layout_unprintable(layout, args.printer, profile)
    if missing:  # said before the slip prints; the bundled fonts are damaged or not the shipped ones
        print(f"警告：{uncovered_message(missing)}", file=sys.stderr)
    result = print_layout(layout, args.printer, profile=profile, timeout=args.timeout)
    if result.preview_path is not None:
        print(f"测试页预览已保存：{result.preview_path}")
    else:
        print(f"测试页已发送到 {args.printer}（{result.bytes_sent} 字节，{profile.paper.mm} mm）")
    if result.warning:
        print(result.warning)
    return 1 if missing else 0


def _status(args: argparse.Namespace) -> int:
    from hallclient.devices.printer.printing import printer_status

    status = printer_status(args.printer, timeout=args.timeout)
    print(f"{args.printer}: {status.describe()}")
    if status.checked:
        flags = (
            ("联机", status.online),
            ("上盖打开", status.cover_open),
            ("缺纸", status.paper_out),
            ("纸将尽", status.paper_near_end),
            ("故障", status.error),
        )
        details = "，".join(f"{label}：{'是' if value else '否'}" for label, value in flags)
        print(f"{details}；原始状态字节：{' '.join(f'{b:02X}' for b in status.raw)}")
    return 0 if status.ready else 1
