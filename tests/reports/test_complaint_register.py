"""The complaint / bad-review register: working-day SLA, the stage flow, events, and its tally figures."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from hallclient.domain.tally import Period
from hallclient.domain.workdays import WorkCalendar
from hallclient.errors import HallError
from hallclient.services import complaints
from hallclient.services.context import Actor, Services
from hallclient.services.ratings import record_rating
from hallclient.services.tallies import local_tally
from hallclient.services.users import add_user
from hallclient.store.models import Event
from hallclient.store.supervision_models import Complaint

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def supervisor(services: Services) -> Actor:
    return add_user(services, "zhaomin", "赵敏", "supervisor", "secret123")


def _events(services: Services, type_prefix: str) -> list[Event]:
    with services.store.read() as session:
        return list(session.scalars(select(Event).where(Event.type.like(f"{type_prefix}%")).order_by(Event.seq)))


@pytest.mark.parametrize(("sla", "due"), [(5, date(2026, 5, 11)), (7, date(2026, 5, 13)), (15, date(2026, 5, 25))])
def test_deadline_counts_working_days_over_the_may_holiday(sla: int, due: date) -> None:
    # Received Thursday 30 April 2026: 1–5 May are holidays, Saturday 9 May is an adjusted working day.
    assert complaints.due_date(date(2026, 4, 30), sla, WorkCalendar.load_default()) == due


def test_sla_outside_5_7_15_is_refused() -> None:
    with pytest.raises(HallError, match="5、7、15"):
        complaints.due_date(date(2026, 4, 30), 10, WorkCalendar.load_default())


def test_registered_complaint_uses_the_configured_sla(
    services: Services, clerk: Actor, supervisor: Actor, clock: Any
) -> None:
    clock.moment = datetime(2026, 4, 30, 9, 0, tzinfo=SHANGHAI)
    services.settings = services.settings._replace(complaint_sla_days=7)
    complaint_id = complaints.register_complaint(
        services, supervisor, complaints.ComplaintInput(source="phone", content="窗口态度生硬", window="05")
    )
    with services.store.read() as session:
        row = session.get(Complaint, complaint_id)
        assert row is not None
        assert (row.due_date, row.stage, row.ref) == (date(2026, 5, 13), "accepted", "TS20260430-0001")


def test_bad_rating_hook_opens_one_task_in_the_same_transaction(services: Services, clerk: Actor) -> None:
    bad = record_rating(services, clerk, level=1, reason="等候太久")
    good = record_rating(services, clerk, level=5)
    with services.store.write() as session:
        task = complaints.open_task_for_bad_rating(session, services, bad)
        assert complaints.open_task_for_bad_rating(session, services, bad) == task  # idempotent
        assert complaints.open_task_for_bad_rating(session, services, good) is None
    with services.store.read() as session:
        rows = list(session.scalars(select(Complaint)))
    assert len(rows) == 1 and rows[0].kind == "bad_review" and rows[0].content == "差评（非常不满意）：等候太久"
    assert rows[0].due_date == date(2026, 3, 9)  # Monday 2 March + 5 working days
    opened = _events(services, "complaint.opened")
    assert len(opened) == 1 and json.loads(opened[0].payload)["rating_id"] == bad


def test_every_bad_rating_opens_its_task_in_the_same_transaction(services: Services, clerk: Actor) -> None:
    for level in (2, 1, 4):
        record_rating(services, clerk, level=level)
    with services.store.read() as session:
        assert session.query(Complaint).count() == 2
    assert complaints.open_missing_bad_review_tasks(services) == 0


def test_backfill_opens_tasks_for_bad_ratings_recorded_before_the_register_existed(
    services: Services, clerk: Actor
) -> None:
    for level in (2, 1, 4):
        record_rating(services, clerk, level=level)
    with services.store.write() as session:
        session.query(Complaint).delete()  # as in a store upgraded from before migration 0002
    assert complaints.open_missing_bad_review_tasks(services) == 2
    assert complaints.open_missing_bad_review_tasks(services) == 0


def test_stage_flow_records_each_step_as_an_event(
    services: Services, clerk: Actor, supervisor: Actor, clock: Any
) -> None:
    complaint_id = complaints.register_complaint(
        services, supervisor, complaints.ComplaintInput(source="suggestion_box", content="材料清单不清楚")
    )
    steps = [("核实属实", ""), ("更新了材料清单", ""), ("电话回访，群众认可", "满意"), ("排查了其他窗口的清单", ""),
             ("纳入季度培训", "")]  # fmt: skip
    assert [complaints.advance(services, supervisor, complaint_id, note, result=result) for note, result in
            [("开始调查", ""), *steps]] == ["investigating", "rectifying", "follow_up", "lessons", "lasting",
                                           "closed"]  # fmt: skip
    with services.store.read() as session:
        row = session.get(Complaint, complaint_id)
        assert row is not None
        assert (row.finding, row.rectification, row.follow_up_result) == ("核实属实", "更新了材料清单", "满意")
        assert row.rectified_at is not None and row.closed_at is not None
    assert len(_events(services, "complaint.")) == 7
    with pytest.raises(HallError, match="已办结"):
        complaints.advance(services, supervisor, complaint_id, "再推进")


def test_follow_up_needs_the_citizens_answer(services: Services, clerk: Actor, supervisor: Actor) -> None:
    complaint_id = complaints.register_complaint(
        services, supervisor, complaints.ComplaintInput("online", "网上预约失败")
    )
    for note in ("受理", "核实", "整改"):
        complaints.advance(services, supervisor, complaint_id, note)
    with pytest.raises(HallError, match="回访须记录"):
        complaints.advance(services, supervisor, complaint_id, "已回访")


def test_bad_input_is_refused(services: Services, clerk: Actor, supervisor: Actor) -> None:
    with pytest.raises(HallError, match="投诉来源"):
        complaints.register_complaint(services, supervisor, complaints.ComplaintInput("fax", "内容"))
    with pytest.raises(HallError, match="投诉内容"):
        complaints.register_complaint(services, supervisor, complaints.ComplaintInput("phone", "  "))
    with pytest.raises(HallError, match="办件编号不存在"):
        complaints.register_complaint(services, supervisor, complaints.ComplaintInput("phone", "慢", case_no="NOPE"))
    assert _events(services, "complaint.") == []


def test_appeal_upheld_closes_and_leaves_the_rectification_rate(
    services: Services, clerk: Actor, supervisor: Actor
) -> None:
    ratings = [record_rating(services, clerk, level=level) for level in (1, 2, 2)]
    with services.store.write() as session:
        tasks = [complaints.open_task_for_bad_rating(session, services, rating) for rating in ratings]
    first, second, third = (str(task) for task in tasks)
    complaints.flag_appeal(services, clerk, first, "群众误操作")
    with pytest.raises(HallError, match="申诉复核尚未结论"):
        complaints.advance(services, supervisor, first, "调查")
    with pytest.raises(HallError, match="只有值班长"):
        complaints.decide_appeal(services, clerk, first, True, "成立")
    complaints.decide_appeal(services, supervisor, first, True, "监控显示误触")
    for note in ("受理", "核实", "整改完成"):
        complaints.advance(services, supervisor, second, note)
    tally = local_tally(services, Period.day(date(2026, 3, 2)), "clerk", today=date(2026, 3, 2))
    assert tally.total.bad_reviews == 3
    assert tally.total.bad_reviews_rectified == 1
    assert tally.total.bad_review_rectification == pytest.approx(1 / 2)  # the upheld appeal is left out
    entries = complaints.register_entries(services, today=date(2026, 3, 20))
    assert [entry.id for entry in entries][:2] == [third, second] or entries[0].overdue
    assert all(entry.overdue for entry in entries if entry.stage != "closed")


def test_complaints_by_source_in_the_tally(services: Services, clerk: Actor, supervisor: Actor, clock: Any) -> None:
    ids = [complaints.register_complaint(services, supervisor, complaints.ComplaintInput(source, f"投诉{i}"))
           for i, source in enumerate(("on_site", "on_site", "phone", "transferred"))]  # fmt: skip
    for note in ("受理", "核实", "整改"):
        complaints.advance(services, supervisor, ids[0], note)
    complaints.advance(services, supervisor, ids[0], "回访", result="基本满意")
    for note in ("举一反三", "保持长效"):
        complaints.advance(services, supervisor, ids[0], note)
    clock.moment = datetime(2026, 3, 12, 10, 0, tzinfo=SHANGHAI)  # past the 5-working-day deadline of 9 March
    tally = local_tally(services, Period(date(2026, 3, 2), date(2026, 3, 12)), "window", today=date(2026, 3, 12))
    sources = {item.source: item for item in tally.complaint_sources}
    assert (sources["on_site"].received, sources["on_site"].closed, sources["on_site"].rectified) == (2, 1, 1)
    assert sources["on_site"].handling == 0.5 and sources["on_site"].overdue == 1
    assert (sources["phone"].received, sources["transferred"].received, sources["online"].received) == (1, 1, 0)
    assert tally.total.complaints == 4 and tally.total.complaints_overdue == 3
    assert [item.label for item in tally.complaint_sources] == ["现场", "电话", "意见箱/意见簿", "网络", "转接"]
