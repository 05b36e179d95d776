"""Printing from the window: the queue runs, failures show with their reason, retry, 补打 with a preview first."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from hallclient.domain.case import Outcome
from hallclient.domain.idnumber import check_digit
from hallclient.services import cases
from hallclient.services.cases import Applicant, IntakeRequest, ReceivedMaterial
from hallclient.services.context import Actor, Services
from hallclient.store.models import PrintJob
from hallclient.ui.ops import WriteOp, case_written


def _context(services: Services, printer_uri: str) -> Any:
    from hallclient.ui.context import AppContext, open_everything
    from hallclient.ui.tasks import TaskManager

    services.settings = services.settings._replace(printer_uri=printer_uri)
    context = AppContext(services.settings, TaskManager())
    context.adopt(open_everything(services))
    return context


def _window(qtbot: Any, context: Any, clerk: Actor) -> Any:
    from hallclient.ui.mainwindow import MainWindow
    from hallclient.ui.printing import QueuePrinting

    main = MainWindow(context)
    qtbot.addWidget(main)
    main.show()
    main.login.signed_in.emit(clerk)
    qtbot.waitUntil(
        lambda: (
            context.tasks.pending == 0 and isinstance(main.printing, QueuePrinting) and main.printing.queue is not None
        ),
        timeout=5000,
    )
    return main


@pytest.fixture
def printed(qtbot: Any, services: Services, clerk: Actor, tmp_path: Path) -> Iterator[tuple[Any, Path]]:
    """A signed-in window whose printer is the ``preview:`` PNG printer."""
    target = tmp_path / "slip.png"
    context = _context(services, f"preview:{target}")
    main = _window(qtbot, context, clerk)
    yield main, target
    main.shutdown()  # qtbot closes the window itself; the queue must be stopped before the store closes
    context.tasks.shutdown()


def record(services: Services, clerk: Actor, ctx: Any, name: str = "赵六") -> cases.CaseResult:
    first17 = "33010619800101123"
    request = IntakeRequest(
        matter_code="330106-BDC-001",
        applicant=Applicant(name=name, id_number=first17 + check_digit(first17), phone="13900000000"),
        outcome=Outcome.ACCEPT,
        materials=tuple(ReceivedMaterial(code, True, 1, 2) for code in ("M1", "M2", "M3", "M4")),
    )
    return cases.record_intake(services, clerk, request, ctx.calendar)


def commit_intake(qtbot: Any, window: Any, services: Services, clerk: Actor) -> cases.CaseResult:
    """Record as a write op, as the intake screen does: its changes reach printing through ``ctx.changed``."""
    results: list[cases.CaseResult] = []
    WriteOp(window.ctx, lambda _services: case_written(record(services, clerk, window.ctx))).success(
        results.append
    ).run()
    qtbot.waitUntil(lambda: bool(results), timeout=5000)
    return results[0]


def jobs(services: Services, case_id: str) -> list[PrintJob]:
    with services.store.read() as session:
        return list(session.scalars(select(PrintJob).where(PrintJob.case_id == case_id).order_by(PrintJob.created_at)))


def test_committed_intake_prints_through_the_queue_and_the_panel_shows_the_slip(qtbot, printed, services, clerk):
    window, target = printed
    with qtbot.waitSignal(window.printing.job_changed, timeout=10_000) as blocker:
        result = commit_intake(qtbot, window, services, clerk)
    assert result.print_job_id is not None
    assert blocker.args[0].id == result.print_job_id and blocker.args[0].state == "done"
    assert target.stat().st_size > 0  # the preview printer drew the slip
    qtbot.waitUntil(lambda: window.status.printer.text() == "打印机：预览（PNG）", timeout=5000)
    panel = window.open_print_queue()
    qtbot.waitUntil(lambda: bool(panel.rows) and not panel.view.paper.pixmap().isNull(), timeout=5000)
    assert panel.table.item(0, 3).text() == "已打印"
    assert panel.table.item(0, 2).text() == result.case_no
    assert panel.table.item(0, 1).text() == "受理回执"
    assert panel.view.paper.pixmap().width() > 300


# hallclient.ui: closing the queue dialog at teardown reloads it after the DB thread stopped ("task
# after shutdown ignored") — a UI defect left to the UI rework; remove it from here once fixed.
@pytest.mark.logs_expected("hallclient.printer.queue", "hallclient.ui")
def test_failed_job_shows_its_reason_and_retry_prints_it(qtbot, services, clerk, tmp_path):
    folder = tmp_path / "not-yet"
    context = _context(services, f"file:{folder / 'out.bin'}")
    window = _window(qtbot, context, clerk)
    try:
        with qtbot.waitSignal(window.printing.job_changed, timeout=10_000) as blocker:
            result = commit_intake(qtbot, window, services, clerk)
        view = blocker.args[0]
        assert view.state == "failed" and view.error_kind == "bad_uri"
        assert "失败 1 张" in window.status.printer.text()
        assert "color: #b3261e" in window.status.printer.styleSheet()
        assert "打印失败" in window.status.currentMessage()
        panel = window.open_print_queue()
        qtbot.waitUntil(lambda: bool(panel.rows), timeout=5000)
        panel.table.selectRow(0)
        assert panel.table.item(0, 3).text() == "失败"
        assert panel.table.item(0, 6).text().startswith("打印机地址无效：")
        assert panel.retry_button.isEnabled()
        folder.mkdir()  # the clerk fixes the cause, then retries
        with qtbot.waitSignal(window.printing.job_changed, timeout=10_000) as blocker:
            panel.retry_button.click()
        assert blocker.args[0].state == "done"
        assert (folder / "out.bin").read_bytes().startswith(b"\x1b@")  # ESC @: the slip really went out
        qtbot.waitUntil(lambda: "失败" not in window.status.printer.text(), timeout=5000)
        assert [job.state for job in jobs(services, result.case_id)] == ["done"]
    finally:
        window.shutdown()
        context.tasks.shutdown()


def test_reprint_from_the_case_shows_the_slip_first_then_queues_it_marked(qtbot, printed, services, clerk):
    window, _target = printed
    with qtbot.waitSignal(window.printing.job_changed, timeout=10_000):
        result = commit_intake(qtbot, window, services, clerk)
    window.printing.reprint(result.case_id)
    qtbot.waitUntil(lambda: window.printing.last_preview is not None, timeout=5000)
    preview = window.printing.last_preview
    assert "补打" in preview.windowTitle() and preview.print_button is not None
    assert not preview.view.paper.pixmap().isNull()
    assert len(jobs(services, result.case_id)) == 1  # nothing queued before the clerk confirms
    with qtbot.waitSignal(window.printing.job_changed, timeout=10_000) as blocker:
        preview.print_button.click()
    assert blocker.args[0].reprint and blocker.args[0].state == "done"
    stored = jobs(services, result.case_id)
    assert [job.reprint for job in stored] == [False, True]


def test_without_printer_a_case_slip_is_previewed_from_its_events(qtbot, window, services, clerk, ctx, idle):
    result = record(services, clerk, ctx)  # no printer: nothing is queued
    assert result.print_job_id is None
    assert "未配置" in window.status.printer.text()
    window.printing.reprint(result.case_id)
    qtbot.waitUntil(lambda: window.printing.last_preview is not None, timeout=5000)
    preview = window.printing.last_preview
    assert preview.print_button is None and "未配置打印机" in preview.windowTitle()
    assert preview.slip.kind == "receipt" and preview.slip.case_no == result.case_no
    assert not preview.view.paper.pixmap().isNull()


def test_slip_preview_names_characters_no_font_draws(qtbot, window, services, clerk, ctx, idle):
    result = record(services, clerk, ctx, name="\U00030000六")  # the slip keeps the first character
    window.printing.reprint(result.case_id)
    qtbot.waitUntil(lambda: window.printing.last_preview is not None, timeout=5000)
    warning = window.printing.last_preview.view.warning
    assert warning.isVisibleTo(window.printing.last_preview)
    assert warning.text().startswith("随附字体无法显示 “\U00030000”(U+30000)")


def test_slip_preview_of_an_extension_b_name_has_no_warning(qtbot, window, services, clerk, ctx, idle):
    result = record(services, clerk, ctx, name="𠮷六")
    window.printing.reprint(result.case_id)
    qtbot.waitUntil(lambda: window.printing.last_preview is not None, timeout=5000)
    preview = window.printing.last_preview
    assert preview.slip.uncovered == () and not preview.view.warning.isVisibleTo(preview)


def test_printer_state_text_classifies_errors_in_chinese():
    from hallclient.devices.printer.errors import PrintError, PrintErrorKind
    from hallclient.devices.printer.transports import PrinterStatus
    from hallclient.ui.printing import printer_state_text

    assert printer_state_text(PrinterStatus(online=True, paper_out=True), "tcp://x:9100")[:2] == ("缺纸", False)
    assert printer_state_text(PrinterStatus(online=True, cover_open=True), "u")[:2] == ("上盖未关好", False)
    assert printer_state_text(PrinterStatus(online=False), "u")[:2] == ("打印机离线", False)
    assert printer_state_text(PrinterStatus(online=True), "u")[:2] == ("就绪", True)
    text, ok, detail = printer_state_text(PrintError(PrintErrorKind.TIMEOUT, "3 秒无应答"), "u")
    assert (text, ok) == ("无响应（超时）", False) and "3 秒无应答" in detail
