"""SMS notices to applicants: the kinds, who can receive one, and the ``notice.queued`` payload.

A window never renders or sends a text. It records *that* a notice is due (an event in the same
transaction as the step that causes it, so it exists exactly when its step does) with the facts the
text needs (``params``); the central server renders the centre's approved template of the kind and
sends it. The placeholders each kind may use are fixed here, so the server can refuse a template that
names a fact the windows never send.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Any

from hallclient.domain.case import Decision
from hallclient.domain.events import EventType


class NoticeKind(StrEnum):
    """Every notice a case can send. Values are on the wire and in the server's templates: never change one."""

    ACCEPTED = "accepted"  # 受理
    MISSING = "missing"  # 一次性告知 with the missing materials
    DEFICIENCY_REMINDER = "deficiency_reminder"  # 容缺: N days before the deficiency deadline
    READY = "ready"  # 办结/可取件
    POSTED = "posted"  # 邮寄寄出 (the 通办 forwarding register queues it)
    RATING_INVITE = "rating_invite"  # 好差评 invitation after completion


KIND_LABELS = {
    NoticeKind.ACCEPTED: "受理通知",
    NoticeKind.MISSING: "一次性告知",
    NoticeKind.DEFICIENCY_REMINDER: "容缺补交提醒",
    NoticeKind.READY: "办结/可取件",
    NoticeKind.POSTED: "邮寄寄出",
    NoticeKind.RATING_INVITE: "好差评邀请",
}

COMMON_PARAMS = ("case_no", "matter", "name", "hall_phone")
# What each kind's template may name, besides COMMON_PARAMS. ``rating_code``/``rating_url`` are filled in by
# the server (the code is derived from its own secret), never by a window.
KIND_PARAMS: dict[NoticeKind, tuple[str, ...]] = {
    NoticeKind.ACCEPTED: ("promised_date",),
    NoticeKind.MISSING: ("materials",),
    NoticeKind.DEFICIENCY_REMINDER: ("materials", "supply_deadline"),
    NoticeKind.READY: ("decision",),
    NoticeKind.POSTED: ("carrier", "waybill_no"),
    NoticeKind.RATING_INVITE: ("rating_code", "rating_url"),
}

MOBILE = re.compile(r"1[3-9]\d{9}")
NO_VALID_PHONE = "未发短信：无有效手机号"
OPTED_OUT = "未发短信：申请人选择不接收短信"
OPT_OUT_KEY = "sms_opt_out"  # in the applicant snapshot of the intake payload
DEFAULT_REMINDER_DAYS = 3


def allowed_params(kind: NoticeKind) -> tuple[str, ...]:
    return COMMON_PARAMS + KIND_PARAMS[kind]


def mobile_number(phone: str) -> str | None:
    """The 11-digit Chinese mobile number in ``phone`` (spaces, dashes and a +86/86 prefix allowed), or None."""
    digits = re.sub(r"[\s\-]", "", phone or "")
    for prefix in ("+86", "0086"):
        if digits.startswith(prefix):
            digits = digits[len(prefix) :]
    if len(digits) == 13 and digits.startswith("86"):
        digits = digits[2:]
    return digits if MOBILE.fullmatch(digits) else None


def notice_payload(
    *,
    notice_id: str,
    kind: NoticeKind,
    case_id: str,
    case_no: str,
    phone: str,
    params: dict[str, Any],
    not_before: str | None = None,
) -> dict[str, Any]:
    """The ``notice.queued`` payload; raises ValueError for a param the kind's templates cannot name."""
    unknown = sorted(set(params) - set(allowed_params(kind)))
    if unknown:
        raise ValueError(f"通知类型 {kind.value} 不支持参数：{'、'.join(unknown)}")
    return {
        "notice_id": notice_id,
        "kind": kind.value,
        "case_id": case_id,
        "case_no": case_no,
        "phone": phone,
        "params": {key: str(value) for key, value in params.items()},
        "not_before": not_before,
    }


DECISION_WORDS = {Decision.APPROVED.value: "准予", Decision.DENIED.value: "不予"}


def completion_params(kind: NoticeKind, decision: str | None) -> dict[str, str]:
    """The own facts of the notices a completion sends (办结/可取件 and the rating invitation)."""
    return {"decision": DECISION_WORDS.get(decision or "", "")} if kind is NoticeKind.READY else {}


def case_notice(
    *,
    notice_id: str,
    kind: NoticeKind,
    case_id: str,
    case_no: str,
    matter: str,
    name: str,
    phone: str,
    opted_out: bool,
    hall_phone: str,
    params: dict[str, Any],
    not_before: str | None = None,
) -> tuple[str, dict[str, Any]]:
    """The one definition of what a case's notice carries, wherever it is queued (a window or the server's
    back office): ``(event type, payload)``, ``notice.skipped`` with its reason when it cannot be sent."""
    mobile = mobile_number(phone)
    if mobile is None or opted_out:
        reason = OPTED_OUT if opted_out else NO_VALID_PHONE
        return EventType.NOTICE_SKIPPED, {"kind": kind.value, "case_no": case_no, "reason": reason}
    common = {"case_no": case_no, "matter": matter, "name": name, "hall_phone": hall_phone}
    payload = notice_payload(notice_id=notice_id, kind=kind, case_id=case_id, case_no=case_no, phone=mobile,
                             params={**common, **params}, not_before=not_before)  # fmt: skip
    return EventType.NOTICE_QUEUED, payload


# Which notices a case event causes (the 容缺 reminder and the rating invitation are added by the service,
# which knows the deadline and whether the case was completed).
NOTICES_FOR_EVENT: dict[str, tuple[NoticeKind, ...]] = {
    EventType.CASE_ACCEPTED: (NoticeKind.ACCEPTED,),
    EventType.CASE_SUPPLEMENTED: (NoticeKind.ACCEPTED,),
    EventType.CASE_ACCEPTED_WITH_DEFICIENCY: (NoticeKind.ACCEPTED, NoticeKind.DEFICIENCY_REMINDER),
    EventType.CASE_NOTIFIED_MISSING: (NoticeKind.MISSING,),
    EventType.CASE_COMPLETED: (NoticeKind.READY, NoticeKind.RATING_INVITE),
    EventType.CASE_COMPLETED_IMMEDIATELY: (NoticeKind.READY, NoticeKind.RATING_INVITE),
}
