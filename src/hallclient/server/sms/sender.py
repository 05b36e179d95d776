"""The sender: ``notice.queued`` events → ``sms_messages`` rows → the gateway, each notice at most once.

Exactly once, step by step:

- *Intake.* Every stored ``notice.queued`` event without a row becomes one, keyed by its ``notice_id``: a
  batch uploaded twice stores its events once (ingest), and a notice becomes one row however often intake
  runs.
- *One sender per database.* A round works only while it holds the ``sms_lease`` row (taken with a row
  lock, renewed each round, expiring after ``lease_seconds``), so two ``hallclient serve`` processes, or a
  server and ``hallclient server sms run --once``, never hand the same message to the gateway.
- *Crash mid-send.* Messages are marked ``sending`` and committed before they go to the gateway, a chunk
  (``SenderConfig.chunk``) in one commit, submitted one after another, and their outcomes recorded in one
  commit after the chunk. A new lease holder finds rows a dead sender left in ``sending``: whether the SMSC
  got them cannot be known, so they are not resent but marked failed as interrupted (visible in ``hallclient
  server sms status``; ``hallclient server sms resend --interrupted`` requeues them when a person decides);
  never sent twice. A crash therefore leaves up to one chunk interrupted, the price of one commit per chunk
  instead of two per message.

A refused message (the SMSC rejects the number, the platform refuses it) fails at once with the reason; an
unreachable gateway or a throttled message is retried with exponential backoff up to ``max_attempts``. In
quiet hours nothing is sent; messages wait for the morning. Every log line masks the phone.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import secrets
import threading
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from hallclient.domain.events import EventType
from hallclient.domain.masking import mask_phone
from hallclient.domain.notices import NoticeKind, mobile_number
from hallclient.server.clock import parse_aware, utcnow
from hallclient.server.db import Database
from hallclient.server.models import ServerCase, StoredEvent
from hallclient.server.sms.gateway import Gateway, GatewayError, Submitted, send_many
from hallclient.server.sms.models import SmsLease, SmsMessage, SmsOptOut, SmsSetting, SmsStatus, SmsTemplate
from hallclient.server.sms.templates import TemplateSet, parse_offset, parse_quiet_hours, render

log = logging.getLogger("hallclient.server.sms")

LEASE_NAME = "sender"
SLICE = 25  # messages handed to the gateway between two looks at the lease
RATING_SECRET_KEY = "rating_secret"
INTERRUPTED = "发送中断：短信中心可能已收到，为免重复未重发"
NO_TEMPLATES = "尚未导入短信模板（hallclient server sms templates import FILE）"


@dataclass(frozen=True)
class SenderConfig:
    batch: int = 500  # messages per round
    chunk: int = 100  # messages per commit: marked ``sending`` together, their outcomes recorded together
    max_attempts: int = 6
    backoff_seconds: float = 60.0  # the first retry; doubled each time
    lease_seconds: float = 60.0


@dataclass
class RoundResult:
    leased: bool = True
    taken_in: int = 0
    sent: int = 0
    failed: int = 0
    retried: int = 0
    suppressed: int = 0
    receipts: int = 0
    held: str = ""  # why nothing was sent this round (quiet hours, no templates, gateway down)
    latencies: list[float] = field(default_factory=list)  # seconds per gateway submit


def phone_hash(phone: str) -> str:
    return hashlib.sha256(f"hallclient-sms:{phone}".encode()).hexdigest()


# -- lease ----------------------------------------------------------------------------------------------------


def take_lease(session: Session, holder: str, now: datetime, seconds: float) -> bool:
    """Take or renew the sender lease; False while another live sender holds it. The row (seeded by the
    migration) is locked for the rest of the caller's transaction, so two senders decide one after the other."""
    row = session.scalar(select(SmsLease).where(SmsLease.name == LEASE_NAME).with_for_update())
    if row is None:
        raise RuntimeError("sms_lease row missing: run the server migrations")
    if row.holder != holder and row.expires_at > now:
        return False
    row.holder = holder
    row.expires_at = now + timedelta(seconds=seconds)
    return True


