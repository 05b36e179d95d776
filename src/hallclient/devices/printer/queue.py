"""The persistent print queue: jobs live in the local store, one worker thread per printer sends them.

Rules (SPEC §3.4, docs/escpos.md §6):
- A job is added in the caller's write transaction, next to the event it prints, so a slip exists only for
  a committed event and queueing can never undo or block intake.
- The slip is rendered once when queued (``payload``); a reprint is a new job laid out again with 补打.
- State moves queued → printing → done | failed in the store. A job found in ``printing`` at start-up was
  interrupted mid-send: it may or may not be on paper, so it becomes failed (``interrupted``) for the
  clerk to reprint rather than being sent again by itself. Queued jobs resume after a restart.
- Failures whose cause a person can fix (offline, cover open, paper out, timeout) are retried with
  back-off; the others wait for the clerk. Jobs of one printer print in order.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import Table, insert, select
from sqlalchemy import event as sa_event
from sqlalchemy.orm import Session

from hallclient.devices.printer.errors import PrintError, PrintErrorKind
from hallclient.devices.printer.escpos_render import render_escpos
from hallclient.devices.printer.layout import Layout, build_layout, paper_for
from hallclient.devices.printer.printing import print_layout, profile_for, send_payload
from hallclient.devices.printer.slips import SlipData, SlipKind, slip_from_dict, slip_to_dict
from hallclient.devices.printer.transports import parse_printer_uri
from hallclient.domain.events import new_id
from hallclient.store.db import Store
from hallclient.store.models import PrintJob

log = logging.getLogger("hallclient.printer.queue")

QUEUED, PRINTING, DONE, FAILED = "queued", "printing", "done", "failed"
INTERRUPTED = "interrupted"
RETRY_DELAYS = (2.0, 5.0, 10.0, 30.0, 60.0)
PRINT_JOBS = cast(Table, PrintJob.__table__)


@dataclass(frozen=True)
class JobView:
    """What the clerk's queue panel shows for one job."""

    id: str
    kind: SlipKind
    case_id: str | None
    printer_uri: str
    state: str
    attempts: int
    error_kind: str
    error: str
    reprint: bool
    created_at: datetime
    updated_at: datetime

    @property
    def retryable(self) -> bool:
        return self.state == FAILED and self.error_kind in {k.value for k in PrintErrorKind if k.retryable}


def _error_text(kind: str, message: str) -> str:
    return f"[{kind}] {message}"


def _split_error(text: str) -> tuple[str, str]:
    if text.startswith("[") and "] " in text:
        kind, _, message = text[1:].partition("] ")
        return kind, message
    return "", text


def _view(job: PrintJob) -> JobView:
    kind, message = _split_error(job.last_error)
    return JobView(
        job.id,
        SlipKind(job.kind),
        job.case_id,
        job.printer_uri,
        job.state,
        job.attempts,
        kind,
        message,
        job.reprint,
        job.created_at,
        job.updated_at,
    )


def job_layout(job: PrintJob) -> Layout:
    """The layout a stored job prints (from its slip data, width and reprint mark)."""
    data: dict[str, Any] = job.slip_data
    slip = slip_from_dict(job.kind, data["slip"])
    reprinted = data.get("reprinted_at")
    return build_layout(
        slip,
        paper_for(int(data.get("width", 80))),
        reprint=job.reprint,
        reprinted_at=datetime.fromisoformat(reprinted) if reprinted else None,
    )


