"""Where a matter's published service guide (办事指南) lives: ``{base}/matters/{CODE}.html``.

One rule for the static site (``reports/guide_site.py``) and the QR printed on slips (config
``[hall] guide_base_url``), so a scanned slip always lands on the page the site wrote.
"""

from __future__ import annotations

import re

from hallclient.errors import HallError

HTTP_URL = re.compile(r"^https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[!-~]*)?$")  # ASCII only: QR payloads stay ASCII


def check_guide_base_url(url: str) -> str:
    """The site's address without a trailing slash; "" stays "" (no site); anything but an http(s) URL is refused."""
    url = url.strip().rstrip("/")
    if url and not HTTP_URL.match(url):
        raise HallError(f"办事指南网站地址“{url}”不是 http:// 或 https:// 开头的网址（只用 ASCII 字符）")
    return url


def matter_page(code: str) -> str:
    """A matter's page, relative to the site's root."""
    return f"matters/{code}.html"


def guide_url(base_url: str, code: str) -> str:
    """The matter page's full address, or "" when the hall publishes no site."""
    base = base_url.strip().rstrip("/")
    return f"{base}/{matter_page(code)}" if base else ""
