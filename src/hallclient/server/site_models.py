"""Server tables of the service network: the sites, and the 帮办代办 log projected from the windows' events."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from hallclient.server.models import ServerBase


class ServerSite(ServerBase):
    """A site of the network (``domain/sites.py`` holds the tree rules); retired sites stay for their history."""

    __tablename__ = "sites"
    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(128))
    level: Mapped[str] = mapped_column(String(16))  # district | street | village
    parent_code: Mapped[str | None] = mapped_column(String(32), nullable=True)  # None for the root
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class ServerAssistance(ServerBase):
    """One accepted ``assistance.recorded`` event (keyed by its id, so a resent batch never counts twice), with
    the uploading device's site at the time."""

    __tablename__ = "assistance"
    __table_args__ = (Index("ix_assistance_on_site", "on", "site_code"),)
    event_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    device_id: Mapped[str] = mapped_column(String(36))
    site_code: Mapped[str] = mapped_column(String(32))
    window: Mapped[str] = mapped_column(String(16))
    kind: Mapped[str] = mapped_column(String(16))
    elderly: Mapped[bool] = mapped_column(Boolean)
    disabled: Mapped[bool] = mapped_column(Boolean)
    on: Mapped[date] = mapped_column(Date)
