"""Which device may record events on a case: its holder, and nobody else.

A case belongs to the device that recorded its first event (the window where it was taken in). Any
event carrying a ``case_id`` — whatever its type, including types added later — is accepted only
from that device; from any other device it is rejected as ``case_owner_mismatch`` and quarantined
in place (the uploading device's chain continues, its queue never blocks). The one legitimate
cross-window action is an explicit hand-over: the holder records ``case.handed_over`` naming the
receiving device (``{"to_device": "<client device id>"}``); from then on the receiver is the holder,
receives the case's server-side updates, and the previous holder's events on it are refused.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, cast

from sqlalchemy import Connection, Table, select

from hallclient.domain.events import EventRecord
from hallclient.server.db import Prebuilt, any_of
from hallclient.server.models import Device, StoredEvent

HANDED_OVER = "case.handed_over"
MISMATCH = "case_owner_mismatch"
BAD_HANDOVER = "invalid_handover"

DEVICES = cast(Table, Device.__table__)


def handed_to(event: EventRecord) -> str:
    """The receiving device of a hand-over event ('' when the payload does not name one)."""
    target = event.payload.get("to_device")
    return target if isinstance(target, str) else ""


_FIRST_SENDERS = Prebuilt(
    lambda dialect: (
        select(StoredEvent.case_id, StoredEvent.device_id)
        .where(any_of(dialect, StoredEvent.case_id, "case_ids"))
        .order_by(StoredEvent.received_at, StoredEvent.seq)
    )
)


class Holders:
    """The current holder of each case a batch touches, updated as the batch's events are accepted.

    ``cases``: the batch's case rows by case id, read once by ingest for this and for the projection."""

    def __init__(
        self, connection: Connection, device_id: str, case_ids: Iterable[str], cases: Mapping[str, Mapping[str, Any]]
    ) -> None:
        self.connection = connection
        self.device_id = device_id
        self.holder: dict[str, str] = {}
        missing: list[str] = []
        for case_id in sorted(set(case_ids)):
            row = cases.get(case_id)
            if row is not None:
                self.holder[case_id] = row["device_id"]
            else:
                missing.append(case_id)
        if missing:  # events with a case id but no case row (not a ``case.*`` type): the first sender holds it
            for case_id, sender in _FIRST_SENDERS.fetch(connection, {"case_ids": missing}):
                if case_id is not None:
                    self.holder.setdefault(case_id, sender)

    def refusal(self, event: EventRecord) -> tuple[str, str] | None:
        """(code, reason) when ``event`` may not be accepted from this device; None when it may."""
        if not event.case_id:
            return None
        holder = self.holder.get(event.case_id, self.device_id)  # a new case belongs to its first sender
        if holder != self.device_id:
            return MISMATCH, f"办件 {event.case_id} 由另一台设备（{holder}）办理，不归本机"
        if event.type == HANDED_OVER:
            target = handed_to(event)
            if not target or target == self.device_id:
                return BAD_HANDOVER, "移交须在 payload.to_device 中写明另一台设备"
            if not self._enrolled(target):
                return BAD_HANDOVER, f"移交的目标设备 {target} 未登记"
        return None

    def accept(self, event: EventRecord) -> None:
        """Record the effect of an accepted event on who holds its case."""
        if event.case_id:
            self.holder[event.case_id] = handed_to(event) if event.type == HANDED_OVER else (
                self.holder.get(event.case_id, self.device_id))  # fmt: skip

    def _enrolled(self, client_device_id: str) -> bool:
        query = select(DEVICES.c.id).where(
            DEVICES.c.client_device_id == client_device_id,
            DEVICES.c.token_hash.is_not(None),
            DEVICES.c.revoked_at.is_(None),
        )
        return self.connection.execute(query).first() is not None
