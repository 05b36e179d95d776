"""The persistent print queue on a real migrated store: order, retries, restart without double printing."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from escpos_decode import decode
from fake_printer import ONLINE, PAPER_OUT, FakeSerialPrinter
from sqlalchemy import select

from hallclient.devices.printer.queue import DONE, FAILED, PRINTING, QUEUED, PrintQueue
from hallclient.devices.printer.samples import CASE_NO, sample_slips
from hallclient.devices.printer.slips import SlipKind, TestSlipData
from hallclient.store.bootstrap import open_store
from hallclient.store.db import Store
from hallclient.store.models import PrintJob

SLIPS = sample_slips()


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2025, 3, 4, 9, 30)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = open_store(tmp_path / "queue.sqlite3")
    yield opened
    opened.close()


def _enqueue(queue: PrintQueue, kind: SlipKind, uri: str, **kwargs: object) -> str:
    with queue.store.write() as session:
        return queue.enqueue(session, SLIPS[kind], uri, **kwargs)  # type: ignore[arg-type]


def test_slip_queue_job_exists_only_if_the_callers_transaction_commits(store: Store, tmp_path: Path) -> None:
    queue = PrintQueue(store)
    with pytest.raises(RuntimeError), store.write() as session:
        queue.enqueue(session, SLIPS[SlipKind.RECEIPT], f"file:{tmp_path / 'lp0'}")
        raise RuntimeError("intake failed after queueing")
    assert queue.jobs() == []


def test_slip_queue_prints_once_and_records_done(store: Store, tmp_path: Path) -> None:
    target = tmp_path / "lp0"
    queue = PrintQueue(store)
    job_id = _enqueue(queue, SlipKind.RECEIPT, f"file:{target}", width=58)
    assert queue.get(job_id).state == QUEUED  # type: ignore[union-attr]
    [view] = queue.run_pending(f"file:{target}")
    assert (view.id, view.state, view.attempts, view.error) == (job_id, DONE, 1, "")
    assert queue.run_pending(f"file:{target}") == []
    decoded = decode(target.read_bytes())
    assert CASE_NO in decoded.text and decoded.cuts == ["full"]


def test_slip_queue_restart_resumes_queued_and_never_resends_an_interrupted_job(
    tmp_path: Path,
) -> None:
    path = tmp_path / "restart.sqlite3"
    target = tmp_path / "lp0"
    uri = f"file:{target}"
    first = open_store(path)
    queue = PrintQueue(first)
    interrupted = _enqueue(queue, SlipKind.NOTICE, uri)
    waiting = [_enqueue(queue, SlipKind.RECEIPT, uri), _enqueue(queue, SlipKind.TICKET, uri)]
    with first.write() as session:  # the process died while sending this one
        job = session.get(PrintJob, interrupted)
        assert job is not None
        job.state = PRINTING
    first.close()

    second = open_store(path)
    restarted = PrintQueue(second, poll_seconds=0.05)
    restarted.start()
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and any(restarted.get(j).state != DONE for j in waiting):  # type: ignore[union-attr]
            time.sleep(0.05)
    finally:
        restarted.stop()
    assert [restarted.get(j).state for j in waiting] == [DONE, DONE]  # type: ignore[union-attr]
    stuck = restarted.get(interrupted)
    assert stuck is not None and stuck.state == FAILED and stuck.error_kind == "interrupted"
    decoded = decode(target.read_bytes())
    assert decoded.cuts == ["full", "full"], "the interrupted notice was not sent again by itself"
    assert "一次性告知书" not in decoded.text and "受理通知书" in decoded.text
    second.close()


@pytest.mark.logs_expected("hallclient.printer.queue")
def test_slip_queue_paper_out_mid_queue_waits_then_prints_in_order(store: Store) -> None:
    printer = FakeSerialPrinter(PAPER_OUT)
    clock = Clock()
    uri = f"serial:{printer.path}?status_timeout=0.3"
    try:
        queue = PrintQueue(store, clock=clock, retry_delays=(5.0,))
        first = _enqueue(queue, SlipKind.RECEIPT, uri, width=58)
        second = _enqueue(queue, SlipKind.TICKET, uri, width=58)
        [failed] = queue.run_pending(uri)
        assert (failed.id, failed.state, failed.error_kind) == (first, FAILED, "paper_out")
        assert "缺纸" in failed.error and failed.retryable
        assert queue.get(second).state == QUEUED  # type: ignore[union-attr]

        printer.replies = dict(ONLINE)
        assert queue.run_pending(uri) == [], "not retried before its back-off, and the ticket waits behind it"
        clock.advance(6)
        done = queue.run_pending(uri)
        assert [(v.id, v.state) for v in done] == [(first, DONE), (second, DONE)]
        assert queue.get(first).attempts == 2  # type: ignore[union-attr]
        deadline = time.monotonic() + 3
        while time.monotonic() < deadline and b"A023" not in printer.received:
            time.sleep(0.02)
        received = bytes(printer.received)
        assert CASE_NO.encode() in received
        assert received.index(CASE_NO.encode()) < received.index(b"A023")
    finally:
        printer.close()


def test_slip_queue_reprint_is_marked_and_leaves_the_original(store: Store, tmp_path: Path) -> None:
    target = tmp_path / "lp0"
    clock = Clock()
    queue = PrintQueue(store, clock=clock)
    original = _enqueue(queue, SlipKind.RECEIPT, f"file:{target}", width=80)
    queue.run_pending(f"file:{target}")
    clock.advance(3600)
    again = queue.reprint(original)
    queue.run_pending(f"file:{target}")
    views = {v.id: v for v in queue.jobs()}
    assert views[original].state == DONE and not views[original].reprint
    assert views[again].state == DONE and views[again].reprint
    first, second = target.read_bytes().split(b"\x1dV\x00")[:2]
    assert "补打" not in decode(first + b"\x1dV\x00").text
    reprinted = decode(second + b"\x1dV\x00").text
    assert "补打" in reprinted and "2025-03-04 10:30" in reprinted and CASE_NO in reprinted


def test_slip_queue_unprintable_slip_fails_without_undoing_intake(store: Store, tmp_path: Path) -> None:
    queue = PrintQueue(store)
    slip = TestSlipData(printer_uri="x", issued_at=datetime(2025, 1, 1), sample_rare="䶮")
    with store.write() as session:
        job_id = queue.enqueue(session, slip, f"file:{tmp_path / 'lp0'}?raster=0")
    view = queue.get(job_id)
    assert view is not None and view.state == FAILED and view.error_kind == "encoding"
    assert "U+4DAE" in view.error and not view.retryable
    assert queue.run_pending(f"file:{tmp_path / 'lp0'}?raster=0") == []


@pytest.mark.logs_expected("hallclient.printer.queue")
def test_slip_queue_retry_after_the_clerk_fixes_it(store: Store, tmp_path: Path) -> None:
    missing = tmp_path / "gone"
    missing.mkdir()
    uri = f"file:{missing / 'lp0'}"
    queue = PrintQueue(store)
    job_id = _enqueue(queue, SlipKind.TICKET, uri)
    missing.rmdir()
    [failed] = queue.run_pending(uri)
    assert failed.state == FAILED and failed.error_kind == "bad_uri" and not failed.retryable
    missing.mkdir()
    queue.retry(job_id)
    [done] = queue.run_pending(uri)
    assert done.state == DONE and (missing / "lp0").stat().st_size > 0


def test_slip_queue_preview_printer_job(store: Store, tmp_path: Path) -> None:
    target = tmp_path / "slip.png"
    queue = PrintQueue(store)
    job_id = _enqueue(queue, SlipKind.COMPLETION, f"preview:{target}", width=58)
    with store.read() as session:
        assert session.scalars(select(PrintJob.payload).where(PrintJob.id == job_id)).one() is None
    [done] = queue.run_pending(f"preview:{target}")
    assert done.state == DONE and target.stat().st_size > 1000


def test_slip_queue_worker_picks_up_new_jobs_after_commit(store: Store, tmp_path: Path) -> None:
    target = tmp_path / "lp0"
    queue = PrintQueue(store, poll_seconds=30)  # only the commit hook can wake it in time
    seen: list[str] = []
    queue.on_change = lambda view: seen.append(view.state)
    queue.start()
    try:
        job_id = _enqueue(queue, SlipKind.TICKET, f"file:{target}")
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and queue.get(job_id).state != DONE:  # type: ignore[union-attr]
            time.sleep(0.02)
    finally:
        queue.stop()
    assert queue.get(job_id).state == DONE  # type: ignore[union-attr]
    assert seen == [DONE]
