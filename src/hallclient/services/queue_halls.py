"""The hall's queue categories and rules as the server publishes them (feed kind ``queue``, key = hall).

Stored like the sync cursors, one ``meta`` row per hall holding the feed entry as received, so the window
knows its categories offline: the transfer dialog offers them, the calling panel shows the recall limit.
Applying an entry again replaces it (the feed keeps only the newest entry per hall).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, fields
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hallclient.domain.queue import Category, QueueRules
from hallclient.errors import HallError
from hallclient.store.bootstrap import set_meta
from hallclient.store.db import Store
from hallclient.store.models import Meta

KEY_PREFIX = "queue_hall:"


@dataclass(frozen=True)
class HallQueue:
    """One hall's categories (with the windows serving each) and its rules."""

    hall: str
    name: str
    rules: QueueRules
    categories: tuple[Category, ...]

    def windows(self) -> tuple[str, ...]:
        return tuple(sorted({window for category in self.categories for window in category.windows}))

    def transfer_categories(self) -> tuple[Category, ...]:
        """Where a ticket may be transferred by category: the hall's open categories."""
        return tuple(category for category in self.categories if category.open)

    def window_categories(self, window: str) -> tuple[Category, ...]:
        """What a walk-in at ``window`` may be issued for: its open categories, first priority first."""
        served = (category for category in self.categories if category.open and window in category.windows)
        return tuple(sorted(served, key=lambda category: (category.windows[window], category.code)))

    def transfer_windows(self, window: str) -> tuple[str, ...]:
        """Where a ticket may be transferred by window: the hall's other serving windows."""
        return tuple(other for other in self.windows() if other != window)


def parse_hall(data: dict[str, Any]) -> HallQueue:
    """A feed entry as published by ``server.queue_admin.publish``; a malformed one is refused, not guessed."""
    try:
        known = {item.name for item in fields(QueueRules)}
        rules = QueueRules(**{key: value for key, value in dict(data.get("rules", {})).items() if key in known})
        categories = tuple(
            Category(
                code=str(item["code"]),
                name=str(item["name"]),
                hall=str(item.get("hall", data["hall"])),
                matters=tuple(str(matter) for matter in item.get("matters", ())),
                windows={str(window): int(rank) for window, rank in dict(item.get("windows", {})).items()},
                open=bool(item.get("open", True)),
                green=bool(item.get("green", False)),
            )
            for item in data.get("categories", ())
        )
        return HallQueue(hall=str(data["hall"]), name=str(data.get("name", "")), rules=rules, categories=categories)
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise HallError(f"服务器发布的业务类别无法识别：{type(error).__name__}: {error}") from None


def apply_hall(session: Session, key: str, data: dict[str, Any]) -> HallQueue:
    """Store one hall's entry (in the caller's transaction)."""
    hall = parse_hall(data)
    if hall.hall != key:
        raise HallError(f"服务器发布的业务类别归属大厅「{hall.hall}」，与条目「{key}」不符")
    set_meta(session, KEY_PREFIX + key, json.dumps(data, ensure_ascii=False, sort_keys=True))
    return hall


def stored_halls(store: Store) -> list[HallQueue]:
    with store.read() as session:
        rows = session.scalars(select(Meta).where(Meta.key.startswith(KEY_PREFIX)).order_by(Meta.key)).all()
        return [parse_hall(json.loads(row.value)) for row in rows]


def hall_of_window(store: Store, window: str) -> HallQueue | None:
    """The hall whose categories this window serves (None before the first sync, or when none is bound)."""
    return next((hall for hall in stored_halls(store) if window in hall.windows()), None)
