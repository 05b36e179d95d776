"""`hallclient idcard read|info|simulate`: one read, SAM status, or a virtual reader on a pseudo-terminal.

Exit codes of `read`: 0 a card was read, 3 no card before the timeout, 2 device or protocol error.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import time
from datetime import date
from typing import TYPE_CHECKING

from hallclient.errors import HallError

if TYPE_CHECKING:
    from hallclient.devices.idcard.card import CardData, SamInfo
    from hallclient.devices.idcard.simulator import Faults

_BAUDS = (115200, 57600, 38400, 19200, 9600)
_CARD_TYPE_NAMES = {
    "resident": "居民身份证",
    "foreign_permanent": "外国人永久居留身份证",
    "hmt_residence": "港澳台居民居住证",
    "unknown": "未知类型证件",
}
FAULT_HELP = (
    "要模拟的故障，可重复：stray[=HEX]（每次应答前的杂字节）、fragment（应答分段到达）、delay=秒（额外延迟）、"
    "checksum[=N]（接下来 N 次应答校验和错误）、status=HEX[@COMMAND][xN]（强制状态码，如 status=41@read）、"
    "remove-mid-read（读卡中途拿走证件）、truncate-read（读卡应答被截断）、silent（不应答）。"
    "COMMAND：reset status samid find select read readfp address"
)


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "idcard",
        help="二代身份证阅读器：读卡、SAM 状态、模拟读卡器",
        description="身份证阅读器（GA 467 SAM 串口协议）：读卡、查看 SAM 状态、启动模拟读卡器。",
    )
    commands = parser.add_subparsers(dest="idcard_command", metavar="ACTION", required=True)

    read = commands.add_parser(
        "read",
        help="等待一张证件并输出其信息",
        description="等待一张证件并输出其信息。退出码：0 读到证件，3 超时无卡，2 设备或协议错误。",
    )
    read.add_argument("--port", required=True, help="串口，如 /dev/ttyUSB0 或 COM3")
    read.add_argument("--baud", type=int, choices=_BAUDS, help="波特率（默认自动探测，先试 115200）")
    read.add_argument("--timeout", type=float, default=10.0, help="等待证件的秒数（默认 10）")
    read.add_argument("--json", action="store_true", help="以 JSON 输出证件信息")
    read.add_argument("--fingerprint", action="store_true", help="同时读取指纹特征数据")
    read.add_argument("--binary", action="store_true", help="与 --json 同用：加上原始文字信息、照片和指纹数据")
    read.set_defaults(func=_read)

    info = commands.add_parser("info", help="SAM 状态和编号", description="显示读卡器安全模块状态和编号。")
    info.add_argument("--port", required=True, help="串口，如 /dev/ttyUSB0 或 COM3")
    info.add_argument("--baud", type=int, choices=_BAUDS, help="波特率（默认自动探测）")
    info.add_argument("--json", action="store_true", help="以 JSON 输出")
    info.set_defaults(func=_info)

    simulate = commands.add_parser(
        "simulate",
        help="在伪终端上运行模拟读卡器，直到按 Ctrl-C",
        description="在伪终端上启动模拟读卡器，打印端口路径，按 Ctrl-C 停止。",
    )
    simulate.add_argument("--card", default="resident", help="证件 JSON 文件，或内置样例名（默认 resident）")
    simulate.add_argument("--fault", action="append", default=[], metavar="FAULT", help=FAULT_HELP)
    simulate.add_argument("--baud", type=int, choices=_BAUDS, default=115200, help="SAM 中保存的波特率")
    simulate.add_argument(
        "--latency",
        choices=["realistic", "instant"],
        default="realistic",
        help="各命令的设备耗时：realistic 接近真机（默认），instant 立即应答",
    )
    simulate.add_argument("--link", help="另在这个固定路径提供端口（符号链接）")
    simulate.add_argument("--sam-status", help="SAM 自检状态（十六进制，如 60；复位后清除）")
    simulate.set_defaults(func=_simulate)


def _read(args: argparse.Namespace) -> int:
    from hallclient.devices.idcard.driver import read_card

    if args.timeout <= 0:
        raise HallError("--timeout 必须大于 0")
    card = read_card(args.port, args.baud, args.timeout, with_fingerprint=args.fingerprint)
    if args.json:
        print(json.dumps(card.to_json_dict(include_binary=args.binary), ensure_ascii=False, indent=2))
    else:
        print(format_card(card, date.today()))
    return 0


def format_card(card: CardData, today: date) -> str:
    """A readable Chinese summary, with the warnings a clerk must see (expired, bad check digit, unknown region
    code, 60+)."""
    from hallclient.devices.idcard.textblock import FOREIGN_2017
    from hallclient.domain.idnumber import region_code_warning

    lines = [f"证件类型：{_CARD_TYPE_NAMES.get(card.card_type, card.card_type)}"]
    if card.card_type == "unknown":
        lines.append(f"无法识别的证件类型；原始文字信息：{card.raw_text.hex()}")
        return "\n".join(lines)
    rows = [
        ("姓名", card.name),
        ("英文姓名", card.english_name),
        ("性别", f"{card.sex}（{card.sex_code}）" if card.sex_code else ""),
        ("民族", card.nation),
        ("国籍", card.nationality),
        ("出生日期", card.birth_date),
        ("住址", card.address),
        ("最新住址", card.appended_address),
        ("证件号码", card.id_number),
        ("签发机关", card.issuer),
        ("有效期限", f"{card.valid_from} 至 {card.valid_until}"),
        ("通行证号码", card.pass_number),
        ("签发次数", card.issue_count),
    ]
    lines += [f"{label}：{value}" for label, value in rows if value]
    if not card.check_digit_ok:
        lines.append("警告：证件号码校验位错误")
    elif card.layout != FOREIGN_2017.key and (region_warning := region_code_warning(card.id_number)):
        lines.append(f"警告：{region_warning}")
    if card.is_expired(today):
        lines.append("警告：证件已过期")
    if card.green_channel_suggested(today):
        lines.append("提示：年满 60 周岁，可走绿色通道")
    return "\n".join(lines)


def _info(args: argparse.Namespace) -> int:
    from hallclient.devices.idcard.driver import sam_info

    info = sam_info(args.port, args.baud)
    if args.json:
        print(json.dumps(info.to_json_dict(), ensure_ascii=False, indent=2))
    else:
        print(format_sam_info(info))
    return 0 if info.status_ok else 2


def format_sam_info(info: SamInfo) -> str:
    lines = [f"SAM 状态：{info.message}", f"波特率：{info.baud}"]
    if info.sam_id:
        lines.append(f"SAM 编号：{info.sam_id}")
    return "\n".join(lines)


def parse_faults(specs: list[str]) -> Faults:
    """Turn ``--fault`` values into a :class:`Faults` plan; any malformed value is a one-line Chinese error."""
    from hallclient.devices.idcard.simulator import COMMAND_KEYS, Faults

    faults = Faults()
    for spec in specs:
        name, _, value = spec.partition("=")
        try:
            if name == "stray":
                faults.stray_bytes = bytes.fromhex(value) if value else b"\x00\xaa\xaa\x13\x96"
            elif name == "fragment" and not value:
                faults.fragment = True
            elif name == "delay":
                faults.extra_delay = float(value)
                if faults.extra_delay < 0:
                    raise _FaultError("延迟不能为负")
            elif name == "checksum":
                faults.bad_checksums = int(value) if value else 1_000_000_000
            elif name == "status":
                code, _, count = value.partition("x")
                code, _, command = code.partition("@")
                faults.forced_status = int(code, 16)
                if not 0 <= faults.forced_status <= 0xFF:
                    raise _FaultError("状态码须为一个字节（00–FF）")
                if command:
                    if command not in COMMAND_KEYS:
                        raise _FaultError(f"未知的命令 {command}，可选：{' '.join(COMMAND_KEYS)}")
                    faults.forced_command = COMMAND_KEYS[command]
                faults.forced_count = int(count) if count else None
            elif name == "remove-mid-read" and not value:
                faults.remove_mid_read = True
            elif name == "truncate-read" and not value:
                faults.truncate_read = True
            elif name == "silent" and not value:
                faults.silent = True
            else:
                raise _FaultError("未知的故障，格式见 hallclient idcard simulate --help")
        except _FaultError as error:
            raise HallError(f"无效的 --fault “{spec}”：{error}") from None
        except ValueError:  # int(), float() or bytes.fromhex() on a malformed value: their texts are English
            raise HallError(
                f"无效的 --fault “{spec}”：“=”后的值无法识别，格式见 hallclient idcard simulate --help"
            ) from None
    return faults


class _FaultError(ValueError):
    """A ``--fault`` value this module refuses, with its Chinese reason."""


def _simulate(args: argparse.Namespace) -> int:
    from hallclient.devices.idcard.simulator import Latencies, ReaderSimulator, load_card

    card = load_card(args.card)
    faults = parse_faults(args.fault)
    try:
        sam_status = int(args.sam_status, 16) if args.sam_status else 0x90
    except ValueError:
        raise HallError(f"无效的 --sam-status：{args.sam_status}") from None
    latencies = Latencies() if args.latency == "realistic" else Latencies.instant()
    simulator = ReaderSimulator(
        card, baud=args.baud, latencies=latencies, faults=faults, link=args.link, sam_status=sam_status
    )
    with simulator:
        print(simulator.port, flush=True)
        print(f"模拟读卡器已启动：{card.label}，{args.baud} 波特。按 Ctrl-C 停止。", file=sys.stderr, flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            while True:
                time.sleep(3600)
    return 0
