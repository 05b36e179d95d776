"""Ratings through the SMS invitation (``POST /v1/ratings/sms``): how one lands exactly like a window rating.

- *The case's rating and 好差评.* The server appends a ``rating.given`` event, with the payload a window
  writes (``services/ratings.py``) plus ``channel: "sms"``, to its own hash chain (device id
  :data:`SERVER_CHAIN_ID`, head kept in ``device_chains`` like a window's). The hall-wide tallies read
  ratings by event type, so it counts in 好差评 for the case's window and clerk with no special case.
- *The bad-review loop.* The rating is published on the download feed (kind ``rating``) to the device
  that holds the case; that window stores it as a rating of the case and opens the follow-up task in the
  same transaction, as it does for a rating given at its counter (``sync/downloader.py``), and the task's
  events reach the server like any other.
- *Abuse.* The code is an HMAC of the notice id under a server secret (40 bits); a code rates once;
  attempts are limited per code and per client address (:data:`CODE_LIMIT`, :data:`IP_LIMIT` an hour).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hallclient.domain.events import GENESIS_HASH, EventType, canonical_json, new_id, seal
from hallclient.domain.notices import NoticeKind
from hallclient.domain.rating import LEVELS, is_bad_review
from hallclient.domain.sites import ROOT_SITE
from hallclient.errors import HallError
from hallclient.protocol.wire import ServerRating
from hallclient.server import feed
from hallclient.server.clock import utcnow
from hallclient.server.db import Database
from hallclient.server.models import DeviceChain, ServerCase, StoredEvent
from hallclient.server.sms.models import SmsMessage, SmsRatingAttempt
from hallclient.server.sms.sender import settings
from hallclient.server.sms.templates import parse_offset

SERVER_CHAIN_ID = "server"
SERVER_ACTOR = "server:sms"
CODE_LIMIT = 5
IP_LIMIT = 30
WINDOW = timedelta(hours=1)
VALID_FOR = timedelta(days=30)  # an invitation rates within 30 days of its sending, then the link expires
MAX_REASON = 200


class RatingRefused(HallError):
    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


def _limited(session: Session, code: str, ip: str, now: datetime) -> bool:
    since = now - WINDOW
    a = SmsRatingAttempt
    by_code = session.scalar(select(func.count()).select_from(a).where(a.code == code, a.at >= since)) or 0
    by_ip = session.scalar(select(func.count()).select_from(a).where(a.ip == ip, a.at >= since)) or 0
    return by_code >= CODE_LIMIT or by_ip >= IP_LIMIT


def hall_time(session: Session, now: datetime) -> datetime:
    """``now`` (naive UTC) as the hall's wall time, at the offset of the SMS settings."""
    return now.replace(tzinfo=UTC).astimezone(parse_offset(settings(session).get("utc_offset", "+08:00")))


def append_server_event(session: Session, case_id: str | None, type: str, payload: dict[str, object],
                        at: datetime) -> StoredEvent:  # fmt: skip
    """Append one event to the server's own chain (row-locked head: concurrent appends queue up)."""
    now = utcnow()
    head = session.scalar(select(DeviceChain).where(DeviceChain.device_id == SERVER_CHAIN_ID).with_for_update())
    if head is None:
        head = DeviceChain(device_id=SERVER_CHAIN_ID, last_seq=0, last_hash=GENESIS_HASH, quarantined=0, updated_at=now)
        session.add(head)
        session.flush()
    canonical = json.loads(canonical_json(payload))
    record = seal(event_id=new_id(), case_id=case_id, type=type, payload=canonical, device_id=SERVER_CHAIN_ID,
                  seq=head.last_seq + 1, actor=SERVER_ACTOR, device_time=at.isoformat(timespec="milliseconds"),
                  prev_hash=head.last_hash)  # fmt: skip
    row = StoredEvent(id=record.id, device_id=SERVER_CHAIN_ID, seq=record.seq, case_id=case_id, type=type,
                      payload=canonical_json(canonical), actor=SERVER_ACTOR, device_time=record.device_time,
                      prev_hash=record.prev_hash, hash=record.hash, received_at=now, clock_offset_s=0,
                      clock_flag=False, site_code=_case_site(session, case_id))  # fmt: skip
    session.add(row)
    head.last_seq, head.last_hash, head.updated_at = record.seq, record.hash, now
    session.flush()
    return row


