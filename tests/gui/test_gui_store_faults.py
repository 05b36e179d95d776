"""Store faults in the window client: one plain line on screen, the clerk's work kept, nothing half-saved."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import func, select
from test_gui_intake import choose_matter, fill_applicant, id_number, press, stored_cases

from hallclient.config import Settings
from hallclient.services.context import Services
from hallclient.store.bootstrap import device_id, open_store
from hallclient.store.models import Event

if TYPE_CHECKING:
    from conftest import Tmpfs

NOW = datetime(2025, 3, 3, 10, 0).astimezone()  # the Monday the other GUI tests live on
NOW_SETTINGS = Settings(lock_minutes=0)


@pytest.fixture
def services(template_db: Path, tmpfs: Tmpfs) -> Iterator[Services]:
    """The usual test store, on a small file system of its own that the test can fill up."""
    path = tmpfs.mount("8m") / "store.sqlite3"
    shutil.copy(template_db, path)
    store = open_store(path, upgrade=False)
    yield Services(store=store, settings=NOW_SETTINGS, device_id=device_id(store), clock=lambda: NOW)
    store.close()


def _events(services: Services) -> int:
    with services.store.read() as session:
        return int(session.scalar(select(func.count()).select_from(Event)) or 0)


def test_a_full_disk_during_intake_keeps_the_form_and_shows_why(qtbot, window, services, idle, tmpfs):
    number = id_number("19900307")
    fill_applicant(qtbot, window, number)
    choose_matter(qtbot, window, "bdcdj")
    press(qtbot, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    press(qtbot, Qt.Key.Key_F6)
    events = _events(services)
    tmpfs.fill(services.store.path.parent)
    press(qtbot, Qt.Key.Key_Return)
    idle()
    text = window.intake.confirm.error.text()
    assert window.intake.confirm.error.isVisible()
    assert "未保存" in text and "磁盘空间已满" in text, text
    assert "\n" not in text and "sqlalche" not in text and "OperationalError" not in text, text
    assert window.intake.applicant.id_number.text() == number  # the form is still filled: retry after freeing space
    assert window.intake.search.chosen is not None
    assert window.intake.confirm.ok.isEnabled()
    assert stored_cases(services) == []
    assert _events(services) == events


def test_a_damaged_store_at_start_up_is_one_line_on_the_sign_in_page(qtbot, tmp_path):
    from hallclient.app import _services_factory
    from hallclient.ui.context import AppContext
    from hallclient.ui.login import LoginPage
    from hallclient.ui.tasks import TaskManager

    db = tmp_path / "hall.sqlite3"
    db.write_text("这不是数据库\n" * 500, encoding="utf-8")
    tasks = TaskManager()
    ctx = AppContext(Settings(), tasks)
    page = LoginPage(ctx, "zh_CN")
    qtbot.addWidget(page)
    with qtbot.waitSignal(ctx.open_failed, timeout=10_000) as signal:
        ctx.open(_services_factory(str(db), Settings()))
    tasks.shutdown()
    [message] = signal.args
    assert "已损坏" in message and str(db) in message, message
    assert "sqlalche" not in message and "\n" not in message
    assert message in page.error.text()
