"""The sync torture, short: two server processes on one PostgreSQL behind a proxy that loses answers and
routes each request to a random process, client processes syncing real stores; processes of both kinds
SIGKILLed and restarted at random while cases keep being written. In the end every store and the server
hold the same events, one by one (id, seq, hash). ``tools/sync_torture.py`` runs the same for minutes."""

from __future__ import annotations

from pathlib import Path

import pytest
from multiproc_helpers import torture

from pgtest import PgCluster, create_database

pytestmark = pytest.mark.postgres


def test_killed_servers_killed_clients_and_lost_answers_leave_every_event_once_on_the_server(
    pg_cluster: PgCluster, tmp_path: Path
) -> None:
    report = torture(create_database(pg_cluster, "torture"), tmp_path, clients=2, seconds=6.0, seed=5, drop=0.25)
    assert report.differences == [], report.line()
    assert report.server_kills >= 1 and report.client_kills >= 1 and report.dropped >= 1, report.line()
    assert report.events > 3  # cases were written meanwhile (each store starts with one event: its clerk)
