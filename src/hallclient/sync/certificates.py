"""The window's certificate lookup (``POST /v1/certificates/lookup``): one short call at intake, typed answers.

The intake must never wait for it nor fail because of it: the call has a short total budget
(:data:`LOOKUP_TIMEOUT`) and every way it can go wrong — no server configured, not enrolled, network
error, timeout, 5xx, an answer that is not the protocol's — comes back as :class:`Offline` (the clerk takes
the paper), a 4xx as :class:`Refused` with the server's own Chinese reason. :func:`lookup` never raises.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import httpx

from hallclient.config import Settings
from hallclient.domain.certificates import Certificate
from hallclient.errors import HallError
from hallclient.protocol.certificates import CERTIFICATES_PREFIX, CertificateOut, LookupRequest, LookupResult
from hallclient.sync import transport
from hallclient.sync.transport import SyncClient

#: About 1.5 s in all: a lookup that takes longer is worth less to the clerk than taking the paper.
LOOKUP_TIMEOUT = httpx.Timeout(0.8, connect=0.5, pool=0.2)


@dataclass(frozen=True)
class Found:
    """The server answered: the applicant's certificates of the kinds the matters accept (maybe none), the
    expired ones included (for their reason)."""

    lookup_id: str
    certificates: tuple[Certificate, ...]
    provincial_answered: bool  # False: only the hall's own library was searched


@dataclass(frozen=True)
class Offline:
    """No answer to use (no server, not enrolled, network, timeout, garbage); ``reason`` for the log/tooltip."""

    reason: str


@dataclass(frozen=True)
class Refused:
    """The server refused the lookup (4xx); ``detail`` is its Chinese reason."""

    status: int
    detail: str


LookupOutcome = Found | Offline | Refused


def _day(text: str) -> date:
    return date.fromisoformat(text)


def to_certificate(item: CertificateOut, request: LookupRequest) -> Certificate:
    """The wire certificate as the domain rule (:func:`~hallclient.domain.certificates.refusal`) checks it.

    The holder is the one the answer names; an answer that names none is the requested holder's (the server
    answers for that holder only)."""
    return Certificate(
        kind=item.kind,
        number=item.number,
        holder_id_number=item.holder_id_number or request.holder_id_number,
        holder_name=request.holder_name,
        issuer=item.issuer,
        valid_from=_day(item.valid_from),
        valid_to=_day(item.valid_to) if item.valid_to else None,
    )


class CertificateClient(SyncClient):
    """The lookup over one ``httpx.Client`` (kept open between swipes, so a lookup reuses the connection)."""

    def lookup(self, request: LookupRequest) -> LookupOutcome:
        try:
            result: LookupResult = self._send(
                "POST", f"{CERTIFICATES_PREFIX}/lookup", LookupResult, json=request.model_dump()
            )
            # the expired ones too: never used (the domain rule refuses them), but the clerk is told why
            answered = [*result.certificates, *result.expired]
            certificates = tuple(to_certificate(item, request) for item in answered)
        except transport.Refused as error:
            return Refused(error.status, error.detail)
        except (HallError, httpx.HTTPError) as error:  # Unreachable, AnswerLost, and what httpx raises besides
            return Offline(str(error))
        except ValueError as error:  # a day that is not ISO in an otherwise valid answer
            return Offline(f"服务器应答无法识别：{error}")
        return Found(result.lookup_id, certificates, result.provincial_answered)


def open_client(settings: Settings) -> CertificateClient | Offline:
    """The lookup client of this enrolled window, or why there is none (no server, not enrolled, bad CA file)."""
    if not settings.server_url:
        return Offline("未配置中心服务器地址（server.url）")
    if not settings.device_token:
        return Offline("本机未登记到中心服务器（hallclient enroll）")
    try:
        http = transport.make_http(settings.server_url, settings.ca_file, settings.device_token, LOOKUP_TIMEOUT)
    except HallError as error:
        return Offline(str(error))
    return CertificateClient(http)


def lookup_with(settings: Settings, request: LookupRequest) -> LookupOutcome:
    """One lookup on a client opened for it (the CLI, a one-off); the intake screen keeps its client open."""
    client = open_client(settings)
    if isinstance(client, Offline):
        return client
    try:
        return client.lookup(request)
    finally:
        client.close()
