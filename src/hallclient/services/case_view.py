"""What the case-detail screen shows of one case, read in one session, personal data masked."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from hallclient.domain.case import CaseStatus, Channel, Decision, Forwarding
from hallclient.domain.catalog import MatterType
from hallclient.domain.forwarding import Waiting
from hallclient.domain.masking import mask_id_number, mask_name, mask_phone
from hallclient.errors import HallError
from hallclient.services import cases, forwarding, queries
from hallclient.services.bundles import BundleProgress, bundle_progress
from hallclient.services.catalog import matter_type_of
from hallclient.services.context import Services
from hallclient.store.bootstrap import calendar_in


@dataclass(frozen=True)
class TimelineEntry:
    at: str
    type: str
    actor: str  # the username, as in the event log
    payload: dict[str, Any]
    actor_name: str = ""  # the display name, resolved when loading; the username for unknown actors


@dataclass(frozen=True)
class CaseSnapshot:
    id: str
    case_no: str
    matter_name: str
    status: CaseStatus
    applicant_name: str
    applicant_id: str
    applicant_kind: str
    phone: str
    agent_name: str
    channel: Channel
    channel_details: dict[str, Any]
    green_channel: bool
    received_at: datetime
    promised_date: date | None
    statutory_date: date | None
    notice_deadline: date | None
    supply_deadline: date | None
    deficiency_open: bool
    decision: Decision | None
    matter_type: MatterType | None  # decides the decision words; None for a store imported before types
    provisional: frozenset[str]  # deadline fields counted over a year the calendar lacks (暂定)
    clerk_name: str
    window: str
    refusal_reason: str
    # (name, form, received, copies, pages, deficient, certificate number: "" for paper, else 电子证照共享)
    materials: tuple[tuple[str, str, bool, int, int, bool, str], ...]
    missing: tuple[tuple[str, str], ...]  # (code, name) of the materials not received, for a supplement
    timeline: tuple[TimelineEntry, ...]
    ratings: tuple[tuple[int, bool, str], ...]
    forwarding: Forwarding | None = None  # the 通办 steps done; None for a case that is not forwarded
    waiting: tuple[Waiting, ...] = ()  # the forwarding steps it waits for
    overdue: tuple[Waiting, ...] = ()  # … of them, those not done in time (the alert)
    bundle: BundleProgress | None = None  # the 一件事 it was taken in with, and its sibling cases


def load_snapshot(services: Services, case_id: str) -> CaseSnapshot:
    """The case, its materials, events (with display names) and ratings."""
    with services.store.read() as session:
        row = cases.get_case(session, case_id)
        if row is None:
            raise HallError(f"办件不存在：{case_id}")
        events = cases.case_events(session, case_id)
        ratings = queries.ratings_for_case(session, case_id)
        names = queries.display_names(session, {event.actor for event in events})
        agent = row.agent or {}
        waiting, overdue = forwarding.waiting_of(session, row, services.now().date(), calendar_in(session))
        return CaseSnapshot(
            id=row.id,
            case_no=row.case_no,
            matter_name=row.matter_name,
            status=CaseStatus(row.status),
            applicant_name=row.applicant_name
            if row.applicant_kind == "organisation"
            else mask_name(row.applicant_name),
            applicant_id=row.applicant_id_number
            if row.applicant_kind == "organisation"
            else mask_id_number(row.applicant_id_number),
            applicant_kind=row.applicant_kind,
            phone=row.applicant_phone if row.applicant_kind == "organisation" else mask_phone(row.applicant_phone),
            agent_name=mask_name(str(agent.get("name", ""))) if agent else "",
            channel=Channel(row.channel),
            channel_details=dict(row.channel_details or {}),
            green_channel=row.green_channel,
            received_at=row.received_at,
            promised_date=row.promised_date,
            statutory_date=row.statutory_date,
            notice_deadline=row.notice_deadline,
            supply_deadline=row.supply_deadline,
            deficiency_open=row.deficiency_open,
            decision=Decision(row.decision) if row.decision else None,
            matter_type=matter_type_of(session, row.matter_code),
            provisional=row.provisional_fields,
            clerk_name=row.clerk_name,
            window=row.window,
            refusal_reason=row.refusal_reason,
            materials=tuple(
                (
                    item.name,
                    item.form,
                    item.received,
                    item.copies,
                    item.pages,
                    item.deficient,
                    item.certificate_no or "",
                )
                for item in row.materials
            ),
            missing=tuple((item.material_code, item.name) for item in row.materials if not item.received),
            timeline=tuple(
                TimelineEntry(e.device_time, e.type, e.actor, dict(e.payload), names.get(e.actor, e.actor))
                for e in events
            ),
            ratings=tuple((r.level, r.on_behalf, r.reason) for r in ratings),
            forwarding=cases.forwarding_of(session, row),
            waiting=tuple(waiting),
            overdue=tuple(overdue),
            bundle=bundle_progress(session, row.bundle_id) if row.bundle_id else None,
        )
