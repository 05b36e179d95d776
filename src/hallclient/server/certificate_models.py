"""Server tables of the certificate library (证照库, Alembic revision ``s0010``), on the same :class:`ServerBase`.

Kinds and records are the library; the lookup log says who asked for whose certificates and why (every
lookup, answered or refused); shares are the materials that intake events took from a certificate, one
row per (case, material) so a resent upload batch never counts twice. Times are naive UTC like the rest
of the server.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from hallclient.server.models import ServerBase


class CertificateKindRow(ServerBase):
    """证照类型: a kind of certificate and the department that issues it."""

    __tablename__ = "certificate_kinds"
    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(128))
    department_code: Mapped[str] = mapped_column(String(32), default="")  # 发证部门 (catalog department code)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class CertificateRecord(ServerBase):
    """One certificate of the library, imported or cached from the provincial service."""

    __tablename__ = "certificates"
    __table_args__ = (
        UniqueConstraint("kind", "number", name="uq_certificates_kind_number"),
        Index("ix_certificates_holder_kind", "holder_id_number", "kind"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(32))
    number: Mapped[str] = mapped_column(String(64))
    holder_id_number: Mapped[str] = mapped_column(String(18))
    holder_name: Mapped[str] = mapped_column(String(128))
    issuer: Mapped[str] = mapped_column(String(128))
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date, nullable=True)  # None: 长期有效
    file_sha256: Mapped[str] = mapped_column(String(64), default="")
    source: Mapped[str] = mapped_column(String(16))  # "library" | "provincial"
    imported_at: Mapped[datetime] = mapped_column(DateTime)


class CertificateLookup(ServerBase):
    """The lookup log: one row per lookup a device made, answered or refused, with its purpose."""

    __tablename__ = "certificate_lookups"
    __table_args__ = (
        Index("ix_certificate_lookups_device_at", "device_id", "at"),
        Index("ix_certificate_lookups_at", "at"),
    )
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime)
    device_id: Mapped[str] = mapped_column(String(36))  # the server's device row
    window: Mapped[str] = mapped_column(String(16), default="")
    clerk_id: Mapped[str] = mapped_column(String(36), default="")  # as the device claims it
    purpose: Mapped[str] = mapped_column(String(32))
    matter_codes: Mapped[str] = mapped_column(Text)  # canonical JSON list
    holder_id_number: Mapped[str] = mapped_column(String(18))
    answered: Mapped[int] = mapped_column(Integer, default=0)  # certificates answered
    expired: Mapped[int] = mapped_column(Integer, default=0)  # held but not valid today: not answered
    withheld: Mapped[int] = mapped_column(Integer, default=0)  # held under another name: not answered
    provincial_answered: Mapped[bool] = mapped_column(Boolean, default=False)
    provincial_note: Mapped[str] = mapped_column(String(255), default="")  # why the province was not used
    refusal: Mapped[str] = mapped_column(String(255), default="")  # "" when answered


class CertificateShare(ServerBase):
    """A material of an ingested intake that a certificate stood in for (证照共享量 counts these)."""

    __tablename__ = "certificate_shares"
    __table_args__ = (
        UniqueConstraint("case_id", "material_code", name="uq_certificate_shares_case_material"),
        Index("ix_certificate_shares_received_on", "received_on"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[str] = mapped_column(String(36))
    material_code: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(32))
    number: Mapped[str] = mapped_column(String(64))
    lookup_id: Mapped[str] = mapped_column(String(36), default="")
    department_code: Mapped[str] = mapped_column(String(32), default="")
    received_on: Mapped[date | None] = mapped_column(Date, nullable=True)
