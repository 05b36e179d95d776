"""The 一件事一次办 figures by bundle, one definition for the local and the server tally.

A bundle intake (one ``bundle_id``: the cases taken in together) belongs to the period its cases were received in.

* **受理次数**: bundle intakes received in the period.
* **办件数**: the cases they created (one per matter).
* **整件办结**: those intakes whose every case is 办结 (completed or collected: ``domain.bundles.DONE``); one refused
  or withdrawn matter keeps its bundle from completing.
* **平均办结天数**: calendar days from the intake to the last of its cases completed, over the intakes completed.
* **少交材料**: papers not asked twice: the materials received across an intake's cases, less the different papers
  among them (same paper: ``domain.bundles.paper_key``), summed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from hallclient.domain.bundles import DONE, paper_key
from hallclient.domain.case import CaseStatus


@dataclass(frozen=True)
class BundleCaseFact:
    """One case of a bundle intake, as both sources read it."""

    bundle_id: str
    bundle_code: str
    bundle_name: str
    received_on: date
    status: str
    completed_on: date | None
    papers: tuple[str, ...]  # names of the materials received at intake


@dataclass
class BundleFigures:
    key: str
    label: str
    intakes: int = 0
    cases: int = 0
    completed: int = 0
    completion_days: list[int] = field(default_factory=list)
    papers_saved: int = 0

    @property
    def average_days(self) -> float | None:
        return round(sum(self.completion_days) / len(self.completion_days), 1) if self.completion_days else None


def bundle_figures(facts: Iterable[BundleCaseFact]) -> tuple[list[BundleFigures], BundleFigures]:
    """The rows by bundle (sorted by name) and their total."""
    intakes: dict[str, list[BundleCaseFact]] = {}
    for fact in facts:
        intakes.setdefault(fact.bundle_id, []).append(fact)
    rows: dict[str, BundleFigures] = {}
    total = BundleFigures("", "合计")
    for cases in intakes.values():
        first = cases[0]
        row = rows.setdefault(
            first.bundle_code, BundleFigures(first.bundle_code, first.bundle_name or first.bundle_code)
        )
        papers = [name for case in cases for name in case.papers]
        done = all(CaseStatus(case.status) in DONE for case in cases)
        last = max((case.completed_on for case in cases if case.completed_on), default=None)
        for fig in (row, total):
            fig.intakes += 1
            fig.cases += len(cases)
            fig.papers_saved += len(papers) - len({paper_key(name) for name in papers})
            if done and last is not None:
                fig.completed += 1
                fig.completion_days.append((last - min(case.received_on for case in cases)).days)
    return sorted(rows.values(), key=lambda fig: fig.label), total
