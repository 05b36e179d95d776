"""Hall-wide tallies computed on the server, and fetching them from a client (``GET /v1/tallies``)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from sqlalchemy.orm import Session

from hallclient.domain.workdays import WorkCalendar
from hallclient.errors import HallError
from hallclient.reports.server_source import load_server_facts
from hallclient.reports.tally import GROUPINGS, NEAR_DUE_WORKDAYS, Period, Tally, build_tally


def server_tallies(
    session: Session,
    period: Period,
    groupings: Iterable[str],
    *,
    hall_name: str,
    today: date,
    now: datetime,
    calendar: WorkCalendar | None = None,
) -> dict[str, Tally]:
    groupings = list(groupings)
    for grouping in groupings:
        if grouping not in GROUPINGS:
            raise HallError(f"分组只能是 {'、'.join(GROUPINGS)}，实为 {grouping!r}")
    period.check_not_future(today)
    as_of = min(period.end, today)
    calendar = calendar or WorkCalendar.load_default()
    near_due_limit = calendar.add_workdays(as_of, NEAR_DUE_WORKDAYS)
    facts = load_server_facts(session, period, as_of, near_due_limit)
    notes = [f"期间尚未结束，数据截至 {today.isoformat()}。"] if period.end > today else []
    return {
        grouping: build_tally(facts, period=period, grouping=grouping, as_of=as_of, hall_name=hall_name,
                              scope="全大厅（服务器）", source="server", generated_at=now,
                              near_due_limit=near_due_limit, notes=notes)
        for grouping in groupings
    }  # fmt: skip


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
