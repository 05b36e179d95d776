"""``hallclient sms test --to PHONE [--gateway URI]``: one test message through the server's SMS gateway."""

from __future__ import annotations

import argparse
import time

from hallclient.errors import HallError


def register(subparsers: argparse._SubParsersAction) -> None:
    from hallclient.cli._server_sms import add_gateway_argument

    parser = subparsers.add_parser("sms", help="短信网关测试（服务器端）", description="在服务器上检查短信网关。")
    actions = parser.add_subparsers(dest="sms_action", metavar="ACTION", required=True)
    test = actions.add_parser(
        "test", help="发送一条测试短信", description="经短信网关发一条测试短信，报告是否提交成功及送达回执。"
    )
    test.add_argument("--to", required=True, metavar="PHONE", help="接收的手机号")
    test.add_argument("--signature", default="【政务服务中心】", help="短信签名（默认【政务服务中心】）")
    test.add_argument("--wait", type=float, default=5.0, help="等待送达回执的秒数（默认 5；0 为不等）")
    add_gateway_argument(test)
    test.set_defaults(func=_test)


def _test(args: argparse.Namespace) -> int:
    import uuid

    from hallclient.cli._server_sms import gateway_uri
    from hallclient.domain.masking import mask_phone
    from hallclient.server.sms.admin import valid_phone
    from hallclient.server.sms.uri import gateway_for, mask_uri

    phone = valid_phone(args.to)
    uri = gateway_uri(args)
    gateway = gateway_for(uri)
    text = f"{args.signature}短信网关测试（hallclient），收到即表示通道正常，请忽略。"
    try:
        submitted = gateway.send(phone, text, f"test-{uuid.uuid4()}")
        print(f"已提交到 {mask_uri(uri)}：{mask_phone(phone)}，{submitted.parts} 条，网关编号 {submitted.message_id}")
        deadline = time.monotonic() + max(0.0, args.wait)
        while time.monotonic() < deadline:
            for receipt in gateway.receipts():
                if receipt.message_id == submitted.message_id:
                    if not receipt.delivered:
                        raise HallError(f"短信未送达：{receipt.reason}")
                    print("送达回执：已送达")
                    return 0
            time.sleep(0.1)
        if args.wait > 0:
            print(f"{args.wait:g} 秒内未收到送达回执（网关可能不回执或稍后送达）")
    finally:
        gateway.close()
    return 0
