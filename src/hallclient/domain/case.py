"""The case lifecycle in the words of 行政许可法 §32 and local intake rules.

Pure functions: each command takes the current :class:`CaseState` and returns the next state plus the
event payload that records it. Illegal transitions raise :class:`IllegalTransition` with a message a
clerk understands. Dates are counted in working days from the next day (see ``workdays``); a date
counted over a year the calendar does not cover is *provisional* (``CaseState.provisional``) until
:func:`recompute_deadlines` settles it with the calendar that covers it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from enum import StrEnum
from typing import Any, Protocol

from hallclient.domain.catalog import Matter, MatterKind
from hallclient.domain.events import EventType
from hallclient.domain.waybill import Carrier, validate_waybill
from hallclient.domain.workdays import Deadline, WorkCalendar
from hallclient.errors import HallError

NOTICE_WORKDAYS = 5  # 一次性告知: the notice must be given within 5 working days of receipt
RECOMPUTED_EVENT = EventType.CASE_DEADLINES_RECOMPUTED

# Payload key of the 容缺 (deficient) materials in case.accepted_with_deficiency and each intake material:
# hash-chained events already carry this older spelling, so every event keeps it (docs/glossary.md).
DEFICIENT_PAYLOAD_KEY = "tolerated"
# The deadline fields of a case, in the order they are shown.
DEADLINE_FIELDS = ("promised_date", "statutory_date", "notice_deadline", "supply_deadline")


class Outcome(StrEnum):
    """The five intake decisions (受理环节的五种结果)."""

    ACCEPT = "accept"  # 受理
    NOTIFY_MISSING = "notify_missing"  # 一次性告知（补正）
    REFUSE = "refuse"  # 不予受理
    ACCEPT_WITH_DEFICIENCY = "accept_with_deficiency"  # 容缺受理
    COMPLETE_IMMEDIATELY = "complete_immediately"  # 即办


class CaseStatus(StrEnum):
    AWAITING_SUPPLEMENT = "awaiting_supplement"  # 待补正
    ACCEPTED = "accepted"  # 已受理（在办）
    SUSPENDED = "suspended"  # 中止
    COMPLETED = "completed"  # 办结
    COLLECTED = "collected"  # 已取件/送达
    REFUSED = "refused"  # 不予受理
    WITHDRAWN = "withdrawn"  # 撤回


class Decision(StrEnum):
    APPROVED = "approved"  # 准予
    DENIED = "denied"  # 不予许可


class Channel(StrEnum):
    ON_SITE = "on_site"  # 现场
    PROVINCE_WIDE = "province_wide"  # 全省通办
    CROSS_PROVINCE = "cross_province"  # 跨省通办
    ID_CARD_ONLY = "id_card_only"  # 一证通办


STATUS_LABELS: dict[CaseStatus, str] = {
    CaseStatus.AWAITING_SUPPLEMENT: "待补正",
    CaseStatus.ACCEPTED: "在办",
    CaseStatus.SUSPENDED: "中止",
    CaseStatus.COMPLETED: "办结",
    CaseStatus.COLLECTED: "已取件",
    CaseStatus.REFUSED: "不予受理",
    CaseStatus.WITHDRAWN: "已撤回",
}

OUTCOME_LABELS: dict[Outcome, str] = {
    Outcome.ACCEPT: "受理",
    Outcome.NOTIFY_MISSING: "一次性告知",
    Outcome.REFUSE: "不予受理",
    Outcome.ACCEPT_WITH_DEFICIENCY: "容缺受理",
    Outcome.COMPLETE_IMMEDIATELY: "即办",
}

CHANNEL_LABELS: dict[Channel, str] = {
    Channel.ON_SITE: "现场办理",
    Channel.PROVINCE_WIDE: "全省通办",
    Channel.CROSS_PROVINCE: "跨省通办",
    Channel.ID_CARD_ONLY: "一证通办",
}

TERMINAL = frozenset({CaseStatus.COLLECTED, CaseStatus.REFUSED, CaseStatus.WITHDRAWN})
OPEN = frozenset({CaseStatus.AWAITING_SUPPLEMENT, CaseStatus.ACCEPTED, CaseStatus.SUSPENDED})


class IllegalTransition(HallError):
    """A command the case's current state does not allow."""


