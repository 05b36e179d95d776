"""``http+json:PATH``: an HTTP JSON SMS platform (a carrier's or a cloud's), described by a TOML file::

    url = "https://sms.example.com/api/send"
    method = "POST"
    timeout = 10
    [headers]
    Authorization = "Bearer …"
    [body]                                  # any JSON; strings may hold {phone} {text} {id}
    mobile = "{phone}"
    content = "{text}"
    outId = "{id}"
    [success]
    status = 200                            # the HTTP status of an accepted message
    field = "code"                          # optional: a top-level field of the JSON answer …
    equals = "OK"                           # … that must equal this
    id_field = "msgId"                      # optional: the platform's message id

A 4xx answer (other than 429) is a permanent refusal; 5xx and 429 are retried; a platform that cannot be
reached keeps the message queued; a timeout after the request went out is not retried (it may have been sent).
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import httpx

from hallclient.errors import HallError
from hallclient.server.sms.gateway import GatewayError, Receipt, Submitted
from hallclient.server.sms.templates import part_count


def fill(value: Any, values: dict[str, str]) -> Any:
    """The body template with {phone} {text} {id} replaced in every string (keys and other types kept)."""
    if isinstance(value, str):
        for key, replacement in values.items():
            value = value.replace("{" + key + "}", replacement)
        return value
    if isinstance(value, dict):
        return {key: fill(item, values) for key, item in value.items()}
    if isinstance(value, list):
        return [fill(item, values) for item in value]
    return value


class HttpGateway:
    def __init__(self, config: dict[str, Any], client: httpx.Client | None = None) -> None:
        url = config.get("url")
        if not isinstance(url, str) or not url.startswith(("http://", "https://")):
            raise HallError("短信网关配置须有 url（http:// 或 https://）")
        self.url = url
        self.method = str(config.get("method", "POST")).upper()
        self.headers = {str(key): str(value) for key, value in dict(config.get("headers", {})).items()}
        self.body = config.get("body", {"phone": "{phone}", "text": "{text}", "id": "{id}"})
        success = dict(config.get("success", {}))
        self.status = int(success.get("status", 200))
        self.field = success.get("field")
        self.equals = success.get("equals")
        self.id_field = success.get("id_field")
        self.client = client or httpx.Client(timeout=float(config.get("timeout", 10)))

    @classmethod
    def from_file(cls, path: str) -> HttpGateway:
        try:
            data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise HallError(f"短信网关配置文件不存在：{path}") from None
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
            raise HallError(f"短信网关配置文件 {path} 无法读取：{error}") from None
        return cls(data)

    def send(self, phone: str, text: str, ref: str) -> Submitted:
        body = fill(self.body, {"phone": phone, "text": text, "id": ref})
        try:
            answer = self.client.request(self.method, self.url, json=body, headers=self.headers)
        except httpx.ConnectError:
            raise GatewayError(f"无法连接短信网关 {self.url}", gateway_down=True) from None
        except httpx.TimeoutException:
            # The request may have reached the platform: not resent (never twice).
            raise GatewayError(f"短信网关无响应（超时）：{self.url}", uncertain=True) from None
        except httpx.HTTPError as error:
            raise GatewayError(
                f"与短信网关 {self.url} 的连接出错：{error.__class__.__name__}", uncertain=True
            ) from None
        if answer.status_code != self.status:
            permanent = 400 <= answer.status_code < 500 and answer.status_code != 429
            raise GatewayError(f"短信网关拒绝（HTTP {answer.status_code}）", permanent=permanent)
        data: Any = None
        if self.field is not None or self.id_field is not None:
            try:
                data = answer.json()
            except ValueError:
                raise GatewayError("短信网关的应答不是 JSON") from None
        if self.field is not None:
            got = data.get(self.field) if isinstance(data, dict) else None
            if got != self.equals:
                raise GatewayError(f"短信网关拒绝：{self.field}={got!r}", permanent=True)
        message_id = ref
        if self.id_field is not None and isinstance(data, dict) and data.get(self.id_field) is not None:
            message_id = str(data[self.id_field])
        return Submitted(message_id=message_id, parts=part_count(text))

    def receipts(self) -> list[Receipt]:
        return []  # platforms report delivery by their own callbacks; not configured here

    def close(self) -> None:
        self.client.close()
