"""Intake and the life of a case: every command is one transaction of state + event.

The intake event carries a full snapshot of the case and every case event carries the resulting
state, so the server (and an audit) can rebuild the case from the log alone.
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import Table, insert, select
from sqlalchemy.orm import Session, object_session, selectinload

from hallclient.domain import case as lifecycle
from hallclient.domain.case import (
    FORWARDED_CHANNELS,
    CaseAction,
    CaseState,
    CaseStatus,
    Channel,
    Decision,
    Forwarding,
    Outcome,
    Transition,
)
from hallclient.domain.caseno import CaseNumberTemplate
from hallclient.domain.catalog import Material, Matter
from hallclient.domain.certificates import Certificate, SharedCertificate, shared
from hallclient.domain.events import EventRecord, EventType, new_id
from hallclient.domain.idnumber import green_channel_suggested, parse_id_number
from hallclient.domain.notices import NoticeKind
from hallclient.domain.uscc import parse_uscc
from hallclient.domain.waybill import CARRIER_LABELS, Carrier
from hallclient.domain.workdays import WorkCalendar
from hallclient.errors import HallError
from hallclient.protocol.casestate import state_payload
from hallclient.services import certificates, notices, queue_links
from hallclient.services.catalog import get_matter
from hallclient.services.context import Actor, Services, wall_time
from hallclient.services.partners import chosen_partner
from hallclient.services.queue_links import TicketRef
from hallclient.services.slips import queue_for_event
from hallclient.store import eventlog
from hallclient.store.counters import next_case_seq
from hallclient.store.models import Case, CaseMaterial, Event, ForwardingStep

CASES = cast(Table, Case.__table__)
CASE_MATERIALS = cast(Table, CaseMaterial.__table__)
ID_TYPES = ("id_card", "foreign_permanent", "hmt", "passport", "uscc", "other")


@dataclass(frozen=True)
class Applicant:
    """A natural person or an organisation, as recorded at intake."""

    kind: str = "person"  # person | organisation
    name: str = ""
    id_type: str = "id_card"
    id_number: str = ""
    phone: str = ""
    address: str = ""
    representative_name: str = ""  # organisation: 法定代表人/经办人
    representative_id_number: str = ""
    card: dict[str, Any] | None = None  # fields read from the ID card
    card_raw: bytes | None = None  # the card's raw text block (and photo), kept as read
    sms_opt_out: bool = False  # 不接收短信: ticked at intake, no notice is sent for the case

    def snapshot(self) -> dict[str, Any]:
        data = asdict(self)
        data["card_raw"] = base64.b64encode(self.card_raw).decode("ascii") if self.card_raw else None
        return data


@dataclass(frozen=True)
class ReceivedMaterial:
    code: str
    received: bool
    copies: int = 0
    pages: int = 0
    deficient: bool = False  # 容缺: accepted missing, to be supplied later
    # 电子证照共享: the certificate (as the lookup answered it) standing in for the paper, and that lookup's id;
    # the whole certificate, not only what the case keeps, so the service checks holder and validity again
    certificate: Certificate | None = None
    lookup_id: str = ""


@dataclass(frozen=True)
class IntakeRequest:
    matter_code: str
    applicant: Applicant
    outcome: Outcome
    materials: tuple[ReceivedMaterial, ...]
    agent: Applicant | None = None
    channel: Channel = Channel.ON_SITE
    channel_details: dict[str, Any] = field(default_factory=dict)
    green_channel: bool = False
    refusal_reason: str = ""
    competent_body: str = ""
    supply_deadline: date | None = None
    note: str = ""


@dataclass(frozen=True)
class BundleRef:
    """The 一件事 a case was taken in with: ``id`` is shared by the cases of one bundle intake."""

    id: str
    code: str
    name: str

    def snapshot(self) -> dict[str, str]:
        return {"id": self.id, "code": self.code, "name": self.name}


@dataclass(frozen=True)
class CaseResult:
    case_id: str
    case_no: str
    state: CaseState
    event: EventRecord
    print_job_id: str | None = None  # the slip queued in the same transaction, if a printer is configured


class FieldError(HallError):
    """Bad input tied to one form field, so the UI can show it next to that field."""

    def __init__(self, field_name: str, message: str) -> None:
        super().__init__(message)
        self.field = field_name


def normalise_person(prefix: str, person: Applicant, today: date) -> Applicant:
    """Validate a person or organisation and return it with its number in canonical form."""
    if not person.name.strip():
        raise FieldError(f"{prefix}.name", "姓名/名称不能为空")
    try:
        if person.kind == "organisation":
            number = parse_uscc(person.id_number)
        elif person.id_type == "id_card":
            number = parse_id_number(person.id_number, today=today).number
        else:
            number = person.id_number.strip().upper()
            if not number:
                raise HallError("证件号码不能为空")
    except HallError as error:
        raise FieldError(f"{prefix}.id_number", str(error)) from error
    return replace(person, name=person.name.strip(), id_number=number, phone=person.phone.strip())


def validate_request(request: IntakeRequest, matter: Matter, today: date) -> IntakeRequest:
    """The request with applicant and agent normalised, or a :class:`FieldError` for the first bad field."""
    errors = field_errors(request, matter, today)
    if errors:
        raise errors[0]
    return replace(
        request,
        applicant=normalise_person("applicant", request.applicant, today),
        agent=normalise_person("agent", request.agent, today) if request.agent is not None else None,
    )


def field_errors(request: IntakeRequest, matter: Matter, today: date) -> list[FieldError]:
    """Every bad field of the request at once (the form shows them all, not one per attempt)."""
    errors: list[FieldError] = []
    people = [("applicant", request.applicant)] + ([("agent", request.agent)] if request.agent is not None else [])
    for prefix, person in people:
        if not person.name.strip():
            errors.append(FieldError(f"{prefix}.name", "姓名/名称不能为空"))
        try:  # the number is checked too when the name is missing
            normalise_person(prefix, replace(person, name=person.name.strip() or "—"), today)
        except FieldError as error:
            errors.append(error)
    details = request.channel_details
    if request.channel is Channel.CROSS_PROVINCE and not str(details.get("partner_region", "")).strip():
        errors.append(FieldError("channel.partner_region", "跨省通办须选择协议地区"))
    known = {item.code: item for item in matter.materials}
    for item in request.materials:
        if item.code not in known:
            errors.append(FieldError("materials", f"材料 {item.code} 不属于事项“{matter.name}”"))
        elif item.copies < 0 or item.pages < 0:
            errors.append(FieldError("materials", "份数和页数不能为负"))
        elif item.received and item.copies == 0 and item.certificate is None:  # a receipt line of 0 copies
            errors.append(FieldError("materials", f"材料“{known[item.code].name}”已勾选收到，份数不能为 0"))
    shared = [(i.code, i.certificate, i.lookup_id, i.received, i.deficient) for i in request.materials]
    person = request.applicant
    holder = certificates.holder_number(person.kind, person.id_type, person.id_number, today) or person.id_number
    errors.extend(
        FieldError("materials", message) for message in certificates.shared_errors(matter, shared, holder, today)
    )
    return errors


def missing_and_deficient(request: IntakeRequest, matter: Matter) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Required materials not received, split into those deficient (容缺) and the rest."""
    by_code = {item.code: item for item in request.materials}
    missing: list[str] = []
    deficient: list[str] = []
    for material in matter.materials:
        got = by_code.get(material.code)
        if not material.required or (got is not None and got.received):
            continue
        if got is not None and got.deficient:
            deficient.append(material.code)
        else:
            missing.append(material.code)
    return tuple(missing), tuple(deficient)


