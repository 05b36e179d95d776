"""``hallclient queue ticket|call|status``: the hall queue from this enrolled device (like ``hallclient sync``)."""

from __future__ import annotations

import argparse

from hallclient.errors import HallError

NOBODY_WAITING = 3  # ``queue call`` exit code when no ticket waits for this window


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "queue", help="取号与叫号", description="在中心服务器的排队系统中取号、叫号、查看状态（本机须已登记）。"
    )
    actions = parser.add_subparsers(dest="queue_action", metavar="ACTION", required=True)
    ticket = actions.add_parser("ticket", help="取号（打印号码）", description="为业务类别取一张号，打印号码。")
    ticket.add_argument("--category", required=True, help="业务类别代码，如 A")
    ticket.add_argument("--id-number", default=None, help="申请人身份证号（60 周岁以上自动进入绿色通道）")
    ticket.add_argument("--name", default="", help="申请人姓名")
    ticket.add_argument("--disabled", action="store_true", help="残疾人（绿色通道）")
    ticket.add_argument("--pregnant", action="store_true", help="孕妇（绿色通道）")
    ticket.add_argument(
        "--printer", default=None, metavar="URI", help="取号后在此打印机打印号票，如 tcp://10.0.0.5:9100"
    )
    ticket.add_argument("--width", type=int, choices=(58, 80), help="号票纸宽（毫米，默认取配置）")
    ticket.set_defaults(func=_ticket)
    call = actions.add_parser(
        "call", help="叫下一位", description=f"为本窗口叫下一位，打印所叫号码；无人等候时退出码为 {NOBODY_WAITING}。"
    )
    call.add_argument("--window", default=None, help="窗口号（须是本机登记的窗口；设备只能为自己的窗口叫号）")
    call.set_defaults(func=_call)
    finish = actions.add_parser(
        "finish", help="办结当前号", description="办结本窗口当前的号，先关联本次办理的办件（可多件）。"
    )
    finish.add_argument("--case-no", action="append", default=[], help="本次办理的办件编号；一次来访办了几件就写几次")
    finish.set_defaults(func=_finish)
    status = actions.add_parser("status", help="排队状态", description="本窗口当前号码与大厅各类别等候人数。")
    status.set_defaults(func=_status)


def _client():  # type: ignore[no-untyped-def]
    from hallclient import config
    from hallclient.sync.queue_client import QueueClient
    from hallclient.sync.transport import make_http

    settings = config.load()
    if not settings.device_token:
        raise HallError("本机尚未登记到中心服务器：请先运行 hallclient enroll")
    return QueueClient(make_http(settings.server_url, settings.ca_file, settings.device_token))


def _ticket(args: argparse.Namespace) -> int:
    from pydantic import ValidationError

    from hallclient.protocol.queue import TicketRequest

    try:
        request = TicketRequest(category=args.category.strip(), id_number=args.id_number, name=args.name,
                                disabled=args.disabled, pregnant=args.pregnant)  # fmt: skip
    except ValidationError as error:
        field = ".".join(str(part) for part in error.errors()[0]["loc"])
        raise HallError(f"参数无效：{field}（业务类别为 1–2 个字母，身份证号 15 或 18 位）") from None
    client = _client()
    try:
        ticket = client.issue(request)
    finally:
        client.close()
    green = f"，绿色通道（{ticket.green_reason}）" if ticket.green else ""
    print(ticket.number)
    print(f"{ticket.category_name}，前面还有 {ticket.waiting_before} 人{green}")
    if args.printer:
        from hallclient import config
        from hallclient.services.queue_slip import print_ticket

        print_ticket(ticket, config.load(), args.printer, args.width)
    return 0


def _call(args: argparse.Namespace) -> int:
    client = _client()
    try:
        if args.window is not None:
            enrolled = client.ping().window
            if args.window.strip() != enrolled:
                raise HallError(f"本机登记为 {enrolled} 号窗口，不能为 {args.window} 号窗口叫号")
        result = client.call_next()
    finally:
        client.close()
    if result.ticket is None:
        print("没有等候的号")
        return NOBODY_WAITING
    ticket = result.ticket
    who = f" {ticket.applicant_name}" if ticket.applicant_name else ""
    print(ticket.number)
    print(f"请 {ticket.number} 号到 {ticket.window} 号窗口办理（{ticket.category_name}{who}）")
    print(f"还有 {result.waiting} 人等候")
    return 0


def _status(_args: argparse.Namespace) -> int:
    client = _client()
    try:
        status = client.status()
    finally:
        client.close()
    current = status.current.number if status.current else "无"
    paused = f"，暂停服务（{status.pause_reason}）" if status.paused else ""
    print(f"{status.window} 号窗口：当前 {current}{paused}")
    if status.hall is None:
        print("本窗口未绑定业务类别")
        return 0
    for category in status.hall.categories:
        state = "" if category.open else "（暂停取号）"
        print(f"{category.category} {category.name}：等候 {category.waiting} 人{state}")
    return 0


def _finish(args: argparse.Namespace) -> int:
    from hallclient.domain.queue import valid_case_no

    case_nos = [valid_case_no(case_no) for case_no in args.case_no]  # all checked before anything is sent
    client = _client()
    try:
        current = client.status().current
        if current is None:
            raise HallError("本窗口当前没有正在叫号或办理的号")
        for case_no in case_nos:
            client.link(current.id, case_no)  # a second run links nothing twice
        ticket = client.finish(current.id)
    finally:
        client.close()
    linked = f"，关联办件 {'、'.join(ticket.cases)}" if ticket.cases else ""
    print(f"{ticket.number} 号已办结{linked}")
    return 0
