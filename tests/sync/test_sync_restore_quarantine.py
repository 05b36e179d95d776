"""A server restored from a backup lost a window's quarantined event: the window sends it again.

The restored server expects the quarantined event's sequence number again. Had the window kept its rejection and
never resent it, every later round would fail with 服务器期待第 N 号事件 and the window would never sync again."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from sqlalchemy import delete, select, update
from sync_helpers import enrol, forge, intake

from hallclient.server.db import Database
from hallclient.server.models import DeviceChain, RejectedEvent, StoredEvent
from hallclient.services.context import Actor, Services
from hallclient.sync import outbox
from hallclient.sync.engine import Syncer
from hallclient.sync.transport import SyncClient


@pytest.mark.logs_expected("hallclient.sync")
def test_a_restored_server_gets_the_quarantined_event_again_and_the_window_syncs_on(
    app: FastAPI, services: Services, other: Services, clerk: Actor, server_db: Database
) -> None:
    mine, theirs = enrol(app, services, "01"), enrol(app, other, "02")
    case = intake(services, clerk)
    mine.syncer.run_once()
    forge(other, "", "note.added", {"text": "before the backup"})
    assert theirs.syncer.run_once().upload.applied == 1
    with server_db.session() as session:
        head = session.scalar(select(DeviceChain).where(DeviceChain.device_id == other.device_id))
        assert head is not None
        backup = (head.last_seq, head.last_hash)
    forge(other, case.case_id, "case.withdrawn", {"case_no": case.case_no})  # another window's case: refused
    forge(other, "", "note.added", {"text": "after the backup"})
    summary = theirs.syncer.run_once()
    assert (summary.upload.rejected, summary.upload.applied) == (1, 1)
    with server_db.session() as session:  # the restore: the server is back at the backup's moment for this window
        session.execute(
            delete(StoredEvent).where(StoredEvent.device_id == other.device_id, StoredEvent.seq > backup[0])
        )
        session.execute(delete(RejectedEvent).where(RejectedEvent.device_id == other.device_id))
        session.execute(update(DeviceChain).where(DeviceChain.device_id == other.device_id)
                        .values(last_seq=backup[0], last_hash=backup[1]))  # fmt: skip

    restarted = Syncer(other.store, SyncClient(theirs.http))  # the window's next start asks for the server's head
    summary = restarted.run_once()
    assert (summary.upload.rejected, summary.upload.applied) == (1, 1)  # refused again, in place; the next one stored
    assert restarted.run_once().upload.applied == 0
    with server_db.session() as session:
        stored = session.scalars(select(StoredEvent.seq).where(StoredEvent.device_id == other.device_id)).all()
        rejected = session.scalars(select(RejectedEvent.seq).where(RejectedEvent.device_id == other.device_id)).all()
        head = session.scalar(select(DeviceChain).where(DeviceChain.device_id == other.device_id))
    assert (sorted(stored), rejected) == ([backup[0], backup[0] + 2], [backup[0] + 1])
    assert head is not None and head.last_seq == backup[0] + 2
    assert outbox.counts(other.store, other.device_id) == (0, 1)
