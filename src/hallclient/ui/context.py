"""What every screen shares: the services, the signed-in clerk, the catalog snapshot and the task runner.

Opening the store (migrations, a demo seed) happens on the DB thread after the first window is shown,
so the login screen is usable at once; screens wait for ``ready``. Every committed write op emits
``changed`` with what it changed (``ops.Changes``), so other views refresh just that (Anki's
"operation did execute" idea, without a global reload).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import QObject, Signal

if TYPE_CHECKING:  # the services (SQLAlchemy, argon2) load on the DB thread, not before the first window
    from datetime import date

    from hallclient.config import Settings
    from hallclient.domain.catalog import Catalog
    from hallclient.domain.workdays import WorkCalendar
    from hallclient.services.context import Actor, Services
    from hallclient.ui.matter_index import MatterIndex
    from hallclient.ui.tasks import TaskManager


log = logging.getLogger("hallclient.ui")


class Opened(NamedTuple):
    services: Services
    calendar: WorkCalendar
    catalog: Catalog
    matter_index: MatterIndex


def open_everything(services: Services) -> Opened:
    """Runs on the DB thread: everything the screens need that comes from the store."""
    from hallclient.services.catalog import load_catalog
    from hallclient.store.bootstrap import load_calendar
    from hallclient.ui.matter_index import MatterIndex

    catalog = load_catalog(services.store)
    names = {department.code: department.name for department in catalog.departments}
    return Opened(services, load_calendar(services.store), catalog, MatterIndex(catalog.matters, names))


class AppContext(QObject):
    """Signals:
    ready(): the store is open and the catalog loaded.
    open_failed(str): the store could not be opened (message for the user).
    actor_changed(object): a clerk signed in (Actor) or out (None).
    changed(Changes): a write op committed (``ops.Changes``: cases, queued slips, events to upload).
    calendar_changed(): a different working-day calendar is stored (by sync or import).
    """

    ready = Signal()
    open_failed = Signal(str)
    actor_changed = Signal(object)
    changed = Signal(object)
    calendar_changed = Signal()

    def __init__(self, settings: Settings, tasks: TaskManager, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.tasks = tasks
        self._opened: Opened | None = None
        self.actor: Actor | None = None
        self.server_token = ""  # the signed-in supervisor's user token on the server (POST /v1/login), if any

    # -- opening -------------------------------------------------------------------------------------
    def open(self, make_services: Callable[[], Services], label: str = "") -> None:
        def work() -> Opened:
            return open_everything(make_services())

        self.tasks.submit(work, self._on_opened, self._on_open_failed, label=label)

    def adopt(self, opened: Opened) -> None:
        """Use an already opened store (tests and tools)."""
        self._on_opened(opened)

    def _on_opened(self, opened: Opened) -> None:
        self._opened = opened
        self.settings = opened.services.settings
        self.ready.emit()

    def _on_open_failed(self, error: BaseException) -> None:
        self.open_failed.emit(str(error))

    @property
    def is_ready(self) -> bool:
        return self._opened is not None

    def _require(self) -> Opened:
        if self._opened is None:
            raise RuntimeError("store not open yet")
        return self._opened

    @property
    def services(self) -> Services:
        return self._require().services

    @property
    def calendar(self) -> WorkCalendar:
        return self._require().calendar

    @property
    def catalog(self) -> Catalog:
        return self._require().catalog

    @property
    def index(self) -> MatterIndex:
        return self._require().matter_index

    def today(self) -> date:
        return self.services.now().date()

    def reload_calendar(self) -> None:
        """Re-read the stored working-day calendar (a sync may have brought a new one and recounted cases)."""
        from hallclient.store.bootstrap import load_calendar
        from hallclient.ui.ops import Changes, QueryOp

        def adopt(calendar: WorkCalendar) -> None:
            if self._opened is None or calendar == self._opened.calendar:
                return
            self._opened = self._opened._replace(calendar=calendar)
            self.calendar_changed.emit()
            self.changed.emit(Changes(all_cases=True, events=False))  # recounted cases: lists and details reload

        QueryOp(self, lambda services: load_calendar(services.store)).success(adopt).run()

    # -- the clerk -----------------------------------------------------------------------------------
    def sign_in(self, actor: Actor) -> None:
        self.actor = actor
        self.server_token = ""
        self.actor_changed.emit(actor)

    def sign_out(self) -> None:
        self.actor = None
        self.server_token = ""
        self.actor_changed.emit(None)

    def require_actor(self) -> Actor:
        if self.actor is None:
            raise RuntimeError("no clerk signed in")
        return self.actor
