"""Slips as the printer draws them, for the preview and the print queue panel, and the queue's list of jobs.

Run by the UI as ops on the DB thread; the PNG comes from the ``preview:`` renderer (Pillow, no Qt).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from hallclient.services.context import Services

if TYPE_CHECKING:
    from hallclient.devices.printer.queue import JobView
    from hallclient.devices.printer.slips import SlipData

#: How many of the newest jobs the queue panel lists (every failed or waiting job is listed too).
RECENT_JOBS = 200


@dataclass(frozen=True)
class JobRow:
    """One line of the queue panel."""

    view: JobView
    case_no: str


@dataclass(frozen=True)
class SlipImage:
    """A rendered slip for the preview: PNG bytes plus what it is."""

    kind: str
    case_id: str | None
    case_no: str
    png: bytes
    job_id: str | None = None  # the queued job this slip comes from (None: built from the case)
    slip: SlipData | None = None
    width: int = 80
    uncovered: tuple[str, ...] = ()  # characters the preview (and a raster line) can only draw as a box


def _png(layout: Any) -> bytes:
    from hallclient.devices.printer.preview import render_preview

    buffer = io.BytesIO()
    render_preview(layout).save(buffer, format="PNG")
    return buffer.getvalue()


def _unprintable(layout: Any) -> tuple[str, ...]:
    from hallclient.devices.printer.escpos_render import unprintable

    return tuple(unprintable(layout))


def _view(job: Any) -> JobView:
    from hallclient.devices.printer.queue import JobView
    from hallclient.devices.printer.slips import SlipKind

    text: str = job.last_error or ""
    kind, message = "", text
    if text.startswith("[") and "] " in text:
        kind, _, message = text[1:].partition("] ")
    return JobView(job.id, SlipKind(job.kind), job.case_id, job.printer_uri, job.state, job.attempts, kind,
                   message, job.reprint, job.created_at, job.updated_at)  # fmt: skip


def load_jobs(services: Services, limit: int = RECENT_JOBS) -> list[JobRow]:
    """Every job that is not done, and the newest ``limit`` jobs, newest first (DB thread)."""
    from sqlalchemy import or_, select

    from hallclient.store.models import Case, PrintJob

    with services.store.read() as session:
        recent = select(PrintJob.id).order_by(PrintJob.created_at.desc(), PrintJob.id.desc()).limit(limit)
        rows = session.execute(
            select(PrintJob, Case.case_no)
            .outerjoin(Case, Case.id == PrintJob.case_id)
            .where(or_(PrintJob.state != "done", PrintJob.id.in_(recent.scalar_subquery())))
            .order_by(PrintJob.created_at.desc(), PrintJob.id.desc())
        )
        return [JobRow(_view(job), case_no or "") for job, case_no in rows]


def job_preview(services: Services, job_id: str) -> SlipImage:
    """The slip a stored job prints, rendered as the preview printer draws it (DB thread)."""
    from hallclient.devices.printer.queue import job_layout
    from hallclient.errors import HallError
    from hallclient.store.models import Case, PrintJob

    with services.store.read() as session:
        job = session.get(PrintJob, job_id)
        if job is None:
            raise HallError(f"没有打印任务 {job_id}")
        layout = job_layout(job)
        case = session.get(Case, job.case_id) if job.case_id else None
        case_no = case.case_no if case else ""
        kind, case_id = job.kind, job.case_id
    return SlipImage(kind, case_id, case_no, _png(layout), job_id=job_id, uncovered=_unprintable(layout))


def case_slip(services: Services, case_id: str) -> SlipImage:
    """What a reprint of the case prints: its latest queued slip, else the slip its latest event calls for.

    Rendered with the 补打 mark, before anything is queued, so the clerk sees it first (DB thread).
    """
    from sqlalchemy import select

    from hallclient.devices.printer.layout import build_layout
    from hallclient.devices.printer.slips import slip_from_dict
    from hallclient.errors import HallError
    from hallclient.services.cases import get_case
    from hallclient.services.slips import SLIP_FOR_EVENT, build_slip
    from hallclient.store.models import Event, PrintJob

    settings = services.settings
    with services.store.read() as session:
        case = get_case(session, case_id)
        if case is None:
            raise HallError(f"办件不存在：{case_id}")
        job = session.scalars(
            select(PrintJob)
            .where(PrintJob.case_id == case_id, PrintJob.kind.in_([k.value for k in SLIP_FOR_EVENT.values()]))
            .order_by(PrintJob.created_at.desc(), PrintJob.id.desc())
            .limit(1)
        ).first()
        if job is not None:
            slip = slip_from_dict(job.kind, job.slip_data["slip"])
            width, job_id = int(job.slip_data.get("width", settings.paper_width)), job.id
        else:
            types = session.scalars(select(Event.type).where(Event.case_id == case_id).order_by(Event.seq.desc()))
            kind = next((SLIP_FOR_EVENT[t] for t in types if t in SLIP_FOR_EVENT), None)
            if kind is None:
                raise HallError(f"办件 {case.case_no} 还没有可打印的凭证")
            slip = build_slip(session, case, kind, settings)
            width, job_id = settings.paper_width, None
        case_no = case.case_no
    layout = build_layout(slip, width, reprint=True, reprinted_at=services.now().replace(tzinfo=None))
    return SlipImage(slip.kind.value, case_id, case_no, _png(layout), job_id=job_id, slip=slip, width=width,
                     uncovered=_unprintable(layout))  # fmt: skip


def queue_reprint(services: Services, slip: SlipImage, actor: str) -> str:
    """Queue ``slip`` again, marked 补打 and logged, on the configured printer; returns the new job id (DB thread)."""
    from hallclient.errors import HallError
    from hallclient.services.slips import log_reprint, reprint_job

    queue = services.print_queue
    if queue is None:
        raise HallError("未配置打印机，不能补打")
    uri = services.settings.printer_uri
    if slip.job_id is not None:
        return reprint_job(services, actor, slip.job_id, uri)
    assert slip.slip is not None
    with services.store.write() as session:
        job_id = queue.enqueue(session, slip.slip, uri, width=slip.width, case_id=slip.case_id, reprint=True)
        log_reprint(session, services, actor, slip.case_id, slip.slip.kind.value, job_id)
        return job_id