class CaseAction(StrEnum):
    """The commands on a case after intake (what the case-detail screen offers)."""

    SUPPLEMENT = "supplement"  # 补正
    SUPPLY_DEFICIENCY = "supply_deficiency"  # 容缺材料补齐
    APPROVE = "approve"  # 办结·准予
    DENY = "deny"  # 办结·不予
    COLLECT = "collect"  # 取件/送达
    SUSPEND = "suspend"  # 中止
    RESUME = "resume"  # 恢复
    EXTEND = "extend"  # 延期
    WITHDRAW = "withdraw"  # 撤回
    # 通办 forwarding (docs/forwarding.md): steps on a 全省通办/跨省通办 case that leave its status as it is.
    FORWARD_FILES = "forward_files"  # 电子转递：材料已发送
    FORWARD_FILES_ACK = "forward_files_ack"  # 电子转递：协议地区确认收到
    FORWARD_POST = "forward_post"  # 原件免费邮寄：已寄出
    FORWARD_RECEIVED = "forward_received"  # 原件免费邮寄：协议地区签收
    FORWARD_RESULT = "forward_result"  # 协议地区办理结果已返回


#: The statuses in which each action is possible (the one table; ``available_actions`` adds the 容缺 rules).
_ACTION_STATUSES: dict[CaseAction, frozenset[CaseStatus]] = {
    CaseAction.SUPPLEMENT: frozenset({CaseStatus.AWAITING_SUPPLEMENT}),
    CaseAction.SUPPLY_DEFICIENCY: frozenset({CaseStatus.ACCEPTED, CaseStatus.SUSPENDED}),
    CaseAction.APPROVE: frozenset({CaseStatus.ACCEPTED}),
    CaseAction.DENY: frozenset({CaseStatus.ACCEPTED}),
    CaseAction.COLLECT: frozenset({CaseStatus.COMPLETED}),
    CaseAction.SUSPEND: frozenset({CaseStatus.ACCEPTED}),
    CaseAction.RESUME: frozenset({CaseStatus.SUSPENDED}),
    CaseAction.EXTEND: frozenset({CaseStatus.ACCEPTED, CaseStatus.SUSPENDED}),
    CaseAction.WITHDRAW: frozenset({CaseStatus.AWAITING_SUPPLEMENT, CaseStatus.ACCEPTED, CaseStatus.SUSPENDED}),
    CaseAction.FORWARD_FILES: frozenset({CaseStatus.ACCEPTED, CaseStatus.SUSPENDED}),
    CaseAction.FORWARD_POST: frozenset({CaseStatus.ACCEPTED, CaseStatus.SUSPENDED}),
    CaseAction.FORWARD_FILES_ACK: frozenset({CaseStatus.ACCEPTED, CaseStatus.SUSPENDED, CaseStatus.COMPLETED}),
    CaseAction.FORWARD_RECEIVED: frozenset({CaseStatus.ACCEPTED, CaseStatus.SUSPENDED, CaseStatus.COMPLETED}),
    CaseAction.FORWARD_RESULT: frozenset({CaseStatus.ACCEPTED, CaseStatus.SUSPENDED, CaseStatus.COMPLETED}),
}

#: The forwarding steps, each with the steps of which one must be done first (the order the domain enforces);
#: a forwarded case is handed to the applicant (``COLLECT``) only after its result came back.
FORWARD_AFTER: dict[CaseAction, frozenset[CaseAction]] = {
    CaseAction.FORWARD_FILES: frozenset(),
    CaseAction.FORWARD_POST: frozenset(),
    CaseAction.FORWARD_FILES_ACK: frozenset({CaseAction.FORWARD_FILES}),
    CaseAction.FORWARD_RECEIVED: frozenset({CaseAction.FORWARD_POST}),
    CaseAction.FORWARD_RESULT: frozenset({CaseAction.FORWARD_FILES_ACK, CaseAction.FORWARD_RECEIVED}),
    CaseAction.COLLECT: frozenset({CaseAction.FORWARD_RESULT}),
}
FORWARD_STEPS = tuple(action for action in FORWARD_AFTER if action is not CaseAction.COLLECT)
FORWARDED_CHANNELS = frozenset({Channel.PROVINCE_WIDE, Channel.CROSS_PROVINCE})

