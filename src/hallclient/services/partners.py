"""The partner regions (协议地区) this window holds, as the server publishes them, and the intake's choice.

The server is the only place they are edited (``hallclient server partner``); the feed brings each one
here (:func:`apply_partner`), a retired one with ``active`` false and no contacts.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hallclient.domain.case import Channel
from hallclient.domain.partners import Contact, Partner, PartnerError, fits, partner_from_feed, province_of
from hallclient.services.context import Services
from hallclient.store.models import PartnerRegion


def apply_partner(session: Session, key: str, data: dict[str, Any]) -> None:
    """Store one published partner region (idempotent)."""
    partner = partner_from_feed(key, data)
    row = session.get(PartnerRegion, key) or PartnerRegion(id=key)
    row.name = partner.name
    row.province = partner.province
    row.matters = list(partner.matters)
    row.contacts = [{"name": c.name, "phone": c.phone} for c in partner.contacts]
    row.active = partner.active
    session.add(row)


def _partner(row: PartnerRegion) -> Partner:
    contacts = tuple(Contact(c["name"], c["phone"]) for c in row.contacts)
    return Partner(row.id, row.name, row.province, tuple(row.matters), contacts, row.active)


def all_partners(session: Session) -> list[Partner]:
    return [_partner(row) for row in session.scalars(select(PartnerRegion).order_by(PartnerRegion.name))]


def partners_for(session: Session, matter_code: str, channel: Channel, hall_code: str) -> list[Partner]:
    """The active partners a case of this matter on this 通办 channel may go to (the intake's list)."""
    hall_province = province_of(hall_code)
    return [partner for partner in all_partners(session) if fits(partner, matter_code, channel, hall_province)]


def chosen_partner(session: Session, name: str, matter_code: str, channel: Channel, hall_code: str) -> Partner:
    """The partner named ``name`` if it is on this matter's and channel's list, else the reason."""
    fitting = partners_for(session, matter_code, channel, hall_code)
    for partner in fitting:
        if partner.name == name.strip():
            return partner
    if not fitting:
        raise PartnerError("本事项在此通办渠道下没有协议地区：请先同步，或联系管理员在服务器登记协议地区")
    raise PartnerError(f"“{name.strip()}”不在本事项的协议地区名单中")


def load_partners(services: Services) -> list[Partner]:
    """Every partner this window holds (the intake filters them by matter and channel)."""
    with services.store.read() as session:
        return all_partners(session)
