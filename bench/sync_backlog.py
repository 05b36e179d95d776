"""Benchmark: a 100,000-event backlog uploaded by the real uploader to the server on PostgreSQL.

Baseline in the same run: a raw multi-row INSERT (1,000 rows per statement) of the same rows into a
copy of the server's ``events`` table. Goal: ≤ 20 s and ≥ 0.3 × the baseline rate. Each repetition
uses a fresh server database and clears the client's acknowledgements. Prints medians.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import psycopg
from sqlalchemy import delete

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(1, str(Path(__file__).resolve().parents[1] / "tests"))  # pgtest: the tests' PostgreSQL helper

from _sync_common import device_events, free_port, serving
from hallclient.domain.events import canonical_json
from hallclient.server import admin
from hallclient.server.db import Database, upgrade
from hallclient.store.bootstrap import device_id, open_store
from hallclient.store.models import ChainHead, Event, EventAck
from hallclient.sync.engine import Syncer
from hallclient.sync.transport import SyncClient, make_http
from pgtest import create_database, running_postgres


def build_client(path: Path, count: int) -> tuple[object, str]:
    store = open_store(path)
    device = device_id(store)
    records = device_events(device, count)
    with store.write() as session:
        session.execute(
            Event.__table__.insert(),
            [{"id": r.id, "device_id": r.device_id, "seq": r.seq, "case_id": r.case_id, "type": r.type,
              "payload": canonical_json(r.payload), "actor": r.actor, "device_time": r.device_time,
              "prev_hash": r.prev_hash, "hash": r.hash} for r in records],
        )  # fmt: skip
        session.add(ChainHead(device_id=device, last_seq=records[-1].seq, last_hash=records[-1].hash))
    return store, device


def baseline(cluster_port: int, user: str, dbname: str, store: object) -> float:
    with store.read() as session:  # type: ignore[attr-defined]
        rows = [
            (e.id, e.device_id, e.seq, e.case_id, e.type, e.payload, e.actor, e.device_time, e.prev_hash, e.hash)
            for e in session.query(Event).order_by(Event.seq)
        ]
    with psycopg.connect(f"host=127.0.0.1 port={cluster_port} user={user} dbname={dbname}") as connection:
        connection.execute("CREATE TABLE raw_events (LIKE events INCLUDING ALL)")
        connection.commit()
        started = time.perf_counter()
        for start in range(0, len(rows), 1000):
            chunk = rows[start : start + 1000]
            values = ",".join(["(%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,now(),0,false)"] * len(chunk))
            connection.execute(
                "INSERT INTO raw_events (id, device_id, seq, case_id, type, payload, actor, device_time, prev_hash,"
                f" hash, received_at, clock_offset_s, clock_flag) VALUES {values}",
                [value for row in chunk for value in row],
            )
        connection.commit()
        return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, running_postgres(fsync=True) as cluster:
        print(f"building a client store with {args.events} events …", flush=True)
        store, device = build_client(Path(tmp) / "client.sqlite3", args.events)
        uploads: list[float] = []
        baselines: list[float] = []
        for round_no in range(1, args.repeat + 1):
            name = f"bench{round_no}"
            url = create_database(cluster, name)
            upgrade(url)
            db = Database(url)
            _row, code = admin.add_device(db, "05")
            db.dispose()
            with store.write() as session:  # type: ignore[attr-defined]
                session.execute(delete(EventAck))
            port = free_port()
            with serving(url, port) as base:
                token = SyncClient(make_http(base)).enroll(code, device, "bench").token
                syncer = Syncer(store, SyncClient(make_http(base, token=token)))  # type: ignore[arg-type]
                started = time.perf_counter()
                summary = syncer.run_once()
                elapsed = time.perf_counter() - started
                syncer.close()
            assert summary.upload.applied == args.events and summary.upload.remaining == 0, summary
            raw = baseline(cluster.port, cluster.user, name, store)
            uploads.append(elapsed)
            baselines.append(raw)
            print(
                f"round {round_no}: upload {elapsed:.2f} s ({args.events / elapsed:,.0f} ev/s, "
                f"{summary.upload.batches} batches); raw INSERT {raw:.2f} s ({args.events / raw:,.0f} rows/s)",
                flush=True,
            )
        upload, raw = statistics.median(uploads), statistics.median(baselines)
        ratio = raw / upload
        print(
            f"median: upload {upload:.2f} s = {args.events / upload:,.0f} events/s; baseline {raw:.2f} s = "
            f"{args.events / raw:,.0f} rows/s; ratio {ratio:.2f} × baseline "
            f"(goal ≤ 20 s and ≥ 0.30 ×: {'met' if upload <= 20 and ratio >= 0.3 else 'NOT met'})"
        )
        store.close()  # type: ignore[attr-defined]
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
