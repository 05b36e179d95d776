"""帮办代办 from the keyboard: one chord opens the dialog, a digit picks the kind, Alt+L marks 老年人, Enter records
it (row and event), the status bar confirms, the F1 overlay names the chord; the status bar shows the site and the
supervisor's tally the 帮办代办 figures."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from sqlalchemy import select

from hallclient.services.sites import keep_site
from hallclient.store.assistance_models import AssistanceLog
from hallclient.store.models import Event
from hallclient.ui.screens import shortcut
from hallclient.ui.supervisor.window import SupervisorWindow


def test_one_key_path_records_a_home_visit(qtbot, window, ctx, services, supervisor, idle):
    chord = QKeySequence(shortcut("assistance"))[0]  # type: ignore[index]
    window.activateWindow()
    qtbot.keyClick(window, chord.key(), chord.keyboardModifiers())
    qtbot.waitUntil(lambda: window.assistance_dialog is not None and window.assistance_dialog.isVisible())
    dialog = window.assistance_dialog
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.keyClick(dialog, Qt.Key.Key_5)
    assert dialog.kind() == "home_visit"
    qtbot.keyClick(dialog.elderly, Qt.Key.Key_L, Qt.KeyboardModifier.AltModifier)
    assert dialog.elderly.isChecked() and not dialog.disabled.isChecked()
    dialog.note.setFocus()
    dialog.note.insert("代缴医保")  # typed through the input method (QTest cannot send non-ASCII keys)
    qtbot.keyClick(dialog.note, Qt.Key.Key_3)  # a digit in the note is text, not a kind
    with qtbot.waitSignal(dialog.recorded, timeout=5000):
        qtbot.keyClick(dialog.note, Qt.Key.Key_Return)
    idle()
    with services.store.read() as session:
        [row] = session.scalars(select(AssistanceLog)).all()
        event = session.scalar(select(Event).where(Event.type == "assistance.recorded"))
    assert (row.kind, row.elderly, row.disabled, row.note) == ("home_visit", True, False, "代缴医保3")
    assert event is not None and event.id == row.id
    assert window.status.currentMessage() == "已记录帮办代办：上门"
    assert shortcut("assistance") in [key for key, _text in window.help.keys()]  # noqa: SIM118 (a list of pairs)

    with services.store.write() as session:
        keep_site(session, "BX01", "白沙村")
    window._show_site()
    idle()
    assert window.status.window_label.text().endswith("站点 白沙村")
    figures = SupervisorWindow(ctx, supervisor)  # today's tally, with the 帮办代办 line
    qtbot.addWidget(figures)
    qtbot.waitSignal(figures.tally_loaded, timeout=10_000).wait()
    assert "共 1 次" in figures.assistance_line.text() and "上门 1 次" in figures.assistance_line.text()
    assert "其中为老年人 1 次、为残疾人 0 次" in figures.assistance_line.text()
