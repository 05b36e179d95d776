"""The slips the services queue: the matter's type reaches the paper, and a 补正 receipt lists real copies.

small_catalog: XK0001 is a 行政确认 (a property transfer registration), XK0002 a 公共服务 (即办).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from escpos_decode import decode
from sqlalchemy import delete, select

from hallclient.devices.printer.escpos_render import render_escpos
from hallclient.devices.printer.layout import build_layout
from hallclient.devices.printer.queue import PrintQueue
from hallclient.devices.printer.slips import ReceiptData, SlipKind
from hallclient.domain.case import Decision, Outcome
from hallclient.domain.workdays import WorkCalendar
from hallclient.services import cases
from hallclient.services.cases import Applicant, IntakeRequest, ReceivedMaterial
from hallclient.services.catalog import CATALOG_GENERATION_KEY
from hallclient.services.context import Actor, Services
from hallclient.services.slips import build_slip
from hallclient.store.models import Case, CaseMaterial, Matter, Meta

PERSON = Applicant(name="张三", id_number="11010519491231002X", phone="13800000000")
ALL = tuple(ReceivedMaterial(code, True, 1, 2) for code in ("M1", "M2", "M3", "M4"))


@pytest.fixture
def printing(services: Services, tmp_path: Path) -> Services:
    services.settings = services.settings.__class__(printer_uri=f"file:{tmp_path / 'printer.bin'}", paper_width=58)
    services.print_queue = PrintQueue(services.store)
    return services


def _paper_text(services: Services, case_id: str, kind: SlipKind) -> str:
    with services.store.read() as session:
        case = session.get(Case, case_id)
        assert case is not None
        slip = build_slip(session, case, kind, services.settings)
    return "".join(line.text.strip() for line in decode(render_escpos(build_layout(slip, 58))).lines)


def test_completion_of_a_registration_says_confirmed_not_licensed(
    printing: Services, clerk: Actor, calendar: WorkCalendar
) -> None:
    result = cases.record_intake(printing, clerk, IntakeRequest("XK0001", PERSON, Outcome.ACCEPT, ALL), calendar)
    cases.complete(printing, clerk, result.case_id, Decision.APPROVED)
    text = _paper_text(printing, result.case_id, SlipKind.COMPLETION)
    assert "办理结果：予以确认（登记）" in text and "许可" not in text
    receipt = _paper_text(printing, result.case_id, SlipKind.RECEIPT)
    assert "行政许可法" not in receipt and "依据《优化营商环境条例》" in receipt


def test_immediate_public_service_completes_as_done_and_its_slip_ends_with_the_cut(
    printing: Services, clerk: Actor, calendar: WorkCalendar
) -> None:
    request = IntakeRequest("XK0002", PERSON, Outcome.COMPLETE_IMMEDIATELY, (ReceivedMaterial("H1", True, 1, 1),))
    result = cases.record_intake(printing, clerk, request, calendar)
    queue = printing.print_queue
    assert isinstance(queue, PrintQueue) and result.print_job_id is not None
    [done] = queue.run_pending(printing.settings.printer_uri)
    assert done.state == "done"
    data = Path(printing.settings.printer_uri.removeprefix("file:")).read_bytes()
    paper = decode(data)
    assert "办理结果：已办结" in paper.text and "准予许可" not in paper.text
    assert paper.after_last_cut == b""


def test_a_matter_of_unknown_type_never_prints_licence_words(
    printing: Services, clerk: Actor, calendar: WorkCalendar
) -> None:
    with printing.store.write() as session:
        matter = session.get(Matter, "XK0001")
        assert matter is not None
        matter.matter_type = ""  # as in a store imported before the type existed
        # … and before catalog writes stamped a generation (this store is a copy of a stamped template, whose
        # generation other tests' stores share: the matter cached under it would still carry its type)
        session.execute(delete(Meta).where(Meta.key == CATALOG_GENERATION_KEY))
    result = cases.record_intake(printing, clerk, IntakeRequest("XK0001", PERSON, Outcome.ACCEPT, ALL), calendar)
    cases.complete(printing, clerk, result.case_id, Decision.APPROVED)
    text = _paper_text(printing, result.case_id, SlipKind.COMPLETION)
    assert "办理结果：已办结" in text and "准予" not in text


def test_receipt_after_supplement_lists_the_supplied_materials_in_their_catalog_copies(
    printing: Services, clerk: Actor, calendar: WorkCalendar
) -> None:
    notice = cases.record_intake(
        printing, clerk, IntakeRequest("XK0001", PERSON, Outcome.NOTIFY_MISSING, ALL[:1]), calendar
    )
    cases.supplement(printing, clerk, notice.case_id, calendar)
    with printing.store.read() as session:
        case = session.get(Case, notice.case_id)
        assert case is not None
        slip = build_slip(session, case, SlipKind.RECEIPT, printing.settings)
        supplied = session.scalars(select(CaseMaterial).where(CaseMaterial.case_id == notice.case_id)).all()
    assert isinstance(slip, ReceiptData)
    assert [(m.name, m.copies) for m in slip.materials] == [
        ("不动产登记申请书", 1),
        ("身份证明", 1),
        ("不动产权属证书", 1),
        ("完税凭证", 1),
    ]
    assert all(m.copies >= 1 for m in supplied if m.received)
    text = _paper_text(printing, notice.case_id, SlipKind.RECEIPT)
    assert "0份" not in text and "完税凭证 复印件" in text and "复印件 1份" not in text
    assert "已收材料（未注明的为原件1份）" in text  # what the lines leave out


def test_print_cli_prints_the_types_words(
    services: Services, clerk: Actor, calendar: WorkCalendar, store_path: Path, tmp_path: Path
) -> None:
    from hallclient.cli import main

    request = IntakeRequest("XK0002", PERSON, Outcome.COMPLETE_IMMEDIATELY, (ReceivedMaterial("H1", True, 1, 1),))
    result = cases.record_intake(services, clerk, request, calendar)
    out = tmp_path / "slip.bin"
    args = ["print", "--db", str(store_path), "--case", result.case_no, "--printer", f"file:{out}"]
    assert main([*args, "--slip", "completion"]) == 0
    paper = decode(out.read_bytes())
    assert "办理结果：已办结" in paper.text and "许可" not in paper.text and paper.after_last_cut == b""
