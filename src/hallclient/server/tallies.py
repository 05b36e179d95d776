"""Hall-wide tallies on the server (``GET /v1/tallies``): the same engine (:mod:`hallclient.domain.tally`) and
figures as a window's local view, with facts read from the server's tables (an adapter: the server keeps a
case projection and the raw events, not the client's rating/enquiry/complaint tables).

Case figures come from the rollups kept at ingest (``server/rollups.py``: by site and day, whole months from the
monthly rows), the as-of ones (open, near due, overdue) from the open cases of the ``cases`` projection through a
partial index, handling times (full tally only) from the completed cases of the period. Ratings, enquiries and
complaints are read from the stored events by exact type and device time (index ``ix_events_type_time``): each
complaint event carries the complaint's full state, so the last one wins. Department and matter names come from the
catalog published on the server (``hallclient server catalog import``), as the local engine takes them
from the window's catalog.
"""

from __future__ import annotations

import json
import logging
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Date, Integer, and_, case, cast, func, literal, select, text, true
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Session

from hallclient.domain.case import FORWARD_EVENTS
from hallclient.domain.sites import ROOT_SITE, SiteFigures, site_figures
from hallclient.domain.tally import (
    DIM_INDEX,
    GROUPINGS,
    NEAR_DUE_WORKDAYS,
    Dims,
    Facts,
    Period,
    Tally,
    build_tally,
    integrated_windows,
)
from hallclient.domain.tally_catalog import CatalogFigures, catalog_figures
from hallclient.domain.workdays import WorkCalendar
from hallclient.errors import HallError
from hallclient.server import rollups
from hallclient.server.assistance import assistance_facts
from hallclient.server.bundles_projection import bundle_facts
from hallclient.server.models import FeedChange, ServerCase, ServerUser, StoredEvent
from hallclient.server.rollup_models import OPEN_PREDICATE
from hallclient.server.site_models import ServerSite
from hallclient.server.sites import all_sites, site_codes

log = logging.getLogger("hallclient.server.tallies")
NOT_RUNNING = ("refused", "withdrawn", "suspended")
RATING_EVENT = "rating.given"
ENQUIRY_EVENT = "enquiry.recorded"
# Every event type ``services/complaints.py`` appends; each carries the complaint's whole state.
COMPLAINT_EVENTS = (
    "complaint.opened",
    "complaint.advanced",
    "complaint.appealed",
    "complaint.appeal_decided",
    "complaint.assigned",
)
CASE_MATTER, CASE_CHANNEL = " matter", " channel"  # keys added to a complaint's state: its linked case's


def server_tallies(
    session: Session,
    period: Period,
    groupings: Iterable[str],
    *,
    hall_name: str,
    today: date,
    now: datetime,
    calendar: WorkCalendar | None = None,
    site: str | None = None,
) -> dict[str, Tally]:
    """``site``: that site and every site under it (each case and event counts where its device was then); None:
    every site. Each tally also holds the figures by site (``Tally.sites``) and the 帮办代办 ones."""
    groupings = list(groupings)
    for grouping in groupings:
        if grouping not in GROUPINGS:
            raise HallError(f"分组只能是 {'、'.join(GROUPINGS)}，实为 {grouping!r}")
    period.check_not_future(today)
    as_of = min(period.end, today)
    calendar = calendar or WorkCalendar.load_default()
    near_due_limit = calendar.add_workdays(as_of, NEAR_DUE_WORKDAYS)
    sites = site_codes(session, site) if site else None
    facts = load_server_facts(session, period, as_of, near_due_limit, sites)
    notes = [f"期间尚未结束，数据截至 {today.isoformat()}。"] if period.end > today else []
    by_site = site_rows(session, period, site, facts)
    found = {
        grouping: build_tally(facts, period=period, grouping=grouping, as_of=as_of, hall_name=hall_name,
                              scope=_scope(session, site), source="server", generated_at=now,
                              near_due_limit=near_due_limit, calendar=calendar, notes=notes)
        for grouping in groupings
    }  # fmt: skip
    for tally in found.values():
        tally.sites = by_site
    return found


def _scope(session: Session, site: str | None) -> str:
    if not site:
        return "全大厅（服务器）"
    name = session.scalar(select(ServerSite.name).where(ServerSite.code == site)) or site
    return f"{name}及下级站点（服务器）"


