"""The complaint loop to the end: six steps with who/when/what, handlers, sources, 专题会, the ledger, 差评处理率."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from sqlalchemy import select

from hallclient.cli import main
from hallclient.domain.case import Outcome
from hallclient.domain.tally import Period
from hallclient.domain.workdays import WorkCalendar
from hallclient.errors import HallError
from hallclient.reports.complaint_ledger import build_ledger, header, write_ledger
from hallclient.services import cases, complaint_meetings, complaints
from hallclient.services.cases import Applicant, IntakeRequest, ReceivedMaterial
from hallclient.services.context import Actor, Services
from hallclient.services.ratings import record_rating
from hallclient.services.roles import PermissionDenied
from hallclient.services.tallies import local_tally
from hallclient.services.users import add_user
from hallclient.store.models import Event
from hallclient.store.supervision_models import Complaint, ComplaintMeeting, ComplaintStep

SHANGHAI = ZoneInfo("Asia/Shanghai")
PERSON = Applicant(kind="person", name="张三", id_type="id_card", id_number="11010519491231002x")
NOTES = {
    "accepted": "受理，转调查",
    "investigating": "核实属实：材料清单过时",
    "rectifying": "更新材料清单并公示",
    "follow_up": "电话回访，群众认可",
    "lessons": "排查了 03、07 号窗口和同类事项的清单",
    "lasting": "清单每季度复核，纳入新人培训",
}


@pytest.fixture
def supervisor(services: Services) -> Actor:
    return add_user(services, "zhaomin", "赵敏", "supervisor", "secret123")


@pytest.fixture
def other_supervisor(services: Services) -> Actor:
    return add_user(services, "sunli", "孙丽", "supervisor", "secret123")


def _events(services: Services, type: str) -> list[dict[str, Any]]:
    with services.store.read() as session:
        rows = session.scalars(select(Event).where(Event.type == type).order_by(Event.seq))
        return [json.loads(row.payload) for row in rows]


def _complaint(services: Services, supervisor: Actor, source: str = "phone", clerk: Actor | None = None) -> str:
    return complaints.register_complaint(
        services, supervisor,
        complaints.ComplaintInput(source, "材料清单不清楚", window="05", clerk_id=clerk.user_id if clerk else ""),
    )  # fmt: skip


def _bad_review_of_department(services: Services, clerk: Actor, matter: str) -> str:
    """A case of ``matter``'s department rated 不满意: its task is a counted bad review of that department."""
    materials = {"XK0001": ("M1", "M2", "M3", "M4"), "XK0002": ("H1",)}[matter]
    outcome = Outcome.ACCEPT if matter == "XK0001" else Outcome.COMPLETE_IMMEDIATELY
    request = IntakeRequest(matter, PERSON, outcome, tuple(ReceivedMaterial(code, True, 1, 1) for code in materials))
    case = cases.record_intake(services, clerk, request, WorkCalendar.load_default())
    rating = record_rating(services, clerk, level=2, case_id=case.case_id)
    with services.store.read() as session:
        task = session.scalar(select(Complaint.id).where(Complaint.rating_id == rating))
    assert task is not None
    return task


def test_six_steps_in_order_record_who_when_and_what(
    services: Services, supervisor: Actor, other_supervisor: Actor, clock: Any
) -> None:
    complaint_id = _complaint(services, supervisor)
    stages = []
    for day, step in enumerate(complaints.STEPS, start=2):
        clock.moment = datetime(2026, 3, day, 9, 15, tzinfo=SHANGHAI)
        actor = other_supervisor if step == "lessons" else supervisor
        stages.append(complaints.record_step(services, actor, complaint_id, step, NOTES[step],
                                             result="满意" if step == "follow_up" else ""))  # fmt: skip
    assert stages == ["investigating", "rectifying", "follow_up", "lessons", "lasting", "closed"]
    with services.store.read() as session:
        steps = session.scalars(select(ComplaintStep).where(ComplaintStep.complaint_id == complaint_id))
        logged = sorted((step.at, step.step, step.actor_name, step.text, step.result) for step in steps)
        row = session.get(Complaint, complaint_id)
        assert row is not None and row.closed_at == datetime(2026, 3, 7, 9, 15)
    assert logged == [
        (datetime(2026, 3, day, 9, 15), step, "孙丽" if step == "lessons" else "赵敏", NOTES[step],
         "满意" if step == "follow_up" else "")
        for day, step in enumerate(complaints.STEPS, start=2)
    ]  # fmt: skip
    # Each step is one event carrying the whole state, steps and handler included (what the server reads).
    advanced = _events(services, "complaint.advanced")
    assert [event["from"] for event in advanced] == list(complaints.STEPS)
    assert [len(event["steps"]) for event in advanced] == [1, 2, 3, 4, 5, 6]
    last = advanced[-1]
    assert last["stage"] == "closed" and last["handler_name"] == "赵敏"  # who accepted it handles it
    assert [(s["step"], s["actor_name"], s["text"]) for s in last["steps"]][4] == ("lessons", "孙丽", NOTES["lessons"])
    [entry] = complaints.register_entries(services)
    assert [state.actor_name for state in entry.steps] == ["赵敏"] * 4 + ["孙丽", "赵敏"]