def next_case_number(session: Session, services: Services, day: date) -> str:
    settings = services.settings
    scope = settings.device_code or services.device_id
    seq = next_case_seq(session, day, scope)
    window = int(settings.window) if settings.window.isdigit() else None
    return CaseNumberTemplate(settings.case_number_pattern).render(
        hall=settings.hall_code, day=day, window=window, device=settings.device_code, seq=seq
    )


def state_of(row: Case) -> CaseState:
    return CaseState(
        status=CaseStatus(row.status),
        outcome=Outcome(row.outcome),
        received_on=row.received_at.date(),
        clock_start=row.clock_start,
        promised_date=row.promised_date,
        statutory_date=row.statutory_date,
        notice_deadline=row.notice_deadline,
        supply_deadline=row.supply_deadline,
        deficiency_open=row.deficiency_open,
        suspended_on=row.suspended_on,
        decision=Decision(row.decision) if row.decision else None,
        extended_days=row.extended_days,
        provisional=row.provisional_fields,
    )


def state_columns(state: CaseState) -> dict[str, Any]:
    """The case columns that hold ``state``."""
    return {
        "status": state.status.value,
        "outcome": state.outcome.value,
        "clock_start": state.clock_start,
        "promised_date": state.promised_date,
        "statutory_date": state.statutory_date,
        "notice_deadline": state.notice_deadline,
        "supply_deadline": state.supply_deadline,
        "deficiency_open": state.deficiency_open,
        "suspended_on": state.suspended_on,
        "decision": state.decision.value if state.decision else None,
        "extended_days": state.extended_days,
        "deadlines_provisional": ",".join(sorted(state.provisional)),
    }