def in_sites(column: Any, sites: Sequence[str] | None) -> Any:
    """The condition that keeps rows of ``sites`` (always true for None: every site)."""
    return true() if sites is None else column.in_(list(sites))


def site_rows(session: Session, period: Period, root: str | None, facts: Facts) -> list[SiteFigures]:
    """The tally by site: each site's own cases received in the period (and completed among them) and 帮办代办,
    rolled up through the tree (``domain/sites.py``); only ``root``'s subtree when given."""
    cases: dict[str, int] = {}
    completed: dict[str, int] = {}
    for (code,), counts in rollups.case_counts(session, period, ["site_code"]).items():
        cases[code], completed[code] = counts[0], counts[1]
    assistance: Counter[str] = Counter()
    for _month, code, _kind, _elderly, _disabled, count in facts.assistance:
        assistance[code] += count
    return site_figures(all_sites(session), cases, completed, assistance, root or ROOT_SITE)


def grouped_tally(
    session: Session, period: Period, grouping: str, *, hall_name: str, today: date, now: datetime,
    calendar: WorkCalendar | None = None, site: str | None = None,
) -> Tally:  # fmt: skip
    """One grouping of :func:`server_tallies` from :func:`load_grouped_facts` (no handling times, no hourly, no
    figures by site)."""
    _grouping_column(grouping)
    period.check_not_future(today)
    as_of = min(period.end, today)
    calendar = calendar or WorkCalendar.load_default()
    near_due_limit = calendar.add_workdays(as_of, NEAR_DUE_WORKDAYS)
    sites = site_codes(session, site) if site else None
    # Several sites: whole months from the region rows (no site, window or clerk in them) when they answer the scope.
    region = rollups.coarse_region(session, site) if sites is None or len(sites) > 1 else None
    facts = load_grouped_facts(session, period, as_of, near_due_limit, grouping, sites, region)
    notes = [f"期间尚未结束，数据截至 {today.isoformat()}。"] if period.end > today else []
    if region is not None and grouping in NO_ONE_WINDOW and rollups.spans(period).months:
        notes.append("多站点汇总按事项、渠道分组时不计一窗受理（整月汇总不含窗口），按部门分组可查看一窗受理率。")
    return build_tally(facts, period=period, grouping=grouping, as_of=as_of, hall_name=hall_name,
                       scope=_scope(session, site), source="server", generated_at=now, near_due_limit=near_due_limit,
                       calendar=calendar, notes=notes)  # fmt: skip


NO_ONE_WINDOW = ("matter", "channel")  # groupings whose region rows cannot tell the cases at integrated windows


def wall_moment(text: Any) -> datetime | None:
    """An ISO timestamp as naive wall time at the device (where the case happened)."""
    if not isinstance(text, str):
        return None
    try:
        return datetime.fromisoformat(text).replace(tzinfo=None)
    except ValueError:
        return None


def _dims(window: Any, clerk: Any, department: Any, matter: Any, channel: Any) -> Dims:
    return (str(window or ""), str(clerk or ""), str(department or ""), str(matter or ""), str(channel or ""))


@dataclass(frozen=True)
class CatalogNames:
    """What the published catalog says: department names, matter names and each matter's department."""

    departments: dict[str, str]
    matters: dict[str, str]
    matter_department: dict[str, str]


def published_catalog(session: Session) -> CatalogNames:
    body = session.scalar(select(FeedChange.body).where(FeedChange.kind == "catalog", FeedChange.key == "catalog"))
    data = json.loads(body) if body else {}
    departments = {str(item["code"]): str(item["name"]) for item in data.get("departments", [])}
    matters = data.get("matters", [])
    return CatalogNames(
        departments=departments,
        matters={str(item["code"]): str(item["name"]) for item in matters},
        matter_department={str(item["code"]): str(item.get("department", "")) for item in matters},
    )


