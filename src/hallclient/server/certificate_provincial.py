"""The adapter to the provincial 电子证照 service: one POST per lookup, its answer checked strictly.

The hall's own library answers first; the province is asked only for the kinds the library could not
answer. Whatever goes wrong there — too slow (``timeout_ms``), an HTTP error, a body that is not the
agreed JSON, an answer naming another holder or a kind not asked for — the adapter drops the whole
answer and says why in one line: the lookup then answers from the library alone with
``provincial_answered: false`` and the server log carries the reason (a warning, no traceback).

Wire shape (docs/certificates.md): request ``{"holder_id_number", "holder_name", "kinds": [codes]}``
with ``Authorization: Bearer <provincial_key>``; answer ``{"holder_id_number", "certificates": [...]}``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date

import httpx
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from hallclient.domain.certificates import Certificate

log = logging.getLogger("hallclient.server.certificates")

DEFAULT_TIMEOUT_MS = 800
MAX_ANSWERED = 100  # certificates of one holder in one answer: more is not an answer, it is a dump


@dataclass(frozen=True)
class ProvincialSettings:
    """``[certificates]`` of the server's config: where the province is, its key, how long to wait."""

    url: str = ""
    key: str = ""
    timeout_ms: int = DEFAULT_TIMEOUT_MS

    @property
    def configured(self) -> bool:
        return bool(self.url)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class ProvincialCertificate(_Strict):
    kind: str = Field(min_length=1, max_length=32)
    number: str = Field(min_length=1, max_length=64)
    holder_id_number: str = Field(min_length=15, max_length=18)
    holder_name: str = Field(min_length=1, max_length=128)
    issuer: str = Field(min_length=1, max_length=128)
    valid_from: date
    valid_to: date | None = None
    file_sha256: str = Field(default="", pattern=r"^([0-9a-f]{64})?$")


class ProvincialAnswerBody(_Strict):
    holder_id_number: str
    certificates: list[ProvincialCertificate] = Field(max_length=MAX_ANSWERED)


class ProvincialQuery(BaseModel):
    holder_id_number: str
    holder_name: str
    kinds: list[str]


@dataclass(frozen=True)
class ProvincialAnswer:
    """The province's certificates, or ``None`` with ``note`` saying why it was not used."""

    certificates: list[Certificate] | None
    note: str = ""


def _dropped(note: str, holder: str) -> ProvincialAnswer:
    log.warning("provincial certificate service not used for holder %s: %s", _masked(holder), note)
    return ProvincialAnswer(None, note)


def _masked(holder: str) -> str:
    return f"{holder[:4]}**********{holder[-4:]}" if len(holder) >= 8 else "****"


def fetch(settings: ProvincialSettings, holder_id_number: str, holder_name: str, kinds: list[str],
          client: httpx.Client | None = None) -> ProvincialAnswer:  # fmt: skip
    """Ask the province for ``kinds`` of the holder; every failure becomes a note, never an exception."""
    body = ProvincialQuery(holder_id_number=holder_id_number, holder_name=holder_name, kinds=kinds)
    headers = {"Authorization": f"Bearer {settings.key}"} if settings.key else {}
    timeout = httpx.Timeout(settings.timeout_ms / 1000)
    try:
        if client is None:
            with httpx.Client(timeout=timeout) as own:
                response = own.post(settings.url, json=body.model_dump(), headers=headers)
        else:
            response = client.post(settings.url, json=body.model_dump(), headers=headers, timeout=timeout)
    except httpx.TimeoutException:
        return _dropped(f"省级证照服务超时（{settings.timeout_ms} 毫秒）", holder_id_number)
    except httpx.HTTPError as error:
        return _dropped(f"省级证照服务不可达（{type(error).__name__}）", holder_id_number)
    if response.status_code != 200:
        return _dropped(f"省级证照服务返回 HTTP {response.status_code}", holder_id_number)
    try:
        answer = ProvincialAnswerBody.model_validate_json(response.content)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "body"
        return _dropped(f"省级证照服务的答复格式错误（{where}: {first['msg']}）", holder_id_number)
    asked = set(kinds)
    holders = {answer.holder_id_number.upper()} | {item.holder_id_number.upper() for item in answer.certificates}
    if holders != {holder_id_number.upper()}:
        return _dropped("省级证照服务答复了其他持证人的证照", holder_id_number)
    strays = sorted({item.kind for item in answer.certificates} - asked)
    if strays:
        return _dropped(f"省级证照服务答复了未查询的证照类型 {','.join(strays)}", holder_id_number)
    certificates = [
        Certificate(
            item.kind,
            item.number,
            holder_id_number,
            item.holder_name,
            item.issuer,
            item.valid_from,
            item.valid_to,
            item.file_sha256,
        )
        for item in answer.certificates
    ]
    bad = next((c.number for c in certificates if c.valid_to is not None and c.valid_to < c.valid_from), None)
    if bad is not None:
        return _dropped(f"省级证照服务答复的证照 {bad} 有效期止早于有效期起", holder_id_number)
    return ProvincialAnswer(certificates)
