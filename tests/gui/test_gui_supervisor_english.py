"""The supervisor window in the English UI: opened before a switch it follows it, opened after it is English.

Tally row labels (hall name, clerk names, period, scope notes) are data and may stay Chinese; every piece of
window chrome — title, pickers, buttons, tabs, chart titles, table headers — must not.
"""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtWidgets import QAbstractButton, QComboBox, QTableView

from hallclient.ui import setup

_CJK = re.compile(r"[\u3400-\u9fff]")


def chrome_texts(supervisor: Any) -> list[str]:
    """Every text of the window that the UI itself writes (not figures or register rows)."""
    found = [supervisor.windowTitle()]
    found += [button.text() for button in supervisor.findChildren(QAbstractButton) if button.text()]
    for combo in supervisor.findChildren(QComboBox):
        found += [combo.itemText(i) for i in range(combo.count())]
    found += [supervisor.tabs.tabText(i) for i in range(supervisor.tabs.count())]
    found += [label.text() for label in (supervisor.period_label, supervisor.to_label)]
    found += [chart.title for chart in (supervisor.hourly_chart, supervisor.outcome_chart, supervisor.rating_chart)]
    found += supervisor.outcome_chart.labels + supervisor.rating_chart.labels
    for table in supervisor.findChildren(QTableView):
        model = table.model()
        found += [str(model.headerData(i, table.horizontalHeader().orientation())) for i in range(model.columnCount())]
    return found


def chinese(texts: list[str]) -> list[str]:
    return [text for text in texts if _CJK.search(text)]


def test_open_supervisor_window_follows_the_switch_to_english_and_back(qtbot, window, supervisor, idle):
    window.switch_clerk()
    window.login.signed_in.emit(supervisor)
    idle()
    supervisor = window.open_supervisor()
    assert supervisor is not None
    idle(10_000)
    assert supervisor.tabs.tabText(1) == "差评与投诉"
    grouping = supervisor.grouping.currentData()
    assert window.set_language("en")
    try:
        assert window.supervisor_window is supervisor  # the same window, its choices kept
        qtbot.waitUntil(lambda: supervisor.tabs.tabText(0) == "Figures")  # Qt posts the LanguageChange
        assert supervisor.tabs.tabText(1) == "Bad reviews and complaints"
        assert supervisor.refresh_button.text() == "Compute"
        assert supervisor.export_buttons["pdf"].text() == "Export PDF…"
        assert supervisor.register.add_button.text() == "Register complaint…"
        assert supervisor.preset.itemText(0) == "Today"
        assert supervisor.grouping.currentData() == grouping
        assert supervisor.grouping.currentText() == "By window"
        assert supervisor.windowTitle() == "Tallies and supervision"
        assert supervisor.model.horizontalHeaderItem(0).text() == "Window"
        assert supervisor.model.item(supervisor.model.rowCount() - 1, 0).text() == "Total"
        assert "Cases received <b>" in supervisor.summary.text()
        assert chinese(chrome_texts(supervisor)) == []
    finally:
        assert window.set_language("zh_CN")
    qtbot.waitUntil(lambda: supervisor.tabs.tabText(0) == "统计数据")
    assert supervisor.register.add_button.text() == "登记投诉…"


def test_supervisor_window_opened_in_english_is_english(qtbot, window, supervisor, idle):
    window.switch_clerk()
    window.login.signed_in.emit(supervisor)
    idle()
    assert window.set_language("en")
    try:
        supervisor = window.open_supervisor()
        assert supervisor is not None
        idle(10_000)
        assert supervisor.register.decide_button.text() == "Review decision…"
        assert [supervisor.register.model.headerData(i, supervisor.register.table.horizontalHeader().orientation())
                for i in range(3)] == ["Ref.", "Type", "Source"]  # fmt: skip
        assert chinese(chrome_texts(supervisor)) == []
        assert setup.current_language() == "en"
    finally:
        assert window.set_language("zh_CN")


def test_every_tally_column_key_has_a_translated_header(qapp):
    from hallclient.domain.certificate_figures import CERTIFICATE_COLUMNS
    from hallclient.domain.notices import NoticeKind
    from hallclient.domain.tally import (
        BUNDLE_COLUMNS,
        BUNDLE_HEADING,
        CATALOG_COLUMNS,
        COLUMNS,
        PARTNER_COLUMNS,
        PARTNER_HEADING,
        SMS_COLUMNS,
        SMS_HEADING,
        Column,
    )
    from hallclient.ui.supervisor import texts

    columns: list[Column[Any]] = [*COLUMNS, *PARTNER_COLUMNS, Column("partner_region", PARTNER_HEADING, str, "text"),
                                  *SMS_COLUMNS, Column("sms_kind", SMS_HEADING, str, "text"),
                                  *CATALOG_COLUMNS, *BUNDLE_COLUMNS,
                                  Column("bundle", BUNDLE_HEADING, str, "text"),
                                  *(Column(c.key, c.label, str, "int") for c in CERTIFICATE_COLUMNS),
                                  Column("cert_department", "部门", str, "text"),
                                  Column("cert_month", "月份", str, "text")]  # fmt: skip
    keys = [column.key for column in columns]
    assert sorted(texts.column_labels()) == sorted(keys)  # none missing, none left over
    assert setup.install_language(qapp, "en")
    try:
        english = {column.key: texts.column_label(column.key, column.label) for column in columns}
        english |= {kind.value: texts.notice_kind_label(kind.value) for kind in NoticeKind}
        english["sms_total"] = texts.sms_total_label()
    finally:
        setup.install_language(qapp, "zh_CN")
    assert {key: text for key, text in english.items() if not text or chinese([text])} == {}
    assert english["refuse"] == "Refused" and english["rating_5"] == "Very satisfied"
    assert english["cross_province_enquiries"] == "Cross-province enquiries"
    assert [texts.column_label(column.key, column.label) for column in columns] == [column.label for column in columns]


def test_every_queue_column_key_has_a_translated_header() -> None:
    from hallclient.domain.queue_figures import QUEUE_COLUMNS
    from hallclient.ui.supervisor import texts

    assert sorted(texts.queue_column_labels()) == sorted(column.key for column in QUEUE_COLUMNS)
