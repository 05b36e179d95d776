"""``hallclient printer test|status``: check a slip printer from the command line (IT installers)."""

from __future__ import annotations

import argparse
import sys

URI_HELP = (
    "printer URI: serial:/dev/ttyS0?baudrate=9600, tcp://HOST:9100, usb:VID:PID, cups:NAME, win32:NAME, "
    "file:PATH, preview:PATH.png (options: ?width=58&codec=gbk&qr=0&cut=0)"
)


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "printer", help="check a slip printer (test page, status)", description="Check a slip printer."
    )
    commands = parser.add_subparsers(dest="printer_command", metavar="ACTION", required=True)

    test = commands.add_parser(
        "test",
        help="print a test slip (Chinese text, sizes, rare-character raster, QR, cut)",
        description="Print a test slip: column ruler, Chinese and symbols, double size, a rare character "
        "through the raster path, a QR code and the cut.",
    )
    test.add_argument("--printer", required=True, metavar="URI", help=URI_HELP)
    test.add_argument("--width", type=int, choices=[58, 80], default=None, help="paper width in mm (default 80)")
    test.add_argument("--timeout", type=float, default=10.0, help="seconds before giving up (default 10)")
    test.set_defaults(func=_test)

    status = commands.add_parser(
        "status",
        help="ask the printer for its status (DLE EOT)",
        description="Ask the printer whether it is online, its cover is closed and it has paper.",
    )
    status.add_argument("--printer", required=True, metavar="URI", help=URI_HELP)
    status.add_argument("--timeout", type=float, default=5.0, help="seconds before giving up (default 5)")
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
        print(
            f"online={status.online} cover_open={status.cover_open} paper_out={status.paper_out} "
            f"paper_near_end={status.paper_near_end} error={status.error} "
            f"raw={' '.join(f'{b:02X}' for b in status.raw)}"
        )
    return 0 if status.ready else 1
