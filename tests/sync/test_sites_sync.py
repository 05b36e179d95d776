"""Sites end to end on SQLite and PostgreSQL: a window enrolled at a village station learns its site, its cases,
events and 帮办代办 count there even after the PC moves, per-site tallies roll up exactly, a resent batch counts
once, a street supervisor sees their street only, and a 帮办代办 of another window is refused."""

from __future__ import annotations

import warnings
from dataclasses import replace
from datetime import datetime
from typing import Any

import pytest
from fastapi import FastAPI
from sqlalchemy import delete, select

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from sync_helpers import intake

from hallclient.server import admin
from hallclient.server.models import ServerCase
from hallclient.server.site_models import ServerAssistance
from hallclient.server.sites import SiteInput, add_sites
from hallclient.services.assistance import record_assistance
from hallclient.services.context import Actor, Services
from hallclient.services.sites import site_of
from hallclient.store.models import EventAck
from hallclient.sync.engine import Syncer
from hallclient.sync.transport import SyncClient

DAY = {"from": "2026-03-01", "to": "2026-03-31"}


def _tally(http: TestClient, token: str, **params: str) -> Any:
    return http.get("/v1/tallies", params={**DAY, "by": "window", **params}, headers={"X-User-Token": token})


@pytest.mark.logs_expected("hallclient.sync")  # the refused 帮办代办 of window 09
def test_sites_from_enrolment_to_rolled_up_tallies(app: FastAPI, services: Services, clerk: Actor) -> None:
    db = app.state.db
    add_sites(db, [SiteInput("BX", "北山街道", "street", "HALL"), SiteInput("BX1", "白沙村", "village", "BX"),
                   SiteInput("LY", "灵隐街道", "street", "HALL")])  # fmt: skip
    device_row, code = admin.add_device(db, "05", site="BX1")
    enrolment = TestClient(app).post("/v1/enroll", json={"code": code, "device_id": services.device_id})
    assert (enrolment.json()["site_code"], enrolment.json()["site_name"]) == ("BX1", "白沙村")
    http = TestClient(app, headers={"Authorization": f"Bearer {enrolment.json()['token']}"})
    syncer = Syncer(services.store, SyncClient(http))
    syncer.run_once()
    assert site_of(services.store) == ("BX1", "白沙村")  # from the feed (kind site)

    first = intake(services, clerk)
    assert record_assistance(services, clerk, "home_visit", elderly=True).site == "BX1"
    record_assistance(services, clerk, "consult", disabled=True, note="问社保")
    syncer.run_once()
    admin.move_device(db, device_row, "LY")
    syncer.run_once()
    assert site_of(services.store) == ("LY", "灵隐街道")
    second = intake(services, clerk)
    record_assistance(services, clerk, "form_filling", elderly=True, disabled=True)
    elsewhere = replace(services, settings=services.settings._replace(window="09"))
    record_assistance(elsewhere, clerk, "ticket")  # not this PC's window: refused by the server
    assert syncer.run_once().upload.rejected == 1
    with services.store.read() as session:
        refusal = session.scalars(select(EventAck).where(EventAck.status == "rejected")).one()
        assert "不能上报 09 号窗口的帮办代办记录" in refusal.reason
    with services.store.write() as session:  # forget the server's answers: everything is sent again
        session.execute(delete(EventAck))
    syncer.run_once()

    with db.session() as session:
        sites = dict(session.execute(select(ServerCase.case_no, ServerCase.site_code)).all())
        assert sites == {first.case_no: "BX1", second.case_no: "LY"}  # the move left the first case where it was
        counted = session.execute(select(ServerAssistance.site_code, ServerAssistance.kind)).all()
        assert sorted(counted) == [("BX1", "consult"), ("BX1", "home_visit"), ("LY", "form_filling")]

    admin.add_user(db, "zhao", "赵主任", "supervisor", "secret123")
    admin.add_user(db, "li", "李站长", "supervisor", "secret123", site="BX")
    boss, street = (http.post("/v1/login", json={"username": name, "password": "secret123"}).json()["user_token"]
                    for name in ("zhao", "li"))  # fmt: skip
    whole = _tally(http, boss).json()["tallies"]["window"]
    rows = {row["code"]: row for row in whole["sites"]}
    assert [row["code"] for row in whole["sites"]] == ["HALL", "BX", "BX1", "LY"]
    assert (rows["BX1"]["cases"], rows["BX"]["own_cases"], rows["BX"]["cases"], rows["LY"]["cases"]) == (1, 0, 1, 1)
    for row in whole["sites"]:  # each rolled-up figure is the site's own plus its children's rolled-up ones
        children = [child for child in whole["sites"] if child["depth"] == row["depth"] + 1
                    and child["code"] in {"BX": ["BX1"], "HALL": ["BX", "LY"]}.get(row["code"], [])]  # fmt: skip
        for figure in ("cases", "completed", "assistance"):
            assert row[figure] == row[f"own_{figure}"] + sum(child[figure] for child in children)
    assert (rows["HALL"]["cases"], rows["HALL"]["assistance"]) == (whole["total"]["cases"], 3) == (2, 3)
    assert whole["assistance"]["by_kind"] == {"consult": 1, "ticket": 0, "guidance": 0, "form_filling": 1,
                                              "home_visit": 1}  # fmt: skip
    assert (whole["assistance"]["elderly"], whole["assistance"]["disabled"]) == (2, 2)

    street_only = _tally(http, boss, site="BX").json()["tallies"]["window"]
    assert (street_only["total"]["cases"], street_only["assistance"]["total"]) == (1, 2)
    assert [row["code"] for row in street_only["sites"]] == ["BX", "BX1"]
    assert street_only["scope"] == "北山街道及下级站点（服务器）"
    assert _tally(http, street).json()["tallies"]["window"]["total"]["cases"] == 1  # their own street by default
    refused = _tally(http, street, site="LY")
    assert refused.status_code == 403
    assert refused.json()["detail"] == "本账号只能查看站点 BX 及其下级站点的数据，无权查看站点 LY"
    assert _tally(http, boss, site="NOPE").json()["detail"] == "没有这个站点：NOPE"

    def assess(token: str, **params: str) -> Any:
        return http.get("/v1/assessment", params={"month": "2026-03", **params}, headers={"X-User-Token": token})

    assert assess(street, site="LY").status_code == 403
    whole_rows, street_rows = (assess(token).json()["assessment"]["rows"] for token in (boss, street))
    assert whole_rows and street_rows and assess(boss, site="BX").json()["assessment"]["rows"] == street_rows
    overdue = [next(item["value"] for item in rows[0]["breakdown"] if item["indicator"] == "dept_overdue")
               for rows in (whole_rows, street_rows)]  # fmt: skip
    assert overdue == [2, 1]  # both cases overdue at the month's end; one is the street's


def test_s0012_creates_the_root_site_and_places_existing_devices_there(db_url: str) -> None:
    from alembic import command
    from sqlalchemy import create_engine, text

    from hallclient.server.db import alembic_config, normalise_url, upgrade
    from hallclient.server.site_models import ServerSite

    command.upgrade(alembic_config(db_url), "s0009")
    engine = create_engine(normalise_url(db_url))
    with engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO devices (id, \"window\", label, hostname, created_at) VALUES ('d1', '05', '', '', :now)"
        ), {"now": datetime(2026, 3, 2, 8)})  # fmt: skip
    upgrade(db_url)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT site_code FROM devices")).scalar_one() == "HALL"
        root = connection.execute(select(ServerSite.code, ServerSite.level, ServerSite.parent_code)).one()
    engine.dispose()
    assert tuple(root) == ("HALL", "district", None)
