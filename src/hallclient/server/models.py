"""Server-side SQLAlchemy models: devices and tokens, the hall-wide event store, case projection, feed.

Portable SQL only (PostgreSQL, SQLite, and PostgreSQL-compatible distributed engines): text ids, no
server-side sequences, no triggers. Secrets (enrolment codes, device and user tokens) are stored as
SHA-256 digests; the plain values exist only in the answer that hands them out.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Text,
    UniqueConstraint,
    true,
)
from sqlalchemy.engine.default import DefaultExecutionContext
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from hallclient.domain.sites import ROOT_SITE  # every device belonged to the root site before sites existed
from hallclient.server.partitions import case_month, month_of

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "pk": "pk_%(table_name)s",
}


class ServerBase(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Device(ServerBase):
    """A window PC: created by IT with a one-time code, bound to the client's device id at enrolment."""

    __tablename__ = "devices"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    window: Mapped[str] = mapped_column(String(16))
    label: Mapped[str] = mapped_column(String(128), default="")
    code_hash: Mapped[str | None] = mapped_column(String(64), unique=True, nullable=True)
    code_expires_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True, nullable=True)
    client_device_id: Mapped[str | None] = mapped_column(String(36), nullable=True, index=True)
    hostname: Mapped[str] = mapped_column(String(128), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime)
    enrolled_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    last_seen_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    site_code: Mapped[str] = mapped_column(String(32), default=ROOT_SITE, server_default=ROOT_SITE)


class DeviceChain(ServerBase):
    """The verified head of one device's hash chain (keyed by the client's device id).

    ``last_hash`` may be the declared hash of a quarantined event: see ``server/ingest.py``.
    """

    __tablename__ = "device_chains"
    device_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    last_seq: Mapped[int] = mapped_column(Integer, default=0)
    last_hash: Mapped[str] = mapped_column(String(64))
    quarantined: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(DateTime)


def _event_month(context: DefaultExecutionContext) -> date:
    return month_of(str(context.get_current_parameters()["device_time"]))


def _case_month(context: DefaultExecutionContext) -> date:
    row = context.get_current_parameters()
    return case_month(row.get("received_on"), row["updated_at"])


class StoredEvent(ServerBase):
    """An accepted event, stored exactly as hashed, with the server's receive time next to the device's.

    On PostgreSQL the table is partitioned by ``event_month`` (server/partitions.py), which PostgreSQL wants in
    every unique constraint: (id, month) and (device, seq, month). Exactly-once rests on the device's chain row
    lock in ingest (one writer per device, seq checked against the chain head); ingest finds a resent event in
    its own month's partition. SQLite keeps the stricter (id) and (device, seq) of s0001. The ORM identity stays
    the id alone."""

    __tablename__ = "events"
    __table_args__ = (
        PrimaryKeyConstraint("id", "event_month", name="pk_events"),
        UniqueConstraint("device_id", "seq", "event_month", name="uq_events_device_seq"),
        Index("ix_events_case", "case_id"),
        Index("ix_events_received", "received_at"),
        # The hall-wide tally reads ratings, enquiries and complaints by exact type and device time.
        Index("ix_events_type_time", "type", "device_time"),
    )
    __mapper_args__ = {"primary_key": ["id"]}  # noqa: RUF012 (the ORM identity: the id alone)
    id: Mapped[str] = mapped_column(String(36))
    device_id: Mapped[str] = mapped_column(String(36))
    seq: Mapped[int] = mapped_column(Integer)
    case_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    type: Mapped[str] = mapped_column(String(64))
    payload: Mapped[str] = mapped_column(Text)  # canonical JSON
    actor: Mapped[str] = mapped_column(String(64))
    device_time: Mapped[str] = mapped_column(String(40))
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    received_at: Mapped[datetime] = mapped_column(DateTime)
    clock_offset_s: Mapped[int | None] = mapped_column(Integer, nullable=True)
    clock_flag: Mapped[bool] = mapped_column(Boolean, default=False)
    # The uploading device's site when the event arrived (a device moved later does not move its history).
    site_code: Mapped[str] = mapped_column(String(32), default=ROOT_SITE, server_default=ROOT_SITE)
    event_month: Mapped[date] = mapped_column(Date, default=_event_month)  # partition key: month of device_time


