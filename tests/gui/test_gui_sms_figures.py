"""The 统计数据 tab's 全厅 source against a real server (SQLite, uvicorn on loopback): after signing in there,
the SMS figures the server sent through the ``file:`` gateway are shown, equal to its messages; the local
source says the window sends none."""

from __future__ import annotations

import warnings
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from PySide6.QtCore import Qt
from sqlalchemy import select

from hallclient.config import Settings
from hallclient.domain.case import Outcome
from hallclient.domain.tally import Period
from hallclient.domain.workdays import WorkCalendar
from hallclient.server import admin, clock
from hallclient.server.app import create_app
from hallclient.server.sms.admin import import_templates
from hallclient.server.sms.models import SmsMessage
from hallclient.server.sms.sender import run_once
from hallclient.server.sms.templates import part_count
from hallclient.server.sms.uri import gateway_for
from hallclient.services.cases import Applicant, IntakeRequest, ReceivedMaterial, record_intake
from hallclient.services.context import Actor, Services
from hallclient.sync.engine import Syncer
from hallclient.sync.transport import SyncClient
from hallclient.ui.context import AppContext, open_everything
from hallclient.ui.supervisor.window import SupervisorWindow
from hallclient.ui.tasks import TaskManager
from queue_helpers import serving

PASSWORD = "server-pass-1"
TEMPLATES = Path(__file__).resolve().parents[2] / "resources" / "sms-templates.toml"
DAY = date(2025, 3, 3)  # the window's clock (tests/gui/conftest.py NOW)


def _sent_notices(app: FastAPI, services: Services, clerk: Actor, tmp_path: Path) -> str:
    """Two 即办 cases at this PC, uploaded; the server sends their notices (办结/可取件 and 好差评邀请 each)
    through the file gateway; one is then marked failed as a receipt would. The device token."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # Starlette's test client prefers httpx2
        from fastapi.testclient import TestClient

    _device, code = admin.add_device(app.state.db, "05")
    token = TestClient(app).post("/v1/enroll", json={"code": code, "device_id": services.device_id}).json()["token"]
    for name in ("张三", "李四"):
        request = IntakeRequest(
            matter_code="330106-GA-003", applicant=Applicant(name=name, id_number="11010519491231002X",
                                                             phone="13800000000"),
            outcome=Outcome.COMPLETE_IMMEDIATELY, materials=(ReceivedMaterial("G1", True, 1, 0),),
        )  # fmt: skip
        record_intake(services, clerk, request, WorkCalendar.load_default())
    http = TestClient(app, headers={"Authorization": f"Bearer {token}"})
    assert Syncer(services.store, SyncClient(http)).run_once().upload.rejected == 0
    import_templates(app.state.db, TEMPLATES)
    assert run_once(app.state.db, gateway_for(f"file:{tmp_path / 'sms.jsonl'}"), holder="t").sent == 4
    with app.state.db.session() as session:
        failed = session.scalars(select(SmsMessage).where(SmsMessage.kind == "ready")).first()
        assert failed is not None
        failed.status, failed.reason = "failed", "未送达（UNDELIV）"
    return str(token)


def _hand_count(app: FastAPI) -> dict[str, list[str]]:
    """Per kind label: sent, delivered, failed, not sent, waiting, billed parts, from the messages themselves."""
    counts: dict[str, Counter[str]] = {}
    with app.state.db.session() as session:
        for row in session.scalars(select(SmsMessage)):
            count = counts.setdefault({"ready": "办结/可取件", "rating_invite": "好差评邀请"}[row.kind], Counter())
            if row.status in ("sent", "delivered"):
                count["sent"] += 1
                count["parts"] += part_count(row.text)
            count[row.status] += row.status in ("delivered", "failed", "suppressed", "queued")
    names = ("sent", "delivered", "failed", "suppressed", "queued", "parts")
    table = {label: [str(count[name]) for name in names] for label, count in counts.items()}
    table["短信发送条数"] = [str(sum(count[name] for count in counts.values())) for name in names]
    return table


@pytest.fixture
def server_ctx(
    services: Services, clerk: Actor, supervisor: Actor, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[AppContext, FastAPI]]:
    monkeypatch.setattr(clock, "source", lambda: datetime(2025, 3, 3, 3, 0, tzinfo=UTC))  # 11:00 in the hall
    app: FastAPI = create_app(f"sqlite:///{tmp_path / 'server.sqlite3'}")
    admin.add_user(app.state.db, "zhaomin", "赵敏", "supervisor", PASSWORD)
    token = _sent_notices(app, services, clerk, tmp_path)
    with serving(app) as url:
        services.settings = Settings(lock_minutes=0, server_url=url, device_token=token)
        tasks = TaskManager()
        context = AppContext(services.settings, tasks)
        context.adopt(open_everything(services))
        yield context, app
        tasks.shutdown()
    app.state.db.dispose()


def _table(window: SupervisorWindow) -> dict[str, list[str]]:
    model = window.sms_panel.model
    return {model.item(r, 0).text(): [model.item(r, c).text() for c in range(1, model.columnCount())]
            for r in range(model.rowCount())}  # fmt: skip


def test_hall_wide_source_shows_the_servers_sms_figures(
    qtbot: Any, supervisor: Actor, server_ctx: tuple[AppContext, FastAPI]
) -> None:
    ctx, app = server_ctx
    window = SupervisorWindow(ctx, supervisor)
    qtbot.addWidget(window)
    qtbot.waitSignal(window.tally_loaded, timeout=10_000).wait()  # the first load: this PC's today
    assert "本机统计不含短信" in window.sms_panel.line.text() and window.sms_panel.table.isHidden()
    window.set_period(Period.day(DAY))
    assert not window.server_choice.isHidden() and window.server_choice.isEnabled()
    window.server_choice.setChecked(True)  # asks for the server password before reading anything
    qtbot.waitUntil(lambda: not window.sign_in.isHidden(), timeout=10_000)
    window.sign_in.password.setText(PASSWORD)
    with qtbot.waitSignal(window.tally_loaded, timeout=20_000) as loaded:
        qtbot.mouseClick(window.sign_in.button, Qt.MouseButton.LeftButton)
    tally = loaded.args[0]
    assert tally.source == "server" and tally.sms is not None and tally.sms.provided
    model = window.sms_panel.model
    heads = [model.horizontalHeaderItem(column).text() for column in range(model.columnCount())]
    assert heads == ["短信类型", "发送", "送达", "失败", "未发（退订/无号码）", "待发", "计费条数"]
    assert _table(window) == _hand_count(app)
    assert _table(window)["短信发送条数"][:3] == ["3", "0", "1"]
    assert "短信发送条数 <b>3</b>" in window.sms_panel.line.text()
    assert not window.sms_panel.table.isHidden()
