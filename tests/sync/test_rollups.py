"""The tally rollups against the raw rows, on SQLite and on a real PostgreSQL.

One seeded network per backend (module-scoped): two demo windows (the hall, HALL, and a street centre, S1) upload six
working days of cases (many outcomes, completions, collections, forwarding) through the real sync client; the
hall's window resends every batch (answered *duplicate*), then completes more cases days later (late ones among
them) and uploads again; the back office completes cases of the street window through the server's own path. Every
figure the tallies take from the rollups must equal what the raw ``cases`` rows give (the raw computation is kept
here as the oracle), for periods of days, of whole months and of both, per site and for all sites — while the
cases are still only marked (nothing folded into the rollups yet), after the applier folded them, and after a case
changed again.
"""

from __future__ import annotations

import asyncio
import logging
import shutil
import threading
import time as clock
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import hypothesis  # noqa: F401 — loaded before the lifespan test loads trio: trio's hypothesis hook warns otherwise
import pytest
from alembic import command
from sqlalchemy import and_, create_engine, func, select, text, update
from sqlalchemy.orm import Session
from sync_helpers import enrol

from hallclient.cli import main
from hallclient.config import Settings
from hallclient.demo import seed
from hallclient.domain.case import Decision
from hallclient.domain.tally import DIM_INDEX, GROUPINGS, Facts, Period, integrated_windows
from hallclient.domain.workdays import WorkCalendar
from hallclient.server import admin, rollups, tallies
from hallclient.server.app import create_app
from hallclient.server.casework import complete_case
from hallclient.server.db import Database, alembic_config, normalise_url, upgrade
from hallclient.server.models import ServerCase
from hallclient.server.rollup_models import RollupCaseDay
from hallclient.server.sites import SiteInput, add_sites
from hallclient.services import cases
from hallclient.services.context import Services
from hallclient.services.users import authenticate
from hallclient.store.bootstrap import device_id, open_store
from hallclient.store.eventlog import iter_events
from hallclient.store.models import Case
from hallclient.sync.batching import batches
from hallclient.sync.transport import SyncClient
from pgtest import create_database

TODAY = date(2026, 4, 3)  # a Friday: six working days from 27 March, across the month's end
PERIODS = (
    Period(date(2026, 3, 30), TODAY),  # days only, across two months
    Period(date(2026, 3, 1), date(2026, 4, 30)),  # two whole months
    Period(date(2026, 3, 15), date(2026, 4, 30)),  # days, then a whole month
    Period(date(2026, 4, 1), date(2026, 4, 1)),  # one day
)
SITES: tuple[list[str] | None, ...] = (None, ["HALL"], ["S1"], ["HALL", "S1"])


@dataclass
class Network:
    db: Database
    url: str
    resent: int
    completed_late: int
    back_office: int
    hall: Any  # the hall window's services and link: it uploads again in the applier test


def _sync(services: Services, syncer: Any) -> None:
    for _ in range(50):
        if syncer.run_once().upload.remaining == 0:
            return
    raise AssertionError("upload did not finish")


