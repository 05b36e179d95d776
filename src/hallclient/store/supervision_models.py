"""Local tables of supervision: the complaint / bad-review register, day closes, window kinds.

Same ``Base`` as the rest of the local store, created by migration ``0002``. Complaints are
projections like cases: every change is also an event appended in the same transaction.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from hallclient.store.base import Base


class Complaint(Base):
    """One complaint or bad-review follow-up task: 受理 → 调查核实 → 整改 → 回访反馈 → 办结."""

    __tablename__ = "complaints"
    __table_args__ = (
        Index("ix_complaints_received", "received_at"),
        Index("ix_complaints_stage_due", "stage", "due_date"),
        UniqueConstraint("rating_id", name="uq_complaints_rating"),
    )
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    ref: Mapped[str] = mapped_column(String(32), unique=True)  # 投诉编号, e.g. TS20260302-0003
    kind: Mapped[str] = mapped_column(String(16))  # complaint | bad_review
    source: Mapped[str] = mapped_column(String(16))  # on_site | phone | suggestion_box | online | transferred | rating
    rating_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    case_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    case_no: Mapped[str] = mapped_column(String(64), default="")
    window: Mapped[str] = mapped_column(String(16), default="")
    clerk_id: Mapped[str] = mapped_column(String(36), default="")
    clerk_name: Mapped[str] = mapped_column(String(64), default="")
    department_code: Mapped[str] = mapped_column(String(32), default="")
    complainant: Mapped[str] = mapped_column(String(64), default="")
    phone: Mapped[str] = mapped_column(String(32), default="")
    content: Mapped[str] = mapped_column(Text)
    stage: Mapped[str] = mapped_column(String(16))
    received_at: Mapped[datetime] = mapped_column(DateTime)
    sla_days: Mapped[int] = mapped_column(Integer)
    due_date: Mapped[date] = mapped_column(Date)
    finding: Mapped[str] = mapped_column(Text, default="")  # 调查核实结论
    rectification: Mapped[str] = mapped_column(Text, default="")  # 整改措施
    follow_up: Mapped[str] = mapped_column(Text, default="")  # 回访反馈
    follow_up_result: Mapped[str] = mapped_column(String(16), default="")  # 满意 | 基本满意 | 不满意
    rectified_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    appeal: Mapped[bool] = mapped_column(Boolean, default=False)  # 申诉复核 requested
    appeal_reason: Mapped[str] = mapped_column(Text, default="")
    appeal_result: Mapped[str] = mapped_column(String(16), default="")  # "" | upheld | rejected
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class DayClose(Base):
    """日结: a window's signed summary of one day; at most one per (day, window)."""

    __tablename__ = "day_closes"
    __table_args__ = (UniqueConstraint("day", "window", name="uq_day_closes_day_window"),)
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    day: Mapped[date] = mapped_column(Date)
    window: Mapped[str] = mapped_column(String(16))
    clerk_id: Mapped[str] = mapped_column(String(36))
    clerk_name: Mapped[str] = mapped_column(String(64))
    summary: Mapped[dict[str, Any]] = mapped_column(JSON)
    summary_hash: Mapped[str] = mapped_column(String(64))
    signature: Mapped[str] = mapped_column(String(64))
    unsynced_events: Mapped[int] = mapped_column(Integer, default=0)
    bundle_file: Mapped[str] = mapped_column(Text, default="")
    bundle_digest: Mapped[str] = mapped_column(String(64), default="")
    signed_at: Mapped[datetime] = mapped_column(DateTime)


class WindowKind(Base):
    """Whether a window is an integrated one-window counter (综合窗口) or a department counter (专窗)."""

    __tablename__ = "window_kinds"
    window: Mapped[str] = mapped_column(String(16), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # integrated | department
    label: Mapped[str] = mapped_column(String(64), default="")
