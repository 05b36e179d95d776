"""首问登记 dialog, and the single DB worker thread behind every screen."""

from __future__ import annotations

import functools
import threading

from sqlalchemy import select

from hallclient.errors import HallError
from hallclient.store.models import Enquiry
from hallclient.ui.tasks import TaskManager


def test_hand_over_needs_whom_and_phone_then_saves(qtbot, window, services, idle):
    dialog = window.open_enquiry()
    dialog.subject.setText("咨询公积金提取材料")
    dialog.handling.setCurrentIndex(dialog.handling.findData("handed_over"))
    dialog.save()
    idle()
    assert dialog.handed_to_row.has_error
    assert dialog.isVisible()
    dialog.handed_to.setText("公积金窗口")
    dialog.phone.setText("13700000000")
    with qtbot.waitSignal(dialog.recorded, timeout=5000):
        dialog.save()
    with services.store.read() as session:
        [row] = session.scalars(select(Enquiry)).all()
    assert (row.subject, row.handling, row.handed_to) == ("咨询公积金提取材料", "handed_over", "公积金窗口")


def test_tasks_run_in_order_on_one_thread_and_report_on_the_gui_thread(qtbot):
    tasks = TaskManager()
    workers: list[str] = []
    delivered: list[tuple[int, bool]] = []
    gui = threading.current_thread()

    def work(n: int) -> int:
        workers.append(threading.current_thread().name)
        return n

    for n in range(5):
        tasks.submit(
            functools.partial(work, n),
            lambda value: delivered.append((value, threading.current_thread() is gui)),
        )
    qtbot.waitUntil(lambda: len(delivered) == 5)
    assert delivered == [(n, True) for n in range(5)]
    assert len(set(workers)) == 1 and workers[0].startswith("hallclient-db")
    assert workers[0] != gui.name
    tasks.shutdown()


def test_errors_go_to_on_error_or_the_failed_signal(qtbot):
    tasks = TaskManager()
    caught: list[BaseException] = []

    def boom() -> None:
        raise HallError("磁盘已满")

    tasks.submit(boom, on_error=caught.append)
    qtbot.waitUntil(lambda: tasks.pending == 0)
    assert str(caught[0]) == "磁盘已满"
    with qtbot.waitSignal(tasks.failed, timeout=2000) as blocker:
        tasks.submit(boom)
    assert blocker.args == ["磁盘已满"]
    tasks.shutdown()