class PrintQueue:
    """Queue of slips in ``store``; :meth:`start` runs one worker per printer URI that has jobs."""

    def __init__(
        self,
        store: Store,
        *,
        clock: Callable[[], datetime] = datetime.now,
        retry_delays: tuple[float, ...] = RETRY_DELAYS,
        poll_seconds: float = 2.0,
        send_timeout: float = 10.0,
    ) -> None:
        self.store = store
        self.clock = clock
        self.retry_delays = retry_delays
        self.poll_seconds = poll_seconds
        self.send_timeout = send_timeout
        self._workers: dict[str, threading.Thread] = {}
        self._wake: dict[str, threading.Event] = {}
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._running = False
        self.on_change: Callable[[JobView], None] | None = None  # the UI hooks a signal here

    # --- adding jobs -------------------------------------------------------------------------------

    def enqueue(
        self,
        session: Session,
        slip: SlipData,
        printer_uri: str,
        *,
        width: int = 80,
        case_id: str | None = None,
        event_id: str | None = None,
        reprint: bool = False,
    ) -> str:
        """Add a job in the caller's transaction (the one that records the event); returns the job id.

        The slip is rendered here; if it cannot be (no raster support for a rare character, say) the job
        is stored as failed with the reason instead of raising, so printing never undoes the intake. The
        worker is woken only once the caller's transaction commits.
        """
        uri = parse_printer_uri(printer_uri)  # a bad URI is refused at once, not discovered by the worker
        now = self.clock()
        data: dict[str, Any] = {"width": width, "slip": slip_to_dict(slip)}
        reprinted_at: datetime | None = None
        if reprint:
            data["reprinted_at"] = now.isoformat(timespec="seconds")
            reprinted_at = datetime.fromisoformat(data["reprinted_at"])  # as job_layout reads it back
        payload: bytes | None = None
        state, last_error = QUEUED, ""
        if uri.scheme != "preview":
            try:
                layout = build_layout(slip, paper_for(width), reprint=reprint, reprinted_at=reprinted_at)
                payload = render_escpos(layout, profile_for(printer_uri, width))
            except PrintError as error:
                state, last_error = FAILED, _error_text(error.kind.value, str(error))
        job_id = new_id()
        # Every intake queues a receipt: one prepared insert, not the ORM's unit of work. Pending ORM changes go
        # first, so the job lands after the case and event it refers to.
        session.flush()
        session.execute(
            insert(PRINT_JOBS),
            {
                "id": job_id,
                "kind": slip.kind.value,
                "case_id": case_id,
                "event_id": event_id,
                "slip_data": data,
                "printer_uri": printer_uri,
                "payload": payload,
                "state": state,
                "attempts": 0,
                "last_error": last_error,
                "reprint": reprint,
                "created_at": now,
                "updated_at": now,
            },
        )
        sa_event.listen(session, "after_commit", lambda _s: self._after_commit(printer_uri), once=True)
        return job_id

    def _after_commit(self, printer_uri: str) -> None:
        if self._running:
            self.ensure_worker(printer_uri)

    def reprint(
        self,
        job_id: str,
        printer_uri: str | None = None,
        *,
        within: Callable[[Session, PrintJob, str], None] | None = None,
    ) -> str:
        """Queue the slip of ``job_id`` again, marked 补打 (optionally on another printer).

        ``within(session, original, new_job_id)`` runs in the same transaction (the caller logs the reprint).
        """
        with self.store.write() as session:
            original = session.get(PrintJob, job_id)
            if original is None:
                raise PrintError(PrintErrorKind.UNSUPPORTED, f"没有打印任务 {job_id}")
            slip = slip_from_dict(original.kind, original.slip_data["slip"])
            new_id = self.enqueue(
                session,
                slip,
                printer_uri or original.printer_uri,
                width=int(original.slip_data.get("width", 80)),
                case_id=original.case_id,
                event_id=original.event_id,
                reprint=True,
            )
            if within is not None:
                within(session, original, new_id)
            return new_id

    def retry(self, job_id: str) -> None:
        """Put a failed job back in the queue now (the clerk fixed the printer or checked the paper)."""
        with self.store.write() as session:
            job = session.get(PrintJob, job_id)
            if job is None or job.state != FAILED:
                raise PrintError(PrintErrorKind.UNSUPPORTED, f"任务 {job_id} 不是失败状态，无需重试")
            job.state, job.last_error, job.updated_at = QUEUED, "", self.clock()
            uri = job.printer_uri
        self._after_commit(uri)

    # --- reading -----------------------------------------------------------------------------------

    def jobs(self, state: str | None = None, case_id: str | None = None) -> list[JobView]:
        with self.store.read() as session:
            query = select(PrintJob).order_by(PrintJob.created_at, PrintJob.id)
            if state is not None:
                query = query.where(PrintJob.state == state)
            if case_id is not None:
                query = query.where(PrintJob.case_id == case_id)
            return [_view(job) for job in session.scalars(query)]

    def get(self, job_id: str) -> JobView | None:
        with self.store.read() as session:
            job = session.get(PrintJob, job_id)
            return _view(job) if job else None

    # --- processing --------------------------------------------------------------------------------

    def recover(self) -> int:
        """At start-up: jobs left in ``printing`` were interrupted; fail them for the clerk, never resend."""
        with self.store.write() as session:
            stuck = list(session.scalars(select(PrintJob).where(PrintJob.state == PRINTING)))
            for job in stuck:
                job.state = FAILED
                job.last_error = _error_text(INTERRUPTED, "打印中断（程序退出），请确认是否已出纸，需要时补打")
                job.updated_at = self.clock()
        return len(stuck)

    def _due(self, job: PrintJob, now: datetime) -> bool:
        if job.state == QUEUED:
            return True
        kind, _ = _split_error(job.last_error)
        if job.state != FAILED or kind not in {k.value for k in PrintErrorKind if k.retryable}:
            return False
        delay = self.retry_delays[min(max(job.attempts - 1, 0), len(self.retry_delays) - 1)]
        return job.updated_at + timedelta(seconds=delay) <= now

    def _claim(self, printer_uri: str) -> PrintJob | None:
        """The oldest job of this printer that is due, marked ``printing`` in its own committed transaction."""
        with self.store.write() as session:
            candidates = session.scalars(
                select(PrintJob)
                .where(PrintJob.printer_uri == printer_uri, PrintJob.state.in_((QUEUED, FAILED)))
                .order_by(PrintJob.created_at, PrintJob.id)
            )
            now = self.clock()
            for job in candidates:
                if job.state == FAILED and not self._due(job, now):
                    kind, _ = _split_error(job.last_error)
                    if kind in {k.value for k in PrintErrorKind if k.retryable}:
                        return None  # keep the order: later slips wait behind one waiting for a retry
                    continue
                job.state, job.attempts, job.updated_at = PRINTING, job.attempts + 1, now
                session.flush()
                session.expunge(job)
                return job
        return None

    def _finish(self, job_id: str, error: PrintError | None) -> JobView:
        with self.store.write() as session:
            job = session.get(PrintJob, job_id)
            assert job is not None
            job.state = DONE if error is None else FAILED
            job.last_error = "" if error is None else _error_text(error.kind.value, str(error))
            job.updated_at = self.clock()
            view = _view(job)
        if self.on_change is not None:
            self.on_change(view)
        return view

    def _send(self, job: PrintJob) -> None:
        if job.payload is None:
            print_layout(job_layout(job), job.printer_uri, timeout=self.send_timeout)
        else:
            send_payload(job.payload, job.printer_uri, timeout=self.send_timeout)

    def run_pending(self, printer_uri: str) -> list[JobView]:
        """Print every due job of ``printer_uri`` in order; stop at the first failure a person must fix."""
        finished: list[JobView] = []
        while not self._stop.is_set():
            job = self._claim(printer_uri)
            if job is None:
                break
            try:
                self._send(job)
            except PrintError as error:
                log.warning("print job %s failed: %s", job.id, error)
                view = self._finish(job.id, error)
                finished.append(view)
                if error.kind.retryable:
                    break
                continue
            except Exception as error:  # a bug must not kill the worker or leave the job "printing"
                log.exception("print job %s crashed", job.id)
                finished.append(self._finish(job.id, PrintError(PrintErrorKind.UNSUPPORTED, repr(error))))
                continue
            finished.append(self._finish(job.id, None))
        return finished

    # --- workers -----------------------------------------------------------------------------------

    def wake(self, printer_uri: str) -> None:
        with self._lock:
            event = self._wake.get(printer_uri)
        if event is not None:
            event.set()

    def start(self) -> None:
        """Recover interrupted jobs and start a worker for every printer with open jobs."""
        self._stop.clear()
        self._running = True
        self.recover()
        with self.store.read() as session:
            uris = set(session.scalars(select(PrintJob.printer_uri).where(PrintJob.state.in_((QUEUED, FAILED)))))
        for uri in sorted(uris):
            self.ensure_worker(uri)

    def ensure_worker(self, printer_uri: str) -> None:
        with self._lock:
            worker = self._workers.get(printer_uri)
            if worker is not None and worker.is_alive():
                self._wake[printer_uri].set()
                return
            event = threading.Event()
            event.set()
            self._wake[printer_uri] = event
            worker = threading.Thread(
                target=self._work, args=(printer_uri, event), daemon=True, name=f"printer:{printer_uri}"
            )
            self._workers[printer_uri] = worker
        worker.start()

    def _work(self, printer_uri: str, event: threading.Event) -> None:
        while not self._stop.is_set():
            event.wait(self.poll_seconds)
            event.clear()
            if self._stop.is_set():
                break
            try:
                self.run_pending(printer_uri)
            except Exception:
                log.exception("print worker for %s", printer_uri)

    def stop(self, timeout: float = 15.0) -> None:
        """Stop the workers; a job being sent finishes (sends are bounded by ``send_timeout``)."""
        self._stop.set()
        self._running = False
        with self._lock:
            workers = list(self._workers.values())
            for event in self._wake.values():
                event.set()
        for worker in workers:
            worker.join(timeout)
        with self._lock:
            self._workers.clear()
            self._wake.clear()
