"""The hall display in a real headless browser (Debian's chromium + chromium-driver, driven by selenium):
a call appears within 1 s, names are masked, the per-window page shows only its window, an unknown hall is
a 404; and the broadcaster that feeds the pages."""

from __future__ import annotations

import asyncio
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from queue_helpers import configure_hall, device_token, serving
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from hallclient.server.app import create_app
from hallclient.server.queue_live import Broadcaster

APPEAR_WITHIN_S = 1.0


def _executable(*names: str) -> str:
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    raise AssertionError(f"{names[0]} missing: install Debian's chromium and chromium-driver (dev.sh does)")


@pytest.fixture
def browser() -> Iterator[webdriver.Chrome]:
    options = webdriver.ChromeOptions()
    options.binary_location = _executable("chromium", "chromium-browser")
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(executable_path=_executable("chromedriver")), options=options)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture
def hall_app(tmp_path: Path) -> Iterator[FastAPI]:
    app = create_app(f"sqlite:///{tmp_path / 'server.sqlite3'}")
    configure_hall(app.state.db, ["01", "02"])
    yield app
    app.state.db.dispose()


def _text(driver: webdriver.Chrome, element_id: str) -> str:
    return str(driver.find_element(By.ID, element_id).text)


def _wait_for(driver: webdriver.Chrome, element_id: str, text: str, timeout: float) -> float:
    started = time.monotonic()
    WebDriverWait(driver, timeout, poll_frequency=0.02).until(lambda d: text in _text(d, element_id))
    return time.monotonic() - started


def test_a_call_appears_on_the_hall_page_within_a_second(hall_app: FastAPI, browser: webdriver.Chrome) -> None:
    kiosk, one = device_token(hall_app, "K1"), device_token(hall_app, "01")
    with serving(hall_app) as base:
        browser.get(f"{base}/display/main")
        assert "市民中心" in browser.title
        _wait_for(browser, "waiting", "A 企业开办", 10)  # the stream delivered the initial state
        with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {kiosk}"}) as client:
            client.post("/v1/queue/tickets", json={"category": "A", "name": "王小芳"}).raise_for_status()
            client.post("/v1/queue/tickets", json={"category": "B"}).raise_for_status()
        _wait_for(browser, "waiting", "B 人资社保 1", 5)
        with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {one}"}) as client:
            client.post("/v1/queue/call").raise_for_status()
            took = _wait_for(browser, "current", "请 A001 号到 01 号窗口", APPEAR_WITHIN_S)
        assert took < APPEAR_WITHIN_S
        recent = _text(browser, "recent")
        assert "王*芳" in recent and "王小芳" not in browser.page_source


def test_the_window_page_shows_its_own_window_only(hall_app: FastAPI, browser: webdriver.Chrome) -> None:
    kiosk, one, two = (device_token(hall_app, w) for w in ("K1", "01", "02"))
    with serving(hall_app) as base:
        browser.get(f"{base}/display/main/window/02")
        _wait_for(browser, "waiting", "空闲", 10)
        with httpx.Client(base_url=base) as client:
            for _ in range(2):
                client.post("/v1/queue/tickets", json={"category": "A"}, headers={"Authorization": f"Bearer {kiosk}"})
            client.post("/v1/queue/call", headers={"Authorization": f"Bearer {one}"}).raise_for_status()
            client.post("/v1/queue/call", headers={"Authorization": f"Bearer {two}"}).raise_for_status()
        _wait_for(browser, "current", "请 A002 号到 02 号窗口", APPEAR_WITHIN_S)
        assert "A001" not in _text(browser, "recent")


def test_an_unknown_hall_or_window_is_a_clear_404(hall_app: FastAPI, browser: webdriver.Chrome) -> None:
    with serving(hall_app) as base:
        browser.get(f"{base}/display/nohall")
        assert "没有大厅「nohall」" in browser.page_source
        assert httpx.get(f"{base}/display/nohall").status_code == 404
        assert httpx.get(f"{base}/display/nohall/events").status_code == 404
        assert httpx.get(f"{base}/display/main/window/77").status_code == 404
        assert httpx.get(f"{base}/display/<script>").status_code in (404, 422)


def test_a_slow_display_loses_old_states_not_the_newest() -> None:
    async def scenario() -> list[str]:
        hub = Broadcaster()
        subscription = hub.subscribe("main")
        for n in range(40):
            hub.publish("main", str(n))
            hub.publish("other", "x")
        await asyncio.sleep(0)
        received = []
        while not subscription.messages.empty():
            received.append(subscription.messages.get_nowait())
        hub.unsubscribe(subscription)
        assert hub.subscribers("main") == 0
        return received

    received = asyncio.run(scenario())
    assert received == [str(n) for n in range(24, 40)]
