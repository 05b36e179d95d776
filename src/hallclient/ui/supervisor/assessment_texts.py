"""Display texts of the 考核 tab, translatable, keyed by the exports' stable column keys and the engine's keys.

The engine and the exports keep their Chinese (``reports.assessment_table``); the screen shows headers
through these maps (``tests/gui/test_gui_assessment.py`` holds every key translated) and falls back to the
Chinese label for anything new. Each text is a literal in a ``translate`` call for ``pyside6-lupdate``.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def column_labels() -> dict[str, str]:
    """Headers of the ranking, breakdown and evidence tables by column key (``reports.assessment_table``)."""
    return {
        "rank": QCoreApplication.translate("Assessment", "名次"),
        "department_name": QCoreApplication.translate("Assessment", "部门"),
        "staff_name": QCoreApplication.translate("Assessment", "姓名"),
        "staff_department": QCoreApplication.translate("Assessment", "所属部门"),
        "total": QCoreApplication.translate("Assessment", "得分"),
        "grade": QCoreApplication.translate("Assessment", "等次"),
        "consequence": QCoreApplication.translate("Assessment", "奖惩措施"),
        "subject": QCoreApplication.translate("Assessment", "考核对象"),
        "group": QCoreApplication.translate("Assessment", "指标类别"),
        "indicator": QCoreApplication.translate("Assessment", "指标"),
        "value": QCoreApplication.translate("Assessment", "完成值"),
        "full_points": QCoreApplication.translate("Assessment", "分值"),
        "points": QCoreApplication.translate("Assessment", "得分", "indicator points"),
        "change": QCoreApplication.translate("Assessment", "扣分/加分"),
        "evidence_count": QCoreApplication.translate("Assessment", "依据条数"),
        "note": QCoreApplication.translate("Assessment", "说明"),
        "kind": QCoreApplication.translate("Assessment", "依据类型"),
        "ref": QCoreApplication.translate("Assessment", "编号"),
        "text": QCoreApplication.translate("Assessment", "内容"),
    }


def column_label(key: str, fallback: str = "") -> str:
    return column_labels().get(key, fallback or key)


def subject_choice(key: str) -> str:
    return {
        "department": QCoreApplication.translate("Assessment", "部门业务"),
        "staff": QCoreApplication.translate("Assessment", "人员服务"),
    }.get(key, key)


def finding_kind_label(kind: str, fallback: str = "") -> str:
    """A finding's kind (``domain.assessment.FINDING_KINDS``)."""
    return {
        "inspection": QCoreApplication.translate("Assessment", "巡查记录"),
        "mystery_visit": QCoreApplication.translate("Assessment", "明察暗访"),
        "video_check": QCoreApplication.translate("Assessment", "视频抽查"),
    }.get(kind, fallback or kind)


def finding_status_label(status: str) -> str:
    """A finding's state (the ``status`` of its events)."""
    return {
        "in_force": QCoreApplication.translate("Assessment", "有效"),
        "appealed": QCoreApplication.translate("Assessment", "申诉中"),
        "overturned": QCoreApplication.translate("Assessment", "申诉成立，已撤销"),
        "upheld": QCoreApplication.translate("Assessment", "申诉驳回，维持"),
    }.get(status, status)


def evidence_kind_label(kind: str) -> str:
    """What a piece of evidence is (``domain.assessment.Evidence.kind``)."""
    return {
        "case": QCoreApplication.translate("Assessment", "办件"),
        "finding": QCoreApplication.translate("Assessment", "检查记录"),
        "complaint": QCoreApplication.translate("Assessment", "投诉"),
        "rating": QCoreApplication.translate("Assessment", "评价"),
        "attendance": QCoreApplication.translate("Assessment", "考勤"),
        "figure": QCoreApplication.translate("Assessment", "统计数据"),
    }.get(kind, kind)


def publication_label(version: int | None) -> str:
    if version is None:
        return QCoreApplication.translate("Assessment", "未发布（草稿）")
    return QCoreApplication.translate("Assessment", "已发布 第 %1 版").replace("%1", str(version))
