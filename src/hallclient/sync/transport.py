"""HTTP access to the server (httpx): device token, custom CA file, precise errors.

Errors split into two kinds the uploader treats differently: :class:`Unreachable` (network, 5xx,
timeouts — retry with backoff) and :class:`Refused` (401/403/4xx — retrying as is will not help,
but the worker keeps retrying slowly because IT may re-enrol or fix the server). :class:`AnswerLost`
is the kind of Unreachable where the request went out and its answer never came back: the server may
have carried it out, so only a request that is safe to repeat (idempotent) may be sent again.
"""

from __future__ import annotations

from typing import Any

import httpx
from pydantic import BaseModel, ValidationError

from hallclient.errors import HallError
from hallclient.protocol.wire import (
    API_PREFIX,
    ChangesPage,
    EnrolRequest,
    EnrolResult,
    PingResult,
    Snapshot,
    UploadResult,
)

TIMEOUT = httpx.Timeout(30.0, connect=10.0)


class SyncError(HallError):
    pass


class Unreachable(SyncError):
    """The server could not be reached or failed; the same request may succeed later."""


class AnswerLost(Unreachable):
    """The request was sent but no answer came back (read timeout, connection dropped): it may have been done."""


#: Transport errors after which the request may have reached the server; any other left nothing there.
_MAYBE_SENT = (httpx.ReadError, httpx.ReadTimeout, httpx.WriteError, httpx.WriteTimeout, httpx.RemoteProtocolError)


class Refused(SyncError):
    """The server refused the request (4xx) with a reason."""

    def __init__(self, status: int, detail: str) -> None:
        super().__init__(f"服务器拒绝（HTTP {status}）：{detail}")
        self.status = status
        self.detail = detail


def _verify(ca_file: str) -> Any:
    if not ca_file:
        return True
    import ssl

    try:
        return ssl.create_default_context(cafile=ca_file)
    except (OSError, ssl.SSLError) as error:
        raise HallError(f"CA 文件无法使用：{ca_file}（{error}）") from None


def make_http(server_url: str, ca_file: str = "", token: str = "", timeout: httpx.Timeout = TIMEOUT) -> httpx.Client:
    """The client of every server call; ``timeout`` is the sync's unless a caller (the kiosk) needs shorter."""
    if not server_url:
        raise HallError("未配置中心服务器地址（server.url）")
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return httpx.Client(base_url=server_url.rstrip("/"), verify=_verify(ca_file), timeout=timeout, headers=headers)


def _detail(response: httpx.Response) -> str:
    try:
        detail = response.json().get("detail", "")
    except (ValueError, AttributeError):
        detail = ""
    if isinstance(detail, list):
        detail = "; ".join(str(item.get("msg", item)) if isinstance(item, dict) else str(item) for item in detail)
    return str(detail) or response.reason_phrase


class SyncClient:
    """The calls of the sync protocol over one ``httpx.Client`` (injected, so tests can use an ASGI client)."""

    def __init__(self, http: httpx.Client) -> None:
        self.http = http

    def close(self) -> None:
        self.http.close()

    def _send(self, method: str, path: str, model: type[BaseModel], **kwargs: Any) -> Any:
        try:
            response = self.http.request(method, f"{API_PREFIX}{path}", **kwargs)
        except httpx.TransportError as error:
            kind = AnswerLost if isinstance(error, _MAYBE_SENT) else Unreachable
            raise kind(f"无法连接服务器：{type(error).__name__}: {error}") from None
        if response.status_code >= 500 or response.status_code == 429:
            raise Unreachable(f"服务器暂时不可用（HTTP {response.status_code}）：{_detail(response)}")
        if response.status_code >= 400:
            raise Refused(response.status_code, _detail(response))
        if response.status_code == 204:  # no content (pause, resume): the model of an empty answer
            return model.model_validate({})
        try:
            return model.model_validate(response.json())
        except (ValueError, ValidationError) as error:
            raise Unreachable(f"服务器应答无法识别：{str(error).splitlines()[0]}") from None

    def upload(self, body: bytes) -> UploadResult:
        headers = {"Content-Type": "application/json", "Content-Encoding": "gzip"}
        result: UploadResult = self._send("POST", "/events", UploadResult, content=body, headers=headers)
        return result

    def changes(self, after: int, epoch: str) -> ChangesPage:
        page: ChangesPage = self._send("GET", "/changes", ChangesPage, params={"after": after, "epoch": epoch})
        return page

    def snapshot(self) -> Snapshot:
        snap: Snapshot = self._send("GET", "/snapshot", Snapshot)
        return snap

    def ping(self) -> PingResult:
        result: PingResult = self._send("GET", "/ping", PingResult)
        return result

    def enroll(self, code: str, device_id: str, hostname: str) -> EnrolResult:
        request = EnrolRequest(code=code, device_id=device_id, hostname=hostname)
        result: EnrolResult = self._send("POST", "/enroll", EnrolResult, json=request.model_dump())
        return result
