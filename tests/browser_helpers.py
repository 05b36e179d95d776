"""Debian's chromium + chromium-driver in headless mode, driven by selenium (no browser downloads)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager

from selenium import webdriver
from selenium.webdriver.chrome.service import Service


def executable(*names: str) -> str:
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    raise AssertionError(f"{names[0]} missing: install Debian's chromium and chromium-driver (dev.sh does)")


@contextmanager
def chromium(*extra: str) -> Iterator[webdriver.Chrome]:
    options = webdriver.ChromeOptions()
    options.binary_location = executable("chromium", "chromium-browser")
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", *extra):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(executable_path=executable("chromedriver")), options=options)
    try:
        yield driver
    finally:
        driver.quit()
