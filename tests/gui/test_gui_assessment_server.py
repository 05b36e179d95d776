"""The 考核 tab's 全厅 (hall-wide) choice against a real server (SQLite, uvicorn on loopback): sign-in, the
server's ranking, its drill-down and publishing a quarter there."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from PySide6.QtCore import Qt

from hallclient.config import Settings
from hallclient.demo import demo_catalog
from hallclient.domain.workdays import WorkCalendar
from hallclient.server import admin, clock
from hallclient.server.app import create_app
from hallclient.services.context import Actor, Services
from hallclient.services.findings import FindingInput, record_finding
from hallclient.sync.engine import Syncer
from hallclient.sync.transport import SyncClient
from hallclient.ui.context import AppContext, open_everything
from hallclient.ui.supervisor.assessment import AssessmentPanel
from hallclient.ui.tasks import TaskManager
from queue_helpers import DAY, HallClock, device_token, drive_the_day, serving

PASSWORD = "server-pass-1"


def _upload_a_finding(app: FastAPI, services: Services, supervisor: Actor) -> None:
    """This PC records a finding and uploads it through the real sync client (the server's data to assess)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # Starlette's test client prefers httpx2
        from fastapi.testclient import TestClient

    _device, code = admin.add_device(app.state.db, "05")
    enrolled = TestClient(app).post("/v1/enroll", json={"code": code, "device_id": services.device_id})
    http = TestClient(app, headers={"Authorization": f"Bearer {enrolled.json()['token']}"})
    record_finding(services, supervisor, FindingInput("wangfang", "inspection", -2, "窗口无人值守", department="ZRZY"))
    assert Syncer(services.store, SyncClient(http)).run_once().upload.rejected == 0


@pytest.fixture
def server_ctx(
    services: Services, supervisor: Actor, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[AppContext]:
    at = HallClock(DAY)
    monkeypatch.setattr(clock, "source", at)
    monkeypatch.setattr(WorkCalendar, "is_workday", lambda _self, _day: True)
    app: FastAPI = create_app(f"sqlite:///{tmp_path / 'server.sqlite3'}")
    drive_the_day(app, at)
    admin.add_user(app.state.db, "zhaomin", "赵敏", "supervisor", PASSWORD)
    admin.import_catalog(app.state.db, demo_catalog())
    _upload_a_finding(app, services, supervisor)
    with serving(app) as url:
        services.settings = Settings(lock_minutes=0, server_url=url, device_token=device_token(app, "09"))
        tasks = TaskManager()
        context = AppContext(services.settings, tasks)
        context.adopt(open_everything(services))
        yield context
        tasks.shutdown()
    app.state.db.dispose()


def test_hall_wide_assessment_from_the_server(qtbot: Any, server_ctx: AppContext, supervisor: Actor) -> None:
    panel = AssessmentPanel(server_ctx, supervisor)
    qtbot.addWidget(panel)
    assert panel.server_choice.isEnabled() and panel.server_choice.toolTip() == ""
    panel.set_period("2025-03")  # the month of the uploaded finding (this PC's clock: 2025-03-03)
    panel.server_choice.setChecked(True)
    panel.compute()
    assert not panel.sign_in.isHidden()  # nothing is read before the supervisor signs in on the server
    panel.sign_in.password.setText(PASSWORD)
    with qtbot.waitSignal(panel.loaded, timeout=20_000) as shown:
        qtbot.mouseClick(panel.sign_in.button, Qt.MouseButton.LeftButton)
    assessment = shown.args[0]
    assert assessment.source == "server" and panel.sign_in.isHidden()
    assert "全厅（服务器）" in panel.summary.text() and "未发布（草稿）" in panel.summary.text()
    assert panel.ranking_model.rowCount() == len(assessment.rows) > 0
    assert "ZRZY" in [row.key for row in assessment.rows]
    assert panel.notes.text()  # the server's coverage notes are shown
    panel.select_key("ZRZY")
    zrzy = next(row for row in assessment.rows if row.key == "ZRZY")
    finding = next(i for i, score in enumerate(zrzy.breakdown) if score.indicator.finding_kind and score.evidence)
    panel.breakdown.selectRow(finding)
    panel.drill_down()  # the server's evidence for that indicator, on the network thread
    qtbot.waitUntil(lambda: panel.drill_dialog is not None, timeout=20_000)
    drill = panel.drill_dialog
    assert drill is not None
    dialog_texts = [drill.list.item(i).text() for i in range(drill.list.count())]
    assert any("窗口无人值守" in text for text in dialog_texts)  # the server's evidence: the uploaded finding
    drill.close()

    panel.set_period("2025Q1")  # a finished quarter: published on the server, signed by the server
    with qtbot.waitSignal(panel.loaded, timeout=20_000):
        panel.compute()
    dialog = panel.open_publish_dialog()
    assert dialog is not None and not dialog.needs_password
    with qtbot.waitSignal(panel.published, timeout=20_000) as published, qtbot.waitSignal(panel.loaded, timeout=20_000):
        dialog.submit()
    assert published.args == [1] and panel.version == 1 and "已发布 第 1 版" in panel.summary.text()