def published_catalog_figures(session: Session) -> CatalogFigures | None:
    """The 事项目录指标 of the published catalog (None when none is published or it no longer reads)."""
    from hallclient.catalog import CatalogError, catalog_from_json

    body = session.scalar(select(FeedChange.body).where(FeedChange.kind == "catalog", FeedChange.key == "catalog"))
    if not body:
        return None
    try:
        return catalog_figures(catalog_from_json(json.loads(body), "published"))
    except CatalogError:
        log.warning("published catalog does not read: no catalog figures in the tally")
        return None


def load_server_facts(
    session: Session, period: Period, as_of: date, near_due_limit: date, sites: Sequence[str] | None = None
) -> Facts:
    facts = Facts()
    counted = rollups.case_counts(session, period, rollups.DIMENSIONS, sites)
    departments: defaultdict[str, set[str]] = defaultdict(set)
    for window, _clerk, department, *_rest in counted:
        departments[window].add(department)
    integrated = integrated_windows({window: len(seen) for window, seen in departments.items()}, {})
    for (window, clerk, department, matter, channel, outcome), (count, completed, assisted, green, late) in sorted(
        counted.items()
    ):
        dims = _dims(window, clerk, department, matter, channel)
        one_window = count if window in integrated else 0
        facts.cases.append((dims, outcome, count, completed, assisted, green, late, one_window))
    facts.hourly = rollups.hour_counts(session, period, sites)
    facts.durations = _durations(session, period, sites)
    facts.deadlines = _deadlines(session, as_of, near_due_limit, sites)
    _add_event_facts(session, period, as_of, facts, sites=sites)
    return facts


def _add_event_facts(
    session: Session, period: Period, as_of: date, facts: Facts, groupings: Iterable[str] = GROUPINGS,
    sites: Sequence[str] | None = None,
) -> None:  # fmt: skip
    """Ratings, enquiries, complaints and 帮办代办 (from the stored events), and the labels ``groupings`` need."""
    catalog = published_catalog(session)
    facts.catalog = published_catalog_figures(session)
    start, end = period.start.isoformat(), (period.end + timedelta(days=1)).isoformat()
    tasks = _complaint_states(session, start, sites)
    facts.ratings = _ratings(session, start, end, tasks, with_case=not set(groupings) <= {"window", "clerk"},
                             sites=sites)  # fmt: skip
    facts.enquiries, facts.enquiry_handovers = _enquiries(session, start, end, catalog.matter_department, sites)
    facts.complaints = _complaints(tasks, period, as_of)
    facts.bundle_cases = bundle_facts(session, period)
    facts.forwarded = _forwarded(session, sites)
    facts.partner_enquiries = _partner_enquiries(session, start, end, sites)
    facts.assistance = assistance_facts(session, period.start, period.end, sites)
    facts.unsynced_events = None
    facts.labels = _labels(session, facts, catalog, set(groupings))


def _labels(session: Session, facts: Facts, catalog: CatalogNames, groupings: set[str]) -> dict[str, dict[str, str]]:
    """Clerk names (users, else the name their cases carry), department and matter names (the catalog, else the
    cases'): only for the keys in ``facts`` that neither users nor the catalog name, since reading every case's
    name for the rest meant two passes over the whole ``cases`` table."""
    s = ServerCase
    labels: dict[str, dict[str, str]] = {}
    if "clerk" in groupings:
        users = {row.id: row.display_name for row in session.scalars(select(ServerUser))}
        names = _case_names(session, s.clerk_id, s.clerk_name, _keys(facts, DIM_INDEX["clerk"]) - set(users))
        labels["clerk"] = {**names, **users}
    if "department" in groupings:
        labels["department"] = catalog.departments
    if "matter" in groupings:
        missing = _keys(facts, DIM_INDEX["matter"]) - set(catalog.matters)
        labels["matter"] = {**_case_names(session, s.matter_code, s.matter_name, missing), **catalog.matters}
    return labels


def _keys(facts: Facts, index: int) -> set[str]:
    """Every value of dimension ``index`` that the facts hold."""
    rows: list[Iterable[tuple[Any, ...]]] = [facts.cases, facts.durations, facts.deadlines, facts.ratings,
                                             facts.enquiries, facts.enquiry_handovers, facts.complaints]  # fmt: skip
    return {row[0][index] for found in rows for row in found if row[0][index]}


