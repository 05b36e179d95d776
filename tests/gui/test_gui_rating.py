"""好差评 window: no default, reason for bad reviews, on-behalf recorded, never chosen by the clerk's keys."""

from __future__ import annotations

from PySide6.QtCore import Qt
from sqlalchemy import select

from hallclient.store.models import Event, Rating


def ratings(services) -> list[Rating]:
    with services.store.read() as session:
        return list(session.scalars(select(Rating)))


def test_nothing_is_preselected_and_keys_cannot_rate(qtbot, window, services, idle):
    rating = window.open_rating(None)
    qtbot.addWidget(rating)
    assert rating.level is None
    assert not any(button.isChecked() for button in rating.buttons.values())
    assert all(button.focusPolicy() == Qt.FocusPolicy.NoFocus for button in rating.buttons.values())
    qtbot.keyClick(rating, Qt.Key.Key_Return)
    qtbot.keyClick(rating, Qt.Key.Key_Space)
    idle()
    assert ratings(services) == []


def test_good_rating_is_recorded_at_once(qtbot, window, services, idle):
    rating = window.open_rating(None)
    qtbot.addWidget(rating)
    with qtbot.waitSignal(rating.rated, timeout=5000):
        qtbot.mouseClick(rating.buttons[4], Qt.MouseButton.LeftButton)
    [row] = ratings(services)
    assert (row.level, row.on_behalf, row.reason) == (4, False, "")
    assert "感谢" in rating.message.text()


def test_bad_rating_asks_for_a_reason_and_records_on_behalf(qtbot, window, services, idle):
    rating = window.open_rating(None)
    qtbot.addWidget(rating)
    assert not rating.reason.isVisibleTo(rating)
    qtbot.mouseClick(rating.buttons[1], Qt.MouseButton.LeftButton)
    idle()
    assert ratings(services) == []  # bad reviews wait for the reason (optional) and the submit
    assert rating.reason.isVisibleTo(rating)
    rating.reason.setPlainText("等候时间太长")
    rating.on_behalf.setChecked(True)
    with qtbot.waitSignal(rating.rated, timeout=5000):
        qtbot.mouseClick(rating.submit, Qt.MouseButton.LeftButton)
    [row] = ratings(services)
    assert (row.level, row.on_behalf, row.reason) == (1, True, "等候时间太长")
    with services.store.read() as session:
        event = session.scalar(select(Event).where(Event.type == "rating.given"))
    assert '"bad_review":true' in event.payload and '"on_behalf":true' in event.payload


def test_single_screen_shows_a_window_not_full_screen(qtbot, window):
    rating = window.open_rating(None)
    qtbot.addWidget(rating)
    assert rating.isVisible() and not rating.on_second_screen
