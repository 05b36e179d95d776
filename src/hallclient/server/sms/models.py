"""Server tables of the SMS sender (Alembic revision ``s0008``), on the same :class:`ServerBase`.

``sms_messages`` is keyed by the notice id the window chose, so a notice becomes one row however often its
event is uploaded; the row's status is the only record of whether it went out. Phones are kept in full
(the sender needs them) but every log line masks them. Times are naive UTC like the rest of the server.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from hallclient.server.models import ServerBase


class SmsStatus:
    """A message's status (``sms_messages.status``)."""

    QUEUED = "queued"  # waiting: for its time, for the morning (quiet hours) or for a retry
    SENDING = "sending"  # handed to the gateway; a row left here by a crash is never resent (see sender.py)
    SENT = "sent"  # accepted by the gateway (SMSC message id kept)
    DELIVERED = "delivered"  # the handset's delivery receipt
    FAILED = "failed"  # with its reason
    SUPPRESSED = "suppressed"  # not sent on purpose: opted out, or no longer due; with its reason


class SmsMessage(ServerBase):
    __tablename__ = "sms_messages"
    __table_args__ = (
        Index("ix_sms_messages_due", "status", "next_attempt_at"),
        Index("ix_sms_messages_gateway_id", "gateway_id"),
        Index("ix_sms_messages_day", "day", "kind"),
    )
    notice_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    event_id: Mapped[str] = mapped_column(String(36), unique=True)
    device_id: Mapped[str] = mapped_column(String(36))
    case_id: Mapped[str] = mapped_column(String(36))
    case_no: Mapped[str] = mapped_column(String(80))
    kind: Mapped[str] = mapped_column(String(32))
    phone: Mapped[str] = mapped_column(String(20))
    phone_hash: Mapped[str] = mapped_column(String(64))
    params: Mapped[str] = mapped_column(Text)  # canonical JSON, as the window sent it
    text: Mapped[str] = mapped_column(Text, default="")  # as rendered when sent
    parts: Mapped[int] = mapped_column(Integer, default=0)
    rating_code: Mapped[str | None] = mapped_column(String(16), unique=True, nullable=True)
    rated_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)  # a code rates once
    status: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(String(300), default="")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    not_before: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    next_attempt_at: Mapped[datetime] = mapped_column(DateTime)
    gateway_id: Mapped[str] = mapped_column(String(80), default="")
    day: Mapped[date] = mapped_column(Date)  # the hall day it was queued (for the daily figures)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    done_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class SmsTemplate(ServerBase):
    """The centre's approved text of one notice kind, imported all-or-nothing from its TOML file."""

    __tablename__ = "sms_templates"
    kind: Mapped[str] = mapped_column(String(32), primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    imported_at: Mapped[datetime] = mapped_column(DateTime)


class SmsSetting(ServerBase):
    """The settings of the templates file (signature, quiet hours, progress URL), one row per key."""

    __tablename__ = "sms_settings"
    key: Mapped[str] = mapped_column(String(32), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class SmsOptOut(ServerBase):
    """A phone that receives no SMS from the centre, kept only as its SHA-256 digest."""

    __tablename__ = "sms_optouts"
    phone_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    added_at: Mapped[datetime] = mapped_column(DateTime)


class SmsLease(ServerBase):
    """Who sends: one row per database; a sender works only while it holds an unexpired lease."""

    __tablename__ = "sms_lease"
    name: Mapped[str] = mapped_column(String(16), primary_key=True)
    holder: Mapped[str] = mapped_column(String(64))
    expires_at: Mapped[datetime] = mapped_column(DateTime)


class SmsRatingAttempt(ServerBase):
    """A rating submission through ``POST /v1/ratings/sms``, kept for its rate limit (per code and per IP)."""

    __tablename__ = "sms_rating_attempts"
    __table_args__ = (
        Index("ix_sms_rating_attempts_code", "code", "at"),
        Index("ix_sms_rating_attempts_ip", "ip", "at"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    code: Mapped[str] = mapped_column(String(16))
    ip: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(DateTime)