def store_state(row: Case, state: CaseState) -> None:
    for name, value in state_columns(state).items():
        setattr(row, name, value)


def record_intake(
    services: Services,
    actor: Actor,
    request: IntakeRequest,
    calendar: WorkCalendar,
    *,
    ticket: TicketRef | None = None,
) -> CaseResult:
    """Record an application and its intake outcome; the returned event is what slips print for.

    ``ticket``: the queue ticket of the citizen served; the case's link to it is kept with the case, to be
    sent to the queue server (:mod:`hallclient.services.queue_links`).
    """
    now = services.now()
    with services.store.write() as session:
        matter = get_matter(session, request.matter_code)
        if matter is None:
            raise FieldError("matter", f"事项不存在或已停用：{request.matter_code}")
        result = _record_case(session, services, actor, request, matter, calendar, now)
        if ticket is not None:
            queue_links.remember(session, ticket, result.case_no, now)
        return result


def _record_case(
    session: Session,
    services: Services,
    actor: Actor,
    request: IntakeRequest,
    matter: Matter,
    calendar: WorkCalendar,
    now: datetime,
    *,
    bundle: BundleRef | None = None,
) -> CaseResult:
    """Record one case of ``matter`` in the caller's open transaction: the one way a case is recorded, for a
    single intake and for each matter of a 一件事 (``bundle``: the bundle the case belongs to)."""
    today = now.date()
    request = validate_request(request, matter, today)
    request = _with_partner(session, request, services.settings.hall_code)
    missing, deficient = missing_and_deficient(request, matter)
    transition = lifecycle.intake(
        request.outcome,
        matter,
        today,
        calendar,
        missing=missing if request.outcome is not Outcome.REFUSE else (),
        deficient=deficient if request.outcome is Outcome.ACCEPT_WITH_DEFICIENCY else (),
        refusal_reason=request.refusal_reason,
        competent_body=request.competent_body,
        supply_deadline=request.supply_deadline,
    )
    if (
        request.outcome is not Outcome.ACCEPT_WITH_DEFICIENCY
        and deficient
        and request.outcome
        in (
            Outcome.ACCEPT,
            Outcome.COMPLETE_IMMEDIATELY,
        )
    ):
        raise HallError("有材料标为容缺：请选择“容缺受理”")
    case_id = new_id()
    case_no = next_case_number(session, services, today)
    applicant = request.applicant
    green = request.green_channel
    case_columns: dict[str, Any] = {
        "id": case_id,
        "case_no": case_no,
        "matter_code": matter.code,
        "matter_name": matter.name,
        "department_code": matter.department_code,
        "applicant_kind": applicant.kind,
        "applicant_name": applicant.name.strip(),
        "applicant_id_type": applicant.id_type if applicant.kind == "person" else "uscc",
        "applicant_id_number": applicant.id_number.strip().upper(),
        "applicant_phone": applicant.phone.strip(),
        "applicant": applicant.snapshot(),
        "applicant_card_raw": applicant.card_raw,
        "agent": request.agent.snapshot() if request.agent else None,
        "agent_card_raw": request.agent.card_raw if request.agent else None,
        "channel": request.channel.value,
        "channel_details": dict(request.channel_details),
        "green_channel": green,
        "assisted": request.agent is not None,
        "received_at": wall_time(now),
        "refusal_reason": request.refusal_reason.strip(),
        "competent_body": request.competent_body.strip(),
        "window": services.settings.window,
        "clerk_id": actor.user_id,
        "clerk_name": actor.display_name,
        "device_id": services.device_id,
        "updated_at": wall_time(now),
        "completed_at": wall_time(now) if transition.state.status is CaseStatus.COMPLETED else None,
        "bundle_id": bundle.id if bundle is not None else None,
        "bundle_code": bundle.code if bundle is not None else None,
        **state_columns(transition.state),
    }
    received = {item.code: item for item in request.materials}
    material_columns: list[dict[str, Any]] = []
    for position, material in enumerate(matter.materials):
        got = received.get(material.code)
        certificate = got.certificate if got is not None else None
        material_columns.append(
            {
                "case_id": case_id,
                "material_code": material.code,
                "name": material.name,
                "form": material.form.value,
                "received": bool(got and got.received),
                "copies": got.copies if got else 0,
                "pages": got.pages if got else 0,
                "deficient": material.code in deficient and request.outcome is Outcome.ACCEPT_WITH_DEFICIENCY,
                "position": position,
                **_certificate_columns(shared(certificate) if certificate else None, got.lookup_id if got else ""),
            }
        )
    row = _insert_case(session, case_columns, material_columns)
    snapshot = {
        "case_no": case_no,
        "matter_code": matter.code,
        "matter_name": matter.name,
        "department_code": matter.department_code,
        "applicant": applicant.snapshot(),
        "agent": request.agent.snapshot() if request.agent else None,
        "channel": request.channel.value,
        "channel_details": dict(request.channel_details),
        "green_channel": green,
        "assisted": request.agent is not None,
        "window": services.settings.window,
        "clerk_id": actor.user_id,
        "clerk_name": actor.display_name,
        "received_at": now.isoformat(timespec="seconds"),
        "materials": [
            {
                "code": item.material_code,
                "name": item.name,
                "form": item.form,
                "received": item.received,
                "copies": item.copies,
                "pages": item.pages,
                lifecycle.DEFICIENT_PAYLOAD_KEY: item.deficient,
                "certificate": certificate_payload(item),
            }
            for item in row.materials
        ],
        "missing": list(missing) if request.outcome is Outcome.NOTIFY_MISSING else [],
        "note": request.note,
        "bundle": bundle.snapshot() if bundle is not None else None,
    }
    return record_case_event(session, services, actor, row, transition, {"intake": snapshot}, now)


