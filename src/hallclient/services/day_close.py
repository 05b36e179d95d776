"""日结 (close of day) for a window, and the offline bundle that lets a window close while offline.

A day can be closed only when every event of this device is acknowledged by the server — or when the
clerk exports an **offline bundle**: the unsynced events in sequence order plus the chain link to the
last acknowledged event (its sequence number and hash), sealed with a digest. Anyone can verify a
bundle on its own (digest, sequence, every event's hash and link); the server also checks that the
link matches what it already stores, then imports the events through the normal idempotent ingest, so
a bundle imported twice — or later uploaded by the window itself — is never counted twice.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select

from hallclient.domain.events import GENESIS_HASH, EventType, canonical_json, new_id
from hallclient.errors import HallError
from hallclient.files import write_atomically
from hallclient.protocol.bundle import BUNDLE_HEADER, Bundle, bundle_text
from hallclient.services.context import Actor, Services, wall_time
from hallclient.services.signing import password_signature
from hallclient.store import eventlog
from hallclient.store.models import Event, EventAck
from hallclient.store.supervision_models import DayClose


def _digest(body: dict[str, Any]) -> str:
    return hashlib.sha256(canonical_json(body).encode("utf-8")).hexdigest()


def unsynced_count(services: Services) -> int:
    with services.store.read() as session:
        return len(_unsynced_seqs(session, services.device_id))


def _unsynced_seqs(session: Any, device_id: str) -> list[int]:
    query = (
        select(Event.seq)
        .outerjoin(EventAck, EventAck.event_id == Event.id)
        .where(Event.device_id == device_id, EventAck.event_id.is_(None))
        .order_by(Event.seq)
    )
    return list(session.scalars(query))


def export_bundle(services: Services, actor: Actor, path: Path) -> Bundle:
    """Write the unsynced events of this device (from the first unsynced one to the head) to ``path``."""
    with services.store.read() as session:
        unsynced = _unsynced_seqs(session, services.device_id)
        if not unsynced:
            raise HallError("没有未同步的事件，无需导出离线数据包")
        first = unsynced[0]
        anchor_hash = GENESIS_HASH
        if first > 1:
            anchor = session.scalar(select(Event).where(Event.device_id == services.device_id, Event.seq == first - 1))
            if anchor is None:
                raise HallError(f"本机事件日志缺少第 {first - 1} 条，无法导出（运行 hallclient db check）")
            anchor_hash = anchor.hash
        rows = session.scalars(
            select(Event).where(Event.device_id == services.device_id, Event.seq >= first).order_by(Event.seq)
        )
        events = [eventlog.to_record(row) for row in rows]
    created_at = services.now().isoformat(timespec="seconds")
    body: dict[str, Any] = {
        **BUNDLE_HEADER,
        "device_id": services.device_id,
        "window": services.settings.window,
        "hall_code": services.settings.hall_code,
        "created_at": created_at,
        "created_by": actor.username,
        "anchor": {"seq": first - 1, "hash": anchor_hash},
        "events": [event.to_wire() for event in events],
        "head": {"seq": events[-1].seq, "hash": events[-1].hash},
    }
    text, digest = bundle_text(body)

    def write(target: Path) -> None:
        target.write_text(text, encoding="utf-8")

    write_atomically(Path(path), write)
    return Bundle(services.device_id, services.settings.window, first - 1, anchor_hash, events, digest, created_at)


@dataclass(frozen=True)
class DayCloseResult:
    id: str
    day: date
    window: str
    summary: dict[str, Any]
    summary_hash: str
    signature: str
    unsynced_events: int
    bundle: Bundle | None


def day_summary(services: Services, day: date) -> dict[str, Any]:
    """The window's figures of ``day``, as signed at close."""
    from hallclient.domain.tally import Period
    from hallclient.services.tallies import local_tally

    tally = local_tally(services, Period.day(day), "clerk", window=services.settings.window)
    total = tally.total
    return {
        "day": day.isoformat(),
        "window": services.settings.window,
        "cases": total.cases,
        "outcomes": total.outcomes,
        "completed": total.completed,
        "channels": total.channels,
        "assisted": total.assisted,
        "green_channel": total.green_channel,
        "ratings": {str(level): count for level, count in total.ratings.items()},
        "bad_reviews": total.bad_reviews,
        "enquiries": total.enquiries,
        "complaints": total.complaints,
        "overdue": total.overdue,
        "near_due": total.near_due,
        "by_clerk": {fig.label: fig.cases for fig in tally.groups},
    }


def close_day(
    services: Services, actor: Actor, password: str, *, day: date | None = None, bundle_path: Path | None = None
) -> DayCloseResult:
    """Sign the day's summary for this window; refused while events are unsynced unless a bundle is exported."""
    from hallclient.services.users import authenticate

    signer = authenticate(services, actor.username, password)  # the clerk signs by re-entering the password
    now = services.now()
    day = day or now.date()
    if day > now.date():
        raise HallError(f"不能为未来日期 {day.isoformat()} 日结")
    window = services.settings.window
    with services.store.read() as session:
        closed = session.scalar(select(DayClose).where(DayClose.day == day, DayClose.window == window))
    if closed is not None:
        raise HallError(f"{window} 号窗口 {day.isoformat()} 已由 {closed.clerk_name} 日结，不能重复日结")
    pending = unsynced_count(services)
    bundle = None
    if pending and bundle_path is None:
        raise HallError(
            f"尚有 {pending} 条事件未同步到服务器，不能日结：请先同步，或导出离线数据包（--bundle 文件）交值班长导入"
        )
    if pending and bundle_path is not None:
        bundle = export_bundle(services, signer, bundle_path)
    summary = day_summary(services, day)
    summary_hash = _digest(summary)
    signed_at = wall_time(now)
    signature = password_signature(summary_hash, signer.user_id, signed_at, bundle.digest if bundle else "")
    close_id = new_id()
    with services.store.write() as session:
        if session.scalar(select(DayClose.id).where(DayClose.day == day, DayClose.window == window)):
            raise HallError(f"{window} 号窗口 {day.isoformat()} 已日结")
        session.add(DayClose(
            id=close_id, day=day, window=window, clerk_id=signer.user_id, clerk_name=signer.display_name,
            summary=summary, summary_hash=summary_hash, signature=signature, unsynced_events=pending,
            bundle_file=str(bundle_path) if bundle else "", bundle_digest=bundle.digest if bundle else "",
            signed_at=signed_at,
        ))  # fmt: skip
        eventlog.append(
            session,
            device_id=services.device_id,
            case_id=None,
            type=EventType.DAY_CLOSED,
            payload={
                "day_close_id": close_id,
                "day": day.isoformat(),
                "window": window,
                "clerk_id": signer.user_id,
                "summary": summary,
                "summary_hash": summary_hash,
                "signature": signature,
                "unsynced_events": pending,
                "bundle_digest": bundle.digest if bundle else "",
                "bundle_last_seq": bundle.last_seq if bundle else None,
            },
            actor=signer.username,
            at=now,
        )
    return DayCloseResult(close_id, day, window, summary, summary_hash, signature, pending, bundle)