#: The verb in "不能…" when an action is refused.
_ACTION_VERBS: dict[CaseAction, str] = {
    CaseAction.SUPPLEMENT: "补正",
    CaseAction.SUPPLY_DEFICIENCY: "补齐容缺材料",
    CaseAction.APPROVE: "办结",
    CaseAction.DENY: "办结",
    CaseAction.COLLECT: "取件",
    CaseAction.SUSPEND: "中止",
    CaseAction.RESUME: "恢复办理",
    CaseAction.EXTEND: "延期",
    CaseAction.WITHDRAW: "撤回",
    CaseAction.FORWARD_FILES: "电子转递材料",
    CaseAction.FORWARD_POST: "邮寄原件",
    CaseAction.FORWARD_FILES_ACK: "登记对方确认收到",
    CaseAction.FORWARD_RECEIVED: "登记对方签收",
    CaseAction.FORWARD_RESULT: "登记结果返回",
}

#: What each step is called on the timeline, the slips and the screens.
FORWARD_LABELS: dict[CaseAction, str] = {
    CaseAction.FORWARD_FILES: "电子材料已发送",
    CaseAction.FORWARD_FILES_ACK: "对方确认收到电子材料",
    CaseAction.FORWARD_POST: "原件已寄出",
    CaseAction.FORWARD_RECEIVED: "对方已签收原件",
    CaseAction.FORWARD_RESULT: "办理结果已返回",
    CaseAction.COLLECT: "已送达申请人",
}

FORWARD_EVENTS: dict[CaseAction, EventType] = {
    CaseAction.FORWARD_FILES: EventType.CASE_FORWARD_FILES_SENT,
    CaseAction.FORWARD_FILES_ACK: EventType.CASE_FORWARD_FILES_ACKNOWLEDGED,
    CaseAction.FORWARD_POST: EventType.CASE_FORWARD_POSTED,
    CaseAction.FORWARD_RECEIVED: EventType.CASE_FORWARD_RECEIVED,
    CaseAction.FORWARD_RESULT: EventType.CASE_FORWARD_RESULT_RETURNED,
}


@dataclass(frozen=True)
class Forwarding:
    """The forwarding steps a 通办 case has done, each with its day (a projection of its ``case.forward_*``)."""

    done: Mapping[CaseAction, date]

    @property
    def started(self) -> bool:
        return CaseAction.FORWARD_FILES in self.done or CaseAction.FORWARD_POST in self.done


class HasCaseStatus(Protocol):
    """What deciding the available actions needs (a ``CaseState`` or any view of a case)."""

    @property
    def status(self) -> CaseStatus: ...

    @property
    def deficiency_open(self) -> bool: ...


def _forward_block(action: CaseAction, forwarding: Forwarding | None) -> str | None:
    """Why the forwarding order forbids ``action`` now, or None (``forwarding`` None: not a 通办 case)."""
    if action in FORWARD_STEPS:
        if forwarding is None:
            return "只有全省通办、跨省通办的办件才能转递"
        if action in forwarding.done:
            return f"“{FORWARD_LABELS[action]}”已于 {forwarding.done[action].isoformat()} 登记"
    elif action is not CaseAction.COLLECT or forwarding is None or not forwarding.started:
        return None
    before = FORWARD_AFTER[action]
    if before and forwarding is not None and not any(step in forwarding.done for step in before):
        first = "或".join(f"“{FORWARD_LABELS[step]}”" for step in FORWARD_STEPS if step in before)
        return f"须先登记{first}，才能{_ACTION_VERBS[action]}"
    return None


def available_actions(state: HasCaseStatus, forwarding: Forwarding | None = None) -> frozenset[CaseAction]:
    """The actions the case's state allows: the one source for the commands below and for the screens.

    ``forwarding``: the steps done of a 全省通办/跨省通办 case (None for any other case: no forwarding steps).
    """
    allowed = {action for action, statuses in _ACTION_STATUSES.items() if state.status in statuses}
    if not state.deficiency_open:
        allowed.discard(CaseAction.SUPPLY_DEFICIENCY)
    else:
        allowed.discard(CaseAction.APPROVE)  # 容缺材料未补齐，不能准予
    return frozenset(action for action in allowed if _forward_block(action, forwarding) is None)


