"""``/v1/queue/...``: tickets, calling and pauses for enrolled devices; appointments for the hall's portal.

A device acts only for its own window (the window it was enrolled for): it calls for that window and
may touch only the tickets that window holds. The portal authenticates with ``X-Api-Key`` (role
``portal``, one hall) and may only list slots and book, list and cancel appointments; a device token
is no portal key and a portal key is no device token.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from fastapi import APIRouter, Depends, Header, HTTPException, Path, Query, Request

from hallclient.domain.queue import HALL_CODE, Action, QueueError
from hallclient.protocol.credentials import digest
from hallclient.protocol.queue import (
    QUEUE_PREFIX,
    AppointmentOut,
    AppointmentRequest,
    CallResult,
    CheckInRequest,
    FinishRequest,
    HallState,
    LinkRequest,
    PauseRequest,
    QueueStatus,
    SlotOut,
    TicketOut,
    TicketRequest,
    TransferRequest,
    WalkInRequest,
)
from hallclient.protocol.wire import API_PREFIX, Problem
from hallclient.server import queue, queue_appointments
from hallclient.server.auth import CallingDevice, CallingUser, calling_device, database, require_role
from hallclient.server.db import Database
from hallclient.server.queue_live import Broadcaster, broadcaster_of

router = APIRouter(prefix=API_PREFIX + QUEUE_PREFIX, tags=["queue"])
REFUSALS: dict[int | str, dict[str, object]] = {code: {"model": Problem} for code in (401, 403, 404, 409, 422)}
TICKET_ID = Path(min_length=1, max_length=36, pattern=r"^[0-9A-Za-z-]+$")


@contextmanager
def refusals() -> Iterator[None]:
    """A QueueError becomes its 4xx answer with the one-line reason."""
    try:
        yield
    except queue.QueueNotFound as error:
        raise HTTPException(404, str(error)) from None
    except queue.QueueForbidden as error:
        raise HTTPException(403, str(error)) from None
    except QueueError as error:
        raise HTTPException(409, str(error)) from None


async def window_of(device: CallingDevice = Depends(calling_device)) -> queue.Window:  # async: no thread hop
    return queue.Window(device_row=device.id, window=device.window)


async def live(request: Request) -> Broadcaster:  # async: no thread hop
    return broadcaster_of(request.app.state)


def portal(x_api_key: str | None = Header(default=None), db: Database = Depends(database)) -> queue_appointments.Portal:
    if not x_api_key or len(x_api_key) > 200:
        raise HTTPException(401, "缺少门户 API 密钥（X-Api-Key）")
    found = queue_appointments.portal_of(db, digest(x_api_key.strip()))
    if found is None:
        raise HTTPException(401, "门户 API 密钥无效或已吊销")
    return found


@router.post("/tickets", response_model=TicketOut, responses=REFUSALS, summary="Issue a ticket (kiosk or window)")
def issue(
    request: TicketRequest,
    who: queue.Window = Depends(window_of),
    db: Database = Depends(database),
    hub: Broadcaster = Depends(live),
) -> TicketOut:
    with refusals():
        return queue.issue_ticket(db, who, request, hub)


@router.post("/walk-in", response_model=TicketOut, responses=REFUSALS, summary="窗口取号: issue and call here")
def walk_in(
    request: WalkInRequest,
    who: queue.Window = Depends(window_of),
    db: Database = Depends(database),
    hub: Broadcaster = Depends(live),
) -> TicketOut:
    with refusals():
        return queue.walk_in(db, who, request, hub)


@router.post("/call", response_model=CallResult, responses=REFUSALS, summary="Call the next ticket for this window")
def call(
    who: queue.Window = Depends(window_of), db: Database = Depends(database), hub: Broadcaster = Depends(live)
) -> CallResult:
    with refusals():
        return queue.call_next(db, who, hub)


def _act(
    action: Action, ticket_id: str, who: queue.Window, db: Database, hub: Broadcaster, case_no: str = ""
) -> TicketOut:
    with refusals():
        return queue.act(db, who, ticket_id, action, case_no=case_no, live=hub)


def _step(action: Action, path: str, summary: str) -> None:
    """One route per plain ticket step: the same call, only the action differs."""

    def step(
        ticket_id: str = TICKET_ID,
        who: queue.Window = Depends(window_of),
        db: Database = Depends(database),
        hub: Broadcaster = Depends(live),
    ) -> TicketOut:
        return _act(action, ticket_id, who, db, hub)

    step.__name__ = path.replace("-", "_")  # the OpenAPI operation id
    router.post(f"/tickets/{{ticket_id}}/{path}", response_model=TicketOut, responses=REFUSALS, summary=summary)(step)


for _action, _path, _summary in (
    (Action.RECALL, "recall", "Call again"),
    (Action.START, "start", "Start serving"),
    (Action.NO_SHOW, "no-show", "过号"),
    (Action.HOLD, "hold", "Set aside (回呼)"),
    (Action.CALL_BACK, "call-back", "Call back"),
):
    _step(_action, _path, _summary)


@router.post("/tickets/{ticket_id}/finish", response_model=TicketOut, responses=REFUSALS, summary="Done (with case)")
def finish(
    request: FinishRequest,
    ticket_id: str = TICKET_ID,
    who: queue.Window = Depends(window_of),
    db: Database = Depends(database),
    hub: Broadcaster = Depends(live),
) -> TicketOut:
    return _act(Action.FINISH, ticket_id, who, db, hub, request.case_no)


@router.post(
    "/tickets/{ticket_id}/link",
    response_model=TicketOut,
    responses=REFUSALS,
    summary="Link a case recorded for the citizen served (the ticket stays served; idempotent)",
)
def link(
    request: LinkRequest,
    ticket_id: str = TICKET_ID,
    who: queue.Window = Depends(window_of),
    db: Database = Depends(database),
    hub: Broadcaster = Depends(live),
) -> TicketOut:
    with refusals():
        return queue.link(db, who, ticket_id, request.case_no, hub)


@router.post(
    "/tickets/{ticket_id}/transfer",
    response_model=TicketOut,
    responses=REFUSALS,
    summary="Transfer to another category or window; answers the continuation ticket",
)
def transfer(
    request: TransferRequest,
    ticket_id: str = TICKET_ID,
    who: queue.Window = Depends(window_of),
    db: Database = Depends(database),
    hub: Broadcaster = Depends(live),
) -> TicketOut:
    with refusals():
        return queue.transfer(db, who, ticket_id, request, hub)


@router.post("/pause", status_code=204, responses=REFUSALS, summary="暂停服务 (with a reason: attendance record)")
def pause(
    request: PauseRequest,
    who: queue.Window = Depends(window_of),
    db: Database = Depends(database),
    hub: Broadcaster = Depends(live),
) -> None:
    with refusals():
        queue.pause(db, who, request.reason, hub)


@router.post("/resume", status_code=204, responses=REFUSALS, summary="恢复服务")
def resume(
    who: queue.Window = Depends(window_of), db: Database = Depends(database), hub: Broadcaster = Depends(live)
) -> None:
    with refusals():
        queue.resume(db, who, hub)


@router.get("/status", response_model=QueueStatus, responses=REFUSALS, summary="This window and its hall")
def status(
    hall: str | None = Query(default=None, pattern=HALL_CODE.pattern, description="A kiosk's hall"),
    who: queue.Window = Depends(window_of),
    db: Database = Depends(database),
) -> QueueStatus:
    with refusals():
        return queue.status(db, who, hall)


@router.get(
    "/hall",
    response_model=HallState,
    responses=REFUSALS,
    summary="Supervisor: the hall live (waiting per category, each window's state and ticket; names masked)",
)
def hall(
    code: str | None = Query(default=None, alias="hall", pattern=HALL_CODE.pattern),
    _user: CallingUser = Depends(require_role("supervisor")),
    db: Database = Depends(database),
) -> HallState:
    from hallclient.server.queue_figures import pick_hall

    with refusals(), db.session() as session:
        return queue.hall_state(session, pick_hall(session, code).code)


@router.post("/check-in", response_model=TicketOut, responses=REFUSALS, summary="Appointment → ticket")
def check_in(
    request: CheckInRequest,
    who: queue.Window = Depends(window_of),
    db: Database = Depends(database),
    hub: Broadcaster = Depends(live),
) -> TicketOut:
    with refusals():
        return queue_appointments.check_in(db, who, request, hub)


# ---- the portal (X-Api-Key, role portal) -----------------------------------------------------------------


@router.get("/slots", response_model=list[SlotOut], responses=REFUSALS, summary="Portal: free places per slot")
def slots(
    category: str = Query(pattern=r"^[A-Za-z]{1,2}$"),
    day: str = Query(pattern=r"^\d{4}-\d{2}-\d{2}$"),
    caller: queue_appointments.Portal = Depends(portal),
    db: Database = Depends(database),
) -> list[SlotOut]:
    with refusals():
        return queue_appointments.free_slots(db, caller, category, day)


@router.post("/appointments", response_model=AppointmentOut, responses=REFUSALS, summary="Portal: book")
def book(
    request: AppointmentRequest, caller: queue_appointments.Portal = Depends(portal), db: Database = Depends(database)
) -> AppointmentOut:
    with refusals():
        return queue_appointments.book(db, caller, request)


@router.get("/appointments", response_model=list[AppointmentOut], responses=REFUSALS, summary="Portal: list")
def appointments(
    day: str | None = Query(default=None, pattern=r"^\d{4}-\d{2}-\d{2}$"),
    id_number: str | None = Query(default=None, min_length=15, max_length=18),
    caller: queue_appointments.Portal = Depends(portal),
    db: Database = Depends(database),
) -> list[AppointmentOut]:
    with refusals():
        return queue_appointments.list_appointments(db, caller, day, id_number)


@router.delete("/appointments/{code}", response_model=AppointmentOut, responses=REFUSALS, summary="Portal: cancel")
def cancel(
    code: str = Path(min_length=4, max_length=16, pattern=r"^[0-9A-Za-z-]+$"),
    caller: queue_appointments.Portal = Depends(portal),
    db: Database = Depends(database),
) -> AppointmentOut:
    with refusals():
        return queue_appointments.cancel(db, caller, code)
