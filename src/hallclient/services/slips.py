"""Which slip a case event prints, built from the stored case, queued in the event's own transaction.

"Persist first, then print": the print job is added inside the transaction that records the event, so
a job exists exactly when its event does; the printer worker only sees it after the commit.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from hallclient.config import Settings
from hallclient.devices.printer import slips
from hallclient.devices.printer.slips import SlipKind
from hallclient.domain.case import CHANNEL_LABELS, FORWARDED_CHANNELS, OUTCOME_LABELS, CaseAction, Channel, Outcome
from hallclient.domain.catalog import MaterialForm
from hallclient.domain.events import EventType
from hallclient.domain.guide_links import guide_url
from hallclient.domain.waybill import CARRIER_LABELS, Carrier
from hallclient.errors import HallError
from hallclient.services.catalog import catalog_generation
from hallclient.services.context import Services
from hallclient.store import eventlog
from hallclient.store.models import (
    Case,
    CaseMaterial,
    Department,
    Event,
    ForwardingStep,
    Matter,
    PartnerRegion,
    PrintJob,
)

if TYPE_CHECKING:
    from hallclient.devices.printer.queue import PrintQueue

SLIP_FOR_EVENT: dict[str, SlipKind] = {
    EventType.CASE_ACCEPTED: SlipKind.RECEIPT,
    EventType.CASE_SUPPLEMENTED: SlipKind.RECEIPT,
    EventType.CASE_NOTIFIED_MISSING: SlipKind.NOTICE,
    EventType.CASE_REFUSED: SlipKind.REFUSAL,
    EventType.CASE_ACCEPTED_WITH_DEFICIENCY: SlipKind.DEFICIENCY,
    EventType.CASE_COMPLETED_IMMEDIATELY: SlipKind.COMPLETION,
    EventType.CASE_COMPLETED: SlipKind.COMPLETION,
    EventType.CASE_COLLECTED: SlipKind.COMPLETION,
    EventType.CASE_FORWARD_POSTED: SlipKind.TRANSFER,
}


FORM_LABELS = {
    MaterialForm.ORIGINAL.value: "原件",
    MaterialForm.COPY.value: "复印件",
    MaterialForm.ORIGINAL_AND_COPY.value: "原件及复印件",
    MaterialForm.ELECTRONIC.value: "电子材料",
}


def _issuer(case: Case, settings: Settings) -> slips.Issuer:
    return slips.Issuer(
        hall_name=settings.hall_name, window=case.window, clerk_name=case.clerk_name, hall_phone=settings.hall_phone
    )


def _applicant(case: Case) -> slips.Applicant:
    return slips.Applicant(
        name=case.applicant_name,
        id_number=case.applicant_id_number,
        organisation=case.applicant_kind == "organisation",
        contact_phone=case.applicant_phone,
    )


def _material_line(m: CaseMaterial) -> slips.MaterialLine:
    return slips.MaterialLine(m.name, FORM_LABELS.get(m.form, m.form), m.copies, m.pages, m.certificate_no or "")


@dataclass(frozen=True)
class _SlipMatter:
    """What a slip prints of a case's matter and department beyond the case's own columns."""

    department_name: str
    matter_type: str  # "" (unknown or no such matter) gets neutral wording on the slip
    promised_days: int | None
    requirements: dict[str, str]  # material code -> how it is asked for (原件1份，note)
    required_codes: frozenset[str]


# The slip facts read under one catalog generation (services.catalog.CATALOG_GENERATION_KEY), per (matter,
# department): every intake prints a receipt, and the catalog changes a few times a year.
_slip_matters: tuple[str, dict[tuple[str, str], _SlipMatter]] = ("", {})


def _slip_matter(session: Session, case: Case) -> _SlipMatter:
    """The case's matter and department as slips print them; read once per catalog generation.

    Inactive matters too (an old case keeps its words). Every catalog write (the only writer of departments
    and matters) stores a fresh generation id in its transaction; a store none has stamped is read each time.
    """
    global _slip_matters
    generation = catalog_generation(session)
    key = (case.matter_code, case.department_code)
    if generation is None:
        return _read_slip_matter(session, *key)
    cached_generation, cached = _slip_matters
    if cached_generation != generation:
        cached = {}
        _slip_matters = (generation, cached)
    found = cached.get(key)
    if found is None:
        found = cached[key] = _read_slip_matter(session, *key)
    return found


def _read_slip_matter(session: Session, matter_code: str, department_code: str) -> _SlipMatter:
    department = session.get(Department, department_code)
    matter = session.get(Matter, matter_code)
    requirements: dict[str, str] = {}
    for material in matter.materials if matter else ():
        parts = [f"{FORM_LABELS.get(material.form, material.form)}{material.copies}份"]
        if material.note:
            parts.append(material.note)
        requirements.setdefault(material.code, "，".join(parts))
    return _SlipMatter(
        department_name=department.name if department else department_code,
        matter_type=matter.matter_type if matter else "",
        promised_days=matter.promised_days if matter else None,
        requirements=requirements,
        required_codes=frozenset(m.code for m in matter.materials if m.required) if matter else frozenset(),
    )


def _provisional(case: Case, **slip_fields: str) -> tuple[str, ...]:
    """The slip's date fields (slip field name -> case deadline field) whose case deadline is 暂定."""
    provisional = case.provisional_fields
    return tuple(name for name, case_field in slip_fields.items() if case_field in provisional)