def _insert_case(session: Session, case_columns: dict[str, Any], material_columns: list[dict[str, Any]]) -> Case:
    """Insert the case and its checklist rows with two prepared statements in the caller's transaction (the
    ORM's unit of work inserted the materials one by one) and return the case as an unsaved row, for the event,
    notices and slip that follow: reading the case back later loads the stored row."""
    session.execute(insert(CASES), case_columns)
    if material_columns:
        session.execute(insert(CASE_MATERIALS), material_columns)
    row = Case(**case_columns)
    row.materials = [CaseMaterial(**columns) for columns in material_columns]
    return row


def _certificate_columns(certificate: SharedCertificate | None, lookup_id: str) -> dict[str, Any]:
    """The certificate columns of a case material, all None for paper (every row has the same columns)."""
    if certificate is None:
        return dict.fromkeys(
            ("certificate_kind", "certificate_no", "certificate_issuer", "certificate_valid_to", "lookup_id")
        )
    return {
        "certificate_kind": certificate.kind,
        "certificate_no": certificate.number,
        "certificate_issuer": certificate.issuer,
        "certificate_valid_to": certificate.valid_to,
        "lookup_id": lookup_id,
    }


def shared_certificate(item: CaseMaterial) -> SharedCertificate | None:
    """The certificate a case material was received as (电子证照共享), None for paper."""
    if not item.certificate_no:
        return None
    return SharedCertificate(
        item.certificate_kind or "", item.certificate_no, item.certificate_issuer or "", item.certificate_valid_to
    )


