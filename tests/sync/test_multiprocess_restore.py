"""A server restored from an older backup, served by two processes: the windows resend what it lost.

The backup is a real ``pg_dump`` taken after some syncs; more syncs follow; the database is dropped and the
dump restored; two fresh server processes serve it. One window has written a case since, the other has not:
both must end with the server holding exactly their events again.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import psycopg
import pytest
from multiproc_helpers import compare, enrol_store, local_chain, make_store, server_chain, server_processes
from sync_helpers import intake

from hallclient.server.db import Database
from hallclient.services.context import Actor, Services
from hallclient.sync.engine import Syncer
from hallclient.sync.transport import SyncClient, make_http
from pgtest import PgCluster, create_database, find_bindir

pytestmark = pytest.mark.postgres


def _sync(services: Services, base: str, token: str) -> None:
    syncer = Syncer(services.store, SyncClient(make_http(base, token=token)))
    try:
        for _round in range(5):
            summary = syncer.run_once()
            if summary.upload.remaining == 0 and summary.upload.sent == 0:
                break
    finally:
        syncer.close()


def _pg(cluster: PgCluster, tool: str, *args: str) -> None:
    command = [str(find_bindir() / tool), "-h", "127.0.0.1", "-p", str(cluster.port), "-U", cluster.user, *args]
    subprocess.run(command, check=True, capture_output=True, timeout=120)


@pytest.mark.logs_expected("hallclient.sync")  # "server expects event #N again": the resend, as it should be
def test_after_a_restore_from_backup_both_windows_resend_what_the_server_lost(
    pg_cluster: PgCluster, tmp_path: Path, services: Services, clerk: Actor
) -> None:
    url = create_database(pg_cluster, "restore")
    other, other_clerk = make_store(tmp_path / "other.sqlite3")
    dump = tmp_path / "restore.dump"
    with server_processes(url, 2, log_dir=tmp_path) as servers:
        db = Database(url)
        tokens = [enrol_store(db, servers[0].base, services, "05"), enrol_store(db, servers[1].base, other, "06")]
        db.dispose()
        for _ in range(2):
            intake(services, clerk)
            intake(other, other_clerk)
        _sync(services, servers[0].base, tokens[0])
        _sync(other, servers[1].base, tokens[1])
        _pg(pg_cluster, "pg_dump", "-Fc", "-f", str(dump), "restore")  # the nightly backup
        for _ in range(2):
            intake(services, clerk)
            intake(other, other_clerk)
        _sync(services, servers[1].base, tokens[0])
        _sync(other, servers[0].base, tokens[1])
    with psycopg.connect(
        f"host=127.0.0.1 port={pg_cluster.port} user={pg_cluster.user} dbname=hallclient", autocommit=True
    ) as admin:  # the database is lost; the backup comes back
        admin.execute('DROP DATABASE "restore"')
        admin.execute('CREATE DATABASE "restore"')
    _pg(pg_cluster, "pg_restore", "-d", "restore", str(dump))
    db = Database(url)
    assert len(server_chain(db, services.device_id)) < len(local_chain(Path(services.store.path), services.device_id))
    intake(services, clerk)  # this window wrote a case since; the other did not
    with server_processes(url, 2, log_dir=tmp_path) as servers:
        _sync(services, servers[1].base, tokens[0])
        _sync(other, servers[0].base, tokens[1])
    for window in (services, other):
        local = local_chain(Path(window.store.path), window.device_id)
        assert compare(local, server_chain(db, window.device_id)) == []
    db.dispose()
    other.store.close()