def _posted(session: Session, case: Case) -> ForwardingStep | None:
    """The case's 原件已寄出 step, if any (only 通办 cases are forwarded: no query for the others)."""
    if case.channel not in FORWARDED_CHANNELS:
        return None
    return session.scalar(
        select(ForwardingStep).where(ForwardingStep.case_id == case.id, ForwardingStep.step == CaseAction.FORWARD_POST)
    )


def _waybill(session: Session, case: Case) -> str:
    """The originals' waybill: the posting step's, else what the intake recorded (older cases: free text)."""
    posted = _posted(session, case)
    return str(posted.details["waybill"]) if posted is not None else str(case.channel_details.get("waybill_no", ""))


def _channel_label(case: Case) -> str:
    """The channel as printed; "" for 现场办理 (the default, not printed)."""
    try:
        channel = Channel(case.channel)
    except ValueError:
        return case.channel
    return "" if channel is Channel.ON_SITE else CHANNEL_LABELS[channel]


def _delivery(session: Session, case: Case) -> tuple[str, str]:
    """(领取方式, waybill) of the case's 取件/送达 event; 窗口领取 before it is collected."""
    row = session.scalar(
        select(Event)
        .where(Event.case_id == case.id, Event.type == EventType.CASE_COLLECTED)
        .order_by(Event.seq.desc())
        .limit(1)
    )
    payload = json.loads(row.payload) if row is not None else {}
    if payload.get("method") != "post":
        return "窗口领取", ""
    carrier = CARRIER_LABELS.get(Carrier(payload["carrier"]), "") if payload.get("carrier") else ""
    return f"邮寄送达（{carrier}）" if carrier else "邮寄送达", str(payload.get("recipient", ""))


def _partner_contact(session: Session, case: Case) -> str:
    partner = session.get(PartnerRegion, str(case.channel_details.get("partner_id", "")))
    return "、".join(f"{c['name']} {c['phone']}" for c in partner.contacts) if partner is not None else ""


