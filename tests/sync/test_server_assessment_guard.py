"""The ingest guard, through a real upload: a finding is accepted only from a supervisor or admin, an attendance
event only for the uploading device's own window; anything else is quarantined as ``not_permitted``."""

from __future__ import annotations

from datetime import datetime

import pytest
from fastapi import FastAPI
from sqlalchemy import select
from sync_helpers import enrol

from hallclient.server import admin
from hallclient.server.db import Database
from hallclient.server.models import RejectedEvent, StoredEvent
from hallclient.services.context import Services
from hallclient.store import eventlog
from hallclient.sync import outbox

AT = "2026-10-09T09:05:00+08:00"


def _record(window: Services, type: str, payload: dict[str, object], actor: str) -> None:
    """An event in the window's own valid hash chain (what the app, or an attacker with the PC, can append)."""
    with window.store.write() as session:
        eventlog.append(session, device_id=window.device_id, case_id=None, type=type, payload=payload, actor=actor,
                        at=datetime.fromisoformat(AT))  # fmt: skip


def _finding(actor: str) -> dict[str, object]:
    return {
        "finding_id": f"f-{actor}", "kind": "mystery_visit", "day": "2026-10-09", "window": "05", "staff_id": "u-li",
        "staff_name": "李军", "department_code": "GA", "points": -2, "note": "脱岗", "evidence_name": "",
        "evidence_sha256": "", "recorded_by": actor, "recorded_by_name": actor, "appeal": None, "status": "in_force",
    }  # fmt: skip


def _window_event(window: str) -> dict[str, object]:
    return {"window": window, "user_id": "u-li", "user_name": "李军", "department_code": "GA", "at": AT}


@pytest.mark.logs_expected("hallclient.sync")
def test_findings_only_from_supervisors_and_attendance_only_for_the_own_window(
    app: FastAPI, services: Services, server_db: Database
) -> None:
    admin.add_user(server_db, "zhaomin", "赵敏", "supervisor", "secret123")
    admin.add_user(server_db, "lijun", "李军", "clerk", "secret123")
    window = enrol(app, services, "05")
    _record(services, "assessment.finding_recorded", _finding("zhaomin"), "zhaomin")  # a supervisor: accepted
    _record(services, "assessment.finding_recorded", _finding("lijun"), "lijun")  # a clerk on a stolen PC
    _record(services, "assessment.finding_recorded", _finding("ghost"), "ghost")  # no such server user
    _record(services, "window.signed_in", _window_event("05"), "lijun")  # its own window: accepted
    _record(services, "window.signed_out", _window_event("06"), "lijun")  # a colleague's window
    _record(services, "window.paused", {**_window_event("05"), "reason": "午休"}, "lijun")  # the chain goes on
    upload = window.syncer.run_once().upload
    assert (upload.applied, upload.rejected) == (3, 3)
    with server_db.session() as session:
        stored = session.execute(select(StoredEvent.type, StoredEvent.actor).order_by(StoredEvent.seq)).all()
        rejected = session.execute(select(RejectedEvent.seq, RejectedEvent.code, RejectedEvent.reason,
                                          RejectedEvent.chain_link).order_by(RejectedEvent.seq)).all()  # fmt: skip
    assert [tuple(row) for row in stored] == [
        ("assessment.finding_recorded", "zhaomin"),
        ("window.signed_in", "lijun"),
        ("window.paused", "lijun"),
    ]
    assert [(row.seq, row.code, row.chain_link) for row in rejected] == [
        (2, "not_permitted", True), (3, "not_permitted", True), (5, "not_permitted", True)]  # fmt: skip
    assert "值班长或管理员" in rejected[0].reason and "lijun" in rejected[0].reason
    assert "06 号窗口" in rejected[2].reason and "05" in rejected[2].reason
    assert outbox.counts(services.store, services.device_id) == (0, 3)  # nothing pending, three in quarantine
    # Resending is harmless: the same answer, nothing stored twice.
    assert window.syncer.run_once().upload.applied == 0
