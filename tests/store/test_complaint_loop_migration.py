"""Revision 0006: a store with complaints at the old stages upgrades to the six-step loop with nothing lost.

The store is written by the register, then taken back to 0005 (the old schema: no step log, no handler,
a complaint past 回访反馈 closed) and opened again, which upgrades it: every row keeps its stage, the
finished steps come back from their ``complaint.advanced`` events with who, when and what, whoever
recorded 受理 is the handler, and the loop goes on from where each complaint stood.
"""

from __future__ import annotations

import sqlite3
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from alembic import command
from sqlalchemy import select

from hallclient.config import Settings
from hallclient.services import complaints
from hallclient.services.context import Actor, Services
from hallclient.services.ratings import record_rating
from hallclient.services.users import add_user
from hallclient.store import migrate
from hallclient.store.bootstrap import device_id, open_store
from hallclient.store.supervision_models import Complaint, ComplaintStep

SHANGHAI = ZoneInfo("Asia/Shanghai")


def test_0005_store_with_old_stage_complaints_upgrades_to_the_six_steps(
    services: Services, clerk: Actor, store_path: Path, clock: Any
) -> None:
    boss = add_user(services, "zhaomin", "赵敏", "supervisor", "secret123")
    waiting = complaints.register_complaint(services, boss, complaints.ComplaintInput("phone", "电话打不通"))
    followed = complaints.register_complaint(services, boss, complaints.ComplaintInput("online", "预约失败"))
    finished = complaints.register_complaint(services, boss, complaints.ComplaintInput("on_site", "态度生硬"))
    clock.moment = datetime(2026, 3, 3, 9, 0, tzinfo=SHANGHAI)
    for note in ("受理", "核实属实", "已整改"):
        complaints.advance(services, boss, followed, note)
    for note in ("受理", "核实属实", "已整改"):
        complaints.advance(services, boss, finished, note)
    complaints.advance(services, boss, finished, "已回访", result="满意")  # the old register closed it here
    bad = record_rating(services, clerk, level=1)
    with services.store.read() as session:
        appealed = session.scalar(select(Complaint.id).where(Complaint.rating_id == bad))
    assert appealed is not None
    complaints.flag_appeal(services, clerk, appealed, "误点")
    complaints.decide_appeal(services, boss, appealed, True, "监控核实")
    services.store.close()

    command.downgrade(migrate.alembic_config(store_path), "0005")
    connection = sqlite3.connect(store_path)
    stages = dict(connection.execute("SELECT id, stage FROM complaints").fetchall())
    tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    connection.close()
    assert stages == {waiting: "accepted", followed: "follow_up", finished: "closed", appealed: "closed"}
    assert "complaint_steps" not in tables  # what the previous version had

    store = open_store(store_path)
    upgraded = Services(store=store, settings=Settings(), device_id=device_id(store), clock=clock)
    try:
        assert migrate.current_revision(store_path) == migrate.head_revision()
        with store.read() as session:
            rows = {row.id: row for row in session.scalars(select(Complaint))}
            assert {key: row.stage for key, row in rows.items()} == stages
            assert (rows[followed].handler_name, rows[finished].handler_name, rows[waiting].handler_name) == (
                "赵敏", "赵敏", "")  # fmt: skip
            logged = sorted((step.complaint_id == finished, step.step, step.actor_name, step.text, step.at)
                            for step in session.scalars(select(ComplaintStep)))  # fmt: skip
        at = datetime(2026, 3, 3, 9, 0)
        assert [item[1:] for item in logged if item[0]] == sorted([
            ("accepted", "赵敏", "受理", at), ("investigating", "赵敏", "核实属实", at),
            ("rectifying", "赵敏", "已整改", at), ("follow_up", "赵敏", "已回访", at),
        ])  # fmt: skip
        assert len([item for item in logged if not item[0]]) == 3
        entries = {entry.id: entry for entry in complaints.register_entries(upgraded, today=date(2026, 3, 20))}
        # Closed before the two new steps existed: those stay empty and are not overdue.
        assert [state.done for state in entries[finished].steps] == [True] * 4 + [False] * 2
        assert entries[finished].overdue_steps == ()
        assert entries[waiting].overdue_steps == complaints.STEPS  # open and past every due day
        # The loop goes on from where it stood: 回访反馈, then the two new steps, then 办结.
        assert complaints.advance(upgraded, boss, followed, "已回访", result="基本满意") == "lessons"
        assert complaints.advance(upgraded, boss, followed, "排查同类窗口") == "lasting"
        assert complaints.advance(upgraded, boss, followed, "纳入培训") == "closed"
    finally:
        store.close()
