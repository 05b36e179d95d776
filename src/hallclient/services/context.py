"""Who is acting, where and when: passed to every service call instead of globals."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from hallclient.config import Settings
from hallclient.store.db import Store

if TYPE_CHECKING:  # the printer layouts load only when a printer is configured
    from hallclient.devices.printer.queue import PrintQueue


def wall_time(moment: datetime) -> datetime:
    """Local wall time without offset, as the local (single-timezone) database stores it."""
    return moment.replace(tzinfo=None)


def local_now() -> datetime:
    """Wall-clock time with the local offset; business metadata only (ordering uses sequences)."""
    return datetime.now().astimezone()


@dataclass(frozen=True)
class Actor:
    user_id: str
    username: str
    display_name: str
    role: str  # clerk | supervisor | admin


@dataclass
class Services:
    """The composition of store, settings and clock that every service function receives."""

    store: Store
    settings: Settings
    device_id: str
    clock: Callable[[], datetime] = field(default=local_now)
    print_queue: PrintQueue | None = None  # set when a printer is configured: case events queue their slips

    def now(self) -> datetime:
        return self.clock()
