"""The server side of the 帮办代办 log: accepted ``assistance.recorded`` events become rows of ``assistance`` (the
event id is the key, and ingest stores an event once, so a resent batch never counts twice), each with the
uploading device's site; the tallies read their figures from there."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date
from typing import cast

from sqlalchemy import Connection, Table, func, select
from sqlalchemy.orm import Session

from hallclient.domain.assistance import AssistanceError, from_payload
from hallclient.domain.events import EventRecord, EventType
from hallclient.domain.tally_assistance import AssistanceFact
from hallclient.server.db import insert_rows
from hallclient.server.site_models import ServerAssistance

EVENT = EventType.ASSISTANCE_RECORDED.value
ASSISTANCE = cast(Table, ServerAssistance.__table__)


def unfit(event: EventRecord) -> str | None:
    """Why an ``assistance.recorded`` event cannot be counted (ingest quarantines it), or None."""
    if event.type != EVENT:
        return None
    try:
        record = from_payload(event.payload)
    except AssistanceError as error:
        return str(error)
    if len(record.window) > 16:
        return "payload.window：超过 16 个字符"
    return None


def project(connection: Connection, events: Iterable[EventRecord], site: str) -> int:
    rows = []
    for event in events:
        if event.type == EVENT:
            record = from_payload(event.payload)  # checked by unfit() before the event was accepted
            rows.append({"event_id": event.id, "device_id": event.device_id, "site_code": site,
                         "window": record.window, "kind": record.kind, "elderly": record.elderly,
                         "disabled": record.disabled, "on": record.on})  # fmt: skip
    insert_rows(connection, ASSISTANCE, rows)
    return len(rows)


def assistance_facts(session: Session, start: date, end: date, sites: Sequence[str] | None) -> list[AssistanceFact]:
    """Counts of the days ``start``..``end`` by month, site, kind and the two flags (``sites``: only those)."""
    a = ServerAssistance
    keys = (a.on, a.site_code, a.kind, a.elderly, a.disabled)
    query = select(*keys, func.count()).where(a.on >= start, a.on <= end)
    if sites is not None:
        query = query.where(a.site_code.in_(list(sites)))
    counted: Counter[tuple[str, str, str, bool, bool]] = Counter()
    for day, site, kind, elderly, disabled, count in session.execute(query.group_by(*keys)):
        counted[(day.isoformat()[:7], str(site), str(kind), bool(elderly), bool(disabled))] += int(count)
    return [(*key, count) for key, count in counted.items()]
