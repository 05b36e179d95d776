"""The certificate lookup on SQLite and PostgreSQL: what a window is answered, the provincial service through
the adapter (against the simulator on a real port: slow, failing, answering wrongly) and the shares an
ingested intake records. One server per database for the module (kept fast); each test uses its own device."""

from __future__ import annotations

import itertools
import json
import threading
import uuid
import warnings
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime

import httpx
import pytest
from cert_helpers import HOLDER, PROVINCE, ask, stock_library
from fastapi import FastAPI
from sqlalchemy import func, select

from queue_helpers import serving

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from hallclient.domain.events import GENESIS_HASH, new_id, seal
from hallclient.domain.tally import Period
from hallclient.server import admin
from hallclient.server.app import create_app
from hallclient.server.certificate_models import CertificateLookup, CertificateRecord, CertificateShare
from hallclient.server.certificate_provincial import ProvincialSettings
from hallclient.server.certificate_simulator import SIMULATOR_PATH, Behaviour, create_simulator
from hallclient.server.certificates_figures import certificate_figures
from hallclient.server.certificates_lookup import LookupSettings
from hallclient.server.projection import project
from pgtest import PgCluster, create_database

_names = itertools.count(1)


@pytest.fixture(scope="module")
def province() -> Iterator[tuple[FastAPI, str]]:
    simulator = create_simulator(PROVINCE)
    with serving(simulator) as base:
        yield simulator, base + SIMULATOR_PATH


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def hall(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, province: tuple[FastAPI, str]
) -> Iterator[FastAPI]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('certs') / 'server.sqlite3'}"
    else:
        cluster: PgCluster = request.getfixturevalue("pg_cluster")
        url = create_database(cluster, f"certs{next(_names)}")
    # A generous wait on a busy test machine; the timeout test shortens it
    app = create_app(url, certificates=LookupSettings(ProvincialSettings(province[1], "", 5000)))
    stock_library(app)
    yield app
    app.state.db.dispose()


@pytest.fixture
def behaviour(province: tuple[FastAPI, str]) -> Iterator[Behaviour]:
    province[0].state.behaviour = Behaviour()
    yield province[0].state.behaviour
    province[0].state.behaviour = Behaviour()


def _window(app: FastAPI) -> tuple[TestClient, str]:
    """An enrolled window: its client and its client device id."""
    _row, code = admin.add_device(app.state.db, "05")
    device_id = str(uuid.uuid4())
    token = TestClient(app).post("/v1/enroll", json={"code": code, "device_id": device_id}).json()["token"]
    return TestClient(app, headers={"Authorization": f"Bearer {token}"}), device_id


def _log(app: FastAPI, lookup_id: str) -> CertificateLookup:
    with app.state.db.session() as session:
        entry = session.get(CertificateLookup, lookup_id)
        assert entry is not None
        return entry


def test_a_lookup_answers_the_valid_certificates_the_matters_accept_and_logs_it(hall: FastAPI) -> None:
    window, _ = _window(hall)
    response = window.post("/v1/certificates/lookup", json=ask(["XK0001"]))
    assert response.status_code == 200, response.text
    body = response.json()
    assert [(c["kind"], c["number"], c["source"]) for c in body["certificates"]] == [
        ("BDCQZ", "BDC-1", "library"),
        ("SFZ", "SFZ-1", "library"),
    ]  # not JHZ-1 (no material of XK0001 takes it), not the expired BDC-OLD
    assert body["certificates"][1]["kind_name"] == "居民身份证" and body["certificates"][0]["valid_to"] is None
    assert {c["holder_id_number"] for c in body["certificates"]} == {HOLDER}  # named, so the window can check it
    assert [c["number"] for c in body["expired"]] == ["BDC-OLD"]
    assert body["provincial_answered"] is True  # every asked kind found here: nothing to ask the province
    entry = _log(hall, body["lookup_id"])
    assert (entry.purpose, json.loads(entry.matter_codes), entry.holder_id_number, entry.clerk_id) == (
        "intake", ["XK0001"], HOLDER, "clerk-1")  # fmt: skip
    assert (entry.answered, entry.expired, entry.withheld, entry.refusal) == (2, 1, 0, "")


@pytest.mark.logs_expected("hallclient.server.certificates")
@pytest.mark.parametrize(
    ("change", "note"),
    [
        ({"delay_ms": 1000}, "超时"),
        ({"fail_rate": 1.0}, "HTTP 503"),
        ({"malformed": True}, "格式错误"),
        ({"wrong_holder": True}, "其他持证人"),
        ({"wrong_kind": True}, "未查询的证照类型"),
    ],
)
def test_a_province_that_is_slow_fails_or_answers_wrongly_is_dropped_and_the_library_answers(
    hall: FastAPI, behaviour: Behaviour, change: dict[str, object], note: str, caplog: pytest.LogCaptureFixture
) -> None:
    for key, value in change.items():
        setattr(behaviour, key, value)
    window, _ = _window(hall)
    usual: LookupSettings = hall.state.certificates
    hall.state.certificates = LookupSettings(ProvincialSettings(usual.provincial.url, "", 200))
    try:
        response = window.post("/v1/certificates/lookup", json=ask(["XK0002"]))
    finally:
        hall.state.certificates = usual
    assert response.status_code == 200, response.text
    body = response.json()
    # HKB-L is held under another name (withheld); the province's HKB-P is dropped with its answer
    assert [c["number"] for c in body["certificates"]] == ["SFZ-1"]
    assert body["provincial_answered"] is False
    entry = _log(hall, body["lookup_id"])
    assert note in entry.provincial_note and entry.withheld == 1
    warnings_seen = [r for r in caplog.records if r.name == "hallclient.server.certificates"]
    assert len(warnings_seen) == 1 and note in warnings_seen[0].getMessage() and warnings_seen[0].exc_info is None
    with hall.state.db.session() as session:
        assert session.scalar(select(CertificateRecord).where(CertificateRecord.number == "HKB-P")) is None


