"""No English left in the Chinese UI: every visible text of the main window and its new screens is checked.

The rule can fail: any word of two or more ASCII letters is an offence unless it is a key name, a
format or an abbreviation a Chinese clerk reads as such (listed below). Data (matter codes, case
numbers) carries digits and is skipped with them; file paths are data too (a temporary folder's random name
has no digit about one time in twelve).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QTableView,
    QTabWidget,
    QWidget,
)

ALLOWED = {
    "hallclient", "Ctrl", "Shift", "Alt", "Esc", "Tab", "Enter", "Space", "Del", "PgUp", "PgDn",
    "QR", "ID", "OK", "PDF", "XLSX", "CSV", "PNG", "JSON",
    "English", "Language",  # the language choice names itself in both languages on purpose
    "bdcdj",  # the pinyin-initials example in the matter search box
}  # fmt: skip
_WITH_DIGITS = re.compile(r"[\w.:/+\-]*\d[\w.:/+\-]*")
_TAGS = re.compile(r"<[^>]+>")
_PATHS = re.compile(r"(?:^|(?<=[\s：:（(]))(?:[A-Za-z]:[\\/]|~?/)\S*")  # absolute paths: /tmp/…, ~/…, C:\…


def english_words(text: str) -> list[str]:
    plain = _WITH_DIGITS.sub(" ", _PATHS.sub(" ", _TAGS.sub(" ", text.replace("&", ""))))
    return [word for word in re.findall(r"[A-Za-z]{2,}", plain) if word not in ALLOWED]


def visible_texts(root: QWidget) -> Iterator[tuple[str, str]]:
    yield "title", root.windowTitle()
    for widget in [root, *root.findChildren(QWidget)]:
        name = type(widget).__name__
        if isinstance(widget, QLabel | QAbstractButton):
            yield name, widget.text()
        elif isinstance(widget, QLineEdit):
            yield name, widget.placeholderText()
        elif isinstance(widget, QGroupBox):
            yield name, widget.title()
        elif isinstance(widget, QTabWidget):
            yield from ((name, widget.tabText(i)) for i in range(widget.count()))
        elif isinstance(widget, QMenu):
            yield name, widget.title()
            yield from ((name, action.text()) for action in widget.actions())
        elif isinstance(widget, QComboBox):
            yield from ((name, widget.itemText(i)) for i in range(widget.count()))
        elif isinstance(widget, QTableView):
            model, header = widget.model(), widget.horizontalHeader()
            if model is not None and isinstance(header, QHeaderView):
                yield from ((name, str(model.headerData(i, header.orientation()) or ""))
                            for i in range(model.columnCount()))  # fmt: skip
        for action in widget.actions():
            yield "action", action.text()


def offences(root: QWidget) -> list[str]:
    return [f"{kind}: {text!r}" for kind, text in visible_texts(root) if english_words(text)]


def test_the_rule_catches_english_and_spares_keys_and_data():
    assert english_words("Print queue") == ["Print", "queue"]
    assert english_words("办件查询 [F11]") == []
    assert english_words("补打 [Ctrl+P]") == []
    assert english_words("330106-BDC-001 不动产登记") == []
    assert english_words("<b>受理</b> 导出 PDF…") == []


def test_no_english_in_the_chinese_main_window_and_its_screens(qtbot, window, ctx, supervisor, idle):
    window.switch_clerk()
    window.login.signed_in.emit(supervisor)  # 统计与督办 is a supervisor's screen
    idle()
    found = offences(window)
    for opened in (window.open_day_close(), window.open_sync(), window.open_log(), window.open_supervisor()):
        assert opened is not None
        idle(10_000)
        found += offences(opened)
    window.help.popup()
    found += offences(window.help)
    assert found == []