def test_a_skipped_or_repeated_step_is_refused_and_nothing_is_written(services: Services, supervisor: Actor) -> None:
    complaint_id = _complaint(services, supervisor)
    complaints.record_step(services, supervisor, complaint_id, "accepted", NOTES["accepted"])
    before = len(_events(services, "complaint.advanced"))
    with pytest.raises(HallError, match="须先完成调查核实环节，不能跳过"):
        complaints.record_step(services, supervisor, complaint_id, "rectifying", "直接整改")
    with pytest.raises(HallError, match="差评受理环节已记录"):
        complaints.record_step(services, supervisor, complaint_id, "accepted", "再受理一次")
    with pytest.raises(HallError, match="环节只能是"):
        complaints.record_step(services, supervisor, complaint_id, "meeting", "开会")
    with pytest.raises(HallError, match="请填写调查核实环节的调查核实结论"):
        complaints.record_step(services, supervisor, complaint_id, "investigating", "  ")
    assert len(_events(services, "complaint.advanced")) == before
    with services.store.read() as session:
        assert session.query(ComplaintStep).count() == 1
        row = session.get(Complaint, complaint_id)
        assert row is not None and row.stage == "investigating"


def test_handler_assignment_reassignment_and_never_the_subject(
    services: Services, clerk: Actor, supervisor: Actor, other_supervisor: Actor
) -> None:
    colleague = add_user(services, "liuyang", "刘洋", "clerk", "secret123")
    complaint_id = _complaint(services, supervisor, clerk=clerk)
    with pytest.raises(HallError, match="不能由其本人经办"):
        complaints.assign_handler(services, supervisor, complaint_id, clerk.user_id)
    with pytest.raises(HallError, match="经办人不存在"):
        complaints.assign_handler(services, supervisor, complaint_id, "nobody")
    with pytest.raises(PermissionDenied):
        complaints.assign_handler(services, colleague, complaint_id, colleague.user_id)
    complaints.assign_handler(services, supervisor, complaint_id, colleague.user_id)
    # The named staff member handles it: records its steps; another clerk may not.
    complaints.record_step(services, colleague, complaint_id, "accepted", "受理")
    with pytest.raises(PermissionDenied, match="经办人"):
        complaints.record_step(services, clerk, complaint_id, "investigating", "我自己核实")
    complaints.assign_handler(services, supervisor, complaint_id, other_supervisor.user_id)
    with pytest.raises(HallError, match="已是"):
        complaints.assign_handler(services, supervisor, complaint_id, other_supervisor.user_id)
    assigned = _events(services, "complaint.assigned")
    assert [(e["previous_handler_name"], e["handler_name"]) for e in assigned] == [("", "刘洋"), ("刘洋", "孙丽")]
    [entry] = complaints.register_entries(services)
    assert (entry.handler_id, entry.handler_name) == (other_supervisor.user_id, "孙丽")
    # A supervisor who is the subject of a complaint neither handles nor assigns it.
    about_boss = _complaint(
        services, other_supervisor, clerk=Actor(supervisor.user_id, "zhaomin", "赵敏", "supervisor")
    )
    with pytest.raises(PermissionDenied, match="本人"):
        complaints.assign_handler(services, supervisor, about_boss, other_supervisor.user_id)
    with pytest.raises(PermissionDenied, match="本人"):
        complaints.record_step(services, supervisor, about_boss, "accepted", "受理")


