"""Administration of the queue on the server database (what ``hallclient server queue ...`` does).

Halls and their rules, service categories (published to the windows through the feed, like the
catalog: kind ``queue``, one entry per hall holding all its categories), and the portal's API keys.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import asdict, fields
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hallclient.domain.appointments import Slot, validate_slots
from hallclient.domain.events import new_id
from hallclient.domain.queue import HALL_CODE, Category, QueueError, QueueRules, validate_category
from hallclient.protocol.credentials import digest
from hallclient.server import feed
from hallclient.server.clock import utcnow
from hallclient.server.db import Database
from hallclient.server.queue import category_of, rules_of, slots_of
from hallclient.server.queue_models import PortalKey, QueueCategory, QueueHall
from hallclient.server.security import new_token

FEED_KIND = "queue"


def set_hall(
    db: Database, code: str, name: str, *, utc_offset_min: int | None = None, rules: Mapping[str, Any] | None = None
) -> QueueRules:
    """Create or update a hall; ``rules`` overrides fields of :class:`QueueRules` (unknown names refused)."""
    if not HALL_CODE.match(code):
        raise QueueError(f"大厅代码「{code}」无效：只能用小写字母、数字、- 和 _（最多 32 个）")
    known = {item.name for item in fields(QueueRules)}
    if unknown := sorted(set(rules or {}) - known):
        raise QueueError(f"未知的规则：{'、'.join(unknown)}（可用：{'、'.join(sorted(known))}）")
    if utc_offset_min is not None and not -720 <= utc_offset_min <= 840:
        raise QueueError(f"时区偏移 {utc_offset_min} 分钟无效")
    with db.session() as session:
        hall = session.get(QueueHall, code)
        if hall is None:
            if not name.strip():
                raise QueueError("新大厅需要名称")
            hall = QueueHall(code=code, name=name.strip(), rules="{}", utc_offset_min=480, updated_at=utcnow())
            session.add(hall)
        if name.strip():
            hall.name = name.strip()
        if utc_offset_min is not None:
            hall.utc_offset_min = utc_offset_min
        merged = {**json.loads(hall.rules or "{}"), **(rules or {})}
        result = QueueRules(**merged)
        for item in fields(QueueRules):
            value = getattr(result, item.name)
            if isinstance(value, int) and not isinstance(value, bool) and value < 0:
                raise QueueError(f"规则 {item.name} 不能为负数")
        hall.rules = json.dumps({key: merged[key] for key in sorted(merged)})
        hall.updated_at = utcnow()
        session.flush()
        publish(session, code)  # the windows receive the new rules (e.g. the recall limit) with the categories
        return result


def set_category(db: Database, category: Category, slots: Sequence[Slot] = ()) -> Category:
    """Create or replace a category (validated) and publish its hall's categories to the windows."""
    category = validate_category(category)
    ordered = validate_slots(slots)
    with db.session() as session:
        if session.get(QueueHall, category.hall) is None:
            raise QueueError(f"没有大厅「{category.hall}」，请先用 hallclient server queue hall 创建")
        row = session.get(QueueCategory, category.code)
        if row is not None and row.hall != category.hall:
            raise QueueError(f"业务类别 {category.code} 已属于大厅「{row.hall}」")
        if row is None:
            row = QueueCategory(code=category.code)
            session.add(row)
        row.hall = category.hall
        row.name = category.name.strip()
        row.matters = json.dumps(list(category.matters), ensure_ascii=False)
        row.windows = json.dumps(dict(sorted(category.windows.items())))
        row.slots = json.dumps([{"slot": slot.label, "capacity": slot.capacity} for slot in ordered])
        row.open = category.open
        row.green = category.green
        row.updated_at = utcnow()
        session.flush()
        publish(session, category.hall)
    return category


def set_open(db: Database, code: str, is_open: bool) -> Category:
    with db.session() as session:
        row = session.get(QueueCategory, code.upper())
        if row is None:
            raise QueueError(f"没有业务类别「{code}」")
        row.open = is_open
        row.updated_at = utcnow()
        session.flush()
        publish(session, row.hall)
        return category_of(row)


def list_categories(db: Database) -> list[tuple[Category, tuple[Slot, ...]]]:
    with db.session() as session:
        rows = session.scalars(select(QueueCategory).order_by(QueueCategory.hall, QueueCategory.code)).all()
        return [(category_of(row), slots_of(row)) for row in rows]


def publish(session: Session, hall: str) -> int:
    """The hall's categories and rules as one feed entry (kind ``queue``, key = the hall)."""
    hall_row = session.get(QueueHall, hall)
    assert hall_row is not None
    rows = session.scalars(select(QueueCategory).where(QueueCategory.hall == hall).order_by(QueueCategory.code))
    data = {
        "hall": hall,
        "name": hall_row.name,
        "rules": asdict(rules_of(hall_row)),
        "categories": [
            {**asdict(category_of(row)), "windows": json.loads(row.windows), "slots": json.loads(row.slots)}
            for row in rows
        ],
    }
    return feed.publish(session, FEED_KIND, hall, data)


def add_portal_key(db: Database, hall: str, label: str = "") -> tuple[str, str]:
    """A new API key for the hall's portal (shown once); returns (key id, key)."""
    key = new_token()
    key_id = new_id()
    with db.session() as session:
        if session.get(QueueHall, hall) is None:
            raise QueueError(f"没有大厅「{hall}」")
        session.add(
            PortalKey(
                id=key_id,
                key_hash=digest(key),
                hall=hall,
                label=label.strip(),
                role="portal",
                created_at=utcnow(),
                revoked_at=None,
            )
        )
    return key_id, key


def revoke_portal_key(db: Database, key_id: str) -> None:
    with db.session() as session:
        row = session.get(PortalKey, key_id)
        if row is None:
            raise QueueError(f"没有 API 密钥「{key_id}」")
        if row.revoked_at is None:
            row.revoked_at = utcnow()
