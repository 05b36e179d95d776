"""A case completed in the back office (``server/casework.py``) sends the notices a window's completion sends:
办结/可取件 and the rating invitation, with the same payload, exactly once. SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sms_helpers import TEMPLATES
from sqlalchemy import select
from sync_helpers import Enrolled, intake

from hallclient.errors import HallError
from hallclient.server import clock
from hallclient.server.casework import complete_case
from hallclient.server.db import Database
from hallclient.server.models import StoredEvent
from hallclient.server.sms.admin import import_templates
from hallclient.server.sms.models import SmsMessage
from hallclient.server.sms.ratings import SERVER_CHAIN_ID
from hallclient.server.sms.sender import run_once
from hallclient.server.sms.uri import gateway_for
from hallclient.services.context import Actor, Services


@pytest.fixture
def hall_noon(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clock, "source", lambda: datetime(2026, 3, 2, 4, 0, tzinfo=UTC))  # 12:00 in the hall


def test_back_office_completion_queues_the_windows_completion_notices_once(
    services: Services, clerk: Actor, enrolled: Enrolled, server_db: Database, tmp_path: Path, hall_noon: None
) -> None:
    case = intake(services, clerk)
    enrolled.syncer.run_once()
    with server_db.session() as session:
        complete_case(session, case.case_no, "approved", "后台办结", "zhao")
    with pytest.raises(HallError), server_db.session() as session:  # a second completion is refused, no notice
        complete_case(session, case.case_no, "approved", "后台办结", "zhao")
    enrolled.syncer.run_once()  # the window applies the completion and queues nothing of its own
    enrolled.syncer.run_once()
    with server_db.session() as session:
        queued = session.scalars(select(StoredEvent).where(StoredEvent.type == "notice.queued")).all()
    by_device = sorted((row.device_id == SERVER_CHAIN_ID, json.loads(row.payload)["kind"]) for row in queued)
    assert by_device == [(False, "accepted"), (True, "rating_invite"), (True, "ready")]
    ready = next(json.loads(row.payload) for row in queued if json.loads(row.payload)["kind"] == "ready")
    assert ready["phone"] == "13800000000" and ready["case_no"] == case.case_no
    assert ready["params"] == {"case_no": case.case_no, "matter": ready["params"]["matter"], "name": "张三",
                               "hall_phone": "0571-87000000", "decision": "准予"}  # fmt: skip
    assert ready["params"]["matter"]

    import_templates(server_db, TEMPLATES)
    out = tmp_path / "sms.jsonl"
    assert run_once(server_db, gateway_for(f"file:{out}"), holder="t").sent == 3
    assert run_once(server_db, gateway_for(f"file:{out}"), holder="t").sent == 0
    texts = [json.loads(line)["text"] for line in out.read_text(encoding="utf-8").splitlines()]
    assert sum("已办结" in text for text in texts) == 1 and sum("/r/" in text for text in texts) == 1
    with server_db.session() as session:
        code = session.scalar(select(SmsMessage.rating_code).where(SmsMessage.kind == "rating_invite"))
    assert code is not None
