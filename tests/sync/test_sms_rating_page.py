"""The page behind the invitation's link (``/r/{code}``): in chromium (the whole walk through: open the link,
choose 不满意 with a reason, see thanks; the rating lands once however often the form is posted), and over httpx for
what an attacker tries (guessed codes, a huge reason, HTML in the reason, a post without the code, an expired
code). SQLite and PostgreSQL."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait
from sms_helpers import invited
from sqlalchemy import select
from sync_helpers import Enrolled

from browser_helpers import chromium
from hallclient.domain.tally import Period
from hallclient.server import clock
from hallclient.server.db import Database
from hallclient.server.models import StoredEvent
from hallclient.server.sms.ratings import IP_LIMIT, VALID_FOR
from hallclient.server.tallies import server_tallies
from hallclient.services.context import Actor, Services
from queue_helpers import serving

NOON = datetime(2026, 3, 2, 4, 0, tzinfo=UTC)  # 12:00 in the hall


@pytest.fixture
def hall_noon(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clock, "source", lambda: NOON)


@pytest.fixture
def browser() -> Iterator[webdriver.Chrome]:
    with chromium() as driver:
        yield driver


def _sms_ratings(server_db: Database) -> list[dict[str, object]]:
    with server_db.session() as session:
        rows = session.scalars(select(StoredEvent.payload).where(StoredEvent.type == "rating.given")).all()
    return [json.loads(row) for row in rows]


def test_a_citizen_rates_not_satisfied_in_chromium_once_however_often_the_form_is_posted(
    services: Services, clerk: Actor, enrolled: Enrolled, server_db: Database, app: FastAPI, tmp_path: Path,
    hall_noon: None, browser: webdriver.Chrome,
) -> None:  # fmt: skip
    case_no, code = invited(services, clerk, enrolled, server_db, tmp_path)
    with serving(app) as base:
        browser.get(f"{base}/r/{code}")
        # Headless Chromium in a minimal Debian once handed back an empty document right after get(): wait for it.
        WebDriverWait(browser, 10).until(lambda driver: "西湖区政务服务中心" in driver.page_source)
        page = browser.page_source
        assert "西湖区政务服务中心" in page and "2026-03-02" in page and case_no not in page
        assert "张" not in browser.find_element(By.TAG_NAME, "body").text  # no applicant's name on the page
        browser.find_element(By.XPATH, "//label[normalize-space()='不满意']/input").click()
        browser.find_element(By.ID, "reason").send_keys("等了太久<script>alert(1)</script>")
        browser.find_element(By.ID, "submit").click()
        assert "感谢您的评价（不满意）" in browser.find_element(By.ID, "thanks").text
        browser.back()  # the page is not cached: going back asks the server, which says it is rated
        assert "已经评价过" in browser.find_element(By.ID, "message").text
        again = httpx.post(f"{base}/r/{code}", data={"level": "2", "reason": "等了太久"})  # the form posted twice
        assert again.status_code == 409 and "已经评价过" in again.text
    ratings = _sms_ratings(server_db)
    assert [(r["level"], r["reason"], r["case_no"]) for r in ratings] == [
        (2, "等了太久<script>alert(1)</script>", case_no)
    ]
    with server_db.session() as session:
        day = date(2026, 3, 2)
        tally = server_tallies(session, Period(day, day), ["window"], hall_name="测试大厅", today=day,
                               now=datetime(2026, 3, 2, 12))["window"]  # fmt: skip
    assert (tally.total.rated, tally.total.bad_reviews) == (1, 1)  # counted hall-wide, once


def test_the_page_refuses_what_an_attacker_tries(
    services: Services, clerk: Actor, enrolled: Enrolled, server_db: Database, app: FastAPI, tmp_path: Path,
    hall_noon: None, monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    _case_no, code = invited(services, clerk, enrolled, server_db, tmp_path)
    citizen = TestClient(app)
    page = citizen.get(f"/r/{code}")
    assert page.status_code == 200 and "非常不满意" in page.text and "<script" not in page.text
    policy = page.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "form-action 'self'" in policy
    # No code, no rating: a post elsewhere is not a rating path.
    assert citizen.post("/r/", data={"level": "1"}).status_code in (404, 405)
    # A huge reason: refused by size, or shown back for shortening; nothing recorded.
    huge = citizen.post(f"/r/{code}", data={"level": "1", "reason": "长" * 1000})
    assert huge.status_code == 413 and "提交的内容过长" in huge.text
    long = citizen.post(f"/r/{code}", data={"level": "1", "reason": "长" * 201})
    assert "原因最多 200 字" in long.text
    # HTML in the reason is escaped when the page shows it back.
    no_level = citizen.post(f"/r/{code}", data={"reason": "<b>x</b>"})
    assert (
        "请选择一个评价等级" in no_level.text
        and "&lt;b&gt;x&lt;/b&gt;" in no_level.text
        and "<b>x" not in no_level.text
    )
    assert _sms_ratings(server_db) == []
    # An unknown code: a plain page with the hall's phone; guessing counts against the address.
    unknown = citizen.get("/r/AAAAAAAA")
    assert unknown.status_code == 404 and "评价链接无效" in unknown.text and "0571-87000000" in unknown.text
    assert citizen.get("/r/%3Cscript%3E").status_code == 404
    for number in range(IP_LIMIT):
        citizen.get(f"/r/GUESS{number:03d}")
    limited = citizen.get(f"/r/{code}x")
    assert limited.status_code == 429 and "尝试次数过多" in limited.text
    # An expired code: its own page, and the API refuses it too.
    later = NOON + VALID_FOR + timedelta(minutes=1)
    monkeypatch.setattr(clock, "source", lambda: later)
    fresh = TestClient(app, client=("10.0.0.9", 50000))
    expired = fresh.get(f"/r/{code}")
    assert expired.status_code == 410 and "评价链接已过期" in expired.text
    api = fresh.post("/v1/ratings/sms", json={"code": code, "level": 5})
    assert (api.status_code, api.json()["detail"]) == (410, "评价链接已过期")
    assert _sms_ratings(server_db) == []
