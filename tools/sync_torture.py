"""The sync torture for as long as you like: two server processes on a fresh PostgreSQL, client processes
syncing real stores through a proxy that loses answers, both kinds SIGKILLed and restarted at random.

    PYTHONPATH=src .venv/bin/python tools/sync_torture.py --minutes 10 --seed 7 [--clients 4]

At the end everything is made healthy, every store syncs to quiescence and its events are compared one by
one (id, seq, hash) with the server's. Prints what it did; exits 1 on any difference. The engine is
tests/sync/multiproc_helpers.py (the suite runs it for a few seconds in test_multiprocess_torture.py).
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests"), str(ROOT / "tests" / "sync")]

from multiproc_helpers import torture  # noqa: E402

from pgtest import create_database, running_postgres  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="同步折磨测试：两个服务器进程、丢失应答、随机杀进程，最后逐条比对事件")
    parser.add_argument("--minutes", type=float, default=5.0, help="折磨持续分钟数（默认 5）")
    parser.add_argument("--seed", type=int, default=1, help="随机种子（默认 1）")
    parser.add_argument("--clients", type=int, default=4, help="客户端进程数（默认 4）")
    parser.add_argument("--drop", type=float, default=0.2, help="代理丢弃应答的概率（默认 0.2）")
    parser.add_argument("--server-kill-rate", type=float, default=0.15, help="每个服务器进程每秒被杀概率（默认 0.15）")
    parser.add_argument("--client-kill-rate", type=float, default=0.5, help="每秒杀一个客户端进程的概率（默认 0.5）")
    args = parser.parse_args(argv)
    # Started in the background, a shell ignores SIGINT for it: both signals end the run with its clean-up
    # (client and server processes, the zygote, the PostgreSQL cluster).
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, lambda _signal, _frame: sys.exit(143))
    if args.minutes <= 0 or args.clients < 1 or not 0 <= args.drop < 1:
        parser.error("--minutes 须为正数，--clients 至少 1，--drop 在 [0, 1) 之间")
    with tempfile.TemporaryDirectory(prefix="hallclient-torture-") as work, running_postgres() as cluster:
        for name in ("CONFIG_DIR", "DATA_DIR", "LOG_DIR"):  # the children's logs and files stay in the scratch dir
            os.environ[f"HALLCLIENT_{name}"] = str(Path(work) / name.lower())
        os.environ["HALLCLIENT_CONFIG"] = str(Path(work) / "config.toml")
        url = create_database(cluster, "torture")
        report = torture(
            url,
            Path(work),
            clients=args.clients,
            seconds=args.minutes * 60,
            seed=args.seed,
            drop=args.drop,
            server_kill_rate=args.server_kill_rate,
            client_kill_rate=args.client_kill_rate,
            say=lambda line: print(line, flush=True),
        )
    print(f"seed {args.seed}: {report.line()}")
    for line in report.differences:
        print(f"差异：{line}")
    return 1 if report.differences else 0


if __name__ == "__main__":
    sys.exit(main())
