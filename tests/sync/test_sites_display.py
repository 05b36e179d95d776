"""The hall display per site (``/display/{hall}?site=CODE``) in a real headless browser: only the calls of the
site's windows (and the sites under it), the site's name in the title, an unknown site a clear 404."""

from __future__ import annotations

import time
from pathlib import Path

import httpx
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from browser_helpers import chromium
from hallclient.server import admin
from hallclient.server.app import create_app
from hallclient.server.sites import SiteInput, add_sites
from queue_helpers import configure_hall, device_token, serving


def test_a_site_page_shows_its_windows_calls_only(tmp_path: Path) -> None:
    app = create_app(f"sqlite:///{tmp_path / 'server.sqlite3'}")
    configure_hall(app.state.db, ["01", "02"])
    add_sites(app.state.db, [SiteInput("BX", "北山街道", "street", "HALL")])
    kiosk, one, two = (device_token(app, window) for window in ("K1", "01", "02"))
    moved = next(item for item in admin.list_devices(app.state.db) if item.window == "02")
    admin.move_device(app.state.db, moved.id, "BX")
    try:
        with serving(app) as base, chromium() as browser:
            assert httpx.get(f"{base}/display/main", params={"site": "NOPE"}).status_code == 404
            browser.get(f"{base}/display/main?site=BX&voice=0")
            assert "北山街道" in browser.title
            with httpx.Client(base_url=base) as client:
                for _ in range(2):
                    client.post("/v1/queue/tickets", json={"category": "A"},
                                headers={"Authorization": f"Bearer {kiosk}"}).raise_for_status()  # fmt: skip
                time.sleep(0.5)  # the page is listening before the calls
                client.post("/v1/queue/call", headers={"Authorization": f"Bearer {one}"}).raise_for_status()
                client.post("/v1/queue/call", headers={"Authorization": f"Bearer {two}"}).raise_for_status()
            WebDriverWait(browser, 5, poll_frequency=0.05).until(
                lambda d: "请 A002 号到 02 号窗口" in d.find_element(By.ID, "current").text
            )
            assert "A001" not in browser.find_element(By.ID, "recent").text  # window 01 is not the street's
    finally:
        app.state.db.dispose()
