"""Case list: filters, search by masked ID number or name, sorting, paging beyond one page."""

from __future__ import annotations

from PySide6.QtCore import Qt

from hallclient.domain.case import Outcome
from hallclient.domain.idnumber import check_digit
from hallclient.services import cases, queries
from hallclient.services.cases import Applicant, IntakeRequest, ReceivedMaterial
from hallclient.services.queries import CaseFilter, CaseQuery


def person(n: int) -> Applicant:
    first17 = f"5201021980{n % 12 + 1:02d}{n % 28 + 1:02d}{n % 1000:03d}"
    return Applicant(name=("钱" if n % 2 else "孙") + "某" + str(n), id_number=first17 + check_digit(first17))


def record(services, clerk, ctx, n: int, outcome=Outcome.ACCEPT) -> str:
    received = outcome is not Outcome.NOTIFY_MISSING
    materials = tuple(ReceivedMaterial(code, received or code == "M1", 1, 1) for code in ("M1", "M2", "M3", "M4"))
    request = IntakeRequest("330106-BDC-001", person(n), outcome, materials)
    return cases.record_intake(services, clerk, request, ctx.calendar).case_no


def test_filters_and_masked_search(qtbot, window, services, clerk, ctx, idle):
    record(services, clerk, ctx, 1)
    record(services, clerk, ctx, 2, Outcome.NOTIFY_MISSING)
    page = window.cases
    window.show_cases()
    page.set_filter(CaseFilter.TODAY)
    idle()
    assert page.model.rowCount() == 2
    assert "共 2 件" in page.count.text()
    page.set_filter(CaseFilter.AWAITING_SUPPLEMENT)
    idle()
    assert page.model.rowCount() == 1 and page.model.row_at(0).applicant_name.startswith("孙")
    page.set_filter(CaseFilter.ALL)
    number = person(1).id_number
    page.search.setText(f"{number[:4]}**********{number[-4:]}")
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    idle()
    assert page.model.rowCount() == 1
    row = page.model.row_at(0)
    assert row.applicant_id == f"{number[:4]}**********{number[-4:]}"  # never the full number in the list
    assert row.applicant_name == "钱**"


def test_search_by_case_number_and_enter_opens_detail(qtbot, window, services, clerk, ctx, idle):
    case_no = record(services, clerk, ctx, 3)
    record(services, clerk, ctx, 4)
    page = window.cases
    window.show_cases()
    page.search.setText(case_no[-6:])
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    idle()
    assert page.model.rowCount() == 1
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    idle()
    [dialog] = window.details.values()
    assert dialog.snapshot.case_no == case_no


def test_paging_and_sorting_over_more_than_one_page(qtbot, window, services, clerk, ctx, idle):
    for n in range(queries.PAGE_SIZE + 15):
        record(services, clerk, ctx, n)
    model = window.cases.model
    model.set_query(CaseQuery(CaseFilter.ALL, "", sort_column=0, descending=False))
    idle()
    assert model.total == queries.PAGE_SIZE + 15
    assert model.rowCount() == queries.PAGE_SIZE
    assert model.canFetchMore()
    model.fetchMore()
    idle()
    assert model.rowCount() == queries.PAGE_SIZE + 15
    numbers = [model.row_at(i).case_no for i in range(model.rowCount())]
    assert numbers == sorted(numbers)
    model.sort(0, Qt.SortOrder.DescendingOrder)
    idle()
    assert model.row_at(0).case_no == numbers[-1]