def release_lease(db: Database, holder: str) -> None:
    with db.session() as session:
        session.execute(
            update(SmsLease).where(SmsLease.name == LEASE_NAME, SmsLease.holder == holder).values(expires_at=utcnow())
        )


# -- settings, templates, secret ------------------------------------------------------------------------------


def settings(session: Session) -> dict[str, str]:
    return {row.key: row.value for row in session.scalars(select(SmsSetting))}


def store_templates(session: Session, templates: TemplateSet) -> None:
    """Replace the approved texts and the file's settings, in the caller's transaction."""
    now = utcnow()
    for old in session.scalars(select(SmsTemplate)):
        session.delete(old)
    session.flush()
    for kind, text in templates.texts.items():
        session.add(SmsTemplate(kind=kind, text=text, imported_at=now))
    for key, value in templates.settings().items():
        row = session.get(SmsSetting, key)
        if row is None:
            session.add(SmsSetting(key=key, value=value))
        else:
            row.value = value


def rating_secret(session: Session) -> bytes:
    row = session.get(SmsSetting, RATING_SECRET_KEY)
    if row is None:
        row = SmsSetting(key=RATING_SECRET_KEY, value=secrets.token_hex(32))
        session.add(row)
        session.flush()
    return bytes.fromhex(row.value)


def rating_code(secret: bytes, notice_id: str) -> str:
    """8 base32 characters (40 bits) of an HMAC of the notice id: short to type, not guessable."""
    digest = hmac.new(secret, notice_id.encode("utf-8"), hashlib.sha256).digest()
    return base64.b32encode(digest[:5]).decode("ascii")


# -- intake ---------------------------------------------------------------------------------------------------


def intake(session: Session, now: datetime, limit: int = 5000) -> int:
    """Rows for the stored ``notice.queued`` events that have none yet (idempotent)."""
    e, m = StoredEvent, SmsMessage
    query = (
        select(e.id, e.device_id, e.case_id, e.payload, e.device_time)
        .outerjoin(m, m.event_id == e.id)
        .where(e.type == EventType.NOTICE_QUEUED, m.notice_id.is_(None))
        .order_by(e.received_at, e.device_id, e.seq)
        .limit(limit)
    )
    rows = session.execute(query).all()
    seen: set[str] = set()
    if rows:
        ids = [json.loads(row.payload).get("notice_id") for row in rows]
        seen = set(session.scalars(select(m.notice_id).where(m.notice_id.in_([i for i in ids if isinstance(i, str)]))))
    taken = 0
    for row in rows:
        payload = json.loads(row.payload)
        notice_id = payload.get("notice_id")
        if not isinstance(notice_id, str) or notice_id in seen:
            continue  # the same notice under another event id: already a row
        seen.add(notice_id)
        phone = mobile_number(str(payload.get("phone", ""))) or ""
        not_before = parse_aware(str(payload.get("not_before") or "")) if payload.get("not_before") else None
        device_day = datetime.fromisoformat(row.device_time).date() if row.device_time else now.date()
        status, reason = (SmsStatus.QUEUED, "") if phone else (SmsStatus.FAILED, "手机号无效")
        try:
            NoticeKind(str(payload.get("kind")))
        except ValueError:
            status, reason = SmsStatus.FAILED, f"未知的通知类型：{payload.get('kind')}"
        session.add(
            SmsMessage(
                notice_id=notice_id, event_id=row.id, device_id=row.device_id, case_id=row.case_id or "",
                case_no=str(payload.get("case_no", ""))[:80], kind=str(payload.get("kind", ""))[:32], phone=phone,
                phone_hash=phone_hash(phone), params=json.dumps(payload.get("params") or {}, ensure_ascii=False,
                sort_keys=True), status=status, reason=reason, attempts=0, not_before=not_before,
                next_attempt_at=not_before or now, day=device_day, created_at=now, updated_at=now,
                done_at=now if status == SmsStatus.FAILED else None,
            )
        )  # fmt: skip
        taken += 1
    session.flush()
    return taken