def certificate_payload(item: CaseMaterial) -> dict[str, Any] | None:
    """The ``certificate`` of a material item in the intake snapshot (the contract's shape), None for paper."""
    certificate = shared_certificate(item)
    if certificate is None:
        return None
    return {
        "kind": certificate.kind,
        "number": certificate.number,
        "issuer": certificate.issuer,
        "valid_to": certificate.valid_to.isoformat() if certificate.valid_to else None,
        "lookup_id": item.lookup_id or "",
    }


def _with_partner(session: Session, request: IntakeRequest, hall_code: str) -> IntakeRequest:
    """The request with its partner region checked against the published list (and its id recorded); a 全省通办
    case may leave the partner open. The originals' waybill is recorded when they are posted (``forwarding``)."""
    details = dict(request.channel_details)
    name = str(details.get("partner_region", "")).strip()
    if request.channel in FORWARDED_CHANNELS and name:
        try:
            partner = chosen_partner(session, name, request.matter_code, request.channel, hall_code)
        except HallError as error:
            raise FieldError("channel.partner_region", str(error)) from None
        details.update(partner_region=partner.name, partner_id=partner.id)
    return replace(request, channel_details=details)


def forwarding_of(session: Session, row: Case) -> Forwarding | None:
    """The forwarding steps done of a 全省通办/跨省通办 case; None for any other case."""
    if row.channel not in FORWARDED_CHANNELS:
        return None
    steps = session.scalars(select(ForwardingStep).where(ForwardingStep.case_id == row.id))
    return Forwarding({CaseAction(step.step): step.on_day for step in steps})


def append_transition(
    session: Session, device_id: str, actor: str, row: Case, transition: Transition, head: dict[str, Any], now: datetime
) -> EventRecord:
    """Append the transition's event, carrying the resulting state, in the caller's transaction."""
    payload = {**head, **transition.payload, "state": state_payload(transition.state)}
    return eventlog.append(
        session, device_id=device_id, case_id=row.id, type=transition.event_type, payload=payload, actor=actor, at=now
    )


def record_case_event(
    session: Session,
    services: Services,
    actor: Actor,
    row: Case,
    transition: Transition,
    head: dict[str, Any],
    now: datetime,
) -> CaseResult:
    """Append the transition's event (with the resulting state) and queue its slip, in the caller's transaction."""
    event = append_transition(session, services.device_id, actor.username, row, transition, head, now)
    notices.notices_for_event(
        session,
        device_id=services.device_id,
        actor=actor.username,
        row=row,
        event=event,
        hall_phone=services.settings.hall_phone,
        reminder_days=services.settings.sms_reminder_days,
    )
    job = queue_for_event(session, services.print_queue, services.settings, row, event.type, event.id)
    return CaseResult(row.id, row.case_no, transition.state, event, job)


