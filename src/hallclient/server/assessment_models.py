"""Server tables of the assessment (考核): imported indicator sets, published snapshots, the signing secret.

On the same :class:`ServerBase` as the other server tables (Alembic revision ``s0007``). A snapshot row is written
once and never updated: a correction is a new row with the next version and a reason. The secret signs snapshots
(HMAC-SHA256), so a device, which never sees it, cannot forge one.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from hallclient.server.models import ServerBase


class AssessmentIndicatorSet(ServerBase):
    """One imported indicator file (``hallclient server assess indicators import``); the newest row is in force."""

    __tablename__ = "assessment_indicator_sets"
    number: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)  # 1, 2, ... per import
    version: Mapped[str] = mapped_column(String(64))  # the file's own version
    name: Mapped[str] = mapped_column(String(128))
    digest: Mapped[str] = mapped_column(String(64))  # sha256 of the file
    file_name: Mapped[str] = mapped_column(String(255))
    body: Mapped[str] = mapped_column(Text)  # the file's text, exactly as imported
    imported_at: Mapped[datetime] = mapped_column(DateTime)


class AssessmentSnapshot(ServerBase):
    """A published quarter of one subject: the assessment exactly as frozen, its digest and HMAC signature."""

    __tablename__ = "assessment_snapshots"
    quarter: Mapped[str] = mapped_column(String(16), primary_key=True)  # "2026Q4"
    subject: Mapped[str] = mapped_column(String(16), primary_key=True)  # department | staff
    version: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    body: Mapped[str] = mapped_column(Text)  # canonical JSON of Assessment.to_dict()
    digest: Mapped[str] = mapped_column(String(64))
    signature: Mapped[str] = mapped_column(String(64))
    published_at: Mapped[datetime] = mapped_column(DateTime)  # naive UTC
    published_by: Mapped[str] = mapped_column(String(36))  # server user id
    published_by_name: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(Text, default="")


class ServerSecret(ServerBase):
    """A named secret of the server, created on first use (``assessment_hmac``: the snapshot signing key)."""

    __tablename__ = "server_secrets"
    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    value: Mapped[str] = mapped_column(String(128))  # hex
    created_at: Mapped[datetime] = mapped_column(DateTime)
