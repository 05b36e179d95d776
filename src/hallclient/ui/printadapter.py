"""The one interface through which committed results reach printing (kept tiny: loaded at start-up).

The intake screen and the case detail only call ``committed(ctx, result)`` (a new event that has a slip)
and ``reprint(ctx, case_id)``; an adapter reports its state through ``state_changed`` for the status bar.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

if TYPE_CHECKING:
    from hallclient.services.cases import CaseResult
    from hallclient.ui.context import AppContext


class PrintAdapter(QObject):
    """Signals:
    state_changed(str, object, str): text, ok (True/False/None), detail — for the status bar.
    message(str): a passing note for the clerk (a slip failed, a reprint was queued).
    """

    state_changed = Signal(str, object, str)
    message = Signal(str)

    def committed(self, ctx: AppContext, result: CaseResult) -> None:
        """A committed event that may have a slip (persist first, then print)."""

    def reprint(self, ctx: AppContext, case_id: str) -> None:
        """Print the case's latest slip again, marked as a reprint."""

    def open_panel(self) -> object:
        """Show the print queue (jobs, failures, retry and reprint); None when there is none."""
        return None

    def stop(self) -> None:
        """Release printers and threads at exit."""