def _transition(
    services: Services,
    actor: Actor,
    case_id: str,
    command: Callable[[CaseState, Matter, date], Transition] | None,
    on_row: Callable[[Case, Transition, datetime], None] | None = None,
    *,
    row_command: Callable[[Case, CaseState, Matter, date], Transition] | None = None,
    after: Callable[[Session, Case, CaseResult, datetime], None] | None = None,
) -> CaseResult:
    """One command on one case in one transaction: ``command`` decides from the state, ``row_command`` (for
    the few that need it) also sees the stored row, e.g. which materials are still outstanding."""
    now = services.now()
    with services.store.write() as session:
        row = session.get(Case, case_id)
        if row is None:
            raise HallError(f"办件不存在：{case_id}")
        matter = get_matter(session, row.matter_code)
        if matter is None:
            raise HallError(f"事项已停用：{row.matter_code}")
        if row_command is not None:
            transition = row_command(row, state_of(row), matter, now.date())
        else:
            assert command is not None
            transition = command(state_of(row), matter, now.date())
        store_state(row, transition.state)
        row.updated_at = wall_time(now)
        if on_row is not None:
            on_row(row, transition, now)
        result = record_case_event(session, services, actor, row, transition, {"case_no": row.case_no}, now)
        if after is not None:
            after(session, row, result, now)
        return result


def _catalog_items(row: Case) -> dict[str, Material]:
    """The case's matter checklist by material code, read in the row's own transaction."""
    session = object_session(row)
    matter = get_matter(session, row.matter_code) if session is not None else None
    return {item.code: item for item in matter.materials} if matter is not None else {}


def _mark_supplied(row: Case, now: datetime, wanted: Callable[[CaseMaterial], bool]) -> None:
    """Record the ``wanted`` materials as supplied now, in the copies the catalog requires (what the notice
    asked for), so no receipt lists a material as received in 0 copies."""
    standard = _catalog_items(row)
    for item in row.materials:
        if not item.received and wanted(item):
            item.received = True
            item.supplied_at = wall_time(now)
            catalog_item = standard.get(item.material_code)
            if not item.copies and catalog_item is not None:  # unknown: stays 0, printed as 份数未登记
                item.copies = catalog_item.copies


def supplement(
    services: Services,
    actor: Actor,
    case_id: str,
    calendar: WorkCalendar,
    received: Sequence[str] | None = None,
) -> CaseResult:
    """补正材料已收: the materials that arrived are recorded as received; the case is accepted when every
    required material (not 容缺) is in, else it keeps waiting for the rest (a partial supplement, its own
    event). ``received`` are the material codes the clerk ticked; None means the required ones (the CLI's
    meaning). Optional materials the applicant did not bring stay not received."""

    chosen = sorted(set(received)) if received is not None else None

    def command(row: Case, state: CaseState, matter: Matter, day: date) -> Transition:
        if chosen is None:
            return lifecycle.supplement(state, matter, day, calendar)
        required = {item.code for item in matter.materials if item.required}
        outstanding = [item.material_code for item in row.materials if not item.received and not item.deficient]
        still = [code for code in outstanding if code in required and code not in chosen]
        if still:
            return lifecycle.receive_materials(state, day, chosen, still)
        transition = lifecycle.supplement(state, matter, day, calendar)
        return replace(transition, payload={**transition.payload, "received": chosen})

    def mark_received(row: Case, _t: Transition, now: datetime) -> None:
        if chosen is None:
            required = {code for code, item in _catalog_items(row).items() if item.required}
            _mark_supplied(row, now, lambda item: item.material_code in required and not item.deficient)
        else:
            _mark_supplied(row, now, lambda item: item.material_code in chosen)

    return _transition(services, actor, case_id, None, mark_received, row_command=command)


def supply_deficiency(services: Services, actor: Actor, case_id: str) -> CaseResult:
    def mark_supplied(row: Case, _t: Transition, now: datetime) -> None:
        _mark_supplied(row, now, lambda item: item.deficient)

    return _transition(services, actor, case_id, lambda s, _m, d: lifecycle.supply_deficiency(s, d), mark_supplied)


def complete(services: Services, actor: Actor, case_id: str, decision: Decision, note: str = "") -> CaseResult:
    def stamp(row: Case, _t: Transition, now: datetime) -> None:
        row.completed_at = wall_time(now)

    return _transition(services, actor, case_id, lambda s, _m, d: lifecycle.complete(s, decision, d, note), stamp)


