"""What a supervisor reads from the server: hall-wide tallies (``GET /v1/tallies``, computed by
``server/tallies.py``), queue figures (``GET /v1/tallies/queue``, ``server/queue_figures.py``), the live hall
(``GET /v1/queue/hall``) and the assessment (``/v1/assessment``: scores, drill-down, publishing; computed by
``server/assessment.py``), after signing in there (``POST /v1/login``) for the user token they all need.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from hallclient.domain.assessment import Assessment, Evidence
from hallclient.domain.queue_figures import QueueTally
from hallclient.domain.sms_figures import SmsFigures
from hallclient.domain.tally import Period, Tally
from hallclient.errors import HallError
from hallclient.protocol.queue import HallState

Params = list[tuple[str, str | int | float | bool | None]]


class ServerUnavailable(HallError):
    """The server could not be reached or did not answer properly: callers fall back to local data."""


class SignInRefused(ServerUnavailable):
    """The server refused the user's sign-in or session (401/403): sign in again as a supervisor."""


def _request(
    method: str, url: str, path: str, headers: dict[str, str], *, timeout: float, ca_file: str, **kwargs: Any
) -> Any:
    """The JSON answer; :class:`ServerUnavailable` when the server is down or refuses, ``HallError`` on a 400/422."""
    import httpx

    try:
        response = httpx.request(method, url.rstrip("/") + path, headers=headers, timeout=timeout,
                                 verify=ca_file or True, **kwargs)  # fmt: skip
    except httpx.HTTPError as error:
        raise ServerUnavailable(f"服务器不可用：{type(error).__name__}: {error}".splitlines()[0]) from None
    if response.status_code in (401, 403):
        status, detail = response.status_code, _detail(response)
        raise SignInRefused(f"服务器拒绝（{status}）：仅限值班长在服务器登录后查看（{detail}）")
    if response.status_code in (400, 404, 409, 422):
        raise HallError(f"服务器拒绝了请求：{_detail(response)}")
    if response.status_code != 200:
        raise ServerUnavailable(f"服务器出错（HTTP {response.status_code}）：{_detail(response)}")
    try:
        return response.json()
    except ValueError as error:
        raise ServerUnavailable(f"服务器返回的数据无法识别：{error}") from None


def _headers(device_token: str, user_token: str = "") -> dict[str, str]:
    headers = {"Authorization": f"Bearer {device_token}"}
    return {**headers, "X-User-Token": user_token} if user_token else headers


def _period(period: Period, groupings: Iterable[str]) -> Params:
    params: Params = [("from", period.start.isoformat()), ("to", period.end.isoformat())]
    return params + [("by", grouping) for grouping in groupings]


