"""``GET /v1/tallies`` end to end: a seeded window uploads through the real sync client to a live server,
and the hall-wide figures equal the window's own local tally; roles, bad periods and the CLI with fallback."""

from __future__ import annotations

import json
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from datetime import date, datetime
from datetime import time as clock_time
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import func, select

from hallclient.cli import main
from hallclient.config import Settings
from hallclient.demo import seed
from hallclient.domain.tally import GROUPINGS, Period, Tally
from hallclient.paths import resource_path
from hallclient.reports.server import fetch_tallies
from hallclient.server.db import Database
from hallclient.server.models import StoredEvent
from hallclient.services import complaints, ratings
from hallclient.services.context import Services
from hallclient.services.tallies import local_tallies
from hallclient.services.users import authenticate
from hallclient.store.bootstrap import device_id, open_store
from hallclient.store.models import Case, Event
from hallclient.store.supervision_models import Complaint
from hallclient.sync.engine import Syncer
from hallclient.sync.transport import SyncClient, make_http

SEED_DAY = date(2026, 3, 13)  # a Friday: the seed covers Thursday and Friday
PERIOD = Period(date(2026, 3, 12), SEED_DAY)
FIGURES_EXACT = ("handling_median_s", "handling_p90_s")  # compared approximately (julianday rounding locally)


def _at(hour: int) -> Any:
    moment = datetime.combine(SEED_DAY, clock_time(hour)).astimezone()
    return lambda: moment


