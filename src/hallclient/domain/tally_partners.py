"""The 通办 figures by partner region (协议地区), one definition for the local and the server tally.

* **Forwarded by post / electronically**: cases whose originals were posted (原件已寄出), or whose files were sent
  (电子材料已发送), on a day of the period.
* **Average days in transit**: calendar days from sending to the partner's receipt (post: 寄出 → 签收;
  electronic: 发送 → 确认), over the sendings of the period that were received.
* **Overdue (转递超期)**: forwarded cases, whenever received, with a step not done within
  ``FORWARD_STEP_WORKDAYS`` working days of the one before at the *as-of* day (``domain/forwarding.py``).
* **跨省通办咨询量**: enquiries (首问登记) of the period tagged 跨省通办, by the partner they were about
  ("（未指定）" when none was named).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from hallclient.domain.case import CaseAction, Channel, Forwarding
from hallclient.domain.forwarding import FORWARD_STEP_WORKDAYS, overdue_steps, transit_days
from hallclient.domain.workdays import WorkCalendar

UNNAMED_PARTNER = "（未指定）"

#: One forwarded case: its partner region's name, the day of each step done (CaseAction value), collected.
ForwardFact = tuple[str, dict[str, date], bool]
#: Enquiries of the period: (partner name or "", channel, count).
EnquiryFact = tuple[str, str, int]


@dataclass
class PartnerFigures:
    key: str
    label: str
    posted: int = 0
    electronic: int = 0
    transit_days: list[int] = field(default_factory=list)
    overdue: int = 0
    cross_province_enquiries: int = 0

    @property
    def average_transit_days(self) -> float | None:
        return sum(self.transit_days) / len(self.transit_days) if self.transit_days else None


def partner_figures(
    forwarded: Iterable[ForwardFact],
    enquiries: Iterable[EnquiryFact],
    *,
    start: date,
    end: date,
    as_of: date,
    calendar: WorkCalendar,
    limit: int = FORWARD_STEP_WORKDAYS,
) -> tuple[list[PartnerFigures], PartnerFigures]:
    """The rows by partner (sorted by name) and their total."""
    rows: dict[str, PartnerFigures] = {}
    total = PartnerFigures("", "合计")

    def both(name: str) -> tuple[PartnerFigures, PartnerFigures]:
        key = name or UNNAMED_PARTNER
        return rows.setdefault(key, PartnerFigures(key, key)), total

    for name, raw, collected in forwarded:
        done = {CaseAction(step): day for step, day in raw.items()}
        by_post, electronic = transit_days(done)
        for fig in both(name):
            if start <= done.get(CaseAction.FORWARD_POST, date.max) <= end:
                fig.posted += 1
                fig.transit_days += [by_post] if by_post is not None else []
            if start <= done.get(CaseAction.FORWARD_FILES, date.max) <= end:
                fig.electronic += 1
                fig.transit_days += [electronic] if electronic is not None else []
            known = {step: day for step, day in done.items() if day <= as_of}
            if overdue_steps(Forwarding(known), collected, as_of, calendar, limit):
                fig.overdue += 1
    for name, channel, count in enquiries:
        if channel == Channel.CROSS_PROVINCE.value:
            for fig in both(name):
                fig.cross_province_enquiries += count
    return sorted(rows.values(), key=lambda fig: (fig.key == UNNAMED_PARTNER, fig.label)), total
