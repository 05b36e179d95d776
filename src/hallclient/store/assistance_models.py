"""The local 帮办代办 log (help without a case): one row per ``assistance.recorded`` event, for the local tally."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from hallclient.store.base import Base


class AssistanceLog(Base):
    __tablename__ = "assistance_log"
    __table_args__ = (Index("ix_assistance_log_on", "on"),)
    id: Mapped[str] = mapped_column(String(36), primary_key=True)  # the event's id
    recorded_at: Mapped[datetime] = mapped_column(DateTime)
    on: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(16))  # domain/assistance.py KINDS
    elderly: Mapped[bool] = mapped_column(Boolean)
    disabled: Mapped[bool] = mapped_column(Boolean)
    note: Mapped[str] = mapped_column(Text, default="")
    site: Mapped[str] = mapped_column(String(32), default="")  # the site this PC belonged to then ("" unknown)
    window: Mapped[str] = mapped_column(String(16))
    clerk_id: Mapped[str] = mapped_column(ForeignKey("users.id"))
