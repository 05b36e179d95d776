"""Wire DTOs of the sync API (``/v1``), shared by the server and the client so both sides agree.

Every model forbids unknown fields: a typo or a field from a newer protocol is a precise 4xx, never
silently dropped. Events travel in exactly the shape of :class:`~hallclient.domain.events.EventRecord`,
so the server verifies the same hash the client computed.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from hallclient.domain.events import EventRecord
from hallclient.protocol.limits import API_PREFIX as API_PREFIX
from hallclient.protocol.limits import MAX_BATCH_BYTES as MAX_BATCH_BYTES
from hallclient.protocol.limits import MAX_BATCH_EVENTS as MAX_BATCH_EVENTS
from hallclient.protocol.limits import MAX_BODY_BYTES as MAX_BODY_BYTES
from hallclient.protocol.limits import MAX_SEQ as MAX_SEQ

HEX64 = r"^[0-9a-f]{64}$"

EventStatus = Literal["applied", "duplicate", "rejected"]
Role = Literal["clerk", "supervisor", "admin"]
ChangeKind = Literal["catalog", "calendar", "user", "case", "queue", "rating", "partner", "site"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class EventIn(Strict):
    """One event as the device recorded it (all fields are covered by ``hash`` except ``hash``)."""

    id: str = Field(min_length=1, max_length=36)
    case_id: str | None = Field(default=None, max_length=36)
    type: str = Field(min_length=1, max_length=64)
    payload: dict[str, Any]
    device_id: str = Field(min_length=1, max_length=36)
    seq: int = Field(ge=1, le=MAX_SEQ)
    actor: str = Field(max_length=64)
    device_time: str = Field(max_length=40)
    prev_hash: str = Field(pattern=HEX64)
    hash: str = Field(pattern=HEX64)

    def record(self) -> EventRecord:
        return EventRecord(
            id=self.id,
            case_id=self.case_id,
            type=self.type,
            payload=self.payload,
            device_id=self.device_id,
            seq=self.seq,
            actor=self.actor,
            device_time=self.device_time,
            prev_hash=self.prev_hash,
            hash=self.hash,
        )


class UploadBatch(Strict):
    """A batch of one device's events in sequence order; ``sent_at`` is the device clock at sending."""

    device_id: str = Field(min_length=1, max_length=36)
    sent_at: str = Field(max_length=40)
    events: list[dict[str, Any]] = Field(
        max_length=MAX_BATCH_EVENTS,
        description="EventIn objects; each is validated on its own so one bad event never sinks the batch",
    )


class EventResult(Strict):
    index: int
    id: str | None
    seq: int | None
    status: EventStatus
    code: str = ""  # machine-readable reason for rejected, e.g. chain_broken, sequence_gap
    reason: str = ""
    retryable: bool = False  # rejected for now only (e.g. a gap): keep it in the outbox, do not quarantine
    flags: list[str] = Field(default_factory=list)  # e.g. clock_skew: accepted but the device clock looks off


class UploadResult(Strict):
    results: list[EventResult]
    next_seq: int  # the sequence number the server expects next from this device
    server_time: str


class EnrolRequest(Strict):
    code: str = Field(min_length=4, max_length=64)
    device_id: str = Field(min_length=1, max_length=36)
    hostname: str = Field(default="", max_length=128)


class EnrolResult(Strict):
    token: str
    device_id: str
    window: str
    site_code: str = ""  # the site (站点) the device belongs to, and its name
    site_name: str = ""


class PingResult(Strict):
    device_id: str
    window: str
    server_time: str


class LoginRequest(Strict):
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=256)


class LoginResult(Strict):
    user_token: str
    username: str
    role: Role
    expires_at: str


class CompleteRequest(Strict):
    decision: Literal["approved", "denied"]
    note: str = Field(default="", max_length=1000)


class CaseUpdate(Strict):
    """A server-side change to one case (e.g. back-office completion) for the device that holds it."""

    case_no: str
    case_id: str
    state: dict[str, Any]
    completed_at: str | None = None
    by: str = ""
    note: str = ""


class UserOut(Strict):
    """A user as one device receives it: ``password_hash`` is an offline credential bound to that device
    (``protocol/credentials.py``), never the server's hash. Users who may not sign in there
    (administrators, disabled users) arrive withdrawn: inactive, no credential, and in ``revokes`` the
    SHA-256 of the server hash an older client may still hold, so that copy can be found and erased."""

    id: str
    username: str
    display_name: str
    role: Role
    password_hash: str
    active: bool
    revokes: str = ""


class Change(Strict):
    version: int
    kind: ChangeKind
    key: str
    data: dict[str, Any]


class ChangesPage(Strict):
    """One page of the change feed after the client's cursor.

    ``must_refetch`` means the cursor is unusable (another server database, or a cursor ahead of the
    server): fetch ``/v1/snapshot`` and continue from its version.
    """

    epoch: str
    changes: list[Change]
    next_after: int
    head: int
    more: bool
    must_refetch: bool = False
    reason: str = ""


class ServerRating(Strict):
    """A rating the citizen gave through the server (the SMS invitation's link), for the window that holds the
    case: it keeps it like a rating given at the window and opens the bad-review task there. The rating's
    ``rating.given`` event is on the server's own chain (it counts in the hall-wide 好差评 from there)."""

    rating_id: str
    case_id: str
    case_no: str
    level: int
    reason: str = ""
    window: str = ""
    clerk_id: str = ""
    rated_at: str  # ISO 8601 with the hall's offset
    channel: str = "sms"


class Snapshot(Strict):
    epoch: str
    version: int
    catalog: dict[str, Any] | None
    calendar: dict[str, Any] | None
    users: list[UserOut]
    cases: list[CaseUpdate]
    queues: list[dict[str, Any]] = Field(default_factory=list)  # each hall's queue categories and rules
    partners: dict[str, dict[str, Any]] = Field(default_factory=dict)  # 协议地区 by id, as the feed carries them
    ratings: list[ServerRating] = Field(default_factory=list)  # ratings given through the server (SMS link)
    site: dict[str, Any] | None = None  # this device's site {code, name, level}, as the feed carries it


class Problem(Strict):
    """The body of every 4xx/5xx answer."""

    detail: str
