"""Persist first, then print: the slip job is created in the event's transaction and printed after commit."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from hallclient.cli import main
from hallclient.devices.printer.queue import PrintQueue
from hallclient.devices.printer.slips import CASE_SLIP_KINDS
from hallclient.domain.case import Decision, Outcome
from hallclient.domain.workdays import WorkCalendar
from hallclient.errors import HallError
from hallclient.services import cases
from hallclient.services.cases import Applicant, IntakeRequest, ReceivedMaterial
from hallclient.services.context import Actor, Services
from hallclient.store.models import Case, PrintJob

PERSON = Applicant(name="张三", id_number="11010519491231002X", phone="13800000000")
ALL = tuple(ReceivedMaterial(code, True, 1, 2) for code in ("M1", "M2", "M3", "M4"))


@pytest.fixture
def printing(services: Services, tmp_path: Path) -> tuple[Services, PrintQueue, Path]:
    out = tmp_path / "printer.bin"
    services.settings = services.settings.__class__(printer_uri=f"file:{out}", paper_width=58)
    queue = PrintQueue(services.store)
    services.print_queue = queue
    return services, queue, out


def test_each_outcome_queues_its_slip_with_the_event(
    printing: tuple[Services, PrintQueue, Path], clerk: Actor, calendar: WorkCalendar
) -> None:
    services, queue, out = printing
    accepted = cases.record_intake(services, clerk, IntakeRequest("XK0001", PERSON, Outcome.ACCEPT, ALL), calendar)
    notice = cases.record_intake(
        services, clerk, IntakeRequest("XK0001", PERSON, Outcome.NOTIFY_MISSING, ALL[:1]), calendar
    )
    with services.store.read() as session:
        jobs = {job.case_id: job for job in session.scalars(select(PrintJob))}
    assert jobs[accepted.case_id].kind == "receipt" and jobs[accepted.case_id].event_id == accepted.event.id
    assert jobs[notice.case_id].kind == "notice"
    done = queue.run_pending(services.settings.printer_uri)
    assert [job.state for job in done] == ["done", "done"]
    payload = out.read_bytes()
    assert accepted.case_no.encode() in payload and notice.case_no.encode() in payload
    assert "受理通知书".encode("gbk") in payload and "一次性告知书".encode("gbk") in payload
    assert "身份证明".encode("gbk") in payload  # the missing item is named on the notice
    assert b"11010519491231002X" not in payload  # the ID number is masked on paper


def test_a_refused_command_queues_nothing(
    printing: tuple[Services, PrintQueue, Path], clerk: Actor, calendar: WorkCalendar
) -> None:
    services, _queue, _out = printing
    accepted = cases.record_intake(services, clerk, IntakeRequest("XK0001", PERSON, Outcome.ACCEPT, ALL), calendar)
    with pytest.raises(HallError):
        cases.collect(services, clerk, accepted.case_id)
    with services.store.read() as session:
        assert len(session.scalars(select(PrintJob)).all()) == 1


@pytest.mark.logs_expected("hallclient.printer.queue")
def test_a_dead_printer_never_undoes_the_intake(services: Services, clerk: Actor, calendar: WorkCalendar) -> None:
    services.settings = services.settings.__class__(printer_uri="tcp://127.0.0.1:1")
    queue = PrintQueue(services.store, send_timeout=1.0)
    services.print_queue = queue
    result = cases.record_intake(services, clerk, IntakeRequest("XK0001", PERSON, Outcome.ACCEPT, ALL), calendar)
    finished = queue.run_pending("tcp://127.0.0.1:1")
    assert finished[0].error_kind == "offline"
    with services.store.read() as session:
        assert session.get(Case, result.case_id) is not None
        job = session.get(PrintJob, result.print_job_id)
        assert job is not None and job.state in ("queued", "failed")


def test_print_cli_marks_a_second_print_as_reprint(
    services: Services,
    clerk: Actor,
    calendar: WorkCalendar,
    store_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    result = cases.record_intake(services, clerk, IntakeRequest("XK0001", PERSON, Outcome.ACCEPT, ALL), calendar)
    cases.complete(services, clerk, result.case_id, Decision.APPROVED)
    out = tmp_path / "slip.bin"
    args = ["print", "--db", str(store_path), "--case", result.case_no, "--printer", f"file:{out}"]
    assert main([*args, "--slip", "receipt"]) == 0
    assert "已打印" in capsys.readouterr().out
    assert main([*args, "--slip", "receipt"]) == 0
    assert "已补打" in capsys.readouterr().out
    assert "补打".encode("gbk") in out.read_bytes()
    with services.store.read() as session:
        assert [e.type for e in cases.case_events(session, result.case_id)].count("slip.reprinted") == 1
    assert main([*args, "--slip", "rejection"]) == 2
    assert "不能打印不予受理通知书" in capsys.readouterr().err
    assert main([*args[:4], "NO-SUCH", *args[5:], "--slip", "receipt"]) == 2
    assert "办件不存在" in capsys.readouterr().err


def test_print_cli_names_characters_no_font_draws_before_printing(
    services: Services,
    clerk: Actor,
    calendar: WorkCalendar,
    store_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # the slip keeps a name's first character (masking); U+30000 is Extension G, in no bundled font
    person = Applicant(name="\U00030000明", id_number=PERSON.id_number)
    result = cases.record_intake(services, clerk, IntakeRequest("XK0001", person, Outcome.ACCEPT, ALL), calendar)
    out = tmp_path / "slip.bin"
    args = ["print", "--db", str(store_path), "--case", result.case_no, "--printer", f"file:{out}"]
    assert main([*args, "--slip", "receipt"]) == 0
    captured = capsys.readouterr()
    [warning] = captured.err.splitlines()
    assert warning.startswith("警告：随附字体无法显示 “\U00030000”(U+30000)")
    assert "已打印" in captured.out


def test_a_reprint_from_the_queue_is_logged_in_the_chain(
    printing: tuple[Services, PrintQueue, Path], clerk: Actor, calendar: WorkCalendar
) -> None:
    from hallclient.services.slips import reprint_job
    from hallclient.store.eventlog import verify_chain

    services, _queue, _out = printing
    result = cases.record_intake(services, clerk, IntakeRequest("XK0001", PERSON, Outcome.ACCEPT, ALL), calendar)
    assert result.print_job_id is not None
    new_job = reprint_job(services, clerk.username, result.print_job_id)
    with services.store.read() as session:
        job = session.get(PrintJob, new_job)
        assert job is not None and job.reprint
        events = cases.case_events(session, result.case_id)
        assert events[-1].type == "slip.reprinted" and events[-1].payload["job_id"] == new_job
        assert events[-1].actor == clerk.username
        verify_chain(session)


def test_print_cli_takes_refusal_and_deficiency_and_reads_the_former_names_as_them(
    services: Services,
    clerk: Actor,
    calendar: WorkCalendar,
    store_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    refused = cases.record_intake(
        services,
        clerk,
        IntakeRequest(
            "XK0001", PERSON, Outcome.REFUSE, (), refusal_reason="不属于本机关职权", competent_body="区市场监管局"
        ),
        calendar,
    )
    deficient = (*ALL[:3], ReceivedMaterial("M4", False, deficient=True))
    accepted = cases.record_intake(
        services, clerk, IntakeRequest("XK0001", PERSON, Outcome.ACCEPT_WITH_DEFICIENCY, deficient), calendar
    )
    out = tmp_path / "slip.bin"
    for case_no, new, former, title in (
        (refused.case_no, "refusal", "rejection", "不予受理通知书"),
        (accepted.case_no, "deficiency", "tolerance", "容缺受理通知书"),
    ):
        args = ["print", "--db", str(store_path), "--case", case_no, "--printer", f"file:{out}"]
        assert main([*args, "--slip", new]) == 0
        assert f"已打印 {case_no} 的《{title}》" in capsys.readouterr().out
        assert main([*args, "--slip", former]) == 0  # the same slip again: a reprint
        assert f"已补打 {case_no} 的《{title}》" in capsys.readouterr().out
    with services.store.read() as session:
        assert sorted(session.scalars(select(PrintJob.kind))) == sorted(["refusal"] * 2 + ["deficiency"] * 2)
        reprinted = [e for e in cases.case_events(session, refused.case_id) if e.type == "slip.reprinted"]
        assert [e.payload["kind"] for e in reprinted] == ["refusal"]
    assert main(["print", "--case", refused.case_no, "--printer", f"file:{out}", "--slip", "refuse"]) == 2
    err = capsys.readouterr().err
    assert (
        err.count("\n") == 1
        and "未知的凭证种类：refuse（可选：receipt、notice、refusal、deficiency、completion、transfer）" in err
    )
    assert main(["print", "--case", refused.case_no, "--printer", f"file:{out}", "--slip", "ticket"]) == 2
    assert "未知的凭证种类：ticket" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["print", "--help"])
    help_text = "".join(capsys.readouterr().out.split())  # argparse wraps the help
    assert all(f"{kind.value}" in help_text for kind in CASE_SLIP_KINDS)  # the help names what _slip_kind takes
    assert "旧名rejection（即refusal）、tolerance（即deficiency）仍可使用" in help_text
