"""首问登记: enquiries and hand-overs that never become a case are still logged and counted."""

from __future__ import annotations

from dataclasses import dataclass

from hallclient.domain.events import EventType, new_id
from hallclient.errors import HallError
from hallclient.services.cases import FieldError
from hallclient.services.context import Actor, Services, wall_time
from hallclient.store import eventlog
from hallclient.store.models import Enquiry

HANDLING = {"answered": "当场解答", "guided": "引导至其他窗口", "handed_over": "登记转交"}


@dataclass(frozen=True)
class EnquiryInput:
    subject: str
    handling: str = "answered"
    visitor_name: str = ""
    phone: str = ""
    matter_code: str | None = None
    handed_to: str = ""
    note: str = ""


def record_enquiry(services: Services, actor: Actor, enquiry: EnquiryInput) -> str:
    if not enquiry.subject.strip():
        raise FieldError("subject", "请填写咨询事项")
    if enquiry.handling not in HANDLING:
        raise HallError(f"处理方式只能是 {'、'.join(HANDLING)}")
    if enquiry.handling == "handed_over" and not enquiry.handed_to.strip():
        raise FieldError("handed_to", "登记转交须填写转交给谁")
    if enquiry.handling == "handed_over" and not enquiry.phone.strip():
        raise FieldError("phone", "登记转交须留下群众联系电话，便于回复")
    now = services.now()
    enquiry_id = new_id()
    with services.store.write() as session:
        session.add(
            Enquiry(
                id=enquiry_id,
                asked_at=wall_time(now),
                visitor_name=enquiry.visitor_name.strip(),
                phone=enquiry.phone.strip(),
                matter_code=enquiry.matter_code,
                subject=enquiry.subject.strip(),
                handling=enquiry.handling,
                handed_to=enquiry.handed_to.strip(),
                note=enquiry.note.strip(),
                window=services.settings.window,
                clerk_id=actor.user_id,
            )
        )
        eventlog.append(
            session,
            device_id=services.device_id,
            case_id=None,
            type=EventType.ENQUIRY_RECORDED,
            payload={
                "enquiry_id": enquiry_id,
                "asked_at": now.isoformat(timespec="seconds"),
                "visitor_name": enquiry.visitor_name.strip(),
                "phone": enquiry.phone.strip(),
                "matter_code": enquiry.matter_code,
                "subject": enquiry.subject.strip(),
                "handling": enquiry.handling,
                "handed_to": enquiry.handed_to.strip(),
                "note": enquiry.note.strip(),
                "window": services.settings.window,
                "clerk_id": actor.user_id,
            },
            actor=actor.username,
            at=now,
        )
    return enquiry_id
