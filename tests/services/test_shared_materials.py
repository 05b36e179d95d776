"""电子证照共享 at intake through the real service and store: what is kept, what is refused, and the paper."""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import replace
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select

from hallclient.devices.printer.queue import PrintQueue
from hallclient.devices.printer.slips import NoticeData, SlipKind
from hallclient.domain.case import Outcome
from hallclient.domain.catalog import CertificateKind, Material, MaterialForm, Matter, MatterKind, MatterType
from hallclient.domain.certificates import Certificate
from hallclient.domain.tally import Period
from hallclient.domain.workdays import WorkCalendar
from hallclient.reports.export_pdf import write_pdf
from hallclient.reports.export_xlsx import write_xlsx
from hallclient.services import cases, slips
from hallclient.services.case_view import load_snapshot
from hallclient.services.cases import Applicant, FieldError, IntakeRequest, ReceivedMaterial
from hallclient.services.catalog import import_catalog, load_catalog
from hallclient.services.context import Actor, Services
from hallclient.services.tallies import local_tally
from hallclient.store.models import Case, Event

HOLDER = "11010519491231002X"
PERSON = Applicant(name="张三", id_number=HOLDER.lower(), phone="13800000000")
SHARED_MATTER = Matter(
    code="XK0003",
    name="户口迁入（投靠配偶）",
    department_code="HJ",
    kind=MatterKind.PROMISED,
    matter_type=MatterType.PUBLIC_SERVICE,
    statutory_days=20,
    promised_days=5,
    materials=(
        Material("H1", "申请人居民身份证", MaterialForm.ORIGINAL_AND_COPY, 1),
        Material("H2", "居民户口簿", MaterialForm.ORIGINAL, 1, certificate_kinds=("HKB",)),
        Material("H3", "结婚证", MaterialForm.ORIGINAL_AND_COPY, 1, certificate_kinds=("JHZ",)),
        Material("H4", "户口迁入申请表", MaterialForm.ORIGINAL, 1),
    ),
)
HUKOU = Certificate("HKB", "HKB-1101-0001", HOLDER, "张三", "某某派出所", date(2015, 1, 1), None)
MARRIAGE = Certificate("JHZ", "J110105-2019-77", HOLDER, "张三", "某区民政局", date(2019, 5, 20), date(2099, 1, 1))


@pytest.fixture
def shared_services(services: Services) -> Services:
    base = load_catalog(services.store)  # tests/conftest.py's small catalog, and a matter taking certificates
    import_catalog(
        services.store,
        replace(base, matters=(*base.matters, SHARED_MATTER),
                certificate_kinds=(CertificateKind("HKB", "居民户口簿"), CertificateKind("JHZ", "结婚证"))),
    )  # fmt: skip
    return services


def paper(code: str) -> ReceivedMaterial:
    return ReceivedMaterial(code, True, 1, 1)


def shared(code: str, certificate: Certificate, lookup_id: str = "L-1") -> ReceivedMaterial:
    return ReceivedMaterial(code, True, certificate=certificate, lookup_id=lookup_id)


def intake(outcome: Outcome, *materials: ReceivedMaterial) -> IntakeRequest:
    return IntakeRequest("XK0003", PERSON, outcome, materials)


def test_a_shared_material_counts_as_received_and_is_kept_with_its_certificate_and_lookup(
    shared_services: Services, clerk: Actor, calendar: WorkCalendar
) -> None:
    request = intake(Outcome.ACCEPT, paper("H1"), shared("H2", HUKOU), shared("H3", MARRIAGE), paper("H4"))
    result = cases.record_intake(shared_services, clerk, request, calendar)
    with shared_services.store.read() as session:
        row = cases.get_case(session, result.case_id)
        assert row is not None and row.status == "accepted"
        kept = {m.material_code: (m.received, m.copies, m.certificate_no, m.certificate_valid_to, m.lookup_id)
                for m in row.materials}  # fmt: skip
        assert kept == {
            "H1": (True, 1, None, None, None),
            "H2": (True, 0, "HKB-1101-0001", None, "L-1"),
            "H3": (True, 0, "J110105-2019-77", date(2099, 1, 1), "L-1"),
            "H4": (True, 1, None, None, None),
        }
        payload = json.loads(session.get(Event, result.event.id).payload)  # type: ignore[union-attr]
    items = {item["code"]: item for item in payload["intake"]["materials"]}
    assert items["H1"]["certificate"] is None
    assert items["H3"]["certificate"] == {"kind": "JHZ", "number": "J110105-2019-77", "issuer": "某区民政局",
                                          "valid_to": "2099-01-01", "lookup_id": "L-1"}  # fmt: skip
    assert items["H2"]["certificate"]["valid_to"] is None and items["H2"]["received"] is True
    shown = {
        name: certificate_no
        for name, *_rest, certificate_no in load_snapshot(shared_services, result.case_id).materials
    }
    assert shown["居民户口簿"] == "HKB-1101-0001" and shown["户口迁入申请表"] == ""


