"""Printing in the window: the persistent print queue, the printer's state, slip previews and reprints.

Persist first, then print: the services queue a slip in the same transaction as its event (when
``Services.print_queue`` is set), so this adapter only creates and starts the queue once the store is
open, turns its worker-thread callbacks into Qt signals, and shows what happened. The printer's own state
is asked on a separate I/O thread (:class:`PrinterWatch`) because a dead serial line can take the whole
timeout to answer; neither the GUI thread nor the DB thread ever waits for a printer.
"""

from __future__ import annotations

import io
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QWidget

from hallclient.ui.context import AppContext
from hallclient.ui.printadapter import PrintAdapter

if TYPE_CHECKING:
    from hallclient.devices.printer.queue import JobView, PrintQueue
    from hallclient.devices.printer.slips import SlipData
    from hallclient.services.cases import CaseResult
    from hallclient.services.context import Services
    from hallclient.ui.printqueue import PrintQueueDialog, SlipPreviewDialog

log = logging.getLogger("hallclient.ui.printing")

#: Seconds between two printer status queries (skipped while the queue is sending).
STATUS_INTERVAL = 20.0
STATUS_TIMEOUT = 3.0
#: How many of the newest jobs the queue panel lists (every failed or waiting job is listed too).
RECENT_JOBS = 200


def error_kind_label(kind: str) -> str:
    """The clerk's words for a classified printing failure (``PrintErrorKind`` values)."""
    return {
        "offline": QCoreApplication.translate("Printing", "打印机离线"),
        "cover_open": QCoreApplication.translate("Printing", "上盖未关好"),
        "paper_out": QCoreApplication.translate("Printing", "缺纸"),
        "timeout": QCoreApplication.translate("Printing", "无响应（超时）"),
        "encoding": QCoreApplication.translate("Printing", "字符无法打印"),
        "bad_uri": QCoreApplication.translate("Printing", "打印机地址无效"),
        "unsupported": QCoreApplication.translate("Printing", "不支持的操作"),
        "interrupted": QCoreApplication.translate("Printing", "打印中断"),
    }.get(kind, kind)


def slip_kind_label(kind: str) -> str:
    return {
        "receipt": QCoreApplication.translate("Printing", "受理回执"),
        "notice": QCoreApplication.translate("Printing", "一次性告知书"),
        "rejection": QCoreApplication.translate("Printing", "不予受理通知书"),
        "tolerance": QCoreApplication.translate("Printing", "容缺受理通知书"),
        "completion": QCoreApplication.translate("Printing", "办结通知"),
        "enquiry": QCoreApplication.translate("Printing", "首问转办单"),
        "ticket": QCoreApplication.translate("Printing", "排队号票"),
        "test": QCoreApplication.translate("Printing", "测试页"),
    }.get(kind, kind)


def job_state_label(state: str) -> str:
    return {
        "queued": QCoreApplication.translate("Printing", "排队中"),
        "printing": QCoreApplication.translate("Printing", "打印中"),
        "done": QCoreApplication.translate("Printing", "已打印"),
        "failed": QCoreApplication.translate("Printing", "失败"),
    }.get(state, state)


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


# -- DB-thread work ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class JobRow:
    """One line of the queue panel."""

    view: JobView
    case_no: str


@dataclass(frozen=True)
class SlipImage:
    """A rendered slip for the preview: PNG bytes plus what it is."""

    kind: str
    case_id: str | None
    case_no: str
    png: bytes
    job_id: str | None = None  # the queued job this slip comes from (None: built from the case)
    slip: SlipData | None = None
    width: int = 80
    uncovered: tuple[str, ...] = ()  # characters the preview (and a raster line) can only draw as a box


def _png(layout: Any) -> bytes:
    from hallclient.devices.printer.preview import render_preview

    buffer = io.BytesIO()
    render_preview(layout).save(buffer, format="PNG")
    return buffer.getvalue()


def _unprintable(layout: Any) -> tuple[str, ...]:
    from hallclient.devices.printer.escpos_render import unprintable

    return tuple(unprintable(layout))


def _view(job: Any) -> JobView:
    from hallclient.devices.printer.queue import JobView
    from hallclient.devices.printer.slips import SlipKind

    text: str = job.last_error or ""
    kind, message = "", text
    if text.startswith("[") and "] " in text:
        kind, _, message = text[1:].partition("] ")
    return JobView(job.id, SlipKind(job.kind), job.case_id, job.printer_uri, job.state, job.attempts, kind,
                   message, job.reprint, job.created_at, job.updated_at)  # fmt: skip