class RejectedEvent(ServerBase):
    """The server side of the quarantine: what was refused, why, and the body as received."""

    __tablename__ = "rejected_events"
    __table_args__ = (Index("ix_rejected_device_seq", "device_id", "seq"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    device_id: Mapped[str] = mapped_column(String(36))
    seq: Mapped[int | None] = mapped_column(Integer, nullable=True)
    event_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    code: Mapped[str] = mapped_column(String(32))
    reason: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)
    chain_link: Mapped[bool] = mapped_column(Boolean, default=False)  # its hash became the chain head
    received_at: Mapped[datetime] = mapped_column(DateTime)


class ServerCase(ServerBase):
    """Hall-wide projection of cases from the devices' events (plus back-office completion).

    Partitioned by ``case_month`` on PostgreSQL (set when the row is created, never updated): unique (case_id,
    month) and (case_no, month); projection looks a case up by id and number across months before creating one."""

    __tablename__ = "cases"
    __table_args__ = (
        PrimaryKeyConstraint("case_id", "case_month", name="pk_cases"),
        UniqueConstraint("case_no", "case_month", name="uq_cases_case_no"),
        Index("ix_cases_status_promised", "status", "promised_date"),
        Index("ix_cases_received_on", "received_on"),
        Index("ix_cases_device", "device_id"),
        Index("ix_cases_bundle", "bundle_id"),
    )
    __mapper_args__ = {"primary_key": ["case_id"]}  # noqa: RUF012 (the ORM identity: the id alone)
    case_id: Mapped[str] = mapped_column(String(36))
    case_no: Mapped[str] = mapped_column(String(80))
    device_id: Mapped[str] = mapped_column(String(36))
    window: Mapped[str] = mapped_column(String(16), default="")
    matter_code: Mapped[str] = mapped_column(String(64), default="")
    matter_name: Mapped[str] = mapped_column(String(255), default="")
    department_code: Mapped[str] = mapped_column(String(32), default="")
    channel: Mapped[str] = mapped_column(String(32), default="")
    applicant_kind: Mapped[str] = mapped_column(String(16), default="")
    applicant_name: Mapped[str] = mapped_column(String(128), default="")
    green_channel: Mapped[bool] = mapped_column(Boolean, default=False)
    assisted: Mapped[bool] = mapped_column(Boolean, default=False)
    clerk_id: Mapped[str] = mapped_column(String(36), default="")
    clerk_name: Mapped[str] = mapped_column(String(64), default="")
    intake: Mapped[str] = mapped_column(Text, default="")  # canonical JSON of the intake snapshot
    received_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    # Intake time as naive UTC and the device's UTC offset then: the hall's wall time is their sum.
    received_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    received_offset_min: Mapped[int | None] = mapped_column(Integer, nullable=True)
    outcome: Mapped[str] = mapped_column(String(32), default="")
    status: Mapped[str] = mapped_column(String(32), default="")
    decision: Mapped[str | None] = mapped_column(String(16), nullable=True)
    promised_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    statutory_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    state: Mapped[str] = mapped_column(Text, default="{}")  # canonical JSON of the latest case state
    last_event_type: Mapped[str] = mapped_column(String(64), default="")
    last_seq: Mapped[int] = mapped_column(Integer, default=0)
    events_count: Mapped[int] = mapped_column(Integer, default=0)
    completed_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    back_office_by: Mapped[str] = mapped_column(String(64), default="")
    conflict: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    # 一件事一次办 (s0011): the bundle intake the case was taken in with, from the intake snapshot
    bundle_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    bundle_code: Mapped[str | None] = mapped_column(String(64), nullable=True)
    site_code: Mapped[str] = mapped_column(String(32), default=ROOT_SITE, server_default=ROOT_SITE)  # at intake
    case_month: Mapped[date] = mapped_column(Date, default=_case_month)  # partition key: intake month, immutable
    # Tally rollups (s0014, server/rollups.py): every INSERT and UPDATE of the row marks it for the rollup applier
    # (onupdate, inline SQL even in prebuilt statements, and server_default: no extra statement on the upload path);
    # rolled_up = its figures as last folded in.
    rollup_dirty: Mapped[bool] = mapped_column(Boolean, default=True, onupdate=true(), server_default=true())
    rolled_up: Mapped[str | None] = mapped_column(Text, nullable=True)


class ServerUser(ServerBase):
    __tablename__ = "users"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(64))
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    site_code: Mapped[str | None] = mapped_column(String(32), nullable=True)  # None: every site


class UserSession(ServerBase):
    """A supervisor's or admin's login on a device (bearer token stored hashed, short-lived)."""

    __tablename__ = "user_sessions"
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[str] = mapped_column(String(36))
    device_id: Mapped[str] = mapped_column(String(36))
    expires_at: Mapped[datetime] = mapped_column(DateTime)


class FeedChange(ServerBase):
    """One entry of the download feed; only the newest entry per (kind, key) is kept (compaction)."""

    __tablename__ = "feed_changes"
    __table_args__ = (Index("ix_feed_kind_key", "kind", "key"),)
    version: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    kind: Mapped[str] = mapped_column(String(16))
    key: Mapped[str] = mapped_column(String(128))
    device_id: Mapped[str | None] = mapped_column(String(36), nullable=True)  # case updates: the holder
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class FeedState(ServerBase):
    """Single row: the feed version counter (taken under a row lock, so versions commit in order)."""

    __tablename__ = "feed_state"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    version: Mapped[int] = mapped_column(Integer)
    epoch: Mapped[str] = mapped_column(String(36))


class ServerPartner(ServerBase):
    """协议地区: a partner region of the hall's 通办 agreements; the windows get what ``Partner.to_feed`` holds."""

    __tablename__ = "partner_regions"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    name: Mapped[str] = mapped_column(String(128), unique=True)
    province: Mapped[str] = mapped_column(String(64))
    agreed_on: Mapped[date] = mapped_column(Date)
    contacts: Mapped[str] = mapped_column(Text)  # canonical JSON: [{"name", "phone"}]
    matters: Mapped[str] = mapped_column(Text)  # canonical JSON: [matter code]
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    retired_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