def _case_names(session: Session, code: Any, name: Any, wanted: set[str]) -> dict[str, str]:
    """The name the cases carry for each of ``wanted`` (in bounded IN lists: SQLite limits a statement's parameters)."""
    keys, names = sorted(wanted), dict[str, str]()
    for first in range(0, len(keys), 500):
        names.update(session.execute(select(code, name).where(code.in_(keys[first : first + 500])).distinct()).all())
    return names


def load_grouped_facts(
    session: Session, period: Period, as_of: date, near_due_limit: date, grouping: str,
    sites: Sequence[str] | None = None, region: str | None = None,
) -> Facts:  # fmt: skip
    """:func:`load_server_facts` for one grouping, with the cases and deadlines aggregated in SQL (one pass each):
    what a quarter of a large hall needs (the assessment). The rules are the same — a case completed late is
    one completed, in the hall's wall time, after its promised date; a deadline counts while the case runs at
    the end of ``as_of`` — and ``tests/sync/test_server_assessment.py`` holds both loaders to equal figures.
    Handling times and the hourly counts are left out (they need every case; the assessment uses neither).
    ``region`` (:func:`rollups.coarse_region`: its rows hold exactly the cases of ``sites``): whole months are read
    from the region rows; by matter or channel they cannot tell the integrated windows' cases, so 一窗受理 is not
    counted then (the caller says so in a note)."""
    key = _grouping_column(grouping)
    name = key.key
    # Two reads of the rollups, both summed in SQL: the departments each window took (for the integrated windows), then
    # the grouping's figures with the cases at those windows counted alongside — a province's quarter sends back
    # a few thousand rows, not one per window and matter.
    departments: defaultdict[str, set[str]] = defaultdict(set)
    for window, department in rollups.case_counts(session, period, ["window", "department_code"], sites, None, region):
        departments[window].add(department)
    integrated = integrated_windows({window: len(seen) for window, seen in departments.items()}, {})
    group = list(dict.fromkeys([name, "channel", "outcome"]))
    facts = Facts()
    index = DIM_INDEX[grouping]
    if region is not None and grouping in NO_ONE_WINDOW and rollups.spans(period).months:
        counted = rollups.case_counts(session, period, group, sites, None, region)
        counted = {key: [*counts, 0] for key, counts in counted.items()}
    else:
        counted = rollups.case_counts(session, period, group, sites, integrated, region)
    for found, (count, completed, assisted, green, late, one_window) in sorted(counted.items()):
        value, channel, outcome = found[0], found[group.index("channel")], found[-1]
        dims = list(_dims(value if grouping == "window" else "", "", "", "", channel))
        dims[index] = value
        facts.cases.append((cast_dims(dims), outcome, count, completed, assisted, green, late, one_window))
    deadlines: Counter[tuple[str, date]] = Counter()
    for running_value, promised in _running(session, [key], as_of, near_due_limit, sites):
        deadlines[(str(running_value or ""), promised)] += 1
    for (due_value, promised), due_count in deadlines.items():
        due_dims = ["", "", "", "", ""]
        due_dims[index] = due_value
        facts.deadlines.append((cast_dims(due_dims), promised, due_count))
    _add_event_facts(session, period, as_of, facts, [grouping], sites)
    return facts


def cast_dims(values: list[str]) -> Dims:
    return (values[0], values[1], values[2], values[3], values[4])


def _grouping_column(grouping: str) -> Any:
    s = ServerCase
    columns = {"window": s.window, "clerk": s.clerk_id, "department": s.department_code, "matter": s.matter_code,
               "channel": s.channel}  # fmt: skip
    if grouping not in columns:
        raise HallError(f"分组只能是 {'、'.join(GROUPINGS)}，实为 {grouping!r}")
    return columns[grouping]


def _local_date(session: Session, moment: Any) -> Any:
    """The hall's wall-time date of a UTC ``cases`` column (the case's device offset added), in SQL."""
    offset = func.coalesce(ServerCase.received_offset_min, 0)
    if session.get_bind().dialect.name == "sqlite":
        return func.date(moment, func.printf("%+d minutes", offset))
    return cast(moment + func.make_interval(0, 0, 0, 0, 0, offset), Date)


