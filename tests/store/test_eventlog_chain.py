"""The hash-chained event log: gapless sequences, verification, and detection of every kind of tampering."""

from __future__ import annotations

import itertools
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import select

from hallclient.cli import main
from hallclient.domain.events import GENESIS_HASH, ChainBreak, compute_hash
from hallclient.services.context import Actor, Services
from hallclient.services.ratings import record_rating
from hallclient.store.eventlog import verify_chain
from hallclient.store.models import Event


def _record_some(services: Services, clerk: Actor, n: int) -> None:
    for level in range(n):
        record_rating(services, clerk, level=3 + level % 3)  # not bad reviews: no follow-up task events


def test_sequences_are_gapless_and_linked(services: Services, clerk: Actor) -> None:
    _record_some(services, clerk, 5)
    with services.store.read() as session:
        rows = list(session.scalars(select(Event).order_by(Event.seq)))
        report = verify_chain(session)
    assert [row.seq for row in rows] == list(range(1, 7))  # user.added + 5 ratings
    assert rows[0].prev_hash == GENESIS_HASH
    assert all(later.prev_hash == earlier.hash for earlier, later in itertools.pairwise(rows))
    assert report.events == 6 and report.devices == 1


def test_a_failed_write_leaves_no_event_and_no_gap(services: Services, clerk: Actor) -> None:
    from hallclient.errors import HallError

    with pytest.raises(HallError):
        record_rating(services, clerk, level=3, case_id="no-such-case")
    record_rating(services, clerk, level=5)
    with services.store.read() as session:
        assert [row.seq for row in session.scalars(select(Event).order_by(Event.seq))] == [1, 2]


def _tamper(path: Path, sql: str) -> None:
    connection = sqlite3.connect(path)
    with connection:
        connection.execute(sql)
    connection.close()


@pytest.mark.parametrize(
    ("sql", "reason"),
    [
        (
            "UPDATE events SET payload = replace(payload, '\"level\":5', '\"level\":1') WHERE seq = 4",
            "哈希值与内容不符（已被改动）",
        ),
        ("DELETE FROM events WHERE seq = 3", "序号不连续：应为第 3 条"),
        ("UPDATE events SET prev_hash = '" + "1" * 64 + "' WHERE seq = 5", "与上一条事件的哈希链接断开"),
        ("DELETE FROM events WHERE seq = 6", "链头与最后一条事件不符（日志被截断）"),
    ],
)
def test_db_check_names_the_first_bad_event(
    services: Services, clerk: Actor, store_path: Path, capsys: pytest.CaptureFixture[str], sql: str, reason: str
) -> None:
    _record_some(services, clerk, 5)
    services.store.close()
    assert main(["db", "check", "--db", str(store_path)]) == 0
    assert "事件哈希链 ok" in capsys.readouterr().out
    _tamper(store_path, sql)
    assert main(["db", "check", "--db", str(store_path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and reason in err and "Traceback" not in err


def test_recomputing_the_hash_after_an_edit_still_breaks_the_next_link(services: Services, clerk: Actor) -> None:
    """A forger who rewrites one event and its hash is caught by the following event's prev_hash."""
    _record_some(services, clerk, 3)
    with services.store.write() as session:
        row = session.scalar(select(Event).where(Event.seq == 2))
        assert row is not None
        row.actor = "forger"
        from hallclient.store.eventlog import to_record

        row.hash = compute_hash(to_record(row).hashed_content())
    with services.store.read() as session, pytest.raises(ChainBreak) as caught:
        verify_chain(session)
    assert caught.value.seq == 3


def test_concurrent_writers_never_fork_the_chain(services: Services, clerk: Actor) -> None:
    """Two writers at once (e.g. the DB thread and a CLI sync) serialise on BEGIN IMMEDIATE: no gap, no fork."""
    import threading

    errors: list[BaseException] = []

    def write_many() -> None:
        try:
            for _ in range(25):
                record_rating(services, clerk, level=5)
        except BaseException as error:  # collected and asserted below
            errors.append(error)

    threads = [threading.Thread(target=write_many) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with services.store.read() as session:
        assert verify_chain(session).events == 76
        assert [row.seq for row in session.scalars(select(Event).order_by(Event.seq))] == list(range(1, 77))
