"""一件事 between a window and the server, on SQLite and PostgreSQL: the projected cases keep their bundle, and the
bundle figures are the same locally and hall-wide (and equal a count by hand)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

import pytest
from alembic import command
from sqlalchemy import create_engine, select
from sync_helpers import PERSON, Enrolled
from test_server_migrations import _insert_case

from bundle_helpers import BUNDLE_CODE, BUNDLE_MATTERS, install_bundle
from hallclient.domain.bundles import bundle_materials
from hallclient.domain.case import Decision, Outcome
from hallclient.domain.events import canonical_json, new_id
from hallclient.domain.tally import Period, Tally, bundle_rows
from hallclient.domain.workdays import WorkCalendar
from hallclient.server import admin
from hallclient.server.db import Database, alembic_config, normalise_url, upgrade
from hallclient.server.models import ServerCase
from hallclient.server.tallies import server_tallies
from hallclient.services import cases
from hallclient.services.bundles import BundleIntakeRequest, MatterDecision, ReceivedPaper, record_bundle_intake
from hallclient.services.catalog import load_catalog
from hallclient.services.context import Actor, Services
from hallclient.services.tallies import local_tally
from hallclient.store import eventlog

if TYPE_CHECKING:
    from conftest import FixedClock


def test_bundle_cases_projected_and_figured_the_same_locally_and_hall_wide(
    services: Services, clerk: Actor, enrolled: Enrolled, server_db: Database, clock: FixedClock
) -> None:
    install_bundle(services.store)
    admin.import_catalog(server_db, load_catalog(services.store))
    calendar = WorkCalendar.load_default()
    papers = tuple(ReceivedPaper(entry.key, 1, 1) for entry in bundle_materials(BUNDLE_MATTERS))
    accept = tuple(
        MatterDecision(m.code, Outcome.COMPLETE_IMMEDIATELY if m.code == "BD02" else Outcome.ACCEPT)
        for m in BUNDLE_MATTERS
    )
    monday = clock.moment  # 2026-03-02
    done = record_bundle_intake(services, clerk, BundleIntakeRequest(BUNDLE_CODE, PERSON, papers, accept), calendar)
    open_one = record_bundle_intake(services, clerk, BundleIntakeRequest(BUNDLE_CODE, PERSON, papers, accept), calendar)
    clock.moment = monday + timedelta(days=3)
    for case in done.cases:
        if case.state.outcome is Outcome.ACCEPT:
            cases.complete(services, clerk, case.case_id, Decision.APPROVED)
    enrolled.syncer.run_once()
    with server_db.session() as session:
        rows = session.execute(select(ServerCase.bundle_id, ServerCase.bundle_code)).all()
    assert sorted(rows) == sorted([(done.bundle_id, BUNDLE_CODE)] * 4 + [(open_one.bundle_id, BUNDLE_CODE)] * 4)
    # By hand: 2 intakes, 8 cases, 1 wholly completed after 3 days, the ID card not asked 3 times in each.
    expected = [["新生儿出生一件事", 2, 8, 1, 3.0, 6], ["合计", 2, 8, 1, 3.0, 6]]
    period = Period(monday.date(), clock.moment.date())
    assert bundle_rows(local_tally(services, period)) == expected
    with server_db.session() as session:
        hall_wide = server_tallies(session, period, ["window"], hall_name="中心", today=clock.moment.date(),
                                   now=clock.moment.replace(tzinfo=None))["window"]  # fmt: skip
    assert bundle_rows(hall_wide) == expected
    assert bundle_rows(Tally.from_dict(hall_wide.to_dict())) == expected  # as the CLI receives it


@pytest.mark.logs_expected("hallclient.sync")  # the window logs each event the server quarantined
def test_a_malformed_bundle_in_an_intake_is_quarantined_alone(services: Services, enrolled: Enrolled) -> None:
    bad = ["一件事", {"id": 5, "code": "YJS"}, {"id": "i" * 37, "code": "YJS"}, {"id": "b-1", "code": "c" * 65}]
    good = {"id": "b-2", "code": "YJS", "name": "新生儿出生一件事"}
    with services.store.write() as session:
        for number, bundle in enumerate([*bad, good]):
            eventlog.append(session, device_id=services.device_id, case_id=new_id(), type="case.accepted",
                            payload={"case_no": f"B-{number}", "intake": {"bundle": bundle}}, actor="clerk",
                            at=datetime.now().astimezone())  # fmt: skip
    summary = enrolled.syncer.run_once()
    assert (summary.upload.rejected, summary.upload.applied) == (len(bad), 1)


def test_s0011_gives_cases_already_projected_their_bundle(db_url: str) -> None:
    command.upgrade(alembic_config(db_url), "s0009")
    engine = create_engine(normalise_url(db_url))
    with engine.begin() as connection:
        bundled = canonical_json({"bundle": {"id": "b-1", "code": BUNDLE_CODE, "name": "新生儿出生一件事"}})
        _insert_case(connection, "a", bundled, date(2026, 3, 2))
        _insert_case(connection, "b", canonical_json({"bundle": None}), date(2026, 3, 2))
    upgrade(db_url)
    with engine.connect() as connection:
        query = select(ServerCase.case_id, ServerCase.bundle_id, ServerCase.bundle_code)
        rows = {case_id: (bundle_id, code) for case_id, bundle_id, code in connection.execute(query)}
    engine.dispose()
    assert rows == {"a": ("b-1", BUNDLE_CODE), "b": (None, None)}
