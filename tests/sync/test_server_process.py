"""The real server process (``hallclient serve`` under uvicorn): killed mid-batch, and the CLI end to end."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import psycopg
import pytest
from sqlalchemy import select
from sync_helpers import intake, stop_server

from hallclient.server import admin
from hallclient.server.db import Database, upgrade
from hallclient.server.models import StoredEvent
from hallclient.services.context import Actor, Services
from hallclient.store.eventlog import iter_events
from hallclient.sync.engine import Syncer
from hallclient.sync.transport import SyncClient, Unreachable, make_http
from pgtest import PgCluster, create_database


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def serving(db_url: str, port: int) -> Iterator[subprocess.Popen[bytes]]:
    process = subprocess.Popen(
        [sys.executable, "-m", "hallclient", "serve", "--db", db_url, "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{port}/v1/openapi.json", timeout=1).raise_for_status()
            break
        except httpx.HTTPError:
            if process.poll() is not None:
                raise AssertionError((process.stderr.read() if process.stderr else b"").decode()) from None
            time.sleep(0.1)
    try:
        yield process
    finally:
        stop_server(process)


def test_server_killed_mid_batch_loses_nothing_and_writes_nothing_twice(
    pg_cluster: PgCluster, services: Services, clerk: Actor
) -> None:
    url = create_database(pg_cluster, "killed")
    upgrade(url)
    db = Database(url)
    _row, code = admin.add_device(db, "05")
    port = free_port()
    case = intake(services, clerk)
    with serving(url, port):
        client = SyncClient(make_http(f"http://127.0.0.1:{port}"))
        token = client.enroll(code, services.device_id, "test").token
        client.close()

        def make_syncer() -> Syncer:
            return Syncer(services.store, SyncClient(make_http(f"http://127.0.0.1:{port}", token=token)))

        syncer = make_syncer()
        syncer.run_once()  # the case now exists on the server
        syncer.close()  # no idle keep-alive connection into the next server process
    from hallclient.services import cases

    cases.suspend(services, clerk, case.case_id, "等待核查")
    intake(services, clerk)
    blocker = psycopg.connect(f"host=127.0.0.1 port={pg_cluster.port} user={pg_cluster.user} dbname=killed")
    # Hold the case row: the server's batch transaction stops inside the projection, after its inserts.
    monitor = psycopg.connect(
        f"host=127.0.0.1 port={pg_cluster.port} user={pg_cluster.user} dbname=killed", autocommit=True
    )
    blocker.execute("SELECT 1 FROM cases WHERE case_id = %s FOR UPDATE", (case.case_id,))
    syncer = make_syncer()
    with serving(url, port) as process:
        outcome: dict[str, object] = {}

        def attempt() -> None:
            try:
                syncer.run_once()
                outcome["done"] = True
            except Exception as error:
                outcome["error"] = error

        thread = threading.Thread(target=attempt)
        thread.start()
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            waiting = monitor.execute(  # its own autocommit connection: statistics are snapshotted per transaction
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = 'killed'"
            ).fetchone()
            if waiting and waiting[0]:
                break
            time.sleep(0.05)
        else:
            raise AssertionError(f"the server never reached the locked row: {outcome}")
        os.kill(process.pid, signal.SIGKILL)  # the server dies mid-batch
        process.wait(10)
        thread.join(30)
    blocker.rollback()
    blocker.close()
    monitor.close()
    assert isinstance(outcome.get("error"), Unreachable) and syncer.board.current.unsynced == 3  # + the notice
    syncer.close()
    syncer = make_syncer()
    with serving(url, port):
        summary = syncer.run_once()
    assert (summary.upload.applied, summary.upload.duplicate) == (3, 0)  # the suspension, the intake, its notice
    with services.store.read() as session:
        local = [(e.seq, e.hash) for e in iter_events(session, services.device_id)]
    with db.session() as session:
        remote = [(row.seq, row.hash) for row in session.scalars(select(StoredEvent).order_by(StoredEvent.seq))]
    assert remote == local
    db.dispose()
    syncer.close()


def test_cli_device_add_enroll_sync(tmp_path: Path, services: Services, clerk: Actor) -> None:
    env = {**os.environ, "HALLCLIENT_CONFIG": str(tmp_path / "config.toml")}
    server_url = f"sqlite:///{tmp_path / 'server.sqlite3'}"

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "hallclient", *args], capture_output=True, text=True, env=env, timeout=60
        )

    added = cli("server", "device", "add", "--window", "05", "--db", server_url)
    assert added.returncode == 0, added.stderr
    code = added.stdout.split("只显示这一次）：")[1].split()[0]
    intake(services, clerk)
    port = free_port()
    with serving(server_url, port):
        bad = cli(
            "enroll", "--server", f"http://127.0.0.1:{port}", "--code", "WRONG-CODE", "--db", str(services.store.path)
        )
        assert (
            bad.returncode != 0
            and "服务器拒绝（HTTP 401）：登记码无效或已被使用" in bad.stderr
            and "Traceback" not in bad.stderr
        )
        enrolled = cli(
            "enroll", "--server", f"http://127.0.0.1:{port}", "--code", code, "--db", str(services.store.path)
        )
        assert enrolled.returncode == 0, enrolled.stderr
        assert (tmp_path / "config.toml").stat().st_mode & 0o777 == 0o600
        synced = cli("sync", "--once", "--db", str(services.store.path))
        assert synced.returncode == 0, synced.stderr
        assert (
            "上传 3 条（新 3，重复 0，拒收 0）" in synced.stdout
        )  # user.added, an intake and its notice and "未同步 0 条" in synced.stdout
    listed = cli("server", "device", "list", "--db", server_url)
    assert "enrolled" in listed.stdout and services.device_id in listed.stdout


@pytest.mark.parametrize("args", [["serve", "--tls-cert", "x.pem"], ["server", "device", "revoke", "zz"]])
def test_cli_errors_are_one_line(args: list[str], tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "hallclient", *args, "--db", f"sqlite:///{tmp_path}/s.db"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0 and len(result.stderr.strip().splitlines()) == 1
