"""Following the server's change feed: each page and its cursor are applied in one local transaction.

A ``must_refetch`` answer triggers one full resync from ``/v1/snapshot`` (applied with its version
in one transaction). If the server demands a refetch again right after that, the round stops with an
error instead of looping (ElectricSQL's refetch-loop lesson); the next round may try once more.
Server-side case updates change the local ``Case`` row only: they are not local events and are never
uploaded back.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hallclient.catalog import catalog_from_json
from hallclient.config import Settings
from hallclient.domain.workdays import WorkCalendar
from hallclient.protocol.credentials import digest, is_bound
from hallclient.protocol.wire import CaseUpdate, ChangesPage, ServerRating, Snapshot, UserOut
from hallclient.services.calendar import apply_calendar
from hallclient.services.catalog import replace_catalog
from hallclient.services.context import wall_time
from hallclient.services.partners import apply_partner
from hallclient.services.queue_halls import apply_hall
from hallclient.services.sites import keep_site
from hallclient.store.bootstrap import DEVICE_ID_KEY, set_meta
from hallclient.store.db import Store
from hallclient.store.models import Case, Meta, User
from hallclient.sync.transport import SyncClient, SyncError

log = logging.getLogger("hallclient.sync")

EPOCH_KEY = "sync_feed_epoch"
VERSION_KEY = "sync_feed_version"
CONFLICTS_KEY = "sync_case_conflicts"
MAX_PAGES_PER_ROUND = 10_000


@dataclass
class DownloadSummary:
    pages: int = 0
    changes: int = 0
    refetched: bool = False
    version: int = 0
    recomputed: int = 0  # cases whose provisional deadlines a new calendar recounted


def cursor(store: Store) -> tuple[str, int]:
    with store.read() as session:
        epoch = session.get(Meta, EPOCH_KEY)
        version = session.get(Meta, VERSION_KEY)
        return (epoch.value if epoch else "", int(version.value) if version else 0)


def restart_from_scratch(store: Store) -> None:
    """Forget the feed cursor, so the next round downloads everything again (applying is idempotent).

    Needed after a new enrolment: the users' offline credentials are bound to the device token, so the
    ones held for the old token no longer verify until they are downloaded again for the new one.
    """
    with store.write() as session:
        set_meta(session, EPOCH_KEY, "")
        set_meta(session, VERSION_KEY, "0")


def _apply_user(session: Session, data: UserOut, now: datetime) -> None:
    if not data.password_hash:
        _withdraw_user(session, data, now)
        return
    row = session.get(User, data.id) or session.scalar(select(User).where(User.username == data.username))
    if row is None:
        row = User(id=data.id, username=data.username)
        session.add(row)
    # Matched by username with a local id: keep the id (cases refer to it), take everything else.
    row.username = data.username
    row.display_name = data.display_name
    row.role = data.role
    row.password_hash = data.password_hash
    row.active = data.active
    row.updated_at = now


def _withdraw_user(session: Session, data: UserOut, now: datetime) -> None:
    """A user who may not sign in here (an administrator, a disabled user): erase the credential this PC
    holds for them, also under a local account's id (matched by name) when it came from the server: a
    device-bound credential, or the full server hash an older version stored.

    A local account of the same name holding anything else (``hallclient user add``) is left alone.
    """
    row = session.get(User, data.id)
    if row is None:
        row = session.scalar(select(User).where(User.username == data.username))
        from_server = row is not None and (
            is_bound(row.password_hash) or (bool(data.revokes) and digest(row.password_hash) == data.revokes)
        )
        if row is None or not from_server:
            return
    row.password_hash = ""
    row.active = False
    row.updated_at = now


def _apply_case(session: Session, update: CaseUpdate) -> None:
    row = session.scalar(select(Case).where(Case.case_no == update.case_no))
    if row is None:
        log.info("case update for %s: not held by this store", update.case_no)
        return
    status = str(update.state.get("status", ""))
    if row.status == status:
        return
    if row.status != "accepted":
        conflicts = json.loads((session.get(Meta, CONFLICTS_KEY) or Meta(value="[]")).value)
        conflicts.append(
            {"case_no": update.case_no, "local_status": row.status, "server_status": status, "by": update.by}
        )
        set_meta(session, CONFLICTS_KEY, json.dumps(conflicts[-100:], ensure_ascii=False))
        log.warning("case %s: server says %s but it is %s here; kept local state", update.case_no, status, row.status)
        return
    row.status = status
    row.decision = update.state.get("decision")
    if update.completed_at:
        row.completed_at = datetime.fromisoformat(update.completed_at).astimezone().replace(tzinfo=None)
    row.updated_at = datetime.now()


def _keep_rating(session: Session, rating: ServerRating, now: datetime, settings: Settings | None) -> None:
    """A rating given through the server: the case's rating here, its bad-review task opened (services/ratings.py)."""
    from hallclient.services.context import Services
    from hallclient.services.ratings import keep_server_rating

    device = session.get(Meta, DEVICE_ID_KEY)
    assert device is not None, "store not bootstrapped"
    services = Services(store=None, settings=settings or Settings(), device_id=device.value, clock=lambda: now)  # type: ignore[arg-type]
    if not keep_server_rating(session, services, rating):
        log.info("rating of %s: case not held by this store", rating.case_no)


