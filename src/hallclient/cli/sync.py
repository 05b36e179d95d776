"""``hallclient sync``: upload pending events and follow the server's feed, once or continuously."""

from __future__ import annotations

import argparse
import sys

from hallclient.cli._common import add_db_argument, resolve_db_path


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "sync", help="与中心服务器同步", description="上传未同步的事件并下载事项目录、日历、用户与办件更新。"
    )
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--once", action="store_true", help="同步一轮后退出（默认）")
    mode.add_argument("--watch", action="store_true", help="持续同步（失败时指数退避重试），Ctrl+C 退出")
    parser.add_argument("--interval", type=float, default=30.0, help="--watch 时两轮之间的秒数（默认 30）")
    add_db_argument(parser)
    parser.set_defaults(func=_sync)


def _progress(summary: object) -> None:
    sent = getattr(summary, "sent", 0)
    batches = getattr(summary, "batches", 0)
    print(f"\r已上传 {sent} 条（{batches} 批）…", end="", file=sys.stderr, flush=True)


def _sync(args: argparse.Namespace) -> int:
    from hallclient.cli._common import local_services
    from hallclient.sync.engine import Syncer
    from hallclient.sync.lock import UploaderLock

    db_path = resolve_db_path(args)
    with local_services(args) as services:
        syncer = Syncer.from_settings(services.store, services.settings)
        try:
            if args.watch:
                return _watch(syncer, db_path, args.interval)
            with UploaderLock(db_path):
                summary = syncer.run_once(progress=_progress)
            if summary.upload.batches:
                print(file=sys.stderr)
            print(summary.line())
            return 0
        finally:
            syncer.close()


def _watch(syncer: object, db_path: object, interval: float) -> int:
    import threading
    from pathlib import Path

    from hallclient.sync.engine import Syncer
    from hallclient.sync.status import SyncStatus
    from hallclient.sync.worker import SyncWorker

    assert isinstance(syncer, Syncer)
    worker = SyncWorker(syncer, Path(str(db_path)), interval=interval)

    def show(status: SyncStatus) -> None:
        if status.running:
            return
        when = status.last_success.isoformat(timespec="seconds") if status.last_success else "-"
        error = f"；错误：{status.last_error}" if status.last_error else ""
        print(f"未同步 {status.unsynced}，隔离 {status.quarantined}，最近成功 {when}{error}", flush=True)

    worker.board.subscribe(show)
    worker.start()
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        worker.stop()
    return 0