def build_slip(session: Session, case: Case, kind: SlipKind, settings: Settings) -> slips.SlipData:
    """The slip of ``kind`` for the case as it stands now."""
    received_at = case.received_at
    progress = f"{settings.progress_url}{case.case_no}" if settings.progress_url else ""
    guide = guide_url(settings.guide_base_url, case.matter_code)
    facts = _slip_matter(session, case)
    department_name = facts.department_name
    matter_type = facts.matter_type
    if kind is SlipKind.RECEIPT:
        if case.status not in ("accepted", "suspended", "completed", "collected") or case.outcome == "refuse":
            raise HallError(f"办件 {case.case_no} 未受理，不能打印受理回执")
        agent = case.agent or {}
        return slips.ReceiptData(
            case_no=case.case_no,
            matter_name=case.matter_name,
            department=department_name,
            applicant=_applicant(case),
            materials=tuple(_material_line(m) for m in case.materials if m.received),
            received_at=received_at,
            promised_date=case.promised_date,
            issuer=_issuer(case, settings),
            progress_url=progress,
            agent_name=str(agent.get("name", "")),
            agent_id_number=str(agent.get("id_number", "")),
            promised_days=facts.promised_days,
            matter_type=matter_type,
            provisional_dates=_provisional(case, promised_date="promised_date"),
            channel=_channel_label(case),
            partner_region=str(case.channel_details.get("partner_region", "")),
            waybill_no=_waybill(session, case),
            guide_url=guide,
        )
    if kind is SlipKind.TRANSFER:
        posted = _posted(session, case)
        if posted is None:
            raise HallError(f"办件 {case.case_no} 尚未登记原件寄出，不能打印材料流转单")
        return slips.TransferData(
            case_no=case.case_no,
            matter_name=case.matter_name,
            applicant=_applicant(case),
            channel=_channel_label(case),
            partner_region=str(case.channel_details.get("partner_region", "")),
            # a shared certificate (电子证照共享) has no paper to post
            materials=tuple(_material_line(m) for m in case.materials if m.received and not m.certificate_no),
            carrier=CARRIER_LABELS[Carrier(posted.details["carrier"])],
            waybill_no=str(posted.details["waybill"]),
            sent_on=posted.on_day,
            issuer=_issuer(case, settings),
            partner_contact=_partner_contact(session, case),
        )
    if kind is SlipKind.NOTICE:
        required = facts.required_codes
        # Missing at notice time: never received, or received later by supplement (a reprint after 补正).
        missing = [
            m
            for m in case.materials
            if m.material_code in required and (not m.received or m.supplied_at is not None) and not m.deficient
        ]
        if case.outcome != "notify_missing" or case.notice_deadline is None:
            raise HallError(f"办件 {case.case_no} 没有一次性告知")
        return slips.NoticeData(
            case_no=case.case_no,
            matter_name=case.matter_name,
            department=department_name,
            applicant=_applicant(case),
            received_at=received_at,
            missing=tuple(slips.MissingItem(m.name, facts.requirements.get(m.material_code, "")) for m in missing),
            deadline=case.notice_deadline,
            issuer=_issuer(case, settings),
            progress_url=progress,
            matter_type=matter_type,
            provisional_dates=_provisional(case, deadline="notice_deadline"),
            guide_url=guide,
        )
    if kind is SlipKind.REFUSAL:
        if case.status != "refused":
            raise HallError(f"办件 {case.case_no} 未作不予受理，不能打印不予受理通知书")
        return slips.RefusalData(
            case_no=case.case_no,
            matter_name=case.matter_name,
            applicant=_applicant(case),
            received_at=received_at,
            reason=case.refusal_reason,
            issuer=_issuer(case, settings),
            competent_body=case.competent_body,
            matter_type=matter_type,
        )
    if kind is SlipKind.DEFICIENCY:
        deficient = [m for m in case.materials if m.deficient]
        if not deficient or case.supply_deadline is None or case.promised_date is None:
            raise HallError(f"办件 {case.case_no} 不是容缺受理，不能打印容缺受理通知书")
        return slips.DeficiencyData(
            case_no=case.case_no,
            matter_name=case.matter_name,
            department=department_name,
            applicant=_applicant(case),
            received_at=received_at,
            items=tuple(slips.MissingItem(m.name, facts.requirements.get(m.material_code, "")) for m in deficient),
            methods=(slips.SupplyMethod.WINDOW, slips.SupplyMethod.POST),
            deadline=case.supply_deadline,
            promised_date=case.promised_date,
            issuer=_issuer(case, settings),
            progress_url=progress,
            matter_type=matter_type,
            provisional_dates=_provisional(case, deadline="supply_deadline", promised_date="promised_date"),
        )
    if kind is SlipKind.COMPLETION:
        if case.status not in ("completed", "collected") or case.completed_at is None:
            raise HallError(f"办件 {case.case_no} 尚未办结，不能打印办结通知")
        pickup, waybill = _delivery(session, case)
        return slips.CompletionData(
            pickup=pickup,
            waybill_no=waybill,
            case_no=case.case_no,
            matter_name=case.matter_name,
            applicant=_applicant(case),
            approved=case.decision != "denied",
            completed_at=case.completed_at,
            issuer=_issuer(case, settings),
            collected_at=case.collected_at,
            collector_name=case.applicant_name if case.collected_at else "",
            progress_url=progress,
            matter_type=matter_type,
        )
    raise HallError(f"办件不能打印这种凭证：{kind}")