def test_the_provinces_answer_is_cached_so_the_next_lookup_is_local(
    hall: FastAPI, behaviour: Behaviour, province: tuple[FastAPI, str]
) -> None:
    window, _ = _window(hall)
    before = province[0].state.requests
    first = window.post("/v1/certificates/lookup", json=ask(["XK0002"])).json()
    assert [(c["number"], c["source"]) for c in first["certificates"]] == [("HKB-P", "provincial"),
                                                                           ("SFZ-1", "library")]  # fmt: skip
    assert first["provincial_answered"] is True and province[0].state.requests == before + 1
    behaviour.fail_rate = 1.0  # the province is down now: the cached certificate still answers, without asking
    again = window.post("/v1/certificates/lookup", json=ask(["XK0002"])).json()
    assert [c["number"] for c in again["certificates"]] == ["HKB-P", "SFZ-1"] and again["provincial_answered"]
    assert province[0].state.requests == before + 1


def test_an_ingested_intake_records_its_shares_once_however_often_the_batch_is_sent(hall: FastAPI) -> None:
    window, device_id = _window(hall)
    case_id = new_id()

    def material(code: str, number: str | None) -> dict[str, object]:
        certificate = {"kind": "SFZ", "number": number, "issuer": "x", "valid_to": None, "lookup_id": "L1"}
        return {
            "code": code,
            "name": code,
            "received": True,
            "copies": 0,
            "certificate": certificate if number else None,
        }

    intake = {"case_no": f"NO-{case_id[:8]}", "matter_code": "XK0001", "department_code": "BDC",
              "received_at": "2026-03-02T07:30:00+08:00", "applicant": {"kind": "person", "name": "张三"},
              "materials": [material("M1", None), material("M2", "SFZ-1"), material("M3", "BDC-1")]}  # fmt: skip
    record = seal(event_id=new_id(), case_id=case_id, type="case.accepted",
                  payload={"intake": intake, "state": {"status": "accepted", "outcome": "accept"}},
                  device_id=device_id, seq=1, actor="clerk-1", device_time="2026-03-02T07:30:00.000+08:00",
                  prev_hash=GENESIS_HASH)  # fmt: skip
    batch = {"device_id": device_id, "sent_at": datetime.now(UTC).isoformat(), "events": [record.to_wire()]}
    for _ in range(2):  # the answer was lost: the window sends the same batch again
        response = window.post("/v1/events", json=batch)
        assert response.status_code == 200, response.text
    with hall.state.db.session() as session:  # the same intake folded again (an offline bundle of the same events)
        project(session, [record], datetime.now(UTC).replace(tzinfo=None))
    with hall.state.db.session() as session:
        s = CertificateShare
        query = select(s.material_code, s.number, s.department_code, s.received_on).where(s.case_id == case_id)
        rows = session.execute(query.order_by(s.material_code)).all()
    assert [tuple(row) for row in rows] == [("M2", "SFZ-1", "BDC", datetime(2026, 3, 2).date()),
                                            ("M3", "BDC-1", "BDC", datetime(2026, 3, 2).date())]  # fmt: skip


def test_the_figures_count_the_library_by_department_in_sql(hall: FastAPI) -> None:
    today = date.today()
    with hall.state.db.session() as session:
        figures = certificate_figures(session, Period(today.replace(day=1), today))
        held = session.scalar(select(func.count()).select_from(CertificateRecord))
    rows = {row.department: row for row in figures.rows}
    assert (rows["BDC"].kinds, rows["BDC"].records, rows["BDC"].department_name) == (1, 2, "不动产登记中心")
    assert figures.total.records == held and figures.total.kinds == len({"SFZ", "BDCQZ", "JHZ", "HKB"})


def test_parallel_lookups_of_one_token_cannot_outrun_the_rate_limit(hall: FastAPI) -> None:
    window, _ = _window(hall)
    token = window.headers["Authorization"]
    usual: LookupSettings = hall.state.certificates
    hall.state.certificates = LookupSettings(usual.provincial, per_minute=3)
    try:
        with serving(hall) as base, httpx.Client(base_url=base, headers={"Authorization": token}) as client:
            barrier = threading.Barrier(8)

            def one(_: int) -> int:
                barrier.wait()
                return client.post("/v1/certificates/lookup", json=ask(["XK0001"]), timeout=30).status_code

            with ThreadPoolExecutor(8) as pool:
                codes = sorted(pool.map(one, range(8)))
    finally:
        hall.state.certificates = usual
    assert codes == [200] * 3 + [429] * 5
