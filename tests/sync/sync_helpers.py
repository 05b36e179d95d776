"""Helpers shared by the sync tests (a uniquely named module: test folders are not packages)."""

from __future__ import annotations

import signal
import subprocess
import warnings
from dataclasses import dataclass
from datetime import datetime

from fastapi import FastAPI

with warnings.catch_warnings():
    # Starlette 1.x prefers httpx2 for its test client; the httpx-based one still works as before.
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from hallclient.domain.case import Outcome
from hallclient.domain.workdays import WorkCalendar
from hallclient.server import admin
from hallclient.services.cases import Applicant, CaseResult, IntakeRequest, ReceivedMaterial, record_intake
from hallclient.services.context import Actor, Services
from hallclient.store import eventlog
from hallclient.sync.engine import Syncer
from hallclient.sync.transport import SyncClient


@dataclass
class Enrolled:
    token: str
    device_row: str
    http: TestClient
    syncer: Syncer


def enrol(app: FastAPI, services: Services, window: str = "05") -> Enrolled:
    device_row, code = admin.add_device(app.state.db, window)
    plain = TestClient(app)
    response = plain.post("/v1/enroll", json={"code": code, "device_id": services.device_id})
    assert response.status_code == 200, response.text
    token = response.json()["token"]
    http = TestClient(app, headers={"Authorization": f"Bearer {token}"})
    assert http.get("/v1/ping").status_code == 200  # what `hallclient enroll` does: confirms the enrolment
    return Enrolled(token, device_row, http, Syncer(services.store, SyncClient(http)))


PERSON = Applicant(name="张三", id_number="11010519491231002X", phone="13800000000")


def intake(services: Services, clerk: Actor, outcome: Outcome = Outcome.ACCEPT) -> CaseResult:
    request = IntakeRequest(
        matter_code="XK0001",
        applicant=PERSON,
        outcome=outcome,
        materials=tuple(ReceivedMaterial(code, True, 1, 1) for code in ("M1", "M2", "M3", "M4")),
    )
    return record_intake(services, clerk, request, WorkCalendar.load_default())


def forge(window: Services, case_id: str, type: str, payload: dict[str, object], actor: str = "attacker") -> None:
    """An event in the window's own, valid hash chain, about any case id (what an attacker can do)."""
    with window.store.write() as session:
        eventlog.append(session, device_id=window.device_id, case_id=case_id, type=type, payload=payload,
                        actor=actor, at=datetime.now().astimezone())  # fmt: skip


def stop_server(process: subprocess.Popen[bytes], grace: float = 8) -> None:
    """End a ``hallclient serve`` process as an IT job would (SIGTERM), killing it after ``grace`` seconds."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(grace)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)
    if process.stderr:
        process.stderr.close()