def _case_site(session: Session, case_id: str | None) -> str:
    """The server's own events count for the site of the case they concern (a rating by SMS link: the case's)."""
    site = session.scalar(select(ServerCase.site_code).where(ServerCase.case_id == case_id)) if case_id else None
    return site or ROOT_SITE


def count_attempt(session: Session, code: str, ip: str) -> None:
    """Count one submission (its own transaction, so refused attempts count too); refuse past the limits."""
    now = utcnow()
    code = code.strip().upper()
    if _limited(session, code[:16], ip[:64], now):
        raise RatingRefused("尝试次数过多，请一小时后再试", 429)
    session.add(SmsRatingAttempt(code=code[:16], ip=ip[:64], at=now))


@dataclass(frozen=True)
class Invitation:
    """What the rating page may show of an invitation: no name, no phone, no case number."""

    matter: str
    day: date
    rated: bool
    expired: bool


def _invitation_row(session: Session, code: str, lock: bool = False) -> SmsMessage | None:
    query = select(SmsMessage).where(SmsMessage.rating_code == code.strip().upper(),
                                     SmsMessage.kind == NoticeKind.RATING_INVITE)  # fmt: skip
    return session.scalar(query.with_for_update() if lock else query)


def _expired(message: SmsMessage, now: datetime) -> bool:
    return message.sent_at is None or now - message.sent_at > VALID_FOR


def invitation(session: Session, code: str) -> Invitation | None:
    """The invitation behind ``code``, or None for a code no invitation that went out carries."""
    message = _invitation_row(session, code)
    if message is None:
        return None
    matter = str(json.loads(message.params or "{}").get("matter", ""))
    return Invitation(matter=matter, day=message.day, rated=message.rated_at is not None,
                      expired=_expired(message, utcnow()))  # fmt: skip


def rate_with_limits(db: Database, code: str, ip: str, level: int, reason: str) -> ServerRating:
    """Count the attempt (committed even when refused), then rate: the one path of the API and the page."""
    with db.session() as session:
        count_attempt(session, code, ip)
    with db.session() as session:
        return rate_by_code(session, code, level, reason)


def rate_by_code(session: Session, code: str, level: int, reason: str) -> ServerRating:
    """Record the citizen's rating for the invitation ``code``; :class:`RatingRefused` says why not."""
    now = utcnow()
    code = code.strip().upper()
    if level not in LEVELS:
        raise RatingRefused(f"评价等级只能是 1–5，实为 {level}", 422)
    if len(reason.strip()) > MAX_REASON:
        raise RatingRefused(f"评价原因最多 {MAX_REASON} 字", 422)
    message = _invitation_row(session, code, lock=True)
    if message is None:
        raise RatingRefused("评价码无效", 404)
    if message.rated_at is not None:
        raise RatingRefused("该办件已通过此评价码评价过", 409)
    if _expired(message, now):
        raise RatingRefused("评价链接已过期", 410)
    case = session.get(ServerCase, message.case_id)
    if case is None:
        raise RatingRefused("办件不存在", 404)
    message.rated_at = now
    local = hall_time(session, now)
    rating = ServerRating(rating_id=new_id(), case_id=case.case_id, case_no=case.case_no, level=level,
                          reason=reason.strip(), window=case.window, clerk_id=case.clerk_id,
                          rated_at=local.isoformat(timespec="seconds"))  # fmt: skip
    payload = {
        "rating_id": rating.rating_id, "case_no": rating.case_no, "level": level, "label": LEVELS[level],
        "bad_review": is_bad_review(level), "reason": rating.reason, "on_behalf": False, "window": rating.window,
        "clerk_id": rating.clerk_id, "rated_at": rating.rated_at, "channel": rating.channel,
    }  # fmt: skip
    append_server_event(session, case.case_id, EventType.RATING_GIVEN, payload, local)
    feed.publish(session, "rating", rating.rating_id, rating.model_dump(), device_id=case.device_id)
    return rating