def sign_in(url: str, device_token: str, username: str, password: str, *, timeout: float = 10.0,
            ca_file: str = "") -> str:  # fmt: skip
    """A user token for this device (``POST /v1/login``); :class:`SignInRefused` on a wrong password."""
    data = _request("POST", url, "/v1/login", _headers(device_token), timeout=timeout, ca_file=ca_file,
                    json={"username": username, "password": password})  # fmt: skip
    try:
        return str(data["user_token"])
    except (KeyError, TypeError) as error:
        raise ServerUnavailable(f"服务器返回的登录结果无法识别：{error}") from None


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

    Needs the window's device token and a supervisor's user token (``POST /v1/login``). Each tally carries
    the period's SMS figures (``sms``; from an older server without them, or unreadable ones: ``provided``
    False, with a note saying so).
    """
    data = _request("GET", url, "/v1/tallies", _headers(device_token, user_token), timeout=timeout,
                    ca_file=ca_file, params=_period(period, groupings))  # fmt: skip
    try:
        tallies = {name: Tally.from_dict(item) for name, item in data["tallies"].items()}
    except (ValueError, KeyError, TypeError) as error:
        raise ServerUnavailable(f"服务器返回的统计数据无法识别：{error}") from None
    try:
        sms = SmsFigures.from_wire(data.get("sms"))
    except (ValueError, TypeError) as error:  # the tallies stand; the SMS part is left out and said so
        sms = SmsFigures(provided=False, notes=[f"服务器返回的短信统计无法识别（{error}），本表不含短信数字"])
    for tally in tallies.values():
        tally.sms = sms
    _attach_certificates(tallies, data.get("certificates"))
    return tallies


def _attach_certificates(tallies: dict[str, Tally], data: Any) -> None:
    """证照共享 figures onto each tally; an older server has none (no sheet), unreadable ones are noted."""
    from hallclient.domain.certificate_figures import CertificateFigures

    if data is None:
        return
    try:
        figures = CertificateFigures.from_dict(data)
    except (ValueError, KeyError, TypeError) as error:
        for tally in tallies.values():
            tally.notes.append(f"服务器返回的证照共享统计无法识别（{error}），本表不含证照数字")
        return
    for tally in tallies.values():
        tally.certificates = figures


def fetch_queue_figures(
    url: str,
    device_token: str,
    user_token: str,
    period: Period,
    groupings: Iterable[str],
    *,
    hall: str = "",
    timeout: float = 10.0,
    ca_file: str = "",
) -> dict[str, QueueTally]:
    """The queue figures of ``hall`` (the server's only hall when empty), one per grouping."""
    params = _period(period, groupings) + ([("hall", hall)] if hall else [])
    data = _request("GET", url, "/v1/tallies/queue", _headers(device_token, user_token), timeout=timeout,
                    ca_file=ca_file, params=params)  # fmt: skip
    try:
        return {name: QueueTally.from_dict(item) for name, item in data["figures"].items()}
    except (ValueError, KeyError, TypeError) as error:
        raise ServerUnavailable(f"服务器返回的排队统计无法识别：{error}") from None


def fetch_hall(
    url: str, device_token: str, user_token: str, *, hall: str = "", timeout: float = 5.0, ca_file: str = ""
) -> HallState:
    """The hall now: waiting per category, each window's state and ticket (names masked as on the display)."""
    from pydantic import ValidationError

    data = _request("GET", url, "/v1/queue/hall", _headers(device_token, user_token), timeout=timeout,
                    ca_file=ca_file, params=[("hall", hall)] if hall else [])  # fmt: skip
    try:
        return HallState.model_validate(data)
    except ValidationError as error:
        raise ServerUnavailable(f"服务器返回的大厅状态无法识别：{str(error).splitlines()[0]}") from None


def _assessment_period(period_text: str, by: str) -> Params:
    """``2026Q4`` → quarter, ``2026-10`` → month (the server refuses anything else in Chinese)."""
    text = period_text.strip()
    return [("quarter" if "Q" in text.upper() else "month", text), ("by", by)]


def fetch_assessment(
    url: str, device_token: str, user_token: str, period_text: str, by: str, *, timeout: float = 30.0,
    ca_file: str = "",
) -> Assessment:  # fmt: skip
    """The hall-wide assessment of a quarter (``2026Q4``) or month (``2026-10``) by ``department`` or ``staff``."""
    data = _request("GET", url, "/v1/assessment", _headers(device_token, user_token), timeout=timeout,
                    ca_file=ca_file, params=_assessment_period(period_text, by))  # fmt: skip
    try:
        return Assessment.from_dict(data["assessment"])
    except (ValueError, KeyError, TypeError) as error:
        raise ServerUnavailable(f"服务器返回的考核结果无法识别：{error}") from None


def fetch_assessment_evidence(
    url: str, device_token: str, user_token: str, period_text: str, by: str, key: str, indicator: str, *,
    timeout: float = 30.0, ca_file: str = "",
) -> tuple[Evidence, ...]:  # fmt: skip
    """What stands behind one indicator of one department or staff member (cases, findings, figures)."""
    params = [*_assessment_period(period_text, by), ("key", key), ("indicator", indicator)]
    data = _request("GET", url, "/v1/assessment/evidence", _headers(device_token, user_token), timeout=timeout,
                    ca_file=ca_file, params=params)  # fmt: skip
    try:
        return tuple(Evidence(**item) for item in data["evidence"])
    except (KeyError, TypeError) as error:
        raise ServerUnavailable(f"服务器返回的考核依据无法识别：{error}") from None


def publish_on_server(
    url: str, device_token: str, user_token: str, quarter: str, by: str, reason: str = "", *,
    timeout: float = 60.0, ca_file: str = "",
) -> dict[str, Any]:  # fmt: skip
    """Freeze a finished quarter on the server (a second time needs ``reason``); the signed snapshot's record:
    quarter, subject, version, assessment, digest, signature, published_at, published_by(_name), reason,
    verified. A refusal (already published without a reason, quarter not over) raises ``HallError``."""
    data = _request("POST", url, "/v1/assessment/publish", _headers(device_token, user_token), timeout=timeout,
                    ca_file=ca_file, json={"quarter": quarter.strip(), "by": by, "reason": reason})  # fmt: skip
    return _snapshot(data)


def fetch_published(
    url: str, device_token: str, user_token: str, quarter: str, by: str, version: int | None = None, *,
    timeout: float = 30.0, ca_file: str = "",
) -> dict[str, Any]:  # fmt: skip
    """A published version (the newest when ``version`` is None), ``verified`` saying whether its server
    signature still holds; the assessment itself as an :class:`Assessment` under ``"assessment"``."""
    params: Params = [("quarter", quarter.strip()), ("by", by)] + ([("version", version)] if version else [])
    data = _request("GET", url, "/v1/assessment/published", _headers(device_token, user_token), timeout=timeout,
                    ca_file=ca_file, params=params)  # fmt: skip
    return _snapshot(data)


def _snapshot(data: Any) -> dict[str, Any]:
    try:
        return {**data, "assessment": Assessment.from_dict(data["assessment"]), "version": int(data["version"]),
                "verified": bool(data["verified"])}  # fmt: skip
    except (ValueError, KeyError, TypeError) as error:
        raise ServerUnavailable(f"服务器返回的已发布考核无法识别：{error}") from None


def _detail(response: object) -> str:
    try:
        detail = response.json().get("detail", "")  # type: ignore[attr-defined]
    except ValueError:
        detail = ""
    return str(detail) or str(getattr(response, "text", ""))[:200]
