"""In-memory matter search for the intake screen: one box, every keystroke, thousands of matters.

Qt-free so the benchmark and tests can drive it directly. Prefix matches on code, pinyin
initials and name come from sorted keys by bisection; only when they do not fill the result list is the
rest found by one substring test per matter on a lower-case haystack (name, code, initials, department),
and typing on (the new query extends the last one) only re-checks the previous hits. Ranking puts better
matches first (exact, code or initials prefix, name prefix, anywhere, department only), then the clerk's
own frequent and recent matters, then shorter names.
"""

from __future__ import annotations

import bisect
import heapq
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from hallclient.domain.catalog import Matter

_SEP = "\x1f"


def normalise_query(text: str) -> str:
    """Full-width letters typed through a Chinese IME become ASCII; case and outer spaces are ignored."""
    return unicodedata.normalize("NFKC", text).strip().lower()


@dataclass(frozen=True)
class _Entry:
    matter: Matter
    name: str
    code: str
    initials: str
    department: str
    haystack: str


class MatterIndex:
    """Search over a catalog snapshot; ``set_usage`` feeds the clerk's own history into the ranking."""

    def __init__(self, matters: Iterable[Matter], department_names: Mapping[str, str] | None = None) -> None:
        names = department_names or {}
        self._entries: list[_Entry] = []
        for matter in matters:
            department = normalise_query(names.get(matter.department_code, matter.department_code))
            name = normalise_query(matter.name)
            code = matter.code.lower()
            initials = matter.pinyin_initials.lower()
            self._entries.append(
                _Entry(matter, name, code, initials, department, _SEP.join((name, code, initials, department)))
            )
        self._by_code = {entry.code: entry for entry in self._entries}
        self._usage: dict[str, float] = {}
        self._order: list[int] = []
        self._by_order: list[int] = []
        self._reorder()
        self._sorted_keys: list[tuple[list[str], list[int], int]] = []
        for attribute, tier in (("code", 1), ("initials", 1), ("name", 2)):
            pairs = sorted((getattr(entry, attribute), position) for position, entry in enumerate(self._entries))
            self._sorted_keys.append(([value for value, _ in pairs], [position for _, position in pairs], tier))
        self._scan_query = ""
        self._scan_hits: list[int] = []

    def __len__(self) -> int:
        return len(self._entries)

    def matter(self, code: str) -> Matter | None:
        entry = self._by_code.get(code.lower())
        return entry.matter if entry else None

    def set_usage(self, usage: Mapping[str, float]) -> None:
        """Usage score per matter code (higher first): the clerk's frequent and recent matters."""
        self._usage = {code.lower(): score for code, score in usage.items()}
        self._reorder()

    def bump(self, code: str, amount: float = 1.0) -> None:
        key = code.lower()
        self._usage[key] = self._usage.get(key, 0.0) + amount
        self._reorder()

    def _reorder(self) -> None:
        """Rank of every entry within a tier (more used first, then shorter names), done once per usage
        change so a keystroke compares plain integers."""
        usage = self._usage
        ranked = sorted(
            range(len(self._entries)),
            key=lambda position: (
                -usage.get(self._entries[position].code, 0.0),
                len(self._entries[position].name),
                self._entries[position].name,
            ),
        )
        self._by_order = ranked
        self._order = [0] * len(ranked)
        for rank, position in enumerate(ranked):
            self._order[position] = rank

    def favourites(self, limit: int = 30) -> list[Matter]:
        """What an empty box shows: the clerk's most used matters, else the catalog head."""
        used = [
            self._entries[position]
            for position in self._by_order[:limit]
            if self._usage.get(self._entries[position].code)
        ]
        if not used:
            return [entry.matter for entry in self._entries[:limit]]
        return [entry.matter for entry in used]

    def search(self, query: str, limit: int = 50) -> list[Matter]:
        text = normalise_query(query)
        if not text:
            return self.favourites(limit)
        entries, order = self._entries, self._order
        tiers = self._prefix_tiers(text)
        # One integer per candidate: tier first, then the precomputed usage/length order.
        size = len(entries)
        best = heapq.nsmallest(limit, (tier * size + order[position] for position, tier in tiers.items()))
        if len(best) < limit:
            rest = []
            for position in self._substring_hits(text):
                if position in tiers:
                    continue
                entry = entries[position]
                tier = 3 if text in entry.name or text in entry.initials or text in entry.code else 4
                rest.append(tier * size + order[position])
            best += heapq.nsmallest(limit - len(best), rest)
        by_order = self._by_order
        return [entries[by_order[value % size]].matter for value in best]

    def _prefix_tiers(self, text: str) -> dict[int, int]:
        """Entries whose code or initials (tier 1) or name (tier 2) start with ``text``; exact is tier 0."""
        tiers: dict[int, int] = {}
        upper = text + "\uffff"
        for keys, positions, tier in self._sorted_keys:
            low = bisect.bisect_left(keys, text)
            high = bisect.bisect_left(keys, upper, low)
            for index in range(low, high):
                position = positions[index]
                found = 0 if keys[index] == text else tier
                if found < tiers.get(position, 9):
                    tiers[position] = found
        return tiers

    def _substring_hits(self, text: str) -> list[int]:
        """Positions whose haystack contains ``text``; typing on only re-checks the previous hits."""
        narrowing = bool(self._scan_query) and text.startswith(self._scan_query)
        pool = self._scan_hits if narrowing else range(len(self._entries))
        entries = self._entries
        hits = [position for position in pool if text in entries[position].haystack]
        self._scan_query, self._scan_hits = text, hits
        return hits
