"""The hall display in a real headless browser (Debian's chromium + chromium-driver, driven by selenium):
a call appears within 1 s, names are masked, the per-window page shows only its window, an unknown hall is
a 404, each new call is read out (fetched and played to its end, one after another), and the broadcaster that
feeds the pages."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from browser_helpers import chromium
from hallclient.server import voice
from hallclient.server.app import create_app
from hallclient.server.queue_live import Broadcaster
from queue_helpers import configure_hall, device_token, serving

APPEAR_WITHIN_S = 1.0


@pytest.fixture
def browser() -> Iterator[webdriver.Chrome]:
    """Started like the display PC's browser (docs/queue.md): with the autoplay flag, so calls are read unprompted."""
    with chromium("--autoplay-policy=no-user-gesture-required") as driver:
        yield driver


@pytest.fixture
def default_browser() -> Iterator[webdriver.Chrome]:
    """Chromium's default autoplay policy: no sound before the user has touched the page."""
    with chromium() as driver:
        yield driver


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


SPOKEN_WITHIN_S = 40.0  # two announcements of ~10 s each, played one after the other in real time


def _voice_log(driver: webdriver.Chrome) -> list[str]:
    return [str(line) for line in driver.execute_script("return voiceLog")]


def _fast_voice(driver: webdriver.Chrome) -> None:
    """Play the announcements at 8× (each new source starts at the default rate): the order is what is checked."""
    driver.execute_script("document.getElementById('voice').defaultPlaybackRate = 8")


def _call(base: str, token: str) -> None:
    with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"}) as client:
        client.post("/v1/queue/call").raise_for_status()


def test_each_new_call_is_read_out_in_order_never_overlapping(hall_app: FastAPI, browser: webdriver.Chrome) -> None:
    kiosk, one, two = (device_token(hall_app, w) for w in ("K1", "01", "02"))
    with serving(hall_app) as base:
        with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {kiosk}"}) as client:
            for _ in range(3):
                client.post("/v1/queue/tickets", json={"category": "A"}).raise_for_status()
        _call(base, one)  # A001, before the page opened: shown, not read out
        browser.get(f"{base}/display/main")
        _fast_voice(browser)
        _wait_for(browser, "current", "请 A001 号到 01 号窗口", 10)
        _call(base, two)  # A002 at 02
        _wait_for(browser, "current", "请 A002 号到 02 号窗口", APPEAR_WITHIN_S)
        assert browser.execute_script("return document.getElementById('voice').src").endswith(
            "/display/main/voice/A002-02.wav"
        )
        client = httpx.Client(base_url=base, headers={"Authorization": f"Bearer {one}"})
        ticket = client.get("/v1/queue/status").json()["current"]["id"]
        client.post(f"/v1/queue/tickets/{ticket}/no-show").raise_for_status()
        client.post("/v1/queue/call").raise_for_status()  # A003 at 01, while A002 is still being read
        client.close()
        first, second = (f"{base}/display/main/voice/{call}.wav" for call in ("A002-02", "A003-01"))
        WebDriverWait(browser, SPOKEN_WITHIN_S, poll_frequency=0.2).until(lambda d: len(_voice_log(d)) >= 4)
        assert _voice_log(browser) == [f"play {first}", f"ended {first}", f"play {second}", f"ended {second}"]
        played = browser.execute_script("const a = document.getElementById('voice'); return [a.ended, a.duration]")
        assert played[0] is True and 5.0 < played[1] < 15.0
        assert not browser.find_element(By.ID, "voice-blocked").is_displayed()
        assert not browser.find_element(By.ID, "voice-failed").is_displayed()


def test_a_window_page_reads_its_calls_only_with_voice_1_and_voice_0_mutes_the_hall(
    hall_app: FastAPI, browser: webdriver.Chrome
) -> None:
    kiosk, one = device_token(hall_app, "K1"), device_token(hall_app, "01")
    pages = ["/display/main/window/01", "/display/main?voice=0", "/display/main/window/01?voice=1"]
    with serving(hall_app) as base:
        with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {kiosk}"}) as client:
            client.post("/v1/queue/tickets", json={"category": "A"}).raise_for_status()
        for number, page in enumerate(pages):
            if number:
                browser.switch_to.new_window("tab")
            browser.get(f"{base}{page}")
            _fast_voice(browser)
            _wait_for(browser, "waiting", "A 企业开办 1" if "window" not in page else "空闲", 10)
        silent = browser.window_handles[:2]
        _call(base, one)
        url = f"{base}/display/main/voice/A001-01.wav"
        WebDriverWait(browser, SPOKEN_WITHIN_S, poll_frequency=0.2).until(lambda d: f"ended {url}" in _voice_log(d))
        assert _voice_log(browser) == [f"play {url}", f"ended {url}"]
        for handle in silent:
            browser.switch_to.window(handle)
            assert "请 A001 号到 01 号窗口" in _text(browser, "current")
            assert _voice_log(browser) == []
            assert browser.execute_script("return document.getElementById('voice').src") == ""


def test_a_blocked_autoplay_is_shown_and_a_click_plays_the_call(
    hall_app: FastAPI, default_browser: webdriver.Chrome
) -> None:
    kiosk, one = device_token(hall_app, "K1"), device_token(hall_app, "01")
    with serving(hall_app) as base:
        with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {kiosk}"}) as client:
            client.post("/v1/queue/tickets", json={"category": "A"}).raise_for_status()
        default_browser.get(f"{base}/display/main")
        _wait_for(default_browser, "waiting", "A 企业开办 1", 10)
        _call(base, one)
        banner = default_browser.find_element(By.ID, "voice-blocked")
        WebDriverWait(default_browser, 10, poll_frequency=0.1).until(lambda d: banner.is_displayed())
        assert "浏览器阻止了自动播放" in banner.text and _voice_log(default_browser) == []
        default_browser.find_element(By.ID, "current").click()  # someone touches the screen once
        url = f"{base}/display/main/voice/A001-01.wav"
        WebDriverWait(default_browser, 10, poll_frequency=0.1).until(lambda d: f"play {url}" in _voice_log(d))
        WebDriverWait(default_browser, 5, poll_frequency=0.1).until(lambda d: not banner.is_displayed())


def test_a_voice_that_cannot_be_served_is_shown_not_skipped_silently(
    hall_app: FastAPI, browser: webdriver.Chrome, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "resources" / "voice").mkdir(parents=True)  # a damaged install: no clips
    monkeypatch.setenv("HALLCLIENT_RESOURCES", str(tmp_path / "resources"))
    voice.shipped_clips.cache_clear()
    voice.announcement.cache_clear()
    kiosk, one = device_token(hall_app, "K1"), device_token(hall_app, "01")
    try:
        with serving(hall_app) as base:
            with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {kiosk}"}) as client:
                client.post("/v1/queue/tickets", json={"category": "A"}).raise_for_status()
            browser.get(f"{base}/display/main")
            _wait_for(browser, "waiting", "A 企业开办 1", 10)
            _call(base, one)
            url = f"{base}/display/main/voice/A001-01.wav"
            WebDriverWait(browser, 10, poll_frequency=0.1).until(lambda d: f"error {url}" in _voice_log(d))
            assert "语音叫号播放失败" in _text(browser, "voice-failed")
    finally:
        monkeypatch.undo()
        voice.shipped_clips.cache_clear()
        voice.announcement.cache_clear()


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