@pytest.mark.parametrize(
    ("material", "message"),
    [
        (shared("H3", replace(MARRIAGE, valid_to=date(2026, 3, 1))), "证照 J110105-2019-77 已于 2026-03-01 过期"),
        (shared("H3", replace(MARRIAGE, holder_id_number="110105194912310037")), "不属于申请人"),
        (shared("H3", HUKOU), "的类型不能代替材料“结婚证”"),
        (shared("H4", MARRIAGE), "的类型不能代替材料“户口迁入申请表”"),
        (shared("H3", replace(MARRIAGE, valid_from=date(2026, 3, 3))), "尚未生效"),
        (shared("H3", MARRIAGE, lookup_id=" "), "没有查询记录"),
        (ReceivedMaterial("H3", False, certificate=MARRIAGE, lookup_id="L"), "须标为已收"),
    ],
    ids=["expired", "foreign", "wrong-kind", "no-kind", "not-yet", "no-lookup", "not-received"],
)
def test_a_stale_or_hostile_certificate_is_refused_and_nothing_is_written(
    shared_services: Services, clerk: Actor, calendar: WorkCalendar, material: ReceivedMaterial, message: str
) -> None:
    request = intake(Outcome.ACCEPT, paper("H1"), shared("H2", HUKOU), material, paper("H4"))
    with shared_services.store.read() as session:
        events_before = session.scalar(select(func.count()).select_from(Event))
    with pytest.raises(FieldError, match=message) as caught:
        cases.record_intake(shared_services, clerk, request, calendar)
    assert caught.value.field == "materials"
    with shared_services.store.read() as session:
        assert session.scalar(select(func.count()).select_from(Case)) == 0
        assert session.scalar(select(func.count()).select_from(Event)) == events_before


def test_a_notice_never_lists_a_shared_material_and_the_receipt_prints_the_certificate_number(
    shared_services: Services, clerk: Actor, calendar: WorkCalendar, tmp_path: Path
) -> None:
    out = tmp_path / "printer.bin"
    shared_services.settings = shared_services.settings.__class__(printer_uri=f"file:{out}", paper_width=80)
    queue = PrintQueue(shared_services.store)
    shared_services.print_queue = queue
    notice = cases.record_intake(
        shared_services, clerk, intake(Outcome.NOTIFY_MISSING, paper("H1"), shared("H2", HUKOU)), calendar
    )
    assert notice.event.payload["missing"] == ["H3", "H4"]
    with shared_services.store.read() as session:
        row = cases.get_case(session, notice.case_id)
        assert row is not None
        data = slips.build_slip(session, row, SlipKind.NOTICE, shared_services.settings)
    assert isinstance(data, NoticeData)
    assert [item.name for item in data.missing] == ["结婚证", "户口迁入申请表"]
    accepted = cases.record_intake(
        shared_services, clerk,
        intake(Outcome.ACCEPT, paper("H1"), shared("H2", HUKOU), shared("H3", MARRIAGE), paper("H4")), calendar,
    )  # fmt: skip
    assert [job.state for job in queue.run_pending(f"file:{out}")] == ["done", "done"]
    printed = out.read_bytes()
    notice_part, receipt_part = printed.split("受理通知书".encode("gb18030"), 1)
    assert "一次性告知书".encode("gb18030") in notice_part and "居民户口簿".encode("gb18030") not in notice_part
    assert accepted.case_no.encode() in receipt_part
    assert "电子证照共享（证照编号".encode("gb18030") in receipt_part
    assert b"HKB-1101-0001" in receipt_part and b"J110105-2019-77" in receipt_part


def test_the_local_tally_counts_shares_by_department_and_month_in_its_sheet_section_and_note(
    shared_services: Services, clerk: Actor, calendar: WorkCalendar, tmp_path: Path
) -> None:
    both = intake(Outcome.ACCEPT, paper("H1"), shared("H2", HUKOU), shared("H3", MARRIAGE), paper("H4"))
    cases.record_intake(shared_services, clerk, both, calendar)
    cases.record_intake(
        shared_services, clerk, intake(Outcome.NOTIFY_MISSING, paper("H1"), shared("H2", HUKOU)), calendar
    )
    cases.record_intake(
        shared_services, clerk, IntakeRequest("XK0001", PERSON, Outcome.NOTIFY_MISSING, (paper("M1"),)), calendar
    )
    tally = local_tally(shared_services, Period(date(2026, 3, 1), date(2026, 3, 2)), "department")
    figures = tally.certificates
    assert figures is not None and figures.local
    assert [(r.department_name, r.month, r.shares) for r in figures.rows] == [("公安户籍", "2026-03", 3)]
    assert figures.total.shares == 3 and any("证照共享量" in note for note in tally.notes)
    earlier = local_tally(shared_services, Period(date(2026, 2, 1), date(2026, 2, 28)), "department").certificates
    assert earlier is not None and earlier.rows == [] and earlier.total.shares == 0
    book = openpyxl.load_workbook(write_xlsx({"department": tally}, tmp_path / "t.xlsx"))
    assert [list(row) for row in book["证照共享"].iter_rows(values_only=True)] == [
        ["部门", "月份", "证照共享量"],
        ["公安户籍", "2026-03", 3],
        ["合计", None, 3],  # an empty cell
    ]
    if shutil.which("pdftotext"):
        pdf = write_pdf(tally, tmp_path / "t.pdf")
        text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
        assert "证照共享（按部门、月份）" in text and "公安户籍" in text