# -- a round --------------------------------------------------------------------------------------------------


def _templates(session: Session) -> tuple[dict[str, str], dict[str, str]]:
    return {row.kind: row.text for row in session.scalars(select(SmsTemplate))}, settings(session)


def _still_due(session: Session, message: SmsMessage) -> str:
    """Why a message is no longer worth sending, or ""."""
    if message.kind != NoticeKind.DEFICIENCY_REMINDER:
        return ""
    case = session.get(ServerCase, message.case_id)
    if case is None:
        return ""
    state = json.loads(case.state or "{}")
    if not state.get("deficiency_open", True) or case.status in ("completed", "collected", "withdrawn", "refused"):
        return "容缺材料已补齐或办件已结束，无需提醒"
    return ""


def _text(session: Session, message: SmsMessage, texts: dict[str, str], setting: dict[str, str]) -> str:
    params: dict[str, Any] = json.loads(message.params)
    if message.kind == NoticeKind.RATING_INVITE:
        if message.rating_code is None:
            message.rating_code = rating_code(rating_secret(session), message.notice_id)
        params["rating_code"] = message.rating_code
        params["rating_url"] = f"{setting.get('progress_url', '')}/r/{message.rating_code}"
    return render(texts[message.kind], params)


def _finish_send(message: SmsMessage, now: datetime) -> None:
    message.status = SmsStatus.SENT
    message.sent_at = now
    message.updated_at = now


def _fail(message: SmsMessage, error: GatewayError, now: datetime, config: SenderConfig) -> str:
    message.updated_at = now
    if error.gateway_down:  # nothing was handed over: the message waits for the gateway, attempts unchanged
        message.status, message.reason = SmsStatus.QUEUED, str(error)[:300]
        return "retried"
    message.attempts += 1
    if error.uncertain:
        message.status, message.done_at = SmsStatus.FAILED, now
        message.reason = f"{error}：短信中心可能已收到，为免重复未重发"[:300]
        return "failed"
    if error.permanent or message.attempts >= config.max_attempts:
        message.status = SmsStatus.FAILED
        message.reason = (str(error) if error.permanent else f"重试 {message.attempts} 次仍失败：{error}")[:300]
        message.done_at = now
        return "failed"
    message.status = SmsStatus.QUEUED
    message.reason = str(error)[:300]
    message.next_attempt_at = now + timedelta(seconds=config.backoff_seconds * 2 ** (message.attempts - 1))
    return "retried"


def apply_receipts(session: Session, gateway: Gateway, now: datetime) -> int:
    count = 0
    for receipt in gateway.receipts():
        message = session.scalar(select(SmsMessage).where(SmsMessage.gateway_id == receipt.message_id))
        if message is None or message.status not in (SmsStatus.SENT, SmsStatus.SENDING):
            continue
        message.status = SmsStatus.DELIVERED if receipt.delivered else SmsStatus.FAILED
        message.reason = receipt.reason
        message.done_at = now
        message.updated_at = now
        count += 1
    return count


