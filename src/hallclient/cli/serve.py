"""``hallclient serve``: run the central server (FastAPI + uvicorn) on PostgreSQL or SQLite."""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from hallclient.errors import HallError

if TYPE_CHECKING:
    from hallclient.config import Settings
    from hallclient.server.db import Database


def add_server_db_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        metavar="URL",
        help="服务器数据库：postgresql://user:pass@host/db 或 sqlite:///PATH（默认：数据目录中的 server.sqlite3）",
    )


def server_db_url(args: argparse.Namespace) -> str:
    from hallclient.server.db import default_url

    return str(args.db) if getattr(args, "db", None) else default_url()


@contextmanager
def server_database(args: argparse.Namespace) -> Iterator[Database]:
    """The central database named by ``--db`` (or its environment variable), upgraded, closed afterwards."""
    from hallclient.server import db as server_db

    url = server_db_url(args)
    server_db.upgrade(url)
    db = server_db.Database(url)
    try:
        yield db
    finally:
        db.dispose()


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "serve",
        help="运行中心服务器",
        description="运行中心服务器（/v1 接口，OpenAPI 见 /v1/docs）；启动时自动迁移数据库。",
    )
    add_server_db_argument(parser)
    parser.add_argument("--host", default="127.0.0.1", help="监听地址（默认 127.0.0.1；对外服务用 0.0.0.0）")
    parser.add_argument("--port", type=int, default=8443, help="端口（默认 8443）")
    parser.add_argument("--tls-cert", metavar="FILE", help="TLS 证书（PEM）；与 --tls-key 一起使用")
    parser.add_argument("--tls-key", metavar="FILE", help="TLS 私钥（PEM）")
    parser.add_argument("--workers", type=int, default=1, help="uvicorn 进程数（默认 1）")
    parser.add_argument(
        "--sms-gateway",
        metavar="URI",
        help="短信网关（smpp://…、http+json:PATH、file:PATH），给出则在后台发送短信通知（默认：环境变量 "
        "HALLCLIENT_SMS_GATEWAY；都没有则不发送）",
    )
    parser.add_argument(
        "--access-log",
        metavar="目标",
        help="访问日志（每个请求一行 JSON）：off 不记录，log 写入服务器日志，或日志文件路径"
        "（默认：配置项 server.access_log）",
    )
    parser.set_defaults(func=_serve)


def _serve(args: argparse.Namespace) -> int:
    if bool(args.tls_cert) != bool(args.tls_key):
        raise HallError("--tls-cert 与 --tls-key 须同时给出")
    for option in (args.tls_cert, args.tls_key):
        if option and not Path(option).is_file():
            raise HallError(f"文件不存在：{option}")
    if args.workers < 1:
        raise HallError(f"--workers 须为正整数：{args.workers}")
    if not 0 < args.port < 65536:
        raise HallError(f"端口无效：{args.port}")
    from hallclient import config

    settings = config.load()  # a bad config file is refused now, in one line
    access_log = settings.server_access_log if args.access_log is None else args.access_log
    access_log = "" if access_log.strip() == "off" else access_log
    owned_dir = _metrics_directory() if settings.server_metrics_token else None
    if owned_dir is not None:
        # uvicorn re-raises the SIGTERM it caught once it has shut down; the default action would end the
        # process before the ``finally`` below removes the directory.
        signal.signal(signal.SIGTERM, _exit_on_sigterm)
    try:
        _run(args, settings, access_log)
    finally:
        if owned_dir is not None:
            shutil.rmtree(owned_dir, ignore_errors=True)
    return 0


def _exit_on_sigterm(signum: int, _frame: object) -> None:
    raise SystemExit(128 + signum)


MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"  # prometheus_client's name (server/metrics.py imports the library)


def _metrics_directory() -> Path | None:
    """The directory of prometheus_client's multiprocess mode, named in the environment before the library is
    imported (it chooses its storage then) and inherited by every worker process, so a scrape of any worker
    sums the counters of all of them.

    Emptied at each start: counters left by an earlier run would be added to this one's. A directory the
    operator set (``PROMETHEUS_MULTIPROC_DIR``) is emptied and kept; otherwise a fresh temporary one is made
    and returned, to be removed at the end.
    """
    given = os.environ.get(MULTIPROC_ENV, "").strip()
    if given:
        folder = Path(given)
        try:
            folder.mkdir(parents=True, exist_ok=True)
            for stale in folder.glob("*.db"):
                stale.unlink()
        except OSError as error:
            raise HallError(f"监控数据目录无法使用：{folder}（{error.strerror or error}）") from None
        return None
    made = Path(tempfile.mkdtemp(prefix="hallclient-metrics-"))
    os.environ[MULTIPROC_ENV] = str(made)
    return made


def _run(args: argparse.Namespace, settings: Settings, access_log: str) -> None:
    import uvicorn

    from hallclient.paths import log_dir
    from hallclient.server import db as server_db
    from hallclient.server.access_log import access_logger
    from hallclient.server.app import ENV_ACCESS_LOG, ENV_DB_URL, ENV_SMS_GATEWAY, create_app
    from hallclient.server.certificates_lookup import lookup_settings

    certificates = lookup_settings(settings)  # a bad [certificates] section is refused now, in one line
    access_logger(access_log, log_dir())  # an unwritable access log file is refused now, in one line
    sms_gateway = args.sms_gateway or os.environ.get(ENV_SMS_GATEWAY, "")
    if sms_gateway:
        from hallclient.server.sms.uri import gateway_for

        gateway_for(sms_gateway).close()  # a malformed URI is refused now, in one line, not in the log later
    url = server_db_url(args)
    server_db.upgrade(url)
    # Keep-alive well above the clients' batch cadence, so a reused connection is not closed under them.
    # uvicorn's own access log stays off: ours (server/access_log.py) has the route template and the device.
    options = {
        "host": args.host,
        "port": args.port,
        "ssl_certfile": args.tls_cert,
        "ssl_keyfile": args.tls_key,
        "log_level": "info",
        "access_log": False,
        "timeout_graceful_shutdown": 10,
        "timeout_keep_alive": 75,
    }
    if args.workers > 1:
        os.environ[ENV_DB_URL] = url
        os.environ[ENV_SMS_GATEWAY] = sms_gateway
        os.environ[ENV_ACCESS_LOG] = access_log
        uvicorn.run("hallclient.server.app:create_app_from_env", factory=True, workers=args.workers, **options)
    else:
        app = create_app(url, migrate=False, sms_gateway=sms_gateway, certificates=certificates,
                         access_log=access_log, metrics_token=settings.server_metrics_token)  # fmt: skip
        uvicorn.run(app, **options)
