"""A device acts only on the cases it holds: another window's events on them are quarantined, and a
hand-over is an explicit event of the holder."""

from __future__ import annotations

import json
import logging

import pytest
from fastapi import FastAPI
from sqlalchemy import select
from sync_helpers import enrol, forge, intake

from hallclient.server import admin
from hallclient.server.db import Database
from hallclient.server.models import RejectedEvent, ServerCase
from hallclient.services import cases
from hallclient.services.context import Actor, Services
from hallclient.sync import outbox


def _server_case(db: Database, case_id: str) -> ServerCase:
    with db.session() as session:
        row = session.get(ServerCase, case_id)
        assert row is not None
        session.expunge(row)
        return row


@pytest.mark.logs_expected("hallclient.sync")
def test_a_device_cannot_change_another_windows_case(
    app: FastAPI, services: Services, other: Services, clerk: Actor, server_db: Database
) -> None:
    mine, theirs = enrol(app, services, "01"), enrol(app, other, "02")
    case = intake(services, clerk)
    mine.syncer.run_once()
    server_row = _server_case(server_db, case.case_id)
    withdrawn = {"case_no": case.case_no, "state": {**json.loads(server_row.state), "status": "withdrawn"}}
    forge(other, case.case_id, "case.withdrawn", withdrawn)
    forge(other, "", "note.added", {"text": "the queue goes on"})
    summary = theirs.syncer.run_once()
    assert summary.upload.rejected == 1 and summary.upload.applied == 1  # quarantined, queue not blocked
    assert _server_case(server_db, case.case_id).status == "accepted"
    with server_db.session() as session:
        (rejected,) = session.scalars(select(RejectedEvent)).all()
        assert (rejected.code, rejected.device_id, rejected.chain_link) == ("case_owner_mismatch",
                                                                            other.device_id, True)  # fmt: skip
    assert outbox.counts(other.store, other.device_id) == (0, 1)  # nothing pending, one in quarantine
    # The holder itself still acts on its case as before.
    cases.withdraw(services, clerk, case.case_id, "申请人撤回")
    assert mine.syncer.run_once().upload.applied == 1
    assert _server_case(server_db, case.case_id).status == "withdrawn"


@pytest.mark.logs_expected("hallclient.sync")
def test_hand_over_makes_the_receiver_the_holder(
    app: FastAPI, services: Services, other: Services, clerk: Actor, server_db: Database
) -> None:
    mine, theirs = enrol(app, services, "01"), enrol(app, other, "02")
    case = intake(services, clerk)
    forge(services, case.case_id, "case.handed_over", {"case_no": case.case_no, "to_device": "no-such-device"})
    forge(services, case.case_id, "case.handed_over", {"case_no": case.case_no, "to_device": other.device_id})
    up = mine.syncer.run_once().upload
    # user.added, the intake and its notice, then the bad hand-over refused, the good one applied
    assert (up.applied, up.rejected) == (4, 1)
    assert _server_case(server_db, case.case_id).device_id == other.device_id
    forge(other, case.case_id, "case.note", {"case_no": case.case_no})
    assert theirs.syncer.run_once().upload.applied == 1  # the receiver may act now
    forge(services, case.case_id, "case.note", {"case_no": case.case_no})
    assert mine.syncer.run_once().upload.rejected == 1  # the previous holder no longer may
    with server_db.session() as session:
        codes = sorted(session.scalars(select(RejectedEvent.code)).all())
    assert codes == ["case_owner_mismatch", "invalid_handover"]


def test_a_window_reads_only_its_own_cases_and_every_read_is_logged(
    app: FastAPI, services: Services, other: Services, clerk: Actor, server_db: Database,
    caplog: pytest.LogCaptureFixture,
) -> None:  # fmt: skip
    mine, theirs = enrol(app, services, "01"), enrol(app, other, "02")
    case = intake(services, clerk)
    mine.syncer.run_once()
    path = f"/v1/cases/{case.case_no}"
    with caplog.at_level(logging.INFO, logger="hallclient.server.audit"):
        assert mine.http.get(path).json()["case_id"] == case.case_id
        refused = theirs.http.get(path)
        assert refused.status_code == 404 and "case_id" not in refused.text
        assert theirs.http.get("/v1/cases/NO-SUCH").json()["detail"].endswith("不在服务器上，或不归本窗口办理")
        admin.add_user(server_db, "zhao", "赵敏", "supervisor", "secret123")
        boss = theirs.http.post("/v1/login", json={"username": "zhao", "password": "secret123"}).json()["user_token"]
        assert theirs.http.get(path, headers={"X-User-Token": boss}).json()["case_id"] == case.case_id
    lines = [record.getMessage() for record in caplog.records if record.name == "hallclient.server.audit"]
    assert lines == [
        f"case read: case={case.case_no} device={services.device_id} window=01 user=- shown",
        f"case read: case={case.case_no} device={other.device_id} window=02 user=- refused",
        f"case read: case=NO-SUCH device={other.device_id} window=02 user=- refused",
        f"case read: case={case.case_no} device={other.device_id} window=02 user=zhao shown",
    ]
