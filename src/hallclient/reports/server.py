"""Fetching the hall-wide tallies from the server (``GET /v1/tallies``; computed by ``server/tallies.py``)."""

from __future__ import annotations

from collections.abc import Iterable

from hallclient.domain.tally import Period, Tally
from hallclient.errors import HallError


class ServerUnavailable(HallError):
    """The server could not be reached or did not answer properly: callers fall back to local data."""


def fetch_tallies(
    url: str,
    device_token: str,
    user_token: str,
    period: Period,
    groupings: Iterable[str],
    *,
    timeout: float = 10.0,
    ca_file: str = "",
) -> dict[str, Tally]:
    """The hall-wide tallies from the server; :class:`ServerUnavailable` when it is down or refuses.

    Needs the window's device token and a supervisor's user token (``POST /v1/login``).
    """
    import httpx

    params: list[tuple[str, str | int | float | bool | None]] = [
        ("from", period.start.isoformat()),
        ("to", period.end.isoformat()),
    ]
    params += [("by", grouping) for grouping in groupings]
    headers = {"Authorization": f"Bearer {device_token}", "X-User-Token": user_token}
    try:
        response = httpx.get(
            url.rstrip("/") + "/v1/tallies", params=params, headers=headers, timeout=timeout,
            verify=ca_file or True,
        )  # fmt: skip
    except httpx.HTTPError as error:
        raise ServerUnavailable(f"服务器不可用：{type(error).__name__}: {error}".splitlines()[0]) from None
    if response.status_code in (401, 403):
        raise ServerUnavailable(f"服务器拒绝（{response.status_code}）：全大厅统计仅限值班长登录后查看")
    if response.status_code == 422 or response.status_code == 400:
        raise HallError(f"服务器拒绝了统计请求：{_detail(response)}")
    if response.status_code != 200:
        raise ServerUnavailable(f"服务器出错（HTTP {response.status_code}）：{_detail(response)}")
    try:
        data = response.json()
        return {name: Tally.from_dict(item) for name, item in data["tallies"].items()}
    except (ValueError, KeyError, TypeError) as error:
        raise ServerUnavailable(f"服务器返回的统计数据无法识别：{error}") from None


def _detail(response: object) -> str:
    try:
        detail = response.json().get("detail", "")  # type: ignore[attr-defined]
    except ValueError:
        detail = ""
    return str(detail) or str(getattr(response, "text", ""))[:200]
