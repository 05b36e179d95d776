"""首问登记: enquiries and hand-overs that never become a case are still logged and counted."""

from __future__ import annotations

from dataclasses import dataclass

from hallclient.domain.case import CHANNEL_LABELS, FORWARDED_CHANNELS, Channel
from hallclient.domain.events import EventType, new_id
from hallclient.errors import HallError
from hallclient.services.cases import FieldError
from hallclient.services.context import Actor, Services, wall_time
from hallclient.services.partners import all_partners
from hallclient.store import eventlog
from hallclient.store.models import Enquiry

HANDLING = {"answered": "当场解答", "guided": "引导至其他窗口", "handed_over": "登记转交"}
TONGBAN_CHANNELS = {channel.value: CHANNEL_LABELS[channel] for channel in Channel if channel in FORWARDED_CHANNELS}


@dataclass(frozen=True)
class EnquiryInput:
    subject: str
    handling: str = "answered"
    visitor_name: str = ""
    phone: str = ""
    matter_code: str | None = None
    handed_to: str = ""
    note: str = ""
    channel: str = ""  # a 通办 channel the enquiry is about (跨省通办咨询量), "" for none
    partner_region: str = ""  # the partner region asked about, one of the published list


def record_enquiry(services: Services, actor: Actor, enquiry: EnquiryInput) -> str:
    if not enquiry.subject.strip():
        raise FieldError("subject", "请填写咨询事项")
    if enquiry.handling not in HANDLING:
        raise HallError(f"处理方式只能是 {'、'.join(HANDLING)}")
    if enquiry.handling == "handed_over" and not enquiry.handed_to.strip():
        raise FieldError("handed_to", "登记转交须填写转交给谁")
    if enquiry.handling == "handed_over" and not enquiry.phone.strip():
        raise FieldError("phone", "登记转交须留下群众联系电话，便于回复")
    if enquiry.channel and enquiry.channel not in TONGBAN_CHANNELS:
        raise FieldError("channel", f"咨询渠道只能是 {'、'.join(TONGBAN_CHANNELS)}")
    if enquiry.partner_region.strip() and not enquiry.channel:
        raise FieldError("channel", "标注协议地区时须同时选择通办渠道")
    now = services.now()
    enquiry_id = new_id()
    partner = enquiry.partner_region.strip()
    with services.store.write() as session:
        if partner and partner not in {p.name for p in all_partners(session) if p.active}:
            raise FieldError("partner_region", f"“{partner}”不在协议地区名单中")
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
                channel=enquiry.channel,
                partner_region=partner,
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
                **({"channel": enquiry.channel, "partner_region": partner} if enquiry.channel else {}),
            },
            actor=actor.username,
            at=now,
        )
    return enquiry_id
