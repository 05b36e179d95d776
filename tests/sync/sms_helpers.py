"""The test SMSC (tests/sms/smsc.py) as a process, and what it recorded."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sync_helpers import Enrolled, intake

from hallclient.domain.case import Decision
from hallclient.server.db import Database
from hallclient.server.sms.admin import import_templates
from hallclient.server.sms.models import SmsMessage
from hallclient.server.sms.sender import run_once
from hallclient.server.sms.uri import gateway_for
from hallclient.services import cases
from hallclient.services.context import Actor, Services

SMSC_SCRIPT = Path(__file__).resolve().parents[1] / "sms" / "smsc.py"
PASSWORD = "s3cret"
TEMPLATES = Path(__file__).resolve().parents[2] / "resources" / "sms-templates.toml"


def invited(
    services: Services, clerk: Actor, enrolled: Enrolled, server_db: Database, tmp_path: Path
) -> tuple[str, str]:
    """A completed case whose rating invitation went out: (case_no, code)."""
    case = intake(services, clerk)
    cases.complete(services, clerk, case.case_id, Decision.APPROVED)
    enrolled.syncer.run_once()
    import_templates(server_db, TEMPLATES)
    assert run_once(server_db, gateway_for(f"file:{tmp_path / 'sms.jsonl'}"), holder="t").sent == 3
    with server_db.session() as session:
        code = session.scalar(select(SmsMessage.rating_code).where(SmsMessage.kind == "rating_invite"))
    assert code is not None and len(code) == 8
    assert code in (tmp_path / "sms.jsonl").read_text(encoding="utf-8")  # the text the citizen got carries it
    return case.case_no, code


@dataclass
class Smsc:
    port: int
    log: Path
    process: subprocess.Popen[str]

    def uri(self, password: str = PASSWORD, **query: str) -> str:
        options = "&".join(f"{key}={value}" for key, value in {"source_addr": "10690001", **query}.items())
        return f"smpp://hall:{password}@127.0.0.1:{self.port}?{options}"

    def records(self, pdu: str | None = None) -> list[dict[str, Any]]:
        lines = self.log.read_text(encoding="utf-8").splitlines() if self.log.exists() else []
        found = [json.loads(line) for line in lines]
        return [item for item in found if pdu is None or item["pdu"] == pdu]

    def submits(self) -> list[dict[str, Any]]:
        return self.records("submit_sm")


@contextmanager
def running_smsc(folder: Path, delay_ms: float = 0, hangup_after: int = 0) -> Iterator[Smsc]:
    log = folder / f"smsc-{len(list(folder.glob('smsc-*.log')))}.log"
    command = [sys.executable, str(SMSC_SCRIPT), "--log", str(log), "--password", PASSWORD, "--delay-ms", str(delay_ms),
               "--hangup-after", str(hangup_after)]  # fmt: skip
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        with process.stdout:
            port = int(process.stdout.readline())
        yield Smsc(port, log, process)
    finally:
        process.kill()
        process.wait()


def text_of(submit: dict[str, Any]) -> str:
    """The text of one submitted part (its UDH, if any, left out)."""
    body = bytes.fromhex(submit["short_message"])
    if submit["esm_class"] & 0x40:
        body = body[body[0] + 1 :]
    return body.decode("utf-16-be")


def assembled(submits: list[dict[str, Any]]) -> list[str]:
    """Whole texts from submitted parts, joined by their concatenation reference (UDH 05 00 03 ref total seq)."""
    texts: list[str] = []
    pending: dict[int, list[str]] = {}
    for submit in submits:
        body = bytes.fromhex(submit["short_message"])
        if not submit["esm_class"] & 0x40:
            texts.append(body.decode("utf-16-be"))
            continue
        ref, total, seq = body[3], body[4], body[5]
        if seq == 1:  # a new message under this reference (an unfinished one before it stays unassembled)
            pending[ref] = []
        pending.setdefault(ref, []).append(text_of(submit))
        if len(pending[ref]) == total:
            texts.append("".join(pending.pop(ref)))
    return texts