def _apply(
    session: Session, kind: str, key: str, data: dict[str, Any], now: datetime, settings: Settings | None = None
) -> int:
    """Apply one change (``now`` with its offset); returns the cases whose deadlines were recounted."""
    if kind == "catalog":
        replace_catalog(session, catalog_from_json(data, "服务器事项目录"))
    elif kind == "calendar":
        device = session.get(Meta, DEVICE_ID_KEY)
        assert device is not None, "store not bootstrapped"
        applied = apply_calendar(session, WorkCalendar.from_dict(data), device_id=device.value, now=now)
        return len(applied.recomputed)
    elif kind == "user":
        _apply_user(session, UserOut.model_validate(data), wall_time(now))
    elif kind == "case":
        _apply_case(session, CaseUpdate.model_validate(data))
    elif kind == "queue":
        apply_hall(session, key, data)
    elif kind == "partner":
        apply_partner(session, key, data)
    elif kind == "rating":
        _keep_rating(session, ServerRating.model_validate(data), now, settings)
    elif kind == "site":
        keep_site(session, str(data.get("code", "")), str(data.get("name", "")))
    return 0


def apply_page(store: Store, page: ChangesPage, now: datetime, settings: Settings | None = None) -> int:
    with store.write() as session:
        recomputed = sum(
            _apply(session, change.kind, change.key, change.data, now, settings) for change in page.changes
        )
        set_meta(session, EPOCH_KEY, page.epoch)
        set_meta(session, VERSION_KEY, str(page.next_after))
    return recomputed


def apply_snapshot(store: Store, snapshot: Snapshot, now: datetime, settings: Settings | None = None) -> int:
    recomputed = 0
    with store.write() as session:
        if snapshot.catalog is not None:
            _apply(session, "catalog", "", snapshot.catalog, now)
        if snapshot.calendar is not None:
            recomputed += _apply(session, "calendar", "", snapshot.calendar, now)
        for hall in snapshot.queues:
            _apply(session, "queue", str(hall.get("hall", "")), hall, now)
        for key, partner in snapshot.partners.items():
            apply_partner(session, key, partner)
        for user in snapshot.users:
            _apply_user(session, user, wall_time(now))
        for update in snapshot.cases:
            _apply_case(session, update)
        for rating in snapshot.ratings:
            _keep_rating(session, rating, now, settings)
        if snapshot.site is not None:
            _apply(session, "site", "", snapshot.site, now)
        set_meta(session, EPOCH_KEY, snapshot.epoch)
        set_meta(session, VERSION_KEY, str(snapshot.version))
    return recomputed


def download(
    store: Store, client: SyncClient, now: Callable[[], datetime], settings: Settings | None = None
) -> DownloadSummary:
    """Follow the feed to its head; ``settings`` are the window's (the complaint deadline of a bad review
    that arrives through the server)."""
    summary = DownloadSummary()
    epoch, after = cursor(store)
    for _ in range(MAX_PAGES_PER_ROUND):
        page = client.changes(after, epoch)
        if page.must_refetch:
            if summary.refetched:
                raise SyncError(f"服务器在完整重新同步后仍要求重新同步（{page.reason}），已停止以免循环")
            log.warning("full resync: %s", page.reason)
            snapshot = client.snapshot()
            summary.recomputed += apply_snapshot(store, snapshot, now(), settings)
            summary.refetched = True
            epoch, after = snapshot.epoch, snapshot.version
            continue
        summary.recomputed += apply_page(store, page, now(), settings)
        summary.pages += 1
        summary.changes += len(page.changes)
        epoch, after = page.epoch, page.next_after
        if not page.more:
            break
    summary.version = after
    return summary
