"""The download feed: catalog, calendar, users and server-side case updates, by commit-ordered version.

Versions come from the single ``feed_state`` row, incremented inside the publishing transaction: the
row lock is held until commit, so version N+1 can never become visible before N (the outbox-poller
gap problem cannot happen). Only the newest entry per (kind, key) is kept, so the feed stays as small
as the current state and paging from 0 is a full download. Re-applying an entry is idempotent.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from hallclient.domain.events import canonical_json
from hallclient.protocol.credentials import bind
from hallclient.protocol.wire import CaseUpdate, Change, ChangesPage, ServerRating, Snapshot, UserOut
from hallclient.server.clock import utcnow
from hallclient.server.models import FeedChange, FeedState, ServerUser

PAGE_LIMIT = 200
PAGE_BYTES = 2_000_000


def _state(session: Session) -> FeedState:
    state = session.get(FeedState, 1)
    if state is None:  # the migration seeds it; a missing row means a damaged database
        raise RuntimeError("feed_state row missing: run the server migrations")
    return state


def publish(session: Session, kind: str, key: str, data: dict[str, Any], device_id: str | None = None) -> int:
    """Append a change (superseding older entries with the same kind and key); returns its version."""
    session.execute(update(FeedState).where(FeedState.id == 1).values(version=FeedState.version + 1))
    version = session.scalar(select(FeedState.version).where(FeedState.id == 1))
    assert version is not None
    session.execute(delete(FeedChange).where(FeedChange.kind == kind, FeedChange.key == key))
    session.add(
        FeedChange(
            version=version, kind=kind, key=key, device_id=device_id, body=canonical_json(data), created_at=utcnow()
        )
    )
    session.flush()
    return version


OFFLINE_ROLES = frozenset({"clerk", "supervisor"})  # who signs in at a window; administrators never do


def user_data(user: ServerUser) -> dict[str, Any]:
    """The stored feed entry of a user (server side only: it holds the server's hash, see :func:`for_device`)."""
    return UserOut(
        id=user.id,
        username=user.username,
        display_name=user.display_name,
        role=user.role,  # type: ignore[arg-type]
        password_hash=user.password_hash,
        active=user.active,
    ).model_dump()


def for_device(data: dict[str, Any], key: bytes) -> dict[str, Any]:
    """A user entry as one device receives it: a credential bound to that device, or withdrawn."""
    server_hash = str(data["password_hash"])
    if data["role"] in OFFLINE_ROLES and data["active"]:
        return {**data, "password_hash": bind(server_hash, key), "revokes": ""}
    fingerprint = hashlib.sha256(server_hash.encode("utf-8")).hexdigest()
    return {**data, "password_hash": "", "active": False, "revokes": fingerprint}


def _visible(device_id: str) -> Any:
    return or_(FeedChange.device_id.is_(None), FeedChange.device_id == device_id)


def page(
    session: Session, device_id: str, after: int, epoch: str, limit: int = PAGE_LIMIT, *, key: bytes
) -> ChangesPage:
    """Changes after ``after`` visible to ``device_id``, or ``must_refetch`` when the cursor is unusable;
    user entries carry credentials bound to the device ``key`` (:func:`for_device`)."""
    state = _state(session)
    head = state.version
    refetch = ""
    if epoch and epoch != state.epoch:
        refetch = "cursor belongs to another server database"
    elif not epoch and after:
        refetch = "cursor without epoch"
    elif after > head:
        refetch = f"cursor {after} is ahead of the server ({head}); server restored from backup?"
    if refetch:
        return ChangesPage(
            epoch=state.epoch, changes=[], next_after=0, head=head, more=False, must_refetch=True, reason=refetch
        )
    rows = session.scalars(
        select(FeedChange)
        .where(FeedChange.version > after, FeedChange.version <= head, _visible(device_id))
        .order_by(FeedChange.version)
        .limit(limit + 1)
    ).all()
    changes: list[Change] = []
    size = 0
    for row in rows[:limit]:
        if changes and size + len(row.body) > PAGE_BYTES:
            break
        data = json.loads(row.body)
        if row.kind == "user":
            data = for_device(data, key)
        changes.append(Change(version=row.version, kind=row.kind, key=row.key, data=data))  # type: ignore[arg-type]
        size += len(row.body)
    more = len(changes) < len(rows)
    next_after = changes[-1].version if more else head
    return ChangesPage(epoch=state.epoch, changes=changes, next_after=next_after, head=head, more=more)


def snapshot(session: Session, device_id: str, key: bytes) -> Snapshot:
    """The whole current state for a full resync; its version is read first, so anything newer is
    delivered again by the feed afterwards (harmless: applying is idempotent)."""
    state = _state(session)
    version = state.version
    rows = session.scalars(select(FeedChange).where(_visible(device_id)).order_by(FeedChange.version)).all()
    catalog: dict[str, Any] | None = None
    calendar: dict[str, Any] | None = None
    cases: list[CaseUpdate] = []
    queues: list[dict[str, Any]] = []
    partners: dict[str, dict[str, Any]] = {}
    ratings: list[ServerRating] = []
    site: dict[str, Any] | None = None
    for row in rows:
        data = json.loads(row.body)
        if row.kind == "catalog":
            catalog = data
        elif row.kind == "calendar":
            calendar = data
        elif row.kind == "case":
            cases.append(CaseUpdate.model_validate(data))
        elif row.kind == "queue":
            queues.append(data)
        elif row.kind == "partner":
            partners[row.key] = data
        elif row.kind == "rating":
            ratings.append(ServerRating.model_validate(data))
        elif row.kind == "site":
            site = data
    users = [UserOut.model_validate(for_device(user_data(user), key)) for user in session.scalars(select(ServerUser))]
    return Snapshot(
        epoch=state.epoch,
        version=version,
        catalog=catalog,
        calendar=calendar,
        users=users,
        cases=cases,
        queues=queues,
        partners=partners,
        ratings=ratings,
        site=site,
    )
