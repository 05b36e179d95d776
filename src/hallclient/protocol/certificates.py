"""Wire DTOs of the certificate lookup (``POST /v1/certificates/lookup``), shared by the server and the window.

Least privilege: the window names the applicant (number *and* name, as read from the card) and the matters
being taken in; the server answers only certificates of that holder whose kinds those matters' materials
accept, and logs every lookup with its purpose. A stolen device token cannot list a person's certificates
by number alone, nor fetch kinds no matter asks for.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from hallclient.protocol.limits import MAX_LOOKUP_MATTERS

CERTIFICATES_PREFIX = "/certificates"

LookupPurpose = Literal["intake", "bundle_intake", "supplement"]
LookupSource = Literal["library", "provincial"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class LookupRequest(Strict):
    holder_id_number: str = Field(min_length=15, max_length=18)
    holder_name: str = Field(min_length=1, max_length=64)
    matter_codes: list[str] = Field(min_length=1, max_length=MAX_LOOKUP_MATTERS)
    purpose: LookupPurpose
    clerk_id: str = Field(default="", max_length=36)  # the window's signed-in user, for the lookup log


class CertificateOut(Strict):
    kind: str
    kind_name: str
    number: str
    issuer: str
    valid_from: str  # ISO day
    valid_to: str | None  # ISO day; None = 长期有效
    source: LookupSource
    # whose it is; the window refuses one naming another holder ("" in an answer: the requested holder's)
    holder_id_number: str = Field(default="", max_length=18)


class LookupResult(Strict):
    lookup_id: str  # the server's log entry; the case event cites it
    certificates: list[CertificateOut]
    # False when the provincial service did not answer in time: only the hall's own library was searched,
    # and the window says so
    provincial_answered: bool
    # Held certificates of the asked kinds that are no longer valid: never usable, listed so the window can
    # say 证照已过期 instead of "none found" (additive; old windows ignore it)
    expired: list[CertificateOut] = Field(default_factory=list)