def collect(
    services: Services,
    actor: Actor,
    case_id: str,
    method: str = "window",
    recipient: str = "",
    carrier: Carrier | None = None,
) -> CaseResult:
    """取件/送达: 窗口取件 (``recipient``: who took it) or 邮寄 (``recipient``: the waybill of ``carrier``, and the
    applicant's 邮寄寄出 notice queued with the event)."""

    def command(row: Case, state: CaseState, _matter: Matter, day: date) -> Transition:
        session = object_session(row)
        assert session is not None  # _transition reads the row in its transaction
        forwarding = forwarding_of(session, row)
        return lifecycle.collect(state, day, method, recipient, carrier=carrier, forwarding=forwarding)

    def stamp(row: Case, _t: Transition, now: datetime) -> None:
        row.collected_at = wall_time(now)

    def notify(session: Session, row: Case, result: CaseResult, now: datetime) -> None:
        if carrier is not None and result.event.payload.get("method") == "post":
            queue_posted_notice(session, services, actor, row, carrier, str(result.event.payload["recipient"]), now)

    return _transition(services, actor, case_id, None, stamp, row_command=command, after=notify)


def queue_posted_notice(
    session: Session, services: Services, actor: Actor, row: Case, carrier: Carrier, waybill: str, now: datetime
) -> None:
    """The applicant's 邮寄寄出 SMS notice (carrier and waybill), in the posting step's transaction."""
    notices.queue_notice(
        session,
        device_id=services.device_id,
        actor=actor.username,
        row=row,
        kind=NoticeKind.POSTED,
        params={"carrier": CARRIER_LABELS[carrier], "waybill_no": waybill},
        at=now,
        hall_phone=services.settings.hall_phone,
    )


def suspend(services: Services, actor: Actor, case_id: str, reason: str) -> CaseResult:
    return _transition(services, actor, case_id, lambda s, _m, d: lifecycle.suspend(s, d, reason))


def resume(services: Services, actor: Actor, case_id: str, calendar: WorkCalendar) -> CaseResult:
    return _transition(services, actor, case_id, lambda s, _m, d: lifecycle.resume(s, d, calendar))


def extend(
    services: Services, actor: Actor, case_id: str, days: int, reason: str, calendar: WorkCalendar
) -> CaseResult:
    return _transition(services, actor, case_id, lambda s, _m, _d: lifecycle.extend(s, days, reason, calendar))


def withdraw(services: Services, actor: Actor, case_id: str, reason: str = "") -> CaseResult:
    return _transition(services, actor, case_id, lambda s, _m, d: lifecycle.withdraw(s, d, reason))


def reveal_id_number(services: Services, actor: Actor, case_id: str, purpose: str) -> str:
    """The full ID number; the view itself is logged (who, when, why)."""
    with services.store.write() as session:
        row = session.get(Case, case_id)
        if row is None:
            raise HallError(f"办件不存在：{case_id}")
        eventlog.append(
            session,
            device_id=services.device_id,
            case_id=case_id,
            type=EventType.CASE_ID_NUMBER_VIEWED,
            payload={"case_no": row.case_no, "purpose": purpose},
            actor=actor.username,
            at=services.now(),
        )
        return row.applicant_id_number


def suggest_green_channel(applicant: Applicant, today: date) -> bool:
    if applicant.kind != "person" or applicant.id_type != "id_card":
        return False
    try:
        return green_channel_suggested(parse_id_number(applicant.id_number, today=today).birth_date, today)
    except HallError:
        return False


def get_case(session: Session, case_id: str) -> Case | None:
    return session.scalar(select(Case).options(selectinload(Case.materials)).where(Case.id == case_id))


def case_by_number(session: Session, case_no: str) -> Case | None:
    return session.scalar(select(Case).options(selectinload(Case.materials)).where(Case.case_no == case_no))


def case_events(session: Session, case_id: str) -> list[EventRecord]:
    rows = session.scalars(select(Event).where(Event.case_id == case_id).order_by(Event.device_id, Event.seq))
    return sorted((eventlog.to_record(row) for row in rows), key=lambda record: record.device_time)
