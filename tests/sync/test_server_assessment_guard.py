"""The ingest guard, through a real upload: a finding is accepted only from a supervisor or admin, an attendance
event only for the uploading device's own window; anything else is quarantined as ``not_permitted``."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from fastapi import FastAPI
from sqlalchemy import select
from sync_helpers import enrol

from hallclient.server import admin
from hallclient.server.db import Database
from hallclient.server.models import RejectedEvent, ServerUser, StoredEvent
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


@pytest.mark.logs_expected("hallclient.sync")
def test_a_staff_member_may_only_ask_for_a_review_of_their_own_finding(
    app: FastAPI, services: Services, server_db: Database
) -> None:
    from hallclient.domain.tally import Period
    from hallclient.server.assessment_sources import findings_in_force

    admin.add_user(server_db, "zhaomin", "赵敏", "supervisor", "secret123")
    for username in ("lijun", "wangfang"):
        admin.add_user(server_db, username, username, "clerk", "secret123")
    with server_db.session() as session:
        ids = dict(session.execute(select(ServerUser.username, ServerUser.id)).all())
    window = enrol(app, services, "05")
    recorded = {**_finding("zhaomin"), "finding_id": "f-1", "staff_id": ids["lijun"]}
    _record(services, "assessment.finding_recorded", recorded, "zhaomin")
    appeal = {"reason": "当日请假", "filed_at": AT, "decision": None, "decided_by": None, "decided_at": None,
              "decision_note": ""}  # fmt: skip
    # Forged along with the appeal: the points and the date. Only the appeal itself may count.
    own = {**recorded, "points": 5, "day": "2026-01-01", "appeal": appeal, "status": "appealed"}
    _record(services, "assessment.finding_appealed", own, "lijun")  # the staff member concerned: accepted
    _record(services, "assessment.finding_appealed", own, "wangfang")  # a colleague: refused
    _record(services, "assessment.finding_appealed", {**own, "status": "overturned"}, "lijun")  # refused
    _record(services, "assessment.finding_appeal_decided", {**own, "status": "overturned"}, "lijun")  # refused
    upload = window.syncer.run_once().upload
    assert (upload.applied, upload.rejected) == (2, 3)
    with server_db.session() as session:
        codes = session.scalars(select(RejectedEvent.code).order_by(RejectedEvent.seq)).all()
        (finding,) = findings_in_force(session, Period(date(2026, 1, 1), date(2026, 12, 31)))
    assert codes == ["not_permitted"] * 3
    assert (finding.id, finding.points, finding.day, finding.staff) == ("f-1", -2, date(2026, 10, 9), ids["lijun"])


def test_s0007_creates_the_assessment_tables_as_modelled_and_downgrades(db_url: str) -> None:
    from alembic import command
    from sqlalchemy import create_engine, inspect

    from hallclient.server import assessment_models
    from hallclient.server.db import alembic_config, normalise_url, upgrade

    names = ("assessment_indicator_sets", "assessment_snapshots", "server_secrets")
    upgrade(db_url)
    engine = create_engine(normalise_url(db_url))
    try:
        inspector = inspect(engine)
        for name in names:
            table = assessment_models.ServerBase.metadata.tables[name]
            assert {c["name"] for c in inspector.get_columns(name)} == {c.name for c in table.columns}, name
            assert inspector.get_pk_constraint(name)["constrained_columns"] == [c.name for c in table.primary_key]
        command.downgrade(alembic_config(db_url), "s0006")
        assert not set(names) & set(inspect(engine).get_table_names())
        upgrade(db_url)
        assert set(names) <= set(inspect(engine).get_table_names())
    finally:
        engine.dispose()