def check_action(state: HasCaseStatus, action: CaseAction, forwarding: Forwarding | None = None) -> None:
    """Raise :class:`IllegalTransition` with the clerk's reason when ``action`` is not available."""
    if action in available_actions(state, forwarding):
        return
    if action is CaseAction.SUPPLY_DEFICIENCY and not state.deficiency_open:
        raise IllegalTransition("该办件没有待补齐的容缺材料")
    if action is CaseAction.APPROVE and state.status in _ACTION_STATUSES[action]:
        raise IllegalTransition("容缺材料尚未补齐，不能准予办结")
    block = _forward_block(action, forwarding)
    if block is not None and state.status in _ACTION_STATUSES[action]:
        raise IllegalTransition(block)
    raise IllegalTransition(f"办件当前状态为“{STATUS_LABELS[state.status]}”，不能{_ACTION_VERBS[action]}")


@dataclass(frozen=True)
class CaseState:
    """What the lifecycle needs to know about a case (a projection of its events)."""

    status: CaseStatus
    outcome: Outcome
    received_on: date
    clock_start: date | None = None  # the day counting starts after (receipt, or the supplement day)
    promised_date: date | None = None
    statutory_date: date | None = None
    notice_deadline: date | None = None  # 一次性告知 issued by / supplement expected by
    supply_deadline: date | None = None  # 容缺: deficient items due by
    deficiency_open: bool = False
    suspended_on: date | None = None
    decision: Decision | None = None
    extended_days: int = 0
    provisional: frozenset[str] = frozenset()  # the DEADLINE_FIELDS counted over a year the calendar lacks


@dataclass(frozen=True)
class Transition:
    state: CaseState
    event_type: EventType
    payload: dict[str, Any]


