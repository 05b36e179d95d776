"""Local tables of the assessment (考核): findings with their appeals, attendance marks, published snapshots.

Projections like cases and complaints: every change is also an event appended in the same transaction
(``assessment.*``, ``window.*``), so the event log stays the record and the server rebuilds them from it.
Created by migration ``0007``.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, Float, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from hallclient.store.base import Base


class AssessmentFinding(Base):
    """A 巡查记录 / 明察暗访 / 视频抽查 finding: points against (or for) one staff member, and its appeal."""

    __tablename__ = "assessment_findings"
    __table_args__ = (Index("ix_assessment_findings_day", "day"),)
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # a key of domain.assessment.FINDING_KINDS
    day: Mapped[date] = mapped_column(Date)
    window: Mapped[str] = mapped_column(String(16), default="")
    staff_id: Mapped[str] = mapped_column(String(36))
    staff_name: Mapped[str] = mapped_column(String(64))
    department_code: Mapped[str] = mapped_column(String(32), default="")
    points: Mapped[float] = mapped_column(Float)
    note: Mapped[str] = mapped_column(Text)
    evidence_name: Mapped[str] = mapped_column(String(255), default="")
    evidence_sha256: Mapped[str] = mapped_column(String(64), default="")
    recorded_by: Mapped[str] = mapped_column(String(36))
    recorded_by_name: Mapped[str] = mapped_column(String(64))
    recorded_at: Mapped[datetime] = mapped_column(DateTime)
    status: Mapped[str] = mapped_column(String(16))  # in_force | appealed | overturned | upheld
    appeal_reason: Mapped[str] = mapped_column(Text, default="")
    appeal_filed_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    appeal_decision: Mapped[str] = mapped_column(String(16), default="")  # "" | upheld | rejected
    decided_by: Mapped[str] = mapped_column(String(36), default="")
    decided_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    decision_note: Mapped[str] = mapped_column(Text, default="")


class AttendanceMark(Base):
    """One ``window.*`` event (sign-in, sign-out, lock, unlock, pause, resume), indexed for attendance."""

    __tablename__ = "attendance_marks"
    __table_args__ = (Index("ix_attendance_marks_user_at", "user_id", "at"), Index("ix_attendance_marks_at", "at"))
    id: Mapped[str] = mapped_column(String(36), primary_key=True)  # the event's id
    type: Mapped[str] = mapped_column(String(32))
    at: Mapped[datetime] = mapped_column(DateTime)  # local wall time
    window: Mapped[str] = mapped_column(String(16))
    user_id: Mapped[str] = mapped_column(String(36))
    reason: Mapped[str] = mapped_column(Text, default="")


class AssessmentSnapshot(Base):
    """A published (frozen) assessment of a quarter: the whole Assessment as canonical JSON, signed."""

    __tablename__ = "assessment_snapshots"
    __table_args__ = (UniqueConstraint("quarter", "subject", "version", name="uq_assessment_snapshots_version"),)
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    quarter: Mapped[str] = mapped_column(String(16))  # "2026Q4"
    subject: Mapped[str] = mapped_column(String(16))  # department | staff
    version: Mapped[int] = mapped_column(Integer)
    body: Mapped[str] = mapped_column(Text)  # canonical JSON of Assessment.to_dict()
    digest: Mapped[str] = mapped_column(String(64))
    signature: Mapped[str] = mapped_column(String(64))
    published_at: Mapped[datetime] = mapped_column(DateTime)
    published_by: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(Text, default="")
