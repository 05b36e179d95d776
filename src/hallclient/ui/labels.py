"""Display texts of domain values, translatable (the domain keeps its Chinese labels for slips and logs).

Each text is spelled out as a literal in a ``translate`` call so ``pyside6-lupdate`` finds it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QCoreApplication

from hallclient.domain.case import CaseAction, CaseStatus, Channel, Decision, Outcome
from hallclient.domain.catalog import MaterialForm, MatterKind, MatterType
from hallclient.domain.events import EventType
from hallclient.domain.legal_wording import decision_words
from hallclient.domain.queue import PauseReason, TicketState
from hallclient.domain.waybill import Carrier
from hallclient.ui.textfill import fill as fill  # the one ``fill``; re-exported for the screens


def outcome_label(outcome: Outcome) -> str:
    return {
        Outcome.ACCEPT: QCoreApplication.translate("Labels", "受理"),
        Outcome.NOTIFY_MISSING: QCoreApplication.translate("Labels", "一次性告知"),
        Outcome.REFUSE: QCoreApplication.translate("Labels", "不予受理"),
        Outcome.ACCEPT_WITH_DEFICIENCY: QCoreApplication.translate("Labels", "容缺受理"),
        Outcome.COMPLETE_IMMEDIATELY: QCoreApplication.translate("Labels", "即办"),
    }[outcome]


def status_label(status: CaseStatus) -> str:
    return {
        CaseStatus.AWAITING_SUPPLEMENT: QCoreApplication.translate("Labels", "待补正"),
        CaseStatus.ACCEPTED: QCoreApplication.translate("Labels", "在办"),
        CaseStatus.SUSPENDED: QCoreApplication.translate("Labels", "中止"),
        CaseStatus.COMPLETED: QCoreApplication.translate("Labels", "办结"),
        CaseStatus.COLLECTED: QCoreApplication.translate("Labels", "已取件"),
        CaseStatus.REFUSED: QCoreApplication.translate("Labels", "不予受理"),
        CaseStatus.WITHDRAWN: QCoreApplication.translate("Labels", "已撤回"),
    }[status]


def channel_label(channel: Channel) -> str:
    return {
        Channel.ON_SITE: QCoreApplication.translate("Labels", "现场办理"),
        Channel.PROVINCE_WIDE: QCoreApplication.translate("Labels", "全省通办"),
        Channel.CROSS_PROVINCE: QCoreApplication.translate("Labels", "跨省通办"),
        Channel.ID_CARD_ONLY: QCoreApplication.translate("Labels", "一证通办"),
    }[channel]


def decision_label(decision: Decision, matter_type: MatterType | str | None) -> str:
    """The decision in the words of the matter's type (domain/legal_wording.py): 准予许可 only for a licence."""
    words = decision_words(matter_type, decision is Decision.APPROVED)
    return {
        "准予许可": QCoreApplication.translate("Labels", "准予许可"),
        "不予许可": QCoreApplication.translate("Labels", "不予许可"),
        "予以给付": QCoreApplication.translate("Labels", "予以给付"),
        "不予给付": QCoreApplication.translate("Labels", "不予给付"),
        "予以确认（登记）": QCoreApplication.translate("Labels", "予以确认（登记）"),
        "不予确认（登记）": QCoreApplication.translate("Labels", "不予确认（登记）"),
        "予以征收": QCoreApplication.translate("Labels", "予以征收"),
        "不予征收": QCoreApplication.translate("Labels", "不予征收"),
        "已作出裁决": QCoreApplication.translate("Labels", "已作出裁决"),
        "不予裁决": QCoreApplication.translate("Labels", "不予裁决"),
        "予以奖励": QCoreApplication.translate("Labels", "予以奖励"),
        "不予奖励": QCoreApplication.translate("Labels", "不予奖励"),
        "已办结": QCoreApplication.translate("Labels", "已办结"),
        "不予办理": QCoreApplication.translate("Labels", "不予办理"),
    }[words]


def matter_type_label(matter_type: MatterType | None) -> str:
    return {
        MatterType.LICENCE: QCoreApplication.translate("Labels", "行政许可"),
        MatterType.PAYMENT: QCoreApplication.translate("Labels", "行政给付"),
        MatterType.CONFIRMATION: QCoreApplication.translate("Labels", "行政确认"),
        MatterType.LEVY: QCoreApplication.translate("Labels", "行政征收"),
        MatterType.ADJUDICATION: QCoreApplication.translate("Labels", "行政裁决"),
        MatterType.REWARD: QCoreApplication.translate("Labels", "行政奖励"),
        MatterType.OTHER_POWER: QCoreApplication.translate("Labels", "其他行政权力"),
        MatterType.PUBLIC_SERVICE: QCoreApplication.translate("Labels", "公共服务"),
        None: QCoreApplication.translate("Labels", "未知（旧目录未记录事项类型）"),
    }[matter_type]


