"""一件事一次办 intake: one applicant, one checklist, one case per matter, all in one transaction.

Each matter keeps its own department, clock and outcome (its case is recorded the one way a case is:
``cases._record_case``); the cases share a bundle id. Any matter that cannot be recorded refuses the whole
bundle, naming the matter, and nothing is written. One receipt (一件事受理回执) lists every case and the
papers received once; the per-case slips the outcomes call for (一次性告知书, 不予受理通知书, 容缺受理通知书,
办结通知) are queued as for a single intake.

电子证照共享: a paper left to a certificate carries it (and the lookup's id) to every case's material it stands for,
so each case's own check (``cases.field_errors``) runs on it; any refusal refuses the whole bundle.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from hallclient.devices.printer import slips
from hallclient.domain import bundles as rules
from hallclient.domain.bundles import BundleMaterial
from hallclient.domain.case import CaseStatus, Outcome
from hallclient.domain.catalog import Bundle, Matter
from hallclient.domain.certificates import Certificate
from hallclient.domain.events import new_id
from hallclient.domain.tally_bundles import BundleCaseFact
from hallclient.domain.workdays import WorkCalendar
from hallclient.errors import HallError
from hallclient.services import queue_links
from hallclient.services.cases import (
    Applicant,
    BundleRef,
    CaseResult,
    FieldError,
    IntakeRequest,
    ReceivedMaterial,
    _record_case,
    normalise_person,
)
from hallclient.services.catalog import bundle_to_domain, get_bundle, get_matter
from hallclient.services.context import Actor, Services
from hallclient.services.queue_links import TicketRef
from hallclient.services.slips import FORM_LABELS, build_bundle_receipt
from hallclient.store.models import Bundle as BundleRow
from hallclient.store.models import Case
from hallclient.store.models import Department as DepartmentRow


@dataclass(frozen=True)
class ReceivedPaper:
    """A paper of the bundle's checklist handed in (``key``: :func:`hallclient.domain.bundles.paper_key`), or
    left to an electronic certificate (as the lookup answered it, with that lookup's id; no copies then)."""

    key: str
    copies: int = 1
    pages: int = 0
    certificate: Certificate | None = None
    lookup_id: str = ""


@dataclass(frozen=True)
class MatterDecision:
    """The clerk's outcome for one matter of the bundle (and what that outcome needs)."""

    matter_code: str
    outcome: Outcome
    refusal_reason: str = ""
    competent_body: str = ""
    supply_deadline: date | None = None


@dataclass(frozen=True)
class BundleIntakeRequest:
    bundle_code: str
    applicant: Applicant
    papers: tuple[ReceivedPaper, ...]
    decisions: tuple[MatterDecision, ...]
    agent: Applicant | None = None
    green_channel: bool = False
    note: str = ""


@dataclass(frozen=True)
class BundleResult:
    bundle_id: str
    cases: tuple[CaseResult, ...]  # in the bundle's matter order
    print_job_id: str | None = None  # the 一件事受理回执, when a printer is configured


@dataclass(frozen=True)
class BundleForm:
    """What the intake screen shows for a bundle: its matters (active, in order) and the one checklist."""

    bundle: Bundle
    matters: tuple[Matter, ...]
    checklist: tuple[BundleMaterial, ...]


def bundle_form(session: Session, code: str) -> BundleForm:
    """The bundle with its matters and checklist; a clear refusal when it or one of its matters is not in force."""
    bundle = get_bundle(session, code)
    if bundle is None:
        raise FieldError("bundle", f"一件事不存在或已停用：{code}")
    matters: list[Matter] = []
    for matter_code in bundle.matters:
        matter = get_matter(session, matter_code)
        if matter is None:
            raise FieldError("bundle", f"一件事“{bundle.name}”中的事项 {matter_code} 不存在或已停用，不能办理")
        matters.append(matter)
    return BundleForm(bundle, tuple(matters), rules.bundle_materials(matters))


def record_bundle_intake(
    services: Services,
    actor: Actor,
    request: BundleIntakeRequest,
    calendar: WorkCalendar,
    *,
    ticket: TicketRef | None = None,
) -> BundleResult:
    """Record one case per matter of the bundle in one transaction, and queue the bundle's receipt."""
    now = services.now()
    with services.store.write() as session:
        form = bundle_form(session, request.bundle_code)
        papers = _checked_papers(request.papers, form.checklist)
        decisions = _checked_decisions(request.decisions, form)
        applicant = normalise_person("applicant", request.applicant, now.date())
        agent = normalise_person("agent", request.agent, now.date()) if request.agent is not None else None
        ref = BundleRef(new_id(), form.bundle.code, form.bundle.name)
        results: list[CaseResult] = []
        for matter in form.matters:
            decision = decisions[matter.code]
            case_request = IntakeRequest(
                matter_code=matter.code,
                applicant=applicant,
                agent=agent,
                outcome=decision.outcome,
                materials=_materials_of(matter, form.checklist, papers, decision.outcome),
                green_channel=request.green_channel,
                refusal_reason=decision.refusal_reason,
                competent_body=decision.competent_body,
                supply_deadline=decision.supply_deadline,
                note=request.note,
            )
            try:
                results.append(_record_case(session, services, actor, case_request, matter, calendar, now, bundle=ref))
            except FieldError as error:
                raise FieldError(error.field, f"事项“{matter.name}”：{error}") from None
            except HallError as error:
                raise HallError(f"事项“{matter.name}”：{error}") from None
        if ticket is not None:
            for result in results:
                queue_links.remember(session, ticket, result.case_no, now)
        job = _queue_receipt(session, services, form, papers, results)
        return BundleResult(ref.id, tuple(results), job)


def _checked_papers(
    papers: tuple[ReceivedPaper, ...], checklist: tuple[BundleMaterial, ...]
) -> dict[str, ReceivedPaper]:
    known = {entry.key: entry for entry in checklist}
    out: dict[str, ReceivedPaper] = {}
    for paper in papers:
        entry = known.get(paper.key)
        if entry is None:
            raise FieldError("materials", f"材料“{paper.key}”不在本一件事的材料清单中")
        if (paper.copies <= 0 and paper.certificate is None) or paper.copies < 0 or paper.pages < 0:
            raise FieldError("materials", f"材料“{entry.name}”已勾选收到，份数须大于 0，页数不能为负")
        if paper.key in out:
            raise FieldError("materials", f"材料“{entry.name}”登记了两次")
        out[paper.key] = paper
    return out


def _checked_decisions(decisions: tuple[MatterDecision, ...], form: BundleForm) -> dict[str, MatterDecision]:
    by_code = {decision.matter_code: decision for decision in decisions}
    names = {matter.code: matter.name for matter in form.matters}
    unknown = [code for code in by_code if code not in names]
    if unknown or len(by_code) != len(decisions):
        raise FieldError("outcome", f"事项 {'、'.join(unknown) or '重复'} 不属于一件事“{form.bundle.name}”")
    undecided = [names[code] for code in names if code not in by_code]
    if undecided:
        raise FieldError("outcome", f"以下事项尚未选择办理结果：{'、'.join(undecided)}")
    return by_code


def _materials_of(
    matter: Matter, checklist: tuple[BundleMaterial, ...], papers: dict[str, ReceivedPaper], outcome: Outcome
) -> tuple[ReceivedMaterial, ...]:
    """The matter's materials as the papers received satisfy them; under 容缺受理 the missing ones that the matter
    allows 容缺 for are marked so (the checklist cannot tell them apart: the outcome does)."""
    paper_of = {code: entry.key for entry in checklist for m, code in entry.stands_for if m == matter.code}
    out: list[ReceivedMaterial] = []
    for material in matter.materials:
        paper = papers.get(paper_of[material.code])
        if paper is not None:
            out.append(
                ReceivedMaterial(
                    material.code,
                    True,
                    paper.copies,
                    paper.pages,
                    certificate=paper.certificate,
                    lookup_id=paper.lookup_id,
                )
            )
        else:
            deficient = outcome is Outcome.ACCEPT_WITH_DEFICIENCY and material.required and material.deficiency_allowed
            out.append(ReceivedMaterial(material.code, False, deficient=deficient))
    return tuple(out)


def _queue_receipt(
    session: Session,
    services: Services,
    form: BundleForm,
    papers: dict[str, ReceivedPaper],
    results: list[CaseResult],
) -> str | None:
    """Queue the 一件事受理回执 in the intake's transaction; None when no printer is configured."""
    settings = services.settings
    if not settings.printer_uri or services.print_queue is None:
        return None
    session.flush()
    rows = [session.get(Case, result.case_id) for result in results]
    materials = tuple(
        slips.MaterialLine(entry.name, FORM_LABELS[entry.form.value], paper.copies, paper.pages, _number(paper))
        for entry in form.checklist
        if (paper := papers.get(entry.key)) is not None
    )
    slip = build_bundle_receipt(
        session, form.bundle.name, [row for row in rows if row is not None], materials, settings
    )
    first = results[0]
    return services.print_queue.enqueue(
        session, slip, settings.printer_uri, width=settings.paper_width, case_id=first.case_id, event_id=first.event.id
    )


def _number(paper: ReceivedPaper) -> str:
    return paper.certificate.number if paper.certificate is not None else ""


@dataclass(frozen=True)
class Sibling:
    case_id: str
    case_no: str
    matter_name: str
    status: CaseStatus


@dataclass(frozen=True)
class BundleProgress:
    """A bundle intake as a whole, for the detail of each of its cases: every case and how many are 办结."""

    code: str
    name: str
    cases: tuple[Sibling, ...]

    @property
    def done(self) -> int:
        return rules.done_count([case.status for case in self.cases])


def bundle_progress(session: Session, bundle_id: str) -> BundleProgress | None:
    rows = session.scalars(select(Case).where(Case.bundle_id == bundle_id).order_by(Case.case_no)).all()
    if not rows:
        return None
    code = rows[0].bundle_code or ""
    bundle = session.get(BundleRow, code)  # inactive too: old cases keep their bundle's name
    return BundleProgress(
        code,
        bundle.name if bundle is not None else code,
        tuple(Sibling(row.id, row.case_no, row.matter_name, CaseStatus(row.status)) for row in rows),
    )


def bundle_facts(session: Session, start: datetime, end: datetime, window: str | None = None) -> list[BundleCaseFact]:
    """The cases of the 一件事 intakes received in [start, end) (one window's, with ``window``), for the tally."""
    query = (
        select(Case)
        .options(selectinload(Case.materials))
        .where(Case.bundle_id.is_not(None), Case.received_at >= start, Case.received_at < end)
    )
    if window is not None:
        query = query.where(Case.window == window)
    names = {row.code: row.name for row in session.scalars(select(BundleRow))}
    return [
        BundleCaseFact(
            bundle_id=row.bundle_id or "",
            bundle_code=row.bundle_code or "",
            bundle_name=names.get(row.bundle_code or "", row.bundle_code or ""),
            received_on=row.received_at.date(),
            status=row.status,
            completed_on=row.completed_at.date() if row.completed_at else None,
            # received at the intake itself: a paper supplied later was asked for again
            papers=tuple(item.name for item in row.materials if item.received and item.supplied_at is None),
        )
        for row in session.scalars(query)
    ]


@dataclass(frozen=True)
class BundleListing:
    """A bundle in force with its matters (None where a matter is missing or inactive: it cannot be taken in)."""

    bundle: Bundle
    matters: tuple[tuple[str, Matter | None], ...]
    department_names: dict[str, str]

    @property
    def usable(self) -> bool:
        return all(matter is not None for _code, matter in self.matters)

    @property
    def papers_saved(self) -> int:
        return rules.papers_saved(rules.bundle_materials([m for _c, m in self.matters if m is not None]))


def list_bundles(session: Session) -> list[BundleListing]:
    """The catalog's bundles in force, each with its matters as the intake would find them."""
    departments = {row.code: row.name for row in session.scalars(select(DepartmentRow))}
    rows = session.scalars(select(BundleRow).where(BundleRow.active.is_(True)).order_by(BundleRow.code))
    return [
        BundleListing(
            bundle_to_domain(row), tuple((code, get_matter(session, code)) for code in row.matters), departments
        )
        for row in rows
    ]