def run_once(db: Database, gateway: Gateway, *, holder: str, config: SenderConfig | None = None) -> RoundResult:
    """One round: lease, intake, receipts, then up to ``config.batch`` due messages to the gateway."""

    config = config or SenderConfig()
    result = RoundResult()
    now = utcnow()
    with db.session() as session:
        if not take_lease(session, holder, now, config.lease_seconds):
            return RoundResult(leased=False, held="另一个发送进程持有发送租约")
        # Between rounds no message is in the gateway's hands: one still "sending" was left by a sender
        # that died (or stalled past its lease) after handing it over, maybe. Never resent.
        for orphan in session.scalars(select(SmsMessage).where(SmsMessage.status == SmsStatus.SENDING)).all():
            orphan.status, orphan.reason, orphan.done_at, orphan.updated_at = SmsStatus.FAILED, INTERRUPTED, now, now
            log.warning("SMS %s to %s: %s", orphan.notice_id, mask_phone(orphan.phone), INTERRUPTED)
        result.taken_in = intake(session, now)
        result.receipts = apply_receipts(session, gateway, now)
        texts, setting = _templates(session)
    if not texts:
        result.held = NO_TEMPLATES
        return result
    offset = parse_offset(setting.get("utc_offset", "+08:00"))
    quiet = parse_quiet_hours(setting.get("quiet_hours", "21:00-08:00"))
    local = now.replace(tzinfo=None) + (offset.utcoffset(None) or timedelta())
    if quiet.active(local):
        result.held = f"免打扰时段（{setting.get('quiet_hours')}），上午再发"
        return result
    with db.session() as session:
        due_ids = list(session.scalars(
            select(SmsMessage.notice_id)
            .where(SmsMessage.status == SmsStatus.QUEUED, SmsMessage.next_attempt_at <= now)
            .order_by(SmsMessage.next_attempt_at, SmsMessage.created_at)
            .limit(config.batch)
        ))  # fmt: skip
        optouts = set(session.scalars(select(SmsOptOut.phone_hash)))
    for start in range(0, len(due_ids), config.chunk):
        stop = _send_chunk(db, gateway, due_ids[start : start + config.chunk], holder, config, texts, setting,
                           optouts, now, result)  # fmt: skip
        if stop:
            result.held = stop
            break
    with db.session() as session:
        result.receipts += apply_receipts(session, gateway, utcnow())
    return result


def _send_chunk(db: Database, gateway: Gateway, notice_ids: list[str], holder: str, config: SenderConfig,
                texts: dict[str, str], setting: dict[str, str], optouts: set[str], now: datetime,
                result: RoundResult) -> str:  # fmt: skip
    """Up to ``config.chunk`` messages: marked ``sending`` in one commit, submitted one after another, their
    outcomes recorded in one commit. Returns why the round stops here, or ""."""
    import time

    to_send: list[tuple[str, str, str]] = []  # (notice id, phone, text), in due order
    with db.session() as session:
        if not take_lease(session, holder, utcnow(), config.lease_seconds):
            return "发送租约已被其他进程接管"
        rows = session.scalars(select(SmsMessage).where(SmsMessage.notice_id.in_(notice_ids))).all()
        by_id = {row.notice_id: row for row in rows}
        for notice_id in notice_ids:
            message = by_id.get(notice_id)
            if message is None or message.status != SmsStatus.QUEUED:
                continue
            why = "已退订（服务器退订名单）" if message.phone_hash in optouts else _still_due(session, message)
            if why:
                message.status, message.reason, message.done_at, message.updated_at = (
                    SmsStatus.SUPPRESSED,
                    why,
                    now,
                    now,
                )
                result.suppressed += 1
                continue
            if message.kind not in texts:
                message.reason = f"缺少 {message.kind} 的模板"
                continue
            message.text = _text(session, message, texts, setting)
            message.status = SmsStatus.SENDING
            message.updated_at = now
            to_send.append((notice_id, message.phone, message.text))
    outcomes: list[tuple[str, Submitted | GatewayError]] = []
    stop = ""
    renewed = time.monotonic()
    for start in range(0, len(to_send), SLICE):
        if time.monotonic() - renewed > config.lease_seconds / 3:  # a slow SMSC: keep the lease while submitting
            with db.session() as session:
                if not take_lease(session, holder, utcnow(), config.lease_seconds):
                    stop = "发送租约已被其他进程接管"  # the rest stays ``sending``: the new holder marks it interrupted
                    to_send = to_send[: len(outcomes)]
                    break
            renewed = time.monotonic()
        piece = to_send[start : start + SLICE]
        handed = send_many(gateway, [(phone, text, notice_id) for notice_id, phone, text in piece])
        for item, (outcome, seconds) in zip(piece, handed, strict=False):
            outcomes.append((item[0], outcome))
            if isinstance(outcome, GatewayError):
                if outcome.gateway_down or outcome.uncertain:
                    stop = str(outcome)  # the gateway is down or the session broke: the rest waits for the next round
            else:
                result.latencies.append(seconds)
        if stop or len(outcomes) < start + len(piece):
            stop = stop or "短信网关未接收全部短信"
            break
    never_handed = [item[0] for item in to_send[len(outcomes) :]]
    with db.session() as session:
        for notice_id, outcome in outcomes:
            message = session.get(SmsMessage, notice_id)
            if message is None or message.status != SmsStatus.SENDING:
                continue
            if isinstance(outcome, GatewayError):
                kind = _fail(message, outcome, now, config)
                setattr(result, kind, getattr(result, kind) + 1)
                log.warning("SMS %s to %s not sent (%s): %s", notice_id, mask_phone(message.phone), kind, outcome)
                continue
            _finish_send(message, now)
            message.gateway_id, message.parts, message.attempts = (
                outcome.message_id,
                outcome.parts,
                message.attempts + 1,
            )
            result.sent += 1
            log.info("SMS %s to %s sent in %d part(s)", notice_id, mask_phone(message.phone), outcome.parts)
        for notice_id in never_handed:  # marked ``sending`` but never given to the gateway: back in the queue
            message = session.get(SmsMessage, notice_id)
            if message is not None and message.status == SmsStatus.SENDING:
                message.status, message.updated_at = SmsStatus.QUEUED, now
    return stop


