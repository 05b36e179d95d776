"""好差评: five levels, chosen by the citizen; a rating entered for them says so."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from hallclient.domain.events import EventType, new_id
from hallclient.domain.rating import LEVELS, is_bad_review
from hallclient.errors import HallError
from hallclient.protocol.wire import ServerRating
from hallclient.services.complaints import open_task_for_bad_rating
from hallclient.services.context import Actor, Services, wall_time
from hallclient.store import eventlog
from hallclient.store.models import Case, Rating


def record_rating(
    services: Services,
    actor: Actor,
    *,
    level: int,
    case_id: str | None = None,
    reason: str = "",
    on_behalf: bool = False,
) -> str:
    """Record a rating. A rating of a case belongs to the clerk who served it (``Case.clerk_id``), whoever
    is signed in when the citizen presses the button; ``actor`` is who recorded it (the event's actor)."""
    if level not in LEVELS:
        raise HallError(f"评价等级只能是 1–5，实为 {level!r}")
    now = services.now()
    rating_id = new_id()
    with services.store.write() as session:
        case_no = None
        clerk_id = actor.user_id
        if case_id is not None:
            case = session.get(Case, case_id)
            if case is None:
                raise HallError(f"办件不存在：{case_id}")
            case_no, clerk_id = case.case_no, case.clerk_id
        session.add(
            Rating(
                id=rating_id,
                case_id=case_id,
                level=level,
                reason=reason.strip(),
                on_behalf=on_behalf,
                rated_at=wall_time(now),
                window=services.settings.window,
                clerk_id=clerk_id,
            )
        )
        eventlog.append(
            session,
            device_id=services.device_id,
            case_id=case_id,
            type=EventType.RATING_GIVEN,
            payload={
                "rating_id": rating_id,
                "case_no": case_no,
                "level": level,
                "label": LEVELS[level],
                "bad_review": is_bad_review(level),
                "reason": reason.strip(),
                "on_behalf": on_behalf,
                "window": services.settings.window,
                "clerk_id": clerk_id,
                "rated_at": now.isoformat(timespec="seconds"),
            },
            actor=actor.username,
            at=now,
        )
        if is_bad_review(level):
            # A bad review opens its follow-up task in the same transaction: it can never be lost.
            open_task_for_bad_rating(session, services, rating_id)
    return rating_id


def keep_server_rating(session: Session, services: Services, rating: ServerRating) -> bool:
    """A rating the citizen gave through the server (SMS link), kept as the case's rating in the caller's
    transaction, its bad-review task opened as for a rating at the window. No local event: its
    ``rating.given`` is on the server's chain already (counting it twice would be wrong). Idempotent;
    False when this store does not hold the case."""
    if session.get(Case, rating.case_id) is None:
        return False
    if session.get(Rating, rating.rating_id) is None:
        rated_at = datetime.fromisoformat(rating.rated_at)
        session.add(
            Rating(
                id=rating.rating_id,
                case_id=rating.case_id,
                level=rating.level,
                reason=rating.reason,
                on_behalf=False,
                rated_at=wall_time(rated_at.astimezone()),
                window=rating.window,
                clerk_id=rating.clerk_id,
            )
        )
        session.flush()
    open_task_for_bad_rating(session, services, rating.rating_id)
    return True