def _durations(session: Session, period: Period, sites: Sequence[str] | None) -> list[tuple[Dims, float]]:
    """Handling times (intake → completion) of the cases received in the period and completed: every value, for
    the exact median and p90 — the one figure of the full tally still read from ``cases`` (the completed cases of
    the period, through ``ix_cases_received_on``); the grouped tally (a quarter, the assessment) needs none."""
    s = ServerCase
    query = select(s.window, s.clerk_id, s.department_code, s.matter_code, s.channel, s.received_at,
                   s.completed_at).where(s.received_on >= period.start, s.received_on <= period.end,
                                         s.completed_at.isnot(None), s.received_at.isnot(None),
                                         in_sites(s.site_code, sites))  # fmt: skip
    found = []
    for row in session.execute(query):
        seconds = max(0.0, (row.completed_at - row.received_at).total_seconds())
        found.append((_dims(row[0], row[1], row[2], row[3], row[4]), seconds))
    return found


def _running(
    session: Session, keys: Sequence[Any], as_of: date, near_due_limit: date, sites: Sequence[str] | None
) -> list[Any]:
    """``keys`` and the promised date of every case running at the end of ``as_of`` (device wall time) and due by
    ``near_due_limit``: the open cases through the partial index ``ix_cases_open_promised`` (its predicate spelt
    the same, so both planners use it), plus those completed after ``as_of`` through ``ix_cases_completed_at`` —
    two index range reads, never the period's cases."""
    s = ServerCase
    cutoff = datetime.combine(as_of + timedelta(days=1), datetime.min.time())
    earliest_utc = cutoff - timedelta(hours=14)  # no offset is further ahead of UTC than +14:00
    common = (s.promised_date.isnot(None), s.promised_date <= near_due_limit, s.received_on <= as_of,
              in_sites(s.site_code, sites))  # fmt: skip
    still_open = select(*keys, s.promised_date).where(text(OPEN_PREDICATE), *common)
    done_later = select(*keys, s.promised_date).where(
        s.completed_at >= earliest_utc, _local_date(session, s.completed_at) > as_of,
        s.status.notin_(NOT_RUNNING), *common,
    )  # fmt: skip
    return [*session.execute(still_open), *session.execute(done_later)]


def _deadlines(
    session: Session, as_of: date, near_due_limit: date, sites: Sequence[str] | None = None
) -> list[tuple[Dims, date, int]]:
    """Cases running at the end of ``as_of`` (device wall time; the server keeps completion in UTC)."""
    s = ServerCase
    keys = (s.window, s.clerk_id, s.department_code, s.matter_code, s.channel)
    counted: Counter[tuple[Dims, date]] = Counter()
    for row in _running(session, keys, as_of, near_due_limit, sites):
        counted[(_dims(row[0], row[1], row[2], row[3], row[4]), row[5])] += 1
    return [(dims, promised, count) for (dims, promised), count in counted.items()]


def _complaint_states(session: Session, since: str, sites: Sequence[str] | None = None) -> dict[str, dict[str, Any]]:
    """The latest state of every complaint with an event from ``since`` on: a complaint received in the
    period, or the task of a rating given in it, was opened then, so nothing earlier is needed."""
    e, s = StoredEvent, ServerCase
    query = (
        select(e.device_id, e.seq, e.payload, s.matter_code, s.channel)
        .select_from(e).outerjoin(s, s.case_id == e.case_id)
        .where(e.type.in_(COMPLAINT_EVENTS), e.device_time >= since, in_sites(e.site_code, sites))
    )  # fmt: skip
    # Sorted here, not in SQL: ORDER BY device_id, seq made SQLite walk the whole events table in that order.
    rows = sorted(session.execute(query), key=lambda row: (row.device_id, row.seq))
    states: dict[str, dict[str, Any]] = {}
    for _device, _seq, payload_text, matter, channel in rows:
        payload = json.loads(payload_text)
        key = payload.get("complaint_id")
        if isinstance(key, str):
            states[key] = {**payload, CASE_MATTER: matter or "", CASE_CHANNEL: channel or ""}
    return states


complaint_states = _complaint_states  # also read by the assessment's drill-down (server/assessment.py)


