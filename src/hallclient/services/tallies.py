"""Tallies of the local store: what a window (or a supervisor at a window PC, offline) sees, and what a
day close signs."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from hallclient.domain.tally import GROUPINGS, NEAR_DUE_WORKDAYS, Period, Tally, build_tally
from hallclient.domain.tally_catalog import catalog_figures
from hallclient.errors import HallError
from hallclient.services.catalog import load_catalog
from hallclient.services.context import Actor, Services
from hallclient.services.tally_facts import load_local_facts
from hallclient.store.bootstrap import load_calendar


def window_scope(actor: Actor | None, services: Services) -> str | None:
    """Clerks see their own window; supervisors and admins the whole store."""
    if actor is None or actor.role in ("supervisor", "admin"):
        return None
    return services.settings.window


def local_tallies(
    services: Services,
    period: Period,
    groupings: Iterable[str] = GROUPINGS,
    *,
    window: str | None = None,
    today: date | None = None,
    durations: bool = True,
) -> dict[str, Tally]:
    """One read of the store, rolled up to each of ``groupings`` (``durations=False``: without handling times)."""
    groupings = list(groupings)
    for grouping in groupings:
        if grouping not in GROUPINGS:
            raise HallError(f"分组只能是 {'、'.join(GROUPINGS)}，实为 {grouping!r}")
    now = services.now()
    today = today or now.date()
    period.check_not_future(today)
    as_of = min(period.end, today)
    calendar = load_calendar(services.store)
    near_due_limit = calendar.add_workdays(as_of, NEAR_DUE_WORKDAYS)
    with services.store.read() as session:
        facts = {grouping: load_local_facts(session, period, as_of, near_due_limit, grouping, window=window,
                                             durations=durations)
                 for grouping in groupings}  # fmt: skip
    ratios = catalog_figures(load_catalog(services.store))
    for found in facts.values():
        found.catalog = ratios
    notes = []
    if period.end > today:
        notes.append(f"期间尚未结束，数据截至 {today.isoformat()}。")
    scope = f"本机数据（{window} 号窗口）" if window is not None else f"本机数据（{services.settings.window} 号窗口机）"
    return {
        grouping: build_tally(
            facts[grouping],
            period=period,
            grouping=grouping,
            as_of=as_of,
            hall_name=services.settings.hall_name,
            scope=scope,
            source="local",
            generated_at=now.replace(tzinfo=None),
            near_due_limit=near_due_limit,
            calendar=calendar,
            notes=notes,
        )
        for grouping in groupings
    }


def local_tally(
    services: Services,
    period: Period,
    grouping: str = "window",
    *,
    window: str | None = None,
    today: date | None = None,
) -> Tally:
    return local_tallies(services, period, [grouping], window=window, today=today)[grouping]
