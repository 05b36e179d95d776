"""Server time: naive UTC datetimes in the database, ISO 8601 with offset on the wire.

``source`` is the server's one wall clock: every server module reads the time through :func:`utcnow`, so a
test (or a benchmark replaying a day) sets ``source`` and the whole server follows it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime


def system_time() -> datetime:
    return datetime.now(UTC)


source: Callable[[], datetime] = system_time  # an aware datetime


def utcnow() -> datetime:
    return source().astimezone(UTC).replace(tzinfo=None)


def iso_utc(moment: datetime) -> str:
    return moment.replace(tzinfo=UTC).isoformat(timespec="milliseconds")


def parse_aware(text: str) -> datetime | None:
    """A device timestamp as naive UTC, or None when it is not ISO 8601 with an offset."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    if moment.tzinfo is None:
        return None
    return moment.astimezone(UTC).replace(tzinfo=None)
