"""Hand-made assessments for the export tests: a small indicator set and facts scored by the real engine."""

from __future__ import annotations

from datetime import date, datetime

from hallclient.domain.assessment import (
    Assessment,
    Bonus,
    Evidence,
    Finding,
    Grade,
    Indicator,
    IndicatorSet,
    PerOccurrence,
    Subject,
    SubjectFacts,
    TargetRate,
    assess,
    quarter_period,
)

GRADES = (
    Grade("优秀", 90, "通报表扬、评优优先"),
    Grade("良好", 80, "予以肯定"),
    Grade("合格", 60, "限期整改"),
    Grade("不合格", 0, "约谈部门负责人，取消年度评优资格"),
)


def indicator_set() -> IndicatorSet:
    def both(id: str, name: str, group: str, source: str, points: float, rule: object, **extra: object) -> list:
        return [Indicator(f"{subject.value}_{id}", name, subject, group, source, points, rule, **extra)  # type: ignore[arg-type]
                for subject in Subject]  # fmt: skip

    indicators = [
        *both("on_time", "按时办结率", "办件效率", "on_time_rate", 40, TargetRate(0.95, 0.80)),
        *both("overdue", "在办超期件", "办件效率", "overdue", 20, PerOccurrence(2, 10)),
        *both("satisfaction", "满意率", "服务评价", "satisfaction_rate", 20, TargetRate(0.98, 0.90)),
        *both("discipline", "作风纪律", "作风纪律", "finding:*", 20, PerOccurrence(1, 20)),
        *both("praise", "表扬", "加分项", "finding:inspection", 5, Bonus(1, 5)),
    ]
    return IndicatorSet("2026.1", "西湖区政务服务中心考核指标", tuple(indicators), GRADES, "ab12cd34ef56" + "0" * 52)


def _finding(id: str, day: int, points: float, note: str, kind: str = "mystery_visit") -> Finding:
    return Finding(id, kind, date(2026, 10, day), points, note, window="05")


def department_facts() -> list[SubjectFacts]:
    late = tuple(Evidence("case", f"XH2026100{n}", f"办件 XH2026100{n} 超过承诺期限仍在办", -2) for n in range(1, 4))
    return [
        SubjectFacts("ZRZY", "自然资源局", figures={"on_time_rate": 1.0, "overdue": 0, "satisfaction_rate": 1.0}),
        SubjectFacts(
            "SCJG",
            "市场监督管理局",
            figures={"on_time_rate": 0.875, "overdue": 3, "satisfaction_rate": 0.99},
            evidence={"overdue": late},
            findings=(_finding("F-0001", 9, -2, "窗口人员办件时玩手机"),),
        ),
        SubjectFacts(
            "GA",
            "公安分局",
            figures={"on_time_rate": 0.875, "overdue": 3, "satisfaction_rate": 0.99},
            findings=(_finding("F-0002", 10, -2, "离岗未放置暂停服务牌", "video_check"),),
        ),
        SubjectFacts(
            "RS",
            "人力社保局",
            figures={"on_time_rate": 0.5, "overdue": 9, "satisfaction_rate": None},
            findings=(_finding("F-0003", 12, 2, "主动延时服务获群众表扬", "inspection"),),
        ),
    ]


def department_assessment() -> Assessment:
    period, label = quarter_period("2026Q4")
    return assess(indicator_set(), Subject.DEPARTMENT, department_facts(), period=period, period_label=label,
                  computed_at=datetime(2027, 1, 5, 9, 30), source="local",
                  notes=("无排队数据：等候时长未计分",))  # fmt: skip


def staff_assessment() -> Assessment:
    period, label = quarter_period("2026Q4")
    facts = [
        SubjectFacts(
            "u1",
            "王芳",
            "ZRZY",
            figures={"on_time_rate": 1.0, "overdue": 0, "satisfaction_rate": 1.0},
            department_name="自然资源局",
        ),
        # a department the catalog does not name: its code is shown
        SubjectFacts("u2", "李军", "SCJG", figures={"on_time_rate": 0.9, "overdue": 1, "satisfaction_rate": 0.95}),
    ]
    return assess(indicator_set(), Subject.STAFF, facts, period=period, period_label=label,
                  computed_at=datetime(2027, 1, 5, 9, 30), source="server")  # fmt: skip
