"""一件事's slips through the real services and print queue, decoded from their ESC/POS bytes: one receipt listing
every case and the papers once, the 一次性告知书 of the notified matter, no single-case receipt."""

from __future__ import annotations

from pathlib import Path

from escpos_decode import decode
from sqlalchemy import select

from bundle_helpers import BUNDLE_CODE, BUNDLE_MATTERS, ID_CARD, ID_CERT, install_bundle, shared_id_card
from hallclient.devices.printer.queue import PrintQueue
from hallclient.domain.bundles import bundle_materials
from hallclient.domain.case import Outcome
from hallclient.domain.workdays import WorkCalendar
from hallclient.services.bundles import BundleIntakeRequest, MatterDecision, ReceivedPaper, record_bundle_intake
from hallclient.services.cases import Applicant
from hallclient.services.context import Actor, Services
from hallclient.store.models import PrintJob


def test_one_receipt_lists_every_case_and_each_paper_once(
    services: Services, clerk: Actor, calendar: WorkCalendar, tmp_path: Path
) -> None:
    install_bundle(services.store)
    services.settings = services.settings.__class__(printer_uri=f"file:{tmp_path / 'p.bin'}", paper_width=80)
    services.print_queue = PrintQueue(services.store)
    papers = tuple(
        ReceivedPaper(entry.key, 1, 1) for entry in bundle_materials(BUNDLE_MATTERS) if entry.name != "参保登记表"
    )
    decisions = (
        MatterDecision("BD01", Outcome.ACCEPT),
        MatterDecision("BD02", Outcome.COMPLETE_IMMEDIATELY),
        MatterDecision("BD03", Outcome.NOTIFY_MISSING),
        MatterDecision("BD04", Outcome.ACCEPT),
    )
    person = Applicant(name="张三", id_number="11010519491231002X", phone="13800000000")
    result = record_bundle_intake(
        services, clerk, BundleIntakeRequest(BUNDLE_CODE, person, papers, decisions), calendar
    )
    with services.store.read() as session:
        jobs = {job.id: job for job in session.scalars(select(PrintJob))}
    kinds = sorted(job.kind for job in jobs.values())
    assert kinds == ["bundle_receipt", "completion", "notice"]  # no single receipt for BD01/BD04
    receipt = jobs[result.print_job_id or ""]
    assert receipt.payload is not None
    text = "".join(part.strip() for part in decode(receipt.payload).text.split("\n"))
    assert "一件事受理回执" in text and "新生儿出生一件事" in text
    for case in result.cases:
        assert case.case_no in text
    for words in ("出生医学证明办理", "卫生健康局", "即办", "一次性告知", "2026-03-09"):
        assert words in text
    assert text.count(ID_CARD) == 1  # the ID card, asked by four matters, received once
    assert "原件及复印件" in text
    assert "11010519491231002X" not in text
    notice = next(job for job in jobs.values() if job.kind == "notice")
    assert notice.payload is not None and "参保登记表" in decode(notice.payload).text


def test_a_paper_left_to_a_certificate_is_printed_with_its_number_and_no_notice_asks_for_it(
    services: Services, clerk: Actor, calendar: WorkCalendar, tmp_path: Path
) -> None:
    install_bundle(services.store)
    services.settings = services.settings.__class__(printer_uri=f"file:{tmp_path / 'p.bin'}", paper_width=80)
    services.print_queue = PrintQueue(services.store)
    decisions = tuple(
        MatterDecision(code, outcome)
        for code, outcome in (("BD01", Outcome.ACCEPT), ("BD02", Outcome.COMPLETE_IMMEDIATELY),
                              ("BD03", Outcome.NOTIFY_MISSING), ("BD04", Outcome.ACCEPT))
    )  # fmt: skip
    person = Applicant(name="张三", id_number="11010519491231002X")
    request = BundleIntakeRequest(BUNDLE_CODE, person, shared_id_card(ID_CERT), decisions)
    result = record_bundle_intake(services, clerk, request, calendar)
    with services.store.read() as session:
        jobs = {job.kind: job for job in session.scalars(select(PrintJob))}
    assert result.print_job_id == jobs["bundle_receipt"].id
    receipt = "".join(line.strip() for line in decode(jobs["bundle_receipt"].payload or b"").text.split("\n"))
    assert f"{ID_CARD}电子证照共享（证照编号SFZ-1101-0042）" in receipt.replace(" ", "")
    notice = decode(jobs["notice"].payload or b"").text
    assert "参保登记表" in notice and "身份证" not in notice  # the notified matter's only missing paper