def kind_label(kind: MatterKind) -> str:
    return {
        MatterKind.IMMEDIATE: QCoreApplication.translate("Labels", "即办件"),
        MatterKind.PROMISED: QCoreApplication.translate("Labels", "承诺件"),
    }[kind]


def shared_label(certificate_no: str) -> str:
    """A material received as an electronic certificate instead of paper (电子证照共享), with its number."""
    return fill(QCoreApplication.translate("Labels", "电子证照共享（证照编号 %1）"), certificate_no)


def form_label(form: MaterialForm) -> str:
    return {
        MaterialForm.ORIGINAL: QCoreApplication.translate("Labels", "原件"),
        MaterialForm.COPY: QCoreApplication.translate("Labels", "复印件"),
        MaterialForm.ORIGINAL_AND_COPY: QCoreApplication.translate("Labels", "原件及复印件"),
        MaterialForm.ELECTRONIC: QCoreApplication.translate("Labels", "电子材料"),
    }[form]


def rating_label(level: int) -> str:
    return {
        5: QCoreApplication.translate("Labels", "非常满意"),
        4: QCoreApplication.translate("Labels", "满意"),
        3: QCoreApplication.translate("Labels", "基本满意"),
        2: QCoreApplication.translate("Labels", "不满意"),
        1: QCoreApplication.translate("Labels", "非常不满意"),
    }[level]


def ticket_state_label(state: TicketState | str) -> str:
    """A queue ticket's state in the clerk's language (the domain's STATE_NAMES stay Chinese for the server)."""
    labels = {
        TicketState.WAITING: QCoreApplication.translate("Labels", "等候中"),
        TicketState.CALLED: QCoreApplication.translate("Labels", "已叫号"),
        TicketState.SERVING: QCoreApplication.translate("Labels", "办理中"),
        TicketState.DONE: QCoreApplication.translate("Labels", "已办结"),
        TicketState.NO_SHOW: QCoreApplication.translate("Labels", "过号"),
        TicketState.TRANSFERRED: QCoreApplication.translate("Labels", "已转移"),
        TicketState.HELD: QCoreApplication.translate("Labels", "回呼等候"),
    }
    try:
        return labels[TicketState(state)]
    except ValueError:  # a state from a newer server: say so rather than show a key
        return fill(QCoreApplication.translate("Labels", "其他状态（%1）"), state)


def pause_reason_label(reason: PauseReason | str) -> str:
    """A 暂停服务 reason in the clerk's language: the usual ones translated, a typed one as typed."""
    labels = {
        PauseReason.LUNCH: QCoreApplication.translate("Labels", "午休"),
        PauseReason.MEETING: QCoreApplication.translate("Labels", "会议"),
        PauseReason.TRAINING: QCoreApplication.translate("Labels", "业务培训"),
        PauseReason.AWAY: QCoreApplication.translate("Labels", "临时离开"),
        PauseReason.EQUIPMENT: QCoreApplication.translate("Labels", "设备故障"),
    }
    try:
        return labels[PauseReason(reason)]
    except ValueError:
        return str(reason)


def role_label(role: str) -> str:
    return {
        "clerk": QCoreApplication.translate("Labels", "窗口人员"),
        "supervisor": QCoreApplication.translate("Labels", "值班长"),
        "admin": QCoreApplication.translate("Labels", "管理员"),
    }.get(role, role)


def forward_step_label(step: CaseAction) -> str:
    """A forwarding step (and the delivery that ends it) in the clerk's words."""
    return {
        CaseAction.FORWARD_FILES: QCoreApplication.translate("Labels", "电子材料已发送"),
        CaseAction.FORWARD_FILES_ACK: QCoreApplication.translate("Labels", "对方确认收到电子材料"),
        CaseAction.FORWARD_POST: QCoreApplication.translate("Labels", "原件已寄出"),
        CaseAction.FORWARD_RECEIVED: QCoreApplication.translate("Labels", "对方已签收原件"),
        CaseAction.FORWARD_RESULT: QCoreApplication.translate("Labels", "办理结果已返回"),
        CaseAction.COLLECT: QCoreApplication.translate("Labels", "已送达申请人"),
    }.get(step, step.value)


