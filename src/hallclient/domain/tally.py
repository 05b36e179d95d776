"""The tally engine: a day's or a period's figures, grouped by window, clerk, department, matter or channel.

A *source* (``services/tally_facts.py``: the local store; ``server/tallies.py``: the server's tables)
reduces the database to :class:`Facts` — counts keyed by a dimension tuple (window, clerk, department,
matter, channel) — and :func:`build_tally` rolls them up to a grouping. The local source aggregates in
SQL by the requested grouping only (a full five-dimension key is nearly one row per case at hall scale);
the server adapter fills every dimension, so its facts serve all groupings at once.

Definitions (also printed in the PDF's notes):

* A case belongs to the period it was **received** in (受理/收件 time).
* **One-window share (一窗受理率)** = cases received at integrated windows (综合窗口) / all cases received.
  A window is integrated when the ``window_kinds`` table says so; a window not listed there counts as
  integrated when, in the period, it took cases of at least two departments (无差别综合受理), and as a
  department counter (专窗) otherwise.
* **Handling time** = intake → completion (办结), for cases received in the period and completed by now;
  median and p90 (nearest rank: the smallest value with at least 90 % of values at or below it).
* **Overdue (在办超期)** and **near-due (临近到期, within 2 working days)**: cases open at the
  *as-of* day (the period's end, or today for a running period) whatever day they were received,
  excluding refused, withdrawn and suspended ones. **Completed late (超期办结)**: completed after the
  promised date, among cases received in the period.
* **Ratings** are counted on the day given; a **bad review (差评)** is 不满意 or 非常不满意; its
  **handling rate (差评处理率)** = bad reviews whose follow-up task is closed (办结, all six steps) / bad
  reviews, and its **rectification rate (差评整改率)** = those whose task has finished rectification
  (差评整改) / bad reviews, both leaving out those whose appeal (申诉复核) was upheld.
* **通办 by partner region** (forwarded by post / electronically, days in transit, overdue, 跨省通办咨询量):
  see ``domain/tally_partners.py``.
* **Catalog ratios** (事项总数, 网上可办率, 全程网办率, 一窗式事项占比, 一证通办事项数):
  see ``domain/tally_catalog.py``.
* **一件事一次办 by bundle** (受理次数, cases, 整件办结, average days, 少交材料): see ``domain/tally_bundles.py``.
* **帮办代办 without a case** (by month, site and kind; for the elderly and the disabled): see
  ``domain/tally_assistance.py``; the figures **by site** (own and rolled up): ``domain/sites.py``.
* **Complaints** are counted on the day received; **handling rate (办结率)** = closed / received,
  **rectification rate** = rectified / received (leaving out upheld appeals); **overdue** = past the
  working-day deadline while open, or closed after it.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, Generic, TypeVar

from hallclient.domain.case import CHANNEL_LABELS, OUTCOME_LABELS, Channel, Outcome
from hallclient.domain.certificate_figures import CertificateFigures
from hallclient.domain.sites import SiteFigures
from hallclient.domain.sms_figures import SmsFigures, SmsRow
from hallclient.domain.tally_assistance import AssistanceFact, AssistanceFigures, assistance_figures
from hallclient.domain.tally_bundles import BundleCaseFact, BundleFigures, bundle_figures
from hallclient.domain.tally_catalog import CatalogFigures
from hallclient.domain.tally_partners import EnquiryFact, ForwardFact, PartnerFigures, partner_figures
from hallclient.domain.workdays import WorkCalendar
from hallclient.errors import HallError

GROUPINGS: dict[str, str] = {
    "window": "窗口",
    "clerk": "窗口人员",
    "department": "部门",
    "matter": "事项",
    "channel": "办理渠道",
}
DIM_INDEX = {name: index for index, name in enumerate(GROUPINGS)}
OUTCOMES: tuple[str, ...] = tuple(outcome.value for outcome in Outcome)
CHANNELS: tuple[str, ...] = tuple(channel.value for channel in Channel)
LEVELS: tuple[int, ...] = (5, 4, 3, 2, 1)
LEVEL_LABELS = {5: "非常满意", 4: "满意", 3: "基本满意", 2: "不满意", 1: "非常不满意"}
COMPLAINT_SOURCES: dict[str, str] = {
    "on_site": "现场",
    "phone": "电话",
    "suggestion_box": "意见箱/意见簿",
    "online": "网络",
    "transferred": "转接",
}
NEAR_DUE_WORKDAYS = 2
UNLINKED = ""  # the key of facts that lack the grouping's dimension (e.g. a rating without a case)
UNLINKED_LABEL = "（未关联）"

Dims = tuple[str, str, str, str, str]  # window, clerk id, department code, matter code, channel


@dataclass(frozen=True)
class Period:
    """Inclusive range of calendar days."""

    start: date
    end: date

    @classmethod
    def day(cls, day: date) -> Period:
        return cls(day, day)

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise HallError(f"统计期间的结束日 {self.end} 早于开始日 {self.start}")
        if (self.end - self.start).days > 366 * 5:
            raise HallError("统计期间不能超过 5 年")

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def label(self) -> str:
        if self.start == self.end:
            return self.start.isoformat()
        return f"{self.start.isoformat()} 至 {self.end.isoformat()}"

    def bounds(self) -> tuple[datetime, datetime]:
        """[start 00:00, day after end 00:00) as naive local datetimes."""
        return datetime.combine(self.start, datetime.min.time()), datetime.combine(
            self.end + timedelta(days=1), datetime.min.time()
        )

    def check_not_future(self, today: date) -> None:
        if self.start > today:
            raise HallError(f"统计期间 {self.label()} 在未来（今天是 {today.isoformat()}），没有可统计的数据")


@dataclass
class Facts:
    """What a source reads from the database, aggregated to the full dimension tuple."""

    # (dims, outcome, cases, completed, assisted, green_channel, completed_late, at integrated windows)
    cases: list[tuple[Dims, str, int, int, int, int, int, int]] = field(default_factory=list)
    durations: list[tuple[Dims, float]] = field(default_factory=list)  # seconds intake → completion
    hourly: list[int] = field(default_factory=lambda: [0] * 24)
    deadlines: list[tuple[Dims, date, int]] = field(default_factory=list)  # open at as-of: promised date, count
    # (dims, level, rectified, handled (task closed), excluded by an upheld appeal, count)
    ratings: list[tuple[Dims, int, bool, bool, bool, int]] = field(default_factory=list)
    enquiries: list[tuple[Dims, int]] = field(default_factory=list)
    enquiry_handovers: list[tuple[Dims, int]] = field(default_factory=list)  # 首问转办 (handling handed_over)
    # (dims, source, closed, rectified, overdue, excluded by an upheld appeal, count)
    complaints: list[tuple[Dims, str, bool, bool, bool, bool, int]] = field(default_factory=list)
    forwarded: list[ForwardFact] = field(default_factory=list)  # 通办 cases with a forwarding step
    partner_enquiries: list[EnquiryFact] = field(default_factory=list)  # enquiries by (partner, channel)
    catalog: CatalogFigures | None = None  # the catalog ratios of the catalog in force (None: no catalog read)
    bundle_cases: list[BundleCaseFact] = field(default_factory=list)  # cases of the period's 一件事 intakes
    assistance: list[AssistanceFact] = field(default_factory=list)  # 帮办代办 without a case (tally_assistance.py)
    # 证照共享 of the local store: (department, month, shared materials); None for the server (its own figures)
    certificate_shares: list[tuple[str, str, int]] | None = None
    unsynced_events: int | None = None
    window_kinds: dict[str, str] = field(default_factory=dict)
    labels: dict[str, dict[str, str]] = field(default_factory=dict)


@dataclass
class Figures:
    """One row of a tally: a group, or the total."""

    key: str
    label: str
    cases: int = 0
    outcomes: dict[str, int] = field(default_factory=lambda: dict.fromkeys(OUTCOMES, 0))
    completed: int = 0
    one_window: int = 0
    channels: dict[str, int] = field(default_factory=lambda: dict.fromkeys(CHANNELS, 0))
    assisted: int = 0
    green_channel: int = 0
    handled: int = 0
    handling_median_s: float | None = None
    handling_p90_s: float | None = None
    overdue: int = 0
    near_due: int = 0
    completed_late: int = 0
    ratings: dict[int, int] = field(default_factory=lambda: dict.fromkeys(LEVELS, 0))
    bad_reviews: int = 0
    bad_reviews_counted: int = 0  # bad reviews minus those whose appeal was upheld
    bad_reviews_rectified: int = 0
    bad_reviews_handled: int = 0  # counted bad reviews whose follow-up task is closed (the complaint loop fills it)
    complaints: int = 0
    complaints_counted: int = 0
    complaints_closed: int = 0
    complaints_rectified: int = 0
    complaints_overdue: int = 0
    # counted complaints (upheld appeals left out) per source
    complaints_by_source: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COMPLAINT_SOURCES, 0))
    enquiries: int = 0
    enquiry_handovers: int = 0  # first enquiries handed over to another window or department (sources fill it)

    @property
    def one_window_share(self) -> float | None:
        return _ratio(self.one_window, self.cases)

    @property
    def rated(self) -> int:
        return sum(self.ratings.values())

    @property
    def satisfaction(self) -> float | None:
        """满意率: the top three levels / all ratings."""
        return _ratio(self.ratings[5] + self.ratings[4] + self.ratings[3], self.rated)

    @property
    def on_time(self) -> float | None:
        """按时办结率: cases completed by their promised date / cases completed (both received in the period)."""
        return _ratio(self.completed - self.completed_late, self.completed)

    @property
    def bad_review_handling(self) -> float | None:
        """差评处理率: counted bad reviews whose follow-up task is closed / counted bad reviews."""
        return _ratio(self.bad_reviews_handled, self.bad_reviews_counted)

    @property
    def bad_review_rectification(self) -> float | None:
        return _ratio(self.bad_reviews_rectified, self.bad_reviews_counted)

    @property
    def complaint_handling(self) -> float | None:
        return _ratio(self.complaints_closed, self.complaints)

    @property
    def complaint_rectification(self) -> float | None:
        return _ratio(self.complaints_rectified, self.complaints_counted)


@dataclass
class SourceFigures:
    source: str
    label: str
    received: int = 0
    counted: int = 0
    closed: int = 0
    rectified: int = 0
    overdue: int = 0

    @property
    def handling(self) -> float | None:
        return _ratio(self.closed, self.received)

    @property
    def rectification(self) -> float | None:
        return _ratio(self.rectified, self.counted)


@dataclass
class Tally:
    hall_name: str
    scope: str  # e.g. "本机（窗口 05）" or "全大厅（服务器）"
    source: str  # local | server
    period: Period
    grouping: str
    as_of: date
    generated_at: datetime
    total: Figures
    groups: list[Figures]
    hourly: list[int]
    complaint_sources: list[SourceFigures]
    unsynced_events: int | None
    notes: list[str] = field(default_factory=list)
    partners: list[PartnerFigures] = field(default_factory=list)  # 通办 by partner region, then the total
    partners_total: PartnerFigures = field(default_factory=lambda: PartnerFigures("", "合计"))
    sms: SmsFigures | None = None  # 短信 figures: the server's (set by reports/server.py); None for a local tally
    catalog: CatalogFigures | None = None  # 事项目录指标 (domain/tally_catalog.py)
    certificates: CertificateFigures | None = None  # 证照共享 figures: the server's (reports/server.py), like sms
    bundles: list[BundleFigures] = field(default_factory=list)  # 一件事一次办 by bundle, then the total
    bundles_total: BundleFigures = field(default_factory=lambda: BundleFigures("", "合计"))
    assistance: AssistanceFigures = field(default_factory=AssistanceFigures)  # 帮办代办 (domain/tally_assistance.py)
    sites: list[SiteFigures] = field(default_factory=list)  # by site, rolled up (server only; domain/sites.py)

    @property
    def grouping_label(self) -> str:
        return GROUPINGS[self.grouping]

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["period"] = {"start": self.period.start.isoformat(), "end": self.period.end.isoformat()}
        data["as_of"] = self.as_of.isoformat()
        data["generated_at"] = self.generated_at.isoformat(timespec="seconds")
        data["sms"] = self.sms.to_dict() if self.sms is not None else None
        data["catalog"] = self.catalog.to_dict() if self.catalog is not None else None
        data["certificates"] = self.certificates.to_dict() if self.certificates is not None else None
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Tally:
        def figures(raw: Mapping[str, Any]) -> Figures:
            values = dict(raw)
            values["ratings"] = {int(level): count for level, count in raw["ratings"].items()}
            return Figures(**values)

        return cls(
            hall_name=data["hall_name"],
            scope=data["scope"],
            source=data["source"],
            period=Period(date.fromisoformat(data["period"]["start"]), date.fromisoformat(data["period"]["end"])),
            grouping=data["grouping"],
            as_of=date.fromisoformat(data["as_of"]),
            generated_at=datetime.fromisoformat(data["generated_at"]),
            total=figures(data["total"]),
            groups=[figures(item) for item in data["groups"]],
            hourly=list(data["hourly"]),
            complaint_sources=[SourceFigures(**item) for item in data["complaint_sources"]],
            unsynced_events=data["unsynced_events"],
            notes=list(data["notes"]),
            partners=[PartnerFigures(**item) for item in data.get("partners", [])],
            partners_total=PartnerFigures(**data.get("partners_total", {"key": "", "label": "合计"})),
            sms=SmsFigures.from_dict(data["sms"]) if data.get("sms") is not None else None,
            catalog=CatalogFigures.from_dict(data["catalog"]) if data.get("catalog") else None,
            certificates=CertificateFigures.from_dict(data["certificates"]) if data.get("certificates") else None,
            bundles=[BundleFigures(**item) for item in data.get("bundles", [])],
            bundles_total=BundleFigures(**data.get("bundles_total", {"key": "", "label": "合计"})),
            assistance=AssistanceFigures.from_dict(data.get("assistance") or {}),
            sites=[SiteFigures(**item) for item in data.get("sites", [])],
        )


def _ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def median(values: list[float]) -> float | None:
    """Of sorted values."""
    n = len(values)
    if n == 0:
        return None
    middle = n // 2
    return values[middle] if n % 2 else (values[middle - 1] + values[middle]) / 2


def nearest_rank(values: list[float], share: float) -> float | None:
    """Of sorted values: the smallest value with at least ``share`` of the values at or below it."""
    if not values:
        return None
    return values[max(0, math.ceil(share * len(values)) - 1)]


def _set_handling(fig: Figures, values: list[float]) -> None:
    values.sort()
    fig.handled = len(values)
    fig.handling_median_s = median(values)
    fig.handling_p90_s = nearest_rank(values, 0.9)


def integrated_windows(departments: Mapping[str, int], window_kinds: Mapping[str, str]) -> set[str]:
    """Windows counted as integrated one-window counters in a period, from the number of departments whose
    cases each window took in it (see the module docstring)."""
    integrated = set()
    for window, seen in departments.items():
        kind = window_kinds.get(window)
        if kind == "integrated" or (kind is None and seen >= 2):
            integrated.add(window)
    return integrated


def default_label(grouping: str, key: str) -> str:
    if key == UNLINKED:
        return UNLINKED_LABEL
    if grouping == "channel":
        try:
            return CHANNEL_LABELS[Channel(key)]
        except ValueError:
            return key
    if grouping == "window":
        return f"{key} 号窗口"
    return key


def build_tally(
    facts: Facts,
    *,
    period: Period,
    grouping: str,
    as_of: date,
    hall_name: str,
    scope: str,
    source: str,
    generated_at: datetime,
    near_due_limit: date,
    calendar: WorkCalendar,
    notes: Iterable[str] = (),
) -> Tally:
    """Roll ``facts`` up to ``grouping``; ``near_due_limit`` is the last day counted as near-due; ``calendar``
    counts the working days of the forwarding steps."""
    if grouping not in GROUPINGS:
        raise HallError(f"分组只能是 {'、'.join(GROUPINGS)}，实为 {grouping!r}")
    index = DIM_INDEX[grouping]
    labels = facts.labels.get(grouping, {})
    groups: dict[str, Figures] = {}
    total = Figures(key="", label="合计")

    def rows(dims: Dims) -> tuple[Figures, Figures]:
        key = dims[index] or UNLINKED
        group = groups.get(key)
        if group is None:
            group = groups[key] = Figures(key=key, label=labels.get(key) or default_label(grouping, key))
        return group, total

    for dims, outcome, count, completed, assisted, green, late, one_window in facts.cases:
        for fig in rows(dims):
            fig.cases += count
            fig.outcomes[outcome] = fig.outcomes.get(outcome, 0) + count
            fig.completed += completed
            fig.assisted += assisted
            fig.green_channel += green
            fig.completed_late += late
            fig.channels[dims[4]] = fig.channels.get(dims[4], 0) + count
            fig.one_window += one_window
    durations: dict[str, list[float]] = defaultdict(list)
    everything: list[float] = []
    for dims, seconds in facts.durations:
        durations[dims[index] or UNLINKED].append(seconds)
        everything.append(seconds)
        rows(dims)
    for key, values in durations.items():
        _set_handling(groups[key], values)
    _set_handling(total, everything)
    for dims, promised, count in facts.deadlines:
        for fig in rows(dims):
            if promised < as_of:
                fig.overdue += count
            elif promised <= near_due_limit:
                fig.near_due += count
    for dims, level, rectified, handled, excluded, count in facts.ratings:
        for fig in rows(dims):
            fig.ratings[level] += count
            if level <= 2:
                fig.bad_reviews += count
                if not excluded:
                    fig.bad_reviews_counted += count
                    fig.bad_reviews_rectified += count if rectified else 0
                    fig.bad_reviews_handled += count if handled else 0
    for dims, count in facts.enquiries:
        for fig in rows(dims):
            fig.enquiries += count
    for dims, count in facts.enquiry_handovers:
        for fig in rows(dims):
            fig.enquiry_handovers += count
    by_source = {key: SourceFigures(key, label) for key, label in COMPLAINT_SOURCES.items()}
    for dims, source_key, closed, rectified, overdue, excluded, count in facts.complaints:
        item = by_source.setdefault(source_key, SourceFigures(source_key, source_key))
        item.received += count
        item.closed += count if closed else 0
        item.overdue += count if overdue else 0
        if not excluded:
            item.counted += count
            item.rectified += count if rectified else 0
        for fig in rows(dims):
            fig.complaints += count
            fig.complaints_closed += count if closed else 0
            fig.complaints_overdue += count if overdue else 0
            if not excluded:
                fig.complaints_counted += count
                fig.complaints_by_source[source_key] = fig.complaints_by_source.get(source_key, 0) + count
                fig.complaints_rectified += count if rectified else 0
    ordered = sorted(groups.values(), key=lambda fig: (fig.key == UNLINKED, -fig.cases, fig.label))
    partners, partners_total = partner_figures(
        facts.forwarded, facts.partner_enquiries, start=period.start, end=period.end, as_of=as_of, calendar=calendar
    )
    bundles, bundles_total = bundle_figures(facts.bundle_cases)
    all_notes = list(notes)
    if total.cases == 0:
        all_notes.append("本期间没有受理办件。")
    certificates = None
    if facts.certificate_shares is not None:  # the local 证照共享 (domain/tally_certificates.py)
        from hallclient.domain.tally_certificates import LOCAL_CERTIFICATE_NOTE, local_certificate_figures

        certificates = local_certificate_figures(facts.certificate_shares, facts.labels.get("department", {}))
        all_notes.append(LOCAL_CERTIFICATE_NOTE)
    return Tally(
        hall_name=hall_name,
        scope=scope,
        source=source,
        period=period,
        grouping=grouping,
        as_of=as_of,
        generated_at=generated_at,
        total=total,
        groups=ordered,
        hourly=list(facts.hourly),
        complaint_sources=list(by_source.values()),
        unsynced_events=facts.unsynced_events,
        notes=all_notes,
        partners=partners,
        partners_total=partners_total,
        catalog=facts.catalog,
        bundles=bundles,
        bundles_total=bundles_total,
        assistance=assistance_figures(facts.assistance),
        certificates=certificates,
    )


Row = TypeVar("Row")


@dataclass(frozen=True)
class Column(Generic[Row]):
    """One figures column, the same in every export and on screen (case tallies and queue figures alike).

    ``key`` is stable (screens key their translated headers by it); ``label`` is the Chinese heading the
    exports print; ``value`` reads it from a row (``Figures``, ``QueueFigures``); ``kind`` is its format:
    int, pct, hours, minutes or text.
    """

    key: str
    label: str
    value: Callable[[Row], Any]
    kind: str


def _hours(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds / 3600, 1)


def _pct(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _outcome_column(outcome: Outcome) -> Column[Figures]:
    return Column(outcome.value, OUTCOME_LABELS[outcome], lambda fig: fig.outcomes.get(outcome.value, 0), "int")


def _level_column(level: int) -> Column[Figures]:
    return Column(f"rating_{level}", LEVEL_LABELS[level], lambda fig: fig.ratings[level], "int")


SECTIONS: dict[str, list[Column[Figures]]] = {
    "办件与渠道": [
        Column("cases", "办件数", lambda f: f.cases, "int"),
        *[_outcome_column(Outcome(o)) for o in OUTCOMES],
        Column("one_window_share", "一窗受理率", lambda f: _pct(f.one_window_share), "pct"),
        Column("province_wide", "全省通办", lambda f: f.channels.get("province_wide", 0), "int"),
        Column("cross_province", "跨省通办", lambda f: f.channels.get("cross_province", 0), "int"),
        Column("id_card_only", "一证通办", lambda f: f.channels.get("id_card_only", 0), "int"),
        Column("assisted", "帮办代办", lambda f: f.assisted, "int"),
        Column("green_channel", "绿色通道", lambda f: f.green_channel, "int"),
        Column("enquiries", "首问登记", lambda f: f.enquiries, "int"),
    ],
    "时效": [
        Column("completed", "已办结", lambda f: f.completed, "int"),
        Column("handling_median_hours", "办理时长中位数(小时)", lambda f: _hours(f.handling_median_s), "hours"),
        Column("handling_p90_hours", "办理时长P90(小时)", lambda f: _hours(f.handling_p90_s), "hours"),
        Column("overdue", "在办超期", lambda f: f.overdue, "int"),
        Column("near_due", "临近到期", lambda f: f.near_due, "int"),
        Column("completed_late", "超期办结", lambda f: f.completed_late, "int"),
    ],
    "好差评与投诉": [
        *[_level_column(level) for level in LEVELS],
        Column("satisfaction", "满意率", lambda f: _pct(f.satisfaction), "pct"),
        Column("bad_reviews", "差评", lambda f: f.bad_reviews, "int"),
        Column("bad_reviews_handled", "差评已办结", lambda f: f.bad_reviews_handled, "int"),
        Column("bad_review_handling", "差评处理率", lambda f: _pct(f.bad_review_handling), "pct"),
        Column("bad_reviews_rectified", "差评已整改", lambda f: f.bad_reviews_rectified, "int"),
        Column("bad_review_rectification", "差评整改率", lambda f: _pct(f.bad_review_rectification), "pct"),
        Column("complaints", "投诉", lambda f: f.complaints, "int"),
        Column("complaint_handling", "投诉办结率", lambda f: _pct(f.complaint_handling), "pct"),
        Column("complaint_rectification", "投诉整改率", lambda f: _pct(f.complaint_rectification), "pct"),
        Column("complaints_overdue", "投诉超期", lambda f: f.complaints_overdue, "int"),
    ],
}
COLUMNS: list[Column[Figures]] = [column for section in SECTIONS.values() for column in section]

#: The 通办 section by partner region (``domain/tally_partners.py`` defines each figure).
PARTNER_COLUMNS: list[Column[PartnerFigures]] = [
    Column("forwarded_post", "邮寄转递", lambda p: p.posted, "int"),
    Column("forwarded_electronic", "电子转递", lambda p: p.electronic, "int"),
    Column("average_transit_days", "平均在途天数", lambda p: p.average_transit_days, "days"),
    Column("forwarding_overdue", "转递超期", lambda p: p.overdue, "int"),
    Column("cross_province_enquiries", "跨省通办咨询量", lambda p: p.cross_province_enquiries, "int"),
]
PARTNER_HEADING = "协议地区"
#: 事项目录指标 (``domain/tally_catalog.py`` defines each figure): one row, the catalog in force.
CATALOG_COLUMNS: list[Column[CatalogFigures]] = [
    Column("catalog_matters", "事项总数", lambda c: c.matters, "int"),
    Column("catalog_online_rate", "网上可办率", lambda c: _pct(c.online_rate), "pct"),
    Column("catalog_fully_online_rate", "全程网办率", lambda c: _pct(c.fully_online_rate), "pct"),
    Column("catalog_one_window_share", "一窗式事项占比", lambda c: _pct(c.one_window_share), "pct"),
    Column("catalog_id_card_only", "一证通办事项数", lambda c: c.id_card_only, "int"),
]
CATALOG_HEADING = "事项目录指标"
#: The 一件事一次办 section by bundle (``domain/tally_bundles.py`` defines each figure).
BUNDLE_COLUMNS: list[Column[BundleFigures]] = [
    Column("bundle_intakes", "受理次数", lambda b: b.intakes, "int"),
    Column("bundle_cases", "办件数", lambda b: b.cases, "int"),
    Column("bundle_completed", "整件办结", lambda b: b.completed, "int"),
    Column("bundle_average_days", "平均办结天数", lambda b: b.average_days, "days"),
    Column("bundle_papers_saved", "少交材料", lambda b: b.papers_saved, "int"),
]
BUNDLE_HEADING = "一件事"
SMS_COLUMNS: list[Column[SmsRow]] = [
    Column("sms_sent", "发送", lambda r: r.sent, "int"),
    Column("sms_delivered", "送达", lambda r: r.delivered, "int"),
    Column("sms_failed", "失败", lambda r: r.failed, "int"),
    Column("sms_suppressed", "未发（退订/无号码）", lambda r: r.suppressed, "int"),
    Column("sms_queued", "待发", lambda r: r.queued, "int"),
    Column("sms_parts", "计费条数", lambda r: r.parts, "int"),
]
SMS_HEADING = "短信类型"
SMS_TOTAL_LABEL = "短信发送条数"


def sms_rows(sms: SmsFigures, *, by_day: bool = False) -> list[list[Any]]:
    """The 短信 section: one row per kind (per day and kind with ``by_day``: its first cell the day), then the
    total 短信发送条数; each row starts with the kind's label."""
    rows = sms.rows if by_day else sms.by_kind()
    body = [[*([row.day.isoformat() if row.day else ""] if by_day else []), row.label,
             *[c.value(row) for c in SMS_COLUMNS]] for row in rows]  # fmt: skip
    total = [*([""] if by_day else []), SMS_TOTAL_LABEL, *[c.value(sms.total) for c in SMS_COLUMNS]]
    return [*body, total]


