"""Download: catalog, calendar, users and back-office case updates; cursor in the same transaction; refetch."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select, update
from sync_helpers import Enrolled, intake

from hallclient.domain.catalog import Catalog, Department, Material, Matter, MatterKind, MatterType
from hallclient.domain.workdays import WorkCalendar
from hallclient.server import admin
from hallclient.server.casework import complete_case
from hallclient.server.db import Database
from hallclient.server.models import FeedState, ServerCase
from hallclient.services.catalog import load_catalog
from hallclient.services.context import Actor, Services
from hallclient.services.users import authenticate
from hallclient.store.bootstrap import load_calendar
from hallclient.store.models import Case, Event, EventAck
from hallclient.sync import downloader
from hallclient.sync.transport import SyncError
from workday_helpers import SHANGHAI, SIMULATED_2027, SettableClock

NEW_CATALOG = Catalog(
    departments=(Department("SW", "税务局"),),
    matters=(
        Matter(
            "SW0001",
            "发票领用",
            "SW",
            MatterKind.IMMEDIATE,
            0,
            0,
            matter_type=MatterType.OTHER_POWER,
            materials=(Material("F1", "营业执照"),),
        ),
    ),
    version="server-7",
)


def test_catalog_calendar_and_users_arrive_and_clerks_can_log_in_offline(
    services: Services, enrolled: Enrolled, server_db: Database
) -> None:
    admin.import_catalog(server_db, NEW_CATALOG)
    calendar = WorkCalendar.from_dict(
        {"version": "hall-2027", "years": {"2027": {"source": "测试用", "holidays": ["2027-01-01"]}}}
    )
    admin.import_calendar(server_db, calendar)
    admin.add_user(server_db, "chen", "陈静", "supervisor", "secret123")
    summary = enrolled.syncer.run_once()
    assert summary.download.changes == 4  # and the device's site, published at enrolment
    local = load_catalog(services.store)
    assert [m.code for m in local.matters] == ["SW0001"] and local.version == "server-7"
    assert local.matters[0].pinyin_initials == "fply"
    assert local.matters[0].matter_type is MatterType.OTHER_POWER  # the type travels with the published catalog
    merged = load_calendar(services.store)
    assert not merged.is_workday(date(2027, 1, 1)) and 2025 in merged.years  # bundled years kept
    at_this_pc = replace(services, settings=services.settings._replace(device_token=enrolled.token))
    assert authenticate(at_this_pc, "chen", "secret123").role == "supervisor"
    assert downloader.cursor(services.store)[1] == 4
    # Nothing new: the next round downloads nothing and keeps the cursor.
    assert enrolled.syncer.run_once().download.changes == 0


def test_a_calendar_arriving_by_sync_recounts_provisional_deadlines_here_and_on_the_server(
    services: Services, clerk: Actor, clock: SettableClock, enrolled: Enrolled, server_db: Database
) -> None:
    clock.moment = datetime(2026, 12, 28, 9, 0, tzinfo=SHANGHAI)
    case = intake(services, clerk)  # promised Jan 4, 2027 counted Monday-Friday: provisional
    assert case.state.promised_date == date(2027, 1, 4) and case.state.provisional
    enrolled.syncer.run_once()
    admin.import_calendar(server_db, WorkCalendar.from_dict(SIMULATED_2027))

    summary = enrolled.syncer.run_once()

    assert summary.download.recomputed == 1
    assert "新工作日历重算了 1 件办件的暂定期限" in summary.line()
    with services.store.read() as session:
        row = session.scalar(select(Case).where(Case.case_no == case.case_no))
        assert row is not None and (row.promised_date, row.deadlines_provisional) == (date(2027, 1, 5), "")
        recount = session.scalar(select(Event).where(Event.type == "case.deadlines_recomputed"))
        assert recount is not None and recount.case_id == case.case_id
    # The recount is a local event like any other: the next round uploads it and the server applies it.
    assert enrolled.syncer.run_once().upload.sent == 1
    with server_db.session() as session:
        server_case = session.scalar(select(ServerCase).where(ServerCase.case_no == case.case_no))
        assert server_case is not None
        assert (server_case.promised_date, server_case.last_event_type) == (
            date(2027, 1, 5),
            "case.deadlines_recomputed",
        )


def test_a_recount_after_back_office_completion_is_not_a_conflict(
    services: Services, clerk: Actor, clock: SettableClock, enrolled: Enrolled, server_db: Database
) -> None:
    clock.moment = datetime(2026, 12, 28, 9, 0, tzinfo=SHANGHAI)
    case = intake(services, clerk)
    enrolled.syncer.run_once()
    with server_db.session() as session:
        complete_case(session, case.case_no, "approved", "后台办结", "zhao")
    # The recount is recorded before this device has heard of the completion (the calendar came by hand).
    from hallclient.services.calendar import apply_calendar

    with services.store.write() as session:
        applied = apply_calendar(
            session, WorkCalendar.from_dict(SIMULATED_2027), device_id=services.device_id, now=clock.moment
        )
    assert applied.recomputed == (case.case_no,)
    enrolled.syncer.run_once()
    with server_db.session() as session:
        server_case = session.scalar(select(ServerCase).where(ServerCase.case_no == case.case_no))
        assert server_case is not None
        assert (server_case.status, server_case.conflict) == ("completed", "")
        assert server_case.promised_date == date(2027, 1, 5)


def test_back_office_completion_updates_only_the_local_case_row(
    services: Services, clerk: Actor, enrolled: Enrolled, server_db: Database
) -> None:
    case = intake(services, clerk)
    enrolled.syncer.run_once()
    with server_db.session() as session:
        complete_case(session, case.case_no, "approved", "后台办结", "zhao")
    summary = enrolled.syncer.run_once()
    assert summary.download.changes == 1
    assert summary.upload.sent == 0  # the server's update is not a local event: nothing goes back up
    with services.store.read() as session:
        row = session.scalar(select(Case).where(Case.case_no == case.case_no))
        assert row is not None and (row.status, row.decision) == ("completed", "approved")
        assert row.completed_at is not None
        assert len(session.scalars(select(EventAck)).all()) == 3  # user.added, the intake and its notice


def test_a_failed_page_leaves_cursor_and_data_untouched(
    services: Services, enrolled: Enrolled, server_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    admin.add_user(server_db, "chen", "陈静", "clerk", "secret123")
    admin.import_catalog(server_db, NEW_CATALOG)

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("disk full while applying the catalog")

    monkeypatch.setattr(downloader, "replace_catalog", broken)
    with pytest.raises(RuntimeError):
        enrolled.syncer.run_once()
    assert downloader.cursor(services.store) == ("", 0)
    with pytest.raises(Exception, match="用户名或密码错误"):
        authenticate(services, "chen", "secret123")  # the user change of the same page was rolled back too
    monkeypatch.undo()
    assert enrolled.syncer.run_once().download.changes == 3  # with the device's site from its enrolment


@pytest.mark.logs_expected("hallclient.sync")
def test_must_refetch_after_server_database_change_resyncs_once(
    services: Services, enrolled: Enrolled, server_db: Database
) -> None:
    admin.add_user(server_db, "chen", "陈静", "clerk", "secret123")
    enrolled.syncer.run_once()
    with server_db.session() as session:  # the server database was replaced (new epoch)
        session.execute(update(FeedState).values(epoch="another-database"))
    summary = enrolled.syncer.run_once()
    assert summary.download.refetched
    assert downloader.cursor(services.store) == ("another-database", 2)  # the site (enrolment), the user
    assert not enrolled.syncer.run_once().download.refetched  # and it does not happen again


@pytest.mark.logs_expected("hallclient.sync")
def test_refetch_loop_is_cut(services: Services, enrolled: Enrolled, monkeypatch: pytest.MonkeyPatch) -> None:
    from hallclient.protocol.wire import ChangesPage

    calls = {"changes": 0, "snapshot": 0}
    real_snapshot = enrolled.syncer.client.snapshot

    def always_refetch(after: int, epoch: str) -> ChangesPage:
        calls["changes"] += 1
        return ChangesPage(epoch="e", changes=[], next_after=0, head=0, more=False, must_refetch=True, reason="x")

    def counted_snapshot() -> object:
        calls["snapshot"] += 1
        return real_snapshot()

    monkeypatch.setattr(enrolled.syncer.client, "changes", always_refetch)
    monkeypatch.setattr(enrolled.syncer.client, "snapshot", counted_snapshot)
    with pytest.raises(SyncError, match="以免循环"):
        enrolled.syncer.run_once()
    assert calls == {"changes": 2, "snapshot": 1}


def test_feed_versions_follow_commit_order_and_compaction(server_db: Database, tmp_path: Path) -> None:
    for name in ("a1", "a2"):
        admin.add_user(server_db, name, name, "clerk", "secret123")
    admin.import_catalog(server_db, NEW_CATALOG)
    admin.import_catalog(server_db, NEW_CATALOG)  # supersedes the previous catalog entry
    from hallclient.server import feed

    with server_db.session() as session:
        page = feed.page(session, "any-device", 0, "", key=b"device key")
    assert [(c.version, c.kind) for c in page.changes] == [(1, "user"), (2, "user"), (4, "catalog")]
    assert page.next_after == 4 and not page.more