def load_jobs(services: Services, limit: int = RECENT_JOBS) -> list[JobRow]:
    """Every job that is not done, and the newest ``limit`` jobs, newest first (DB thread)."""
    from sqlalchemy import or_, select

    from hallclient.store.models import Case, PrintJob

    with services.store.read() as session:
        recent = select(PrintJob.id).order_by(PrintJob.created_at.desc(), PrintJob.id.desc()).limit(limit)
        rows = session.execute(
            select(PrintJob, Case.case_no)
            .outerjoin(Case, Case.id == PrintJob.case_id)
            .where(or_(PrintJob.state != "done", PrintJob.id.in_(recent.scalar_subquery())))
            .order_by(PrintJob.created_at.desc(), PrintJob.id.desc())
        )
        return [JobRow(_view(job), case_no or "") for job, case_no in rows]


def job_preview(services: Services, job_id: str) -> SlipImage:
    """The slip a stored job prints, rendered as the preview printer draws it (DB thread)."""
    from hallclient.devices.printer.queue import job_layout
    from hallclient.errors import HallError
    from hallclient.store.models import Case, PrintJob

    with services.store.read() as session:
        job = session.get(PrintJob, job_id)
        if job is None:
            raise HallError(f"没有打印任务 {job_id}")
        layout = job_layout(job)
        case = session.get(Case, job.case_id) if job.case_id else None
        case_no = case.case_no if case else ""
        kind, case_id = job.kind, job.case_id
    return SlipImage(kind, case_id, case_no, _png(layout), job_id=job_id, uncovered=_unprintable(layout))


def case_slip(services: Services, case_id: str) -> SlipImage:
    """What a reprint of the case prints: its latest queued slip, else the slip its latest event calls for.

    Rendered with the 补打 mark, before anything is queued, so the clerk sees it first (DB thread).
    """
    from sqlalchemy import select

    from hallclient.devices.printer.layout import build_layout
    from hallclient.devices.printer.slips import slip_from_dict
    from hallclient.errors import HallError
    from hallclient.services.cases import get_case
    from hallclient.services.slips import SLIP_FOR_EVENT, build_slip
    from hallclient.store.models import Event, PrintJob

    settings = services.settings
    with services.store.read() as session:
        case = get_case(session, case_id)
        if case is None:
            raise HallError(f"办件不存在：{case_id}")
        job = session.scalars(
            select(PrintJob)
            .where(PrintJob.case_id == case_id, PrintJob.kind.in_([k.value for k in SLIP_FOR_EVENT.values()]))
            .order_by(PrintJob.created_at.desc(), PrintJob.id.desc())
            .limit(1)
        ).first()
        if job is not None:
            slip = slip_from_dict(job.kind, job.slip_data["slip"])
            width, job_id = int(job.slip_data.get("width", settings.paper_width)), job.id
        else:
            types = session.scalars(select(Event.type).where(Event.case_id == case_id).order_by(Event.seq.desc()))
            kind = next((SLIP_FOR_EVENT[t] for t in types if t in SLIP_FOR_EVENT), None)
            if kind is None:
                raise HallError(f"办件 {case.case_no} 还没有可打印的凭证")
            slip = build_slip(session, case, kind, settings)
            width, job_id = settings.paper_width, None
        case_no = case.case_no
    layout = build_layout(slip, width, reprint=True, reprinted_at=services.now().replace(tzinfo=None))
    return SlipImage(slip.kind.value, case_id, case_no, _png(layout), job_id=job_id, slip=slip, width=width,
                     uncovered=_unprintable(layout))  # fmt: skip


def queue_reprint(services: Services, slip: SlipImage, actor: str) -> str:
    """Queue ``slip`` again, marked 补打 and logged, on the configured printer; returns the new job id (DB thread)."""
    from hallclient.devices.printer.queue import PrintQueue
    from hallclient.services.slips import log_reprint, reprint_job

    queue = services.print_queue
    assert isinstance(queue, PrintQueue)
    uri = services.settings.printer_uri
    if slip.job_id is not None:
        return reprint_job(services, actor, slip.job_id, uri)
    assert slip.slip is not None
    with services.store.write() as session:
        job_id = queue.enqueue(session, slip.slip, uri, width=slip.width, case_id=slip.case_id, reprint=True)
        log_reprint(session, services, actor, slip.case_id, slip.slip.kind.value, job_id)
        return job_id


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