def iso_day(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _deadlines(matter: Matter, start: date, calendar: WorkCalendar) -> tuple[Deadline, Deadline]:
    return calendar.deadline(start, matter.promised_days), calendar.deadline(start, matter.statutory_days)


def _flags(**deadlines: Deadline | None) -> frozenset[str]:
    """The names of the given deadlines that are provisional."""
    return frozenset(name for name, deadline in deadlines.items() if deadline is not None and deadline.provisional)


PROVISIONAL_MARK = "暂定"


def deadline_text(day: date | None, provisional: bool) -> str:
    """A deadline as printed and listed: ``2027-01-04（暂定）`` when provisional; "" for no date."""
    if day is None:
        return ""
    return f"{day.isoformat()}（{PROVISIONAL_MARK}）" if provisional else day.isoformat()


def provisional_payload(state: CaseState) -> dict[str, Any]:
    """The event payload member naming provisional deadlines; empty (left out) when there are none."""
    return {"deadlines_provisional": sorted(state.provisional)} if state.provisional else {}


def intake(
    outcome: Outcome,
    matter: Matter,
    received_on: date,
    calendar: WorkCalendar,
    *,
    missing: tuple[str, ...] = (),
    deficient: tuple[str, ...] = (),
    refusal_reason: str = "",
    competent_body: str = "",
    supply_deadline: date | None = None,
) -> Transition:
    """Decide the intake outcome and compute the deadlines the slip will promise."""
    if outcome is Outcome.ACCEPT:
        if missing:
            raise IllegalTransition("材料不齐全，不能直接受理：请选择一次性告知或容缺受理")
        promised, statutory = _deadlines(matter, received_on, calendar)
        flags = _flags(promised_date=promised, statutory_date=statutory)
        state = CaseState(
            CaseStatus.ACCEPTED, outcome, received_on, received_on, promised.day, statutory.day, provisional=flags
        )
        payload: dict[str, Any] = {"promised_date": iso_day(promised.day), "statutory_date": iso_day(statutory.day)}
        return Transition(state, EventType.CASE_ACCEPTED, payload)
    if outcome is Outcome.NOTIFY_MISSING:
        if not missing:
            raise IllegalTransition("一次性告知须列明全部缺少的材料")
        notice = calendar.deadline(received_on, NOTICE_WORKDAYS)
        state = CaseState(
            CaseStatus.AWAITING_SUPPLEMENT,
            outcome,
            received_on,
            notice_deadline=notice.day,
            provisional=_flags(notice_deadline=notice),
        )
        return Transition(
            state, EventType.CASE_NOTIFIED_MISSING, {"missing": list(missing), "notice_deadline": iso_day(notice.day)}
        )
    if outcome is Outcome.REFUSE:
        if not refusal_reason.strip():
            raise IllegalTransition("不予受理须写明理由")
        state = CaseState(CaseStatus.REFUSED, outcome, received_on)
        return Transition(
            state, EventType.CASE_REFUSED, {"reason": refusal_reason.strip(), "competent_body": competent_body.strip()}
        )
    if outcome is Outcome.ACCEPT_WITH_DEFICIENCY:
        if not deficient:
            raise IllegalTransition("容缺受理须列明容缺的材料")
        not_allowed = [code for code in deficient if not matter.material(code).deficiency_allowed]
        if not_allowed:
            names = "、".join(matter.material(code).name for code in not_allowed)
            raise IllegalTransition(f"以下材料不可容缺：{names}")
        if missing:
            raise IllegalTransition("除容缺材料外仍缺少必需材料：请选择一次性告知")
        promised, statutory = _deadlines(matter, received_on, calendar)
        # A date the clerk chose is fixed; the default (the promised date, as the intake screen proposes it)
        # follows the possibly provisional promised date.
        supply = promised
        if supply_deadline is not None and supply_deadline != promised.day:
            supply = Deadline(supply_deadline, provisional=False)
        due = supply.day
        if due > promised.day:
            raise IllegalTransition(f"容缺补齐期限 {due.isoformat()} 不得晚于承诺办结日期 {promised.day.isoformat()}")
        if due < received_on:
            raise IllegalTransition("容缺补齐期限不能早于受理日期")
        state = CaseState(
            CaseStatus.ACCEPTED,
            outcome,
            received_on,
            received_on,
            promised.day,
            statutory.day,
            supply_deadline=due,
            deficiency_open=True,
            provisional=_flags(promised_date=promised, statutory_date=statutory, supply_deadline=supply),
        )
        payload = {
            "promised_date": iso_day(promised.day),
            "statutory_date": iso_day(statutory.day),
            DEFICIENT_PAYLOAD_KEY: list(deficient),
            "supply_deadline": iso_day(due),
        }
        return Transition(state, EventType.CASE_ACCEPTED_WITH_DEFICIENCY, payload)
    if outcome is Outcome.COMPLETE_IMMEDIATELY:
        if matter.kind is not MatterKind.IMMEDIATE:
            raise IllegalTransition(f"“{matter.name}”是承诺件，不能即办")
        if missing:
            raise IllegalTransition("材料不齐全，不能即办")
        state = CaseState(
            CaseStatus.COMPLETED,
            outcome,
            received_on,
            received_on,
            received_on,
            received_on,
            decision=Decision.APPROVED,
        )
        return Transition(state, EventType.CASE_COMPLETED_IMMEDIATELY, {"decision": Decision.APPROVED.value})
    raise IllegalTransition(f"未知的受理结果：{outcome}")


def supplement(state: CaseState, matter: Matter, on: date, calendar: WorkCalendar) -> Transition:
    """补正: all missing materials supplied; the case is accepted and the clock restarts from today."""
    check_action(state, CaseAction.SUPPLEMENT)
    promised, statutory = _deadlines(matter, on, calendar)
    new = replace(
        state,
        status=CaseStatus.ACCEPTED,
        clock_start=on,
        promised_date=promised.day,
        statutory_date=statutory.day,
        # The notice deadline is met by the supplement itself; the new clock decides what is provisional.
        provisional=(state.provisional - {"notice_deadline", "promised_date", "statutory_date"})
        | _flags(promised_date=promised, statutory_date=statutory),
    )
    return Transition(
        new,
        EventType.CASE_SUPPLEMENTED,
        {"on": iso_day(on), "promised_date": iso_day(promised.day), "statutory_date": iso_day(statutory.day)},
    )


def receive_materials(state: CaseState, on: date, received: Sequence[str], still_missing: Sequence[str]) -> Transition:
    """A partial supplement: what arrived is recorded, the case keeps waiting for ``still_missing``."""
    check_action(state, CaseAction.SUPPLEMENT)
    if not received:
        raise IllegalTransition("请勾选申请人实际补交的材料")
    return Transition(
        state,
        EventType.CASE_MATERIALS_RECEIVED,
        {"on": iso_day(on), "received": list(received), "still_missing": list(still_missing)},
    )


def supply_deficiency(state: CaseState, on: date) -> Transition:
    """容缺材料补齐."""
    check_action(state, CaseAction.SUPPLY_DEFICIENCY)
    late = state.supply_deadline is not None and on > state.supply_deadline
    return Transition(
        replace(state, deficiency_open=False, provisional=state.provisional - {"supply_deadline"}),
        EventType.CASE_DEFICIENCY_SUPPLIED,
        {"on": iso_day(on), "late": late},
    )


def complete(state: CaseState, decision: Decision, on: date, note: str = "") -> Transition:
    """办结: the decision is made (准予 / 不予许可)."""
    check_action(state, CaseAction.APPROVE if decision is Decision.APPROVED else CaseAction.DENY)
    return Transition(
        replace(state, status=CaseStatus.COMPLETED, decision=decision),
        EventType.CASE_COMPLETED,
        {"decision": decision.value, "on": iso_day(on), "note": note},
    )


def collect(
    state: CaseState,
    on: date,
    method: str = "window",
    recipient: str = "",
    *,
    carrier: Carrier | None = None,
    forwarding: Forwarding | None = None,
) -> Transition:
    """取件/送达: 窗口取件 (``recipient``: who took it) or 邮寄 (``recipient``: the waybill of ``carrier``).

    A forwarded case is delivered only after its result came back (``FORWARD_AFTER``)."""
    check_action(state, CaseAction.COLLECT, forwarding)
    payload: dict[str, Any] = {"on": iso_day(on), "method": method, "recipient": recipient.strip()}
    if method == "post":
        if carrier is None:
            raise IllegalTransition("邮寄送达须选择承运方")
        payload.update(carrier=carrier.value, recipient=validate_waybill(carrier, recipient))
    elif method != "window":
        raise IllegalTransition(f"未知的送达方式：{method}（可选 window 窗口取件、post 邮寄）")
    return Transition(replace(state, status=CaseStatus.COLLECTED), EventType.CASE_COLLECTED, payload)


FileEntry = Mapping[str, Any]  # {"name": str, "sha256": 64 hex, "size": int}


def _checked_files(files: Sequence[FileEntry]) -> list[dict[str, Any]]:
    if not files:
        raise IllegalTransition("电子转递须列明发送的文件")
    checked: list[dict[str, Any]] = []
    for entry in files:
        name, digest, size = str(entry.get("name", "")).strip(), str(entry.get("sha256", "")), entry.get("size")
        if not name or len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
            raise IllegalTransition(f"文件“{name or '（无名）'}”缺少有效的 SHA-256 摘要")
        if not isinstance(size, int) or size < 0:
            raise IllegalTransition(f"文件“{name}”的大小无效")
        checked.append({"name": name, "sha256": digest, "size": size})
    return checked


def forward(
    state: CaseState,
    forwarding: Forwarding | None,
    action: CaseAction,
    on: date,
    *,
    files: Sequence[FileEntry] = (),
    carrier: Carrier | None = None,
    waybill: str = "",
    note: str = "",
) -> Transition:
    """One 通办 forwarding step, in the order ``FORWARD_AFTER`` sets; the case's status is unchanged.

    ``FORWARD_FILES`` names the files sent with their SHA-256; ``FORWARD_POST`` the carrier and its waybill."""
    if action not in FORWARD_STEPS:
        raise IllegalTransition(f"不是转递步骤：{action}")
    check_action(state, action, forwarding)
    payload: dict[str, Any] = {"on": iso_day(on), "note": note.strip()}
    if action is CaseAction.FORWARD_FILES:
        payload["files"] = _checked_files(files)
    elif action is CaseAction.FORWARD_POST:
        if carrier is None:
            raise IllegalTransition("邮寄原件须选择承运方")
        payload.update(carrier=carrier.value, waybill=validate_waybill(carrier, waybill))
    return Transition(state, FORWARD_EVENTS[action], payload)


def suspend(state: CaseState, on: date, reason: str) -> Transition:
    """中止: the clock stops until resumed."""
    check_action(state, CaseAction.SUSPEND)
    if not reason.strip():
        raise IllegalTransition("中止须写明原因")
    return Transition(
        replace(state, status=CaseStatus.SUSPENDED, suspended_on=on),
        EventType.CASE_SUSPENDED,
        {"on": iso_day(on), "reason": reason.strip()},
    )


def resume(state: CaseState, on: date, calendar: WorkCalendar) -> Transition:
    """恢复: the promised and statutory dates move by the working days spent suspended."""
    check_action(state, CaseAction.RESUME)
    assert state.suspended_on is not None
    paused = calendar.workdays_between(state.suspended_on, on)
    paused_exact = calendar.covers(state.suspended_on, on)
    provisional = set(state.provisional)
    moved: dict[str, date | None] = {}
    for name in ("promised_date", "statutory_date"):
        old: date | None = getattr(state, name)
        if old is None:
            moved[name] = None
            continue
        deadline = calendar.deadline(old, paused)
        moved[name] = deadline.day
        if deadline.provisional or not paused_exact:
            provisional.add(name)
    promised, statutory = moved["promised_date"], moved["statutory_date"]
    return Transition(
        replace(
            state,
            status=CaseStatus.ACCEPTED,
            suspended_on=None,
            promised_date=promised,
            statutory_date=statutory,
            provisional=frozenset(provisional),
        ),
        EventType.CASE_RESUMED,
        {
            "on": iso_day(on),
            "paused_workdays": paused,
            "promised_date": iso_day(promised),
            "statutory_date": iso_day(statutory),
        },
    )


def extend(state: CaseState, days: int, reason: str, calendar: WorkCalendar) -> Transition:
    """延期: the promised date moves by ``days`` working days, with a reason told to the applicant."""
    check_action(state, CaseAction.EXTEND)
    if days <= 0:
        raise IllegalTransition("延期天数须为正整数")
    if not reason.strip():
        raise IllegalTransition("延期须写明原因")
    assert state.promised_date is not None
    promised = calendar.deadline(state.promised_date, days)
    return Transition(
        replace(
            state,
            promised_date=promised.day,
            extended_days=state.extended_days + days,
            provisional=state.provisional | _flags(promised_date=promised),
        ),
        EventType.CASE_EXTENDED,
        {"days": days, "reason": reason.strip(), "promised_date": iso_day(promised.day)},
    )


def withdraw(state: CaseState, on: date, reason: str = "") -> Transition:
    """撤回 by the applicant, possible until a decision is made."""
    check_action(state, CaseAction.WITHDRAW)
    return Transition(
        replace(state, status=CaseStatus.WITHDRAWN, deficiency_open=False),
        EventType.CASE_WITHDRAWN,
        {"on": iso_day(on), "reason": reason.strip()},
    )


def recompute_deadlines(
    state: CaseState, counted_with: WorkCalendar, calendar: WorkCalendar, pauses: Sequence[tuple[date, date]] = ()
) -> Transition | None:
    """Recount an open case's provisional deadlines with ``calendar`` (which covers more years).

    Each provisional date was counted with ``counted_with`` as some number of working days after the
    day the clock started; the same number is counted again with ``calendar``, except that the working
    days spent suspended (``pauses``: each 中止 day and its 恢复 day) are counted again too. None when
    nothing changes (the case is closed, has no provisional date, or the new calendar settles nothing).
    """
    if state.status not in OPEN or not state.provisional:
        return None
    anchor = state.clock_start or state.received_on
    paused_shift = sum(calendar.workdays_between(a, b) - counted_with.workdays_between(a, b) for a, b in pauses)
    changed: dict[str, Any] = {}
    provisional = set(state.provisional)
    for name in DEADLINE_FIELDS:
        old: date | None = getattr(state, name)
        if name not in state.provisional or old is None:
            continue
        count = counted_with.workdays_between(anchor, old)
        if name in ("promised_date", "statutory_date"):  # the dates 恢复 moved by the paused days
            count += paused_shift
        deadline = calendar.deadline(anchor, count)
        changed[name] = deadline.day
        if not deadline.provisional:
            provisional.discard(name)
    promised = changed.get("promised_date", state.promised_date)
    supply = changed.get("supply_deadline", state.supply_deadline)
    if supply is not None and promised is not None and supply > promised:
        changed["supply_deadline"] = promised  # 容缺 items are never due after the promised date
    new = replace(state, provisional=frozenset(provisional), **changed)
    if new == state:
        return None
    previous = {name: iso_day(getattr(state, name)) for name in changed}
    payload = {"previous": previous, **{name: iso_day(day) for name, day in changed.items()}}
    return Transition(new, RECOMPUTED_EVENT, payload)


def is_overdue(state: CaseState, today: date) -> bool:
    if state.status is not CaseStatus.ACCEPTED or state.promised_date is None:
        return False
    return today > state.promised_date


def is_near_due(state: CaseState, today: date, calendar: WorkCalendar, within: int = 2) -> bool:
    if state.status is not CaseStatus.ACCEPTED or state.promised_date is None:
        return False
    return today <= state.promised_date <= calendar.add_workdays(today, within)


def nowiso_day(moment: datetime) -> str:
    return moment.isoformat(timespec="milliseconds")
