"""The sender killed mid-chunk (SIGKILL, as a crashed server) and started again: no notice reaches the SMSC twice,
and none is lost (each is sent, or marked as interrupted where ``server sms status`` shows it); then a person
requeues the interrupted ones with ``server sms resend --interrupted``, once, with an audit record."""

from __future__ import annotations

import getpass
import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sms_helpers import assembled, running_smsc
from sqlalchemy import select
from sync_helpers import Enrolled, intake

from hallclient.server.db import Database
from hallclient.server.models import StoredEvent
from hallclient.server.sms.admin import REQUEUED_EVENT, import_templates
from hallclient.server.sms.models import SmsMessage
from hallclient.server.sms.sender import INTERRUPTED
from hallclient.services.context import Actor, Services

TEMPLATES = Path(__file__).resolve().parents[2] / "resources" / "sms-templates.toml"


def daytime_templates(folder: Path) -> Path:
    """The demo templates with their quiet hours (21:00-08:00 in the hall) moved 12 hours away from now: the sender
    here is a real process on the real clock, and at night it would rightly hold every message."""
    away = datetime.now(UTC) + timedelta(hours=8 + 12)
    text = TEMPLATES.read_text(encoding="utf-8")
    assert 'quiet_hours = "21:00-08:00"' in text
    path = folder / "sms-templates.toml"
    path.write_text(text.replace('quiet_hours = "21:00-08:00"', f'quiet_hours = "{away:%H}:00-{away:%H}:01"'),
                    encoding="utf-8")  # fmt: skip
    return path


CASES = 12
CHUNK = 4  # messages marked ``sending`` in one commit


LEASE = 1.0


ENV = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2] / "src")}


def run_sender(db_url: str, gateway: str) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "hallclient", "server", "sms", "run", "--once", "--gateway", gateway, "--db",
               db_url, "--lease-seconds", str(LEASE), "--chunk", str(CHUNK)]  # fmt: skip
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV)


def resend(db_url: str, *options: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "hallclient", "server", "sms", "resend", "--interrupted", "--db", db_url, *options]
    return subprocess.run(command, capture_output=True, text=True, env=ENV, stdin=subprocess.DEVNULL, timeout=60,
                          check=False)  # fmt: skip


@pytest.mark.logs_expected("hallclient.server.sms")
def test_sender_killed_mid_batch_sends_nothing_twice_and_loses_nothing(
    services: Services, clerk: Actor, enrolled: Enrolled, server_db: Database, db_url: str, tmp_path: Path,
) -> None:  # fmt: skip
    numbers = [intake(services, clerk).case_no for _ in range(CASES)]
    enrolled.syncer.run_once()
    import_templates(server_db, daytime_templates(tmp_path))
    with running_smsc(tmp_path, delay_ms=40) as smsc:
        first = run_sender(db_url, smsc.uri())
        deadline = time.monotonic() + 60
        while len(smsc.submits()) < 5 and time.monotonic() < deadline:
            time.sleep(0.02)
        os.kill(first.pid, signal.SIGKILL)
        first.communicate()
        killed_at = len(smsc.submits())
        # (the dead sender's lease must run out first: the two-senders test holds that part)
        time.sleep(LEASE)
        assert 5 <= killed_at < CASES * 2  # killed mid-batch (each 受理 text is two parts)
        second = run_sender(db_url, smsc.uri())
        out, err = second.communicate(timeout=120)
        assert second.returncode == 0, err
        texts = assembled(smsc.submits())
    with server_db.session() as session:
        rows = session.scalars(select(SmsMessage)).all()
    per_case = Counter(number for text in texts for number in numbers if number in text)
    assert max(per_case.values()) == 1  # nothing twice
    statuses = Counter(row.status for row in rows)
    interrupted = [row for row in rows if row.reason == INTERRUPTED]
    assert len(rows) == CASES and statuses["sent"] + statuses["delivered"] + len(interrupted) == CASES  # none lost
    assert 1 <= len(interrupted) <= CHUNK  # at most the chunk in the gateway's hands at the kill
    assert len(per_case) >= CASES - len(interrupted)
    assert "已发" in out

    # A person requeues the interrupted ones: asked first (no terminal: refused, nothing changes) …
    unconfirmed = resend(db_url)
    assert (
        unconfirmed.returncode == 2 and "请在终端确认" in unconfirmed.stderr and "Traceback" not in unconfirmed.stderr
    )
    confirmed = resend(db_url, "--yes")
    assert confirmed.returncode == 0, confirmed.stderr
    assert f"共 {len(interrupted)} 条" in confirmed.stdout and f"已重新排队 {len(interrupted)} 条" in confirmed.stdout
    assert "138****0000" in confirmed.stdout and "13800000000" not in confirmed.stdout
    assert "没有发送中断" in resend(db_url, "--yes").stdout  # each is requeued once
    with server_db.session() as session:
        audit = session.scalars(select(StoredEvent).where(StoredEvent.type == REQUEUED_EVENT)).all()
    assert sorted(json.loads(row.payload)["notice_id"] for row in audit) == sorted(r.notice_id for r in interrupted)
    assert {json.loads(row.payload)["by"] for row in audit} == {getpass.getuser()}
    # … and the next round sends them: every case reached the SMSC; a duplicate only where the kill left one.
    with running_smsc(tmp_path) as smsc:
        third = run_sender(db_url, smsc.uri())
        third.communicate(timeout=120)
        resent = assembled(smsc.submits())
    assert sorted(number for text in resent for number in numbers if number in text) == sorted(
        row.case_no for row in interrupted
    )
    assert {number for text in texts + resent for number in numbers if number in text} == set(numbers)
