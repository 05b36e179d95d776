"""Working-day arithmetic for promised and statutory time limits (承诺时限 / 法定时限).

Time limits count working days from the day after receipt, and the State Council's holiday schedule
both removes weekdays (holidays) and adds weekend days (调休 adjusted workdays). The schedule is
published each November for the next year, so the calendar is data: a bundled JSON file, replaceable by
a server update or a local import, with each year's source (the 国务院办公厅 notice) recorded. Years the
calendar does not cover count Monday-Friday, and a deadline that needed such a day is *provisional*
(:meth:`WorkCalendar.deadline`): it is flagged, shown as 暂定 and recomputed when the year arrives.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any, NamedTuple

from hallclient.errors import HallError
from hallclient.paths import resource_path

CALENDAR_FILE = ("calendar", "cn_workdays.json")
_ONE_DAY = timedelta(days=1)
WARN_FROM_MONTH = 11  # the next year's schedule is normally published in November


class Deadline(NamedTuple):
    """A computed date, and whether a day it was counted over lies in a year the calendar does not cover."""

    day: date
    provisional: bool


def _parse_day(value: object, year: int, field: str) -> date:
    if not isinstance(value, str):
        raise HallError(f"{year} 年 {field} 中的日期应为 YYYY-MM-DD 字符串，实际为 {value!r}")
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise HallError(f"{year} 年 {field} 中的日期“{value}”无法识别") from None
    if day.year != year:
        raise HallError(f"{year} 年 {field} 中出现了其他年份的日期 {value}")
    return day


@dataclass(frozen=True)
class WorkCalendar:
    """Holidays and adjusted weekend workdays for the years in ``years``."""

    holidays: frozenset[date] = frozenset()
    adjusted_workdays: frozenset[date] = frozenset()
    years: frozenset[int] = frozenset()
    version: str = ""
    sources: tuple[tuple[int, str], ...] = ()  # (year, the notice the year's schedule comes from), by year

    def source(self, year: int) -> str:
        return dict(self.sources).get(year, "")

    def covers(self, start: date, end: date) -> bool:
        """Whether every day in (start, end] lies in a covered year (an empty span is covered)."""
        if end <= start:
            return True
        return all(year in self.years for year in range((start + _ONE_DAY).year, end.year + 1))

    def deadline(self, start: date, n: int) -> Deadline:
        """:meth:`add_workdays`, flagged provisional when the count crossed a year this calendar lacks."""
        day = self.add_workdays(start, n)
        return Deadline(day, not self.covers(start, day))

    def missing_years(self, today: date) -> tuple[int, ...]:
        """This year if not covered, and from 1 November next year if not covered: what staff must be told."""
        wanted = (today.year, today.year + 1) if today.month >= WARN_FROM_MONTH else (today.year,)
        return tuple(year for year in wanted if year not in self.years)

    def coverage_warning(self, today: date) -> str:
        """A one-line warning naming :meth:`missing_years`; "" when there are none."""
        missing = self.missing_years(today)
        if not missing:
            return ""
        years = "、".join(str(year) for year in missing)
        return f"工作日历未包含 {years} 年的节假日安排：涉及这些日期的期限按周一至周五暂定计算，收到新日历后自动重算"

    def is_workday(self, day: date) -> bool:
        """A weekday that is not a holiday, or a weekend day made a workday by the schedule."""
        if day.year in self.years:
            if day in self.adjusted_workdays:
                return True
            if day in self.holidays:
                return False
        return day.weekday() < 5

    def add_workdays(self, start: date, n: int) -> date:
        """The n-th workday after ``start`` (counting from the next day); ``n == 0`` gives ``start``."""
        if n < 0:
            raise HallError(f"工作日数不能为负数：{n}")
        day = start
        remaining = n
        while remaining:
            day += _ONE_DAY
            if self.is_workday(day):
                remaining -= 1
        return day

    def workdays_between(self, start: date, end: date) -> int:
        """Workdays in (start, end]; negative (the same count) when ``end`` is before ``start``."""
        if end < start:
            return -self.workdays_between(end, start)
        count = 0
        day = start + _ONE_DAY
        while day <= end:
            if self.is_workday(day):
                count += 1
            day += _ONE_DAY
        return count

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> WorkCalendar:
        """Build from ``{"version": str, "years": {"2025": {"source": str, "holidays": [..], ...}}}``.

        Each year has ``holidays`` and ``adjusted_workdays`` (date lists) and a required ``source`` naming
        the official notice the year comes from (e.g. 国办发明电〔2024〕12号).

        Every problem raises :class:`HallError` naming the year and the faulty entry.
        """
        if not isinstance(data, Mapping):
            raise HallError("工作日历应为 JSON 对象")
        version = data.get("version", "")
        if not isinstance(version, str):
            raise HallError("工作日历的 version 应为字符串")
        years_data = data.get("years")
        if not isinstance(years_data, Mapping):
            raise HallError("工作日历缺少 years 对象")
        holidays: set[date] = set()
        adjusted: set[date] = set()
        years: set[int] = set()
        sources: dict[int, str] = {}
        for key, entry in years_data.items():
            if not (isinstance(key, str) and key.isdigit() and len(key) == 4):
                raise HallError(f"工作日历的年份键“{key}”应为四位数字")
            year = int(key)
            if not isinstance(entry, Mapping):
                raise HallError(f"{year} 年的工作日历应为对象")
            source = entry.get("source")
            if not isinstance(source, str) or not source.strip():
                raise HallError(f"{year} 年的工作日历缺少 source（所依据的国务院办公厅通知及文号）")
            sources[year] = source.strip()
            year_holidays = cls._days(entry, year, "holidays")
            year_adjusted = cls._days(entry, year, "adjusted_workdays")
            both = year_holidays & year_adjusted
            if both:
                first = min(both).isoformat()
                raise HallError(f"{year} 年的 {first} 同时被列为假日和调休上班日")
            weekday_adjusted = [day for day in year_adjusted if day.weekday() < 5]
            if weekday_adjusted:
                first = min(weekday_adjusted).isoformat()
                raise HallError(f"{year} 年的调休上班日 {first} 不是周末")
            holidays |= year_holidays
            adjusted |= year_adjusted
            years.add(year)
        return cls(frozenset(holidays), frozenset(adjusted), frozenset(years), version, tuple(sorted(sources.items())))

    @staticmethod
    def _days(entry: Mapping[str, Any], year: int, field: str) -> set[date]:
        values = entry.get(field, [])
        if not isinstance(values, list):
            raise HallError(f"{year} 年的 {field} 应为日期列表")
        return {_parse_day(value, year, field) for value in values}

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape read by :meth:`from_dict`, days sorted so equal calendars serialise equally."""
        years: dict[str, Any] = {}
        for year in sorted(self.years):
            years[str(year)] = {
                "source": self.source(year),
                "holidays": sorted(day.isoformat() for day in self.holidays if day.year == year),
                "adjusted_workdays": sorted(day.isoformat() for day in self.adjusted_workdays if day.year == year),
            }
        return {"version": self.version, "years": years}

    def merged(self, other: WorkCalendar) -> WorkCalendar:
        """Apply an update: every year ``other`` covers replaces this calendar's entry for that year."""
        replaced = other.years

        def keep(days: frozenset[date]) -> frozenset[date]:
            return frozenset(day for day in days if day.year not in replaced)

        return WorkCalendar(
            holidays=keep(self.holidays) | other.holidays,
            adjusted_workdays=keep(self.adjusted_workdays) | other.adjusted_workdays,
            years=self.years | other.years,
            version=other.version or self.version,
            sources=tuple(sorted({**dict(self.sources), **dict(other.sources)}.items())),
        )

    def only(self, years: frozenset[int]) -> WorkCalendar:
        """The part of this calendar for ``years`` (without a version, so merging it keeps the other's)."""
        return WorkCalendar(
            holidays=frozenset(day for day in self.holidays if day.year in years),
            adjusted_workdays=frozenset(day for day in self.adjusted_workdays if day.year in years),
            years=self.years & years,
            sources=tuple((year, source) for year, source in self.sources if year in years),
        )

    @classmethod
    def load_default(cls) -> WorkCalendar:
        """The bundled official schedule (``resources/calendar/cn_workdays.json``)."""
        return load_file(resource_path(*CALENDAR_FILE))


def load_file(path: Path) -> WorkCalendar:
    """A calendar JSON file (the bundled one, or an update imported by hand); one-line errors naming the file."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise HallError(f"工作日历文件不存在：{path}") from None
    except (OSError, UnicodeDecodeError) as error:
        raise HallError(f"工作日历文件无法读取：{path}（{error}）") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise HallError(f"工作日历文件已损坏：{path}（第 {error.lineno} 行 JSON 格式错误）") from None
    try:
        return WorkCalendar.from_dict(data)
    except HallError as error:
        raise HallError(f"工作日历文件已损坏：{path}（{error}）") from None
