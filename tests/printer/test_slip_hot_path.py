"""The intake's hot path without the ORM (issue 18): the receipt's facts cached per catalog generation, the
print job and the case-number counter written with fixed statements — and the same slips, jobs and numbers."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from escpos_decode import decode
from sqlalchemy import event, select

from hallclient.config import Settings
from hallclient.devices.printer.escpos_render import render_escpos
from hallclient.devices.printer.printing import profile_for
from hallclient.devices.printer.queue import QUEUED, PrintQueue, job_layout
from hallclient.devices.printer.samples import sample_slips
from hallclient.domain.case import Outcome
from hallclient.domain.catalog import Department
from hallclient.domain.workdays import WorkCalendar
from hallclient.services import cases
from hallclient.services.catalog import import_catalog, load_catalog
from hallclient.services.context import Actor, Services
from hallclient.store.counters import next_case_seq
from hallclient.store.models import CaseNumberCounter, PrintJob


@pytest.fixture
def printing(services: Services, tmp_path: Path) -> Services:
    services.settings = Settings(printer_uri=f"file:{tmp_path / 'lp0'}")
    services.print_queue = PrintQueue(services.store)
    return services


def _intake(services: Services, clerk: Actor, calendar: WorkCalendar) -> cases.CaseResult:
    received = tuple(cases.ReceivedMaterial(code, True, 1, 2) for code in ("M1", "M2", "M3", "M4"))
    applicant = cases.Applicant(name="张三", id_number="11010519491231002X")
    return cases.record_intake(
        services, clerk, cases.IntakeRequest("XK0001", applicant, Outcome.ACCEPT, received), calendar
    )


def _receipt_text(services: Services, job_id: str | None) -> str:
    assert job_id is not None
    with services.store.read() as session:
        job = session.get(PrintJob, job_id)
        assert job is not None and job.state == QUEUED and job.payload is not None
        return "".join(part.strip() for part in decode(job.payload).text.split("\n"))


def test_the_receipt_reads_matter_and_department_once_per_catalog_and_sees_a_renamed_department(
    printing: Services, clerk: Actor, calendar: WorkCalendar
) -> None:
    reads: list[str] = []

    def count_reads(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if any(f"FROM {table}" in statement for table in ("matters", "materials", "departments")):
            reads.append(statement)

    event.listen(printing.store.writer, "before_cursor_execute", count_reads)
    try:
        assert "不动产登记中心" in _receipt_text(printing, _intake(printing, clerk, calendar).print_job_id)
        reads.clear()
        assert "不动产登记中心" in _receipt_text(printing, _intake(printing, clerk, calendar).print_job_id)
        assert reads == []  # the unchanged catalog's facts come from the cache
        catalog = load_catalog(printing.store)
        renamed = tuple(
            Department(d.code, "市不动产登记交易中心") if d.code == "BDC" else d for d in catalog.departments
        )
        import_catalog(printing.store, replace(catalog, departments=renamed))
        text = _receipt_text(printing, _intake(printing, clerk, calendar).print_job_id)
    finally:
        event.remove(printing.store.writer, "before_cursor_execute", count_reads)
    assert "市不动产登记交易中心" in text


def test_a_queued_job_prints_what_its_stored_slip_lays_out_again(tmp_path: Path, services: Services) -> None:
    """The payload is rendered from the slip in hand; a reprint or a job without payload lays out the stored
    slip data: both must give the same bytes, for every kind of slip, first print and 补打, at both widths."""
    uri = f"file:{tmp_path / 'lp0'}"
    queue = PrintQueue(services.store, clock=lambda: datetime(2026, 3, 2, 10, 30, 15, 123456))
    with services.store.write() as session:
        ids = [
            queue.enqueue(session, slip, uri, width=width, reprint=reprint)
            for slip in sample_slips().values()
            for width in (58, 80)
            for reprint in (False, True)
        ]
    with services.store.read() as session:
        jobs = [session.get(PrintJob, job_id) for job_id in ids]
        for job in jobs:
            assert job is not None and job.payload is not None
            assert job.payload == render_escpos(job_layout(job), profile_for(uri, int(job.slip_data["width"])))
        assert sum(job is not None and job.reprint for job in jobs) == len(jobs) // 2


def test_case_numbers_count_per_day_and_device_and_a_rolled_back_intake_gives_its_number_back(
    services: Services,
) -> None:
    day = date(2026, 3, 2)
    with services.store.write() as session:  # a counter the ORM wrote (stores before this change)
        session.add(CaseNumberCounter(day=day, scope="A", last_seq=41))
    with services.store.write() as session:
        assert [next_case_seq(session, day, "A") for _ in range(2)] == [42, 43]
        assert next_case_seq(session, day, "B") == 1
        assert next_case_seq(session, date(2026, 3, 3), "A") == 1
    with pytest.raises(RuntimeError), services.store.write() as session:
        assert next_case_seq(session, day, "A") == 44
        raise RuntimeError("intake failed")
    with services.store.write() as session:
        assert next_case_seq(session, day, "A") == 44
    with services.store.read() as session:
        rows = session.scalars(select(CaseNumberCounter).order_by(CaseNumberCounter.day, CaseNumberCounter.scope))
        assert [(r.day, r.scope, r.last_seq) for r in rows] == [
            (day, "A", 44),
            (day, "B", 1),
            (date(2026, 3, 3), "A", 1),
        ]
