"""``hallclient server sms resend --interrupted``: which messages it offers (interrupted, not yet requeued, since
a hall day) and how it refuses bad input. SQLite and PostgreSQL."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from hallclient.server import clock
from hallclient.server.db import Database
from hallclient.server.sms.admin import interrupted_messages, requeue_interrupted
from hallclient.server.sms.models import SmsMessage, SmsStatus
from hallclient.server.sms.sender import INTERRUPTED

SRC = Path(__file__).resolve().parents[2] / "src"


def _message(notice_id: str, done_at: datetime, reason: str = INTERRUPTED) -> SmsMessage:
    return SmsMessage(notice_id=notice_id, event_id=f"e-{notice_id}", device_id="d", case_id="c", case_no="N",
                      kind="ready", phone="13800000000", phone_hash="h", params="{}", status=SmsStatus.FAILED,
                      reason=reason, attempts=1, next_attempt_at=done_at, day=done_at.date(), created_at=done_at,
                      done_at=done_at, updated_at=done_at)  # fmt: skip


def test_resend_offers_interrupted_messages_since_a_hall_day_and_each_once(
    server_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(clock, "source", lambda: datetime(2026, 3, 3, 4, 0, tzinfo=UTC))
    with server_db.session() as session:
        session.add(_message("1", datetime(2026, 3, 1, 15, 30)))  # 23:30 on 1 March in the hall
        session.add(_message("2", datetime(2026, 3, 1, 16, 30)))  # 00:30 on 2 March in the hall
        session.add(_message("3", datetime(2026, 3, 2, 3, 0), reason="短信中心拒收（0x0B）"))  # refused: not offered
    assert [m.notice_id for m in interrupted_messages(server_db)] == ["1", "2"]
    assert [m.notice_id for m in interrupted_messages(server_db, date(2026, 3, 2))] == ["2"]
    assert requeue_interrupted(server_db, ["2", "3"], by="zhao") == 1
    with server_db.session() as session:
        row = session.get(SmsMessage, "2")
        assert row is not None and (row.status, row.reason, row.done_at) == (SmsStatus.QUEUED, "", None)
        row.status, row.reason = SmsStatus.FAILED, INTERRUPTED  # interrupted again after its requeue
    assert [m.notice_id for m in interrupted_messages(server_db)] == ["1"]  # requeued once, never again
    assert requeue_interrupted(server_db, ["2"], by="zhao") == 0


def test_resend_refuses_a_bad_date_in_one_chinese_line(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "hallclient", "server", "sms", "resend", "--interrupted", "--since", "3月2日",
               "--db", f"sqlite:///{tmp_path / 's.sqlite3'}"]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(SRC)},
                            timeout=60, check=False)  # fmt: skip
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.strip().count("\n") == 0 and "--since" in result.stderr