# -- the adapter ---------------------------------------------------------------------------------------


class QueuePrinting(PrintAdapter):
    """Print queue and printer state for one main window.

    Signals (all on the GUI thread):
        job_changed(object): a job finished (``JobView``: done or failed).
        jobs_changed(): the queue changed in some way (the panel reloads).
    """

    job_changed = Signal(object)
    jobs_changed = Signal()
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
        services = self.ctx.services
        if services.print_queue is not None:
            self._attached(services.print_queue)
            return
        notify = self._job.emit

        def work() -> PrintQueue:
            from hallclient.devices.printer.queue import PrintQueue

            queue = PrintQueue(services.store)
            queue.on_change = notify
            services.print_queue = queue  # from now on every case event queues its slip
            queue.start()
            return queue

        self.ctx.run(work, self._attached)

    def _attached(self, queue: object) -> None:
        from hallclient.devices.printer.queue import PrintQueue

        assert isinstance(queue, PrintQueue)
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
        self.ctx.run(lambda: queue.jobs(state="failed"), self._failed_loaded)

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

    def _show_state(self) -> None:
        text, ok, detail = printer_state_text(self.printer_outcome, self.uri)
        if self.printer_outcome is None:
            text, ok = self.tr("检测中"), None
        if self.failed:
            latest = max(self.failed.values(), key=lambda view: view.updated_at)
            text += self.tr(" · 失败 %1 张").replace("%1", str(len(self.failed)))
            ok = False
            detail = (
                self.tr("最近失败：%1（%2）点击查看打印队列")
                .replace("%1", f"{error_kind_label(latest.error_kind)}：{latest.error}")
                .replace("%2", slip_kind_label(latest.kind.value))
            )
        elif self.outstanding and ok is not False:
            text += self.tr(" · 打印中")
        self.state_changed.emit(text, ok, detail)

    def _on_job(self, view: JobView) -> None:
        self.outstanding.discard(view.id)
        if view.state == "failed":
            self.failed[view.id] = view
            self._message(
                self.tr("打印失败：%1 — %2（点击状态栏“打印机”查看并重试）")
                .replace("%1", slip_kind_label(view.kind.value))
                .replace("%2", f"{error_kind_label(view.error_kind)}：{view.error}")
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
    def committed(self, ctx: AppContext, result: CaseResult) -> None:
        if result.print_job_id:
            self.outstanding.add(result.print_job_id)
            self._show_state()
            self.jobs_changed.emit()

    def reprint(self, ctx: AppContext, case_id: str) -> None:
        """Show the slip (marked 补打) first; it is queued only when the clerk confirms in the preview."""
        services = ctx.services
        ctx.run(lambda: case_slip(services, case_id), self._preview_loaded, self._failed_task)

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
        services, actor = self.ctx.services, self._actor_name()
        self.ctx.run(lambda: queue_reprint(services, slip, actor), self._queued, self._failed_task)

    def reprint_job(self, job_id: str) -> None:
        if self.queue is None:
            return
        from hallclient.services.slips import reprint_job

        services, uri, actor = self.ctx.services, self.uri, self._actor_name()
        self.ctx.run(lambda: reprint_job(services, actor, job_id, uri), self._queued, self._failed_task)

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

        self.ctx.run(lambda: queue.retry(job_id), done, self._failed_task)

    def _queued(self, job_id: str) -> None:
        self.outstanding.add(job_id)
        self._show_state()
        self.jobs_changed.emit()
        self._message(self.tr("已加入打印队列"))

    def _failed_task(self, error: BaseException) -> None:
        from hallclient.errors import message_for

        text = message_for(error)
        self._message(text)
        self.jobs_changed.emit()

    # -- the panel -----------------------------------------------------------------------------------
    def open_panel(self) -> PrintQueueDialog:
        from hallclient.ui.printqueue import PrintQueueDialog

        if self.panel is None:
            self.panel = PrintQueueDialog(self, self._parent)
            self.panel.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
            self.panel.destroyed.connect(lambda _obj=None: setattr(self, "panel", None))
        self.panel.show()
        self.panel.raise_()
        self.panel.reload()
        return self.panel
