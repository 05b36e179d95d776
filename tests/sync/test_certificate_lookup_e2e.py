"""The window's lookup against the real server endpoint (uvicorn on a loopback port, SQLite: the client does not
depend on the server's database, which tests/sync/test_certificates_lookup.py covers on both): found, marked,
recorded, uploaded, and counted by the server as a share."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from cert_helpers import HOLDER, NAME, stock_library
from fastapi import FastAPI
from sqlalchemy import select
from sync_helpers import enrol

from hallclient.config import Settings
from hallclient.domain.case import Outcome
from hallclient.domain.catalog import (
    Catalog,
    CertificateKind,
    Department,
    Material,
    MaterialForm,
    Matter,
    MatterKind,
    MatterType,
)
from hallclient.domain.workdays import WorkCalendar
from hallclient.server.app import create_app
from hallclient.server.certificate_models import CertificateShare
from hallclient.services import cases
from hallclient.services.cases import Applicant, IntakeRequest, ReceivedMaterial
from hallclient.services.catalog import import_catalog
from hallclient.services.certificates import lookup_request, match
from hallclient.services.context import Actor, Services
from hallclient.sync.certificates import Found, Refused, lookup_with
from hallclient.sync.uploader import upload_pending
from queue_helpers import serving

# XK0001 as cert_helpers publishes it on the server: 身份证明 takes SFZ, the deed BDCQZ
DEED_MATTER = Matter(
    code="XK0001",
    name="不动产转移登记",
    department_code="BDC",
    kind=MatterKind.PROMISED,
    matter_type=MatterType.CONFIRMATION,
    statutory_days=30,
    promised_days=5,
    materials=(
        Material("M1", "申请书", MaterialForm.ORIGINAL, 1),
        Material("M2", "身份证明", MaterialForm.ORIGINAL, 1, certificate_kinds=("SFZ",)),
        Material("M3", "不动产权属证书", MaterialForm.ORIGINAL, 1, certificate_kinds=("BDCQZ",)),
    ),
)


@pytest.fixture
def hall(tmp_path: Path) -> Iterator[FastAPI]:
    app = create_app(f"sqlite:///{tmp_path / 'server.sqlite3'}")
    stock_library(app)
    yield app
    app.state.db.dispose()


def test_a_swipe_finds_the_holders_certificates_marks_them_and_the_server_counts_the_shares(
    hall: FastAPI, services: Services, clerk: Actor
) -> None:
    kinds = (CertificateKind("SFZ", "居民身份证"), CertificateKind("BDCQZ", "不动产权证书"))
    import_catalog(
        services.store, Catalog((Department("BDC", "不动产登记中心"),), (DEED_MATTER,), certificate_kinds=kinds)
    )
    window = enrol(hall, services)
    today = services.now().date()
    with serving(hall) as url:
        settings = Settings(server_url=url, device_token=window.token)
        outcome = lookup_with(settings, lookup_request(HOLDER, NAME, ["XK0001"], "intake", clerk.user_id))
        assert isinstance(outcome, Found), outcome
        strangers = lookup_with(settings, lookup_request(HOLDER, "李四", ["XK0001"], "intake"))
        bad_token = lookup_with(
            settings._replace(device_token="x" * 40), lookup_request(HOLDER, NAME, ["XK0001"], "intake")
        )
    assert sorted(c.number for c in outcome.certificates) == ["BDC-1", "BDC-OLD", "SFZ-1"]
    matching = match(DEED_MATTER, outcome.certificates, HOLDER, today)
    assert [(code, c.number) for code, c in matching.uses] == [("M2", "SFZ-1"), ("M3", "BDC-1")]
    assert matching.reasons == ("证照 BDC-OLD 已于 2019-12-31 过期",)
    assert isinstance(strangers, Found) and strangers.certificates == ()  # the name must match too
    assert isinstance(bad_token, Refused) and bad_token.status == 401 and bad_token.detail

    shared = [ReceivedMaterial(code, True, certificate=c, lookup_id=outcome.lookup_id) for code, c in matching.uses]
    materials = (ReceivedMaterial("M1", True, 1, 1), *shared)
    applicant = Applicant(name=NAME, id_number=HOLDER, phone="13800000000")
    request = IntakeRequest("XK0001", applicant, Outcome.ACCEPT, materials)
    result = cases.record_intake(services, clerk, request, WorkCalendar.load_default())
    upload_pending(
        services.store, services.device_id, window.syncer.client, services.now
    )  # the feed's test catalog is not a file
    with hall.state.db.session() as session:
        shares = session.scalars(select(CertificateShare).where(CertificateShare.case_id == result.case_id)).all()
        assert sorted((s.material_code, s.number) for s in shares) == [("M2", "SFZ-1"), ("M3", "BDC-1")]
    assert date.fromisoformat(result.event.payload["intake"]["received_at"][:10]) == today
