"""Who may upload assessment and attendance events: the ingest guard against a stolen or misused window PC.

A finding (``assessment.*``) deducts a colleague's points, so it is accepted only when its actor is a server user
with the supervisor or admin role. The one exception is an appeal (``assessment.finding_appealed`` with status
``appealed``) by the staff member the finding names: it can only ask for a review (the server's reader takes
nothing else from it, see ``server/assessment_sources.py``). An attendance event (``window.*``) counts toward
someone's duty minutes, so it is accepted only for a window the uploading device is bound to by enrolment (every
window any of its enrolments named: a PC moved to another window keeps its earlier events valid); so is a 帮办代办
record (``assistance.recorded``), which counts toward the window's and its site's figures. Anything else is
refused as ``not_permitted`` and quarantined in place like an unfit event (see ``server/ingest.py``): kept, never
applied, the chain goes on.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import cast

from sqlalchemy import Connection, Table, select

from hallclient.domain.events import EventRecord
from hallclient.server.models import Device, ServerUser

NOT_PERMITTED = "not_permitted"
ASSESSMENT_PREFIX = "assessment."
WINDOW_PREFIX = "window."
ASSISTANCE = "assistance.recorded"
ASSESSOR_ROLES = ("supervisor", "admin")
APPEALED = "assessment.finding_appealed"

DEVICES = cast(Table, Device.__table__)
USERS = cast(Table, ServerUser.__table__)


class Permits:
    """What the batch's assessment and window events need to know, read once per batch."""

    def __init__(self, connection: Connection, device_id: str, events: Iterable[EventRecord]) -> None:
        events = list(events)
        actors = sorted({event.actor for event in events if event.type.startswith(ASSESSMENT_PREFIX)})
        self.users: dict[str, tuple[str, str]] = {}  # username -> (user id, role)
        if actors:
            query = select(USERS.c.username, USERS.c.id, USERS.c.role).where(USERS.c.username.in_(actors))
            self.users = {row.username: (row.id, row.role) for row in connection.execute(query)}
        self.windows: set[str] = set()
        if any(event.type.startswith(WINDOW_PREFIX) or event.type == ASSISTANCE for event in events):
            query = select(DEVICES.c.window).where(
                DEVICES.c.client_device_id == device_id, DEVICES.c.enrolled_at.is_not(None)
            )
            self.windows = {row.window for row in connection.execute(query)}

    def refusal(self, event: EventRecord) -> tuple[str, str] | None:
        """(code, reason) when the event may not come from this device or actor; None when it may."""
        if event.type.startswith(ASSESSMENT_PREFIX):
            user_id, role = self.users.get(event.actor, ("", ""))
            own_appeal = (
                event.type == APPEALED
                and bool(user_id)
                and event.payload.get("staff_id") == user_id
                and event.payload.get("status") == "appealed"
            )
            if role not in ASSESSOR_ROLES and not own_appeal:
                return (
                    NOT_PERMITTED,
                    f"考核记录只能由值班长或管理员录入（本人只能申诉），{event.actor or '（无）'} 无权",
                )
        if event.type.startswith(WINDOW_PREFIX) or event.type == ASSISTANCE:
            window = event.payload.get("window")
            if not isinstance(window, str) or window not in self.windows:
                bound = "、".join(sorted(self.windows)) or "（无）"
                what = "帮办代办记录" if event.type == ASSISTANCE else "在岗记录"
                return NOT_PERMITTED, f"本机登记的窗口是 {bound}，不能上报 {window or '（无）'} 号窗口的{what}"
        return None
