"""SQLAlchemy 2 models of the local store.

State tables (cases, materials, ratings ...) are projections; ``events`` is the append-only,
hash-chained log written in the same transaction as every state change. Ids are client-generated
UUIDv7 text so nothing depends on the server.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hallclient.store.base import Base


class Meta(Base):
    """Key/value facts about this store: device id, sync cursors, catalog version."""

    __tablename__ = "meta"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class User(Base):
    __tablename__ = "users"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(64))
    role: Mapped[str] = mapped_column(String(16))  # clerk | supervisor | admin
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class Department(Base):
    __tablename__ = "departments"
    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(128))


class Matter(Base):
    __tablename__ = "matters"
    code: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(255))
    department_code: Mapped[str] = mapped_column(ForeignKey("departments.code"))
    kind: Mapped[str] = mapped_column(String(16))
    matter_type: Mapped[str] = mapped_column(String(16), default="", server_default="")  # 事项类型; "" = unknown
    statutory_days: Mapped[int] = mapped_column(Integer)
    promised_days: Mapped[int] = mapped_column(Integer)
    fee: Mapped[str] = mapped_column(String(255), default="")
    id_card_only: Mapped[bool] = mapped_column(Boolean, default=False)
    province_wide: Mapped[bool] = mapped_column(Boolean, default=False)
    cross_province: Mapped[bool] = mapped_column(Boolean, default=False)
    online: Mapped[bool] = mapped_column(Boolean, default=False)
    fully_online: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())  # 全程网办
    one_window: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())  # 一窗式
    legal_basis: Mapped[str] = mapped_column(Text, default="")
    pinyin_initials: Mapped[str] = mapped_column(String(64), default="")
    guide: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # 办事指南: services/catalog.py guide_to_json
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    materials: Mapped[list[Material]] = relationship(
        back_populates="matter", order_by="Material.position", cascade="all, delete-orphan"
    )


class Material(Base):
    __tablename__ = "materials"
    __table_args__ = (UniqueConstraint("matter_code", "code"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    matter_code: Mapped[str] = mapped_column(ForeignKey("matters.code", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(255))
    form: Mapped[str] = mapped_column(String(32))
    copies: Mapped[int] = mapped_column(Integer, default=1)
    required: Mapped[bool] = mapped_column(Boolean, default=True)
    deficiency_allowed: Mapped[bool] = mapped_column(Boolean, default=False)
    note: Mapped[str] = mapped_column(Text, default="")
    certificate_kinds: Mapped[list[str]] = mapped_column(JSON, default=list)  # 电子证照 kinds that satisfy it
    position: Mapped[int] = mapped_column(Integer, default=0)
    matter: Mapped[Matter] = relationship(back_populates="materials")


class Bundle(Base):
    """一件事一次办 as the catalog defines it; replaced with the catalog, deactivated (never deleted) when dropped."""

    __tablename__ = "bundles"
    code: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(255))
    description: Mapped[str] = mapped_column(Text, default="")
    matters: Mapped[list[str]] = mapped_column(JSON, default=list)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    pinyin_initials: Mapped[str] = mapped_column(String(255), default="", server_default="")  # 0012


class CertificateKind(Base):
    """证照类型 named by the catalog (materials refer to them by code)."""

    __tablename__ = "certificate_kinds"
    code: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(255))


class CalendarDay(Base):
    """An exception to Mon–Fri: a holiday, or a weekend made a working day (调休)."""

    __tablename__ = "calendar_days"
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # holiday | adjusted_workday


class Case(Base):
    __tablename__ = "cases"
    __table_args__ = (
        # Both cover the period reads of who worked for which department at which window (0008).
        Index("ix_cases_received_at", "received_at", "window", "clerk_id", "department_code"),
        Index("ix_cases_status_promised", "status", "promised_date"),
        Index("ix_cases_clerk", "clerk_id", "received_at", "department_code"),
        Index("ix_cases_applicant_id", "applicant_id_number"),
        # Tallies: cases completed after a day (by completion time) and cases still running (by promised date).
        Index(
            "ix_cases_completed_at",
            "completed_at",
            "promised_date",
            sqlite_where=text("completed_at IS NOT NULL"),
            postgresql_where=text("completed_at IS NOT NULL"),
        ),
        Index(
            "ix_cases_running",
            "promised_date",
            sqlite_where=text("completed_at IS NULL AND promised_date IS NOT NULL"),
            postgresql_where=text("completed_at IS NULL AND promised_date IS NOT NULL"),
        ),
    )
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    case_no: Mapped[str] = mapped_column(String(64), unique=True)
    matter_code: Mapped[str] = mapped_column(ForeignKey("matters.code"))
    matter_name: Mapped[str] = mapped_column(String(255))  # snapshot: slips keep what was applied for
    department_code: Mapped[str] = mapped_column(String(32))
    applicant_kind: Mapped[str] = mapped_column(String(16))  # person | organisation
    applicant_name: Mapped[str] = mapped_column(String(128))
    applicant_id_type: Mapped[str] = mapped_column(String(32))  # id_card | foreign_permanent | hmt | uscc | other
    applicant_id_number: Mapped[str] = mapped_column(String(64))
    applicant_phone: Mapped[str] = mapped_column(String(32), default="")
    applicant: Mapped[dict[str, Any]] = mapped_column(JSON)  # full snapshot (card fields, address, representative)
    applicant_card_raw: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    agent: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    agent_card_raw: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    channel: Mapped[str] = mapped_column(String(32))
    channel_details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    green_channel: Mapped[bool] = mapped_column(Boolean, default=False)
    assisted: Mapped[bool] = mapped_column(Boolean, default=False)
    outcome: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(32))
    decision: Mapped[str | None] = mapped_column(String(16), nullable=True)
    received_at: Mapped[datetime] = mapped_column(DateTime)
    clock_start: Mapped[date | None] = mapped_column(Date, nullable=True)
    promised_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    statutory_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    notice_deadline: Mapped[date | None] = mapped_column(Date, nullable=True)
    supply_deadline: Mapped[date | None] = mapped_column(Date, nullable=True)
    deficiency_open: Mapped[bool] = mapped_column(Boolean, default=False)
    suspended_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    extended_days: Mapped[int] = mapped_column(Integer, default=0)
    # Comma-separated deadline fields counted over a year the calendar did not cover (暂定); "" = all final.
    deadlines_provisional: Mapped[str] = mapped_column(String(128), default="", server_default="")
    completed_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    collected_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    refusal_reason: Mapped[str] = mapped_column(Text, default="")
    competent_body: Mapped[str] = mapped_column(String(255), default="")
    window: Mapped[str] = mapped_column(String(16))
    clerk_id: Mapped[str] = mapped_column(ForeignKey("users.id"))
    clerk_name: Mapped[str] = mapped_column(String(64))
    device_id: Mapped[str] = mapped_column(String(36))
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    # 一件事一次办 (0012): the bundle intake the case was taken in with (one id shared by its cases) and its code
    bundle_id: Mapped[str | None] = mapped_column(String(36), nullable=True, index=True)
    bundle_code: Mapped[str | None] = mapped_column(String(64), nullable=True)
    materials: Mapped[list[CaseMaterial]] = relationship(
        back_populates="case", order_by="CaseMaterial.position", cascade="all, delete-orphan"
    )

    @property
    def provisional_fields(self) -> frozenset[str]:
        """The deadline fields that are provisional (暂定): counted over a year the calendar did not cover."""
        return frozenset(name for name in self.deadlines_provisional.split(",") if name)


class CaseMaterial(Base):
    __tablename__ = "case_materials"
    __table_args__ = (UniqueConstraint("case_id", "material_code"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    material_code: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(255))
    form: Mapped[str] = mapped_column(String(32))
    received: Mapped[bool] = mapped_column(Boolean, default=False)
    copies: Mapped[int] = mapped_column(Integer, default=0)
    pages: Mapped[int] = mapped_column(Integer, default=0)
    deficient: Mapped[bool] = mapped_column(Boolean, default=False)  # 容缺: to be supplied later
    supplied_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    # 电子证照共享: the certificate that stands in for the paper (all None for a paper material) and its lookup
    certificate_kind: Mapped[str | None] = mapped_column(String(64), nullable=True)
    certificate_no: Mapped[str | None] = mapped_column(String(128), nullable=True)
    certificate_issuer: Mapped[str | None] = mapped_column(String(255), nullable=True)
    certificate_valid_to: Mapped[date | None] = mapped_column(Date, nullable=True)
    lookup_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    case: Mapped[Case] = relationship(back_populates="materials")


class CaseNumberCounter(Base):
    """The last daily sequence issued per (day, device): numbers are never reused."""

    __tablename__ = "case_number_counters"
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    scope: Mapped[str] = mapped_column(String(64), primary_key=True)
    last_seq: Mapped[int] = mapped_column(Integer)


class Event(Base):
    """The append-only, hash-chained log: audit trail and sync outbox."""

    __tablename__ = "events"
    __table_args__ = (
        UniqueConstraint("device_id", "seq"),
        Index("ix_events_case", "case_id"),
    )
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    device_id: Mapped[str] = mapped_column(String(36))
    seq: Mapped[int] = mapped_column(Integer)
    case_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    type: Mapped[str] = mapped_column(String(64))
    payload: Mapped[str] = mapped_column(Text)  # canonical JSON, exactly as hashed
    actor: Mapped[str] = mapped_column(String(64))
    device_time: Mapped[str] = mapped_column(String(40))
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class ChainHead(Base):
    """The last event of each device: the next append links to it without scanning the log."""

    __tablename__ = "chain_heads"
    device_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    last_seq: Mapped[int] = mapped_column(Integer)
    last_hash: Mapped[str] = mapped_column(String(64))


class EventAck(Base):
    """The server's answer for an uploaded event; ``rejected`` rows form the quarantine."""

    __tablename__ = "event_acks"
    event_id: Mapped[str] = mapped_column(ForeignKey("events.id"), primary_key=True)
    status: Mapped[str] = mapped_column(String(16))  # applied | duplicate | rejected
    reason: Mapped[str] = mapped_column(Text, default="")
    acked_at: Mapped[datetime] = mapped_column(DateTime)


