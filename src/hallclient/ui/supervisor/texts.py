"""Display texts of the supervisor screen, translatable.

The tally engine and the complaint service stay Qt-free and keep their Chinese labels (exports, slips,
logs); the screen shows them through these maps, keyed by the engine's key (never by its Chinese text),
and falls back to the engine's text for anything new. Each text is a literal in a ``translate`` call for
``pyside6-lupdate``.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def grouping_label(key: str, fallback: str = "") -> str:
    """Header of the first figures column (the engine's ``GROUPINGS`` label)."""
    return {
        "window": QCoreApplication.translate("Supervisor", "窗口"),
        "clerk": QCoreApplication.translate("Supervisor", "窗口人员"),
        "department": QCoreApplication.translate("Supervisor", "部门"),
        "matter": QCoreApplication.translate("Supervisor", "事项"),
        "channel": QCoreApplication.translate("Supervisor", "办理渠道"),
    }.get(key, fallback or key)


def grouping_choice(key: str, fallback: str = "") -> str:
    """The grouping picker's item."""
    return {
        "window": QCoreApplication.translate("Supervisor", "按窗口"),
        "clerk": QCoreApplication.translate("Supervisor", "按窗口人员"),
        "department": QCoreApplication.translate("Supervisor", "按部门"),
        "matter": QCoreApplication.translate("Supervisor", "按事项"),
        "channel": QCoreApplication.translate("Supervisor", "按办理渠道"),
    }.get(key, fallback or key)


def column_labels() -> dict[str, str]:
    """Figures column headers by the engine's column key (``domain.tally.Column.key``)."""
    return {
        "cases": QCoreApplication.translate("Supervisor", "办件数"),
        "accept": QCoreApplication.translate("Supervisor", "受理"),
        "notify_missing": QCoreApplication.translate("Supervisor", "一次性告知"),
        "refuse": QCoreApplication.translate("Supervisor", "不予受理"),
        "accept_with_deficiency": QCoreApplication.translate("Supervisor", "容缺受理"),
        "complete_immediately": QCoreApplication.translate("Supervisor", "即办"),
        "one_window_share": QCoreApplication.translate("Supervisor", "一窗受理率"),
        "province_wide": QCoreApplication.translate("Supervisor", "全省通办"),
        "cross_province": QCoreApplication.translate("Supervisor", "跨省通办"),
        "id_card_only": QCoreApplication.translate("Supervisor", "一证通办"),
        "assisted": QCoreApplication.translate("Supervisor", "帮办代办"),
        "green_channel": QCoreApplication.translate("Supervisor", "绿色通道"),
        "enquiries": QCoreApplication.translate("Supervisor", "首问登记"),
        "completed": QCoreApplication.translate("Supervisor", "已办结"),
        "handling_median_hours": QCoreApplication.translate("Supervisor", "办理时长中位数(小时)"),
        "handling_p90_hours": QCoreApplication.translate("Supervisor", "办理时长P90(小时)"),
        "overdue": QCoreApplication.translate("Supervisor", "在办超期"),
        "near_due": QCoreApplication.translate("Supervisor", "临近到期"),
        "completed_late": QCoreApplication.translate("Supervisor", "超期办结"),
        "rating_5": QCoreApplication.translate("Supervisor", "非常满意"),
        "rating_4": QCoreApplication.translate("Supervisor", "满意"),
        "rating_3": QCoreApplication.translate("Supervisor", "基本满意"),
        "rating_2": QCoreApplication.translate("Supervisor", "不满意"),
        "rating_1": QCoreApplication.translate("Supervisor", "非常不满意"),
        "satisfaction": QCoreApplication.translate("Supervisor", "满意率"),
        "bad_reviews": QCoreApplication.translate("Supervisor", "差评"),
        "bad_reviews_handled": QCoreApplication.translate("Supervisor", "差评已办结"),
        "bad_review_handling": QCoreApplication.translate("Supervisor", "差评处理率"),
        "bad_reviews_rectified": QCoreApplication.translate("Supervisor", "差评已整改"),
        "bad_review_rectification": QCoreApplication.translate("Supervisor", "差评整改率"),
        "complaints": QCoreApplication.translate("Supervisor", "投诉"),
        "complaint_handling": QCoreApplication.translate("Supervisor", "投诉办结率"),
        "complaint_rectification": QCoreApplication.translate("Supervisor", "投诉整改率"),
        "complaints_overdue": QCoreApplication.translate("Supervisor", "投诉超期"),
        "partner_region": QCoreApplication.translate("Supervisor", "协议地区"),
        "forwarded_post": QCoreApplication.translate("Supervisor", "邮寄转递"),
        "forwarded_electronic": QCoreApplication.translate("Supervisor", "电子转递"),
        "average_transit_days": QCoreApplication.translate("Supervisor", "平均在途天数"),
        "forwarding_overdue": QCoreApplication.translate("Supervisor", "转递超期"),
        "cross_province_enquiries": QCoreApplication.translate("Supervisor", "跨省通办咨询量"),
        "catalog_matters": QCoreApplication.translate("Supervisor", "事项总数"),
        "catalog_online_rate": QCoreApplication.translate("Supervisor", "网上可办率"),
        "catalog_fully_online_rate": QCoreApplication.translate("Supervisor", "全程网办率"),
        "catalog_one_window_share": QCoreApplication.translate("Supervisor", "一窗式事项占比"),
        "catalog_id_card_only": QCoreApplication.translate("Supervisor", "一证通办事项数"),
        "bundle": QCoreApplication.translate("Supervisor", "一件事"),
        "bundle_intakes": QCoreApplication.translate("Supervisor", "受理次数"),
        "bundle_cases": QCoreApplication.translate("Supervisor", "办件数"),
        "bundle_completed": QCoreApplication.translate("Supervisor", "整件办结"),
        "bundle_average_days": QCoreApplication.translate("Supervisor", "平均办结天数"),
        "bundle_papers_saved": QCoreApplication.translate("Supervisor", "少交材料"),
        "sms_kind": QCoreApplication.translate("Supervisor", "短信类型"),
        "sms_sent": QCoreApplication.translate("Supervisor", "发送"),
        "sms_delivered": QCoreApplication.translate("Supervisor", "送达"),
        "sms_failed": QCoreApplication.translate("Supervisor", "失败"),
        "sms_suppressed": QCoreApplication.translate("Supervisor", "未发（退订/无号码）"),
        "sms_queued": QCoreApplication.translate("Supervisor", "待发"),
        "sms_parts": QCoreApplication.translate("Supervisor", "计费条数"),
        "cert_department": QCoreApplication.translate("Supervisor", "部门"),
        "cert_month": QCoreApplication.translate("Supervisor", "月份"),
        "cert_kinds": QCoreApplication.translate("Supervisor", "证照入库种类数"),
        "cert_records": QCoreApplication.translate("Supervisor", "入库量"),
        "cert_lookups": QCoreApplication.translate("Supervisor", "查询次数"),
        "cert_shares": QCoreApplication.translate("Supervisor", "证照共享量"),
    }


def column_label(key: str, fallback: str = "") -> str:
    """A figures column header; the engine's Chinese label for a column this map does not know yet."""
    return column_labels().get(key, fallback or key)


def sms_total_label() -> str:
    return QCoreApplication.translate("Supervisor", "短信发送条数")


def notice_kind_label(kind: str, fallback: str = "") -> str:
    """A notice kind (``domain.notices.NoticeKind`` value); an unknown kind keeps the engine's label."""
    return {
        "accepted": QCoreApplication.translate("Supervisor", "受理通知"),
        "missing": QCoreApplication.translate("Supervisor", "一次性告知", "notice kind"),
        "deficiency_reminder": QCoreApplication.translate("Supervisor", "容缺补交提醒"),
        "ready": QCoreApplication.translate("Supervisor", "办结/可取件"),
        "posted": QCoreApplication.translate("Supervisor", "邮寄寄出"),
        "rating_invite": QCoreApplication.translate("Supervisor", "好差评邀请"),
    }.get(kind, fallback or kind)


def total_label() -> str:
    return QCoreApplication.translate("Supervisor", "合计")


def kind_label(kind: str, fallback: str = "") -> str:
    return {
        "complaint": QCoreApplication.translate("Supervisor", "投诉", "register kind"),
        "bad_review": QCoreApplication.translate("Supervisor", "差评", "register kind"),
    }.get(kind, fallback or kind)


def source_label(source: str, fallback: str = "") -> str:
    return {
        "on_site": QCoreApplication.translate("Supervisor", "现场"),
        "phone": QCoreApplication.translate("Supervisor", "电话"),
        "suggestion_box": QCoreApplication.translate("Supervisor", "意见箱/意见簿"),
        "online": QCoreApplication.translate("Supervisor", "网络"),
        "transferred": QCoreApplication.translate("Supervisor", "转接"),
        "rating": QCoreApplication.translate("Supervisor", "好差评"),
    }.get(source, fallback or source)


def stage_label(stage: str, fallback: str = "") -> str:
    return {
        "accepted": QCoreApplication.translate("Supervisor", "差评受理", "register stage"),
        "investigating": QCoreApplication.translate("Supervisor", "调查核实"),
        "rectifying": QCoreApplication.translate("Supervisor", "差评整改"),
        "follow_up": QCoreApplication.translate("Supervisor", "回访反馈"),
        "lessons": QCoreApplication.translate("Supervisor", "举一反三"),
        "lasting": QCoreApplication.translate("Supervisor", "保持长效"),
        "closed": QCoreApplication.translate("Supervisor", "办结", "register stage"),
    }.get(stage, fallback or stage)


def step_prompt(step: str) -> str:
    """What a step records (the service's ``STEP_PROMPTS``)."""
    return {
        "accepted": QCoreApplication.translate("Supervisor", "受理意见"),
        "investigating": QCoreApplication.translate("Supervisor", "调查核实结论"),
        "rectifying": QCoreApplication.translate("Supervisor", "整改措施"),
        "follow_up": QCoreApplication.translate("Supervisor", "回访情况"),
        "lessons": QCoreApplication.translate("Supervisor", "汲取的教训，排查的其他窗口或事项"),
        "lasting": QCoreApplication.translate("Supervisor", "长效措施（制度、培训）"),
    }.get(step, step)


def follow_up_label(result: str) -> str:
    """The citizen's verdict at follow-up; the service keeps the Chinese value."""
    return {
        "满意": QCoreApplication.translate("Supervisor", "满意"),
        "基本满意": QCoreApplication.translate("Supervisor", "基本满意"),
        "不满意": QCoreApplication.translate("Supervisor", "不满意"),
    }.get(result, result)


def appeal_label(result: str) -> str:
    return {
        "": QCoreApplication.translate("Supervisor", "待复核"),
        "upheld": QCoreApplication.translate("Supervisor", "成立"),
        "rejected": QCoreApplication.translate("Supervisor", "不成立"),
    }.get(result, result)


def queue_grouping_label(key: str, fallback: str = "") -> str:
    """Header of the first queue figures column (``QUEUE_GROUPINGS``)."""
    return {
        "category": QCoreApplication.translate("Supervisor", "业务类别"),
        "hour": QCoreApplication.translate("Supervisor", "时段"),
        "window": QCoreApplication.translate("Supervisor", "窗口"),
    }.get(key, fallback or key)


def queue_grouping_choice(key: str, fallback: str = "") -> str:
    return {
        "category": QCoreApplication.translate("Supervisor", "按业务类别"),
        "hour": QCoreApplication.translate("Supervisor", "按时段"),
        "window": QCoreApplication.translate("Supervisor", "按窗口"),
    }.get(key, fallback or key)


def queue_column_labels() -> dict[str, str]:
    """Queue figures column headers by the engine's column key (``domain.queue_figures.QUEUE_COLUMNS``)."""
    return {
        "issued": QCoreApplication.translate("Supervisor", "取号数"),
        "wait_median": QCoreApplication.translate("Supervisor", "等候时长中位数(分钟)"),
        "wait_p90": QCoreApplication.translate("Supervisor", "等候时长P90(分钟)"),
        "called": QCoreApplication.translate("Supervisor", "叫号数"),
        "served": QCoreApplication.translate("Supervisor", "办结数"),
        "service_median": QCoreApplication.translate("Supervisor", "服务时长中位数(分钟)"),
        "service_p90": QCoreApplication.translate("Supervisor", "服务时长P90(分钟)"),
        "no_show": QCoreApplication.translate("Supervisor", "过号"),
        "no_show_rate": QCoreApplication.translate("Supervisor", "过号率"),
        "transferred": QCoreApplication.translate("Supervisor", "转移"),
        "appointments": QCoreApplication.translate("Supervisor", "预约"),
        "appointments_kept": QCoreApplication.translate("Supervisor", "预约签到"),
        "appointments_missed": QCoreApplication.translate("Supervisor", "预约爽约"),
        "paused_minutes": QCoreApplication.translate("Supervisor", "暂停服务(分钟)"),
    }


def window_state_label(state: str) -> str:
    """A window's state in the live hall view (``WindowState.state``)."""
    return {
        "idle": QCoreApplication.translate("Supervisor", "空闲"),
        "called": QCoreApplication.translate("Supervisor", "叫号中"),
        "serving": QCoreApplication.translate("Supervisor", "办理中"),
        "paused": QCoreApplication.translate("Supervisor", "暂停服务"),
    }.get(state, state)