def carrier_label(carrier: Carrier) -> str:
    return {
        Carrier.EMS: QCoreApplication.translate("Labels", "EMS"),
        Carrier.CHINA_POST: QCoreApplication.translate("Labels", "中国邮政"),
        Carrier.SF: QCoreApplication.translate("Labels", "顺丰速运"),
    }[carrier]


def event_label(event_type: str) -> str:
    """Every ``EventType`` in the clerk's words (the timeline never shows a raw key such as ``complaint.opened``)."""
    t = EventType
    labels = {
        t.CASE_ACCEPTED: QCoreApplication.translate("Labels", "受理"),
        t.CASE_NOTIFIED_MISSING: QCoreApplication.translate("Labels", "一次性告知"),
        t.CASE_REFUSED: QCoreApplication.translate("Labels", "不予受理"),
        t.CASE_ACCEPTED_WITH_DEFICIENCY: QCoreApplication.translate("Labels", "容缺受理"),
        t.CASE_COMPLETED_IMMEDIATELY: QCoreApplication.translate("Labels", "即办办结"),
        t.CASE_SUPPLEMENTED: QCoreApplication.translate("Labels", "补正材料，受理"),
        t.CASE_MATERIALS_RECEIVED: QCoreApplication.translate("Labels", "收到部分补正材料"),
        t.CASE_DEFICIENCY_SUPPLIED: QCoreApplication.translate("Labels", "容缺材料补齐"),
        t.CASE_COMPLETED: QCoreApplication.translate("Labels", "办结"),
        t.CASE_COLLECTED: QCoreApplication.translate("Labels", "取件/送达"),
        t.CASE_SUSPENDED: QCoreApplication.translate("Labels", "中止"),
        t.CASE_RESUMED: QCoreApplication.translate("Labels", "恢复办理"),
        t.CASE_EXTENDED: QCoreApplication.translate("Labels", "延期"),
        t.CASE_WITHDRAWN: QCoreApplication.translate("Labels", "撤回"),
        t.CASE_DEADLINES_RECOMPUTED: QCoreApplication.translate("Labels", "按新工作日历重算期限"),
        t.CASE_ID_NUMBER_VIEWED: QCoreApplication.translate("Labels", "查看完整证件号码"),
        t.CASE_FORWARD_FILES_SENT: QCoreApplication.translate("Labels", "电子材料已发送"),
        t.CASE_FORWARD_FILES_ACKNOWLEDGED: QCoreApplication.translate("Labels", "对方确认收到电子材料"),
        t.CASE_FORWARD_POSTED: QCoreApplication.translate("Labels", "原件已寄出"),
        t.CASE_FORWARD_RECEIVED: QCoreApplication.translate("Labels", "对方已签收原件"),
        t.CASE_FORWARD_RESULT_RETURNED: QCoreApplication.translate("Labels", "办理结果已返回"),
        t.RATING_GIVEN: QCoreApplication.translate("Labels", "好差评"),
        t.SLIP_REPRINTED: QCoreApplication.translate("Labels", "补打"),
        t.ENQUIRY_RECORDED: QCoreApplication.translate("Labels", "首问登记"),
        t.ASSISTANCE_RECORDED: QCoreApplication.translate("Labels", "帮办代办（不含办件）"),
        t.COMPLAINT_OPENED: QCoreApplication.translate("Labels", "差评/投诉立案"),
        t.COMPLAINT_ADVANCED: QCoreApplication.translate("Labels", "督办推进"),
        t.COMPLAINT_APPEALED: QCoreApplication.translate("Labels", "申诉"),
        t.COMPLAINT_APPEAL_DECIDED: QCoreApplication.translate("Labels", "申诉裁定"),
        t.COMPLAINT_ASSIGNED: QCoreApplication.translate("Labels", "指派经办人"),
        t.COMPLAINT_MEETING_RECORDED: QCoreApplication.translate("Labels", "专题会记录"),
        t.DAY_CLOSED: QCoreApplication.translate("Labels", "日结"),
        t.USER_ADDED: QCoreApplication.translate("Labels", "新增人员"),
        t.WINDOW_SIGNED_IN: QCoreApplication.translate("Labels", "窗口签到"),
        t.WINDOW_SIGNED_OUT: QCoreApplication.translate("Labels", "窗口签退"),
        t.WINDOW_LOCKED: QCoreApplication.translate("Labels", "锁屏"),
        t.WINDOW_UNLOCKED: QCoreApplication.translate("Labels", "解锁"),
        t.WINDOW_PAUSED: QCoreApplication.translate("Labels", "暂停服务"),
        t.WINDOW_RESUMED: QCoreApplication.translate("Labels", "恢复服务"),
        t.FINDING_RECORDED: QCoreApplication.translate("Labels", "登记考核扣分"),
        t.FINDING_APPEALED: QCoreApplication.translate("Labels", "考核扣分申诉"),
        t.FINDING_APPEAL_DECIDED: QCoreApplication.translate("Labels", "考核申诉复核"),
        t.ASSESSMENT_PUBLISHED: QCoreApplication.translate("Labels", "发布考核结果"),
        t.NOTICE_QUEUED: QCoreApplication.translate("Labels", "短信通知（待中心发送）"),
        t.NOTICE_SKIPPED: QCoreApplication.translate("Labels", "未发短信"),
    }
    try:
        return labels[EventType(event_type)]
    except ValueError:  # an event type from a newer client: say so rather than show a key
        return fill(QCoreApplication.translate("Labels", "其他记录（%1）"), event_type)


