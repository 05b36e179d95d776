"""Operations with real processes: /v1/health while PostgreSQL stops and restarts, /metrics across two workers."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from prometheus_client import CollectorRegistry
from prometheus_client.multiprocess import MultiProcessCollector
from sync_helpers import stop_server

from hallclient.server.app import create_app
from pgtest import PgCluster, _run_as, create_database, find_bindir, running_postgres

TOKEN = "metrics-token-for-the-test-0123"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _pg_ctl(cluster: PgCluster, *args: str) -> None:
    root = cluster.datadir.parent
    as_user = _run_as(cluster.user) if os.geteuid() == 0 else {}
    subprocess.run(
        [str(find_bindir() / "pg_ctl"), "-D", str(cluster.datadir), *args],
        check=True,
        capture_output=True,
        cwd=root,
        env={**os.environ, "LC_ALL": "C", "LANG": "C"},
        **as_user,  # type: ignore[call-overload]
    )


@pytest.mark.logs_expected("hallclient.server.health")
def test_health_is_503_at_once_while_postgresql_is_down_and_200_after_its_restart() -> None:
    with running_postgres() as cluster:  # a private cluster: the session's must not stop under other tests
        app = create_app(cluster.url)
        http = TestClient(app)
        try:
            assert http.get("/v1/health").status_code == 200
            _pg_ctl(cluster, "-m", "immediate", "-w", "stop")
            for _ in range(2):  # the pooled connection dies, then a new one is refused
                began = time.monotonic()
                down = http.get("/v1/health")
                assert down.status_code == 503
                assert down.json() == {"status": "unavailable", "database": "down", "schema": None,
                                       "detail": "数据库无法连接"}  # fmt: skip
                assert time.monotonic() - began < 3
            root = cluster.datadir.parent
            options = f"-p {cluster.port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off"
            _pg_ctl(cluster, "-o", options, "-l", str(root / "postgres.log"), "-w", "-t", "60", "start")
            deadline = time.monotonic() + 20
            while (answer := http.get("/v1/health")).status_code != 200 and time.monotonic() < deadline:
                time.sleep(0.2)
            assert answer.status_code == 200 and answer.json()["database"] == "ok"
        finally:
            app.state.db.dispose()


def _health_counts(folder: Path) -> dict[str, float]:
    """Per worker process (its pid): how many GET /v1/health it timed, read from its own histogram file."""
    counts: dict[str, float] = {}
    for file in folder.glob("histogram_*.db"):
        alone = folder.parent / f"one-{file.stem}"
        alone.mkdir(exist_ok=True)
        shutil.copy(file, alone / file.name)
        registry = CollectorRegistry()
        MultiProcessCollector(registry, path=str(alone))
        counts[file.stem] = _health_count(registry.collect())
        shutil.rmtree(alone)
    return counts


def _health_count(families: object) -> float:
    for family in families:  # type: ignore[attr-defined]
        for sample in family.samples:
            labels = sample.labels
            if sample.name.endswith("_count") and labels.get("route") == "/v1/health" and labels.get("method") == "GET":
                return float(sample.value)
    return 0.0


def _scraped_health_count(port: int) -> float:
    answer = httpx.get(f"http://127.0.0.1:{port}/metrics", headers={"Authorization": f"Bearer {TOKEN}"}, timeout=10)
    assert answer.status_code == 200, answer.text
    prefix = 'hallclient_http_request_duration_seconds_count{method="GET",route="/v1/health",status="2xx"} '
    lines = [line for line in answer.text.splitlines() if line.startswith(prefix)]
    return float(lines[0].removeprefix(prefix)) if lines else 0.0


def test_metrics_of_two_worker_processes_add_up_in_every_scrape(pg_cluster: PgCluster, tmp_path: Path) -> None:
    url = create_database(pg_cluster, "opsmetrics")
    config = tmp_path / "config.toml"
    config.write_text(f'config_version = 2\n[server]\nmetrics_token = "{TOKEN}"\n', encoding="utf-8")
    folder = tmp_path / "metrics"
    folder.mkdir()
    (folder / "counter_1.db").write_bytes(b"left by an earlier run")
    port = free_port()
    env = {**os.environ, "HALLCLIENT_CONFIG": str(config), "PROMETHEUS_MULTIPROC_DIR": str(folder)}
    command = [sys.executable, "-m", "hallclient", "serve", "--db", url, "--port", str(port), "--workers", "2"]
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(f"http://127.0.0.1:{port}/v1/openapi.json", timeout=2).raise_for_status()
                break
            except httpx.HTTPError:
                assert process.poll() is None, (process.stderr.read() if process.stderr else b"").decode()
                assert time.monotonic() < deadline, "server did not start"
                time.sleep(0.2)
        assert not (folder / "counter_1.db").exists()  # emptied at start: an earlier run's counts are not added
        sent = 0
        counts: dict[str, float] = {}
        while sent < 600:  # fresh connections until both workers have answered some
            for _ in range(20):
                assert httpx.get(f"http://127.0.0.1:{port}/v1/health", timeout=10).status_code == 200
                sent += 1
            counts = _health_counts(folder)
            if len([count for count in counts.values() if count > 0]) >= 2:
                break
        busy = [count for count in counts.values() if count > 0]
        assert len(busy) == 2, f"one worker answered every request: {counts}"
        assert sum(busy) == sent
        for _ in range(6):  # each scrape lands on either worker and sees both workers' requests
            assert _scraped_health_count(port) == sent
    finally:
        stop_server(process, grace=15)
