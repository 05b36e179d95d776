"""What ``hallclient server sms …`` does on the server database: templates, opt-outs, status."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

from sqlalchemy import func, select

from hallclient.domain.masking import mask_phone
from hallclient.domain.notices import mobile_number
from hallclient.errors import HallError
from hallclient.server.clock import utcnow
from hallclient.server.db import Database
from hallclient.server.sms.models import SmsMessage, SmsOptOut, SmsStatus
from hallclient.server.sms.sender import figures, phone_hash, store_templates
from hallclient.server.sms.templates import TemplateSet, load_template_file


def import_templates(db: Database, path: Path) -> TemplateSet:
    """Validate the whole file first; store it only when every text is right (all or nothing)."""
    templates = load_template_file(path)
    with db.session() as session:
        store_templates(session, templates)
    return templates


def valid_phone(phone: str) -> str:
    number = mobile_number(phone)
    if number is None:
        raise HallError(f"手机号无效：{mask_phone(phone)}（应为 11 位手机号，如 13800000000）")
    return number


def add_optout(db: Database, phone: str) -> bool:
    """Add a phone to the opt-out list; False when it was already there."""
    digest = phone_hash(valid_phone(phone))
    with db.session() as session:
        if session.get(SmsOptOut, digest) is not None:
            return False
        session.add(SmsOptOut(phone_hash=digest, added_at=utcnow()))
    return True


def remove_optout(db: Database, phone: str) -> bool:
    digest = phone_hash(valid_phone(phone))
    with db.session() as session:
        row = session.get(SmsOptOut, digest)
        if row is None:
            return False
        session.delete(row)
    return True


def status_counts(db: Database) -> Counter[str]:
    with db.session() as session:
        rows = session.execute(select(SmsMessage.status, func.count()).group_by(SmsMessage.status)).all()
    return Counter({status: count for status, count in rows})


def recent_failures(db: Database, limit: int = 10) -> list[SmsMessage]:
    with db.session() as session:
        return list(session.scalars(
            select(SmsMessage).where(SmsMessage.status == SmsStatus.FAILED)
            .order_by(SmsMessage.updated_at.desc()).limit(limit)
        ))  # fmt: skip


def daily_figures(db: Database, start: date, end: date) -> list[dict[str, object]]:
    with db.session() as session:
        return figures(session, start, end)