def _ratings(
    session: Session,
    start: str,
    end: str,
    tasks: dict[str, dict[str, Any]],
    *,
    with_case: bool = True,
    sites: Sequence[str] | None = None,
) -> list[tuple[Dims, int, bool, bool, bool, int]]:
    """Ratings counted in SQL by place and level (one pass, no payload parsed in Python); then each rating with a
    follow-up task moves from the plain count to its task's state (rectified, handled, appeal upheld).
    ``with_case=False`` leaves the case's department, matter and channel empty: a grouping by window or clerk needs
    none, and joining the cases meant reading the whole table on PostgreSQL."""
    e, s = StoredEvent, ServerCase
    docs = (
        select(_document(session).label("doc"), e.case_id.label("case_id"))
        .where(e.type == RATING_EVENT, e.device_time >= start, e.device_time < end, in_sites(e.site_code, sites))
        .cte("rating_docs")
    )
    if session.get_bind().dialect.name == "postgresql":
        docs = docs.prefix_with("MATERIALIZED")  # each payload parsed to jsonb once, not once per field read
    level = _payload_level(session, docs.c.doc)
    window, clerk = _payload_text(session, docs.c.doc, "window"), _payload_text(session, docs.c.doc, "clerk_id")
    unlinked = (literal(""), literal(""), literal(""))
    places = (window, clerk, *((s.department_code, s.matter_code, s.channel) if with_case else unlinked), level)
    rated = docs.outerjoin(s, s.case_id == docs.c.case_id) if with_case else docs
    given = (
        select(*(column.label(f"c{n}") for n, column in enumerate(places)))
        .select_from(rated).where(level.isnot(None)).subquery()
    )  # fmt: skip
    # grouped outside: PostgreSQL would not match a GROUP BY expression whose JSON key is another bound parameter
    keys = list(given.c)
    counted: Counter[tuple[Dims, int, bool, bool, bool]] = Counter()
    for *dims, stars, count in session.execute(select(*keys, func.count()).group_by(*keys)):
        counted[(_dims(*dims), int(stars), False, False, False)] += count
    by_rating = {task["rating_id"]: task for task in tasks.values() if isinstance(task.get("rating_id"), str)}
    rating_id = _payload_text(session, docs.c.doc, "rating_id")
    linked = sorted(by_rating)
    for first in range(0, len(linked), 500):  # bounded IN lists: SQLite limits the parameters of one statement
        chunk = linked[first : first + 500]
        query = select(*places, rating_id).select_from(rated).where(level.isnot(None), rating_id.in_(chunk))
        for *dims, stars, rid in session.execute(query):
            place, task = _dims(*dims), by_rating[rid]
            rectified, handled = bool(task.get("rectified_at")), bool(task.get("closed_at"))
            counted[(place, int(stars), False, False, False)] -= 1
            counted[(place, int(stars), rectified, handled, task.get("appeal_result") == "upheld")] += 1
    return [(dims, level, rectified, handled, excluded, n)
            for (dims, level, rectified, handled, excluded), n in counted.items() if n]  # fmt: skip


def _document(session: Session) -> Any:
    """The events' JSON payload (stored as text): as jsonb on PostgreSQL; SQLite reads the text with json_*()."""
    if session.get_bind().dialect.name == "sqlite":
        return StoredEvent.payload
    return cast(StoredEvent.payload, JSONB)


def _payload_text(session: Session, doc: Any, name: str) -> Any:
    """A top-level field of ``doc`` (:func:`_document`): its text on PostgreSQL, its JSON value on SQLite (as
    ``_dims`` takes it)."""
    if session.get_bind().dialect.name == "sqlite":
        return func.json_extract(doc, f"$.{name}")
    return doc[name].astext


def _payload_level(session: Session, doc: Any) -> Any:
    """The ``level`` of ``doc`` when it is a whole number from 1 to 5, else NULL (such a rating is not counted)."""
    if session.get_bind().dialect.name == "sqlite":
        value = func.json_extract(doc, "$.level")
        whole = func.json_type(doc, "$.level") == "integer"
        return case((and_(whole, value >= 1, value <= 5), value), else_=None)
    text = doc["level"].astext
    whole = and_(func.jsonb_typeof(doc["level"]) == "number", text.op("~")("^[1-5]$"))
    return case((whole, cast(text, Integer)), else_=None)