class Enquiry(Base):
    """首问登记: an enquiry or hand-over that is not (yet) a case."""

    __tablename__ = "enquiries"
    __table_args__ = (Index("ix_enquiries_at", "asked_at"),)
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    asked_at: Mapped[datetime] = mapped_column(DateTime)
    visitor_name: Mapped[str] = mapped_column(String(64), default="")
    phone: Mapped[str] = mapped_column(String(32), default="")
    matter_code: Mapped[str | None] = mapped_column(String(64), nullable=True)
    subject: Mapped[str] = mapped_column(Text)
    handling: Mapped[str] = mapped_column(String(32))  # answered | handed_over | guided
    handed_to: Mapped[str] = mapped_column(String(128), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    window: Mapped[str] = mapped_column(String(16))
    clerk_id: Mapped[str] = mapped_column(ForeignKey("users.id"))
    # 通办 enquiries (跨省通办咨询量): the channel asked about ("" = none) and the partner region's name.
    channel: Mapped[str] = mapped_column(String(32), default="", server_default="")
    partner_region: Mapped[str] = mapped_column(String(128), default="", server_default="")


class PartnerRegion(Base):
    """协议地区: a partner region of the hall's 通办 agreements, as the server publishes it (a cache)."""

    __tablename__ = "partner_regions"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    name: Mapped[str] = mapped_column(String(128))
    province: Mapped[str] = mapped_column(String(64))
    matters: Mapped[list[str]] = mapped_column(JSON, default=list)  # matter codes covered
    contacts: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)  # [{name, phone}]
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class ForwardingStep(Base):
    """One 通办 forwarding step of a case (a projection of its ``case.forward_*`` event)."""

    __tablename__ = "forwarding_steps"
    __table_args__ = (UniqueConstraint("case_id", "step"), Index("ix_forwarding_steps_on", "on_day"))
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    step: Mapped[str] = mapped_column(String(32))  # a forwarding CaseAction
    on_day: Mapped[date] = mapped_column(Date)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # files, carrier, waybill, note
    event_id: Mapped[str] = mapped_column(String(36))


