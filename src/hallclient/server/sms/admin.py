"""What ``hallclient server sms …`` does on the server database: templates, opt-outs, status."""

from __future__ import annotations

import json
import logging
from collections import Counter
from datetime import UTC, date, datetime, time
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hallclient.domain.masking import mask_phone
from hallclient.domain.notices import mobile_number
from hallclient.errors import HallError
from hallclient.server.clock import utcnow
from hallclient.server.db import Database
from hallclient.server.models import StoredEvent
from hallclient.server.sms.models import SmsMessage, SmsOptOut, SmsStatus
from hallclient.server.sms.ratings import append_server_event, hall_time
from hallclient.server.sms.sender import INTERRUPTED, figures, phone_hash, store_templates
from hallclient.server.sms.templates import TemplateSet, load_template_file

audit = logging.getLogger("hallclient.server.audit")


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


REQUEUED_EVENT = "notice.requeued"  # the audit record of a requeue, on the server's own hash chain


def _requeued_ids(session: Session) -> set[str]:
    payloads = session.scalars(select(StoredEvent.payload).where(StoredEvent.type == REQUEUED_EVENT))
    return {str(json.loads(payload).get("notice_id")) for payload in payloads}


def interrupted_messages(db: Database, since: date | None = None) -> list[SmsMessage]:
    """Messages failed as interrupted (the SMSC may have them) and never requeued, oldest first; ``since`` is
    a hall day."""
    with db.session() as session:
        query = select(SmsMessage).where(SmsMessage.status == SmsStatus.FAILED, SmsMessage.reason == INTERRUPTED)
        if since is not None:
            start = datetime.combine(since, time()).replace(tzinfo=hall_time(session, utcnow()).tzinfo)
            query = query.where(SmsMessage.done_at >= start.astimezone(UTC).replace(tzinfo=None))
        requeued = _requeued_ids(session)
        found = session.scalars(query.order_by(SmsMessage.done_at, SmsMessage.notice_id)).all()
        return [message for message in found if message.notice_id not in requeued]


def requeue_interrupted(db: Database, notice_ids: list[str], *, by: str) -> int:
    """Requeue interrupted messages, each once, with an audit event (who, when) on the server's chain in the same
    transaction: a person decided that a possible duplicate is better than a lost notice."""
    now = utcnow()
    count = 0
    with db.session() as session:
        requeued = _requeued_ids(session)
        for notice_id in notice_ids:
            message = session.get(SmsMessage, notice_id, with_for_update=True)
            if message is None or message.reason != INTERRUPTED or message.status != SmsStatus.FAILED:
                continue
            if notice_id in requeued:
                continue
            message.status, message.reason, message.done_at = SmsStatus.QUEUED, "", None
            message.next_attempt_at = message.updated_at = now
            payload: dict[str, object] = {"notice_id": notice_id, "case_no": message.case_no,
                                          "kind": message.kind, "by": by, "was": INTERRUPTED}  # fmt: skip
            append_server_event(session, message.case_id or None, REQUEUED_EVENT, payload, hall_time(session, now))
            audit.info("SMS requeued: notice=%s case=%s by=%s", notice_id, message.case_no, by)
            count += 1
    return count


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
