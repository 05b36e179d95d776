"""Revision 0005: the local store's older spellings of 容缺 and 不予受理 become deficiency and refusal.

A store as the previous version left it (revision 0004: slip kinds ``rejection`` / ``tolerance``, columns
``tolerable`` / ``tolerated``) upgrades with every value kept under the new names, and downgrades back.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from alembic import command
from sqlalchemy import select

from hallclient.devices.printer.queue import PrintQueue
from hallclient.devices.printer.samples import sample_slips
from hallclient.devices.printer.slips import SlipKind
from hallclient.domain.case import Outcome
from hallclient.domain.workdays import WorkCalendar
from hallclient.services import cases
from hallclient.services.cases import Applicant, IntakeRequest, ReceivedMaterial
from hallclient.services.context import Actor, Services
from hallclient.store import migrate
from hallclient.store.bootstrap import open_store
from hallclient.store.models import CaseMaterial, Material, PrintJob

PERSON = Applicant(kind="person", name="张三", id_type="id_card", id_number="11010519491231002x")
KINDS = (SlipKind.RECEIPT, SlipKind.REFUSAL, SlipKind.DEFICIENCY)


def _record_deficient_case_and_jobs(services: Services, clerk: Actor, calendar: WorkCalendar) -> None:
    materials = (
        *(ReceivedMaterial(code, True, 1, 1) for code in ("M1", "M2", "M3")),
        ReceivedMaterial("M4", False, deficient=True),
    )
    request = IntakeRequest("XK0001", PERSON, Outcome.ACCEPT_WITH_DEFICIENCY, materials)
    cases.record_intake(services, clerk, request, calendar)
    slips, queue = sample_slips(), PrintQueue(services.store)
    with services.store.write() as session:
        for kind in KINDS:
            queue.enqueue(session, slips[kind], "file:/dev/null")


def _sqlite_rows(path: Path, sql: str) -> list[tuple[object, ...]]:
    connection = sqlite3.connect(path)
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


def test_0004_store_upgrades_to_refusal_and_deficiency_with_every_value_kept(
    services: Services, clerk: Actor, calendar: WorkCalendar, store_path: Path
) -> None:
    _record_deficient_case_and_jobs(services, clerk, calendar)
    services.store.close()
    command.downgrade(migrate.alembic_config(store_path), "0004")
    # What the previous version wrote.
    assert sorted(_sqlite_rows(store_path, "SELECT kind FROM print_jobs")) == [
        ("receipt",),
        ("rejection",),
        ("tolerance",),
    ]
    assert _sqlite_rows(store_path, "SELECT material_code FROM case_materials WHERE tolerated") == [("M4",)]
    assert _sqlite_rows(store_path, "SELECT code FROM materials WHERE tolerable AND matter_code = 'XK0001'") == [
        ("M4",)
    ]

    store = open_store(store_path)
    try:
        assert migrate.current_revision(store_path) == migrate.head_revision()
        with store.read() as session:
            assert sorted(session.scalars(select(PrintJob.kind))) == sorted(kind.value for kind in KINDS)
            assert list(session.scalars(select(CaseMaterial.material_code).where(CaseMaterial.deficient))) == ["M4"]
            allowed = select(Material.code).where(Material.deficiency_allowed, Material.matter_code == "XK0001")
            assert list(session.scalars(allowed)) == ["M4"]
        assert sorted(job.kind for job in PrintQueue(store).jobs()) == sorted(KINDS)
    finally:
        store.close()


def test_0005_downgrades_to_the_older_spellings(
    services: Services, clerk: Actor, calendar: WorkCalendar, store_path: Path
) -> None:
    _record_deficient_case_and_jobs(services, clerk, calendar)
    services.store.close()
    command.downgrade(migrate.alembic_config(store_path), "0004")
    command.upgrade(migrate.alembic_config(store_path), "0005")
    command.downgrade(migrate.alembic_config(store_path), "0004")
    assert sorted(_sqlite_rows(store_path, "SELECT kind FROM print_jobs")) == [
        ("receipt",),
        ("rejection",),
        ("tolerance",),
    ]
    assert _sqlite_rows(store_path, "SELECT material_code FROM case_materials WHERE tolerated") == [("M4",)]
