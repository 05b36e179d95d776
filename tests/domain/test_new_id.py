"""Client-generated ids are RFC 9562 UUIDv7 in creation order (built without the uuid6 package, issue 18)."""

from __future__ import annotations

import time
import uuid

from hallclient.domain.events import new_id


def test_ids_are_uuid7_of_now_and_sort_in_the_order_they_were_made() -> None:
    before_ms = time.time_ns() // 1_000_000
    ids = [new_id() for _ in range(2000)]
    parsed = [uuid.UUID(text) for text in ids]
    assert all(value.version == 7 and value.variant == uuid.RFC_4122 for value in parsed)
    assert ids == sorted(ids) and len(set(ids)) == len(ids)
    first_ms = parsed[0].int >> 80
    assert before_ms <= first_ms <= before_ms + 5000
