"""Printing in the window: the persistent print queue, the printer's state, slip previews and reprints.

Persist first, then print: the services queue a slip in the same transaction as its event (when
``Services.print_queue`` is set), so this adapter only creates and starts the queue once the store is
open, turns its worker-thread callbacks into Qt signals, and shows what happened. The printer's own state
is asked on a separate I/O thread (:class:`PrinterWatch`) because a dead serial line can take the whole
timeout to answer; neither the GUI thread nor the DB thread ever waits for a printer.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QWidget

from hallclient.services.slip_preview import SlipImage, case_slip, queue_reprint
from hallclient.ui.context import AppContext
from hallclient.ui.labels import error_kind_label, fill, slip_kind_label
from hallclient.ui.ops import Changes, Failure, QueryOp, WriteOp, Written
from hallclient.ui.printadapter import PrintAdapter

if TYPE_CHECKING:
    from hallclient.devices.printer.queue import JobView, PrintQueue
    from hallclient.services.context import Services
    from hallclient.ui.printqueue import PrintQueueDialog, SlipPreviewDialog

log = logging.getLogger("hallclient.ui.printing")

#: Seconds between two printer status queries (skipped while the queue is sending).
STATUS_INTERVAL = 20.0
STATUS_TIMEOUT = 3.0


def printer_state_text(outcome: object, uri: str) -> tuple[str, bool | None, str]:
    """Status-bar text, health and tooltip for a ``PrinterStatus`` or a ``PrintError`` from a status query."""
    from hallclient.devices.printer.errors import PrintError
    from hallclient.devices.printer.transports import PrinterStatus

    if isinstance(outcome, PrintError):
        return error_kind_label(outcome.kind.value), False, str(outcome)
    if not isinstance(outcome, PrinterStatus):
        return QCoreApplication.translate("Printing", "状态未知"), None, uri
    if not outcome.checked:
        if uri.startswith("preview:"):
            return QCoreApplication.translate("Printing", "预览（PNG）"), True, uri
        return QCoreApplication.translate("Printing", "已连接"), True, uri
    if outcome.cover_open:
        return error_kind_label("cover_open"), False, uri
    if outcome.paper_out:
        return error_kind_label("paper_out"), False, uri
    if outcome.error:
        return QCoreApplication.translate("Printing", "故障（切刀或打印头）"), False, uri
    if not outcome.online:
        return error_kind_label("offline"), False, uri
    if outcome.paper_near_end:
        return QCoreApplication.translate("Printing", "纸将用尽"), None, uri
    return QCoreApplication.translate("Printing", "就绪"), True, uri


# -- the printer's state, on its own thread -----------------------------------------------------------


class PrinterWatch:
    """Asks the printer for its state now and then on an I/O thread; ``report`` gets a status or a PrintError.

    ``may_poll()`` is asked first: while the queue is sending, the port belongs to the queue worker.
    """

    def __init__(
        self,
        uri: str,
        report: Callable[[object], None],
        may_poll: Callable[[], bool] = lambda: True,
        *,
        interval: float = STATUS_INTERVAL,
        timeout: float = STATUS_TIMEOUT,
    ) -> None:
        self.uri, self.report, self.may_poll = uri, report, may_poll
        self.interval, self.timeout = interval, timeout
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="hallclient-printer-status", daemon=True)
            self._thread.start()

    def poll_now(self) -> None:
        self._wake.set()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def check(self) -> object:
        from hallclient.devices.printer.errors import PrintError, PrintErrorKind
        from hallclient.devices.printer.printing import printer_status

        try:
            return printer_status(self.uri, timeout=self.timeout)
        except PrintError as error:
            return error
        except Exception as error:  # a driver bug must not end the watch
            log.warning("printer status failed: %r", error)
            return PrintError(PrintErrorKind.UNSUPPORTED, repr(error))

    def _run(self) -> None:
        while not self._stop.is_set():
            if self.may_poll():
                self.report(self.check())
            self._wake.wait(self.interval)
            self._wake.clear()


def _reprinted(job_id: str, case_id: str | None) -> Written[str]:
    """A reprint appends a ``slip.reprinted`` event (uploaded) and queues a job (not a separate print)."""
    return Written(job_id, Changes(case_ids=frozenset({case_id}) if case_id else frozenset()))


# -- the adapter ---------------------------------------------------------------------------------------


class QueuePrinting(PrintAdapter):
    """Print queue and printer state for one main window.

    Signals (all on the GUI thread):
        job_changed(object): a job finished (``JobView``: done or failed).
        jobs_changed(): the queue changed in some way (the panel reloads).
    """

    job_changed = Signal(object)
    _job = Signal(object)
    _status = Signal(object)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._parent = parent
        self.queue: PrintQueue | None = None
        self.watch: PrinterWatch | None = None
        self.failed: dict[str, JobView] = {}
        self.outstanding: set[str] = set()
        self.printer_outcome: object = None
        self.last_preview: SlipPreviewDialog | None = None
        self.panel: PrintQueueDialog | None = None
        self._stopped = False
        self._job.connect(self._on_job, Qt.ConnectionType.QueuedConnection)
        self._status.connect(self._on_status, Qt.ConnectionType.QueuedConnection)
        if ctx.is_ready:
            self._on_ready()
        else:
            ctx.ready.connect(self._on_ready)

    @property
    def can_print(self) -> bool:
        return self.queue is not None

    @property
    def uri(self) -> str:
        return self.ctx.settings.printer_uri

    # -- start and stop ------------------------------------------------------------------------------
    def _on_ready(self) -> None:
        from hallclient.devices.printer.errors import PrintError
        from hallclient.devices.printer.transports import parse_printer_uri

        if not self.uri:
            self.state_changed.emit(self.tr("未配置"), None, self.tr("未配置打印机：Ctrl+P 查看小票预览"))
            return
        try:  # a bad URI would make every intake fail when its slip is queued: refuse it here, once
            parse_printer_uri(self.uri)
        except PrintError as error:
            self.printer_outcome = error
            self.state_changed.emit(error_kind_label(error.kind.value), False, str(error))
            return
        if self.ctx.services.print_queue is not None:
            self._attached(self.ctx.services.print_queue)
            return
        notify = self._job.emit

        def work(services: Services) -> PrintQueue:
            from hallclient.devices.printer.queue import PrintQueue

            queue = PrintQueue(services.store)
            queue.on_change = notify
            services.print_queue = queue  # from now on every case event queues its slip
            queue.start()
            return queue

        QueryOp(self.ctx, parent=self, fn=work).success(self._attached).run()

    def _attached(self, queue: PrintQueue) -> None:
        if queue.on_change is None:
            queue.on_change = self._job.emit
        self.queue = queue
        if self._stopped:
            queue.stop()
            return
        self.watch = PrinterWatch(self.uri, self._status.emit, lambda: not self.outstanding)
        self.watch.start()
        self.reload_failed()

    def reload_failed(self) -> None:
        if self.queue is None:
            return
        queue = self.queue
        QueryOp(self.ctx, parent=self, fn=lambda _services: queue.jobs(state="failed")).success(
            self._failed_loaded
        ).run()

    def _failed_loaded(self, views: list[JobView]) -> None:
        self.failed = {view.id: view for view in views}
        self._show_state()

    def stop(self) -> None:
        """At exit: stop asking the printer and let the workers finish the job they are sending."""
        self._stopped = True
        if self.watch is not None:
            self.watch.stop()
            self.watch = None
        if self.queue is not None:
            self.queue.stop()

    # -- state ---------------------------------------------------------------------------------------
    def _on_status(self, outcome: object) -> None:
        self.printer_outcome = outcome
        self._show_state()

    def refresh_state(self) -> None:
        if not self.uri:
            self.state_changed.emit(self.tr("未配置"), None, self.tr("未配置打印机：Ctrl+P 查看小票预览"))
        elif self.queue is not None or self.printer_outcome is not None:
            self._show_state()

    def _show_state(self) -> None:
        text, ok, detail = printer_state_text(self.printer_outcome, self.uri)
        if self.printer_outcome is None:
            text, ok = self.tr("检测中"), None
        if self.failed:
            latest = max(self.failed.values(), key=lambda view: view.updated_at)
            text += fill(self.tr(" · 失败 %1 张"), str(len(self.failed)))
            ok = False
            detail = fill(
                self.tr("最近失败：%1（%2）点击查看打印队列"),
                f"{error_kind_label(latest.error_kind)}：{latest.error}",
                slip_kind_label(latest.kind.value),
            )
        elif self.outstanding and ok is not False:
            text += self.tr(" · 打印中")
        self.state_changed.emit(text, ok, detail)

    def _on_job(self, view: JobView) -> None:
        self.outstanding.discard(view.id)
        if view.state == "failed":
            self.failed[view.id] = view
            self._message(
                fill(
                    self.tr("打印失败：%1 — %2（点击状态栏“打印机”查看并重试）"),
                    slip_kind_label(view.kind.value),
                    f"{error_kind_label(view.error_kind)}：{view.error}",
                )
            )
            if self.watch is not None:
                self.watch.poll_now()
        else:
            self.failed.pop(view.id, None)
        self._show_state()
        self.job_changed.emit(view)
        self.jobs_changed.emit()

    def _message(self, text: str) -> None:
        self.message.emit(text)

    # -- the PrintAdapter interface ------------------------------------------------------------------
    def committed(self, changes: Changes) -> None:
        if changes.print_jobs:
            self.outstanding.update(changes.print_jobs)
            self._show_state()
            self.jobs_changed.emit()

    def reprint(self, case_id: str) -> None:
        """Show the slip (marked 补打) first; it is queued only when the clerk confirms in the preview."""
        QueryOp(self.ctx, parent=self, fn=lambda services: case_slip(services, case_id)).success(
            self._preview_loaded
        ).failure(self._failed_task).run()

    def _preview_loaded(self, slip: SlipImage) -> None:
        self.show_preview(slip)

    def show_preview(self, slip: SlipImage) -> SlipPreviewDialog:
        from hallclient.ui.printqueue import SlipPreviewDialog

        if self.last_preview is not None:
            self.last_preview.close()
        dialog = SlipPreviewDialog(slip, printable=self.queue is not None and slip.case_id is not None,
                                   parent=self._parent)  # fmt: skip
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        dialog.destroyed.connect(lambda _obj=None: setattr(self, "last_preview", None))
        dialog.print_requested.connect(self.print_slip)
        self.last_preview = dialog
        dialog.show()
        return dialog

    def print_slip(self, slip: SlipImage) -> None:
        if self.queue is None:
            return
        actor = self._actor_name()
        WriteOp(
            self.ctx, parent=self, fn=lambda services: _reprinted(queue_reprint(services, slip, actor), slip.case_id)
        ).success(self._queued).failure(self._failed_task).run()

    def reprint_job(self, job_id: str) -> None:
        if self.queue is None:
            return
        from hallclient.services.slips import reprint_job

        uri, actor = self.uri, self._actor_name()
        WriteOp(
            self.ctx, parent=self, fn=lambda services: _reprinted(reprint_job(services, actor, job_id, uri), None)
        ).success(self._queued).failure(self._failed_task).run()

    def _actor_name(self) -> str:
        actor = self.ctx.actor
        return actor.username if actor is not None else "unknown"

    def retry_job(self, job_id: str) -> None:
        if self.queue is None:
            return
        queue = self.queue

        def done(_result: object) -> None:
            self.failed.pop(job_id, None)
            self._queued(job_id)

        QueryOp(self.ctx, parent=self, fn=lambda _services: queue.retry(job_id)).success(done).failure(
            self._failed_task
        ).run()

    def _queued(self, job_id: str) -> None:
        self.outstanding.add(job_id)
        self._show_state()
        self.jobs_changed.emit()
        self._message(self.tr("已加入打印队列"))

    def _failed_task(self, failure: Failure) -> None:
        self._message(failure.message)
        self.jobs_changed.emit()

    # -- the panel -----------------------------------------------------------------------------------
    def open_panel(self) -> PrintQueueDialog:
        from hallclient.ui.printqueue import PrintQueueDialog

        if self.panel is None:
            self.panel = PrintQueueDialog(self.ctx, self, self._parent)
            self.panel.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
            self.panel.destroyed.connect(lambda _obj=None: setattr(self, "panel", None))
        self.panel.show()
        self.panel.raise_()
        self.panel.reload()
        return self.panel
