"""A case reported as recorded survives the process being killed; a half-done write leaves nothing behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from sqlalchemy import select

from hallclient.store.bootstrap import open_store
from hallclient.store.eventlog import verify_chain
from hallclient.store.models import Case, Event

WRITER = textwrap.dedent(
    """
    import sys
    sys.path.insert(0, {tests!r})
    from conftest import small_catalog
    from hallclient.config import Settings
    from hallclient.domain.case import Outcome
    from hallclient.domain.workdays import WorkCalendar
    from hallclient.services import cases
    from hallclient.services.catalog import import_catalog
    from hallclient.services.context import Services
    from hallclient.services.users import add_user
    from hallclient.store.bootstrap import device_id, open_store

    from pathlib import Path
    store = open_store(Path({db!r}))
    services = Services(store=store, settings=Settings(), device_id=device_id(store))
    import_catalog(store, small_catalog())
    clerk = add_user(services, "w", "王芳", "clerk", "secret123")
    request = cases.IntakeRequest(
        matter_code="XK0001",
        applicant=cases.Applicant(name="张三", id_number="11010519491231002X"),
        outcome=Outcome.ACCEPT,
        materials=tuple(cases.ReceivedMaterial(c, True, 1, 1) for c in ("M1", "M2", "M3", "M4")),
    )
    calendar = WorkCalendar.load_default()
    while True:
        result = cases.record_intake(services, clerk, request, calendar)
        print(result.case_no, flush=True)
    """
)


def test_killed_writer_loses_no_reported_case_and_leaves_no_partial_one(tmp_path: Path) -> None:
    db = tmp_path / "crash.sqlite3"
    script = WRITER.format(tests=str(Path(__file__).resolve().parents[1]), db=str(db))
    process = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    reported = [process.stdout.readline().strip() for _ in range(40)]
    os.kill(process.pid, signal.SIGKILL)  # no clean-up, no atexit: like a power cut for the process
    process.wait()
    process.stdout.close()
    store = open_store(db)
    with store.read() as session:
        numbers = set(session.scalars(select(Case.case_no)))
        intake_events = session.scalars(select(Event).where(Event.type == "case.accepted")).all()
        report = verify_chain(session)
    store.close()
    assert set(reported) <= numbers  # every number the clerk saw is there
    assert len(intake_events) == len(numbers)  # every case has its event, every event its case
    assert report.events == 2 * len(numbers) + 1  # each case with its notice (same transaction), + user.added
