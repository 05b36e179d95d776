"""The supervisor's 排队 tab and the live hall view against a real server (SQLite, uvicorn on loopback).

The hall day of ``queue_helpers.drive_the_day`` is played through the real API; the GUI signs the supervisor
in on the server with the password, shows the figures of the period and exports them, and the live view
shows the waiting counts and each window's state, then follows a change at the next refresh.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableWidget

from hallclient.config import Settings
from hallclient.domain.tally import Period
from hallclient.domain.workdays import WorkCalendar
from hallclient.server import admin, clock
from hallclient.server.app import create_app
from hallclient.services.context import Actor, Services
from hallclient.ui.context import AppContext, open_everything
from hallclient.ui.supervisor import SupervisorWindow
from hallclient.ui.supervisor.hall_view import HallViewWindow
from hallclient.ui.tasks import TaskManager
from queue_helpers import DAY, HallClock, device_token, drive_the_day, ok, serving, window_client

PASSWORD = "server-pass-1"


@pytest.fixture
def hall(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[FastAPI, HallClock]]:
    at = HallClock(DAY)
    monkeypatch.setattr(clock, "source", at)
    monkeypatch.setattr(WorkCalendar, "is_workday", lambda _self, _day: True)
    app = create_app(f"sqlite:///{tmp_path / 'server.sqlite3'}")
    drive_the_day(app, at)
    admin.add_user(app.state.db, "zhaomin", "赵敏", "supervisor", PASSWORD)
    yield app, at
    app.state.db.dispose()


@pytest.fixture
def server_ctx(services: Services, hall: tuple[FastAPI, HallClock]) -> Iterator[tuple[AppContext, FastAPI]]:
    app, _at = hall
    with serving(app) as url:
        services.settings = Settings(lock_minutes=0, server_url=url, device_token=device_token(app, "09"))
        tasks = TaskManager()
        context = AppContext(services.settings, tasks)
        context.adopt(open_everything(services))
        yield context, app
        tasks.shutdown()


def _text(table: QTableWidget, row: int, col: int) -> str:
    item = table.item(row, col)
    assert item is not None, (row, col)
    return item.text()


def _cells(model: Any, row: int) -> list[str]:
    return [str(model.index(row, col).data()) for col in range(model.columnCount())]


def test_queue_tab_signs_in_on_the_server_shows_the_figures_and_exports(
    qtbot: Any, server_ctx: tuple[AppContext, FastAPI], supervisor: Actor, tmp_path: Path
) -> None:
    ctx, _app = server_ctx
    window = SupervisorWindow(ctx, supervisor)
    qtbot.addWidget(window)
    panel = window.queue_panel
    assert panel is not None and window.tabs.tabText(2) == "排队"
    window.tabs.setCurrentWidget(panel)  # not shown: the local figures of 2026 are "in the future" for this store
    assert not panel.sign_in.isHidden() and "请输入您在服务器上的密码" in panel.sign_in.prompt.text()
    panel.sign_in.password.setText("wrong-password")
    with qtbot.waitSignal(panel.sign_in.refused, timeout=10_000):
        qtbot.mouseClick(panel.sign_in.button, Qt.MouseButton.LeftButton)
    assert "服务器拒绝（401）" in panel.sign_in.message.text() and ctx.server_token == ""
    panel.sign_in.password.setText(PASSWORD)
    with qtbot.waitSignal(panel.loaded, timeout=10_000):
        qtbot.mouseClick(panel.sign_in.button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(panel.loaded, timeout=10_000) as shown:
        window.set_period(Period(DAY, DAY))
        window.refresh()
    tally = shown.args[0]
    assert tally.grouping == "category" and panel.sign_in.isHidden()
    heads = [panel.model.headerData(col, Qt.Orientation.Horizontal) for col in range(panel.model.columnCount())]
    assert heads[:3] == ["业务类别", "取号数", "等候时长中位数(分钟)"] and heads[-1] == "暂停服务(分钟)"
    assert _cells(panel.model, 0)[:4] == ["A 企业开办", "4", "6.0", "30.0"]
    assert _cells(panel.model, panel.model.rowCount() - 1)[:2] == ["合计", "5"]
    assert "过号率 20.0%" in panel.summary.text() and "01 号窗口仍在暂停服务" in panel.summary.text()
    panel.grouping.setCurrentIndex(panel.grouping.findData("window"))  # no new request: every grouping came
    assert _cells(panel.model, 0)[0] == "01 号窗口" and _cells(panel.model, 0)[-1] == "30.0"

    out = tmp_path / "queue.csv"
    with qtbot.waitSignal(panel.exported, timeout=10_000):
        panel.export_to(out, "csv")
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0][0] == "窗口" and rows[1][0] == "01 号窗口" and rows[-1][:2] == ["合计", "5"]


def test_live_hall_view_shows_waiting_and_window_states_and_follows_changes(
    qtbot: Any, server_ctx: tuple[AppContext, FastAPI], supervisor: Actor, hall: tuple[FastAPI, HallClock]
) -> None:
    ctx, app = server_ctx
    view = HallViewWindow(ctx, supervisor)
    qtbot.addWidget(view)
    assert not view.sign_in.isHidden() and view.state is None  # nothing is read before the supervisor signs in
    view.sign_in.password.setText(PASSWORD)
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        qtbot.mouseClick(view.sign_in.button, Qt.MouseButton.LeftButton)
    table = view.windows
    rows = [[_text(table, r, c) for c in range(4)] for r in range(table.rowCount())]
    assert rows == [["01", "暂停服务", "", "午休"], ["02", "空闲", "", ""]]
    waiting = [[_text(view.categories, r, c) for c in range(2)] for r in range(view.categories.rowCount())]
    assert waiting == [["A 企业开办", "1"], ["B 人资社保", "0"]]
    assert "等候合计 1 人" in view.title.text() and "更新于" in view.status.text()

    _app, at = hall
    at.at("11:31")
    one = window_client(app, "01")
    ok(one.post("/v1/queue/resume"))
    called = ok(one.post("/v1/queue/call"))["ticket"]
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.refresh()  # what the timer does every few seconds
    assert [_text(table, 0, c) for c in range(3)] == ["01", "叫号中", called["number"]]
    assert _text(view.categories, 0, 1) == "0"
    assert view.timer.isActive()


def test_live_hall_view_without_a_server_says_so(qtbot: Any, ctx: AppContext, supervisor: Actor) -> None:
    view = HallViewWindow(ctx, supervisor)
    qtbot.addWidget(view)
    assert "本机未连接中心服务器" in view.sign_in.prompt.text() and not view.sign_in.password.isVisibleTo(view)
    assert date.today() and view.state is None