def _enquiries(
    session: Session, start: str, end: str, matter_department: dict[str, str], sites: Sequence[str] | None = None
) -> tuple[list[tuple[Dims, int]], list[tuple[Dims, int]]]:
    """首问登记 and, among them, those handed over (首问转办: handling ``handed_over``), as the local source counts."""
    e = StoredEvent
    query = select(e.payload).where(e.type == ENQUIRY_EVENT, e.device_time >= start, e.device_time < end,
                                    in_sites(e.site_code, sites))  # fmt: skip
    counted: Counter[Dims] = Counter()
    handed: Counter[Dims] = Counter()
    for (payload_text,) in session.execute(query):
        payload = json.loads(payload_text)
        matter = payload.get("matter_code") or ""
        dims = _dims(payload.get("window"), payload.get("clerk_id"), matter_department.get(matter, ""), matter,
                     payload.get("channel") or "")  # fmt: skip
        counted[dims] += 1
        handed[dims] += payload.get("handling") == "handed_over"
    return list(counted.items()), [(dims, count) for dims, count in handed.items() if count]


FORWARD_STEPS_BY_EVENT = {event.value: action.value for action, event in FORWARD_EVENTS.items()}


def _forwarded(session: Session, sites: Sequence[str] | None = None) -> list[tuple[str, dict[str, date], bool]]:
    """Every case with a forwarding event (``case.forward_*``): its partner, each step's day, collected."""
    e, s = StoredEvent, ServerCase
    query = (
        select(e.case_id, e.type, e.payload, s.intake, s.status)
        .join(s, s.case_id == e.case_id)
        .where(e.type.in_(sorted(FORWARD_STEPS_BY_EVENT)), in_sites(s.site_code, sites))
    )
    cases: dict[str, tuple[str, dict[str, date], bool]] = {}
    for case_id, event_type, payload_text, intake_text, status in session.execute(query):
        day = _day(json.loads(payload_text).get("on"))
        if day is None or case_id is None:
            continue
        if case_id not in cases:
            details = json.loads(intake_text or "{}").get("channel_details") or {}
            cases[case_id] = (str(details.get("partner_region", "")), {}, status == "collected")
        cases[case_id][1][FORWARD_STEPS_BY_EVENT[event_type]] = day
    return list(cases.values())


def _day(value: Any) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _partner_enquiries(
    session: Session, start: str, end: str, sites: Sequence[str] | None = None
) -> list[tuple[str, str, int]]:
    e = StoredEvent
    query = select(e.payload).where(e.type == ENQUIRY_EVENT, e.device_time >= start, e.device_time < end,
                                    in_sites(e.site_code, sites))  # fmt: skip
    counted: Counter[tuple[str, str]] = Counter()
    for (payload_text,) in session.execute(query):
        payload = json.loads(payload_text)
        if payload.get("channel"):
            counted[(str(payload.get("partner_region") or ""), str(payload["channel"]))] += 1
    return [(partner, channel, count) for (partner, channel), count in counted.items()]


def _complaints(
    tasks: dict[str, dict[str, Any]], period: Period, as_of: date
) -> list[tuple[Dims, str, bool, bool, bool, bool, int]]:
    found = []
    cutoff = datetime.combine(as_of + timedelta(days=1), datetime.min.time())
    by_source: defaultdict[str, int] = defaultdict(int)
    for task in tasks.values():
        received = wall_moment(task.get("received_at"))
        if task.get("kind") != "complaint" or received is None or not period.start <= received.date() <= period.end:
            continue
        closed_at, rectified_at = wall_moment(task.get("closed_at")), wall_moment(task.get("rectified_at"))
        due = date.fromisoformat(str(task.get("due_date")))
        closed = closed_at is not None and closed_at < cutoff
        rectified = rectified_at is not None and rectified_at < cutoff
        overdue = closed_at.date() > due if closed and closed_at else as_of > due
        dims = _dims(task.get("window"), task.get("clerk_id"), task.get("department_code"), task.get(CASE_MATTER),
                     task.get(CASE_CHANNEL))  # fmt: skip
        source = str(task.get("source"))
        by_source[source] += 1
        found.append((dims, source, closed, rectified, overdue, task.get("appeal_result") == "upheld", 1))
    return found
