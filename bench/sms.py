"""Benchmark: 10,000 queued notices through the SMS sender and SMPP to the test SMSC on this machine.

Each run stores ``--notices`` ``notice.queued`` events on a fresh server database (SQLite by default, or
``--postgres``), starts the test SMSC (tests/sms/smsc.py, a separate process) and runs the sender until every
message is sent: intake into ``sms_messages``, rendering with the demo templates, one commit per message (the
exactly-once rule: ``sending`` before the submit, ``sent`` with the next) and one SMPP session. It reports
messages per second over the whole send and the p99 of one message's submit (all its parts, each waiting for its
submit_sm_resp); the median of ``--runs`` runs is the figure.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(1, str(Path(__file__).resolve().parents[1] / "tests"))  # pgtest: the tests' PostgreSQL helper

from _stats import percentile
from hallclient.domain.events import canonical_json, new_id
from hallclient.server import clock
from hallclient.server.db import Database, insert_rows, upgrade
from hallclient.server.models import StoredEvent
from hallclient.server.sms.admin import import_templates
from hallclient.server.sms.sender import SenderConfig, run_once
from hallclient.server.sms.uri import gateway_for

ROOT = Path(__file__).resolve().parents[1]
SMSC = ROOT / "tests" / "sms" / "smsc.py"
TEMPLATES = ROOT / "resources" / "sms-templates.toml"
KINDS = ("accepted", "ready", "rating_invite", "missing")


def store_notices(db: Database, count: int) -> None:
    """``count`` notice events of one device, as sync would have stored them (the chain is not the subject)."""
    rows = []
    for seq in range(1, count + 1):
        kind = KINDS[seq % len(KINDS)]
        case_no = f"33010620260302W05{seq:05d}"
        params = {"case_no": case_no, "matter": "国有建设用地使用权及房屋所有权转移登记", "name": "张三",
                  "hall_phone": "0571-87000000"}  # fmt: skip
        params |= {"accepted": {"promised_date": "2026-03-09"}, "ready": {"decision": "准予"},
                   "missing": {"materials": "不动产权属证书、完税凭证"}}.get(kind, {})  # fmt: skip
        payload = {"notice_id": new_id(), "kind": kind, "case_id": new_id(), "case_no": case_no,
                   "phone": f"138{seq:08d}", "params": params, "not_before": None}  # fmt: skip
        rows.append({"id": new_id(), "device_id": "bench-device", "seq": seq, "case_id": payload["case_id"],
                     "type": "notice.queued", "payload": canonical_json(payload), "actor": "bench",
                     "device_time": "2026-03-02T11:00:00.000+08:00", "prev_hash": "0" * 64, "hash": "0" * 64,
                     "received_at": datetime(2026, 3, 2, 3, 0), "clock_offset_s": 0, "clock_flag": False})  # fmt: skip
    with db.engine.begin() as connection:
        for start in range(0, len(rows), 1000):
            insert_rows(connection, StoredEvent.__table__, rows[start : start + 1000])  # type: ignore[arg-type]


def one_run(url: str, notices: int, folder: Path) -> tuple[float, float, int]:
    upgrade(url)
    db = Database(url)
    store_notices(db, notices)
    import_templates(db, TEMPLATES)
    log = folder / f"smsc-{time.monotonic_ns()}.log"
    smsc = subprocess.Popen([sys.executable, str(SMSC), "--log", str(log), "--password", "b"], stdout=subprocess.PIPE,
                            text=True)  # fmt: skip
    try:
        assert smsc.stdout is not None
        with smsc.stdout:
            port = int(smsc.stdout.readline())
        gateway = gateway_for(f"smpp://bench:b@127.0.0.1:{port}?source_addr=10690001")
        latencies: list[float] = []
        sent = 0
        began = time.perf_counter()
        while sent < notices:
            result = run_once(db, gateway, holder="bench", config=SenderConfig(batch=notices))
            if result.sent == 0:
                raise SystemExit(f"sender stopped: {result.held or result}")
            sent += result.sent
            latencies += result.latencies
        elapsed = time.perf_counter() - began
        gateway.close()
        parts = sum(
            1 for line in log.read_text(encoding="utf-8").splitlines() if json.loads(line)["pdu"] == "submit_sm"
        )
    finally:
        smsc.kill()
        smsc.wait()
        db.dispose()
    return sent / elapsed, percentile(latencies, 0.99), parts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notices", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--postgres", action="store_true", help="a throwaway PostgreSQL (fsync on) instead of SQLite")
    args = parser.parse_args()
    clock.source = lambda: datetime(2026, 3, 2, 3, 0, tzinfo=UTC)  # 11:00 in the hall: outside the quiet hours
    rates, p99s = [], []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for run in range(args.runs):
            if args.postgres:
                from pgtest import create_database, running_postgres

                with running_postgres(fsync=True) as cluster:  # durable commits, as in production
                    rate, p99, parts = one_run(create_database(cluster, f"sms{run}"), args.notices, folder)
            else:
                rate, p99, parts = one_run(f"sqlite:///{folder / f'server{run}.sqlite3'}", args.notices, folder)
            rates.append(rate)
            p99s.append(p99)
            print(f"run {run + 1}: {rate:,.0f} messages/s, p99 submit {p99 * 1000:.2f} ms ({parts} SMPP parts)")
    print(f"median of {args.runs}: {statistics.median(rates):,.0f} messages/s, "
          f"p99 submit {statistics.median(p99s) * 1000:.2f} ms ({args.notices} notices)")  # fmt: skip


if __name__ == "__main__":
    main()
