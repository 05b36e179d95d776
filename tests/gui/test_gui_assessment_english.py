"""The 考核 tab in the English UI: every text the tab writes itself is English (data such as names, grades
and the engine's notes may stay Chinese), before and after a switch."""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtWidgets import QAbstractButton, QComboBox, QGroupBox, QTableView

from hallclient.domain.assessment import Subject
from hallclient.domain.tally import Column
from hallclient.ui import setup

_CJK = re.compile(r"[\u3400-\u9fff]")


def chrome_texts(panel: Any) -> list[str]:
    found = [button.text() for button in panel.findChildren(QAbstractButton) if button.text()]
    found += [button.toolTip() for button in panel.findChildren(QAbstractButton) if button.toolTip()]
    for combo in panel.findChildren(QComboBox):
        found += [combo.itemText(i) for i in range(combo.count())]
    found += [box.title() for box in panel.findChildren(QGroupBox)]
    for table in panel.findChildren(QTableView):
        model = table.model()
        found += [str(model.headerData(i, table.horizontalHeader().orientation())) for i in range(model.columnCount())]
    found += [panel.breakdown_title.text(), panel.status.text()]
    return found


def chinese(texts: list[str]) -> list[str]:
    return [text for text in texts if _CJK.search(text)]


def test_assessment_tab_follows_the_switch_to_english(
    qtbot: Any, window: Any, services: Any, supervisor: Any, idle: Any
) -> None:
    from hallclient.services.findings import FindingInput, record_finding

    record_finding(
        services, supervisor, FindingInput("wangfang", "inspection", -1, "窗口桌面杂乱", department="ZRZY")
    )  # a row to show
    window.switch_clerk()
    window.login.signed_in.emit(supervisor)
    idle()
    sup = window.open_supervisor()
    assert sup is not None
    idle(10_000)
    panel = sup.assessment_panel
    assert panel is not None
    with qtbot.waitSignal(panel.loaded, timeout=10_000):
        sup.tabs.setCurrentWidget(panel)
    assert window.set_language("en")
    try:
        qtbot.waitUntil(lambda: sup.tabs.tabText(sup.tabs.indexOf(panel)) == "Assessment")
        assert panel.compute_button.text() == "Compute"
        assert panel.findings.add_button.text() == "Record finding…"
        assert panel.subject.currentText() == "Departments"
        assert "Draft (not published)" in panel.summary.text()
        assert chinese(chrome_texts(panel)) == []
        assert panel.assessment is not None and panel.assessment.rows
        panel.select_key(panel.assessment.rows[0].key)
        assert panel.evidence.item(0).text() == "Select an indicator to see what was deducted or added and why"
        assert "score" in panel.breakdown_title.text() and "rank 1" in panel.breakdown_title.text()
        dialog = panel.open_finding_dialog()
        dialog_texts = [dialog.windowTitle(), *[b.text() for b in dialog.findChildren(QAbstractButton)]]
        dialog_texts += [dialog.kind.itemText(i) for i in range(dialog.kind.count())]
        assert chinese(dialog_texts) == [] and dialog.kind.itemText(1) == "Mystery visit"
        dialog.close()
    finally:
        assert window.set_language("zh_CN")
    qtbot.waitUntil(lambda: panel.compute_button.text() == "计算")


def test_every_assessment_column_key_has_a_translated_header(qapp: Any) -> None:
    from hallclient.reports.assessment_table import DETAIL_COLUMNS, EVIDENCE_COLUMNS, ranking_columns
    from hallclient.ui.supervisor import assessment_texts as texts

    ranking = [*ranking_columns(Subject.DEPARTMENT), *ranking_columns(Subject.STAFF)]
    columns: list[Column[Any]] = [*ranking, *DETAIL_COLUMNS, *EVIDENCE_COLUMNS]
    assert sorted(texts.column_labels()) == sorted({column.key for column in columns})  # none missing or left over
    assert all(texts.column_label(c.key, "") == c.label for c in columns if c.key != "points")  # Chinese = exports
    assert setup.install_language(qapp, "en")
    try:
        english = {column.key: texts.column_label(column.key) for column in columns}
    finally:
        setup.install_language(qapp, "zh_CN")
    assert {key: text for key, text in english.items() if not text or chinese([text])} == {}