def build_bundle_receipt(
    session: Session,
    bundle_name: str,
    cases: list[Case],
    materials: tuple[slips.MaterialLine, ...],
    settings: Settings,
) -> slips.BundleReceiptData:
    """The 一件事受理回执 of one bundle intake: its cases (outcome, promised date) and the papers received once."""
    lines = []
    for case in cases:
        department = session.get(Department, case.department_code)
        running = case.status not in ("completed", "collected", "refused")
        lines.append(
            slips.BundleCaseLine(
                case_no=case.case_no,
                matter_name=case.matter_name,
                department=department.name if department else case.department_code,
                outcome=OUTCOME_LABELS[Outcome(case.outcome)],
                promised=case.promised_date.isoformat() if case.promised_date and running else "",
            )
        )
    first = cases[0]
    return slips.BundleReceiptData(
        bundle_name=bundle_name,
        applicant=_applicant(first),
        cases=tuple(lines),
        materials=materials,
        received_at=first.received_at,
        issuer=_issuer(first, settings),
        agent_name=str((first.agent or {}).get("name", "")),
        progress_url=f"{settings.progress_url}{first.case_no}" if settings.progress_url else "",
    )


def queue_for_event(
    session: Session, queue: PrintQueue | None, settings: Settings, case: Case, event_type: str, event_id: str
) -> str | None:
    """Queue the slip this event calls for (inside the event's transaction); None when none applies."""
    kind = SLIP_FOR_EVENT.get(event_type)
    if kind is None or not settings.printer_uri or queue is None:
        return None
    if case.bundle_id is not None and event_type == EventType.CASE_ACCEPTED:
        return None  # taken in with a 一件事: its one receipt lists the case (services.bundles)
    session.flush()
    slip = build_slip(session, case, kind, settings)
    return queue.enqueue(
        session, slip, settings.printer_uri, width=settings.paper_width, case_id=case.id, event_id=event_id
    )


def already_printed(session: Session, case_id: str, kind: SlipKind) -> bool:
    return (
        session.scalar(select(PrintJob.id).where(PrintJob.case_id == case_id, PrintJob.kind == kind.value).limit(1))
        is not None
    )


def log_reprint(session: Session, services: Services, actor: str, case_id: str | None, kind: str, job_id: str) -> None:
    """A reprint (补打) is an auditable act: it goes into the hash chain with the job it queued."""
    case = session.get(Case, case_id) if case_id else None
    eventlog.append(
        session,
        device_id=services.device_id,
        case_id=case_id,
        type=EventType.SLIP_REPRINTED,
        payload={"case_no": case.case_no if case else None, "kind": kind, "job_id": job_id},
        actor=actor,
        at=services.now(),
    )


def reprint_job(services: Services, actor: str, job_id: str, printer_uri: str | None = None) -> str:
    """Queue a stored job's slip again, marked 补打, and log it, in one transaction; returns the new job id."""
    queue = services.print_queue
    if queue is None:
        raise HallError("未配置打印机，不能补打")
    return queue.reprint(
        job_id,
        printer_uri,
        within=lambda session, original, new_id: log_reprint(
            session, services, actor, original.case_id, original.kind, new_id
        ),
    )