# -- figures --------------------------------------------------------------------------------------------------


def figures(session: Session, start: date, end: date) -> list[dict[str, Any]]:
    """短信发送条数 per hall day and kind: messages sent (incl. delivered), delivered, failed; parts sent."""
    m = SmsMessage
    rows = session.execute(
        select(m.day, m.kind, m.status, func.count(), func.coalesce(func.sum(m.parts), 0))
        .where(m.day >= start, m.day <= end)
        .group_by(m.day, m.kind, m.status)
    ).all()
    table: dict[tuple[date, str], dict[str, Any]] = {}
    for day, kind, status, count, parts in rows:
        entry = table.setdefault((day, kind), {"day": day.isoformat(), "kind": kind, "queued": 0, "sent": 0,
                                               "delivered": 0, "failed": 0, "suppressed": 0, "parts": 0})  # fmt: skip
        if status in (SmsStatus.SENT, SmsStatus.DELIVERED):
            entry["sent"] += count
            entry["parts"] += int(parts)
        if status == SmsStatus.DELIVERED:
            entry["delivered"] += count
        elif status == SmsStatus.FAILED:
            entry["failed"] += count
        elif status == SmsStatus.SUPPRESSED:
            entry["suppressed"] += count
        elif status in (SmsStatus.QUEUED, SmsStatus.SENDING):
            entry["queued"] += count
    return [table[key] for key in sorted(table)]


# -- the background task of ``hallclient serve`` -----------------------------------------------------------


class SenderThread:
    """Rounds every ``interval`` seconds in a daemon thread until :meth:`stop`; one per server process."""

    def __init__(self, db: Database, gateway_uri: str, interval: float = 5.0) -> None:
        self.db, self.uri, self.interval = db, gateway_uri, interval
        self.holder = f"serve-{uuid.uuid4()}"
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="sms-sender", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=30)

    def _run(self) -> None:
        from hallclient.server.sms.uri import gateway_for

        gateway = gateway_for(self.uri)
        pause = self.interval
        try:
            while not self._stop.is_set():
                try:
                    result = run_once(self.db, gateway, holder=self.holder)
                    if result.held and result.leased:
                        log.info("SMS round held: %s", result.held)
                    # A gateway that is down is asked again after 5 s, 10 s, … up to 5 minutes, not every round.
                    down = bool(result.held) and result.sent == 0 and result.retried > 0
                    pause = min(pause * 2, 300.0) if down else self.interval
                except Exception:
                    log.exception("SMS round failed")
                self._stop.wait(pause)
        finally:
            gateway.close()
            release_lease(self.db, self.holder)
