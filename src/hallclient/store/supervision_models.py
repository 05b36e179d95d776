"""Local tables of supervision: the complaint / bad-review register, its step log and 专题会, day closes, window kinds.

Same ``Base`` as the rest of the local store, created by migrations ``0002`` and ``0006`` (step log,
handler, 专题会); ``0008`` indexes the tasks by rating. Complaints are projections like cases: every change
is also an event appended in the same transaction.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, Index, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from hallclient.store.base import Base

RATED = "rating_id IS NOT NULL"  # the complaints that follow up a rating (bad-review tasks)


class Complaint(Base):
    """One complaint or bad-review task: 差评受理 → 调查核实 → 差评整改 → 回访反馈 → 举一反三 → 保持长效 → 办结.

    ``stage`` is the step in hand (``closed`` once 保持长效 is recorded); each finished step is a row of
    ``complaint_steps``. The finding / rectification / follow-up columns keep those steps' texts for the
    screens and tallies that read them since migration 0002.
    """

    __tablename__ = "complaints"
    __table_args__ = (
        Index("ix_complaints_received", "received_at"),
        Index("ix_complaints_stage_due", "stage", "due_date"),
        UniqueConstraint("rating_id", name="uq_complaints_rating"),
        # What ratings join on: used whatever ANALYZE says of a store whose complaints have no rating (0008).
        Index("ix_complaints_rating", "rating_id", sqlite_where=text(RATED), postgresql_where=text(RATED)),
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
    handler_id: Mapped[str] = mapped_column(String(36), default="")  # 经办人: "" until assigned or accepted
    handler_name: Mapped[str] = mapped_column(String(64), default="")


class ComplaintStep(Base):
    """One finished step of a complaint: who recorded it, when, and what (at most one row per step)."""

    __tablename__ = "complaint_steps"
    __table_args__ = (UniqueConstraint("complaint_id", "step", name="uq_complaint_steps_step"),)
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    complaint_id: Mapped[str] = mapped_column(String(36), index=True)
    step: Mapped[str] = mapped_column(
        String(16)
    )  # accepted | investigating | rectifying | follow_up | lessons | lasting
    actor_id: Mapped[str] = mapped_column(String(36))
    actor_name: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(DateTime)
    text: Mapped[str] = mapped_column(Text)
    result: Mapped[str] = mapped_column(String(16), default="")  # 回访反馈: 满意 | 基本满意 | 不满意


class ComplaintMeeting(Base):
    """专题会: a department's meeting on its repeated bad reviews, and the complaints it covered."""

    __tablename__ = "complaint_meetings"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    held_on: Mapped[date] = mapped_column(Date, index=True)
    department_code: Mapped[str] = mapped_column(String(32))
    attendees: Mapped[str] = mapped_column(Text)
    decisions: Mapped[str] = mapped_column(Text)
    complaint_ids: Mapped[list[str]] = mapped_column(JSON)
    recorded_by: Mapped[str] = mapped_column(String(36))
    recorded_by_name: Mapped[str] = mapped_column(String(64))
    recorded_at: Mapped[datetime] = mapped_column(DateTime)


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
