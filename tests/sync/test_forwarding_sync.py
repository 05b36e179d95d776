"""The 通办 register between server and windows, on SQLite and PostgreSQL: partner regions published and
downloaded (with only what a window needs), forwarding events uploaded and projected, and a hostile device
refused on another window's case."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from fastapi import FastAPI
from sqlalchemy import select
from sync_helpers import PERSON, Enrolled, enrol

from hallclient.domain.case import CaseAction, Channel, Outcome
from hallclient.domain.partners import PartnerError
from hallclient.domain.tally import Period, Tally, partner_rows
from hallclient.domain.waybill import Carrier
from hallclient.domain.workdays import WorkCalendar
from hallclient.errors import HallError
from hallclient.server import admin
from hallclient.server.casework import complete_case
from hallclient.server.db import Database
from hallclient.server.models import FeedChange, RejectedEvent, ServerCase, ServerPartner, StoredEvent
from hallclient.server.partners import PartnerInput, add_partners, retire_partner
from hallclient.server.tallies import server_tallies
from hallclient.services import cases, forwarding
from hallclient.services.cases import IntakeRequest, ReceivedMaterial
from hallclient.services.catalog import load_catalog
from hallclient.services.context import Actor, Services
from hallclient.services.enquiries import EnquiryInput, record_enquiry
from hallclient.services.partners import all_partners
from hallclient.services.tallies import local_tally
from hallclient.store import eventlog
from workday_helpers import SettableClock

TODAY = date(2026, 3, 2)
CONTACT = ({"name": "李敏", "phone": "028-12345678"},)
CHENGDU = PartnerInput("四川省成都市", "四川省", date(2025, 6, 1), CONTACT, ("XK0001",))
GUIYANG = PartnerInput("贵州省贵阳市", "贵州省", date(2025, 7, 1), CONTACT, ("XK0001", "XK0002"))
FEED_KEYS = {"name", "province", "matters", "contacts", "active"}


@pytest.fixture
def published(server_db: Database, services: Services) -> None:
    admin.import_catalog(server_db, load_catalog(services.store))
    add_partners(server_db, [CHENGDU, GUIYANG], TODAY)


def forwarded_case(services: Services, clerk: Actor, partner: str = "四川省成都市") -> cases.CaseResult:
    request = IntakeRequest(
        matter_code="XK0001",
        applicant=PERSON,
        outcome=Outcome.ACCEPT,
        materials=tuple(ReceivedMaterial(code, True, 1, 1) for code in ("M1", "M2", "M3", "M4")),
        channel=Channel.CROSS_PROVINCE,
        channel_details={"partner_region": partner, "forwarding": "network"},
    )
    return cases.record_intake(services, clerk, request, WorkCalendar.load_default())


@pytest.mark.usefixtures("published")
def test_partners_reach_a_window_with_only_name_province_matters_contacts(
    services: Services, enrolled: Enrolled, server_db: Database
) -> None:
    enrolled.syncer.run_once()
    with services.store.read() as session:
        assert [(p.name, p.province, p.matters, p.active) for p in all_partners(session)] == [
            ("四川省成都市", "四川省", ("XK0001",), True),
            ("贵州省贵阳市", "贵州省", ("XK0001", "XK0002"), True),
        ]
    page = enrolled.http.get("/v1/changes", params={"after": 0}).json()
    sent = [change["data"] for change in page["changes"] if change["kind"] == "partner"]
    assert len(sent) == 2 and all(set(data) == FEED_KEYS for data in sent)  # no agreement date, no server ids
    retire_partner(server_db, "贵州省贵阳市")
    enrolled.syncer.run_once()
    with services.store.read() as session:
        retired = next(p for p in all_partners(session) if p.name == "贵州省贵阳市")
    assert (retired.active, retired.contacts) == (False, ())  # the ended agreement's contacts are withdrawn
    snapshot = enrolled.http.get("/v1/snapshot").json()
    assert sorted(data["name"] for data in snapshot["partners"].values()) == ["四川省成都市", "贵州省贵阳市"]
    assert all(set(data) == FEED_KEYS for data in snapshot["partners"].values())


def test_bad_partners_are_refused_whole(server_db: Database, services: Services) -> None:
    with pytest.raises(PartnerError, match="尚未发布事项目录"):
        add_partners(server_db, [CHENGDU], TODAY)
    admin.import_catalog(server_db, load_catalog(services.store))
    unknown = PartnerInput("湖南省长沙市", "湖南省", date(2025, 1, 1), CONTACT, ("NOPE",))
    with pytest.raises(PartnerError, match="第 2 项：事项目录中没有这些事项：NOPE"):
        add_partners(server_db, [CHENGDU, unknown], TODAY)
    with pytest.raises(PartnerError, match="第 2 项：协议地区已存在：四川省成都市"):
        add_partners(server_db, [CHENGDU, CHENGDU], TODAY)
    with server_db.session() as session:
        assert session.scalars(select(StoredEvent)).all() == []
        assert session.scalars(select(ServerPartner)).all() == []
        assert [row.kind for row in session.scalars(select(FeedChange))] == ["catalog"]  # nothing half-published


@pytest.mark.usefixtures("published")
@pytest.mark.logs_expected("hallclient.sync")
def test_forwarding_events_are_the_holders_and_never_change_the_status(
    app: FastAPI, services: Services, other: Services, clerk: Actor, server_db: Database, tmp_path: Path
) -> None:
    mine, theirs = enrol(app, services, "01"), enrol(app, other, "02")
    mine.syncer.run_once()  # the partner list arrives
    case = forwarded_case(services, clerk)
    scan = tmp_path / "申请书.pdf"
    scan.write_bytes(b"scan")
    forwarding.record_step(services, clerk, case.case_id, CaseAction.FORWARD_FILES, files=[scan])
    assert mine.syncer.run_once().upload.applied == 3  # the intake, its 受理 SMS notice, the files sent
    with server_db.session() as session:
        complete_case(session, case.case_no, "approved", "协议地区办结", "zhao")
    forwarding.record_step(services, clerk, case.case_id, CaseAction.FORWARD_FILES_ACK)  # before hearing of it
    assert mine.syncer.run_once().upload.applied == 1
    with server_db.session() as session:
        row = session.get(ServerCase, case.case_id)
        assert row is not None and (row.status, row.conflict) == ("completed", "")
        assert row.last_event_type == "case.forward_files_acknowledged"
    # Another window forges the next step on this case in its own valid chain: quarantined, nothing changes.
    with other.store.write() as session:
        eventlog.append(session, device_id=other.device_id, case_id=case.case_id, type="case.forward_result_returned",
                        payload={"case_no": case.case_no, "on": "2026-03-02", "note": ""}, actor="attacker",
                        at=datetime.now().astimezone())  # fmt: skip
    assert theirs.syncer.run_once().upload.rejected == 1
    with server_db.session() as session:
        (rejected,) = session.scalars(select(RejectedEvent)).all()
        assert (rejected.code, rejected.device_id) == ("case_owner_mismatch", other.device_id)
        types = [e.type for e in session.scalars(select(StoredEvent).where(StoredEvent.case_id == case.case_id))]
    assert "case.forward_result_returned" not in types
    with pytest.raises(HallError, match="办件不存在"):  # and the other window's own services do not know the case
        forwarding.record_step(other, clerk, case.case_id, CaseAction.FORWARD_RESULT)


@pytest.mark.usefixtures("published")
def test_partner_figures_equal_a_hand_count_locally_and_on_the_server(
    services: Services, clerk: Actor, enrolled: Enrolled, server_db: Database, clock: SettableClock, tmp_path: Path
) -> None:
    enrolled.syncer.run_once()
    monday = clock.moment  # 2026-03-02
    a, b = forwarded_case(services, clerk), forwarded_case(services, clerk)
    c = forwarded_case(services, clerk, "贵州省贵阳市")
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(b"scan")
    forwarding.record_step(services, clerk, a.case_id, CaseAction.FORWARD_POST, carrier=Carrier.EMS,
                           waybill="EA123456785CN")  # fmt: skip
    forwarding.record_step(services, clerk, b.case_id, CaseAction.FORWARD_FILES, files=[scan])
    forwarding.record_step(services, clerk, c.case_id, CaseAction.FORWARD_POST, carrier=Carrier.SF,
                           waybill="SF123456789012")  # fmt: skip
    for question, channel, partner in [("成都社保转移", "cross_province", "四川省成都市"),
                                       ("成都公积金", "cross_province", "四川省成都市"),
                                       ("异地就医", "cross_province", ""), ("宁波户籍", "province_wide", ""),
                                       ("营业执照", "", "")]:  # fmt: skip
        record_enquiry(services, clerk, EnquiryInput(question, channel=channel, partner_region=partner))
    clock.moment = monday + timedelta(days=2)
    forwarding.record_step(services, clerk, a.case_id, CaseAction.FORWARD_RECEIVED)  # 2 days in transit
    clock.moment = monday + timedelta(days=3)
    forwarding.record_step(services, clerk, b.case_id, CaseAction.FORWARD_FILES_ACK)  # 3 days
    clock.moment = monday + timedelta(days=8)  # Tuesday 10 March: c waits since 2 March, 6 working days
    enrolled.syncer.run_once()
    # By hand: 成都 1 posted, 1 electronic, (2 + 3) / 2 days, nothing overdue, 2 enquiries; 贵阳 1 posted and
    # overdue (not received within 5 working days); 1 cross-province enquiry about no named partner.
    expected = [
        ["四川省成都市", 1, 1, 2.5, 0, 2],
        ["贵州省贵阳市", 1, 0, None, 1, 0],
        ["（未指定）", 0, 0, None, 0, 1],
        ["合计", 2, 1, 2.5, 1, 3],
    ]
    period = Period(monday.date(), clock.moment.date())
    assert partner_rows(local_tally(services, period)) == expected
    with server_db.session() as session:
        hall_wide = server_tallies(session, period, ["window"], hall_name="中心", today=clock.moment.date(),
                                   now=clock.moment.replace(tzinfo=None))["window"]  # fmt: skip
    assert partner_rows(hall_wide) == expected
    assert partner_rows(Tally.from_dict(hall_wide.to_dict())) == expected  # as the CLI receives it