def test_register_filters_by_source_and_counts_every_source(
    services: Services, clerk: Actor, supervisor: Actor
) -> None:
    for source in ("on_site", "on_site", "phone", "suggestion_box", "online", "transferred"):
        _complaint(services, supervisor, source)
    record_rating(services, clerk, level=1)
    everything = complaints.register_entries(services)
    assert complaints.source_counts(everything) == {
        "on_site": 2, "phone": 1, "suggestion_box": 1, "online": 1, "transferred": 1, "rating": 1,
    }  # fmt: skip
    assert {entry.source for entry in complaints.register_entries(services, source="on_site")} == {"on_site"}
    assert len(complaints.register_entries(services, source="on_site")) == 2
    assert [entry.kind for entry in complaints.register_entries(services, source="rating")] == ["bad_review"]
    with pytest.raises(HallError, match="投诉来源只能是"):
        complaints.register_entries(services, source="fax")


def test_step_due_dates_share_the_sla_and_overdue_steps_are_flagged(
    services: Services, supervisor: Actor, clock: Any
) -> None:
    calendar = WorkCalendar.load_default()
    # Received Monday 2 March, SLA 5 → due Monday 9 March; steps at 1, 2, 3, 4, 5, 5 working days.
    dues = complaints.step_due_dates(date(2026, 3, 2), 5, date(2026, 3, 9), calendar)
    assert list(dues.values()) == [date(2026, 3, d) for d in (3, 4, 5, 6, 9, 9)]
    assert complaints.step_due_dates(date(2026, 3, 2), 15, date(2026, 3, 23), calendar)["lasting"] == date(2026, 3, 23)
    complaint_id = _complaint(services, supervisor)
    clock.moment = datetime(2026, 3, 4, 9, 0, tzinfo=SHANGHAI)  # 受理 a day late
    complaints.record_step(services, supervisor, complaint_id, "accepted", "受理")
    [entry] = complaints.register_entries(services, today=date(2026, 3, 4))
    assert entry.overdue_steps == ("accepted",)  # recorded late; 调查核实 is due today, not yet overdue
    [entry] = complaints.register_entries(services, today=date(2026, 3, 6))
    assert entry.overdue_steps == ("accepted", "investigating", "rectifying")
    assert not entry.overdue  # the complaint itself is due on 9 March


def test_meeting_flag_at_the_threshold_and_the_record(
    services: Services, clerk: Actor, supervisor: Actor, clock: Any
) -> None:
    tasks = [_bad_review_of_department(services, clerk, "XK0001") for _ in range(2)]
    _bad_review_of_department(services, clerk, "XK0002")  # another department: one bad review
    assert complaint_meetings.meeting_flags(services) == []  # BDC has 2, below the threshold of 3
    tasks.append(_bad_review_of_department(services, clerk, "XK0001"))
    [flag] = complaint_meetings.meeting_flags(services)
    assert (flag.department_code, flag.department_name, flag.month, flag.bad_reviews) == (
        "BDC", "不动产登记中心", date(2026, 3, 1), 3)  # fmt: skip
    assert set(flag.complaint_ids) == set(tasks)
    services.settings = services.settings._replace(complaint_meeting_threshold=4)
    assert complaint_meetings.meeting_flags(services) == []  # configurable
    services.settings = services.settings._replace(complaint_meeting_threshold=3)
    attendees, decisions = "赵敏、不动产登记中心负责人", "清单重印；周例会通报"
    meeting = complaint_meetings.MeetingInput(date(2026, 3, 2), "BDC", attendees, decisions, tuple(tasks))
    with pytest.raises(PermissionDenied):
        complaint_meetings.record_meeting(services, clerk, meeting)
    hj_task = _bad_review_of_department(services, clerk, "XK0002")
    with pytest.raises(HallError, match="不属于不动产登记中心"):
        complaint_meetings.record_meeting(services, supervisor, replace(meeting, complaint_ids=(hj_task,)))
    with pytest.raises(HallError, match="在未来"):
        complaint_meetings.record_meeting(services, supervisor, replace(meeting, held_on=date(2026, 3, 3)))
    assert _events(services, "complaint.meeting_recorded") == []
    complaint_meetings.record_meeting(services, supervisor, meeting)
    assert complaint_meetings.meeting_flags(services) == []  # held: no longer flagged
    [held] = complaint_meetings.meetings(services)
    assert (held.department_name, held.attendees, held.decisions) == ("不动产登记中心", meeting.attendees,
                                                                     meeting.decisions)  # fmt: skip
    with services.store.read() as session:
        refs = sorted(session.scalars(select(Complaint.ref).where(Complaint.id.in_(tasks))))
        assert session.query(ComplaintMeeting).count() == 1
    assert sorted(held.complaint_refs) == refs
    [event] = _events(services, "complaint.meeting_recorded")
    assert event["department_code"] == "BDC" and sorted(event["complaint_refs"]) == refs


