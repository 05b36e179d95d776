"""Opening a store for use: migrate (with backup), then make sure device identity and calendar exist."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from hallclient.domain.events import new_id
from hallclient.domain.workdays import WorkCalendar
from hallclient.errors import HallError
from hallclient.store import migrate
from hallclient.store.db import Store
from hallclient.store.models import CalendarDay, Meta

DEVICE_ID_KEY = "device_id"
CALENDAR_VERSION_KEY = "calendar_version"
CALENDAR_YEARS_KEY = "calendar_years"
CALENDAR_SOURCES_KEY = "calendar_sources"


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
        with store.read() as session:
            sources, missing = _bundled_news(calendar_in(session))
        if sources is None and not missing:
            return store  # ready: no write, so opening never waits for another process's transaction
    with store.write() as session:
        device = session.get(Meta, DEVICE_ID_KEY)
        if device is None:
            device = Meta(key=DEVICE_ID_KEY, value=new_id())
            session.add(device)
        if session.get(Meta, CALENDAR_VERSION_KEY) is None:
            save_calendar(session, WorkCalendar.load_default())
        else:
            _adopt_bundled_years(session, device.value)
    return store


def _bundled_news(stored: WorkCalendar) -> tuple[dict[int, str] | None, frozenset[int]]:
    """What the bundled calendar adds to ``stored``: the sources of identical years saved without one
    (None when there are none to add) and the years the store lacks."""
    bundled = WorkCalendar.load_default()
    sources = dict(stored.sources)
    for year, source in bundled.sources:
        one = frozenset({year})
        same_days = (bundled.only(one).holidays, bundled.only(one).adjusted_workdays) == (
            stored.only(one).holidays,
            stored.only(one).adjusted_workdays,
        )
        if year in stored.years and year not in sources and same_days:
            sources[year] = source
    return (sources if sources != dict(stored.sources) else None), bundled.years - stored.years


def _adopt_bundled_years(session: Session, device: str) -> None:
    """A newer program bundles years the store lacks: add them (settling provisional deadlines) and,
    for stored years identical to the bundled ones, the source they were saved without."""
    from hallclient.services.calendar import apply_calendar

    stored = calendar_in(session)
    sources, missing = _bundled_news(stored)
    if sources is not None:
        save_calendar(session, replace(stored, sources=tuple(sorted(sources.items()))))
    if missing:
        bundled = WorkCalendar.load_default()
        apply_calendar(session, bundled.only(missing), device_id=device, now=datetime.now().astimezone())


def device_id(store: Store) -> str:
    with store.read() as session:
        row = session.get(Meta, DEVICE_ID_KEY)
        assert row is not None, "store not bootstrapped"
        return row.value


def get_meta(store: Store, key: str, default: str = "") -> str:
    with store.read() as session:
        row = session.get(Meta, key)
        return row.value if row else default


def set_meta(session: Session, key: str, value: str) -> None:
    row = session.get(Meta, key)
    if row is None:
        session.add(Meta(key=key, value=value))
    else:
        row.value = value


def save_calendar(session: Session, calendar: WorkCalendar) -> None:
    """Replace the stored calendar with ``calendar`` (one transaction, the caller's).

    Callers that receive a calendar update go through ``services.calendar.apply_calendar``, which also
    recomputes the provisional deadlines the update settles.
    """
    session.query(CalendarDay).delete()
    for day in sorted(calendar.holidays):
        session.add(CalendarDay(day=day, kind="holiday"))
    for day in sorted(calendar.adjusted_workdays):
        session.add(CalendarDay(day=day, kind="adjusted_workday"))
    set_meta(session, CALENDAR_VERSION_KEY, calendar.version or "default")
    set_meta(session, CALENDAR_YEARS_KEY, ",".join(str(year) for year in sorted(calendar.years)))
    sources = {str(year): source for year, source in calendar.sources}
    set_meta(session, CALENDAR_SOURCES_KEY, json.dumps(sources, ensure_ascii=False, sort_keys=True))


def calendar_in(session: Session) -> WorkCalendar:
    """The stored calendar read through the caller's session (no second connection inside a write)."""
    holidays: set[date] = set()
    adjusted: set[date] = set()
    for row in session.scalars(select(CalendarDay)):
        (holidays if row.kind == "holiday" else adjusted).add(row.day)
    years_row = session.get(Meta, CALENDAR_YEARS_KEY)
    version_row = session.get(Meta, CALENDAR_VERSION_KEY)
    sources_row = session.get(Meta, CALENDAR_SOURCES_KEY)
    years = frozenset(int(year) for year in years_row.value.split(",") if year) if years_row else frozenset()
    sources = json.loads(sources_row.value) if sources_row else {}
    return WorkCalendar(
        holidays=frozenset(holidays),
        adjusted_workdays=frozenset(adjusted),
        years=years,
        version=version_row.value if version_row else "",
        sources=tuple(sorted((int(year), str(source)) for year, source in sources.items())),
    )


def load_calendar(store: Store) -> WorkCalendar:
    with store.read() as session:
        return calendar_in(session)