WINDOWS = (("a", 11, "05", "HALL", 6), ("b", 23, "06", "S1", 4))  # store, seed, window, site, cases a day


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The two window stores, seeded once and copied for each backend (seeding is most of the setup's time)."""
    folder = tmp_path_factory.mktemp("rollups-windows")
    for name, number, window, _site, per_day in WINDOWS:
        store = open_store(folder / f"{name}.sqlite3")
        services = Services(store=store, settings=Settings()._replace(window=window), device_id=device_id(store))
        seed(services, days=6, cases_per_day=per_day, seed=number, today=TODAY)
        store.close()
    return folder


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def network(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, seeded: Path
) -> Iterator[Network]:
    tmp = tmp_path_factory.mktemp(f"rollups-{request.param}")
    url = f"sqlite:///{tmp / 'server.sqlite3'}" if request.param == "sqlite" else create_database(
        request.getfixturevalue("pg_cluster"), "rollups")  # fmt: skip
    app = create_app(url)
    db: Database = app.state.db
    add_sites(db, [SiteInput("S1", "东街道便民服务中心", "street", "HALL")])
    windows = []
    for name, _number, window, site, _per_day in WINDOWS:
        shutil.copyfile(seeded / f"{name}.sqlite3", tmp / f"{name}.sqlite3")
        store = open_store(tmp / f"{name}.sqlite3")
        services = Services(store=store, settings=Settings()._replace(window=window), device_id=device_id(store))
        enrolled = enrol(app, services, window)
        if site != "HALL":
            admin.move_device(db, enrolled.device_row, site)
        _sync(services, enrolled.syncer)
        windows.append((services, enrolled))
    (hall, hall_link), (street, street_link) = windows
    with hall.store.read() as session:
        log = list(iter_events(session, hall.device_id))
    resent = 0
    for batch in batches(log):  # every batch again, as after a lost answer: nothing may count twice
        answer = SyncClient(hall_link.http).upload(batch.body(hall.device_id, "2026-04-03T18:00:00+08:00"))
        assert {result.status for result in answer.results} == {"duplicate"}
        resent += len(answer.results)
    clerk = authenticate(hall, "lijun", "demo1234")
    with hall.store.read() as session:
        running = list(
            session.scalars(
                select(Case.id).where(Case.status == "accepted", Case.deficiency_open.is_(False)).order_by(Case.id)
            )
        )
    hall.clock = lambda: datetime(2026, 4, 28, 16, 0).astimezone()  # weeks later: past most promised dates
    for case_id in running[::2]:
        cases.complete(hall, clerk, case_id, Decision.APPROVED)
    _sync(hall, hall_link.syncer)
    with db.session() as session:
        street_open = list(session.scalars(select(ServerCase.case_no).where(
            ServerCase.site_code == "S1", ServerCase.completed_at.is_(None),
            ServerCase.status == "accepted", ServerCase.outcome == "accept").order_by(ServerCase.case_no)))  # fmt: skip
    for case_no in street_open[:3]:
        with db.session() as session:
            complete_case(session, case_no, "approved", "后台办结", "zhaomin")
    _sync(street, street_link.syncer)  # the window takes the completion and uploads what follows from it
    with db.session() as session:
        late = sum(counts[4] for counts in rollups.case_counts(session, PERIODS[1], ["site_code", "outcome"]).values())
    yield Network(db, url, resent, int(late), len(street_open[:3]), windows[0])
    for services, _link in windows:
        services.store.close()
    db.dispose()


def _marked(db: Database) -> int:
    with db.session() as session:
        return int(session.scalar(select(func.count()).select_from(ServerCase).where(text("rollup_dirty"))) or 0)


def test_tallies_are_exact_while_cases_wait_for_the_applier_and_after_it_folds_them(
    network: Network, capsys: pytest.CaptureFixture[str]
) -> None:
    """Uploaded but not folded in: every figure already counts the cases (read with the rollups in one statement);
    folded by ``rollups apply``: the same; a folded case completed by the back office, another by its window (an
    upload: ingest's UPDATE) is marked by that UPDATE and counted exactly before and after the next fold.
    First in the module: nothing has folded the fixture's cases yet."""
    db = network.db
    with db.session() as session:
        total = int(session.scalar(select(func.count()).select_from(ServerCase)) or 0)
        rows = session.scalar(select(func.count()).select_from(RollupCaseDay))
    assert _marked(db) == total > 0 and rows == 0, "uploaded, nothing folded yet"
    light: dict[str, Any] = {"scopes": (None, ["S1"]), "groupings": ("department", "clerk")}
    _assert_exact(db, PERIODS[0], **light)
    _assert_exact(db, PERIODS[2], **light)
    _assert_coarse_exact(db, PERIODS[1])
    capsys.readouterr()
    assert main(["server", "rollups", "apply", "--db", network.url]) == 0
    assert capsys.readouterr().out.strip() == f"已汇入 {total} 个办件"
    assert _marked(db) == 0
    _assert_exact(db, PERIODS[0], **light)
    _assert_exact(db, PERIODS[2], **light)
    _assert_coarse_exact(db, PERIODS[1])
    with db.session() as session:
        case_no = session.scalar(select(ServerCase.case_no).where(
            ServerCase.site_code == "HALL", ServerCase.completed_at.is_(None), ServerCase.status == "accepted",
            ServerCase.outcome == "accept", ServerCase.case_no.not_like("%#%"))  # not renamed: the window knows it
            .order_by(ServerCase.case_no))  # fmt: skip
    assert case_no is not None
    with db.session() as session:
        complete_case(session, case_no, "approved", "后台办结", "zhaomin")
    assert _marked(db) == 1
    _assert_exact(db, PERIODS[2], **light)
    _assert_coarse_exact(db, PERIODS[1])
    assert rollups.fold_all(db.engine) == 1
    _assert_exact(db, PERIODS[2], **light)
    hall, link = network.hall  # the window completes a folded case of its own and uploads: ingest's UPDATE marks it
    with hall.store.read() as session:
        case_id = session.scalar(select(Case.id).where(Case.status == "accepted", Case.deficiency_open.is_(False),
                                                       Case.case_no != case_no).order_by(Case.id))  # fmt: skip
    assert case_id is not None
    cases.complete(hall, authenticate(hall, "lijun", "demo1234"), case_id, Decision.APPROVED)
    _sync(hall, link.syncer)
    with db.session() as session:
        assert session.scalar(select(ServerCase.rollup_dirty).where(ServerCase.case_id == case_id)) is True
    _assert_exact(db, PERIODS[2], **light)
    assert rollups.fold_all(db.engine) >= 1 and _marked(db) == 0
    _assert_exact(db, PERIODS[2], **light)
    with db.engine.connect() as connection:
        assert rollups.check(connection) == []


def _mark(db: Database, site: str) -> int:
    """Touch the cases of ``site`` as any writer would (an UPDATE not naming the mark): returns how many."""
    with db.session() as session:
        result = session.execute(update(ServerCase).where(ServerCase.site_code == site)
                                 .values(conflict=ServerCase.conflict))  # fmt: skip
        return int(result.rowcount)  # type: ignore[attr-defined]


def test_every_server_process_folds_marked_cases_in_the_background(network: Network) -> None:
    """The app's lifespan runs the applier (as ``hallclient serve`` does): cases marked by any UPDATE are folded in
    without a command, and the loop stops with the app."""
    assert _mark(network.db, "S1") > 0 and _marked(network.db) > 0
    app = create_app(network.url, migrate=False)

    async def serve_until_folded() -> None:  # the app's startup and shutdown, as uvicorn runs them
        async with app.router.lifespan_context(app):
            deadline = clock.monotonic() + 20
            while _marked(network.db) and clock.monotonic() < deadline:
                await asyncio.sleep(0.05)

    asyncio.run(serve_until_folded())
    assert _marked(network.db) == 0
    assert not any(thread.name == "rollup-applier" and thread.is_alive() for thread in threading.enumerate())
    _assert_exact(network.db, PERIODS[2], scopes=(["S1"],), groupings=("matter",))


def test_appliers_skip_the_cases_another_holds_and_an_upload_waits_for_them(network: Network) -> None:
    """PostgreSQL, several server processes: a second applier folds the other marked cases instead of waiting; an
    upload changing a case an applier holds waits for its commit and marks the case again (folded next round)."""
    if network.db.dialect != "postgresql":
        pytest.skip("SQLite has one writer at a time: appliers and uploads queue on the database lock")
    marked = _mark(network.db, "S1")
    engine = network.db.engine
    with engine.connect() as first:
        with first.begin():
            assert rollups.fold_pending(first, limit=2) == 2
            unmarked = select(ServerCase.case_id).where(
                ServerCase.site_code == "S1", ServerCase.rollup_dirty.is_(False)
            )
            held = list(first.scalars(unmarked))
            with engine.begin() as second:
                assert rollups.fold_pending(second, limit=1000) == marked - 2  # skipped the two held, did not wait
            upload = threading.Thread(target=_touch, args=(engine, held[0]))
            upload.start()
            upload.join(timeout=0.5)
            assert upload.is_alive(), "the upload waits on the held row"
        upload.join(timeout=10)
    assert not upload.is_alive() and _marked(network.db) == 1  # marked again after the applier's commit
    assert rollups.fold_all(engine) == 1
    with engine.connect() as connection:
        assert rollups.check(connection) == []


def _touch(engine: Any, case_id: str) -> None:
    with engine.begin() as connection:
        connection.execute(update(ServerCase).where(ServerCase.case_id == case_id).values(conflict=""))


@pytest.mark.logs_expected("hallclient.server.rollups")
def test_an_applier_round_that_fails_is_logged_and_retried(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'no-schema.sqlite3'}")  # no cases table: every round fails
    applier = rollups.Applier(engine, interval=0.01)
    with caplog.at_level(logging.ERROR, logger="hallclient.server.rollups"):
        applier.start()
        deadline = clock.monotonic() + 5
        while len(caplog.records) < 2 and clock.monotonic() < deadline:
            clock.sleep(0.01)
        applier.stop()
    engine.dispose()
    assert len([r for r in caplog.records if "rollup applier round failed" in r.getMessage()]) >= 2
    assert not applier._thread.is_alive()


def test_the_scenario_moves_the_counts_it_should(network: Network) -> None:
    """The dataset is not trivial: resends happened, cases were completed late, the back office completed some."""
    assert network.resent > 50 and network.completed_late > 0 and network.back_office == 3
    with network.db.session() as session:
        by_site = rollups.case_counts(session, PERIODS[1], ["site_code"])
        raw = dict(session.execute(select(ServerCase.site_code, func.count()).group_by(ServerCase.site_code)).all())
        back_office = session.scalar(select(func.count()).where(ServerCase.back_office_by != ""))
    assert {site: counts[0] for site, counts in ((key[0], value) for key, value in by_site.items())} == raw
    assert (back_office or 0) >= 3  # (4 after the applier test)


# --- the oracle: the raw computation the tallies did before the rollups ----------------------------------------------


def _raw_cases(session: Session, period: Period, sites: list[str] | None) -> tuple[dict[Any, Any], list[int]]:
    s = ServerCase
    query = select(s.window, s.clerk_id, s.department_code, s.matter_code, s.channel, s.outcome, s.assisted,
                   s.green_channel, s.promised_date, s.completed_at, s.received_at, s.received_offset_min).where(
        s.received_on >= period.start, s.received_on <= period.end, tallies.in_sites(s.site_code, sites))  # fmt: skip
    grouped: dict[tuple[Any, ...], list[int]] = {}
    hourly = [0] * 24
    for row in session.execute(query):
        dims = (row.window, row.clerk_id, row.department_code, row.matter_code, row.channel)
        offset = timedelta(minutes=row.received_offset_min or 0)
        done = row.completed_at + offset if row.completed_at is not None else None
        late = int(bool(done and row.promised_date and done.date() > row.promised_date))
        found = grouped.setdefault((dims, row.outcome), [0] * 5)
        for index, value in enumerate((1, int(done is not None), int(row.assisted), int(row.green_channel), late)):
            found[index] += value
        if row.received_at is not None:
            hourly[(row.received_at + offset).hour] += 1
    departments: dict[str, set[str]] = {}
    for dims, _outcome in grouped:
        departments.setdefault(dims[0], set()).add(dims[2])
    integrated = integrated_windows({window: len(seen) for window, seen in departments.items()}, {})
    return {key: (*counts, counts[0] if key[0][0] in integrated else 0) for key, counts in grouped.items()}, hourly


def _raw_running(session: Session, as_of: date, limit: date, sites: list[str] | None) -> Counter[Any]:
    s = ServerCase
    cutoff = datetime.combine(as_of + timedelta(days=1), time())
    query = select(s.window, s.clerk_id, s.department_code, s.matter_code, s.channel, s.promised_date,
                   s.completed_at, s.received_offset_min, s.status).where(
        s.received_on <= as_of, tallies.in_sites(s.site_code, sites))  # fmt: skip
    counted: Counter[Any] = Counter()
    for row in session.execute(query):
        done = row.completed_at + timedelta(minutes=row.received_offset_min or 0) if row.completed_at else None
        if row.status in tallies.NOT_RUNNING or (done is not None and done < cutoff) or row.promised_date is None:
            continue
        if row.promised_date <= limit:
            counted[(tuple(row[:5]), row.promised_date)] += 1
    return counted


def _facts_cases(facts: Facts) -> dict[Any, Any]:
    found: dict[Any, list[int]] = {}
    for dims, outcome, *counts in facts.cases:
        total = found.setdefault((dims, outcome), [0] * 6)
        for index, value in enumerate(counts):
            total[index] += value
    return {key: tuple(value) for key, value in found.items() if value[0]}


def _project(found: dict[Any, Any], index: int) -> dict[Any, Any]:
    """The full-dimension figures summed to (grouping value, channel, outcome), as the grouped loader keys them."""
    out: dict[Any, list[int]] = {}
    for (dims, outcome), counts in found.items():
        key = (dims[index], dims[4], outcome)
        total = out.setdefault(key, [0] * 6)
        for position, value in enumerate(counts):
            total[position] += value
    return {key: tuple(value) for key, value in out.items()}


@pytest.mark.parametrize("period", PERIODS, ids=lambda period: period.label())
def test_every_case_figure_from_the_rollups_equals_the_raw_rows(network: Network, period: Period) -> None:
    _assert_exact(network.db, period)


def _assert_exact(db: Database, period: Period, scopes: tuple[list[str] | None, ...] = SITES,
                  groupings: tuple[str, ...] = tuple(GROUPINGS)) -> None:  # fmt: skip
    """Every case figure of ``period`` from the rollups (plus what the marked cases owe them) = the raw rows."""
    calendar = WorkCalendar.load_default()
    as_of = min(period.end, TODAY)
    limit = calendar.add_workdays(as_of, 2)
    with db.session() as session:
        for sites in scopes:
            raw, hourly = _raw_cases(session, period, sites)
            facts = tallies.load_server_facts(session, period, as_of, limit, sites)
            assert _facts_cases(facts) == raw, (period, sites)
            assert facts.hourly == hourly
            assert Counter({(dims, day): n for dims, day, n in facts.deadlines}) == _raw_running(
                session, as_of, limit, sites)  # fmt: skip
            for grouping in groupings:
                grouped = tallies.load_grouped_facts(session, period, as_of, limit, grouping, sites)
                index = DIM_INDEX[grouping]
                expected = _project(raw, index)
                found = {(d[index], d[4], outcome): tuple(rest) for d, outcome, *rest in grouped.cases}
                assert found == {key: value for key, value in expected.items() if value[0]}, (grouping, sites)
                deadlines: Counter[Any] = Counter()
                for (dims, day), n in _raw_running(session, as_of, limit, sites).items():
                    deadlines[(dims[index], day)] += n
                assert Counter({(d[index], day): n for d, day, n in grouped.deadlines}) == deadlines
        rows = tallies.site_rows(session, period, None, Facts())
        own = {row.code: (row.own_cases, row.own_completed) for row in rows}
        raw_sites = dict.fromkeys(own, (0, 0))
        for site in ("HALL", "S1"):
            figures, _ = _raw_cases(session, period, [site])
            raw_sites[site] = (sum(v[0] for v in figures.values()), sum(v[1] for v in figures.values()))
        assert own == raw_sites


@pytest.mark.parametrize(("index", "predicate"), [("ix_cases_open_promised", tallies.OPEN_PREDICATE),
                                                  ("ix_cases_rollup_dirty", "rollup_dirty")])  # fmt: skip
def test_open_and_marked_cases_are_read_through_their_partial_index(
    network: Network, index: str, predicate: str
) -> None:
    """The as-of figures read the open cases, every tally the marked ones: through the partial index on both engines
    (on PostgreSQL, the partitions' copies of the index created on the partitioned parent)."""
    s = ServerCase
    query = select(s.window, s.promised_date).where(text(predicate))
    if index == "ix_cases_open_promised":
        query = query.where(s.promised_date <= TODAY)
    with network.db.session() as session:
        compiled = query.compile(session.get_bind(), compile_kwargs={"literal_binds": True})
        if session.get_bind().dialect.name == "postgresql":
            session.execute(text("SET LOCAL enable_seqscan = off"))  # a tiny table: prove the index can answer
            session.execute(text("SET LOCAL enable_bitmapscan = off"))
            plan = "\n".join(row[0] for row in session.execute(text(f"EXPLAIN {compiled}")))
            children = text("SELECT child.relname FROM pg_inherits JOIN pg_class child ON child.oid = inhrelid "
                            "JOIN pg_class parent ON parent.oid = inhparent WHERE parent.relname = :index")  # fmt: skip
            names = set(session.scalars(children, {"index": index}))
            assert any(f"using {name} " in plan for name in names) and "Seq Scan" not in plan, plan
        else:
            plan = "\n".join(str(row[-1]) for row in session.execute(text(f"EXPLAIN QUERY PLAN {compiled}")))
            assert index in plan, plan


def test_check_finds_a_wrong_row_and_rebuild_mends_it(network: Network, capsys: pytest.CaptureFixture[str]) -> None:
    rollups.fold_all(network.db.engine)  # rows to tamper with (the fixture's cases are only marked)
    assert main(["server", "rollups", "check", "--db", network.url]) == 0
    with network.db.session() as session:
        day = session.scalar(select(func.min(RollupCaseDay.day)).where(RollupCaseDay.n > 0))
        session.execute(update(RollupCaseDay).where(RollupCaseDay.day == day).values(n=RollupCaseDay.n + 1))
    capsys.readouterr()
    assert main(["server", "rollups", "check", "--db", network.url, "--from", "2026-03-01"]) == 1
    out = capsys.readouterr().out
    assert "处与原始办件不符" in out and ("days HALL" in out or "days S1" in out)
    # Cases changed but not folded yet, on the rebuilt day, another day of its month, another month: rebuild settles
    # them all (what they owe rows it does not recompute is added; the rest it recomputes) and leaves none marked.
    assert day is not None
    s = ServerCase
    with network.db.session() as session:
        picked = [session.scalar(select(s.case_id).where(where).order_by(s.case_id)) for where in (
            s.received_on == day, and_(s.received_on > day, s.received_on < rollups.month_of(day) + timedelta(days=31),
                                       func.extract("month", s.received_on) == day.month),
            func.extract("month", s.received_on) != day.month)]  # fmt: skip
        assert all(picked), picked
        session.execute(update(s).where(s.case_id.in_(picked)).values(assisted=~s.assisted))
    assert _marked(network.db) == 3
    assert main(["server", "rollups", "rebuild", "--db", network.url, "--from", str(day), "--to", str(day)]) == 0
    assert main(["server", "rollups", "check", "--db", network.url]) == 0
    assert "一致" in capsys.readouterr().out
    assert _marked(network.db) == 0  # rebuild settles every marked case (see the applier test for the cases owed)


def test_bad_dates_are_refused_and_nothing_is_written(network: Network, capsys: pytest.CaptureFixture[str]) -> None:
    with network.db.session() as session:
        before = session.scalar(select(func.sum(RollupCaseDay.n)))
    assert main(["server", "rollups", "rebuild", "--db", network.url, "--from", "2026-02-30"]) != 0
    assert (
        main(["server", "rollups", "rebuild", "--db", network.url, "--from", "2026-04-02", "--to", "2026-04-01"]) != 0
    )
    err = capsys.readouterr().err
    assert "YYYY-MM-DD" in err and "早于" in err
    with network.db.session() as session:
        assert session.scalar(select(func.sum(RollupCaseDay.n))) == before


def _insert_case(
    connection: Any,
    case_id: str,
    on: date,
    *,
    promised: date,
    green: bool = False,
    completed_at: datetime | None = None,
    month: bool = True,
) -> None:
    """A case row written in SQL (a schema of any revision since s0012; ``month``: it has ``case_month``, s0013)."""
    columns = (
        'case_id, case_no, device_id, "window", matter_code, matter_name, department_code, channel, '
        "applicant_kind, applicant_name, green_channel, assisted, clerk_id, clerk_name, intake, received_on, "
        "received_at, received_offset_min, outcome, status, state, last_event_type, last_seq, events_count, "
        "back_office_by, conflict, updated_at, promised_date, completed_at, site_code"
        + (", case_month" if month else "")
    )
    connection.execute(text(
        f"INSERT INTO cases ({columns}) VALUES (:id, :no, 'd', '05', 'M', 'm', 'BDC', 'on_site', 'person', '张三', "
        ":green, false, 'c', '王芳', '', :on, :at, 480, 'accept', :status, '{}', 'case.accepted', 1, 1, '', '', :at, "
        ":promised, :done, 'HALL'" + (", :month)" if month else ")")),
        {"id": case_id, "no": f"NO-{case_id}", "on": on, "at": datetime.combine(on, time(1, 30)), "green": green,
         "status": "completed" if completed_at else "accepted", "promised": promised, "done": completed_at,
         "month": on.replace(day=1)})  # fmt: skip


def test_months_whose_raw_cases_were_archived_are_never_rebuilt_or_checked_from_nothing(
    db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """After ``partitions archive`` dropped a month's cases, the rollups are its only figures: a rebuild from the raw
    rows would silently erase them and a check would call every row wrong. Both refuse the month with one line
    (exit 2) and change nothing; ranges after it still work. (Deleting the month's rows stands in for the archive,
    which only PostgreSQL has.)"""
    upgrade(db_url)
    engine = create_engine(normalise_url(db_url))
    with engine.begin() as connection:
        for case_id, day in (("a", date(2026, 3, 2)), ("b", date(2026, 4, 1)), ("c", date(2026, 4, 2))):
            _insert_case(connection, case_id, day, promised=day)
    assert rollups.fold_all(engine) == 3
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM cases WHERE case_month = :m"), {"m": date(2026, 3, 1)})
        assert rollups.gone_months(connection) == [date(2026, 3, 1)]
        kept = connection.execute(select(RollupCaseDay.day, RollupCaseDay.n).order_by(RollupCaseDay.day)).all()
    engine.dispose()
    assert [tuple(row) for row in kept] == [(date(2026, 3, 2), 1), (date(2026, 4, 1), 1), (date(2026, 4, 2), 1)]
    capsys.readouterr()
    for action in (["rebuild"], ["check"], ["rebuild", "--from", "2026-03-15"]):
        assert main(["server", "rollups", *action, "--db", db_url]) == 2, action
        err = capsys.readouterr().err
        assert "2026-03 的原始办件已不在库中（已归档）" in err and "--from 2026-04-01" in err
        assert len(err.splitlines()) == 1
    assert main(["server", "rollups", "rebuild", "--db", db_url, "--from", "2026-04-01"]) == 0
    assert main(["server", "rollups", "check", "--db", db_url, "--from", "2026-04-01"]) == 0
    engine = create_engine(normalise_url(db_url))
    with engine.connect() as connection:
        after = connection.execute(select(RollupCaseDay.day, RollupCaseDay.n).order_by(RollupCaseDay.day)).all()
    engine.dispose()
    assert [tuple(row) for row in after] == [tuple(row) for row in kept]  # March kept, April rebuilt the same


def test_the_migration_backfills_the_rollups_of_existing_cases(db_url: str) -> None:
    command.upgrade(alembic_config(db_url), "s0012")
    engine = create_engine(normalise_url(db_url))
    with engine.begin() as connection:
        for case_id, done in (("a", None), ("b", datetime(2026, 3, 9, 17)), ("c", None)):
            on, promised = date(2026, 3, 2), date(2026, 3, 9)
            _insert_case(connection, case_id, on, promised=promised, green=True, completed_at=done, month=False)
    upgrade(db_url)
    with engine.connect() as connection:
        rows = connection.execute(select(RollupCaseDay.n, RollupCaseDay.completed, RollupCaseDay.assisted,
                                         RollupCaseDay.late, RollupCaseDay.day)).all()  # fmt: skip
        assert rollups.check(connection) == []
        settled = connection.execute(select(ServerCase.rollup_dirty, ServerCase.rolled_up)).all()
    engine.dispose()
    assert len(settled) == 3 and all(not dirty and snapshot for dirty, snapshot in settled)  # nothing left to fold
    # b completed at 17:00 UTC on the 9th = 01:00 on the 10th in the hall: one day after its promised date
    assert [tuple(row) for row in rows] == [(3, 1, 0, 1, date(2026, 3, 2))]


COARSE_SCOPES: tuple[tuple[list[str] | None, str], ...] = ((None, "*"), (["S1"], "S1"))  # province, a district


@pytest.mark.parametrize("period", PERIODS, ids=lambda period: period.label())
def test_province_and_district_figures_from_the_region_rows_equal_the_raw_rows(
    network: Network, period: Period
) -> None:
    """Every site (``*``) and a region (S1, a child of the root): the grouped figures read from the region rows for
    whole months equal the raw rows; 一窗受理 too by department, and by matter or channel it is left out (0) only
    when whole months are read."""
    _assert_coarse_exact(network.db, period)


def _assert_coarse_exact(db: Database, period: Period) -> None:
    as_of = min(period.end, TODAY)
    limit = WorkCalendar.load_default().add_workdays(as_of, 2)
    months = rollups.spans(period).months is not None
    with db.session() as session:
        assert rollups.coarse_region(session, None) == "*" and rollups.coarse_region(session, "S1") == "S1"
        assert rollups.coarse_region(session, "HALL") is None  # the root's subtree: read the site rows
        for sites, region in COARSE_SCOPES:
            raw, _hourly = _raw_cases(session, period, sites)
            for grouping in GROUPINGS:
                grouped = tallies.load_grouped_facts(session, period, as_of, limit, grouping, sites, region)
                index = DIM_INDEX[grouping]
                expected = {key: value for key, value in _project(raw, index).items() if value[0]}
                if months and grouping in tallies.NO_ONE_WINDOW:
                    expected = {key: (*value[:5], 0) for key, value in expected.items()}
                found: dict[Any, list[int]] = {}
                for d, outcome, *rest in grouped.cases:
                    total = found.setdefault((d[index], d[4], outcome), [0] * 6)
                    for position, value in enumerate(rest):
                        total[position] += value
                if grouping == "department":  # its 一窗受理 sits on one row of each department: compare per department
                    assert _by_first(found) == _by_first(expected), (region, period)
                    expected = {key: (*value[:5], 0) for key, value in expected.items()}
                    found = {key: [*value[:5], 0] for key, value in found.items()}
                assert {key: tuple(value) for key, value in found.items()} == expected, (grouping, region)


def _by_first(found: dict[Any, Any]) -> dict[str, tuple[int, ...]]:
    out: dict[str, list[int]] = {}
    for key, counts in found.items():
        total = out.setdefault(key[0], [0] * 6)
        for position, value in enumerate(counts):
            total[position] += value
    return {key: tuple(value) for key, value in out.items()}


def test_a_quarter_of_several_sites_reads_the_region_rows_and_says_what_it_leaves_out(network: Network) -> None:
    """The tables picked: whole months of a province/district from the region rows, by site from the totals, window
    and clerk from the site rows; a wrong region row shows in the tally (it is read) and in ``check``."""
    assert rollups._month_table(["department_code", "channel", "outcome"], {"05"}, "*") is rollups.REGION_MONTHS
    assert rollups._month_table(["matter_code", "channel", "outcome"], {"05"}, "*") is rollups.MONTHS
    assert rollups._month_table(["window", "department_code"], None, "S1") is rollups.REGION_WINDOWS
    assert rollups._month_table(["window", "channel", "outcome"], None, "*") is rollups.MONTHS
    assert rollups._month_table(["site_code"], None, None) is rollups.SITE_MONTHS
    months = PERIODS[1]
    now = datetime(2026, 5, 6, 9)
    with network.db.session() as session:
        tally = tallies.grouped_tally(session, months, "matter", hall_name="区", today=date(2026, 5, 6), now=now)
        assert any("一窗受理" in note for note in tally.notes)
        by_department = tallies.grouped_tally(session, months, "department", hall_name="区", today=date(2026, 5, 6),
                                              now=now)  # fmt: skip
        assert not any("一窗受理" in note for note in by_department.notes)
        cases = by_department.total.cases
        try:
            _tamper_and_read(session, months, now, cases)
        finally:
            session.rollback()


def _tamper_and_read(session: Session, months: Period, now: datetime, cases: int) -> None:
    """Add 7 cases to rows of every site (``*``) of April: the tally reads them, ``check`` names them."""
    session.execute(text("UPDATE rollup_region_months SET n = n + 7 WHERE region_code = '*' AND "
                         "month = '2026-04-01' AND n > 0 AND shard = (SELECT min(shard) FROM rollup_region_months "
                         "WHERE region_code = '*' AND month = '2026-04-01' AND n > 0)"))  # fmt: skip
    session.flush()
    tampered = tallies.grouped_tally(session, months, "department", hall_name="区", today=date(2026, 5, 6), now=now)
    assert tampered.total.cases > cases
    assert any(d.table == "region_months" and d.key[0] == "*" for d in rollups.check(session.connection()))
