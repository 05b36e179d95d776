"""Operations: the one way a screen reaches the store (after Anki's ``QueryOp`` and ``CollectionOp``).

A screen builds an op from a function of the :class:`Services` (and itself as ``parent``: handlers are
skipped when the screen was deleted before the result came), attaches ``success`` and ``failure``
handlers and runs it. The function runs on the one DB thread (:class:`TaskManager`); the handlers run on
the GUI thread. Screens never open a session or call the task manager themselves.

- Every failure reaches the handler as a :class:`Failure` whose ``message`` is built here, once: a
  ``HallError``'s text, a database fault explained, else a generic line; anything that is not a
  ``HallError`` is logged with its traceback first, so a bug never reaches the clerk as "KeyError: 'x'".
- A :class:`WriteOp` returns :class:`Written` — its value and the typed :class:`Changes` it committed.
  ``AppContext.changed`` carries those changes to every listener: the uploader (sync soon), the case list
  and open case details (refresh), printing (the slip queued in the same transaction).
- A :class:`NetworkOp` is a read from the server; it runs on its own network thread.
"""

from __future__ import annotations

import logging
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject

from hallclient.ui.textfill import fill

if TYPE_CHECKING:
    from typing import Self

    from hallclient.services.cases import CaseResult
    from hallclient.services.context import Services
    from hallclient.ui.context import AppContext

log = logging.getLogger("hallclient.ui.ops")

T = TypeVar("T")


@dataclass(frozen=True)
class Changes:
    """What a write committed, for the views that show it.

    ``case_ids``: the cases whose events were appended; ``all_cases``: many cases changed (a recount);
    ``print_jobs``: slips queued with the events; ``events``: whether events were appended at all (the
    uploader then syncs soon).
    """

    case_ids: frozenset[str] = frozenset()
    print_jobs: tuple[str, ...] = ()
    all_cases: bool = False
    events: bool = True

    def touches(self, case_id: str) -> bool:
        return self.all_cases or case_id in self.case_ids

    @classmethod
    def of_cases(cls, results: Iterable[CaseResult]) -> Changes:
        listed = list(results)
        return cls(
            case_ids=frozenset(result.case_id for result in listed),
            print_jobs=tuple(result.print_job_id for result in listed if result.print_job_id),
        )


@dataclass(frozen=True)
class Written(Generic[T]):
    """A write op's value and the changes it committed."""

    value: T
    changes: Changes = field(default_factory=Changes)


def case_written(result: CaseResult) -> Written[CaseResult]:
    """The usual case action: one event on one case, perhaps with its slip queued."""
    return Written(result, Changes.of_cases([result]))


@dataclass(frozen=True)
class Failure:
    """An op that failed: the clerk's one line, and the exception for screens that place it (``FieldError``)."""

    message: str
    error: BaseException


def clerk_message(error: BaseException) -> str:
    """The one place that turns an exception into the clerk's line; logs every non-``HallError`` with traceback."""
    from hallclient.errors import HallError, message_for
    from hallclient.store.faults import explain_database_error

    if isinstance(error, HallError):
        return str(error)
    log.error("operation failed", exc_info=error)
    if explain_database_error(error) is not None:
        return message_for(error)
    return fill(
        QCoreApplication.translate("Ops", "程序内部错误（%1），未保存任何内容；详情已写入运行日志（帮助 → 运行日志）"),
        type(error).__name__,
    )


R = TypeVar("R")
V = TypeVar("V")


class _Op(ABC, Generic[R, V]):
    """Runs ``fn(services)`` on the DB thread (its raw result ``R``); ``success`` gets the value ``V``."""

    def __init__(self, ctx: AppContext, fn: Callable[[Services], R], parent: QObject | None = None) -> None:
        self.ctx = ctx
        self._fn = fn
        self._parent = parent
        self._success: Callable[[V], None] | None = None
        self._failure: Callable[[Failure], None] | None = None
        self._label = ""

    #: Run on the network thread instead of the DB thread (``NetworkOp``).
    network = False

    def success(self, handler: Callable[[V], None]) -> Self:
        self._success = handler
        return self

    def failure(self, handler: Callable[[Failure], None]) -> Self:
        """Without one, the failure's message goes to the status bar (``TaskManager.failed``)."""
        self._failure = handler
        return self

    def with_progress(self, label: str) -> Self:
        """Show ``label`` in the status bar when the op takes longer than a moment."""
        self._label = label
        return self

    def run(self) -> None:
        if self.ctx.tasks.closed:  # the app is exiting: a late refresh (a queued signal) has nothing left to show
            log.info("op after shutdown ignored: %s", self._label or getattr(self._fn, "__qualname__", self._fn))
            return
        services = self.ctx.services
        fn = self._fn
        self.ctx.tasks.submit(
            lambda: fn(services), self._succeeded, self._failed, label=self._label, network=self.network
        )

    @abstractmethod
    def _value(self, raw: R) -> V:
        """The value ``success`` gets from the raw result (a write also announces its changes here)."""

    def _parent_gone(self) -> bool:
        """The screen that ran the op was closed (or rebuilt by a language switch) before the result came."""
        return self._parent is not None and not shiboken6.isValid(self._parent)

    def _succeeded(self, raw: R) -> None:
        value = self._value(raw)  # a write's changes go out even when its screen is gone
        if self._success is not None and not self._parent_gone():
            self._success(value)

    def _failed(self, error: BaseException) -> None:
        failure = Failure(clerk_message(error), error)
        if self._parent_gone():
            self.ctx.tasks.failed.emit(failure.message)
        elif self._failure is not None:
            self._failure(failure)
        else:
            self.ctx.tasks.failed.emit(failure.message)


class QueryOp(_Op[T, T]):
    """A read, or a write that changes nothing a view shows: ``QueryOp(ctx, fn).success(cb).run()``."""

    def _value(self, raw: T) -> T:
        return raw


class NetworkOp(QueryOp[T]):
    """A server call (``reports.server``): runs on the network thread, so it neither waits behind store work
    nor holds it up. ``fn`` gets the services for their settings and must not touch the store."""

    network = True


class WriteOp(_Op[Written[T], T]):
    """A write: ``fn`` returns :class:`Written`; its changes go out on ``ctx.changed`` before ``success`` runs."""

    def _value(self, raw: Written[T]) -> T:
        self.ctx.changed.emit(raw.changes)
        return raw.value
