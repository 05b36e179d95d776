"""Recording 帮办代办 without a case (``domain/assistance.py``): a row of ``assistance_log`` and the event
``assistance.recorded`` in the hash chain, in one transaction; the site is this PC's (from ``meta``, as the server
told it: ``services/sites.py``). The local counts (``assistance_facts``) feed the tally."""

from __future__ import annotations

from collections import Counter
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hallclient.domain.assistance import Assistance
from hallclient.domain.events import EventType
from hallclient.domain.tally_assistance import AssistanceFact
from hallclient.services.context import Actor, Services, wall_time
from hallclient.services.sites import SITE_CODE_KEY
from hallclient.store import eventlog
from hallclient.store.assistance_models import AssistanceLog
from hallclient.store.models import Meta


def record_assistance(
    services: Services, actor: Actor, kind: str, *, elderly: bool = False, disabled: bool = False, note: str = ""
) -> Assistance:
    """Keep one 帮办代办 given now at this window; :class:`AssistanceError` for an unknown kind or a too long note."""
    now = services.now()
    with services.store.write() as session:
        site = session.get(Meta, SITE_CODE_KEY)
        record = Assistance(kind, elderly, disabled, note.strip(), site.value if site else "",
                            services.settings.window, wall_time(now).date())  # fmt: skip
        event = eventlog.append(session, device_id=services.device_id, case_id=None,
                                type=EventType.ASSISTANCE_RECORDED, payload=record.payload(), actor=actor.username,
                                at=now)  # fmt: skip
        session.add(AssistanceLog(id=event.id, recorded_at=wall_time(now), on=record.on, kind=kind, elderly=elderly,
                                  disabled=disabled, note=record.note, site=record.site, window=record.window,
                                  clerk_id=actor.user_id))  # fmt: skip
    return record


def assistance_facts(session: Session, start: date, end: date, window: str | None = None) -> list[AssistanceFact]:
    """This store's counts of the days ``start``..``end`` by month, site, kind and the two flags."""
    a = AssistanceLog
    keys = (a.on, a.site, a.kind, a.elderly, a.disabled)
    query = select(*keys, func.count()).where(a.on >= start, a.on <= end)
    if window is not None:
        query = query.where(a.window == window)
    counted: Counter[tuple[str, str, str, bool, bool]] = Counter()
    for day, site, kind, elderly, disabled, count in session.execute(query.group_by(*keys)):
        counted[(day.isoformat()[:7], str(site), str(kind), bool(elderly), bool(disabled))] += int(count)
    return [(*key, count) for key, count in counted.items()]