def _closed_loop(services: Services, actor: Actor, complaint_id: str) -> None:
    for step in complaints.STEPS:
        complaints.record_step(services, actor, complaint_id, step, NOTES[step],
                               result="满意" if step == "follow_up" else "")  # fmt: skip


def test_ledger_export_read_back(
    services: Services, clerk: Actor, supervisor: Actor, clock: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    done = _complaint(services, supervisor, "on_site")
    _closed_loop(services, supervisor, done)
    late = _complaint(services, supervisor, "phone", clerk=clerk)
    clock.moment = datetime(2026, 3, 4, 11, 0, tzinfo=SHANGHAI)
    complaints.record_step(services, supervisor, late, "accepted", "受理（迟了一天）")
    covered = (_bad_review_of_department(services, clerk, "XK0001"),)
    meeting = complaint_meetings.MeetingInput(date(2026, 3, 4), "BDC", "赵敏", "清单重印", covered)
    complaint_meetings.record_meeting(services, supervisor, meeting)
    out = tmp_path / "台账.xlsx"
    assert main(["complaint", "ledger", "--from", "2026-03-01", "--to", "2026-03-31", "--out", str(out),
                 "--db", str(services.store.path)]) == 0  # fmt: skip
    printed = capsys.readouterr().out
    assert "3 件" in printed and "专题会 1 次" in printed
    assert main(["complaint", "meetings", "--from", "2026-03-01", "--to", "2026-03-31",
                 "--db", str(services.store.path)]) == 0  # fmt: skip
    assert "2026-03-04\t不动产登记中心\t参会：赵敏\t议定：清单重印" in capsys.readouterr().out
    with services.store.read() as session:
        refs = {row.id: row.ref for row in session.scalars(select(Complaint))}
    book = openpyxl.load_workbook(out)
    rows = [[cell.value for cell in row] for row in book["台账"].iter_rows(min_row=4)]
    assert rows[0] == header() and sorted(row[0] for row in rows[1:]) == sorted(refs.values())
    closed = next(dict(zip(rows[0], row, strict=True)) for row in rows[1:] if row[0] == refs[done])
    assert (closed["来源"], closed["当前环节"], closed["经办人"]) == ("现场", "办结", "赵敏")
    for step in complaints.STEPS:
        label = complaints.STAGE_LABELS[step]
        assert closed[f"{label}经办人"] == "赵敏" and closed[f"{label}处理情况"].startswith(NOTES[step])
        assert closed[f"{label}时间"] == "2026-03-02 10:30" and closed[f"{label}超期"] is None
    assert closed["回访反馈处理情况"] == f"{NOTES['follow_up']}（群众评价：满意）"
    assert next([c.value for c in row] for row in book["专题会"].iter_rows(min_row=2))[:4] == [
        "2026-03-04", "不动产登记中心", "赵敏", "清单重印"]  # fmt: skip
    counts = {row[0].value: row[1].value for row in book["来源统计"].iter_rows(min_row=2)}
    assert (counts["现场"], counts["电话"], counts["好差评"], counts["网络"]) == (1, 1, 1, 0)
    # Overdue steps as of 6 March (the service's clock; the CLI runs on today's): marked and filled red.
    clock.moment = datetime(2026, 3, 6, 10, 0, tzinfo=SHANGHAI)
    again = write_ledger(build_ledger(services, date(2026, 3, 1), date(2026, 3, 31)), tmp_path / "again.xlsx")
    sheet = openpyxl.load_workbook(again)["台账"]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=4)]
    late_row = next(i for i, row in enumerate(rows, start=4) if row[0] == refs[late])
    open_late = dict(zip(rows[0], rows[late_row - 4], strict=True))
    assert (open_late["来源"], open_late["被投诉人员"], open_late["差评受理超期"]) == ("电话", "王芳", "超期")
    assert open_late["差评受理期限"] == "2026-03-03" and open_late["调查核实超期"] == "超期"  # due 4 March
    assert open_late["举一反三超期"] is None and open_late["举一反三期限"] == "2026-03-09"
    column = rows[0].index("差评受理超期") + 1
    assert sheet.cell(late_row, column).fill.fgColor.rgb.endswith("F8D7DA")
    assert sheet.cell(late_row, rows[0].index("举一反三超期") + 1).fill.fgColor.rgb in (None, "00000000")
    with services.store.write() as session:  # a bad rating from before the register: no task yet
        session.query(Complaint).filter(Complaint.kind == "bad_review").delete()
    assert main(["complaint", "ledger", "--from", "2026-03-01", "--to", "2026-03-31", "--out",
                 str(tmp_path / "later.xlsx"), "--db", str(services.store.path)]) == 0  # fmt: skip
    assert "注意：1 条差评尚未建立处理任务" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--out", "x.csv"], "只导出 XLSX"),
        (["--out", "x.xlsx", "--from", "2026-03-31", "--to", "2026-03-01"], "早于开始日"),
    ],
)
def test_ledger_cli_refusals_are_one_chinese_line(
    services: Services, tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    base = {"--from": "2026-03-01", "--to": "2026-03-31"}
    for index in range(0, len(args), 2):
        base[args[index]] = args[index + 1]
    argv = ["complaint", "ledger", *[part for pair in base.items() for part in pair], "--db", str(services.store.path)]
    argv = [str(tmp_path / part) if part.startswith("x.") else part for part in argv]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1 and "Traceback" not in err
    assert not list(tmp_path.glob("x.*"))


def test_bad_review_handling_rate_equals_a_hand_count(services: Services, clerk: Actor, supervisor: Actor) -> None:
    tasks = [_bad_review_of_department(services, clerk, "XK0001") for _ in range(4)]
    record_rating(services, clerk, level=5)
    _closed_loop(services, supervisor, tasks[0])
    _closed_loop(services, supervisor, tasks[1])
    for step in ("accepted", "investigating", "rectifying"):  # rectified, not closed
        complaints.record_step(services, supervisor, tasks[2], step, NOTES[step])
    complaints.flag_appeal(services, clerk, tasks[3], "误点")
    complaints.decide_appeal(services, supervisor, tasks[3], True, "监控核实为误点")  # closed, but not counted
    tally = local_tally(services, Period.day(date(2026, 3, 2)), "department", today=date(2026, 3, 2))
    # By hand: 4 bad reviews, 3 counted; closed among those: tasks 0 and 1; rectified: 0, 1, 2.
    total = tally.total
    assert (total.bad_reviews, total.bad_reviews_counted, total.bad_reviews_handled) == (4, 3, 2)
    assert total.bad_review_handling == pytest.approx(2 / 3)
    assert total.bad_review_rectification == pytest.approx(3 / 3)
    [bdc] = [fig for fig in tally.groups if fig.key == "BDC"]
    assert bdc.bad_reviews_handled == 2
    from hallclient.domain.tally import COLUMNS

    keys = [column.key for column in COLUMNS]
    assert keys.index("bad_review_handling") == keys.index("bad_review_rectification") - 2


def test_complaints_per_source_in_each_group_of_the_tally(services: Services, supervisor: Actor) -> None:
    for source, window in (("on_site", "03"), ("on_site", "05"), ("phone", "05"), ("online", "05")):
        complaints.register_complaint(services, supervisor, complaints.ComplaintInput(source, "投诉", window=window))
    tally = local_tally(services, Period.day(date(2026, 3, 2)), "window", today=date(2026, 3, 2))
    groups = {fig.key: fig.complaints_by_source for fig in tally.groups}
    assert groups["05"] == {"on_site": 1, "phone": 1, "suggestion_box": 0, "online": 1, "transferred": 0}
    assert groups["03"]["on_site"] == 1 and sum(groups["03"].values()) == 1
    assert tally.total.complaints_by_source["on_site"] == 2
