"""``hallclient enroll``: exchange a one-time code for this device's token, saved in the config file."""

from __future__ import annotations

import argparse
import socket
from pathlib import Path

from hallclient.cli._common import add_db_argument, resolve_db_path
from hallclient.errors import HallError


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "enroll",
        help="登记本机到中心服务器",
        description="用 IT 提供的一次性登记码换取设备令牌，写入配置文件（仅本人可读）。",
    )
    parser.add_argument("--server", required=True, metavar="URL", help="服务器地址，如 https://hall.example:8443")
    parser.add_argument("--code", required=True, help="一次性登记码（hallclient server device add 打印）")
    parser.add_argument("--ca-file", metavar="FILE", help="服务器自签证书的 CA 文件")
    add_db_argument(parser)
    parser.set_defaults(func=_enroll)


def _enroll(args: argparse.Namespace) -> int:
    from hallclient import config
    from hallclient.services.sites import keep_site
    from hallclient.store.bootstrap import device_id, open_store
    from hallclient.store.faults import explained
    from hallclient.sync.downloader import restart_from_scratch
    from hallclient.sync.transport import SyncClient, SyncError, make_http

    if not args.server.startswith(("http://", "https://")):
        raise HallError(f"服务器地址须以 https:// 或 http:// 开头：{args.server}")
    ca_file = str(Path(args.ca_file).resolve()) if args.ca_file else ""
    if ca_file and not Path(ca_file).is_file():
        raise HallError(f"CA 文件不存在：{args.ca_file}")
    db_path = resolve_db_path(args)
    with explained(db_path):
        store = open_store(db_path)
    try:
        client = SyncClient(make_http(args.server, ca_file))
        try:
            result = client.enroll(args.code, device_id(store), socket.gethostname())
        finally:
            client.close()
        settings = config.load()
        try:
            # The server's window is the one this device acts for: slips, case numbers and calls must say it.
            path = config.save(settings._replace(server_url=args.server.rstrip("/"), ca_file=ca_file,
                                                 device_token=result.token, window=result.window))  # fmt: skip
        except OSError as error:
            # Not confirmed to the server yet: the same code still works once the config file can be written.
            raise HallError(
                f"令牌无法写入配置文件（{error.strerror or error}）；修复后请用同一登记码再次登记"
            ) from None
        restart_from_scratch(store)  # users' offline credentials are bound to the token: fetch them again
        with store.write() as session:
            keep_site(session, result.site_code, result.site_name)
    finally:
        store.close()
    confirming = SyncClient(make_http(args.server, ca_file, token=result.token))
    try:
        confirming.ping()  # the token's first use: only now does the server spend the one-time code
        note = ""
    except SyncError as error:
        note = f"；尚未向服务器确认（{error}），首次同步时自动确认"
    finally:
        confirming.close()
    if settings.window != result.window:
        note += f"；本机窗口号由 {settings.window} 改为服务器登记的 {result.window}"
    site = f"，站点 {result.site_name}（{result.site_code}）" if result.site_code else ""
    print(f"已登记：窗口 {result.window}{site}，设备 {result.device_id}；令牌已写入 {path}{note}")
    return 0