class Rating(Base):
    """好差评: one of five levels, given by the citizen (or entered on their behalf, recorded as such)."""

    __tablename__ = "ratings"
    __table_args__ = (Index("ix_ratings_at", "rated_at"),)
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    case_id: Mapped[str | None] = mapped_column(ForeignKey("cases.id"), nullable=True)
    level: Mapped[int] = mapped_column(Integer)  # 5 非常满意 … 1 非常不满意
    reason: Mapped[str] = mapped_column(Text, default="")
    on_behalf: Mapped[bool] = mapped_column(Boolean, default=False)
    rated_at: Mapped[datetime] = mapped_column(DateTime)
    window: Mapped[str] = mapped_column(String(16))
    clerk_id: Mapped[str] = mapped_column(ForeignKey("users.id"))


class PrintJob(Base):
    """A slip waiting for, or done with, a printer. Only ever created for a committed event."""

    __tablename__ = "print_jobs"
    __table_args__ = (Index("ix_print_jobs_state", "state", "created_at"),)
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    case_id: Mapped[str | None] = mapped_column(ForeignKey("cases.id"), nullable=True)
    event_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    slip_data: Mapped[dict[str, Any]] = mapped_column(JSON)
    printer_uri: Mapped[str] = mapped_column(String(255))
    payload: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    state: Mapped[str] = mapped_column(String(16))  # queued | printing | done | failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")
    reprint: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
