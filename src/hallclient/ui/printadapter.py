"""The one interface through which committed results reach printing (kept tiny: loaded at start-up).

The main window passes every write op's changes to ``committed(changes)`` (slips queued with the events)
and asks for ``reprint(case_id)``; the queue panel retries and reprints jobs through ``retry_job`` and
``reprint_job``. An adapter reports its state through ``state_changed`` for the status bar.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

if TYPE_CHECKING:
    from hallclient.ui.ops import Changes


class PrintAdapter(QObject):
    """Signals:
    state_changed(str, object, str): text, ok (True/False/None), detail — for the status bar.
    message(str): a passing note for the clerk (a slip failed, a reprint was queued).
    jobs_changed(): the queue changed in some way (the panel reloads).
    """

    state_changed = Signal(str, object, str)
    message = Signal(str)
    jobs_changed = Signal()

    def committed(self, changes: Changes) -> None:
        """A write op committed; its slips, if any, were queued with its events (persist first, then print)."""

    def reprint(self, case_id: str) -> None:
        """Print the case's latest slip again, marked as a reprint."""

    def refresh_state(self) -> None:
        """Say the printer's state again (after a language switch)."""

    @property
    def can_print(self) -> bool:
        """A print queue is running (a printer is configured)."""
        return False

    def retry_job(self, job_id: str) -> None:
        """Send a failed job again."""

    def reprint_job(self, job_id: str) -> None:
        """Queue a stored job again, marked 补打."""

    def open_panel(self) -> object:
        """Show the print queue (jobs, failures, retry and reprint); None when there is none."""
        return None

    def stop(self) -> None:
        """Release printers and threads at exit."""