def _supervision(services: Services) -> None:
    """On the seed day: a bad review taken through the six steps (closed), another left open, another cleared
    by an upheld appeal, a phone complaint closed and a suggestion-box one still open."""
    clerk = authenticate(services, "lijun", "demo1234")
    boss = authenticate(services, "zhaomin", "demo1234")
    with services.store.read() as session:
        case = session.scalars(select(Case).order_by(Case.received_at.desc())).first()
        assert case is not None
        case_id, case_no = case.id, case.case_no
    services.clock = _at(15)
    rating_id = ratings.record_rating(services, clerk, level=1, case_id=case_id, reason="等候太久")
    with services.store.read() as session:
        task = session.scalar(select(Complaint.id).where(Complaint.rating_id == rating_id))
    assert task is not None
    services.clock = _at(16)
    complaints.assign_handler(services, boss, task, boss.user_id)  # a new-style event: complaint.assigned
    for step, note in zip(complaints.STEPS, ("已受理", "核实属实", "已调整叫号", "已回访", "排查同类窗口", "纳入培训"),
                          strict=True):  # fmt: skip
        complaints.record_step(services, boss, task, step, note, result="满意" if step == "follow_up" else "")
    ratings.record_rating(services, clerk, level=2, case_id=case_id, reason="材料退回")  # its task stays open
    phone = complaints.register_complaint(
        services, boss, complaints.ComplaintInput(source="phone", content="窗口人员态度生硬", case_no=case_no)
    )
    for note in ("已受理", "核实属实", "已整改", "已回访", "举一反三", "保持长效"):
        complaints.advance(services, boss, phone, note, result="基本满意" if note == "已回访" else "")
    complaints.register_complaint(
        services, boss, complaints.ComplaintInput(source="suggestion_box", content="座椅不够", window="05")
    )
    services.clock = _at(17)
    contested = ratings.record_rating(services, clerk, level=2, case_id=case_id, reason="误点")
    with services.store.read() as session:
        appeal = session.scalar(select(Complaint.id).where(Complaint.rating_id == contested))
    assert appeal is not None
    complaints.flag_appeal(services, clerk, appeal, "群众误点差评")
    complaints.decide_appeal(services, boss, appeal, upheld=True, note="监控核实为误点")


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A window store seeded once (2 days × 15 cases, ratings, enquiries, complaints); copied per test."""
    path = tmp_path_factory.mktemp("tally-template") / "window.sqlite3"
    store = open_store(path)
    services = Services(store=store, settings=Settings(), device_id=device_id(store))
    seed(services, days=2, cases_per_day=15, seed=11, today=SEED_DAY)
    _supervision(services)
    store.close()
    return path


@pytest.fixture
def window(template: Path, tmp_path: Path) -> Iterator[Services]:
    path = tmp_path / "window.sqlite3"
    shutil.copyfile(template, path)
    store = open_store(path)
    yield Services(store=store, settings=Settings(), device_id=device_id(store))
    store.close()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def live(app: FastAPI) -> Iterator[str]:
    """The app behind a real socket (uvicorn in a thread), so the CLI and the sync client talk HTTP to it."""
    import uvicorn

    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "server did not start"
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


def _enrolment_code(db_url: str, capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["server", "device", "add", "--window", "05", "--db", db_url]) == 0
    line = next(line for line in capsys.readouterr().out.splitlines() if line.startswith("一次性登记码"))
    return line.rsplit("：", 1)[1].strip()


def _without_handling(data: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in data.items() if key not in FIGURES_EXACT}


def assert_same_figures(server: Tally, local: Tally) -> None:
    """Every figure of every group and the total; handling times to the second."""
    assert [(fig.key, fig.label) for fig in server.groups] == [(fig.key, fig.label) for fig in local.groups]
    for mine, theirs in zip([*server.groups, server.total], [*local.groups, local.total], strict=True):
        assert _without_handling(asdict(mine)) == _without_handling(asdict(theirs)), mine.label
        for name in FIGURES_EXACT:
            assert getattr(mine, name) == pytest.approx(getattr(theirs, name), abs=1.0), (mine.label, name)
    assert server.hourly == local.hourly
    assert [asdict(item) for item in server.complaint_sources] == [asdict(item) for item in local.complaint_sources]


def test_hall_wide_tallies_equal_the_uploading_windows_own(
    app: FastAPI, db_url: str, window: Services, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
) -> None:  # fmt: skip
    local = local_tallies(window, PERIOD)
    total = local["window"].total
    # The seed must exercise what is compared: several outcomes and channels, ratings, enquiries, complaints.
    assert total.cases == 30 and sum(1 for n in total.outcomes.values() if n) >= 3
    assert sum(1 for n in total.channels.values() if n) >= 2 and total.rated >= 10 and total.enquiries >= 4
    assert total.bad_reviews >= 2 and total.bad_reviews_counted == total.bad_reviews - 1
    assert total.bad_reviews_rectified >= 1
    # 差评处理率 by hand: the only bad-review task closed is the one taken through the six steps.
    assert total.bad_reviews_handled == 1 and total.bad_reviews_counted >= 2
    assert total.bad_review_handling == pytest.approx(1 / total.bad_reviews_counted)
    assert (total.complaints, total.complaints_closed) == (2, 1)
    monkeypatch.setenv("HALLCLIENT_PASSWORD", "secret123")
    assert main(["server", "user", "add", "zhao", "--name", "赵敏", "--role", "supervisor", "--db", db_url]) == 0
    assert main(["server", "user", "add", "li", "--name", "李四", "--db", db_url]) == 0
    code = _enrolment_code(db_url, capsys)
    with live(app) as url:
        enrolment = SyncClient(make_http(url))
        token = enrolment.enroll(code, window.device_id, "window-05").token
        enrolment.close()
        syncer = Syncer(window.store, SyncClient(make_http(url, token=token)))
        summary = syncer.run_once()
        syncer.close()
        with window.store.read() as session:
            stored = session.scalar(select(func.count()).select_from(Event)) or 0
        assert summary.upload.applied == stored > 50
        assert summary.upload.rejected == summary.upload.remaining == 0
        # Published after the upload, as IT would; the window has the same catalog already.
        assert main(["server", "catalog", "import", str(resource_path("catalog", "demo_catalog.json")),
                     "--db", db_url]) == 0  # fmt: skip

        device = {"Authorization": f"Bearer {token}"}
        login = httpx.post(f"{url}/v1/login", json={"username": "zhao", "password": "secret123"}, headers=device)
        boss = login.json()["user_token"]
        remote = fetch_tallies(url, token, boss, PERIOD, GROUPINGS)
        assert remote["window"].source == "server" and remote["window"].scope == "全大厅（服务器）"
        for grouping in GROUPINGS:
            assert_same_figures(remote[grouping], local[grouping])
        assert remote["window"].total.bad_reviews_handled == 1  # read from the new-style complaint events
        departments = {fig.key: fig.label for fig in remote["department"].groups}
        assert departments["BDC"] == "区不动产登记中心"  # named from the published catalog, not the code

        query = {"from": "2026-03-12", "to": "2026-03-13"}
        clerk = httpx.post(f"{url}/v1/login", json={"username": "li", "password": "secret123"}, headers=device)
        denied = httpx.get(
            f"{url}/v1/tallies", params=query, headers={**device, "X-User-Token": clerk.json()["user_token"]}
        )
        assert denied.status_code == 403 and "至少需要 supervisor" in denied.json()["detail"]
        assert httpx.get(f"{url}/v1/tallies", params=query, headers=device).status_code == 401
        assert httpx.get(f"{url}/v1/tallies", params=query).status_code == 401
        future = httpx.get(f"{url}/v1/tallies", params={"from": "2999-01-01", "to": "2999-01-31"},
                           headers={**device, "X-User-Token": boss})  # fmt: skip
        assert future.status_code == 400 and "在未来" in future.json()["detail"]
        backwards = httpx.get(f"{url}/v1/tallies", params={"from": "2026-03-13", "to": "2026-03-12"},
                              headers={**device, "X-User-Token": boss})  # fmt: skip
        assert backwards.status_code == 400 and "早于开始日" in backwards.json()["detail"]
        bad_grouping = httpx.get(f"{url}/v1/tallies", params={**query, "by": "floor"},
                                 headers={**device, "X-User-Token": boss})  # fmt: skip
        assert bad_grouping.status_code == 400 and "分组只能是" in bad_grouping.json()["detail"]

        config = tmp_path / "config.toml"
        config.write_text(f'config_version = 2\n[store]\ndb_path = "{window.store.path}"\n'
                          f'[server]\nurl = "{url}"\ndevice_token = "{token}"\n', encoding="utf-8")  # fmt: skip
        monkeypatch.setenv("HALLCLIENT_CONFIG", str(config))
        out = tmp_path / "hall.csv"
        args = ["tally", "--from", "2026-03-12", "--to", "2026-03-13", "--by", "department", "--out", str(out),
                "--server", url, f"--user-token={boss}"]  # fmt: skip
        assert main(args) == 0
        captured = capsys.readouterr()
        assert captured.err == "" and f"全大厅（服务器） {PERIOD.label()}：办件 30 件" in captured.out
        rows = out.read_text(encoding="utf-8-sig").splitlines()
        assert any(row.startswith("区不动产登记中心,") for row in rows) and rows[-1].startswith("合计,30,")
    # The server is gone: the same command falls back to this window's store and says so on stderr.
    assert main(args) == 0
    captured = capsys.readouterr()
    assert "服务器不可用" in captured.err and "改用本机数据" in captured.err and captured.err.count("\n") == 1
    assert "本机数据" in captured.out and "办件 30 件" in captured.out


def test_complaint_event_types_are_all_read_by_the_server_tally(template: Path) -> None:
    """The server reads complaints by exact event type: every type the register appends must be listed."""
    from hallclient.server.tallies import COMPLAINT_EVENTS

    store = open_store(template)
    try:
        with store.read() as session:
            written = set(session.scalars(select(Event.type).where(Event.type.like("complaint.%"))))
    finally:
        store.close()
    assert {"complaint.opened", "complaint.advanced", "complaint.appealed", "complaint.appeal_decided",
            "complaint.assigned"} <= written  # fmt: skip
    assert written <= set(COMPLAINT_EVENTS)


class _JsonSpy:
    """``json`` for the tally module, noting every rating payload it is asked to parse."""

    def __init__(self) -> None:
        self.rating_payloads = 0

    def loads(self, text: str) -> Any:
        self.rating_payloads += '"level"' in text
        return json.loads(text)


def test_ratings_are_counted_in_sql_with_their_tasks_and_odd_levels_left_out(
    server_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A quarter's ratings are aggregated by the database (none parsed in Python, which took ~1 s for a large
    hall), and each rating with a follow-up task still counts in its task's state; a level that is not a whole
    number from 1 to 5 is not counted, on SQLite and PostgreSQL alike."""
    from hallclient.server import tallies

    now = datetime(2026, 3, 13, 12)
    events: list[tuple[str, dict[str, Any]]] = [
        ("rating.given", {"rating_id": "r1", "level": 5, "window": "05", "clerk_id": "u1"}),
        ("rating.given", {"rating_id": "r2", "level": 5, "window": "05", "clerk_id": "u1"}),
        ("rating.given", {"rating_id": "r3", "level": 1, "window": "05", "clerk_id": "u1"}),
        ("rating.given", {"rating_id": "r4", "level": 2, "window": "06", "clerk_id": "u2"}),
        ("rating.given", {"rating_id": "r5", "level": 2, "window": "06", "clerk_id": "u2"}),
        *[
            ("rating.given", {"rating_id": f"x{n}", "level": odd, "window": "05", "clerk_id": "u1"})
            for n, odd in enumerate((0, 6, "3", 3.5, None))
        ],
        (
            "complaint.opened",
            {
                "complaint_id": "t3",
                "rating_id": "r3",
                "rectified_at": "2026-03-13T10:00:00",
                "closed_at": "2026-03-13T11:00:00",
                "appeal_result": "",
            },
        ),
        (
            "complaint.opened",
            {"complaint_id": "t4", "rating_id": "r4", "rectified_at": None, "closed_at": None, "appeal_result": ""},
        ),
        ("complaint.opened", {"complaint_id": "t5", "rating_id": "r5", "appeal_result": ""}),
        ("complaint.appeal_decided", {"complaint_id": "t5", "rating_id": "r5", "appeal_result": "upheld"}),
    ]
    with server_db.session() as session:
        for seq, (kind, payload) in enumerate(events, start=1):
            session.add(StoredEvent(
                id=f"e{seq}", device_id="dev", seq=seq, case_id=None, type=kind, actor="u1",
                payload=json.dumps(payload, sort_keys=True), device_time="2026-03-13T09:00:00+08:00",
                prev_hash="0" * 64, hash="0" * 64, received_at=now,
            ))  # fmt: skip
    spy = _JsonSpy()
    monkeypatch.setattr(tallies, "json", spy)
    with server_db.session() as session:
        tasks = tallies.complaint_states(session, "2026-03-13")
        counted = tallies._ratings(session, "2026-03-13", "2026-03-14", tasks)
    assert spy.rating_payloads == 0
    one, two = ("05", "u1", "", "", ""), ("06", "u2", "", "", "")
    assert sorted(counted) == [
        (one, 1, True, True, False, 1),
        (one, 5, False, False, False, 2),
        (two, 2, False, False, False, 1),
        (two, 2, False, False, True, 1),
    ]