def catalog_row(figures: CatalogFigures) -> list[Any]:
    """The 事项目录指标 values, in :data:`CATALOG_COLUMNS` order."""
    return [column.value(figures) for column in CATALOG_COLUMNS]


def partner_rows(tally: Tally) -> list[list[Any]]:
    """The partner section's rows then its total, each starting with the partner's name."""
    return [[p.label, *[c.value(p) for c in PARTNER_COLUMNS]] for p in [*tally.partners, tally.partners_total]]


def bundle_rows(tally: Tally) -> list[list[Any]]:
    """The 一件事 section's rows then its total, each starting with the bundle's name."""
    return [[b.label, *[c.value(b) for c in BUNDLE_COLUMNS]] for b in [*tally.bundles, tally.bundles_total]]


def table_rows(tally: Tally, columns: list[Column[Figures]] = COLUMNS) -> list[list[Any]]:
    """Group rows then the total row, each starting with the group label: what CSV and XLSX hold."""
    return [[fig.label, *[column.value(fig) for column in columns]] for fig in [*tally.groups, tally.total]]


def header(tally: Tally, columns: list[Column[Figures]] = COLUMNS) -> list[str]:
    return [tally.grouping_label, *[column.label for column in columns]]


def format_value(value: Any, kind: str) -> str:
    """The text a value shows as (PDF, screen); CSV keeps the plain number."""
    if value is None:
        return "—"
    if kind == "pct":
        return f"{value * 100:.1f}%"
    if kind in ("hours", "minutes", "days"):
        return f"{value:.1f}"
    return str(value)