def notice_kind_label(kind: str) -> str:
    """An SMS notice kind (``NoticeKind`` values) in the clerk's words."""
    return {
        "accepted": QCoreApplication.translate("Labels", "受理通知"),
        "missing": QCoreApplication.translate("Labels", "一次性告知"),
        "deficiency_reminder": QCoreApplication.translate("Labels", "容缺补交提醒"),
        "ready": QCoreApplication.translate("Labels", "办结/可取件"),
        "posted": QCoreApplication.translate("Labels", "邮寄寄出"),
        "rating_invite": QCoreApplication.translate("Labels", "好差评邀请"),
    }.get(kind, kind)


def error_kind_label(kind: str) -> str:
    """The clerk's words for a classified printing failure (``PrintErrorKind`` values)."""
    return {
        "offline": QCoreApplication.translate("Printing", "打印机离线"),
        "cover_open": QCoreApplication.translate("Printing", "上盖未关好"),
        "paper_out": QCoreApplication.translate("Printing", "缺纸"),
        "timeout": QCoreApplication.translate("Printing", "无响应（超时）"),
        "encoding": QCoreApplication.translate("Printing", "字符无法打印"),
        "bad_uri": QCoreApplication.translate("Printing", "打印机地址无效"),
        "unsupported": QCoreApplication.translate("Printing", "不支持的操作"),
        "interrupted": QCoreApplication.translate("Printing", "打印中断"),
    }.get(kind, kind)


def slip_kind_label(kind: str) -> str:
    return {
        "receipt": QCoreApplication.translate("Printing", "受理回执"),
        "notice": QCoreApplication.translate("Printing", "一次性告知书"),
        "refusal": QCoreApplication.translate("Printing", "不予受理通知书"),
        "deficiency": QCoreApplication.translate("Printing", "容缺受理通知书"),
        "completion": QCoreApplication.translate("Printing", "办结通知"),
        "transfer": QCoreApplication.translate("Printing", "材料流转单"),
        "bundle_receipt": QCoreApplication.translate("Printing", "一件事受理回执"),
        "enquiry": QCoreApplication.translate("Printing", "首问转办单"),
        "ticket": QCoreApplication.translate("Printing", "排队号票"),
        "test": QCoreApplication.translate("Printing", "测试页"),
    }.get(kind, kind)


def job_state_label(state: str) -> str:
    return {
        "queued": QCoreApplication.translate("Printing", "排队中"),
        "printing": QCoreApplication.translate("Printing", "打印中"),
        "done": QCoreApplication.translate("Printing", "已打印"),
        "failed": QCoreApplication.translate("Printing", "失败"),
    }.get(state, state)


def dated(day: date | None, provisional: bool, empty: str = "") -> str:
    """A deadline for display, marked 暂定 when it was counted over a year the calendar does not cover."""
    if day is None:
        return empty
    if provisional:
        return fill(QCoreApplication.translate("Labels", "%1（暂定）"), day.isoformat())
    return day.isoformat()


def provisional_explained() -> str:
    return QCoreApplication.translate(
        "Labels", "“暂定”：该年节假日安排尚未收到，日期按周一至周五推算；收到新工作日历后自动重算"
    )


def calendar_warning(missing_years: Sequence[int]) -> str:
    """What clerks and supervisors are told while this year (or, from 1 November, next year) is not covered."""
    if not missing_years:
        return ""
    years = "、".join(str(year) for year in missing_years)
    return fill(
        QCoreApplication.translate(
            "Labels", "工作日历未包含 %1 年的节假日安排：涉及这些日期的期限按周一至周五暂定计算，请同步或导入新日历"
        ),
        years,
    )
