"""ui/background.Worker: work on its own named thread, results and errors back on the GUI thread in order,
and a shutdown that lets the request under way (and the ones already submitted) finish but takes no more."""

from __future__ import annotations

import functools
import threading
import time
from typing import Any

from hallclient.ui.background import Worker


def test_work_runs_on_the_named_thread_and_results_come_back_on_the_gui_thread_in_order(qtbot: Any) -> None:
    worker = Worker("hallclient-test-io")
    ran_on: list[str] = []
    delivered: list[tuple[str, object, str]] = []

    def job(value: int) -> int:
        ran_on.append(threading.current_thread().name)
        time.sleep(0.02 * (3 - value))  # the first is the slowest: the order must still hold
        if value == 1:
            raise ValueError("打印机缺纸")
        return value * 10

    for value in range(3):
        worker.submit(
            functools.partial(job, value),
            lambda result: delivered.append(("done", result, threading.current_thread().name)),
            lambda error: delivered.append(("error", str(error), threading.current_thread().name)),
        )
    qtbot.waitUntil(lambda: len(delivered) == 3, timeout=5000)
    assert ran_on == ["hallclient-test-io"] * 3
    main = threading.main_thread().name
    assert delivered == [("done", 0, main), ("error", "打印机缺纸", main), ("done", 20, main)]
    worker.shutdown()


def test_shutdown_waits_for_the_request_under_way_and_then_refuses_work(qtbot: Any) -> None:
    worker = Worker("hallclient-test-io")
    started, release = threading.Event(), threading.Event()
    finished: list[str] = []

    def slow() -> None:
        started.set()
        release.wait(5)
        finished.append("slow")

    worker.submit(slow, lambda _r: None, lambda _e: None)
    worker.submit(lambda: finished.append("queued"), lambda _r: None, lambda _e: None)
    assert started.wait(5)
    threading.Timer(0.3, release.set).start()
    begun = time.monotonic()
    worker.shutdown(wait=True)
    assert time.monotonic() - begun >= 0.25  # it waited for the request under way
    assert finished == ["slow", "queued"]  # nothing submitted was dropped
    assert worker.closed
    assert worker.submit(lambda: finished.append("late"), lambda _r: None, lambda _e: None) is False
    time.sleep(0.05)
    assert finished == ["slow", "queued"]


def test_shutdown_without_waiting_returns_at_once(qtbot: Any) -> None:
    worker = Worker("hallclient-test-io")
    release = threading.Event()
    worker.submit(lambda: release.wait(5), lambda _r: None, lambda _e: None)
    begun = time.monotonic()
    worker.shutdown(wait=False)
    assert time.monotonic() - begun < 0.2 and worker.closed
    release.set()
    worker.shutdown(wait=True)  # a second call joins what the first left running
