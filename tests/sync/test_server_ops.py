"""Operations of the server (issue 17): /v1/health, the JSON access log, /metrics and its refusals."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import text
from sync_helpers import PERSON, enrol, intake

from hallclient.cli import main
from hallclient.config import Settings, parse
from hallclient.domain.sites import ROOT_SITE
from hallclient.errors import HallError
from hallclient.server import clock
from hallclient.server.api.health import schema_revisions
from hallclient.server.app import create_app
from hallclient.server.db import VERSION_TABLE
from hallclient.server.queue_models import QueueHall, QueueTicket
from hallclient.services.context import Actor, Services

METRICS_TOKEN = "m" * 24


@pytest.fixture
def ops_app(db_url: str, tmp_path: Path) -> Iterator[FastAPI]:
    application = create_app(db_url, access_log=str(tmp_path / "access.log"), metrics_token=METRICS_TOKEN)
    yield application
    application.state.db.dispose()


def _set_revision(app: FastAPI, revision: str | None) -> None:
    with app.state.db.engine.begin() as connection:
        connection.execute(text(f"DELETE FROM {VERSION_TABLE}"))
        if revision is not None:
            connection.execute(text(f"INSERT INTO {VERSION_TABLE} (version_num) VALUES (:r)"), {"r": revision})


@pytest.mark.logs_expected("hallclient.server.health")
def test_health_is_200_on_the_expected_schema_and_503_on_any_other(app: FastAPI) -> None:
    head, known = schema_revisions()
    http = TestClient(app)
    answer = http.get("/v1/health")
    assert answer.status_code == 200
    assert answer.json() == {"status": "ok", "database": "ok", "schema": head}
    assert http.head("/v1/health").status_code == 200  # some load balancers probe with HEAD
    older = sorted(known - {head})[-1]
    for revision, words in ((older, "落后"), ("s9999", "比本程序"), (None, "尚未建立")):
        _set_revision(app, revision)
        refused = http.get("/v1/health")
        assert refused.status_code == 503, revision
        assert refused.json()["status"] == "unavailable"
        assert words in refused.json()["detail"] and "\n" not in refused.json()["detail"]
    _set_revision(app, head)
    assert http.get("/v1/health").status_code == 200


def _lines(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture
def logged_app(tmp_path: Path) -> Iterator[FastAPI]:
    """The access log does not depend on the database: SQLite only."""
    application = create_app(f"sqlite:///{tmp_path / 'server.sqlite3'}", access_log=str(tmp_path / "access.log"))
    yield application
    application.state.db.dispose()


def test_access_log_has_one_json_line_per_request_with_route_templates_and_no_secrets(
    logged_app: FastAPI, services: Services, clerk: Actor, tmp_path: Path
) -> None:
    ops_app = logged_app
    enrolled = enrol(ops_app, services)
    case = intake(services, clerk)  # its upload carries the applicant's name and ID number
    assert enrolled.syncer.run_once().upload.applied > 0
    case_no = case.case_no
    assert enrolled.http.get(f"/v1/cases/{case_no}").status_code in (200, 403, 404)
    plain = TestClient(ops_app)
    assert plain.get("/v1/ping", headers={"Authorization": "Bearer stolen-or-guessed"}).status_code == 401
    assert plain.get("/wp-admin/setup.php?id=11010519491231002X").status_code == 404
    huge = plain.post("/v1/enroll", content=b"x" * 10_000, headers={"content-type": "application/json"})
    assert huge.status_code == 413

    log_text = (tmp_path / "access.log").read_text(encoding="utf-8")
    lines = _lines(tmp_path / "access.log")
    assert lines, "no access line written"
    for line in lines:
        assert set(line) == {"time", "method", "route", "status", "ms", "bytes", "device", "client"}
        assert datetime.fromisoformat(str(line["time"])).tzinfo is not None
        assert isinstance(line["ms"], float | int) and float(line["ms"]) >= 0
        assert isinstance(line["bytes"], int)
    by_route = {(line["method"], line["route"], line["status"]) for line in lines}
    assert ("POST", "/v1/events", 200) in by_route
    assert ("GET", "<unmatched>", 404) in by_route
    assert ("POST", "<unmatched>", 413) in by_route  # refused by the body limit, before routing
    assert any(line["route"] == "/v1/cases/{case_no}" for line in lines)  # the template, never the number
    uploads = [line for line in lines if line["route"] == "/v1/events"]
    assert uploads and all(line["device"] == services.device_id for line in uploads)
    refused = [line for line in lines if line["route"] == "/v1/ping" and line["status"] == 401]
    assert refused and refused[0]["device"] is None
    for secret in (enrolled.token, "stolen-or-guessed", PERSON.id_number, PERSON.name, PERSON.phone, case_no):
        assert secret not in log_text


def test_access_log_setting_off_writes_nothing_and_a_bad_path_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db_url = f"sqlite:///{tmp_path / 'server.sqlite3'}"
    quiet = create_app(db_url, access_log="")
    assert TestClient(quiet).get("/v1/health").status_code == 200
    quiet.state.db.dispose()
    assert not list(tmp_path.glob("*.log"))
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(HallError, match="访问日志文件无法写入"):
        create_app(db_url, access_log=str(blocker / "access.log"))
    code = main(["serve", "--db", db_url, "--access-log", str(blocker / "access.log"), "--port", "1"])
    err = capsys.readouterr().err.strip()
    assert code != 0 and "访问日志文件无法写入" in err and len(err.splitlines()) == 1


def test_metrics_token_must_be_long_enough() -> None:
    with pytest.raises(HallError, match="metrics_token"):
        parse({"server": {"metrics_token": "short"}}, Path("config.toml"))
    assert parse({"server": {"metrics_token": METRICS_TOKEN}}, Path("c.toml")).server_metrics_token == METRICS_TOKEN
    assert Settings().server_metrics_token == ""  # off unless configured


def test_metrics_refuse_the_public_a_device_and_a_wrong_token(
    ops_app: FastAPI, app: FastAPI, services: Services
) -> None:
    enrolled = enrol(ops_app, services)
    plain = TestClient(ops_app)
    assert plain.get("/metrics").status_code == 401
    assert enrolled.http.get("/metrics").status_code == 401  # a device token is not the metrics token
    for wrong in (METRICS_TOKEN[:-1], METRICS_TOKEN + "x", f"Basic {METRICS_TOKEN}", "Bearer "):
        header = wrong if " " in wrong else f"Bearer {wrong}"
        assert plain.get("/metrics", headers={"Authorization": header}).status_code == 401, wrong
    assert plain.get("/metrics", headers={"Authorization": f"Bearer {METRICS_TOKEN}"}).status_code == 200
    for probe in range(3):  # a scanner's made-up methods and paths do not mint new series
        plain.request(f"BREW{probe}", f"/coffee/{probe}")
    scraped = plain.get("/metrics", headers={"Authorization": f"Bearer {METRICS_TOKEN}"}).text
    assert "BREW" not in scraped and "/coffee" not in scraped
    assert 'method="OTHER",route="<unmatched>",status="4xx"' in scraped
    # Without a configured token there is no endpoint at all.
    assert TestClient(app).get("/metrics", headers={"Authorization": f"Bearer {METRICS_TOKEN}"}).status_code == 404


def _scrape(app: FastAPI) -> dict[str, float]:
    answer = TestClient(app).get("/metrics", headers={"Authorization": f"Bearer {METRICS_TOKEN}"})
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/plain")
    values: dict[str, float] = {}
    for line in answer.text.splitlines():
        if line and not line.startswith("#"):
            name, _, value = line.rpartition(" ")
            values[name] = float(value)
    return values


def test_metrics_count_uploads_and_read_queue_depth_and_sync_lag_from_the_database(
    ops_app: FastAPI, services: Services, clerk: Actor
) -> None:
    before = _scrape(ops_app)
    enrolled = enrol(ops_app, services)
    intake(services, clerk)
    upload = enrolled.syncer.run_once().upload
    assert upload.applied > 0 and upload.batches >= 1
    assert enrolled.syncer.run_once().upload.batches == 0  # nothing new: no batch, no events
    after = _scrape(ops_app)
    applied = 'hallclient_events_ingested_total{result="applied"}'
    assert after[applied] - before.get(applied, 0.0) == upload.applied
    batches = "hallclient_upload_batches_total"
    assert after[batches] - before.get(batches, 0.0) == upload.batches
    count = 'hallclient_http_request_duration_seconds_count{method="POST",route="/v1/events",status="2xx"}'
    assert after[count] - before.get(count, 0.0) >= 1

    now = datetime(2026, 3, 2, 2, 0)  # 10:00 in the hall (UTC+8)
    today = date(2026, 3, 2)
    with ops_app.state.db.session() as session:
        session.add(QueueHall(code="H1", name="大厅", utc_offset_min=480, updated_at=now))
        session.add(QueueHall(code="H2", name="分厅", utc_offset_min=480, updated_at=now))
        yesterday = today - timedelta(days=1)
        for day, state in ((today, "waiting"), (today, "waiting"), (today, "called"), (yesterday, "waiting")):
            ticket = QueueTicket(id=str(uuid.uuid4()), hall="H1", category="A", day=day, sequence=1, number="A001",
                                 source="kiosk", state=state, issued_by="x", issued_at=now, updated_at=now)  # fmt: skip
            session.add(ticket)
        session.execute(text("UPDATE device_chains SET updated_at = :t"), {"t": now - timedelta(minutes=20)})
        session.execute(text("UPDATE devices SET last_seen_at = :t"), {"t": now - timedelta(minutes=20)})
    saved = clock.source
    clock.source = lambda: now.replace(tzinfo=UTC)
    try:
        figures = _scrape(ops_app)
    finally:
        clock.source = saved
    assert figures['hallclient_queue_waiting{hall="H1"}'] == 2  # today's waiting only
    assert figures['hallclient_queue_waiting{hall="H2"}'] == 0
    assert figures[f'hallclient_site_sync_lag_seconds{{site="{ROOT_SITE}"}}'] == 20 * 60
    assert figures[f'hallclient_site_devices_silent{{site="{ROOT_SITE}"}}'] == 1
