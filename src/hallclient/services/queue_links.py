"""Cases recorded for the citizen a window serves, still to be linked to their ticket on the queue server.

The queue lives on the server, which a window may not reach when the case is saved; and the client may be
closed before it is back. So the link is written with the case, in the same transaction (one ``meta`` row
per case, like the sync cursors), and deleted only once the server answered it: nothing is lost, and since
the server's link is idempotent per ticket and case, sending one again after a lost answer links nothing
twice.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from hallclient.store.bootstrap import set_meta
from hallclient.store.db import Store
from hallclient.store.models import Meta

KEY_PREFIX = "queue_link:"


@dataclass(frozen=True)
class TicketRef:
    """The ticket a window serves, as the calling strip knows it when a case is saved."""

    id: str
    number: str


@dataclass(frozen=True)
class PendingLink:
    """A case still to be linked to its ticket on the server."""

    ticket_id: str
    number: str
    case_no: str
    saved_at: str


def remember(session: Session, ticket: TicketRef, case_no: str, at: datetime) -> None:
    """Keep the link of ``case_no`` to ``ticket`` until the server has it (in the caller's transaction)."""
    value = {"ticket_id": ticket.id, "number": ticket.number, "case_no": case_no, "saved_at": at.isoformat()}
    set_meta(session, KEY_PREFIX + case_no, json.dumps(value, ensure_ascii=False, sort_keys=True))


def pending_links(store: Store) -> list[PendingLink]:
    """The links still to send, oldest first (a ticket's cases reach the server in the order they were saved)."""
    with store.read() as session:
        rows = session.scalars(select(Meta).where(Meta.key.startswith(KEY_PREFIX))).all()
        links = [PendingLink(**json.loads(row.value)) for row in rows]
    return sorted(links, key=lambda link: (link.saved_at, link.case_no))


def forget(store: Store, case_nos: Iterable[str]) -> None:
    """The server has these links (or refused them for good, and the clerk was told): they are done."""
    keys = [KEY_PREFIX + case_no for case_no in case_nos]
    if not keys:
        return
    with store.write() as session:
        session.execute(delete(Meta).where(Meta.key.in_(keys)))
