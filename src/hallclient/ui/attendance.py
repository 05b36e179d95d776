"""Recording the window's on-duty changes (sign-in, sign-out, lock, unlock, 暂停服务, 恢复) from the screens.

One helper, so the main window and the calling panel record them alike: a :class:`WriteOp` on the DB thread
(``services/attendance.py`` writes the mark and its ``window.*`` event together); a failure goes to the
status bar like any op's. Nothing is recorded without a signed-in person.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from hallclient.ui.ops import WriteOp, Written

if TYPE_CHECKING:
    from hallclient.services.context import Actor, Services
    from hallclient.ui.context import AppContext


def record_change(ctx: AppContext, actor: Actor | None, change: Callable[[Services, Actor], None]) -> None:
    """Record ``change`` (a ``services.attendance.record_*`` function, reason bound) for ``actor``."""
    if actor is None or ctx.tasks.closed:
        return
    signed = actor

    def write(services: Services) -> Written[None]:
        change(services, signed)
        return Written(None)

    WriteOp(ctx, fn=write).run()
