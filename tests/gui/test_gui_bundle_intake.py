"""一件事一次办 through the screens: found in the matter search by pinyin initials, the card swipe fills the
applicant once, one checklist, an outcome per matter, one commit; then the bundle's progress in a case's detail
and the case list filtered by bundle."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from bundle_helpers import BUNDLE_CODE, install_bundle
from hallclient.domain.case import CaseStatus, Outcome
from hallclient.domain.idnumber import check_digit
from hallclient.services import cases
from hallclient.services.cases import Applicant, IntakeRequest
from hallclient.services.queries import CaseFilter
from hallclient.store.models import Case
from hallclient.ui.materials import COL_RECEIVED


@pytest.fixture
def services(services):  # the GUI store, with the bundle in its catalog before the screens load it
    install_bundle(services.store)
    return services


def test_a_whole_bundle_intake_through_the_screen(qtbot, window, services, clerk, ctx, idle):
    intake = window.intake
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F3)
    qtbot.keyClicks(intake.search.box, "xsecs")  # 新生儿出生一件事 by its initials
    assert intake.search.model.data(intake.search.model.index(0)).startswith("【一件事】新生儿出生一件事")
    qtbot.keyClick(intake.search.box, Qt.Key.Key_Return)
    dialog = intake.bundle_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.materials.rowCount() == 5  # the ID card once for four matters

    first17 = "33010619900307451"
    intake.fill_from_card({"card_type": "resident", "id_number": first17 + check_digit(first17), "name": "张三"})
    assert dialog.applicant.name.text() == "张三"  # the swipe went to the open bundle, not the single form
    assert intake.applicant.is_empty()

    dialog.materials.setFocus()
    qtbot.keyClick(dialog.materials, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    combo = dialog.combos["BD03"]
    assert combo.currentData() == Outcome.ACCEPT.value
    dialog.materials.setCurrentCell(3, COL_RECEIVED)  # 参保登记表 not brought
    qtbot.keyClick(dialog.materials, Qt.Key.Key_Space)
    assert combo.currentData() == Outcome.NOTIFY_MISSING.value  # what the materials lead to
    assert [combo.itemData(i) for i in range(combo.count())] == [
        Outcome.NOTIFY_MISSING.value,
        Outcome.ACCEPT_WITH_DEFICIENCY.value,  # the law lets the clerk choose 容缺 here
        Outcome.REFUSE.value,
    ]
    dialog.choose("BD03", Outcome.ACCEPT_WITH_DEFICIENCY)
    assert dialog.combos["BD02"].currentData() == Outcome.COMPLETE_IMMEDIATELY.value
    dialog.choose("BD04", Outcome.REFUSE)
    dialog.commit()  # no reason for the refusal yet: said in the dialog, nothing saved
    assert "社会保障卡申领" in dialog.error.text()
    dialog.reasons["BD04"].setText("已在外地申领")
    dialog.commit_button.click()
    idle()
    assert not dialog.error.isVisible(), dialog.error.text()

    with services.store.read() as session:
        rows = {row.matter_code: row for row in session.scalars(select(Case))}
    assert len(rows) == 4 and len({row.bundle_id for row in rows.values()}) == 1
    assert [rows[code].status for code in ("BD01", "BD02", "BD03", "BD04")] == [
        "accepted",
        "completed",
        "accepted",
        "refused",
    ]
    assert rows["BD03"].deficiency_open
    assert all(row.case_no in intake.result.text() for row in rows.values())
    assert not dialog.isVisible()

    detail = window.open_case(rows["BD01"].id)
    idle()
    assert detail.bundle_box.isVisible()
    assert "新生儿出生一件事" in detail.bundle_label.text() and "1/4 已办结" in detail.bundle_label.text()
    siblings = [detail.bundle_cases.item(i).text() for i in range(detail.bundle_cases.count())]
    assert len(siblings) == 4 and any("不予受理" in line for line in siblings)
    assert any("（本件）" in line for line in siblings)
    detail.close()

    single = IntakeRequest("330106-BDC-001", Applicant(name="李四", id_number=first17 + check_digit(first17)),
                           Outcome.NOTIFY_MISSING, ())  # fmt: skip
    cases.record_intake(services, clerk, single, ctx.calendar)  # a case of no bundle
    window.show_cases()
    page = window.cases
    page.set_filter(CaseFilter.ALL)
    idle()
    assert page.model.total == 5
    page.bundle.setCurrentIndex(page.bundle.findData(BUNDLE_CODE))
    idle()
    assert page.model.total == 4
    assert {page.model.row_at(i).status for i in range(4)} >= {CaseStatus.REFUSED, CaseStatus.COMPLETED}
