"""Opening a store for use: migrate (with backup), then make sure device identity and calendar exist."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import select

from hallclient.domain.events import new_id
from hallclient.domain.workdays import WorkCalendar
from hallclient.errors import HallError
from hallclient.store import migrate
from hallclient.store.db import Store
from hallclient.store.models import CalendarDay, Meta

DEVICE_ID_KEY = "device_id"
CALENDAR_VERSION_KEY = "calendar_version"


def open_store(path: Path, *, upgrade: bool = True, read_only: bool = False) -> Store:
    """Migrate the file to the current schema (backing it up first) and return a ready store.

    ``read_only``: a current store opened for reading only, without creating or changing any file (a
    data folder that cannot be written); a store that is not ready for use is refused.
    """
    if read_only:
        migrate.check_current(path)
        store = Store(path, read_only=True)
        if get_meta(store, DEVICE_ID_KEY) == "":
            store.close()
            raise HallError(f"数据库尚未初始化完成，且文件夹不可写，无法补全：{path}")
        return store
    if upgrade:
        migrate.upgrade(path)
    else:
        migrate.check_current(path)
    store = Store(path)
    if get_meta(store, DEVICE_ID_KEY) and get_meta(store, CALENDAR_VERSION_KEY):
        return store  # ready: no write, so opening never waits for another process's transaction
    with store.write() as session:
        if session.get(Meta, DEVICE_ID_KEY) is None:
            session.add(Meta(key=DEVICE_ID_KEY, value=new_id()))
        if session.get(Meta, CALENDAR_VERSION_KEY) is None:
            save_calendar(session, WorkCalendar.load_default())
    return store


def device_id(store: Store) -> str:
    with store.read() as session:
        row = session.get(Meta, DEVICE_ID_KEY)
        assert row is not None, "store not bootstrapped"
        return row.value


def get_meta(store: Store, key: str, default: str = "") -> str:
    with store.read() as session:
        row = session.get(Meta, key)
        return row.value if row else default


def set_meta(session: object, key: str, value: str) -> None:
    from sqlalchemy.orm import Session

    assert isinstance(session, Session)
    row = session.get(Meta, key)
    if row is None:
        session.add(Meta(key=key, value=value))
    else:
        row.value = value


def save_calendar(session: object, calendar: WorkCalendar) -> None:
    """Replace the stored calendar exceptions with ``calendar``'s (one transaction, the caller's)."""
    from sqlalchemy.orm import Session

    assert isinstance(session, Session)
    session.query(CalendarDay).delete()
    for day in sorted(calendar.holidays):
        session.add(CalendarDay(day=day, kind="holiday"))
    for day in sorted(calendar.adjusted_workdays):
        session.add(CalendarDay(day=day, kind="adjusted_workday"))
    set_meta(session, CALENDAR_VERSION_KEY, calendar.version or "default")
    set_meta(session, "calendar_years", ",".join(str(year) for year in sorted(calendar.years)))


def load_calendar(store: Store) -> WorkCalendar:
    with store.read() as session:
        holidays: set[date] = set()
        adjusted: set[date] = set()
        for row in session.scalars(select(CalendarDay)):
            (holidays if row.kind == "holiday" else adjusted).add(row.day)
        years_row = session.get(Meta, "calendar_years")
        version_row = session.get(Meta, CALENDAR_VERSION_KEY)
    years = frozenset(int(year) for year in years_row.value.split(",") if year) if years_row else frozenset()
    return WorkCalendar(
        holidays=frozenset(holidays),
        adjusted_workdays=frozenset(adjusted),
        years=years,
        version=version_row.value if version_row else "",
    )
