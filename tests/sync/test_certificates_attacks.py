"""The lookup against a thief or a broken window (SQLite): no token, a revoked one, another name, kinds no matter
asks for, unknown matters, hostile bodies, scraping. Every refusal is Chinese; a refused lookup by an enrolled
device is logged with its reason."""

from __future__ import annotations

import uuid
import warnings
from collections.abc import Iterator
from typing import Any

import pytest
from cert_helpers import HOLDER, ask, stock_library
from fastapi import FastAPI
from sqlalchemy import func, select

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from hallclient.server import admin
from hallclient.server.app import create_app
from hallclient.server.certificate_models import CertificateLookup
from hallclient.server.certificates import import_kinds
from hallclient.server.certificates_file import KindInput
from hallclient.server.certificates_lookup import LookupSettings

LOOKUP = "/v1/certificates/lookup"


@pytest.fixture(scope="module")
def hall(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FastAPI]:
    app = create_app(f"sqlite:///{tmp_path_factory.mktemp('attacks') / 'server.sqlite3'}")  # library only
    stock_library(app)
    yield app
    app.state.db.dispose()


def _window(app: FastAPI) -> tuple[TestClient, str]:
    """An enrolled window's client and its server device row id."""
    row, code = admin.add_device(app.state.db, "07")
    token = TestClient(app).post("/v1/enroll", json={"code": code, "device_id": str(uuid.uuid4())}).json()["token"]
    return TestClient(app, headers={"Authorization": f"Bearer {token}"}), row


def _logged(app: FastAPI, device_row: str) -> list[CertificateLookup]:
    with app.state.db.session() as session:
        query = select(CertificateLookup).where(CertificateLookup.device_id == device_row)
        return list(session.scalars(query.order_by(CertificateLookup.at)))


def _all_logged(app: FastAPI) -> int:
    with app.state.db.session() as session:
        return int(session.scalar(select(func.count()).select_from(CertificateLookup)) or 0)


def _chinese(detail: Any) -> bool:
    return isinstance(detail, str) and any("\u4e00" <= char <= "\u9fff" for char in detail)


def test_without_a_valid_device_token_nothing_is_answered(hall: FastAPI) -> None:
    window, row = _window(hall)
    assert window.post(LOOKUP, json=ask(["XK0001"])).status_code == 200
    admin.revoke_device(hall.state.db, row)
    before = _all_logged(hall)
    for client in (window, TestClient(hall), TestClient(hall, headers={"Authorization": "Bearer stolen-guess"})):
        response = client.post(LOOKUP, json=ask(["XK0001"]))
        assert response.status_code == 401 and _chinese(response.json()["detail"]), response.text
        assert "certificates" not in response.json()
    assert _all_logged(hall) == before  # an unknown caller has no device to log against


def test_a_name_other_than_the_holders_is_answered_nothing_and_logged(hall: FastAPI) -> None:
    window, row = _window(hall)
    body = window.post(LOOKUP, json=ask(["XK0001"], name="王五")).json()
    assert body["certificates"] == [] and body["expired"] == []  # not even that an old deed exists
    assert [(e.answered, e.withheld) for e in _logged(hall, row)] == [(0, 3)]
    # 李四 is the name HKB-L was issued under: that record is his to see, the others (张三's) are not
    other = window.post(LOOKUP, json=ask(["XK0002"], name="李 四")).json()
    assert [c["number"] for c in other["certificates"]] == ["HKB-L"]


def test_only_kinds_the_named_matters_accept_are_answered_and_unknown_matters_are_refused(hall: FastAPI) -> None:
    window, row = _window(hall)
    body = window.post(LOOKUP, json=ask(["XK0002"])).json()
    assert {c["kind"] for c in body["certificates"]} == {"SFZ"}  # not the deed, not the 结婚证 the holder has
    refused = window.post(LOOKUP, json=ask(["XK0002", "NOPE1"]))
    assert refused.status_code == 422 and refused.json()["detail"] == "事项 NOPE1 不在已发布的事项目录中"
    logged = _logged(hall, row)
    assert [e.refusal for e in logged] == ["", "事项 NOPE1 不在已发布的事项目录中"] and logged[1].answered == 0


@pytest.mark.parametrize(
    "body",
    [
        {**ask(["XK0001"]), "kinds": ["JHZ"]},  # an extra field
        {**ask(["XK0001"]), "matter_codes": [f"XK{n:05}" for n in range(10_000)]},
        {**ask(["XK0001"]), "matter_codes": "XK0001"},
        {**ask(["XK0001"]), "holder_id_number": 110101199001011237},
        {**ask(["XK0001"]), "purpose": "curiosity"},
        {**ask(["XK0001"]), "matter_codes": []},
        {key: value for key, value in ask(["XK0001"]).items() if key != "holder_name"},
    ],
    ids=["extra-field", "10000-matters", "matters-not-a-list", "number-not-text", "purpose", "no-matter", "no-name"],
)
def test_a_hostile_body_is_refused_with_a_reason_and_never_answered(hall: FastAPI, body: dict[str, Any]) -> None:
    window, row = _window(hall)
    response = window.post(LOOKUP, json=body)
    assert response.status_code in (413, 422) and _chinese(response.json()["detail"]), response.text
    assert _logged(hall, row) == []


def test_a_device_that_asks_too_often_is_slowed_down_and_others_are_not(hall: FastAPI) -> None:
    usual: LookupSettings = hall.state.certificates
    hall.state.certificates = LookupSettings(usual.provincial, per_minute=3)
    try:
        scraper, row = _window(hall)
        holders = [HOLDER, "11010519491231002X", "110105195003150027", "310104198506200131"]
        codes = [scraper.post(LOOKUP, json=ask(["XK0001"], holder=holder)).status_code for holder in holders]
        refused = scraper.post(LOOKUP, json=ask(["XK0001"]))
        honest, _ = _window(hall)
        assert honest.post(LOOKUP, json=ask(["XK0001"])).status_code == 200
    finally:
        hall.state.certificates = usual
    assert codes == [200, 200, 200, 429]
    assert refused.status_code == 429 and "过于频繁" in refused.json()["detail"]
    assert [e.refusal != "" for e in _logged(hall, row)] == [False, False, False, True, True]


def test_certificates_of_a_retired_kind_are_no_longer_shared(hall: FastAPI) -> None:
    window, _ = _window(hall)
    import_kinds(hall.state.db, [KindInput("BDCQZ", "不动产权证书", "BDC", False)])
    try:
        body = window.post(LOOKUP, json=ask(["XK0001"])).json()
    finally:
        import_kinds(hall.state.db, [KindInput("BDCQZ", "不动产权证书", "BDC", True)])
    assert [c["kind"] for c in body["certificates"]] == ["SFZ"] and body["expired"] == []
    assert [c["kind"] for c in window.post(LOOKUP, json=ask(["XK0001"])).json()["certificates"]] == ["BDCQZ", "SFZ"]
